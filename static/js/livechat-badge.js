// The "Live chat" menu item's badge on every admin page of an agent: conversations waiting, plus
// the agent's own with unread messages; kept live over /ws/chat/agent/badge/, which also says
// when a new conversation starts or one is handed to this agent (a sound and a notification).
import { alertAgent } from "./livechat-alerts.js";
import { websocketUrl } from "./websocket-url.js";

const MENU = "[data-livechat-menu]";
let count = 0;
let panelUrl = "/admin/livechat/";

function renderBadge() {
  // Wagtail draws its sidebar itself (and may redraw it): put the badge back whenever it is gone.
  const item = document.querySelector(MENU);
  if (!item) return;
  panelUrl = item.getAttribute("href") || panelUrl;
  let badge = item.querySelector("[data-livechat-badge]");
  if (!count) {
    badge?.remove();
    return;
  }
  if (!badge) {
    badge = document.createElement("span");
    // Wagtail's own sidebar count badge (the one on "Help"), at the item's icon.
    badge.className = "w-dismissible-badge w-dismissible-badge--count";
    badge.dataset.livechatBadge = "";
    item.append(badge);
  }
  // Only real changes: this runs from a MutationObserver, and its own writes must not loop.
  const text = count > 99 ? "99+" : String(count);
  if (badge.textContent !== text) badge.textContent = text;
  const label = `${count} conversation${count === 1 ? "" : "s"} need an answer`;
  if (badge.getAttribute("aria-label") !== label) badge.setAttribute("aria-label", label);
}

function handle(event) {
  const data = JSON.parse(event.data);
  if (data.type === "badge") {
    count = data.count;
    renderBadge();
  } else if (data.type === "alert" && data.kind === "new") {
    alertAgent({ title: "New chat", body: "A customer started a conversation.", tag: `livechat-${data.conversation}`, url: panelUrl });
  } else if (data.type === "alert" && data.kind === "handover") {
    alertAgent({
      title: "Conversation handed to you",
      body: `${data.from} handed you the conversation with ${data.customer}.`,
      tag: `livechat-handover-${data.conversation}`,
      url: panelUrl,
    });
  }
}

function connect(delay = 1000) {
  const socket = new WebSocket(websocketUrl("/ws/chat/agent/badge/"));
  socket.addEventListener("message", handle);
  socket.addEventListener("open", () => { delay = 1000; });
  socket.addEventListener("close", (event) => {
    if (event.code === 1000 || event.code === 4403) return; // not an agent (any more)
    setTimeout(() => connect(Math.min(delay * 2, 30000)), delay);
  });
}

function start() {
  if (!document.querySelector(MENU)) {
    // The sidebar is drawn after the page; an admin page without the item is not an agent's.
    if (document.querySelector("[data-wagtail-sidebar], #wagtail-sidebar") && (start.tries = (start.tries || 0) + 1) < 20) {
      setTimeout(start, 250);
    }
    return;
  }
  new MutationObserver(renderBadge).observe(document.body, { childList: true, subtree: true });
  connect();
}

start();
