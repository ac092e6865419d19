// Live reload for the preview only (nox -s serve): reload when a newer build has finished.
(() => {
  const build = document.currentScript.dataset.build;
  const events = new EventSource(`/_preview/events?since=${build}`);
  events.addEventListener("build", (event) => {
    if (event.data !== build) {
      events.close();
      window.location.reload();
    }
  });
})();
