// Kasane's own small behaviours (no inline scripts: the Content-Security-Policy forbids them).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});

// A form marked data-once sends once: a double tap on a phone does not submit it twice
// (the server also recognises a resent form by its submission key).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-once")) {
    return;
  }
  if (form.dataset.sent === "true") {
    event.preventDefault();
    return;
  }
  form.dataset.sent = "true";
  for (const button of form.querySelectorAll("button[type=submit]")) {
    button.setAttribute("aria-disabled", "true");
    button.classList.add("button--busy");
  }
});

// Coming back to a page from the browser's history: its forms may be sent again.
window.addEventListener("pageshow", () => {
  for (const form of document.querySelectorAll("form[data-once]")) {
    delete form.dataset.sent;
    for (const button of form.querySelectorAll("button[type=submit]")) {
      button.removeAttribute("aria-disabled");
      button.classList.remove("button--busy");
    }
  }
});

// The phone menu is a <details>: it opens and closes without script; Escape also closes it
// and puts the focus back on its button.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") {
    return;
  }
  const suggestions = document.getElementById("site-search-suggestions");
  if (suggestions && suggestions.hasChildNodes() && suggestions.closest("form").contains(event.target)) {
    suggestions.replaceChildren();
    document.getElementById("site-search-q").focus();
    return;
  }
  const menu = document.querySelector("details[data-site-menu][open]");
  if (menu) {
    menu.open = false;
    menu.querySelector("summary").focus();
  }
});

// A section folded on a phone opens when a link (the case page's section links, or a URL)
// points at it.
function openFoldOf(id) {
  const target = id && document.getElementById(decodeURIComponent(id));
  const fold = target && (target.closest("details.fold-phone") || target.querySelector("details.fold-phone"));
  if (fold) {
    fold.open = true;
  }
}
document.addEventListener("click", (event) => {
  const link = event.target.closest(".section-links a");
  if (link) {
    openFoldOf(link.hash.slice(1));
  }
});
document.addEventListener("DOMContentLoaded", () => openFoldOf(location.hash.slice(1)));

// The suggestions under the header's search box close when the user clicks elsewhere.
document.addEventListener("click", (event) => {
  const suggestions = document.getElementById("site-search-suggestions");
  if (suggestions && !suggestions.closest("form").contains(event.target)) {
    suggestions.replaceChildren();
  }
});

// An Excel export's password (data-clear-after-submit) does not stay typed in the page after
// the download: the fields are emptied once the form has been sent.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.hasAttribute("data-clear-after-submit")) {
    setTimeout(() => {
      for (const input of form.querySelectorAll("input[type=password]")) {
        input.value = "";
      }
    }, 0);
  }
});
