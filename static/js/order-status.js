// Live order status: the server sends the current status on every (re)connect, then each change.
import { websocketUrl } from "./websocket-url.js";

const badge = document.querySelector("[data-order-status]");
const timeline = document.querySelector("[data-order-timeline]");
const notice = document.querySelector("[data-order-status-unavailable]");
const tracking = document.querySelector("[data-order-tracking]");

function showTracking(carrier, number) {
  if (!tracking || !number) return;
  tracking.querySelector("[data-order-carrier]").textContent = carrier;
  tracking.querySelector("[data-order-tracking-number]").textContent = number;
  tracking.hidden = false;
}

function connect(delay = 1000) {
  const socket = new WebSocket(websocketUrl(`/ws/orders/${badge.dataset.reference}/`));
  socket.addEventListener("message", (event) => {
    const { status, status_label: label, carrier, tracking_number: trackingNumber } = JSON.parse(event.data);
    showTracking(carrier, trackingNumber);
    if (badge.dataset.status && badge.dataset.status !== status && timeline) {
      const item = document.createElement("li");
      item.innerHTML = `<span class="font-medium"></span> <span class="text-stone-500">just now</span>`;
      item.firstElementChild.textContent = label;
      timeline.append(item);
    }
    badge.dataset.status = status;
    badge.textContent = label;
    notice.hidden = true;
  });
  socket.addEventListener("open", () => { delay = 1000; });
  // Closed (4503 while the server's message bus is down, or dropped): say so and retry with backoff.
  socket.addEventListener("close", () => {
    notice.hidden = false;
    setTimeout(() => connect(Math.min(delay * 2, 30000)), delay);
  });
}

if (badge) connect();
