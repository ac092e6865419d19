"""The plan over time, from a small Git repository made here: commits that tick, add, remove,
re-date and rename milestones; read back from the HTML page and the plan's PDF."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from csnet.plan.changes import diff
from csnet.plan.history import Entry, Revision, read_history
from pypdf import PdfReader

from tests.helpers.git import git
from tests.helpers.plan_history import HEAD, SEPTEMBER, STEPS, TAIL, make_repository, write_plan
from tests.helpers.sphinx import build_app, warnings_of


@pytest.fixture(autouse=True, scope="module")
def build_day():
    """Built on 1 September 2025, after the last commit."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", SEPTEMBER)
        yield


@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    return make_repository(tmp_path_factory.mktemp("history"))


@pytest.fixture(scope="module")
def built(repository, tmp_path_factory):
    html = build_app(repository, "html", tmp_path_factory.mktemp("html-build"))
    pdf = build_app(repository, "pdf", tmp_path_factory.mktemp("pdf-build"))
    return html, pdf


def page_text(app) -> str:
    return (Path(app.outdir) / "index.html").read_text("utf-8")


def plain(markup: str) -> str:
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))
    return re.sub(r" ([.,:])", r"\1", words)


def test_history_has_a_revision_per_commit_that_changed_milestones(repository, tmp_path):
    revisions = read_history(repository / "index.md", tmp_path)
    assert [(r.date.isoformat(), r.done, r.total) for r in revisions] == [
        ("2025-01-10", 0, 3), ("2025-03-14", 1, 3), ("2025-05-02", 1, 4),
        ("2025-07-01", 3, 4), ("2025-08-15", 3, 3)]
    # a second read comes from the cache, whole, and is the same
    assert read_history(repository / "index.md", tmp_path) == revisions
    assert list(tmp_path.glob("csnet-plan-history-*.json"))


def test_no_git_no_history(tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    write_plan(folder, STEPS[0][1])
    assert read_history(folder / "index.md", tmp_path) == ()


def test_diff_names_every_kind_of_change():
    def rev(*items):
        return Revision("x", dt.date(2025, 1, 1), tuple(Entry("O", *i) for i in items))

    old = rev(("Recruit a lead", "2025-02-28", False), ("Open registrations", "2026-03-01",
                                                        False), ("Gone", "", False),
              ("Run a survey", "2025-06-30", False))
    new = rev(("Recruit a lead", "2025-02-28", True), ("Open registrations", "2026-06-01",
                                                       False), ("Run a survey of mentors",
                                                                "2025-06-30", False),
              ("New", "2025-09-30", False))
    kinds = sorted((c.kind, c.name) for c in diff(old, new))
    assert kinds == [("added", "New"), ("completed", "Recruit a lead"),
                     ("re-dated", "Open registrations"), ("removed", "Gone"),
                     ("renamed", "Run a survey of mentors")]


def test_page_shows_chart_table_changes_and_done_dates(built):
    html, _pdf = built
    text = page_text(html)
    words = plain(text)
    # the burn-up chart and its table, with the same figures
    assert 'csnet-burnup-chart" id=' in text and 'role="img"' in text
    for row in ("10 January 2025 0 3 0 %", "14 March 2025 1 3 33 %", "2 May 2025 1 4 25 %",
                "1 July 2025 3 4 75 %", "15 August 2025 3 3 100 %"):
        assert row in words
    # what changed in the last update, in words
    assert "Changes in the update of 15 August 2025, since the update of 1 July 2025" in words
    assert "Mentoring programme: 1 removed" in words
    assert "Removed: Open registrations (was due June 2026)" in words
    # when each was done: the ticking commit, or completed: which wins
    assert "Done 14 March 2025, 2 weeks late" in words
    assert "Done 1 July 2025, 1 week late" in words
    assert "Done 20 June 2025, on time" in words
    assert "Lead: Ada Lovelace" in words
    assert "Health: At risk. Waiting for a venue" in words
    assert "Of 3 milestones done with a known date, 1 on time and 2 late." in words
    assert not warnings_of(html)


def test_changes_between_two_dates(repository, tmp_path):
    source = tmp_path / "src"
    shutil.copytree(repository, source)
    page = source / "index.md"
    page.write_text(page.read_text("utf-8").replace(
        "## About", "## Since spring\n\n```{plan-changes}\n:from: 2025-02-01\n"
        ":to: 2025-05-31\n```\n\n## About"), "utf-8")
    git(source, "commit", "-q", "-am", "changes directive", date="2025-08-20T12:00:00Z")
    words = plain(page_text(build_app(source, "html")))
    assert "Changes from 1 February 2025 to 31 May 2025:" in words
    assert ("Mentoring programme: 1 milestone completed, 1 moved from March 2026 to June "
            "2026, 1 added") in words


def test_pdf_has_the_same_figures(built):
    _html, pdf = built
    reader = PdfReader(Path(pdf.outdir) / "plan.pdf")
    words = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert "Progress over time" in words and "What changed since the last update" in words
    assert "Done 14 March 2025, 2 weeks late" in words
    assert "Removed: Open registrations (was due June 2026)" in words
    assert "1 July 2025 3 4 75 %" in words


def test_as_of_never_before_the_latest_done(repository, tmp_path):
    """An old last_modified_at no one kept up to date does not judge work done after it."""
    source = tmp_path / "src"
    shutil.copytree(repository, source)
    page = source / "index.md"
    page.write_text(page.read_text("utf-8").replace(
        "date: 2025-01-10", "date: 2025-01-10\nlast_modified_at: 2018-06-01"), "utf-8")
    git(source, "commit", "-q", "-am", "old as-of", date="2025-08-20T12:00:00Z")
    words = plain(page_text(build_app(source, "html")))
    assert "Progress as of 1 July 2025" in words


def test_bad_health_is_a_located_warning(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "conf.py").write_text('extensions = ["csnet"]\n', "utf-8")
    write_plan(folder, STEPS[0][1], health="fine-ish")
    app = build_app(folder, "html")
    found = [w for w in warnings_of(app) if "csnet.wrong_type" in w]
    assert len(found) == 1 and "index.md:7" in found[0] and "on track" in found[0]
    words = plain(page_text(app))
    assert "no recorded history here" in words
    assert "0 of 3 milestones complete" in words


def test_bundled_plan_shows_this_repositorys_history(tmp_path):
    """The bundled plan's history comes from this repository's own commits."""
    docs = Path(__file__).parent.parent / "docs" / "publication" / "our-plan.md"
    if subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=docs.parent,
                      capture_output=True, text=True).stdout.strip() != "false":
        pytest.fail("the tests need the repository's full history (fetch-depth: 0)")
    revisions = read_history(docs, tmp_path)
    assert revisions and revisions[0].date == dt.date(2026, 11, 23)
    assert all(r.total > 100 for r in revisions)


def test_importer_carries_completion_dates_from_the_old_history(repository, tmp_path):
    """Given the old site as a Git checkout, each ticked milestone gets 'completed:' and an
    old last_modified_at is moved up to the latest of them."""
    from csnet.importer.front import read
    from csnet.importer.plan_history import carry_history

    source = tmp_path / "old"
    shutil.copytree(repository, source)
    page = source / "index.md"
    text = page.read_text("utf-8").replace("date: 2025-01-10",
                                           "date: 2025-01-10\nlast_modified_at: 2018-06-01")
    front, _body, _line = read(text, {})
    carry_history(page, front)
    lines = front.text.split("\n")
    assert "    completed: 2025-03-14" in lines  # Recruit a lead, ticked on 14 March
    assert "    completed: 2025-07-01" in lines  # renamed and ticked on 1 July
    assert lines.count("    completed: 2025-06-20") == 1  # written by hand: kept, not doubled
    assert "last_modified_at: 2025-07-01" in lines
    assert front.data["objectives"][0]["milestones"][0]["completed"] == "2025-03-14"


def test_current_plan_lists_its_earlier_versions(tmp_path):
    """A plan whose page another names in 'superseded-by:' links to it, with its as-of."""
    folder = tmp_path / "versions"
    folder.mkdir()
    (folder / "conf.py").write_text('extensions = ["csnet"]\n', "utf-8")
    (folder / "index.md").write_text("# Home\n\n```{toctree}\nplan\nplan-2018\n```\n", "utf-8")
    text = HEAD.format(health="on track") + STEPS[1][1][0] + TAIL
    (folder / "plan.md").write_text(text, "utf-8")
    old = text.replace('title: "A plan"', 'title: "Business plan 2018 to 2020"\n'
                       "superseded-by: /plan/\nlast_modified_at: 2020-03-01")
    (folder / "plan-2018.md").write_text(old, "utf-8")
    app = build_app(folder, "dirhtml")
    words = plain((Path(app.outdir) / "plan" / "index.html").read_text("utf-8"))
    assert ("Earlier versions of this plan: Business plan 2018 to 2020 (progress as of "
            "1 March 2020)") in words
    assert 'href="../plan-2018/"' in (Path(app.outdir) / "plan" / "index.html").read_text("utf-8")
    old_page = plain((Path(app.outdir) / "plan-2018" / "index.html").read_text("utf-8"))
    assert "Earlier versions of this plan" not in old_page


def test_a_commit_alone_updates_the_history_on_the_next_build(repository, tmp_path):
    """Ticked and built before committing: the update is dated by the build; committed
    (the file unchanged), the next incremental build dates it by the commit, as a clean one."""
    source = tmp_path / "src"
    shutil.copytree(repository, source)
    page = source / "index.md"
    page.write_text(page.read_text("utf-8").replace(
        'milestone: "Recruit a lead"\n    date: 2025-02-28\n    complete: true',
        'milestone: "Recruit a lead"\n    date: 2025-03-31\n    complete: true'), "utf-8")
    build = tmp_path / "build"
    words = plain(page_text(build_app(source, "html", build)))
    assert "Changes in the update of 1 September 2025, since the update of 15 August" in words
    git(source, "commit", "-q", "-am", "re-dated", date="2025-08-25T12:00:00Z")
    words = plain(page_text(build_app(source, "html", build)))
    assert "Changes in the update of 25 August 2025, since the update of 15 August" in words
    assert "Moved from February 2025 to March 2025: Recruit a lead" in words
    clean = plain(page_text(build_app(source, "html", tmp_path / "clean")))
    assert clean == words
