"""Read the business plan leniently from front matter, and validate it.

Volunteers edit the plan's YAML by hand. Validation (a JSON Schema, so editors can also use it
in their editor) reports every problem at its file and line, and the lenient reader below still
builds everything that can be read: a milestone with a bad date keeps its text and shows the
date as written; a key with a typo (``milestone:`` for ``milestones:``) is read as the key it
was meant to be, and reported. A module of its own because reading is a job of its own: the
typed plan it makes is :mod:`csnet.plan.model`.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from ..dates import parse_date
from ..frontmatter.model import FrontMatter, Unreadable
from ..locale import _
from ..logs import Warn
from ..slugs import slugify, unique
from ..yesno import yes_or_no
from .model import HEALTH_WORDS, Health, Milestone, Objective, Plan

SCHEMA = json.loads(resources.files(__package__).joinpath("schema.json").read_text("utf-8"))
#: a milestone's ``complete``: yes in any of its words (csnet.yesno), or that it is done
DONE_WORDS = frozenset({"done", "complete", "completed"})


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
        name = as_text(_pick(raw, "objective", SCHEMA["$defs"]["objective"])) or (
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
            description=as_text(raw.get("description")),
            details=as_text(raw.get("details")),
            complete=is_done(raw.get("complete")),
            team=tuple(_members(_pick(raw, "team", SCHEMA["$defs"]["objective"]))),
            milestones=tuple(sorted(milestones, key=lambda m: m.sort_key)),
            line=self.front.line(*path),
            unreadable=_sources(lost),
            health=self.health(raw.get("health"), (*path, "health"), name),
            note=as_text(raw.get("note")),
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
            name=as_text(_pick(raw, "milestone", spec)) or (
                _("Milestone that could not be read (line {line})").format(
                    line=lost[0].error_line) if lost
                else _("(milestone with no text)")),
            date=date,
            complete=is_done(_pick(raw, "complete", spec)),
            details=as_text(_pick(raw, "details", spec)),
            line=self.front.line(*path),
            unreadable=_sources(lost),
            lead=as_text(raw.get("lead")),
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


def as_text(value) -> str:
    """A plan value as the page shows it: text as written, a list or group as JSON."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value).strip()


def is_done(value) -> bool:
    """A milestone's ``complete``: a yes (csnet.yesno) or "done"; anything else is not done."""
    return yes_or_no(value) is True or (
        isinstance(value, str) and value.strip().lower() in DONE_WORDS)


def _members(value):
    items = value if isinstance(value, list) else [value] if value else []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if name:
            yield as_text(name)


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
