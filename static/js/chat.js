// Customer chat widget. The server's database is the truth: on every (re)connect the widget asks
// for the messages after the last one it has shown, so nothing sent while away is lost.
import { csrfToken } from "./csrf.js";
import { websocketUrl } from "./websocket-url.js";

const widget = document.querySelector("[data-chat-widget]");
const panel = widget.querySelector("[data-chat-panel]");
const messages = widget.querySelector("[data-chat-messages]");
const form = widget.querySelector("[data-chat-form]");
const offline = widget.querySelector("[data-chat-offline]");
const typing = widget.querySelector("[data-chat-typing]");
const error = widget.querySelector("[data-chat-error]");
const UNAVAILABLE = "Chat is unavailable, retrying…";
let socket;
let lastSeen = 0;
let typingTimer;
let lastTypingSent = 0;

const outbox = [];

function send(payload) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
  else if (payload.type === "message") outbox.push(payload); // sent once the socket opens
}

function show(message) {
  if (messages.querySelector(`[data-id="${message.id}"]`)) return;
  const item = document.createElement("li");
  item.dataset.id = message.id;
  item.dataset.role = message.role;
  const look = {
    customer: "ml-8 rounded-lg bg-emerald-50 px-3 py-2",
    agent: "mr-8 rounded-lg bg-stone-100 px-3 py-2",
    system: "px-2 text-center text-xs italic text-stone-500", // handed over, closed
  };
  item.className = look[message.role] || look.agent;
  item.textContent = message.body;
  if (message.role === "customer") {
    const state = document.createElement("span");
    state.className = "block text-right text-[10px] text-stone-400";
    state.dataset.readState = "";
    state.textContent = message.read ? "Read" : "Sent";
    item.append(state);
  }
  messages.append(item);
  messages.scrollTop = messages.scrollHeight;
  lastSeen = Math.max(lastSeen, message.id);
  if (message.role === "agent" && !panel.classList.contains("hidden")) send({ type: "read", up_to: message.id });
}

function hideTyping() {
  clearTimeout(typingTimer);
  typing.classList.add("hidden");
}

function markRead(upTo) {
  messages.querySelectorAll('[data-role="customer"]').forEach((item) => {
    if (Number(item.dataset.id) <= upTo) item.querySelector("[data-read-state]").textContent = "Read";
  });
}

function handle(event) {
  const data = JSON.parse(event.data);
  if (data.type === "hello") {
    if (error.textContent === UNAVAILABLE) error.textContent = "";
    offline.classList.toggle("hidden", data.agents_online);
    if (data.conversation) send({ type: "sync", after: lastSeen });
  } else if (data.type === "history") data.messages.forEach(show);
  else if (data.type === "message") {
    // The reply (or a closing notice) has arrived: the agent is no longer typing.
    if (data.message.role !== "customer") hideTyping();
    show(data.message);
  } else if (data.type === "agents_online") offline.classList.toggle("hidden", data.online);
  else if (data.type === "status" && data.status === "closed") hideTyping(); else if (data.type === "typing") {
    typing.classList.remove("hidden");
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => typing.classList.add("hidden"), 3000);
  } else if (data.type === "read" && data.reader === "agent") markRead(data.up_to);
  else if (data.type === "error") error.textContent = data.message;
}

function retry(delay) {
  error.textContent = UNAVAILABLE;
  setTimeout(() => connect(Math.min(delay * 2, 30000)), delay);
}

// The server closes with 4503 when its message bus (Redis) is down; a dropped connection or a
// refused handshake ends the same way: say so, and try again with growing delays.
async function connect(delay = 1000) {
  let response;
  try {
    const token = await csrfToken(form.dataset.csrfUrl);
    response = await fetch(widget.dataset.sessionUrl, { method: "POST", headers: { "X-CSRFToken": token }, credentials: "same-origin" });
  } catch {
    retry(delay);
    return;
  }
  if (response.status >= 500) {
    retry(delay);
    return;
  }
  if (!response.ok) return;
  socket = new WebSocket(websocketUrl("/ws/chat/"));
  socket.addEventListener("message", handle);
  socket.addEventListener("open", () => {
    delay = 1000;
    while (outbox.length) socket.send(JSON.stringify(outbox.shift()));
  });
  socket.addEventListener("close", () => retry(delay));
}

function openPanel() {
  panel.classList.remove("hidden");
  panel.classList.add("flex");
  sessionStorage.setItem("chatOpen", "1");
  if (!socket) connect();
}

widget.querySelector("[data-chat-open]").addEventListener("click", openPanel);
widget.querySelector("[data-chat-close]").addEventListener("click", () => {
  panel.classList.add("hidden");
  panel.classList.remove("flex");
  sessionStorage.removeItem("chatOpen");
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  error.textContent = "";
  send({ type: "message", body: form.elements.body.value });
  form.elements.body.value = "";
});
form.elements.body.addEventListener("input", () => {
  if (Date.now() - lastTypingSent > 2000) {
    lastTypingSent = Date.now();
    send({ type: "typing" });
  }
});
if (sessionStorage.getItem("chatOpen")) openPanel();
