"""The benchmark's synthetic sites are valid: both flavours build, show the same pages, and the
edits the incremental figures rely on do what they say. (The benchmark itself is no test.)"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from csnet.frontmatter import parse
from csnet.plan.reader import read_plan
from sphinx.testing.util import SphinxTestApp

from bench import sitegen
from bench.measure import pages, rewritten
from bench.measure import sphinx as sphinx_build
from tests.helpers.sphinx import build_app, warnings_of

POSTS = 9  # the eighth post (index 7) is unpublished


def build(site: sitegen.Site, out) -> SphinxTestApp:
    return build_app(site.root, builddir=out)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Both flavours of one small site, each built once."""
    root = tmp_path_factory.mktemp("bench")
    result = {}
    for flavour in ("ours", "plain"):
        site = sitegen.generate(root / flavour, POSTS, plain=flavour == "plain")
        result[flavour] = (site, build(site, root / f"{flavour}-out"))
    return result


def html(app, docname: str) -> BeautifulSoup:
    path = app.outdir / ("index.html" if docname == "index" else f"{docname}/index.html")
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def test_posts_have_jekyll_front_matter_in_every_shape(sites):
    site, _ = sites["ours"]
    texts = [path.read_text("utf-8") for path in site.posts]
    for text in texts:
        front = parse(text)
        assert not front.problems
        assert front.data["layout"] == "news"
        assert {"title", "excerpt", "date", "author"} <= front.data.keys()
    joined = "\n".join(texts)
    for shape in (r"date: \d{4}-\d\d-\d\dT00:00:00\.00Z", r"date: \d{4}-\d\d-\d\d\t+#",
                  r"date: '\d{4}-\d\d-\d\d'", r"redirect_from:\n- ", r"redirect_from: \S",
                  r"# category:"):
        assert re.search(shape, joined), shape


def test_every_post_builds_at_its_jekyll_url_with_its_title_in_both_flavours(sites):
    for flavour, (site, app) in sites.items():
        for path in site.posts:
            docname = path.relative_to(site.root).with_suffix("").as_posix()
            assert re.fullmatch(r"news/\d{4}/\d\d/\d\d/[a-z-]+-\d+", docname)
            front = parse(path.read_text("utf-8")).data
            assert front.get("permalink", docname).strip("/") == docname
            if front.get("published") is False:  # left out by both builds
                assert docname not in pages(app.outdir), flavour
                continue
            title = html(app, docname).find("h1").get_text().rstrip("#¶ ")
            assert title == front["title"], flavour


def test_generated_pages_add_no_warnings(sites):
    for flavour, (site, app) in sites.items():
        generated = {str(path) for path in site.posts}
        noisy = [line for line in warnings_of(app) if line.split(":")[0] in generated]
        assert noisy == [], flavour


def test_plain_flavour_is_plain_sphinx_with_the_base_theme(sites):
    ours, plain = sites["ours"][1], sites["plain"][1]
    assert plain.config.extensions == ["myst_parser"]
    assert (plain.config.html_theme, ours.config.html_theme) == ("basic", "csnet")
    assert "csnet" not in plain.extensions and "csnet" in ours.extensions
    assert set(plain.env.all_docs) == set(ours.env.all_docs)


def test_generated_plan_has_the_size_asked_for(tmp_path):
    site = sitegen.generate(tmp_path / "site", 0, objectives=5, milestones=7)
    plan, problems = read_plan(parse(site.plan.read_text("utf-8")), "plan", "Plan")
    assert problems == []
    assert [len(o.milestones) for o in plan.objectives] == [7] * 5
    assert "\t# Name of objective" in site.plan.read_text("utf-8")


def test_tick_changes_one_milestone_and_rewrites_the_pages_showing_the_plan(tmp_path):
    """As the benchmark does: each build a fresh ``sphinx-build`` process (in one process,
    the theme's config changes make every rebuild a full one)."""
    site = sitegen.generate(tmp_path / "site", 3, objectives=4, milestones=3)
    out = tmp_path / "out"
    assert sphinx_build("dirhtml", site.root, out).ok

    def completed() -> int:
        plan, _ = read_plan(parse(site.plan.read_text("utf-8")), "plan", "Plan")
        return sum(m.complete for _, m in plan.milestones)

    before, done = pages(out), completed()
    sitegen.tick_milestone(site)
    assert completed() == done + 1
    assert sphinx_build("dirhtml", site.root, out).ok
    assert site.pages_showing_plan() == {"index", "publication/our-plan"}
    assert site.pages_showing_plan() <= rewritten(before, pages(out))

    before = pages(out)
    edited = sitegen.edit_post(site)
    assert sphinx_build("dirhtml", site.root, out).ok
    docname = edited.relative_to(site.root).with_suffix("").as_posix()
    assert rewritten(before, pages(out)) - {"genindex", "search"} == {docname}


def test_events_in_both_schemas_build_without_warnings(tmp_path):
    site = sitegen.generate(tmp_path / "events", 0, events=6)
    texts = [path.read_text("utf-8") for path in site.events]
    assert sum("\nevent:\n" in t for t in texts) == 3
    assert sum("\nstart-date:" in t for t in texts) == 3
    app = build(site, tmp_path / "out")
    assert [w for w in warnings_of(app) if "events/event/" in w or "csnet.event" in w] == []
    index = html(app, "event")
    assert len(index.select("ul.csnet-event-list a")) >= 5  # listed upcoming or by year
    assert index.select("ul.csnet-archive-list a")  # and the links to the category pages


def test_team_profiles_are_linked_from_the_plan_and_listed(tmp_path):
    """The real site's shape has team profiles: the plan's team names link to them (the
    work that was quadratic in the site) and the team page lists the current ones."""
    site = sitegen.generate(tmp_path / "team", 2, team=6)
    app = build(site, tmp_path / "out")
    plan = html(app, "publication/our-plan")
    linked = {a.get_text() for a in plan.select(".csnet-team a")}
    assert {"John Peart", "Jonathan Kerr"} <= linked
    team = html(app, "team").get_text()
    assert "Volunteer 5" in team and "Tom Seddon" not in team  # the fourth is archived
