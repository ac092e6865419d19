"""What reading a front-matter block gives: its values, the line of each, and its problems.

The types every other part of :mod:`csnet.frontmatter` fills in, and the limits they keep to;
the page record (:mod:`csnet.site`) and the plan keep them, so they live apart from the reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

#: how deep values may nest (brackets, or indentation): no page needs more, and the YAML
#: composer recurses (libyaml's overflows the C stack on about 100,000 brackets)
MAX_DEPTH = 50
#: values one alias may stand for, and values one page may hold ("billion laughs")
MAX_ALIAS_VALUES = 10_000
MAX_VALUES = 200_000
#: longer values are kept, with a warning: they are most likely pasted by mistake
MAX_TEXT = 100_000

Path = tuple  # of str keys and int indexes


#: how a warning says that Decap (/admin/) will refuse the page
#: (reference/developer.md#trap-decap-yaml)
CMS_CANNOT_OPEN = "the content manager cannot open this page"


class Problem(NamedTuple):
    """YAML that could not be read as written: the file line and what to do about it."""

    line: int
    message: str


@dataclass(frozen=True)
class Unreadable:
    """Lines YAML could not read, kept as written so the page can show them to the editor."""

    #: the key of the entry, when its ``key:`` line could be read
    key: str | None
    #: the lines as written
    source: str
    #: the first line of ``source`` in the file
    line: int
    #: the line the warning names
    error_line: int


@dataclass
class FrontMatter:
    """Front matter read from one page: values, where they were, and what went wrong."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[Path, int] = field(default_factory=dict)
    #: lines the block takes at the top of the file, delimiters included (0 when none)
    length: int = 0
    #: ``(line, message)`` for YAML that could not be read or values that were refused
    problems: list[Problem] = field(default_factory=list)
    #: what could not be read, by the path of the list or mapping it was in
    unreadable: dict[Path, list[Unreadable]] = field(default_factory=dict)
    #: lines of double-quoted text that start at the left edge, which Decap refuses
    edge_lines: list[int] = field(default_factory=list)

    def line(self, *path) -> int:
        """The 1-based line of ``path``, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))

