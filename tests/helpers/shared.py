"""Builds made once per test run and shared by every pytest-xdist worker.

A session fixture is made once per worker; a build that several workers need (the bundled site
for the browser tests, the imported old site) is made here once, by the first worker that asks,
in a folder the whole run shares, while the others wait for it and then read it back.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")
SHARED = pytest.StashKey[Path]()
#: how long a worker waits for another's build before it gives up (a worker that died)
WAIT = 1800
#: the key under which the controller hands the shared folder to its workers
WORKER_KEY = "csnet_shared"


def configure(config: pytest.Config) -> None:
    """The run's shared folder: made by the controller (or a run without workers), passed to
    each worker through :func:`configure_worker`."""
    if hasattr(config, "workerinput"):
        config.stash[SHARED] = Path(config.workerinput[WORKER_KEY])
        return
    folder = Path(tempfile.mkdtemp(prefix="csnet-tests-"))
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
    config.stash[SHARED] = folder


def configure_worker(node) -> None:
    node.workerinput[WORKER_KEY] = str(node.config.stash[SHARED])


def built_once(config: pytest.Config, name: str, build: Callable[[Path], T]) -> T:
    """``build(folder)``, run once per test run whatever the number of workers; its result is
    pickled beside its files for the others, who wait for it. The first to claim ``name``
    builds it (a file made with O_EXCL, not a lock held during the build: a process the build
    forks, such as sphinx-sitemap's multiprocessing manager, would hold such a lock on for ever).
    A failed build fails every test that needs it, in each worker."""
    shared = config.stash[SHARED]
    folder, result = shared / name, shared / f"{name}.pickle"
    failed = shared / f"{name}.failed"
    try:
        os.close(os.open(shared / f"{name}.claim", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        deadline = time.monotonic() + WAIT
        while not result.exists():
            if failed.exists() or time.monotonic() > deadline:
                raise RuntimeError(f"building {name} failed in another worker:\n"
                                   f"{failed.read_text() if failed.exists() else 'it died'}"
                                   ) from None
            time.sleep(0.2)
        return pickle.loads(result.read_bytes())
    folder.mkdir()
    try:
        value = build(folder)
    except BaseException:
        failed.write_text(traceback.format_exc())
        raise
    partial = shared / f"{name}.partial"
    partial.write_bytes(pickle.dumps(value))
    partial.replace(result)  # whole, at once: a waiting worker never reads half of it
    return value
