"""Files an earlier build wrote and this one did not (an old address taken out of
``redirect_from``, a category no post has any more): deleted, with the folders left empty.

Used by every module that writes files of its own beside the pages (redirects, archive pages,
plan exports, PDFs); the list of what each wrote is kept in its :class:`csnet.outputs.Ledger`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx

from ..outputs import Ledger


def prune_stale(app: Sphinx, ledger: Ledger, files: Iterable[str], keep) -> None:
    """Delete the files we wrote in an earlier build and not in this one (an old address
    taken out of ``redirect_from``, a category no post has any more), unless ``keep(path)``
    (a page now lives there). ``ledger`` keeps the list of what we wrote."""
    current = sorted(set(files))
    before = ledger.load(app, [])
    out = Path(app.outdir)
    for file in set(before) - set(current):
        path = out / file
        if path.is_file() and not keep(path):
            path.unlink()
            for folder in path.parents:  # and the folders left empty (a page's own folder)
                if folder == out or not folder.is_relative_to(out) or any(folder.iterdir()):
                    break
                folder.rmdir()
    ledger.save(app, current)
