// Checkout summary: show the shipping and total of the chosen method as it changes.
// Each radio carries its own figures, formatted by the server, so nothing is computed here and the
// page is right without this script (every method lists its total) and after a reload.
const form = document.querySelector('[data-testid="checkout-form"]');
const shipping = form?.querySelector("[data-checkout-shipping]");
const total = form?.querySelector("[data-checkout-total]");
const methodName = form?.querySelector("[data-checkout-method]");

function show(radio) {
  if (!radio) return;
  shipping.textContent = radio.dataset.shipping;
  total.textContent = radio.dataset.total;
  if (methodName) {
    methodName.textContent = `(${radio.dataset.name})`;
  }
}

if (form && shipping && total) {
  form.addEventListener("change", (event) => {
    if (event.target.name === "shipping_method") show(event.target);
  });
  // A reload may restore another choice than the one the server rendered.
  show(form.querySelector('input[name="shipping_method"]:checked'));
}
