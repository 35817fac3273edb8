// Agent panel: live list of conversations, one open thread, replies, claim and close.
const root = document.querySelector("[data-agent-chat]");
const list = root.querySelector("[data-conversation-list]");
const thread = root.querySelector("[data-messages]");
const customer = root.querySelector("[data-customer]");
const typing = root.querySelector("[data-typing]");
const error = root.querySelector("[data-error]");
const reply = root.querySelector("[data-reply]");
let socket;
let current = null;
let lastSeen = 0;
let typingTimer;

function send(payload) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
}

function showMessage(message) {
  if (message.conversation !== current || thread.querySelector(`[data-id="${message.id}"]`)) return;
  const item = document.createElement("li");
  item.dataset.id = message.id;
  item.dataset.role = message.role;
  item.textContent = `${message.sender}: ${message.body}`;
  thread.append(item);
  thread.scrollTop = thread.scrollHeight;
  lastSeen = Math.max(lastSeen, message.id);
  if (message.role === "customer") {
    typing.hidden = true;  // the customer's message has arrived: they are no longer typing it
    send({ type: "read", conversation: current, up_to: message.id });
  }
}

function open(conversationId) {
  current = conversationId;
  lastSeen = 0;
  thread.replaceChildren();
  reply.hidden = false;
  send({ type: "open", conversation: conversationId });
}

function renderList(conversations) {
  list.replaceChildren();
  if (!conversations.length) {
    list.innerHTML = "<li>No open conversations.</li>";
    return;
  }
  for (const conversation of conversations) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button-small button-secondary";
    button.dataset.conversation = conversation.id;
    const waiting = conversation.status === "open" ? " · waiting" : ` · ${conversation.assigned_to}`;
    button.textContent = `${conversation.customer}${waiting}${conversation.unread ? ` (${conversation.unread} unread)` : ""}`;
    button.addEventListener("click", () => open(conversation.id));
    item.append(button);
    list.append(item);
  }
}

function handle(event) {
  const data = JSON.parse(event.data);
  if (data.type === "conversations") renderList(data.conversations);
  else if (data.type === "history") data.messages.forEach(showMessage);
  else if (data.type === "message") showMessage(data.message);
  else if (data.type === "customer" && data.conversation === current) {
    // Built from text nodes and links, never innerHTML: names and references come from users.
    customer.replaceChildren(`${data.name}${data.email ? ` <${data.email}>` : ""}`);
    if (data.orders.length) customer.append(" · Recent orders: ");
    data.orders.forEach((o, index) => {
      const link = document.createElement("a");
      link.href = o.url;
      link.textContent = o.reference;
      customer.append(...(index ? [", "] : []), link, ` (${o.status}, ${o.currency} ${o.total})`);
    });
  } else if (data.type === "typing" && data.conversation === current) {
    typing.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { typing.hidden = true; }, 3000);
  } else if (data.type === "status" && data.conversation === current && data.status === "closed") {
    reply.hidden = true;
  } else if (data.type === "error") error.textContent = data.message;
}

function connect(delay = 1000) {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${window.location.host}/ws/chat/agent/`);
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
  error.textContent = "";
  send({ type: "message", conversation: current, body });
  reply.elements.body.value = "";
});
reply.elements.body.addEventListener("input", () => send({ type: "typing", conversation: current }));
root.querySelector("[data-claim]").addEventListener("click", () => send({ type: "claim", conversation: current }));
root.querySelector("[data-close]").addEventListener("click", () => send({ type: "close", conversation: current }));
document.querySelectorAll("[data-open-conversation]").forEach((button) => {
  button.addEventListener("click", () => open(Number(button.dataset.openConversation)));
});
setInterval(() => send({ type: "heartbeat" }), 25000);
connect();
