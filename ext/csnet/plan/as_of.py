"""The date each plan is judged as of: when its data was last brought up to date.

Judging a 2021 plan against today calls every milestone overdue. So each plan is judged as of
``updated:`` (or Jekyll's ``last_modified_at:``) in its front matter, else the day of the last
git commit that changed its file, else the page's ``date:``, else the build date;
``plan_as_of`` in ``conf.py`` overrides all of them (what-if and reproducible builds).

Git is asked with one ``git log -1`` per plan file (a few milliseconds; a site has one or two
plans), not through an extension that dates every page. A shallow clone would date every file
by its newest commit, so history is used only when it is complete (the deploy workflow checks
out with ``fetch-depth: 0``); a file with uncommitted changes is being edited now, so it is
judged as of the build date.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from functools import cache
from pathlib import Path

from ..dates import long_date, parse_date
from ..locale import _
from ..logs import Warn, warn
from ..site import PageInfo

STALE_MONTHS = 6
FRONT_MATTER_KEYS = ("updated", "last_modified_at")


def as_of(info: PageInfo, source: Path, configured: dt.date | None, today: dt.date,
          ) -> tuple[dt.date, str]:
    """``(date, where it came from)`` for the plan on ``info``'s page."""
    if configured:
        return configured, "conf.py"
    for key in FRONT_MATTER_KEYS:
        if info.data.get(key) is None:
            continue
        value, problem = parse_date(info.data[key])
        if value and value.date and not problem:
            return value.date, key
        warn(Warn.DATE, f"'{key}: {info.data[key]}' is not a date; write the day the plan "
             "was last brought up to date as YYYY-MM-DD", (info.docname, info.front.line(key)))
    committed = git_date(source, today)
    if committed:
        return committed, "git"
    if info.date and info.date.date:
        return info.date.date, "date"
    return today, "build"


def git_date(path: Path, today: dt.date) -> dt.date | None:
    """The day of the last commit that changed ``path``; ``today`` while it has uncommitted
    changes; ``None`` without git, outside a repository or in a shallow clone."""
    root = _repository(path.parent)
    if root is None:
        return None
    log = _git(path.parent, "log", "-1", "--format=%cs", "--", path.name)
    if not log:
        return None  # never committed
    if _git(path.parent, "status", "--porcelain", "--", path.name):
        return today
    try:
        return dt.date.fromisoformat(log)
    except ValueError:
        return None


@cache
def _repository(folder: Path) -> str | None:
    """The repository holding ``folder``, if git is there and its history is complete."""
    if _git(folder, "rev-parse", "--is-shallow-repository") != "false":
        return None
    return _git(folder, "rev-parse", "--show-toplevel")


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True,
                              timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def is_stale(as_of: dt.date, today: dt.date) -> bool:
    """More than six months before the build."""
    months = (today.year - as_of.year) * 12 + today.month - as_of.month
    return months > STALE_MONTHS or (months == STALE_MONTHS and today.day > as_of.day)


def progress_as_of(as_of: dt.date) -> str:
    return _("Progress as of {date}").format(date=long_date(as_of))


def stale_note(as_of: dt.date) -> str:
    return _("This plan has not been updated since {date}: statuses show how things stood "
             "then, not today.").format(date=long_date(as_of))
