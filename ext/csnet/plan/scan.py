"""A line scanner for the milestones of old plan revisions: the shape volunteers write
(``- objective:``, ``milestones:``, ``- milestone:``, ``date:``, ``complete:``, one value a
line), read in about a millisecond where YAML takes fifteen and the tolerant reader a hundred.

Reading 500 revisions must cost little next to the build (issue 26). The scanner gives up
(``None``) on anything it does not fully understand (block or flow values, multi-line or
escaped quotes, anchors, tags, a line that is not ``key: value``), and the reader of
:mod:`csnet.plan.history` then reads that revision with YAML or the tolerant reader. A property
test checks that whenever it answers, it answers as the tolerant reader does.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..dates import parse_date
from .reader import is_done

_LINE = re.compile(r"^(?P<indent> *)(?P<dash>-[ ]+)?(?P<key>[A-Za-z_][\w-]*)[ \t]*:"
                   r"(?:[ \t]+(?P<value>.*?))?[ \t]*$")
_SKIP = re.compile(r"^\s*(#.*)?$")
_TOP = re.compile(r"^objectives[ \t]*:[ \t]*(#.*)?$")
_TOP_LINE = re.compile(r"^objectives[ \t]*:[ \t]*(#.*)?$", re.M)
_ANY_TOP = re.compile(r"^[\"']?objectives\b", re.M)
_NEXT_KEY = re.compile(r"\n[^\s#-]")
_FIRST_ITEM = re.compile(r"^(?![ \t]*(#|$))", re.M)
_COMMENT = re.compile(r"[ \t]+#.*$")
_SINGLE = re.compile(r"^'((?:[^']|'')*)'[ \t]*(#.*)?$")
_DOUBLE = re.compile(r'^"([^"\\]*)"[ \t]*(#.*)?$')
_NUMBER = re.compile(r"^[-+.]?[\d][\d_.eE+:-]*$|^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$")
_SPECIAL = {"null", "~", "true", "false", "yes", "no", "on", "off"}
_NULL = {"", "null", "Null", "NULL", "~"}


class Entry(NamedTuple):
    """One milestone as a revision had it (a tuple: revisions compare and sort fast)."""

    objective: str
    name: str
    date: str  # as the model normalises it (YYYY-MM-DD, or as written), "" when none
    complete: bool


class _GiveUp(Exception):
    """A line the scanner does not fully understand."""


def _value(raw: str | None) -> tuple[str, bool]:
    """``(text, quoted)`` of a one-line scalar."""
    found = _read_value(raw)
    if found is None:
        raise _GiveUp
    return found


@lru_cache(maxsize=65_536)
def _read_value(raw: str | None) -> tuple[str, bool] | None:
    try:
        return _scalar(raw)
    except _GiveUp:
        return None


def _scalar(raw: str | None) -> tuple[str, bool]:
    if raw is None:
        return "", False
    if raw[0] in "\"'":
        match = (_DOUBLE if raw[0] == '"' else _SINGLE).match(raw)
        if not match:
            raise _GiveUp
        return match[1].replace("''", "'") if raw[0] == "'" else match[1], True
    if raw[0] in "|>&*!{[%@`#":
        raise _GiveUp
    text = _COMMENT.sub("", raw).strip()
    if re.search(r":(\s|$)", text):
        raise _GiveUp  # YAML cannot read a plain value with ': ' in it
    return text, False


def _name(raw: str | None) -> str:
    text, quoted = _value(raw)
    if not quoted and (text.lower() in _SPECIAL or _NUMBER.match(text) or not text):
        raise _GiveUp  # YAML would read a boolean, a number or nothing: let it
    if not text.strip():
        raise _GiveUp
    return text.strip()


@lru_cache(maxsize=65_536)
def _line(line: str) -> str | None:
    """What a line is, remembered: revisions of a file share nearly all their lines."""
    if _SKIP.match(line):
        return None
    if _TOP.match(line):
        return "top"
    return "item" if line.startswith((" ", "-")) else "end"


@lru_cache(maxsize=65_536)
def _item(line: str) -> tuple[int, int, str, str | None] | None:
    match = _LINE.match(line)
    if not match:
        return None
    value = match["value"]
    value = None if not value or value.startswith("#") else value  # a comment is no value
    return len(match["indent"]), len(match["dash"] or ""), match["key"], value


@lru_cache(maxsize=65_536)
def _date(text: str):
    return parse_date(text)[0]


def scan(body: str) -> set[Entry] | None:
    """``{(objective, milestone, date, complete)}`` of the front matter ``body``, or
    ``None`` when it is not in the plain shape. Objectives written at the start of their
    lines (``- objective:``) are scanned one by one and remembered, so a revision that
    changed one objective costs one objective's scan."""
    if any(c in body for c in "\r\x85\u2028\u2029"):  # YAML line breaks too (trap 12)
        return None
    tops = [m for m in [_TOP_LINE.search(body)] if m]
    if body.count("objectives") != len(tops):  # rare: the word elsewhere too; look closely
        tops = list(_TOP_LINE.finditer(body))
        if len(tops) != len(_ANY_TOP.findall(body)):
            return None  # 'objectives:' with an anchor, a tag or a value: YAML decides
    if len(tops) == 1:
        block = body[tops[0].end():]
        after = _NEXT_KEY.search(block)
        block = block[: after.start() + 1] if after else block
        first = _FIRST_ITEM.search(block)
        if first is None or block.startswith("- ", first.start()):
            chunks = [_chunk(chunk) for chunk in block.split("\n- ")]
            return None if None in chunks else set().union(*chunks)
    return _entries(_objectives(body.split("\n")))


@lru_cache(maxsize=4096)
def _chunk(text: str) -> frozenset | None:
    lines = text.split("\n")
    lines[0] = "- " + lines[0] if lines[0].strip() and not lines[0].startswith("#") else \
        lines[0]
    found = _entries(_objectives(lines, inside=True))
    return None if found is None else frozenset(found)


def _objectives(lines: list[str], inside: bool = False) -> list[dict] | None:
    """The objectives of ``lines``, each with its milestones' raw values."""
    objectives: list[dict] = []
    try:
        for line in lines:
            kind = _line(line)
            if kind is None:
                continue
            if kind == "top":
                inside, objectives = True, []  # a second 'objectives:' replaces the first
                continue
            if kind == "end":
                inside = False
                continue
            if not inside:
                continue
            parsed = _item(line)
            if parsed is None:
                raise _GiveUp
            indent, dash, key, value = parsed
            column = indent + dash
            if dash and (not objectives or indent ==
                                  objectives[-1]["dash"]):
                objectives.append({"dash": indent, "column": column,
                                   "milestones": [], "list": None})
            objective = objectives[-1] if objectives else None
            if objective is None:
                raise _GiveUp
            if column == objective["column"] and not dash or (
                    dash and indent == objective["dash"]):
                objective["list"] = key if value is None else None
                if key == "objective":
                    objective["name"] = _name(value)
                continue
            if objective["list"] != "milestones":
                continue
            milestones = objective["milestones"]
            if dash and (not milestones or indent ==
                                  milestones[-1]["dash"]):
                milestones.append({"dash": indent, "column": column})
            if not milestones or column != milestones[-1]["column"]:
                raise _GiveUp
            milestone = milestones[-1]
            if key == "milestone":
                milestone["name"] = _name(value)
            elif key == "date":
                milestone["date"] = _value(value)
            elif key == "complete":
                milestone["complete"] = _value(value)
    except _GiveUp:
        return None
    return objectives


def _entries(objectives: list[dict] | None) -> set | None:
    if objectives is None:
        return None
    found = set()
    for objective in objectives:
        for milestone in objective["milestones"]:
            if "name" not in objective or "name" not in milestone:
                return None
            text, quoted = milestone.get("date", ("", False))
            date = None if not quoted and text in _NULL else _date(text)
            tick, quoted = milestone.get("complete", ("", False))
            complete = True if not quoted and tick.lower() == "on" else is_done(
                None if not quoted and tick in _NULL else tick)
            found.add(Entry(objective["name"], milestone["name"],
                            (date.iso() or date.raw) if date else "", complete))
    return found
