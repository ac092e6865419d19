// The skip link's target takes keyboard focus, so screen readers and the next Tab start
// in the main content (browsers only move focus to focusable targets).
(function () {
  var main = document.getElementById("main-content");
  if (main && !main.hasAttribute("tabindex")) main.setAttribute("tabindex", "-1");
})();
