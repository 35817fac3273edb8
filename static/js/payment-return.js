// The thank-you page follows the order's real status: the order-status socket sends it on every
// (re)connect and on each change; while the socket is down (message bus unavailable) the status
// JSON is polled instead. Heading and note come from the words the server rendered the page with.
import { websocketUrl } from "./websocket-url.js";

const root = document.querySelector("[data-payment-return]");

if (root) {
  const words = JSON.parse(document.getElementById("thank-you-words").textContent);
  const heading = root.querySelector("[data-thank-you-heading]");
  const note = root.querySelector("[data-payment-note]");
  const label = root.querySelector("[data-order-status-label]");
  const unavailable = root.querySelector("[data-live-unavailable]");
  let pollTimer = null;

  const show = (status, statusLabel) => {
    if (status === root.dataset.status && label.textContent === statusLabel) return;
    root.dataset.status = status;
    label.textContent = statusLabel;
    if (status !== "pending_payment") root.querySelectorAll("[data-while-awaiting]").forEach((el) => { el.hidden = true; });
    const text = words[status];
    if (text) {
      heading.textContent = text.heading;
      note.textContent = text.note;
    }
  };

  const poll = async () => {
    try {
      const response = await fetch(root.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const data = await response.json();
        show(data.status, data.status_label);
      }
    } catch {
      // A dropped request is retried on the next tick.
    }
    pollTimer = window.setTimeout(poll, 3000);
  };

  const connect = (delay = 1000) => {
    const socket = new WebSocket(websocketUrl(`/ws/orders/${root.dataset.reference}/`));
    socket.addEventListener("open", () => {
      delay = 1000;
      unavailable.hidden = true;
      window.clearTimeout(pollTimer);
      pollTimer = null;
    });
    socket.addEventListener("message", (event) => {
      const data = JSON.parse(event.data);
      show(data.status, data.status_label);
    });
    socket.addEventListener("close", () => {
      unavailable.hidden = false;
      if (pollTimer === null) poll();
      window.setTimeout(() => connect(Math.min(delay * 2, 30000)), delay);
    });
  };

  connect();
}
