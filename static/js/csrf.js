// CSRF tokens for pages served from the shared page cache, which carry none (core/pagecache.py):
// the token is fetched from a private, no-store endpoint (which also sets this visitor's CSRF
// cookie), once per page, only when a form is about to be sent.
// Forms marked `data-csrf-form data-csrf-url="/csrf/"` get a hidden csrfmiddlewaretoken field just
// before they are submitted; scripts call csrfToken(url) for their own requests.

let pending = null;
let fetched = null;

// A token this page already has: rendered into it (pages that are not cached), or fetched before.
function knownToken() {
  return document.querySelector("input[name=csrfmiddlewaretoken]")?.value ?? fetched;
}

export function csrfToken(url) {
  const known = knownToken();
  if (known) return Promise.resolve(known);
  pending ??= fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
    .then((response) => {
      if (!response.ok) throw new Error(`CSRF token: ${response.status}`);
      return response.json();
    })
    .then((data) => (fetched = data.token))
    .catch((error) => {
      pending = null;
      throw error;
    });
  return pending;
}

function addField(form, token) {
  const field = document.createElement("input");
  field.type = "hidden";
  field.name = "csrfmiddlewaretoken";
  field.value = token;
  form.append(field);
}

async function addTokenThenSubmit(event) {
  const form = event.target.closest("form[data-csrf-form]");
  if (!form || form.querySelector("[name=csrfmiddlewaretoken]")) return;
  const known = knownToken();
  if (known) {
    // Added before anyone else reads the form, and this very submission goes on.
    addField(form, known);
    return;
  }
  // Nobody else sees this token-less submission; they see the one sent once the token is in.
  event.preventDefault();
  event.stopImmediatePropagation();
  const submitter = event.submitter ?? undefined;
  addField(form, await csrfToken(form.dataset.csrfUrl));
  // A new task: while this submit event is still being dispatched the browser ignores requestSubmit.
  setTimeout(() => form.requestSubmit(submitter));
}

if (!window.csrfModuleLoaded) {
  window.csrfModuleLoaded = true;
  // Capture phase: the field is in place before any other submit handler (cart.js) reads the form.
  document.addEventListener("submit", addTokenThenSubmit, true);
}
