// CSRF tokens for pages served from the shared page cache, which carry none (core/pagecache.py):
// the token is fetched from a private, no-store endpoint (which also sets this visitor's CSRF
// cookie), once per page, only when a form is about to be sent.
// Forms marked `data-csrf-form data-csrf-url="/csrf/"` get a hidden csrfmiddlewaretoken field just
// before they are submitted; scripts call csrfToken(url) for their own requests.

let pending = null;

export function csrfToken(url) {
  const rendered = document.querySelector("input[name=csrfmiddlewaretoken]")?.value;
  if (rendered) return Promise.resolve(rendered);
  pending ??= fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
    .then((response) => {
      if (!response.ok) throw new Error(`CSRF token: ${response.status}`);
      return response.json();
    })
    .then((data) => data.token)
    .catch((error) => {
      pending = null;
      throw error;
    });
  return pending;
}

async function addTokenThenSubmit(event) {
  const form = event.target.closest("form[data-csrf-form]");
  if (!form || form.querySelector("[name=csrfmiddlewaretoken]")) return;
  // Nobody else sees this token-less submission; they see the one sent once the token is in.
  event.preventDefault();
  event.stopImmediatePropagation();
  const field = document.createElement("input");
  field.type = "hidden";
  field.name = "csrfmiddlewaretoken";
  field.value = await csrfToken(form.dataset.csrfUrl);
  form.append(field);
  form.requestSubmit(event.submitter ?? undefined);
}

if (!window.csrfModuleLoaded) {
  window.csrfModuleLoaded = true;
  // Capture phase: the field is in place before any other submit handler (cart.js) reads the form.
  document.addEventListener("submit", addTokenThenSubmit, true);
}
