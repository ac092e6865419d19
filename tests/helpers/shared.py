"""Builds made once per test run and shared by every pytest-xdist worker.

A session fixture is made once per worker; a build that several workers need (the bundled site
for the browser tests, the imported old site) is made here once, by the first worker that asks,
in a folder the whole run shares, while the others wait for it and then read it back.
"""

from __future__ import annotations

import fcntl
import pickle
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")
SHARED = pytest.StashKey[Path]()
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
    pickled beside its files for the others. A failed build is not kept: each asker retries it
    and sees the failure itself."""
    shared = config.stash[SHARED]
    folder, result = shared / name, shared / f"{name}.pickle"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if result.exists():
            return pickle.loads(result.read_bytes())
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        value = build(folder)
        result.write_bytes(pickle.dumps(value))
        return value
