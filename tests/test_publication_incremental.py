"""Edit-then-rebuild equals a clean build when a page goes, comes back or moves (issue 11, 3).

Sphinx never deletes what it wrote for a page that has gone; a deleted, renamed or unpublished
page must still vanish from the website, with its redirects, copied source, pictures and
downloads, and from every list, the feed, the sitemap and the search index.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers.publication_cases import Case, write_project
from tests.helpers.sphinx import build_app, edit_source, search_index_data

POST = Case("news", "true", "2021-05-01", True, 1)
PLAN = Case("business-plan", None, "2021-05-01", True, 2)
PAGE = Case("page", "yes", "2021-05-01", True, 3)
PICTURED = """---
title: "A page with a picture"
---

![A square](/leak.svg) and {download}`a file </leak.txt>`.
"""


def delete(srcdir: Path, docname: str) -> None:
    (srcdir / f"{docname}.md").unlink()


def rename(srcdir: Path, docname: str, new: str) -> None:
    (srcdir / f"{docname}.md").rename(srcdir / f"{new}.md")


SCENARIOS = {
    "delete a post": lambda src: delete(src, POST.docname),
    "delete the only page with a picture and a download": lambda src: delete(src,
                                                                             "pages/pictured"),
    "unpublish a publication": lambda src: edit_source(
        src / "publication/report.md", "layout: publication", 'layout: publication\n'
        'published: "Off"'),
    "unpublish a plan": lambda src: edit_source(src / f"{PLAN.docname}.md", "date:",
                                                "published: no\ndate:"),
    "unpublish a page named in a toctree": lambda src: edit_source(
        src / "about.md", "title:", "published: 0\ntitle:"),
    "date a post in the future": lambda src: edit_source(
        src / f"{POST.docname}.md", "date: 2021-05-01", "date: 2022-03-02"),
    "publish a draft named in a toctree": lambda src: edit_source(
        src / "pages/page-hidden.md", "published: false", "published: true"),
    "publish a draft publication": lambda src: edit_source(
        src / "pages/publication-hidden.md", 'published: "no"', "published: yes"),
    "rename a page": lambda src: rename(src, PAGE.docname, "pages/renamed"),
    "rename a post": lambda src: rename(src, POST.docname, "news/renamed"),
}


def tree(outdir: Path) -> dict[str, object]:
    """Every output file's content; the search index as data, without the empty entries
    Sphinx's own pruning leaves for words only a removed page had (they name no page)."""
    files: dict[str, object] = {}
    for path in sorted(outdir.rglob("*")):  # folders too: no empty folder of a page stays
        files[path.relative_to(outdir).as_posix()] = (path.read_bytes() if path.is_file()
                                                      else "folder")
    files["searchindex.js"] = search_index_data(files["searchindex.js"].decode("utf-8"))
    return files


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_an_incremental_build_equals_a_clean_one(tmp_path, scenario):
    srcdir = write_project(tmp_path / "incremental", cases=[POST, PLAN, PAGE])
    (srcdir / "pages/pictured.md").write_text(PICTURED, "utf-8")
    first = tree(Path(build_app(srcdir).outdir))
    SCENARIOS[scenario](srcdir)
    incremental = tree(Path(build_app(srcdir).outdir))
    clean_src = tmp_path / "clean"
    shutil.copytree(srcdir, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = tree(Path(build_app(clean_src).outdir))
    assert first != clean  # the edit changed the site
    assert sorted(incremental) == sorted(clean)
    differ = [name for name in clean if incremental[name] != clean[name]]
    assert not differ
