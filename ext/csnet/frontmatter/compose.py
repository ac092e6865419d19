"""YAML text to nodes, with the file's line numbers, refusing nesting too deep to read.

The one place that calls YAML's composer: a piece of a block is composed at its own line, and
the pure-Python loader is made to accept what libyaml (and Jekyll) accept.
"""

from __future__ import annotations

import re

import yaml

from .model import MAX_DEPTH
from .shape import significant

#: libyaml's loader when it is installed (faster, and it accepts a tab before a comment)
LOADER = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
_TAB_BEFORE_COMMENT = re.compile(r"[ \t]*\t[ \t]*(?=#)")


class DepthError(yaml.YAMLError):
    """Values nested deeper than :data:`MAX_DEPTH`, refused as YAML refuses a mistake."""

    def __init__(self, line: int, column: int) -> None:
        self.problem = "nested too deeply"
        self.context = None
        self.context_mark = None
        self.problem_mark = yaml.Mark("<front matter>", 0, line, column, None, None)


def compose(offset: int, lines: list[str]) -> yaml.Node | None:
    """Compose ``lines`` (which start at block line ``offset``) with true line numbers."""
    check_depth(offset, lines)
    text = "\n" * offset + "\n".join(lines)
    try:
        return yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError:
        if LOADER is yaml.SafeLoader and "\t" in text:  # no libyaml: do what it does
            return yaml.compose(_TAB_BEFORE_COMMENT.sub(" ", text), Loader=LOADER)
        raise
    except RecursionError:  # pragma: no cover - check_depth keeps nesting shallower
        raise DepthError(offset, 0) from None


def check_depth(offset: int, lines: list[str]) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` before YAML recurses into it."""
    depth = 0
    for number, line in enumerate(lines):
        block = len(line) - len(line.lstrip(" -?:"))
        if block > 4 * MAX_DEPTH and significant(line):
            raise DepthError(offset + number, block)
        for column, char in enumerate(line):
            if char in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    raise DepthError(offset + number, column)
            elif char in "]}":
                depth = max(depth - 1, 0)
