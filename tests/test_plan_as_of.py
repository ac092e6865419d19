"""Each plan is judged as of its own last update: front matter, git history, or its date."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from csnet.plan.as_of import is_stale

from tests.helpers.git import git
from tests.helpers.sphinx import build_app, warnings_of

PLAN = """---
layout: business-plan
title: "A plan"
date: 2021-11-15
{extra}objectives:
- objective: "Mentoring programme"
  milestones:
  - milestone: "Recruit a lead"
    date: 2021-12-31
  - milestone: "Open registrations"
    date: 2022-04-01
---

## Our plan
"""
FEBRUARY = str(int(dt.datetime(2022, 2, 1, tzinfo=dt.UTC).timestamp()))


def project(folder, extra: str = "", conf: str = ""):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conf.py").write_text(f'extensions = ["csnet"]\n{conf}', "utf-8")
    (folder / "index.md").write_text(PLAN.format(extra=extra), "utf-8")
    return folder


def as_of_on_page(app) -> str:
    text = (app.outdir / "index.html").read_text("utf-8")
    start = text.index("Progress as of ")
    return text[start:text.index(".", start)]


@pytest.fixture(autouse=True)
def build_day(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FEBRUARY)  # built on 1 February 2022


def test_updated_then_last_modified_at_then_date(tmp_path):
    app = build_app(project(tmp_path / "u", "updated: 2021-12-20\n"), "html")
    assert as_of_on_page(app) == "Progress as of 20 December 2021"
    app = build_app(project(tmp_path / "l", "last_modified_at: 2021-12-21T10:00:00Z\n"), "html")
    assert as_of_on_page(app) == "Progress as of 21 December 2021"
    app = build_app(project(tmp_path / "d"), "html")  # no git here: the page's date
    assert as_of_on_page(app) == "Progress as of 15 November 2021"
    page = (app.outdir / "index.html").read_text("utf-8")
    assert "Due December 2021" in page and "csnet-status status-overdue" not in page


def test_plan_as_of_overrides_every_plan_and_never_says_stale(tmp_path):
    app = build_app(project(tmp_path / "p", "updated: 2021-12-20\n"), "html",
                    plan_as_of="2023-01-01")
    assert as_of_on_page(app) == "Progress as of 1 January 2023"
    assert "has not been updated" not in (app.outdir / "index.html").read_text("utf-8")
    assert warnings_of(app) == []


def test_a_bad_updated_date_is_reported_and_the_next_source_used(tmp_path):
    app = build_app(project(tmp_path / "b", "updated: last week\n"), "html")
    assert as_of_on_page(app) == "Progress as of 15 November 2021"
    [warning] = warnings_of(app)
    assert "index.md:5: WARNING: 'updated: last week' is not a date" in warning
    assert "[csnet.date]" in warning


def test_git_history_dates_the_plan_and_a_commit_alone_refreshes_it(tmp_path):
    src = project(tmp_path / "g")
    git(src, "init", "-q")
    git(src, "add", ".")
    git(src, "commit", "-q", "-m", "Plan")
    builddir = tmp_path / "out"
    app = build_app(src, "html", builddir=builddir)
    assert as_of_on_page(app) == "Progress as of 10 January 2022"
    # a new commit date without touching the file (as after a rebase): Sphinx sees no change
    git(src, "commit", "-q", "--amend", "--no-edit", "--reset-author",
        date="2022-01-20T12:00:00Z")
    app = build_app(src, "html", builddir=builddir)
    assert as_of_on_page(app) == "Progress as of 20 January 2022"
    # uncommitted edits are being made now: judged as of the build date
    (src / "index.md").write_text(PLAN.format(extra="") + "\nMore.\n", "utf-8")
    app = build_app(src, "html", builddir=builddir)
    assert as_of_on_page(app) == "Progress as of 1 February 2022"


def test_a_shallow_clone_does_not_date_every_file_by_its_newest_commit(tmp_path):
    src = project(tmp_path / "origin")
    git(src, "init", "-q")
    git(src, "add", ".")
    git(src, "commit", "-q", "-m", "Plan")
    (src / "other.md").write_text("# Other\n", "utf-8")
    git(src, "add", ".")
    git(src, "commit", "-q", "-m", "Later", date="2022-01-25T12:00:00Z")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", src.as_uri(), str(clone)],
                   check=True, capture_output=True)
    app = build_app(clone, "html")
    assert as_of_on_page(app) == "Progress as of 15 November 2021"  # its date, not 25 Jan


def test_a_plan_older_than_six_months_says_so_and_warns(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(
        2022, 5, 16, tzinfo=dt.UTC).timestamp())))
    app = build_app(project(tmp_path / "s", "updated: 2021-11-15\n"), "html")
    page = (app.outdir / "index.html").read_text("utf-8")
    assert "This plan has not been updated since 15 November 2021" in page
    [warning] = warnings_of(app)
    assert "index.md:5: WARNING: this plan was last updated on 15 November 2021" in warning
    assert "[csnet.stale_plan]" in warning


@pytest.mark.parametrize(("as_of", "today", "stale"), [
    ("2021-11-15", "2022-05-15", False), ("2021-11-15", "2022-05-16", True),
    ("2021-11-30", "2022-05-31", True), ("2021-11-30", "2022-05-30", False),
    ("2022-01-01", "2021-12-01", False),
])
def test_six_months_is_counted_in_calendar_months(as_of, today, stale):
    assert is_stale(dt.date.fromisoformat(as_of), dt.date.fromisoformat(today)) is stale
