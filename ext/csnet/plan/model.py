"""The business plan as typed data, read leniently from front matter and validated.

Volunteers edit the plan's YAML by hand. Validation (a JSON Schema, so editors can also use it
in their editor) reports every problem at its file and line, and the lenient reader below still
builds everything that can be read: a milestone with a bad date keeps its text and shows the
date as written; a key with a typo (``milestone:`` for ``milestones:``) is read as the key it
was meant to be, and reported.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from functools import cache
from importlib import resources

from ..dates import YEARS, DateValue, long_date, month_year, parse_date
from ..frontmatter.model import FrontMatter, Unreadable
from ..locale import N_, _, ngettext
from ..logs import Warn
from ..slugs import slugify, unique

SCHEMA = json.loads(resources.files(__package__).joinpath("schema.json").read_text("utf-8"))
_TRUE_WORDS = {"true", "yes", "y", "1", "done", "complete", "completed"}


class Status(StrEnum):
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

    @property
    def label(self) -> str:
        """The status in the page's language (the value is the English msgid)."""
        return _(self.value)

    @property
    def css(self) -> str:
        return "status-" + self.name.lower().replace("_", "-")


class Health(StrEnum):
    """An objective's ``health:``, as its leads judge it (the dates judge the status)."""

    ON_TRACK = N_("On track")
    AT_RISK = N_("At risk")
    OFF_TRACK = N_("Off track")

    @property
    def label(self) -> str:
        return _(self.value)

    @property
    def css(self) -> str:
        return "health-" + self.name.lower().replace("_", "-")


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
        blob = json.dumps(self.as_json(), sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()


@cache
def _validator():
    """jsonschema loads its meta-schemas on import: only builds with a plan pay for that."""
    import jsonschema

    return jsonschema.Draft202012Validator(SCHEMA)


@dataclass
class Problem:
    subtype: Warn
    message: str
    line: int


@dataclass
class _Reader:
    """Builds a :class:`Plan` from raw front matter, collecting located problems."""

    front: FrontMatter
    problems: list[Problem] = field(default_factory=list)

    def report(self, subtype: Warn, message: str, path) -> None:
        self.problems.append(Problem(subtype, message, self.front.line(*path)))

    # -- schema --------------------------------------------------------------------------
    def validate(self, objectives, base) -> None:
        for error in _validator().iter_errors(objectives):
            path = (*base, *error.absolute_path)
            if error.validator in ("required", "additionalProperties") and self.unread(
                    path, below=False):
                continue  # the key may be in the lines YAML could not read: warned already
            where = describe(self.front.data, path)
            if error.validator == "required":
                for key in error.validator_value:
                    if isinstance(error.instance, dict) and key not in error.instance:
                        self.report(
                            Warn.MISSING_KEY,
                            f"{where} has no '{key}:' key; add one ({_example(key)})",
                            path,
                        )
            elif error.validator == "additionalProperties":
                known = list(error.schema.get("properties", {}))
                for key in error.instance:
                    if key in known:
                        continue
                    guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                    hint = (
                        f"did you mean '{guess[0]}:'?" if guess
                        else f"the keys allowed here are: {', '.join(known)}"
                    )
                    self.report(Warn.UNKNOWN_KEY, f"{where}: unknown key '{key}:'; {hint}",
                                (*path, key))
            elif error.validator == "type":
                expected = error.validator_value
                expected = expected if isinstance(expected, list) else [expected]
                wanted = " or ".join(_TYPE_WORDS[t] for t in expected if t != "null")
                self.report(
                    Warn.WRONG_TYPE,
                    f"{where} should be {wanted}, not {_kind(error.instance)} "
                    f"({_short(error.instance)})",
                    path,
                )
            else:  # pragma: no cover - the schema uses only the validators above
                self.report(Warn.WRONG_TYPE, f"{where}: {error.message}", path)

    # -- lenient reading -----------------------------------------------------------------
    def plan(self, docname: str, title: str) -> Plan:
        raw = self.front.data.get("objectives")
        base = ("objectives",)
        lost = [u for u in self.front.unreadable.get((), []) if u.key == "objectives"]
        lost += self.front.unreadable.get(base, [])
        if lost:  # what YAML could not read was warned about: say nothing more of it
            raw = raw if isinstance(raw, list) else []
        self.validate(raw, base)
        if isinstance(raw, dict):
            raw = [raw]
        elif not isinstance(raw, list):
            raw = []
        taken: set[str] = set()
        objectives = [
            self.objective(item, (*base, index), taken)
            for index, item in enumerate(raw)
            if item is not None
        ]
        objectives += [self.unreadable_objective(piece, taken) for piece in lost]
        return Plan(docname, title, tuple(sorted(objectives, key=lambda o: o.line)))

    # -- what YAML could not read ----------------------------------------------------------
    def unread(self, path, below: bool = True, skip=None) -> list[Unreadable]:
        """Pieces YAML could not read at ``path`` (and below it, except under ``skip``)."""
        path = tuple(path)
        return [
            piece
            for where, pieces in self.front.unreadable.items()
            if where == path or (below and where[: len(path)] == path and where != path
                                 and not (skip and where[: len(skip)] == skip))
            for piece in pieces
        ]

    def unreadable_objective(self, piece: Unreadable, taken: set[str]) -> Objective:
        name = _("Objective that could not be read (line {line})").format(
            line=piece.error_line)
        return Objective(name=name, slug=unique(slugify(name), taken), description="",
                         details="", complete=False, team=(), milestones=(),
                         line=piece.error_line, unreadable=piece.source)

    def objective(self, raw, path, taken: set[str]) -> Objective:
        raw = raw if isinstance(raw, dict) else {"objective": raw}
        milestones_key = _key_for(raw, "milestones", SCHEMA["$defs"]["objective"])
        lost = self.unread(path, skip=(*path, milestones_key or "milestones"))
        name = _text(_pick(raw, "objective", SCHEMA["$defs"]["objective"])) or (
            _("Objective that could not be read (line {line})").format(
                line=lost[0].error_line) if lost
            else _("Untitled objective (line {line})").format(line=self.front.line(*path))
        )
        items = raw.get(milestones_key) if milestones_key else None
        items = items if isinstance(items, list) else [items] if items else []
        milestones = [
            self.milestone(item, (*path, milestones_key, index), name)
            for index, item in enumerate(items)
            if item is not None
        ]
        milestones += [
            Milestone(name=f"Milestone that could not be read (line {piece.error_line})",
                      date=None, complete=False, details="", line=piece.error_line,
                      unreadable=piece.source)
            for piece in self.unread((*path, milestones_key or "milestones"), below=False)
        ]
        self.find_duplicates(milestones, name, (*path, milestones_key))
        return Objective(
            name=name,
            slug=unique(slugify(name), taken),
            description=_text(raw.get("description")),
            details=_text(raw.get("details")),
            complete=_flag(raw.get("complete")),
            team=tuple(_members(_pick(raw, "team", SCHEMA["$defs"]["objective"]))),
            milestones=tuple(sorted(milestones, key=lambda m: m.sort_key)),
            line=self.front.line(*path),
            unreadable=_sources(lost),
            health=self.health(raw.get("health"), (*path, "health"), name),
            note=_text(raw.get("note")),
        )

    def health(self, value, path, objective: str) -> Health | None:
        if value is None or value == "":
            return None
        words = " ".join(str(value).replace("-", " ").replace("_", " ").lower().split())
        if words in HEALTH_WORDS:
            return HEALTH_WORDS[words]
        self.report(Warn.WRONG_TYPE, f"objective '{objective}': 'health: {_clip(value)}' is "
                    "not a health we know; write 'health: on track', 'health: at risk' or "
                    "'health: off track', or leave it out", path)
        return None

    def milestone(self, raw, path, objective: str) -> Milestone:
        raw = raw if isinstance(raw, dict) else {"milestone": raw}
        spec = SCHEMA["$defs"]["milestone"]
        date_key = _key_for(raw, "date", spec)
        date, problem = parse_date(raw.get(date_key) if date_key else None)
        if problem:
            where = describe(self.front.data, path)
            self.report(Warn.DATE, f"{where}: {problem}", (*path, date_key))
        lost = self.unread(path)
        completed, problem = parse_date(raw.get("completed"))
        if problem or (completed and not completed.date):
            where = describe(self.front.data, path)
            self.report(Warn.DATE, f"{where}: 'completed:' {problem or 'is not a date'}; write "
                        "the day it was done as YYYY-MM-DD", (*path, "completed"))
            completed = None
        return Milestone(
            name=_text(_pick(raw, "milestone", spec)) or (
                _("Milestone that could not be read (line {line})").format(
                    line=lost[0].error_line) if lost
                else _("(milestone with no text)")),
            date=date,
            complete=_flag(_pick(raw, "complete", spec)),
            details=_text(_pick(raw, "details", spec)),
            line=self.front.line(*path),
            unreadable=_sources(lost),
            lead=_text(raw.get("lead")),
            completed=completed,
            done_on=completed.date if completed else None,
        )

    def find_duplicates(self, milestones: list[Milestone], objective: str, path) -> None:
        seen: dict[tuple, Milestone] = {}
        for milestone in milestones:
            key = (milestone.name, milestone.date, milestone.complete, milestone.details)
            if key in seen:
                self.problems.append(Problem(
                    Warn.DUPLICATE,
                    f"objective '{objective}': milestone '{milestone.name}' is an exact "
                    f"duplicate of the one on line {seen[key].line}; delete one, or change "
                    "its date if both are meant",
                    milestone.line,
                ))
            else:
                seen[key] = milestone


def read_plan(front: FrontMatter, docname: str, title: str) -> tuple[Plan, list[Problem]]:
    """Validate and read the plan in ``front``; problems are returned, never raised."""
    reader = _Reader(front)
    plan = reader.plan(docname, title)
    return plan, sorted(reader.problems, key=lambda p: p.line)


# -- helpers ------------------------------------------------------------------------------
def _sources(pieces: list[Unreadable]) -> str:
    return "\n".join(piece.source for piece in sorted(pieces, key=lambda p: p.line))


_TYPE_WORDS = {
    "string": "text", "boolean": "true or false", "array": "a list ('- ' items)",
    "object": "'key: value' lines", "null": "empty",
}  # fmt: skip


def _key_for(raw: dict, key: str, spec: dict) -> str | None:
    """``key`` if present, else an unknown key that is a close misspelling of it."""
    if key in raw:
        return key
    known = spec.get("properties", {})
    for candidate in raw:
        if candidate not in known and difflib.get_close_matches(candidate, [key], cutoff=0.6):
            return candidate
    return None


def _pick(raw: dict, key: str, spec: dict):
    found = _key_for(raw, key, spec)
    return raw.get(found) if found else None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value).strip()


def _flag(value) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in _TRUE_WORDS if value is not None else False


def _members(value):
    items = value if isinstance(value, list) else [value] if value else []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if name:
            yield _text(name)


def _kind(value) -> str:
    for kind, types in (("text", str), ("true/false", bool), ("a number", int | float),
                        ("a list", list), ("'key: value' lines", dict)):
        if isinstance(value, types):
            return kind
    return "empty" if value is None else type(value).__name__


def _short(value) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) < 50 else text[:47] + "..."


def _example(key: str) -> str:
    return {
        "objective": 'objective: "Name of the objective"',
        "milestone": 'milestone: "What will be done"',
        "name": 'name: "Their name"',
    }.get(key, f"{key}: ...")


def describe(data: dict, path) -> str:
    """A human name for a place in the plan: "objective 'Pride', milestone 3 ('Submit…')"."""
    parts, node = [], data
    for index, step in enumerate(path):
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(step, int) and index > 0:
            kind = {"objectives": "objective", "milestones": "milestone", "team": "team member"}
            label = kind.get(str(path[index - 1]), "item")
            name = None
            if isinstance(node, dict):
                name = node.get("objective") or node.get("milestone") or node.get("name")
            if label == "objective" and name:
                parts.append(f"objective '{name}'")
            else:
                parts.append(f"{label} {step + 1}" + (f" ('{_clip(name)}')" if name else ""))
        elif isinstance(step, str) and step not in ("objectives", "milestones", "team"):
            parts.append(f"'{step}'")
    return ", ".join(parts) or "the plan"


def _clip(text, width: int = 40) -> str:
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "…"
