"""The live preview (``nox -s serve``, ``python -m csnet.preview``): save, and the page is there.

One Sphinx application stays in memory and rebuilds only what changed (:mod:`.builds`), the
``watchfiles`` library reports saves in ``docs/``, and a static server of the output
(:mod:`.server`) shows each page's warnings at its top and reloads the browser after each
rebuild. A rebuild that crashes is shown in the page; the next save tries again. What no one
sees right after a save (the search index, the saved environment) is written when the preview
has been idle for :data:`IDLE` seconds, and when it stops (:mod:`.builder`).
"""

from __future__ import annotations

import threading
from pathlib import Path

from watchfiles import DefaultFilter, watch

from .builds import Previewer, State
from .server import PreviewServer

__all__ = ["Previewer", "PreviewServer", "State", "serve"]

#: seconds without a save after which the preview writes the search index and saves its state
IDLE = 2.0


def serve(previewer: Previewer, host: str = "127.0.0.1", port: int = 8000,
          stop: threading.Event | None = None, ready=print, idle: float = IDLE) -> None:
    """Build, serve, and rebuild on every save in the source folder until ``stop`` is set;
    ``idle`` seconds after the last save, write what the saves left (:meth:`Previewer.settle`)."""
    stop = stop or threading.Event()
    previewer.rebuild()
    server = PreviewServer((host, port), previewer)
    threading.Thread(target=server.serve_forever, name="preview-server", daemon=True).start()
    ready(f"Preview of {previewer.srcdir} at {server.url} - warnings show in the page; "
          "Ctrl+C stops it.")
    ignored = [p for p in (previewer.outdir, previewer.doctreedir)
               if previewer.srcdir in p.resolve().parents]
    try:
        # step: how long the folder must stay quiet before a rebuild (an editor's save is one
        # burst of events); inotify, not polling, so a save is seen within milliseconds; an
        # empty set after ``idle`` seconds without a save: the time to write what saves left
        for changes in watch(previewer.srcdir, watch_filter=DefaultFilter(ignore_paths=ignored),
                             debounce=400, step=30, stop_event=stop, raise_interrupt=False,
                             rust_timeout=int(idle * 1000), yield_on_timeout=True):
            if changes:
                previewer.rebuild({Path(path).resolve() for _, path in changes})
            else:
                previewer.settle()
    finally:
        server.shutdown()
        server.server_close()
        previewer.settle()  # stopped: the next start resumes from here
