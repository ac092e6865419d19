"""What YAML's error means, in words a volunteer knows, at the line the mistake is on.

YAML reports where it noticed a mistake, often a line later (a missing colon, an unclosed
quote); the mistakes volunteers make have shapes that are recognised here.
"""

from __future__ import annotations

import re

from .compose import DepthError
from .model import MAX_DEPTH
from .shape import KEY, indent_of, is_item, significant

#: ``key:value``: a colon with no space after it (not a URL's ``://``)
_GLUED = re.compile(r"^[ ]*(?:- )?[\w-]+:(?=[^\s:/])")
_CURLY = re.compile("[\u201c\u201d\u2018\u2019]")


def explain_error(error, lines: list[str], start: int, end: int) -> tuple[int, str]:
    """Line (1-based, in the file) and message for ``error`` in block ``lines[start:end]``.

    YAML reports where it noticed the mistake, often a line later (a missing colon, an
    unclosed quote); the mistakes volunteers make have shapes we can recognise.
    """
    problem = str(getattr(error, "problem", "") or error)
    mark = getattr(error, "problem_mark", None)
    at = min(max(mark.line if mark else start, start), max(end - 1, start))
    column = mark.column if mark else 0
    found = (_noticed_later(error, lines, start, at)
             or _at_the_mark(problem, lines, start, at, column))
    if found is None:
        return indentation(lines, at, start, problem)
    index, message = found
    text = lines[index] if index < len(lines) else ""
    if _CURLY.search(text):
        message += (". This line contains a curly quote (“ ” ‘ ’), which YAML does not "
                    "read as a quote: type straight quotes (\" or ') instead")
    return index + 2, message


def _noticed_later(error, lines: list[str], start: int, at: int) -> tuple[int, str] | None:
    """Mistakes YAML notices only at a later line (``at``): nesting too deep, a quote or
    bracket never closed, a key without its colon or without a space after it."""
    context = str(getattr(error, "context", "") or "")
    context_mark = getattr(error, "context_mark", None)
    if isinstance(error, DepthError):
        return at, (f"values here are nested more than {MAX_DEPTH} levels deep, which no "
                    "page needs; this part is left out. Check the brackets and indentation")
    for index in range(start, at + 1):
        quote = _unclosed_quote(lines[index]) if index < len(lines) else None
        if quote:
            return index, (f"a quote ({quote}) opened on this line is never closed; add the "
                           f"closing {quote} at the end of the value")
    if "flow" in context and context_mark is not None:
        index = min(max(context_mark.line, start), at)
        opened = lines[index][context_mark.column:context_mark.column + 1] or "["
        closing = {"[": "]", "{": "}"}.get(opened, "]")
        return index, (f"a '{opened}' opened on this line is never closed; add the "
                       f"closing '{closing}', or put the whole value in quotes if it is text")
    for index in range(start, min(at + 1, len(lines))):
        if _GLUED.match(lines[index]):
            return index, ("put a space after the colon of the key; write it as "
                           f"'{lines[index].strip().replace(':', ': ', 1)}'")
    if "simple key" in context and context_mark is not None:
        return _no_colon(lines, min(max(context_mark.line, start), at))
    return None


def _at_the_mark(problem: str, lines: list[str], start: int, at: int,
                 column: int) -> tuple[int, str] | None:
    """Mistakes at the place YAML names: a tab or a character no value begins with, an alias
    with no anchor, ': ' inside a value, or a key above it without its colon."""
    if "cannot start any token" in problem and at < len(lines):
        char = lines[at][column:column + 1]
        if char == "\t":
            return at, ("a tab is used for indentation here; YAML needs spaces. Replace "
                        "the tab with spaces that line it up with the lines above")
        return at, f"a value cannot begin with '{char}'; put the whole value in quotes"
    if "alias" in problem:
        return at, (f"{problem}: an alias ('*name') must name an anchor ('&name') given "
                    "above it")
    if "mapping values are not allowed" in problem and at < len(lines):
        before = lines[at][:column]
        if re.search(r":[ \t]", before):
            return at, ("this value contains ': ', which YAML reads as the start of a new "
                        "key; put the whole value in double quotes")
        previous = _previous(lines, at, start)
        if previous is not None and ":" not in lines[previous]:
            return _no_colon(lines, previous)
    return None


def indentation(lines, at: int, start: int, problem: str) -> tuple[int, str]:
    """A line that does not line up: say which one, and with what it should line up."""
    problem = f" ({problem})" if problem else ""
    if at >= len(lines) or not significant(lines[at]):
        return at + 2, f"YAML cannot read this part of the front matter{problem}"
    previous = _previous(lines, at, start)
    here = indent_of(lines[at])
    if previous is None:
        return at + 2, f"YAML cannot read this line{problem}; check its indentation"
    dash = _dash_out_of_line(lines, previous, here)
    if dash is not None:
        return dash
    above = _content_column(lines[previous])
    what = _label(lines[previous])
    if here > above:
        return at + 2, (f"this line is indented more than the line above it ({here} spaces, "
                        f"not {above}); line it up with {what} on line {previous + 2}")
    return at + 2, (f"this line's indentation ({here} spaces) does not line up with the lines "
                    f"above it; line it up with {what} on line {previous + 2} ({above} spaces), "
                    "or with the key it belongs under")


def _dash_out_of_line(lines, dash: int, here: int) -> tuple[int, str] | None:
    """``- item`` written further left than the items above it, whose lines follow it."""
    text = lines[dash]
    column = indent_of(text)
    if not is_item(text, column):
        return None
    for index in range(dash - 1, -1, -1):
        other = lines[index]
        if significant(other) and is_item(other, indent_of(other)) and indent_of(other) > column:
            if _content_column(other) == here:
                return dash + 2, (
                    f"this '- ' is {column} spaces from the left, but the items above it "
                    f"(line {index + 2}) are {indent_of(other)}; indent this line by "
                    f"{indent_of(other) - column} more spaces")
            return None
    return None


def _previous(lines, at: int, start: int) -> int | None:
    for index in range(at - 1, -1, -1):
        if significant(lines[index]):
            return index
    return None


def _content_column(line: str) -> int:
    """The column of the first key on ``line`` (after any ``- ``)."""
    return len(line) - len(line.lstrip(" -"))


def _label(line: str) -> str:
    match = KEY.match(line.replace("-", " ", line.count("-", 0, _content_column(line))))
    return f"'{match.group('key')}:'" if match else "the line"


def _no_colon(lines: list[str], index: int) -> tuple[int, str]:
    return index, ("this line has no colon after the key; write it as "
                   f"'{_with_colon(lines[index])}'")


def _with_colon(line: str) -> str:
    stripped = line.strip()
    return re.sub(r"^((?:- )?[^\s:]+)\s+", r"\1: ", stripped, count=1)


def _unclosed_quote(line: str) -> str | None:
    """The quote that opens a value on ``line`` and is not closed on it, if any."""
    match = re.match(r"^[ ]*(?:- +)*(?:[^\s#'\"][^#:]*:[ \t]+)?(?:- +)?([\"'])", line)
    if not match:
        return None
    quote = match.group(1)
    rest = line[match.end():]
    if quote == '"':
        closed = re.search(r'(?<!\\)(?:\\\\)*"', rest)
    else:
        closed = re.search(r"'(?!')", rest.replace("''", ""))
    return None if closed else quote
