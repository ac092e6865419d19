"""One build at a time per doctree directory: a second one waits for the first, and says so.

Two builds sharing ``build/doctrees`` (a preview while ``nox -s pdf`` runs, or two
``sphinx-build`` runs) read each other's half-written pickles and crashed about one time in
three. The first build takes an exclusive ``fcntl.flock`` on ``<doctreedir>/.csnet-build.lock``
at ``config-inited`` (before Sphinx loads the pickled environment) and releases it when the build
finishes; the kernel releases it too if the process dies, so a killed build never leaves a
stale lock behind. A second build prints which process it waits for and goes on when that one
is done (then reading what it wrote); after :data:`WAIT` seconds it gives up with a message.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from pathlib import Path
from typing import IO

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import SphinxError
from sphinx.util import logging

logger = logging.getLogger(__name__)
WAIT = 600.0  # seconds a build waits for another to finish with the same doctrees
LOCK_NAME = ".csnet-build.lock"
_held: dict[Path, IO[str]] = {}  # doctree directory -> the open, locked file


class BuildDirectoryBusy(SphinxError):
    """Another process kept the doctree directory for longer than a build may wait."""

    category = "Build directory in use"


def acquire(doctreedir: str | os.PathLike, wait: float = WAIT) -> None:
    """Lock ``doctreedir`` for this process, waiting up to ``wait`` seconds for another
    process's build to finish; raise :class:`BuildDirectoryBusy` if it does not."""
    directory = Path(doctreedir).resolve()
    if directory in _held:
        return
    directory.mkdir(parents=True, exist_ok=True)
    handle = open(directory / LOCK_NAME, "a+", encoding="utf-8")  # noqa: SIM115 - held open
    deadline, told = time.monotonic() + wait, False
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            if time.monotonic() >= deadline:
                handle.close()
                raise BuildDirectoryBusy(
                    f"another build is using {directory} ({holder}; the preview, `nox -s "
                    "serve`?). Stop it or wait for it to finish, then build again.") from None
            if not told:
                logger.info("another build is using %s (%s); waiting for it to finish ...",
                            directory, holder)
                told = True
            time.sleep(0.2)
    handle.seek(0)
    handle.truncate()
    handle.write(f"process {os.getpid()}: {' '.join(sys.argv)[:200]}\n")
    handle.flush()
    _held[directory] = handle


def release(doctreedir: str | os.PathLike) -> None:
    handle = _held.pop(Path(doctreedir).resolve(), None)
    if handle is not None:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _lock(app: Sphinx, config: Config) -> None:
    acquire(app.doctreedir)


def _unlock(app: Sphinx, exception: Exception | None) -> None:
    release(app.doctreedir)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _lock, priority=100)
    app.connect("build-finished", _unlock, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
