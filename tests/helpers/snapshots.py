"""Snapshot files for rendered output, reviewed by eye when they change.

``CSNET_UPDATE_SNAPSHOTS=1 pytest`` rewrites them; otherwise a difference fails the test, and
a missing snapshot fails too (it is never created silently in CI).
"""

from __future__ import annotations

import difflib
import os

from tests.helpers import TESTS

SNAPSHOTS = TESTS / "snapshots"


def check_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    text = text.rstrip("\n") + "\n"
    if os.environ.get("CSNET_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        return
    assert path.exists(), f"no snapshot {path}; run with CSNET_UPDATE_SNAPSHOTS=1 and review"
    expected = path.read_text("utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            "snapshot", "now", n=2))
        raise AssertionError(f"{name} changed; review, then update snapshots:\n{diff}")
