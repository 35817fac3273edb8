// After PayPal sends the buyer back, its payment notification may still be on its way:
// poll the order's status until it leaves "awaiting payment", then say what happened.
const status = document.querySelector("[data-payment-return]");

if (status) {
  const url = status.dataset.statusUrl;
  const note = document.querySelector("[data-payment-note]");
  let attempts = 0;

  const check = async () => {
    attempts += 1;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const data = await response.json();
        status.textContent = data.status_label;
        if (data.status !== "pending_payment") {
          if (note) note.textContent = data.status === "paid" ? "Your payment is confirmed." : "";
          return;
        }
      }
    } catch {
      // A dropped request is retried on the next tick.
    }
    if (attempts < 60) window.setTimeout(check, 2000);
    else if (note) note.textContent = "Still waiting for PayPal: the order page will show the payment when it arrives.";
  };

  check();
}
