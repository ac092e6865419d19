"""Shared fixtures: Sphinx test roots under tests/roots (``@pytest.mark.sphinx``)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

TESTS = Path(__file__).parent
ROOT = TESTS.parent
DOCS = ROOT / "docs"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"


def warnings_of(app) -> list[str]:
    """The warning lines of a build, without colour codes."""
    import re

    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]


def build_app(srcdir: Path, buildername: str = "dirhtml", builddir: Path | None = None,
              **overrides):
    """Build ``srcdir`` with a real, quiet Sphinx app (for module-scoped fixtures, which
    sphinx.testing's function-scoped ``app`` cannot serve); the app keeps its warnings."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp(buildername, srcdir=srcdir, builddir=builddir,
                        confoverrides=overrides or None, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def build_root(directory: Path, name: str, buildername: str = "dirhtml", **overrides):
    """Copy ``tests/roots/test-<name>`` into ``directory`` and build it."""
    import shutil

    srcdir = directory / name
    if not srcdir.exists():
        shutil.copytree(TESTS / "roots" / f"test-{name}", srcdir)
    return build_app(srcdir, buildername, **overrides)


def edit_source(path: Path, old: str, new: str) -> None:
    """Replace ``old`` in a source file and date it in the future, so a rebuild sees it."""
    import os
    import time

    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), "utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))


def search_index_data(text: str) -> dict:
    """A searchindex.js as data, without the empty entries Sphinx's own pruning leaves for
    words only a removed page had (they name no page), so incremental and clean builds compare."""
    import json

    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    for key in ("terms", "titleterms"):
        index[key] = {term: pages for term, pages in index[key].items() if pages != []}
    return index


def heading_skips(page_html: str) -> list[str]:
    """Where a page's headings skip a level (h1 then h3: WCAG 1.3.1, axe's heading-order),
    or do not start at h1; ``[]`` for a page that only redirects."""
    import re

    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_html, "html.parser")
    if soup.find("meta", attrs={"http-equiv": re.compile("^refresh$", re.I)}):
        return []
    skips, previous = [], 0
    for heading in soup.find_all(re.compile(r"^h[1-6]$")):
        level = int(heading.name[1])
        if level > previous + 1:
            skips.append(f"h{previous} -> h{level} {heading.get_text(' ', strip=True)!r}")
        previous = level
    return skips


#: the real old site (its repository on 1 January 2024), laid beside the clone as ../shared/
OLDSITE = ROOT.parent / "shared" / "oldsite"


@pytest.fixture(scope="session")
def oldsite(tmp_path_factory):
    """The network's real old site imported into a copy of the bundled ``docs/`` and built,
    as a maintainer does on switch-over day: its folders, import report and warnings.

    Built once per test run; it fails (never skips) where ../shared/oldsite is missing, since
    CI always has it."""
    import shutil
    from types import SimpleNamespace

    from csnet.importer import import_site

    assert OLDSITE.is_dir(), f"the real old site is not at {OLDSITE} (../shared/oldsite)"
    project = tmp_path_factory.mktemp("oldsite")
    docs = project / "docs"
    shutil.copytree(DOCS, docs, ignore=shutil.ignore_patterns("_build", ".import-manifest.json"))
    report = import_site(OLDSITE, docs)
    app = build_app(docs, "dirhtml", builddir=project / "build")
    return SimpleNamespace(docs=docs, outdir=Path(app.outdir), report=report,
                           warnings=warnings_of(app))
