"""Files an earlier build wrote and this one did not (an old address taken out of
``redirect_from``, a category no post has any more): deleted, with the folders left empty.

Used by every module that writes files of its own beside the pages (redirects, archive pages,
plan exports, PDFs); the list of what each wrote is kept with the doctrees.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx


def prune_stale(app: Sphinx, name: str, files: Iterable[str], keep) -> None:
    """Delete the files we wrote in an earlier build and not in this one (an old address
    taken out of ``redirect_from``, a category no post has any more), unless ``keep(path)``
    (a page now lives there). The list of what we wrote is kept with the doctrees."""
    ledger = Path(app.doctreedir, f"csnet-{name}.json")
    current = sorted(set(files))
    before = recorded(app, name)
    out = Path(app.outdir)
    for file in set(before) - set(current):
        path = out / file
        if path.is_file() and not keep(path):
            path.unlink()
            for folder in path.parents:  # and the folders left empty (a page's own folder)
                if folder == out or not folder.is_relative_to(out) or any(folder.iterdir()):
                    break
                folder.rmdir()
    ledger.parent.mkdir(parents=True, exist_ok=True)
    ledger.write_text(json.dumps(current), "utf-8")


def recorded(app: Sphinx, name: str) -> list[str]:
    """The files :func:`prune_stale` recorded as ours in the last build."""
    try:
        return json.loads(Path(app.doctreedir, f"csnet-{name}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return []
