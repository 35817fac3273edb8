// Cart figure in the header (fetched, never cached) and in-place cart updates.
// Without JavaScript every form still posts and the page reloads.

const countBadge = () => document.querySelector("[data-cart-count]");

function showCount(cart) {
  const badge = countBadge();
  if (badge) badge.textContent = cart.count > 0 ? String(cart.count) : "";
}

async function refreshCount() {
  const url = document.querySelector("[data-summary-url]")?.dataset.summaryUrl;
  if (!url) return;
  const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  if (response.ok) showCount(await response.json());
}

async function submitInPlace(event) {
  const form = event.target.closest("form[data-cart-form]");
  if (!form) return;
  event.preventDefault();
  const status = document.querySelector("[data-cart-status]");
  const error = document.querySelector("[data-cart-error]");
  const response = await fetch(form.action, {
    method: "POST",
    body: new FormData(form),
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  });
  const result = await response.json();
  if (status) status.textContent = result.message;
  if (!result.ok) {
    if (error) error.textContent = result.message;
    return;
  }
  // Totals and stock notes come from the server: reload just the cart region.
  const page = await fetch(window.location.href, { credentials: "same-origin" });
  const fresh = new DOMParser().parseFromString(await page.text(), "text/html");
  const current = document.querySelector("main");
  const replacement = fresh.querySelector("main");
  if (current && replacement) current.replaceWith(replacement);
  showCount(result.cart);
}

if (!window.cartModuleLoaded) {
  window.cartModuleLoaded = true;
  document.addEventListener("submit", submitInPlace);
  refreshCount();
}
