// New-chat alerts for agents: a short sound and a browser notification, unless the agent muted
// them (kept in localStorage, so the choice holds on every admin page and after a reload).
const MUTE_KEY = "livechat.muted";

export function isMuted() {
  try {
    return localStorage.getItem(MUTE_KEY) === "1";
  } catch {
    return false;
  }
}

export function setMuted(muted) {
  try {
    if (muted) localStorage.setItem(MUTE_KEY, "1");
    else localStorage.removeItem(MUTE_KEY);
  } catch {
    // Storage refused (private mode): the alert stays as it was for this page.
  }
}

let audio;

function chime() {
  // Two short tones made on the spot: no sound file to load, cache or serve.
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return;
  audio = audio || new Context();
  [880, 1320].forEach((frequency, index) => {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    const start = audio.currentTime + index * 0.18;
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.15, start);
    gain.gain.exponentialRampToValueAtTime(0.001, start + 0.16);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start);
    oscillator.stop(start + 0.17);
  });
}

export function alertAgent({ title, body, tag, url }) {
  if (isMuted()) return false;
  try {
    chime();
  } catch {
    // No audio output: the notification still goes.
  }
  if ("Notification" in window && Notification.permission === "granted") {
    const notification = new Notification(title, { body, tag });
    notification.addEventListener("click", () => {
      window.focus();
      if (url && window.location.pathname !== new URL(url, window.location.href).pathname) window.location.assign(url);
    });
  }
  return true;
}
