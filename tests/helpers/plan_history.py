"""A small Git repository of a plan: commits that tick, add, remove, re-date and rename
milestones (tests/test_plan_history*.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.helpers.git import git

SEPTEMBER = str(int(dt.datetime(2025, 9, 1, tzinfo=dt.UTC).timestamp()))

HEAD = """---
layout: business-plan
title: "A plan"
date: 2025-01-10
objectives:
- objective: "Mentoring programme"
  health: {health}
  note: "Waiting for a venue"
  milestones:
"""
TAIL = """---

## About

Intro.

## Our plan
"""


def milestone(name, date, complete=False, extra=""):
    return (f'  - milestone: "{name}"\n    date: {date}\n    complete: '
            f'{str(complete).lower()}\n{extra}')


#: (commit date, milestones): tick, add, re-date, remove, rename, over five commits
STEPS = [
    ("2025-01-10", [milestone("Recruit a lead", "2025-02-28"),
                    milestone("Open registrations", "2026-03-01"),
                    milestone("Run a survey", "2025-06-30")]),
    ("2025-03-14", [milestone("Recruit a lead", "2025-02-28", True),
                    milestone("Open registrations", "2026-03-01"),
                    milestone("Run a survey", "2025-06-30")]),
    ("2025-05-02", [milestone("Recruit a lead", "2025-02-28", True),
                    milestone("Open registrations", "2026-06-01"),
                    milestone("Run a survey", "2025-06-30"),
                    milestone("Publish lessons learnt", "2025-09-30")]),
    ("2025-07-01", [milestone("Recruit a lead", "2025-02-28", True),
                    milestone("Open registrations", "2026-06-01"),
                    milestone("Run a survey of mentors", "2025-06-30", True,
                              '    lead: "Ada Lovelace"\n'),
                    milestone("Publish lessons learnt", "2025-09-30", True,
                              "    completed: 2025-06-20\n")]),
    ("2025-08-15", [milestone("Recruit a lead", "2025-02-28", True),
                    milestone("Run a survey of mentors", "2025-06-30", True,
                              '    lead: "Ada Lovelace"\n'),
                    milestone("Publish lessons learnt", "2025-09-30", True,
                              "    completed: 2025-06-20\n")]),
]


def write_plan(folder: Path, milestones, health="at risk") -> None:
    text = HEAD.format(health=health) + "".join(milestones) + TAIL
    (folder / "index.md").write_text(text, "utf-8")


def make_repository(folder: Path) -> Path:
    """The plan's five commits in a new repository in ``folder``."""
    (folder / "conf.py").write_text(
        'extensions = ["csnet"]\n'
        'pdf_documents = [("index", "plan.pdf", None, None, {})]\n', "utf-8")
    git(folder, "init", "-q", "-b", "main")
    for day, milestones in STEPS:
        write_plan(folder, milestones)
        git(folder, "add", "-A")
        git(folder, "commit", "-q", "-m", f"Plan update {day}", date=f"{day}T12:00:00Z")
    return folder
