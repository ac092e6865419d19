"""The business plan, built by real Sphinx projects from front matter."""

from __future__ import annotations

import json
import re

import icalendar
import pytest
from bs4 import BeautifulSoup
from csnet.frontmatter import parse
from csnet.plan.reader import read_plan

from tests.helpers import TESTS
from tests.helpers.sphinx import warnings_of

#: a frozen copy of docs/publication/our-plan.md (7 December 2026): ticking a real milestone
#: there changes no test
SEED = TESTS / "roots" / "test-seed-plan" / "plan.md"


def seed_plan():
    plan, _ = read_plan(parse(SEED.read_text("utf-8")), "plan", "Our work and programmes")
    return plan.without_duplicates()


def soup(app, docname: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{docname}.html").read_text("utf-8"), "html.parser")


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.sphinx("html", testroot="seed-plan")
def test_seed_plan_renders_every_objective_and_milestone(app):
    app.build()
    page = soup(app, "plan")
    cards = page.select("details.csnet-objective")
    assert len(cards) == 16
    rows = page.select("details.csnet-objective table.csnet-milestones tbody tr")
    assert len(rows) == 126  # 127 in the file; the exact duplicate is shown once
    assert len(page.select("details.csnet-objective tr.status-complete")) == 12
    text = words(page.get_text(" "))
    plan = seed_plan()
    for objective in plan.objectives:
        assert objective.name in text
        assert objective.description in text
        for name in objective.team:
            assert name in text
    for card, objective in zip(cards, plan.objectives, strict=True):
        card_text = words(card.get_text(" "))
        assert objective.name in card_text
        for milestone in objective.milestones:
            assert words(milestone.name) in card_text
    # the old site's anchors keep working
    assert page.find(id="women-s-inclusion").name == "h3"
    assert "No milestones" not in text


@pytest.mark.sphinx("html", testroot="seed-plan", freshenv=True)
def test_seed_plan_gives_exactly_the_intended_warnings(app):
    app.build()
    warnings = warnings_of(app)
    # links to pages outside this test project are another test's business
    warnings = [w for w in warnings if "xref_missing" not in w and "csnet.link" not in w]
    assert len(warnings) == 2, warnings
    date, duplicate = sorted(warnings, key=lambda w: "duplicate" in w)
    assert re.search(r"plan\.md:255: WARNING: .*'2022-06-31' is not a real date.*"
                     r"\[csnet\.date\]", date)
    assert re.search(r"plan\.md:244: WARNING: objective 'Face-to-face socials and "
                     r"networking'.*exact duplicate.*\[csnet\.duplicate\]", duplicate)
    assert "Malformed YAML" not in app.warning.getvalue()


@pytest.mark.sphinx("html", testroot="seed-plan")
def test_card_parts_and_date_format(app):
    app.build()
    page = soup(app, "plan")
    card = page.find(id="mentoring-programme").find_parent("details")
    summary = words(card.summary.get_text(" "))
    assert "Mentoring programme" in summary
    assert "0 of 24 milestones complete, 6 overdue" in summary
    assert "Behind schedule" in summary  # judged as of plan_as_of = 2022-03-01
    first = card.select("tbody tr")[0]
    assert [words(td.get_text(" ")) for td in first.find_all("td")] == [
        "Recruit a lead vice-chair for this work", "December 2021", "Overdue"]
    later = card.select("tbody tr")[6]
    assert [words(td.get_text(" ")) for td in later.find_all("td")][1:] == [
        "March 2022", "Due March 2022"]
    assert words(card.select_one(".csnet-team").get_text(" ")) == (
        "Team: John Peart, Jonathan Kerr")
    # milestones are sorted by date; the impossible date is shown and judged as its month
    digital = page.find(id="digital-socials-and-networking").find_parent("details")
    assert "2022-06-31" not in page.get_text()
    impossible = [[words(td.get_text(" ")) for td in tr("td")]
                  for tr in digital.select("tbody tr") if "regular programme" in tr.get_text()]
    assert impossible[0][1:] == ["June 2022", "Due June 2022"]
    dates = [tr.find_all("td")[1].get_text() for tr in card.select("tbody tr")]
    assert dates.index("December 2021") < dates.index("February 2022") < dates.index(
        "February 2024")
    # a visual bar, hidden from assistive technology, beside the words
    bar = card.summary.select_one(".csnet-bar")
    assert bar["aria-hidden"] == "true"


@pytest.mark.sphinx("html", testroot="seed-plan")
def test_directives_on_another_page(app):
    app.build()
    page = soup(app, "summary")
    summary = words(page.select_one(".csnet-plan-summary").get_text(" "))
    assert "Progress as of 1 March 2022." in summary
    assert "16 objectives: 15 behind schedule, 1 on track." in summary
    assert "126 milestones: 12 complete, 39 overdue, 75 due later." in summary
    assert "Next milestones due:" in summary
    due = page.select_one("table.csnet-milestones")
    for row in due.select("tbody tr"):  # due within 31 days of 2022-03-01
        assert row.find_all("td")[2].get_text() in ("March 2022", "April 2022")
    assert page.find(id="women-s-inclusion") is not None
    link = page.select_one(".csnet-plan-summary a")
    assert link["href"].startswith("plan.html")


@pytest.mark.sphinx("html", testroot="seed-plan")
def test_plan_exports(app):
    app.build()
    plan = seed_plan()
    calendar = icalendar.Calendar.from_ical((app.outdir / "plan.ics").read_bytes())
    events = calendar.walk("VEVENT")
    dated = [m for _, m in plan.milestones if m.date and m.date.date]
    assert len(events) == len(dated) > 100
    uids = {str(e["uid"]) for e in events}
    assert len(uids) == len(events)  # the exact duplicate is left out
    first = sorted(events, key=lambda e: e.decoded("dtstart"))[0]
    assert first.decoded("dtstart").isoformat() == "2021-10-30"  # an all-day date
    data = json.loads((app.outdir / "plan.json").read_text("utf-8"))
    assert len(data["objectives"]) == 16
    assert sum(len(o["milestones"]) for o in data["objectives"]) == 126
    assert data["as_of"] == "2022-03-01"
    page = soup(app, "plan")
    hrefs = [a["href"] for a in page.select(".csnet-plan-downloads a")]
    assert hrefs == ["plan.ics", "plan.json"]


@pytest.mark.sphinx("html", testroot="plan-bad", freshenv=True)
def test_bad_input_is_reported_at_its_line_and_still_rendered(app):
    app.build()
    warnings = "\n".join(warnings_of(app))
    expected = [
        (9, "unknown_key", "did you mean 'milestones:'"),
        (13, "missing_key", "has no 'objective:' key"),
        (17, "missing_key", "has no 'milestone:' key"),
        (20, "wrong_type", "should be a list"),
        (21, "wrong_type", "should be true or false"),
        (23, "wrong_type", "should be text, not a number"),
        (24, "date", "there is no month 25"),
        (26, "date", "unexpected text after the date"),
        (28, "date", "June 2022 has 30 days"),
        (29, "unknown_key", "did you mean 'complete:'"),
        (32, "duplicate", "exact duplicate of the one on line 30"),
    ]
    for line, subtype, message in expected:
        assert re.search(rf"plan\.md:{line}: WARNING: .*{re.escape(message)}.*"
                         rf"\[csnet\.{subtype}\]", warnings), (line, message)
    assert len(warnings_of(app)) == len(expected)
    page = soup(app, "plan")
    text = words(page.get_text(" "))
    for shown in ("Read despite the typo", "Untitled objective (line 13)",
                  "Milestone of an unnamed objective", "(milestone with no text)",
                  "Sam Single", "Date to be confirmed", "2023", "July 2022", "June 2022",
                  "Impossible date"):
        assert shown in text, shown
    typo = page.find(id="typo-in-milestones-key").find_parent("details")
    assert "1 of 1 milestone complete" in words(typo.summary.get_text(" "))
    wrong = page.find(id="wrong-types").find_parent("details")
    assert "Complete" in wrong.summary.get_text()  # complete: "yes" read as true
    # text from YAML is escaped, never markup
    assert page.find("script", string=re.compile("alert")) is None
    assert "<script>alert(1)</script> & <b>bold</b>" in page.get_text()


@pytest.mark.parametrize("builder", ["text", "singlehtml", "latex"])
def test_every_builder_contains_every_name(make_app, rootdir, tmp_path, builder):
    import shutil

    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-seed-plan", srcdir)
    app = make_app(builder, srcdir=srcdir)
    app.build()
    outputs = [p for p in app.outdir.rglob("*") if p.suffix in (".txt", ".html", ".tex")]
    text = words(" ".join(p.read_text("utf-8") for p in outputs))
    if builder == "latex":
        text = re.sub(r"\\([&%$#_{}])", r"\1", text)
        text = text.replace(r"\sphinxhyphen{}", "-").replace(r"\textquotesingle{}", "'")
    elif builder == "text":
        text += " " + " ".join(text_table_cells(p.read_text("utf-8")) for p in outputs)
    elif builder == "singlehtml":
        text = words(BeautifulSoup(text, "html.parser").get_text(" "))
    # compare without white space: builders wrap lines (and break words at hyphens)
    text = re.sub(r"\s+", "", text.replace("’", "'"))
    plan = seed_plan()
    missing = [name for o in plan.objectives
               for name in (o.name, *o.team, *(m.name for m in o.milestones))
               if re.sub(r"\s+", "", name) not in text]
    assert missing == []


def text_table_cells(text: str) -> str:
    """Cell texts of the text builder's grid tables, each cell's wrapped lines rejoined."""
    cells, row = [], None
    for line in text.splitlines() + ["+"]:
        if line.startswith("|") and not line.startswith("|="):
            parts = [part.strip() for part in line.strip().strip("|").split("|")]
            row = row or [[] for _ in parts]
            for column, part in zip(row, parts, strict=False):
                column.append(part)
        elif row:
            cells.extend(" ".join(column) for column in row)
            row = None
    return " ".join(cells)
