"""Cleaning what editors paste: invisible line breaks, control characters, non-breaking spaces.

Run on the block's lines before YAML sees them, so that its line numbers stay true and one
pasted character does not cost the whole block.
"""

from __future__ import annotations

import re

from .model import FrontMatter

_INVISIBLE_BREAKS = {"\u2028": "line separator (U+2028)", "\u2029": "paragraph separator "
                     "(U+2029)", "\x85": "next-line character (U+0085)"}
#: characters YAML refuses outright (control characters), and the breaks it counts as lines
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
                      "\u2028\u2029\x85]")


def clean(lines: list[str], front: FrontMatter, nbsp: bool) -> list[str]:
    """Replace what YAML would miscount or refuse, and say so at its line.

    YAML counts U+2028, U+2029 and U+0085 as line breaks (editors do not), so they would shift
    every later line number; control characters make YAML refuse the whole block. With
    ``nbsp`` (the block cannot be read as it is), a non-breaking space where YAML needs a space,
    invisible to the editor, is read as a space.
    """
    cleaned = []
    for number, line in enumerate(lines, start=2):
        found = sorted(set(_REFUSED.findall(line)))
        if found:
            names = ", ".join(_INVISIBLE_BREAKS.get(c, f"control character U+{ord(c):04X}")
                              for c in found)
            front.problem(number, f"this line contains an invisible {names}, often pasted from "
                          "a web page or a word processor; it was read as a space. Delete it")
            line = _REFUSED.sub(" ", line)
        if nbsp and "\u00a0" in line:
            fixed = _nbsp_as_spaces(line)
            if fixed != line:
                front.problem(number, "this line contains a non-breaking space where YAML needs "
                              "an ordinary space (often pasted from a web page or a word "
                              "processor); it was read as a space. Retype the spaces on this "
                              "line")
                line = fixed
        cleaned.append(line)
    return cleaned


def _nbsp_as_spaces(line: str) -> str:
    """Non-breaking spaces in the indentation, after ``- `` or after ``key:``, as spaces."""
    indent = re.match(r"^[ \t\u00a0-]*", line).group(0)
    line = indent.replace("\u00a0", " ") + line[len(indent):]
    return re.sub(r"(?<=:)\u00a0+", lambda m: " " * len(m.group(0)), line)

