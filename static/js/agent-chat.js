// Agent panel: live list of conversations, one open thread, replies, claim, hand over and close.
// New-chat alerts (sound, notification) and the menu badge are livechat-badge.js's, on every admin
// page; this panel only offers the switches for them.
import { isMuted, setMuted } from "./livechat-alerts.js";
import { websocketUrl } from "./websocket-url.js";

const root = document.querySelector("[data-agent-chat]");
const list = root.querySelector("[data-conversation-list]");
const closedList = root.querySelector("[data-closed-list]");
const thread = root.querySelector("[data-messages]");
const customer = root.querySelector("[data-customer]");
const typing = root.querySelector("[data-typing]");
const error = root.querySelector("[data-error]");
const reply = root.querySelector("[data-reply]");
const notice = root.querySelector("[data-notice]");
const handoverAgent = root.querySelector("[data-handover-agent]");
const claim = root.querySelector("[data-claim]");
const muteButton = root.querySelector("[data-mute]");
const allowButton = root.querySelector("[data-allow-notifications]");
const searching = new URLSearchParams(window.location.search).has("q");
let socket;
let current = null;
// The open conversations as last listed, by id.
let listed = new Map();
let lastSeen = 0;
let typingTimer;
let lastTypingSent = 0;

function send(payload) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
}

function showError(text) {
  error.textContent = text;
  error.hidden = !text;
}

function hideTyping() {
  clearTimeout(typingTimer);
  typing.hidden = true;
}

// Order references in messages ("ABC12345" style, as the shop prints them) become links to the
// order's admin page when the customer's details list that order.
let orderLinks = new Map();

function withOrderLinks(text) {
  const parts = [];
  let rest = text;
  const references = [...orderLinks.keys()].sort((a, b) => b.length - a.length);
  while (rest && references.length) {
    let first = -1;
    let found = "";
    for (const reference of references) {
      const at = rest.indexOf(reference);
      if (at !== -1 && (first === -1 || at < first)) {
        first = at;
        found = reference;
      }
    }
    if (first === -1) break;
    parts.push(rest.slice(0, first));
    const link = document.createElement("a");
    link.href = orderLinks.get(found);
    link.textContent = found;
    parts.push(link);
    rest = rest.slice(first + found.length);
  }
  parts.push(rest);
  return parts;
}

function renderBody(item) {
  item.querySelector("[data-body]").replaceChildren(...withOrderLinks(item.dataset.text));
}

function showMessage(message) {
  if (message.conversation !== current || thread.querySelector(`[data-id="${message.id}"]`)) return;
  const item = document.createElement("li");
  item.dataset.id = message.id;
  item.dataset.role = message.role;
  item.dataset.text = message.body;
  item.className = "w-mb-2";
  if (message.role === "system") {
    item.className = "help-block help-info";
    const body = document.createElement("p");
    body.dataset.body = "";
    item.append(body);
  } else {
    const sender = document.createElement("strong");
    sender.textContent = `${message.sender}: `;
    const body = document.createElement("span");
    body.dataset.body = "";
    item.append(sender, body);
  }
  thread.append(item);
  renderBody(item);
  thread.scrollTop = thread.scrollHeight;
  lastSeen = Math.max(lastSeen, message.id);
  // A message from one side ends that side's "typing" (our own reply ends nothing here).
  if (message.role === "customer") {
    hideTyping();
    send({ type: "read", conversation: current, up_to: message.id });
  }
}

function open(conversationId) {
  current = conversationId;
  lastSeen = 0;
  orderLinks = new Map();
  thread.replaceChildren();
  hideTyping();
  showError("");
  reply.hidden = false;
  showClaim();
  send({ type: "open", conversation: conversationId });
}

function cell(...children) {
  const td = document.createElement("td");
  td.append(...children);
  return td;
}

// Empties `table`; with no conversations, says so in one row and answers false.
function showEmpty(table, conversations, message) {
  table.replaceChildren();
  if (conversations.length) return true;
  const row = document.createElement("tr");
  row.append(cell(message));
  table.append(row);
  return false;
}

// A row's button that opens the conversation.
function conversationButton(conversation) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button button-small button-secondary";
  button.addEventListener("click", () => open(conversation.id));
  return button;
}

// Claim is offered until the open conversation is the agent's own.
function showClaim() {
  claim.hidden = Boolean(listed.get(current)?.mine);
}

function renderList(conversations) {
  listed = new Map(conversations.map((conversation) => [conversation.id, conversation]));
  showClaim();
  if (!showEmpty(list, conversations, "No open conversations.")) return;
  for (const conversation of conversations) {
    const row = document.createElement("tr");
    const button = conversationButton(conversation);
    button.dataset.conversation = conversation.id;
    const waiting = conversation.status === "open" ? " · waiting" : ` · ${conversation.mine ? "yours" : conversation.assigned_to}`;
    button.textContent = `${conversation.customer}${waiting}`;
    const state = document.createElement("span");
    state.className = "w-status" + (conversation.unread ? " w-status--primary" : "");
    state.textContent = conversation.unread ? `${conversation.unread} unread` : (conversation.status === "open" ? "Waiting" : "Assigned");
    row.append(cell(button), cell(state));
    list.append(row);
  }
}

function renderClosed(conversations) {
  if (searching) return; // a search result stays as the server found it
  if (!showEmpty(closedList, conversations, "No closed conversations.")) return;
  for (const conversation of conversations) {
    const row = document.createElement("tr");
    const button = conversationButton(conversation);
    button.dataset.openConversation = conversation.id;
    button.textContent = `${conversation.customer}${conversation.email ? ` (${conversation.email})` : ""}`;
    row.append(cell(button), cell(new Date(conversation.last_message_at).toLocaleString()));
    closedList.append(row);
  }
}

function renderAgents(agents) {
  const chosen = handoverAgent.value;
  handoverAgent.replaceChildren();
  for (const agent of agents) {
    const option = document.createElement("option");
    option.value = agent.id;
    option.textContent = `${agent.name} (${agent.online ? "online" : "offline"})`;
    handoverAgent.append(option);
  }
  if (chosen) handoverAgent.value = chosen;
  if (!agents.length) {
    handoverAgent.append(Object.assign(document.createElement("option"), { textContent: "No other agents", value: "" }));
  }
  handoverAgent.disabled = !agents.length;
  root.querySelector("[data-handover]").disabled = !agents.length;
}

function showCustomer(data) {
  reply.hidden = data.status === "closed"; // a closed conversation is read, not answered
  // Built from text nodes and links, never innerHTML: names and references come from users.
  customer.replaceChildren(`${data.name}${data.email ? ` <${data.email}>` : ""}`);
  if (data.orders.length) customer.append(" · Recent orders: ");
  orderLinks = new Map(data.orders.map((o) => [o.reference, o.url]));
  data.orders.forEach((o, index) => {
    const link = document.createElement("a");
    link.href = o.url;
    link.textContent = o.reference;
    // The total comes formatted by the server (core/money.py), in the store's locale.
    customer.append(...(index ? [", "] : []), link, ` (${o.status}, ${o.total})`);
  });
  thread.querySelectorAll("[data-id]").forEach(renderBody);
}

function showNotice(text) {
  notice.querySelector("[data-notice-text]").textContent = text;
  notice.hidden = false;
}

function handle(event) {
  const data = JSON.parse(event.data);
  if (data.type === "conversations") {
    renderList(data.conversations);
    renderClosed(data.closed || []);
    renderAgents(data.agents || []);
  } else if (data.type === "history") data.messages.forEach(showMessage);
  else if (data.type === "message") showMessage(data.message);
  else if (data.type === "agents") renderAgents(data.agents);
  else if (data.type === "customer" && data.conversation === current) showCustomer(data);
  else if (data.type === "typing" && data.conversation === current) {
    typing.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { typing.hidden = true; }, 3000);
  } else if (data.type === "status" && data.conversation === current && data.status === "closed") {
    reply.hidden = true;
    hideTyping();
  } else if (data.type === "handed_over") {
    showNotice(`${data.from} handed you the conversation with ${data.customer}.`);
  } else if (data.type === "error") showError(data.message);
}

function connect(delay = 1000) {
  socket = new WebSocket(websocketUrl("/ws/chat/agent/"));
  socket.addEventListener("message", handle);
  socket.addEventListener("open", () => {
    delay = 1000;
    if (current) send({ type: "open", conversation: current, after: lastSeen });
  });
  socket.addEventListener("close", () => setTimeout(() => connect(Math.min(delay * 2, 30000)), delay));
}

reply.addEventListener("submit", (event) => {
  event.preventDefault();
  const body = reply.elements.body.value;
  showError("");
  send({ type: "message", conversation: current, body });
  reply.elements.body.value = "";
  lastTypingSent = 0;
});
reply.elements.body.addEventListener("input", () => {
  if (Date.now() - lastTypingSent > 2000) {
    lastTypingSent = Date.now();
    send({ type: "typing", conversation: current });
  }
});
root.querySelector("[data-canned]").addEventListener("change", (event) => {
  const option = event.target.selectedOptions[0];
  if (!option || !option.value) return;
  const box = reply.elements.body;
  const start = box.selectionStart ?? box.value.length;
  box.setRangeText(option.dataset.body, start, box.selectionEnd ?? start, "end");
  box.focus();
  event.target.value = "";
});
claim.addEventListener("click", () => send({ type: "claim", conversation: current }));
root.querySelector("[data-close]").addEventListener("click", () => send({ type: "close", conversation: current }));
// Who is online changes without the list changing: ask again when the agent goes to choose.
handoverAgent.addEventListener("focus", () => send({ type: "agents" }));
handoverAgent.addEventListener("pointerdown", () => send({ type: "agents" }));
root.querySelector("[data-handover]").addEventListener("click", () => {
  showError("");
  send({ type: "handover", conversation: current, to: Number(handoverAgent.value) });
});
document.querySelectorAll("[data-open-conversation]").forEach((button) => {
  button.addEventListener("click", () => open(Number(button.dataset.openConversation)));
});

function showMute() {
  const muted = isMuted();
  muteButton.setAttribute("aria-pressed", String(muted));
  muteButton.lastChild.textContent = muted ? "Unmute new-chat alerts" : "Mute new-chat alerts";
}
muteButton.addEventListener("click", () => {
  setMuted(!isMuted());
  showMute();
});
showMute();
if ("Notification" in window && Notification.permission === "default") {
  allowButton.hidden = false;
  allowButton.addEventListener("click", async () => {
    await Notification.requestPermission();
    allowButton.hidden = true;
  });
}

setInterval(() => send({ type: "heartbeat" }), 25000);
connect();
