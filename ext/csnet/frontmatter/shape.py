"""How a line of front matter looks: its indentation, a ``key:``, a ``- `` item, a comment.

The reader (:mod:`.recover`) cuts a block into pieces by these shapes, and the explanations
(:mod:`.explain`) recognise volunteers' mistakes by them.
"""

from __future__ import annotations

import re

#: a ``key:`` at the start of a line (after any indentation and ``- ``)
KEY = re.compile(r"""^(?P<indent>[ ]*)(?P<key>"[^"\n]*"|'[^'\n]*'|[^\s#'"\-?:,\[\]{}][^#\n]*?)"""
                  r"""[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*$""")


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def significant(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def is_item(line: str, indent: int) -> bool:
    rest = line[indent:]
    return indent_of(line) == indent and (rest == "-" or rest.startswith(("- ", "-\t")))

