"""Front matter: kept as written, changed only where the new build could not read it.

Volunteers recognise their front matter (comments, tabs, the plan's YAML), and the URL keys
keep working, so the block is copied byte for byte. Only these change, each reported: values
that ``defaults:`` in ``_config.yml`` supplied (the new build does not read that file), a
``title`` for pages that had none (Jekyll made one from the file name), ``layout: news`` for
posts without a layout (the new build lists posts by layout), and a block for files that had
none at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..frontmatter import parse, split
from ..frontmatter.model import FrontMatter
from .body import Note


@dataclass
class Front:
    """The front matter of one page: its lines as written, what it says, what changed."""

    lines: list[str]  # the block, delimiters included (empty when the file had none)
    matter: FrontMatter
    notes: list[Note] = field(default_factory=list)

    @property
    def data(self) -> dict[str, Any]:
        return self.matter.data

    @property
    def length(self) -> int:
        return len(self.lines)

    def add(self, key: str, value: Any, why: str) -> None:
        """Append ``key: value`` before the closing ``---`` (or start a block)."""
        dumped = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False,
                                default_flow_style=False, width=1000).rstrip("\n")
        if not self.lines:
            self.lines = ["---", "---"]
        if key in self.data and "\n" not in dumped:  # present but empty: replace its line
            line = self.matter.line(key)
            self.lines[line - 1] = dumped
            verb = "replaced the empty value with"
        else:
            self.lines[-1:-1] = dumped.split("\n")
            line, verb = len(self.lines) - 1, "added"
        self.matter.data[key] = value
        self.notes.append(Note(line, f"front matter '{key}'", "changed",
                               f"{verb} {dumped.split(chr(10))[0]!r}: {why}"))

    def set(self, key: str, value: Any, why: str) -> None:
        """Give ``key`` a new value: its lines (a nested block too) replaced, or appended."""
        if key not in self.data:
            self.add(key, value, why)
            return
        first = self.matter.line(key) - 1
        last = first + 1
        while last < len(self.lines) - 1 and self.lines[last][:1] in (" ", "\t", "-", "#"):
            last += 1
        dumped = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False,
                                default_flow_style=False, width=1000).rstrip("\n")
        self.lines[first:last] = dumped.split("\n")
        problems = self.matter.problems
        self.matter = parse("\n".join(self.lines))  # the lines after it moved
        self.matter.problems = problems
        self.notes.append(Note(first + 1, f"front matter '{key}'", "changed",
                               f"now {dumped.split(chr(10))[0]!r}: {why}"))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


#: keys whose repeats only add to the first: given twice, they are merged into one list, so
#: every old address still redirects and the content manager (which refuses a key given twice,
#: reference/developer.md#trap-decap-yaml) can open the page
MERGED_REPEATS = ("redirect_from",)


def _merge_repeats(front: Front) -> None:
    for key in MERGED_REPEATS:
        starts = [i for i, line in enumerate(front.lines[1:-1], 1)
                  if re.match(rf"{key}[ \t]*:", line)]
        if len(starts) < 2:
            continue
        blocks, values = [], []
        for start in starts:
            end = start + 1
            while end < len(front.lines) - 1 and front.lines[end][:1] in (" ", "\t", "-", "#"):
                end += 1
            blocks.append((start, end))
            read = parse("\n".join(["---", *front.lines[start:end], "---"]))
            if read.problems:
                return  # not a plain list: left for a person, as the build says
            value = read.data.get(key)
            for item in value if isinstance(value, list) else [value]:
                if not isinstance(item, str) and item is not None:
                    return
                if item and item not in values:
                    values.append(item)
        dumped = yaml.safe_dump({key: values}, allow_unicode=True, sort_keys=False,
                                default_flow_style=False, width=1000).rstrip("\n")
        for start, end in reversed(blocks[1:]):
            del front.lines[start:end]
        front.lines[blocks[0][0]:blocks[0][1]] = dumped.split("\n")
        problems = [(line, problem) for line, problem in front.matter.problems
                    if f"'{key}:' is given" not in problem]  # at the old file's lines
        front.matter = parse("\n".join(front.lines))
        front.matter.problems = problems
        front.notes.append(Note(starts[1] + 1, f"front matter '{key}'", "changed",
                                f"given {len(starts)} times: merged into one list, so every "
                                "old address still redirects and the content manager can open "
                                "the page"))


def read(text: str, defaults: dict[str, Any]) -> tuple[Front, str, int]:
    """Split ``text`` into its front matter and ``(body, first body line)``."""
    _, length = split(text)
    lines = text.split("\n")
    front = Front(lines[:length], parse(text))
    _merge_repeats(front)
    for line in front.matter.edge_lines:  # the same text, in a form Decap reads too
        front.lines[line - 1] = "  " + front.lines[line - 1]
    if front.matter.edge_lines:
        front.matter.problems = [p for p in front.matter.problems
                                 if p.line not in front.matter.edge_lines]
        front.notes.append(Note(front.matter.edge_lines[0], "front matter YAML", "changed",
                                "indented the lines of quoted text that started at the left "
                                "edge, which the content manager cannot read (same text)"))
    for line, problem in front.matter.problems:
        front.notes.append(Note(line, "front matter YAML", "check",
                                f"{problem}; kept as written, the build warns until it is fixed"))
    if not length:
        front.notes.append(Note(1, "front matter", "changed", "the file had none; added one"))
    for key, value in defaults.items():
        if key not in front.data and key != "permalink":
            front.add(key, value, "a default from _config.yml, which the new build does not read")
    return front, "\n".join(lines[length:]), length + 1
