"""Pages that are symbolic links to files outside ``docs/``: left out of the build (through
``csnet-leave-out``), and said so on every build."""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..leftout import left_out
from ..logs import Warn, warn
from .checks import OUTSIDE, is_inside


def find_outside_pages(app: Sphinx, files: list[str]) -> tuple[str, list[str]]:
    """``csnet-leave-out``: a page that is a symbolic link to a file outside ``docs/``
    (Sphinx follows links when it looks for pages) is not part of the build.

    Runs on every build, so it looks for links (one ``lstat`` per file and per folder)
    and resolves only the paths that have one: resolving all of them took 0.1-0.2 s of
    every preview rebuild at 1,000 pages."""
    srcdir = str(app.srcdir)
    folders: dict[str, bool] = {srcdir: False}  # folder -> a link on the way from srcdir

    def through_link(folder: str) -> bool:
        if folder not in folders:
            parent = os.path.dirname(folder)
            folders[folder] = os.path.islink(folder) or folder == parent \
                or through_link(parent)
        return folders[folder]

    outside = []
    for file in files:  # strings: a Path per folder and file cost more
        path = os.path.join(srcdir, file)
        if (os.path.islink(path) or through_link(os.path.dirname(path))) \
                and not is_inside(path, srcdir):
            outside.append(file)
    return "outside", outside


def report_outside_pages(app: Sphinx, env: BuildEnvironment, added: set[str],
                         changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: each page left out as a link outside ``docs/``, every build."""
    for file in left_out(env, "outside"):
        path = Path(app.srcdir, file)
        warn(Warn.PATH, f"this page is a link to {path.resolve()}, which {OUTSIDE}; "
             "the page is left out", f"{path}:")
    return []
