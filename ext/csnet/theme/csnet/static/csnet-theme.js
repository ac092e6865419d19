// The colour switch, the phone menu and the sign-up form's error message (csnet.theme). Without JavaScript the page follows the
// system's colour scheme and the menu is shown as a list; nothing else needs this file. The
// head's inline script marks <html class="csnet-js"> before the first paint, so the CSS shows
// the buttons and folds the phone menu without a layout shift when this file runs.
(function () {
  var root = document.documentElement;
  var dark = window.matchMedia("(prefers-color-scheme: dark)");

  function isDark() {
    return root.dataset.mode ? root.dataset.mode === "dark" : dark.matches;
  }

  var mode = document.querySelector(".csnet-mode");
  if (mode) {
    var show = function () { mode.setAttribute("aria-pressed", String(isDark())); };
    show();
    mode.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.dataset.mode = next;
      try { localStorage.setItem("csnet-mode", next); } catch (e) { /* private mode */ }
      show();
    });
    dark.addEventListener("change", show);
  }

  // Sign-up forms (csnet.theme.signup): what is wrong, in words beside the field and read
  // with it, instead of the browser's passing bubble. Without this file the browser checks.
  Array.prototype.forEach.call(document.querySelectorAll(".csnet-signup-form"), function (form) {
    var input = form.querySelector("input[type=email]");
    var error = input && document.getElementById(input.id + "-error");
    if (!error) return;
    form.noValidate = true;
    function clear() {
      error.hidden = true;
      input.removeAttribute("aria-invalid");
    }
    form.addEventListener("submit", function (event) {
      if (input.checkValidity()) return clear();
      event.preventDefault();
      error.lastChild.textContent = input.value ? form.dataset.invalid : form.dataset.empty;
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.focus();
    });
    input.addEventListener("input", function () { if (input.checkValidity()) clear(); });
  });

  // Phones: the main menu folds behind a "Menu" button (a disclosure; Escape closes it).
  var button = document.querySelector(".csnet-menu-button");
  var menu = document.getElementById("csnet-menu");
  if (!button || !menu) return;
  function open(state) {
    button.setAttribute("aria-expanded", String(state));
    menu.classList.toggle("csnet-open", state);
  }
  button.addEventListener("click", function () {
    open(button.getAttribute("aria-expanded") !== "true");
  });
  menu.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      open(false);
      button.focus();
    }
  });
})();
