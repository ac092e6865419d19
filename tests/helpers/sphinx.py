"""Real Sphinx builds for the tests, and what they leave behind."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path
from textwrap import dedent

from sphinx.testing.util import SphinxTestApp

from . import TESTS

#: the as-of date of the plan tests: statuses judged on 1 March 2022
AS_OF = ["-D", "plan_as_of=2022-03-01"]
#: files that differ between two equal builds (build info, the pickled environment)
SKIP = {".buildinfo", "environment.pickle"}


def sphinx_build(src: Path, out: Path, *args: str, epoch: str | None = None) -> str:
    """Build; with ``epoch``, statuses are judged by SOURCE_DATE_EPOCH, not plan_as_of."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch} if epoch else None
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-d", str(out / ".doctrees"),
         *([] if epoch else AS_OF), *args, str(src), str(out)],
        capture_output=True, text=True, check=False, env=env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


def outputs(folder: Path) -> dict[str, Path]:
    return {
        str(p.relative_to(folder)): p for p in folder.rglob("*")
        if p.is_file() and ".doctrees" not in p.parts and p.name not in SKIP
    }


def warnings_of(app) -> list[str]:
    """The warning lines of a build, without colour codes."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]


def build_app(srcdir: Path, buildername: str = "dirhtml", builddir: Path | None = None,
              **overrides):
    """Build ``srcdir`` with a real, quiet Sphinx app (for module-scoped fixtures, which
    sphinx.testing's function-scoped ``app`` cannot serve); the app keeps its warnings."""
    app = SphinxTestApp(buildername, srcdir=srcdir, builddir=builddir,
                        confoverrides=overrides or None, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def build_root(directory: Path, name: str, buildername: str = "dirhtml", **overrides):
    """Copy ``tests/roots/test-<name>`` into ``directory`` and build it."""
    srcdir = directory / name
    if not srcdir.exists():
        shutil.copytree(TESTS / "roots" / f"test-{name}", srcdir)
    return build_app(srcdir, buildername, **overrides)


def build_reference(directory: Path):
    """The maintainers' reference (``reference/``) built as ``nox -s reference`` builds it,
    with the README's pictures beside it, as its guides name them (``../readme/``)."""
    srcdir = directory / "reference"
    shutil.copytree(TESTS.parent / "reference", srcdir)
    shutil.copytree(TESTS.parent / "readme", directory / "readme")
    return build_app(srcdir, "html")


def write_files(directory: Path, files: dict[str, str]) -> Path:
    """A project in ``directory`` from ``{path: text}`` (texts dedented), for a test that
    writes its own ``conf.py`` and pages."""
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), "utf-8")
    return directory


def edit_source(path: Path, old: str, new: str) -> None:
    """Replace ``old`` in a source file and date it in the future, so a rebuild sees it."""
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), "utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))


def search_index_data(text: str) -> dict:
    """A searchindex.js as data, without the empty entries Sphinx's own pruning leaves for
    words only a removed page had (they name no page), so incremental and clean builds compare."""
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    for key in ("terms", "titleterms"):
        index[key] = {term: pages for term, pages in index[key].items() if pages != []}
    return index
