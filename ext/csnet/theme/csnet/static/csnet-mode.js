// Before the page is drawn (so it never flashes in the other colours): scripts run, and the
// colour mode the reader chose last. A file, not an inline script: the pages' Content
// Security Policy forbids inline scripts (csnet.theme).
document.documentElement.classList.add("csnet-js");
try {
  var m = localStorage.getItem("csnet-mode");
  if (m === "light" || m === "dark") document.documentElement.dataset.mode = m;
} catch (e) {}
