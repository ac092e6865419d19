"""Edit-then-rebuild: exactly the pages that show changed data are rewritten
(reference/developer.md#trap-stale-aggregates)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import TESTS
from tests.helpers.sphinx import build_root, edit_source

DOC_PAGES = ["", "about", "news", "news/2022/01/10/newest", "news/2021/06/01/older",
             "news/2021/01/05/oldest", "news/2021", "news/2022", "news/category/events",
             "news/category/careers"]
POSTS = {"news/2022/01/10/newest", "news/2021/06/01/older", "news/2021/01/05/oldest"}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("incremental")
    build_root(folder, "news").cleanup()
    return folder


def stamps(outdir: Path) -> dict[str, int]:
    return {page: (outdir / page / "index.html").stat().st_mtime_ns for page in DOC_PAGES
            if (outdir / page / "index.html").exists()}


def edit(project: Path, docname: str, old: str, new: str) -> set[str]:
    """Replace text in a source, rebuild, and return the pages that were written again."""
    outdir = project / "news/_build/dirhtml"
    before = stamps(outdir)
    edit_source(project / "news" / f"{docname}.md", old, new)
    app = build_root(project, "news")
    app.cleanup()
    after = stamps(outdir)
    return {page for page in after if before.get(page) != after[page]}


def test_editing_an_old_posts_body_rewrites_only_that_post(project):
    assert edit(project, "news/2021/01/05/oldest", "Body of the oldest post.",
                "Body of the oldest post, edited.") == {"news/2021/01/05/oldest"}


def test_editing_an_excerpt_rewrites_the_lists_that_show_it(project):
    # shown on the news index (full list), and so Sphinx rewrites its parent in the toctree
    # (the home page); not the posts, whose "Latest news" shows titles and dates only
    assert edit(project, "news/2021/01/05/oldest", "The oldest post.",
                "The oldest post, shorter.") == {"", "news", "news/2021/01/05/oldest",
                                                 "news/2021", "news/category/careers"}


def test_editing_the_newest_title_rewrites_every_page_that_lists_it(project):
    assert edit(project, "news/2022/01/10/newest", "Newest post", "Newest post, renamed") == (
        {"", "news", "news/2022", "news/category/events", "news/category/careers"} | POSTS)
    assert "Newest post, renamed" in (
        project / "news/_build/dirhtml/news/category/events/index.html").read_text("utf-8")
    assert "Newest post, renamed" in (
        project / "news/_build/dirhtml/news/2021/01/05/oldest/index.html").read_text("utf-8")


def test_publishing_a_draft_adds_it_everywhere(project):
    changed = edit(project, "news/2022/02/01/draft", "published: false", "published: true")
    assert changed == {"", "news", "news/2022"} | POSTS
    outdir = project / "news/_build/dirhtml"
    assert "Draft post" in (outdir / "news/index.html").read_text("utf-8")
    assert "Draft post" in (outdir / "feed.xml").read_text("utf-8")
    assert (outdir / "news/2022/02/01/draft/index.html").is_file()


def test_unpublishing_removes_the_post_and_its_page(tmp_path):
    # a project of its own whose draft was published, not the state another test left
    shutil.copytree(TESTS / "roots/test-news", tmp_path / "news")
    edit_source(tmp_path / "news/news/2022/02/01/draft.md", "published: false",
                "published: true")
    build_root(tmp_path, "news").cleanup()
    assert (tmp_path / "news/_build/dirhtml/news/2022/02/01/draft/index.html").is_file()
    project = tmp_path
    changed = edit(project, "news/2022/02/01/draft", "published: true", "published: false")
    assert changed == {"", "news", "news/2022"} | POSTS
    outdir = project / "news/_build/dirhtml"
    assert not (outdir / "news/2022/02/01/draft/index.html").exists()
    assert "Draft post" not in (outdir / "news/index.html").read_text("utf-8")
    assert "Draft post" not in (outdir / "feed.xml").read_text("utf-8")


def test_an_archive_page_no_post_needs_any_more_goes(tmp_path):
    build_root(tmp_path, "news").cleanup()
    careers = tmp_path / "news/_build/dirhtml/news/category/careers/index.html"
    assert careers.is_file()
    for docname, old, new in (("news/2022/01/10/newest", "[Events, Careers]", "Events"),
                              ("news/2021/01/05/oldest", "category: Careers", "category: Pride")):
        edit_source(tmp_path / "news" / f"{docname}.md", old, new)
    build_root(tmp_path, "news").cleanup()
    assert not careers.exists()
    assert (tmp_path / "news/_build/dirhtml/news/category/pride/index.html").is_file()
