// Product gallery: thumbnails switch the main image, and the main image opens a larger view in a
// <dialog> (the browser handles Escape and keeps focus inside). Without this module every image
// is a link to its larger rendition.
const gallery = document.querySelector("[data-gallery]");

if (gallery) {
  const mainLink = gallery.querySelector("[data-gallery-main-link]");
  const main = gallery.querySelector("[data-gallery-main]");
  const thumbs = [...gallery.querySelectorAll("[data-gallery-thumb]")];
  const dialog = gallery.querySelector("[data-gallery-dialog]");
  const large = gallery.querySelector("[data-gallery-large]");
  let current = 0;

  const select = (index) => {
    current = (index + thumbs.length) % thumbs.length;
    const thumb = thumbs[current];
    main.src = thumb.dataset.small;
    main.srcset = `${thumb.dataset.small} 600w, ${thumb.dataset.large} 1200w`;
    main.alt = thumb.dataset.alt;
    mainLink.href = thumb.dataset.large;
    thumbs.forEach((other) => {
      other.setAttribute("aria-current", other === thumb ? "true" : "false");
      other.classList.toggle("border-emerald-700", other === thumb);
      other.classList.toggle("border-transparent", other !== thumb);
    });
    if (dialog.open) {
      large.src = thumb.dataset.large;
      large.alt = thumb.dataset.alt;
    }
  };

  thumbs.forEach((thumb, index) => {
    thumb.addEventListener("click", (event) => {
      event.preventDefault();
      select(index);
    });
  });

  if (mainLink && dialog && typeof dialog.showModal === "function") {
    mainLink.addEventListener("click", (event) => {
      event.preventDefault();
      large.src = mainLink.getAttribute("href");
      large.alt = main.alt;
      dialog.showModal();
    });
    dialog.querySelector("[data-gallery-close]").addEventListener("click", () => dialog.close());
    // A click on the backdrop (outside the image's box) closes the view too.
    dialog.addEventListener("click", (event) => {
      if (event.target === dialog) dialog.close();
    });
    dialog.querySelectorAll("[data-gallery-step]").forEach((button) => {
      button.addEventListener("click", () => select(current + Number(button.dataset.galleryStep)));
    });
    dialog.addEventListener("keydown", (event) => {
      if (thumbs.length < 2) return;
      if (event.key === "ArrowRight") select(current + 1);
      if (event.key === "ArrowLeft") select(current - 1);
    });
    dialog.addEventListener("close", () => mainLink.focus());
  }
}
