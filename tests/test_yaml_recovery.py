"""A YAML mistake costs at most the item it is in, and is reported at its line (issue 11).

One real Sphinx project holds every mistake of :mod:`tests.helpers.yaml_mistakes` as a page of its
own; each page's warnings, HTML, plan data and redirect pages are read back.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from bs4 import BeautifulSoup
from csnet.frontmatter import parse
from csnet.plan.reader import read_plan

from tests.helpers import DOCS
from tests.helpers.sphinx import build_app, edit_source, warnings_of
from tests.helpers.yaml_mistakes import BASE, MISTAKES, Mistake

WARNING = re.compile(r"/(?P<page>[\w-]+)\.md:(?P<line>\d+): WARNING: (?P<message>.*) "
                     r"\[csnet\.(?P<subtype>\w+)\]$")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("yaml-recovery")
    (srcdir / "conf.py").write_text('extensions = ["csnet"]\nplan_as_of = "2022-03-01"\n')
    pages = ["intact", *(m.name for m in MISTAKES)]
    (srcdir / "index.md").write_text(
        "# Mistakes\n\n```{toctree}\n" + "\n".join(pages) + "\n```\n", "utf-8")
    (srcdir / "intact.md").write_text(BASE.format(name="intact"), "utf-8")
    for mistake in MISTAKES:
        (srcdir / f"{mistake.name}.md").write_bytes(mistake.text().encode("utf-8"))
    started = time.process_time()
    app = build_app(srcdir, "html")
    return app, time.process_time() - started


def page_warnings(app, page: str) -> list[tuple[int, str, str]]:
    found = []
    for warning in warnings_of(app):
        match = WARNING.search(warning)
        if match and match["page"] == page:
            found.append((int(match["line"]), match["subtype"], match["message"]))
    return sorted(found)


def counts(app, page: str) -> tuple[int, int, int]:
    html = BeautifulSoup((app.outdir / f"{page}.html").read_text("utf-8"), "html.parser")
    cards = html.select("details.csnet-objective")
    rows = html.select("details.csnet-objective table.csnet-milestones tbody tr")
    return len(cards), len(rows), len(html.select(".csnet-unreadable"))


def test_the_intact_plan_has_no_warnings(project):
    app, _ = project
    assert page_warnings(app, "intact") == []
    assert counts(app, "intact") == (3, 6, 0)


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.name)
def test_a_mistake_costs_at_most_its_item(project, mistake: Mistake):
    app, _ = project
    warnings = page_warnings(app, mistake.name)
    # exactly the warnings expected: the right lines, and no second misleading one
    assert [(line, subtype) for line, subtype, _ in warnings] == [
        (line, subtype) for line, subtype, _ in mistake.warnings], warnings
    for (_, _, message), (_, _, words) in zip(warnings, mistake.warnings, strict=True):
        for word in words:
            assert word in message, (word, message)
    # every other objective and milestone is still there, the unreadable shown as written
    assert counts(app, mistake.name) == (mistake.objectives, mistake.milestones,
                                         mistake.unreadable)
    data = json.loads((app.outdir / f"{mistake.name}.json").read_text("utf-8"))
    assert len(data["objectives"]) == mistake.objectives
    assert sum(len(o["milestones"]) for o in data["objectives"]) == mistake.milestones
    # the keys below the mistake are still read: the title, and the old addresses
    html = (app.outdir / f"{mistake.name}.html").read_text("utf-8")
    assert "Recovery plan" in BeautifulSoup(html, "html.parser").h1.get_text()
    for old in (f"old-{mistake.name}", f"older-{mistake.name}"):
        redirect = app.outdir / old / "index.html"
        if mistake.name == "broken-redirect" and old.startswith("older"):
            assert not redirect.exists()  # the one entry YAML could not read
            continue
        assert f"{mistake.name}.html" in redirect.read_text("utf-8"), old


def test_unreadable_lines_are_shown_as_written(project):
    app, _ = project
    html = BeautifulSoup((app.outdir / "over-indented.html").read_text("utf-8"), "html.parser")
    box = html.select_one(".csnet-unreadable")
    note = box.find_previous_sibling(class_="csnet-unreadable-note")
    assert "line 20 of the page's front matter" in note.get_text()  # the milestone's first line
    assert box.find("pre").get_text().rstrip("\n") == (
        '- milestone: "Open registrations"\n    date: 2022-04-01')
    row = box.find_parent("tr")
    assert "Open registrations" in row.get_text()  # the name was salvaged
    whole = BeautifulSoup((app.outdir / "no-colon-item.html").read_text("utf-8"), "html.parser")
    assert ("This milestone could not be read, so it is shown as written (line 20"
            in whole.get_text())
    assert whole.select_one(".csnet-unreadable pre").get_text().startswith(
        '- milestone "Open registrations"\n  date: 2022-04-01\n  complete: true')


def test_duplicate_lists_are_joined_and_the_last_title_wins(project):
    app, _ = project
    html = BeautifulSoup((app.outdir / "second-objectives.html").read_text("utf-8"),
                         "html.parser")
    names = [card.select_one(".csnet-objective-name, summary").get_text(" ")
             for card in html.select("details.csnet-objective")]
    assert "Extra" in names[-1] and "Mentoring programme" in names[0]


def test_hostile_aliases_are_refused_fast():
    laughs = ["---", 'lol1: &lol1 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(2, 10):
        laughs.append(f"lol{level}: &lol{level} [" + ",".join([f"*lol{level - 1}"] * 9) + "]")
    laughs += ["title: Still read", "---"]
    started = time.process_time()
    front = parse("\n".join(laughs))
    assert time.process_time() - started < 2
    assert front.data["title"] == "Still read"
    assert front.data["lol4"] and "lol6" not in front.data
    assert [line for line, _ in front.problems] == [7, 8, 9, 10]
    assert "stand for more than 10,000 values" in front.problems[0].message


def test_the_whole_project_builds_quickly(project):
    _, seconds = project
    assert seconds < 60


def test_a_typo_in_the_real_plan_costs_one_milestone(tmp_path):
    """The issue's example: one date: indented two spaces too many in the real plan."""
    import shutil

    srcdir = tmp_path / "plan"
    shutil.copytree(DOCS.parent / "tests/roots/test-seed-plan", srcdir)
    plan = srcdir / "plan.md"
    lines = plan.read_text("utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, 1) if "2022-04-01" in line)
    edit_source(plan, lines[number - 1], "  " + lines[number - 1])
    app = build_app(srcdir, "dirhtml")
    warnings = [w for w in warnings_of(app) if "csnet.yaml" in w]
    assert len(warnings) == 1 and f"plan.md:{number}: WARNING" in warnings[0]
    assert "indented more than the line above" in warnings[0]
    html = BeautifulSoup((app.outdir / "plan/index.html").read_text("utf-8"), "html.parser")
    assert len(html.select("details.csnet-objective")) == 16
    assert len(html.select("details.csnet-objective tbody tr")) == 126  # the duplicate once
    assert len(html.select(".csnet-unreadable")) == 1
    for old in ("our-plan", "business-plan"):
        assert (app.outdir / old / "index.html").exists()
    front = parse(plan.read_text("utf-8"))
    assert read_plan(front, "plan", "Plan")[0].objectives[0].name == "Mentoring programme"
