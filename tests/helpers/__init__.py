"""Helpers shared by the test modules: one place, so no test module imports from another.

``tests.helpers`` (this module): the repository's folders and :func:`need`;
``.sphinx``: real Sphinx builds and their warnings; ``.html``: reading built pages;
``.processes``: servers and processes the tests start; ``.axe``: accessibility checks in the
browser; ``.shared``: a build made once per test run and shared by every pytest-xdist worker;
``.tiers``: the markers (unit, build, subprocess, browser) every test gets by itself;
``.browser``, ``.snapshots``, ``.yaml_mistakes``, ``.publication_cases``: fixtures' data.
"""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
DOCS = ROOT / "docs"
#: Debian's Chromium, which Playwright drives (``playwright install`` cannot download here)
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
NPM_CI = "run `npm ci` in the repository root"
INSTALL_CHROMIUM = "install Debian's chromium (apt-get install chromium; see .ci/run)"


def need(thing: Path | str | None, fix: str):
    """``thing`` (a file, or a program as ``shutil.which`` found it); when it is missing the
    test fails, naming the command that fixes it. It never skips: CI has everything."""
    if thing is None or (isinstance(thing, Path) and not thing.exists()):
        pytest.fail(f"{thing or 'a program'} is missing: {fix}", pytrace=False)
    return thing
