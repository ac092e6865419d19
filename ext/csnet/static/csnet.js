// Open a collapsed objective card when a link points into it, and before printing,
// so that #women-s-inclusion links and printed pages show every milestone.
(function () {
  function openTarget() {
    if (!location.hash) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var card = target && target.closest("details");
    if (card) card.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("DOMContentLoaded", openTarget);
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
})();
