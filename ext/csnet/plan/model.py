"""The business plan as typed data: milestones, objectives and the plan, and their statuses.

What the plan *is*, judged as of a date; :mod:`csnet.plan.reader` builds it from a page's front
matter, leniently, and reports every problem at its line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import asdict, dataclass, replace
from enum import StrEnum

from ..dates import YEARS, DateValue, long_date, month_year
from ..locale import N_, _, ngettext
from ..outputs import digest


class Judged(StrEnum):
    """A judgement in words: the value is the English msgid, and the CSS class derives from
    the kind and the name (``status-on-track``, ``health-at-risk``), so colour is never alone."""

    @property
    def label(self) -> str:
        """The judgement in the page's language."""
        return _(self.value)

    @property
    def css(self) -> str:
        return f"{type(self).__name__.lower()}-" + self.name.lower().replace("_", "-")


class Status(Judged):
    """Status in words; CSS classes derive from the name, so colour is never alone.

    Milestones are Complete, Overdue, Due (shown with its month: "Due March 2022"), Date to be
    confirmed or Could not be read: only what the data says. An objective is Complete, Behind
    schedule (some milestone overdue: "Overdue" would read as the whole objective failed),
    On track (nothing overdue yet), No milestones yet, or Could not be read.
    """

    COMPLETE = N_("Complete")
    OVERDUE = N_("Overdue")
    DUE = N_("Due")
    UNDATED = N_("Date to be confirmed")
    UNREADABLE = N_("Could not be read")
    BEHIND = N_("Behind schedule")
    ON_TRACK = N_("On track")
    NO_MILESTONES = N_("No milestones yet")


class Health(Judged):
    """An objective's ``health:``, as its leads judge it (the dates judge the status)."""

    ON_TRACK = N_("On track")
    AT_RISK = N_("At risk")
    OFF_TRACK = N_("Off track")


#: what volunteers write for each health (RAG words too), spaces and case aside
HEALTH_WORDS = {**{h.value.lower(): h for h in Health}, "green": Health.ON_TRACK,
                "amber": Health.AT_RISK, "red": Health.OFF_TRACK, "ok": Health.ON_TRACK,
                "fine": Health.ON_TRACK, "risk": Health.AT_RISK}

MILESTONE_STATUSES = (Status.COMPLETE, Status.OVERDUE, Status.DUE, Status.UNDATED,
                      Status.UNREADABLE)
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})-")


@dataclass(frozen=True)
class Milestone:
    name: str
    date: DateValue | None
    complete: bool
    details: str
    line: int
    #: the item's source lines when YAML could not read them (shown as written, marked)
    unreadable: str = ""
    lead: str = ""
    #: ``completed:`` as written, which wins over the history
    completed: DateValue | None = None
    #: the day it was done: ``completed:``, else the commit that ticked it (set after reading)
    done_on: dt.date | None = None

    def lateness(self) -> int | None:
        """Days after its target it was done (0 or less: on time); ``None``: not known."""
        if not self.complete or self.done_on is None or self.due is None:
            return None
        return (self.done_on - self.due).days

    def done_text(self) -> str:
        """'Done 3 March 2022, on time' or 'Done 3 March 2022, 2 weeks late'; '' unknown."""
        if not self.complete or self.done_on is None:
            return ""
        late = self.lateness()
        done = _("Done {date}").format(date=long_date(self.done_on))
        if late is None:
            return done
        if late <= 0:
            return _("{done}, on time").format(done=done)
        weeks = -(-late // 7)
        return ngettext("{done}, {count} week late", "{done}, {count} weeks late",
                        weeks).format(done=done, count=weeks)

    @property
    def month(self) -> tuple[int, int] | None:
        """(year, month) the date names, also when the day is impossible (2022-06-31)."""
        if self.date is None:
            return None
        if self.date.date:
            return self.date.date.year, self.date.date.month
        match = _MONTH.match(self.date.raw)
        if match and int(match[1]) in YEARS and 1 <= int(match[2]) <= 12:
            return int(match[1]), int(match[2])
        return None

    @property
    def due(self) -> dt.date | None:
        """The last day it is on time: its date, or the last day of the month it names."""
        if self.date and self.date.date:
            return self.date.date
        if self.month is None:
            return None
        year, month = self.month
        return dt.date(year, month, calendar.monthrange(year, month)[1])

    def when(self) -> str:
        """'March 2022', or 'Date to be confirmed': never the raw text."""
        if self.month is None:
            return Status.UNDATED.label
        return month_year(*self.month)

    def status(self, as_of: dt.date) -> Status:
        if self.unreadable:
            return Status.UNREADABLE
        if self.complete:
            return Status.COMPLETE
        if self.due is None:
            return Status.UNDATED
        return Status.OVERDUE if self.due < as_of else Status.DUE

    def status_text(self, as_of: dt.date) -> str:
        """The status as a reader sees it: "Due March 2022" rather than "Due"."""
        status = self.status(as_of)
        return _("Due {month}").format(month=self.when()) if status is Status.DUE \
            else status.label

    @property
    def sort_key(self) -> tuple:
        return self.date.sort_key if self.date else (dt.date.max, "")


@dataclass(frozen=True)
class Objective:
    name: str
    slug: str
    description: str
    details: str
    complete: bool
    team: tuple[str, ...]
    milestones: tuple[Milestone, ...]  # sorted by date, undated last
    line: int
    #: the item's source lines when YAML could not read them (shown as written, marked)
    unreadable: str = ""
    health: Health | None = None  # how its leads judge it, besides what the dates say
    note: str = ""

    @property
    def completed(self) -> int:
        return sum(m.complete and not m.unreadable for m in self.milestones)

    def overdue(self, as_of: dt.date) -> int:
        return sum(m.status(as_of) is Status.OVERDUE for m in self.milestones)

    def next_due(self, as_of: dt.date) -> Milestone | None:
        """The first milestone still to come (not complete, not yet overdue)."""
        return next((m for m in self.milestones if m.status(as_of) is Status.DUE), None)

    def status(self, as_of: dt.date) -> Status:
        total, done = len(self.milestones), self.completed
        if self.unreadable:
            return Status.UNREADABLE
        if self.complete or (total and done == total):
            return Status.COMPLETE
        if self.overdue(as_of):
            return Status.BEHIND
        return Status.ON_TRACK if total else Status.NO_MILESTONES


@dataclass(frozen=True)
class Plan:
    docname: str
    title: str
    objectives: tuple[Objective, ...]
    #: the date statuses are judged by (see :mod:`csnet.plan.as_of`), and where it came from
    as_of: dt.date | None = None
    as_of_source: str = ""
    #: the plan's revisions in Git, oldest first (:mod:`csnet.plan.history`)
    history: tuple = ()
    history_head: str = ""  # the file's last commit, "" without history

    @property
    def milestones(self) -> list[tuple[Objective, Milestone]]:
        return [(o, m) for o in self.objectives for m in o.milestones]

    def find(self, name: str) -> Objective | None:
        """An objective by name or anchor, ignoring case."""
        wanted = name.strip().lower()
        for objective in self.objectives:
            if wanted in (objective.name.lower(), objective.slug):
                return objective
        return None

    def as_json(self) -> dict:
        """Plain data for the JSON export and for change detection."""
        data = asdict(replace(self, history=()))
        data["history"] = [{"date": r.date.isoformat(), "commit": r.commit, "complete": r.done,
                            "milestones": r.total} for r in self.history]
        for objective, source in zip(data["objectives"], self.objectives, strict=True):
            for milestone, kept in zip(objective["milestones"], source.milestones, strict=True):
                date = kept.date
                milestone["date"] = (date.iso() or date.raw) if date else None
                done = kept.completed
                milestone["completed"] = (done.iso() or done.raw) if done else None
                milestone["done_on"] = kept.done_on.isoformat() if kept.done_on else None
        data["as_of"] = self.as_of.isoformat() if self.as_of else None
        return data

    def without_duplicates(self) -> Plan:
        """The plan with each exact duplicate milestone shown once (the reader warns)."""
        objectives = []
        for objective in self.objectives:
            seen: set[tuple] = set()
            kept = []
            for milestone in objective.milestones:
                key = (milestone.name, milestone.date, milestone.complete, milestone.details,
                       milestone.unreadable)
                if key not in seen:
                    seen.add(key)
                    kept.append(milestone)
            objectives.append(replace(objective, milestones=tuple(kept)))
        return replace(self, objectives=tuple(objectives))

    def digest(self) -> str:
        """What the plan's pages are made from, for change detection."""
        return digest(self.as_json())
