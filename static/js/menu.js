// Phone header: the menu button shows and hides the navigation, search and account links.
const toggle = document.querySelector("[data-menu-toggle]");
const menu = document.getElementById(toggle?.getAttribute("aria-controls") ?? "");

if (toggle && menu) {
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("hidden", !open);
    menu.classList.toggle("flex", open);
    if (open) menu.querySelector("a, input")?.focus();
  });
}
