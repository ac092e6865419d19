"""Heading order under the page title, as screen readers and the contents list need it.

The build puts the front-matter title on the page as its only H1 when the body has none, so
body headings start at ``##`` and never skip a level. A body H1 repeating the title goes (the
title is shown anyway); other H1s and skipped levels are renumbered. Headings inside block
quotes or list items cannot be sections in Sphinx (MyST would warn and demote them), so they
become rubrics that still render as headings of the right level.
"""

from __future__ import annotations

import re

from .body import Body

_ATX = re.compile(r"^(?P<prefix>(?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)?)#{1,6}(?=[ \t]|$)")
_QUOTES = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")
_MARKER = re.compile(r"[-*+]|\d+[.)]")


def _plain(text: str) -> str:
    text = text.translate(_QUOTES)
    return " ".join(re.sub(r"[*_`\\]", "", text).split()).casefold()


def normalise(body: Body, title: str | None) -> None:
    """Renumber headings; ``title`` is the front-matter title (``None`` when there is none)."""
    headings = []  # (token_index, nested) for every heading
    enclosing: list[str] = []
    tokens = body.tokens()
    for index, token in enumerate(tokens):
        if token.type in ("blockquote_open", "list_item_open"):
            enclosing.append(token.type)
        elif token.type in ("blockquote_close", "list_item_close"):
            enclosing.pop()
        elif token.type == "heading_open" and token.map:
            headings.append((index, bool(enclosing)))
    if not headings:
        return
    edits: dict[int, tuple[str, int]] = {}  # line index -> (action, new level)
    stack: list[tuple[int, int]] = []  # (original level, new level) of open sections
    first = True
    for index, nested in headings:
        token = tokens[index]
        level = int(token.tag[1])
        text = tokens[index + 1].content
        line = token.map[0]
        if nested:
            parent = stack[-1][1] if stack else 1
            edits[line] = ("rubric", min(parent + 1, 6))
            continue
        if first and level == 1 and (title is None or _plain(text) == _plain(title)):
            first = False
            if title is not None:
                edits[line] = ("remove", 1)
            else:
                stack = [(1, 1)]  # the page's title, as the build reads it
            continue
        first = False
        while stack and stack[-1][0] >= level and stack[-1][1] > 1:
            stack.pop()
        new = min(stack[-1][1] + 1, 6) if stack else 2
        stack.append((level, new))
        if new != level or token.markup in ("=", "-"):
            edits[line] = ("level", new)
    _apply(body, tokens, edits)


def _apply(body: Body, tokens: list, edits: dict[int, tuple[str, int]]) -> None:
    by_line = {t.map[0]: t for t in tokens if t.type == "heading_open" and t.map}
    lines, origin = [], []
    skip = set()
    for index, line in enumerate(body.lines):
        if index in skip:
            continue
        if index not in edits:
            lines.append(line)
            origin.append(body.origin[index])
            continue
        action, level = edits[index]
        token = by_line[index]
        where = body.origin[index]
        setext = token.markup in ("=", "-")
        if setext:
            skip.add(index + 1)
        old = f"H{token.tag[1]}"
        if action == "remove":
            body.note(where, "H1 repeating the page title", "removed",
                      "the build shows the front-matter title")
            continue
        match = _ATX.match(line)
        prefix = match.group("prefix") if match else ""
        content = line[match.end():].strip() if match else line.strip()
        content = re.sub(r"[ \t]+#+[ \t]*$", "", content)
        if action == "level":
            body.note(where, f"heading {old}", "converted", f"H{level}")
            lines.append(f"{prefix}{'#' * level} {content}")
            origin.append(where)
            continue
        body.note(where, f"heading {old} inside a quote or list", "converted",
                  f"a rubric at heading level {level}")
        following = _MARKER.sub(lambda m: " " * len(m.group()), prefix)
        for part in ("```{rubric} " + content, f":heading-level: {level}", "```"):
            lines.append((prefix if part.startswith("```{") else following) + part)
            origin.append(where)
    body.replace(lines, origin)
