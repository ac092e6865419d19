"""kramdown syntax that MyST writes differently: attribute lists, ``{:toc}``, ``markdown="1"``.

kramdown's ``{:.class}`` block attribute lists become MyST ``{.class}`` block attributes
(``attrs_block``), which our stylesheet styles; a kramdown IAL written *after* its block moves
before it, because MyST only reads them before. ``* Table of contents will generate here`` +
``{:toc}`` becomes a ``contents`` directive; HTML wrappers with ``markdown="1"`` are unwrapped
(MyST cannot read Markdown inside raw HTML), becoming a container or dropdown when they carried
classes or a ``<summary>``.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from .body import Body

_TOC = re.compile(r"^[ \t]*(?:[*+-]|\d+\.)[ \t]+[^\n]*\n[ \t]*\{:[ \t]*toc[ \t]*\}[ \t]*$", re.M)
CONTENTS = "```{contents} Contents\n:local:\n```"
_BLOCK_IAL = re.compile(r"^[ \t]*\{:[ \t]*([^}\n]*)\}[ \t]*$")
_EXTENSION = re.compile(r"\{::(\w+)[^}]*?/?\}(?:.*?\{:/(?:\1)?\})?", re.S)
_REFERENCE = re.compile(r"^[\w-]+:")  # {:name: .class} defines attributes to reuse
_SPAN_IAL = re.compile(
    r"(?:(?P<emphasis>\*\*[^*\n]+\*\*|__[^_\n]+__|\*[^*\n]+\*|_[^_\n]+_)"
    r"|(?P<element>[)`\]])|(?P<before>[^\s{]))\{:[ \t]*(?P<attrs>[^}\n]*)\}"
)
_HEADER_ID = re.compile(r"^(#{1,6}[ \t]+.*?)[ \t]*\{#([\w:.-]+)\}[ \t]*$", re.M)
_MARKDOWN_OPEN = re.compile(
    r"^[ \t]*<(?P<tag>[a-zA-Z][\w-]*)(?P<attrs>[^>]*?\smarkdown=[\"']?(?P<mode>1|block|span)"
    r"[\"']?[^>]*)>",
    re.M,
)
#: with kramdown's ``parse_block_html: true`` every HTML block held Markdown
_BLOCK_HTML_OPEN = re.compile(
    r"^[ \t]*<(?P<tag>div|section|article|aside|details|header|footer|main|nav|figure)"
    r"(?P<attrs>(?![^>]*\smarkdown=[\"']?0)[^>]*)>(?P<mode>)",
    re.M | re.I,
)
_SUMMARY = re.compile(r"\s*<summary[^>]*>(.*?)</summary>", re.S | re.I)
_ORDERED = re.compile(r"^\d{1,9}[.)][ \t]+\S")


def convert(body: Body, parse_block_html: bool = False) -> None:
    """Apply every kramdown conversion, in an order where each sees clean input.

    ``parse_block_html`` is the site's kramdown setting: HTML blocks hold Markdown.
    """
    table_of_contents(body)
    extensions(body)
    markdown_wrappers(body, _BLOCK_HTML_OPEN if parse_block_html else _MARKDOWN_OPEN)
    block_attributes(body)
    span_attributes(body)
    header_ids(body)
    list_breaks(body)


def table_of_contents(body: Body) -> None:
    def toc(match: re.Match, line: int) -> str:
        body.note(line, "kramdown {:toc}", "converted", "a contents directive")
        return CONTENTS

    body.sub(_TOC, toc)


def extensions(body: Body) -> None:
    """``{::comment}`` goes (it was invisible); other ``{::...}`` extensions are reported."""

    def extension(match: re.Match, line: int) -> str | None:
        if match.group(1) == "comment":
            body.note(line, "kramdown {::comment}", "removed", "never shown on the old site")
            return ""
        if match.group(1) == "nomarkdown":
            inner = re.sub(r"^\{::nomarkdown[^}]*\}|\{:/(?:nomarkdown)?\}$", "", match.group(0))
            body.note(line, "kramdown {::nomarkdown}", "converted", "raw HTML")
            return inner
        body.note(line, f"kramdown {{::{match.group(1)}}}", "removed",
                  "a kramdown processing option with no meaning in MyST")
        return ""

    body.sub(_EXTENSION, extension)


def markdown_wrappers(body: Body, opening: re.Pattern = _MARKDOWN_OPEN) -> None:
    """Unwrap ``<div markdown="1">`` (any tag); classes -> container, details -> dropdown."""
    text = body.text
    opened = list(opening.finditer(text))
    if not opened:
        return
    code = body.code_lines()
    pairs = []
    for match in opened:
        if text.count("\n", 0, match.start()) in code:
            continue
        close = _closing(text, match.group("tag"), match.end())
        line = body.line_of(text.count("\n", 0, match.start()))
        if close is None:
            body.note(line, f'<{match.group("tag")} markdown="1">', "converted",
                      "unwrapped; it had no closing tag")
            pairs.append((match, None, line))
        else:
            pairs.append((match, close, line))
    fenced = [(m.start(), c.end()) for m, c, _ in pairs if c and _fence_kind(m)]
    height: dict[int, int] = {}  # fences inside a fence need fewer colons than it
    for start, end in sorted(fenced, key=lambda span: span[1] - span[0]):
        inner = [height[s] + 1 for s, e in fenced if start < s and e < end]
        height[start] = max(inner, default=0)
    edits = []
    for match, close, line in pairs:
        kind = _fence_kind(match) if close else ""
        colons = ":" * (3 + height.get(match.start(), 0))
        start, end = match.start(), match.end()
        if kind == "dropdown":
            summary = _SUMMARY.match(text, end)
            if summary and summary.end() < close.start():
                title = " ".join(summary.group(1).split())
                end = summary.end()
                start_tag = f"\n{colons}{{dropdown}} {title}\n"
            else:
                start_tag = f"\n{colons}{{dropdown}} Details\n"
        elif kind:
            start_tag = f"\n{colons}{{container}} {kind}\n"
        else:
            start_tag = "" if match.group("mode") == "span" else "\n"
        edits.append((start, end, start_tag))
        if close:
            closing = f"\n{colons}\n" if kind else ("" if match.group("mode") == "span" else "\n")
            edits.append((close.start(), close.end(), closing))
            construct = f'<{match.group("tag").lower()} markdown="1">'
            became = {"": "unwrapped", "dropdown": "{dropdown}"}.get(kind, "{container} " + kind)
            body.note(line, construct, "converted", became)
    body.splice(sorted(edits))


def _closing(text: str, tag: str, position: int) -> re.Match | None:
    """The tag closing the one opened before ``position`` (same-name tags nest)."""
    depth = 1
    for match in re.compile(rf"<(/?){tag}\b[^>]*>", re.I).finditer(text, position):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match
    return None


def _fence_kind(match: re.Match) -> str:
    """'dropdown', the container's classes, or '' to unwrap without a trace."""
    if match.group("tag").lower() == "details":
        return "dropdown"
    if match.group("mode") == "span":
        return ""
    soup = BeautifulSoup(f"<{match.group('tag')}{match.group('attrs')}>", "html.parser")
    element = soup.find()
    classes = element.get("class", []) if element else []
    return " ".join(classes)


def block_attributes(body: Body) -> None:
    """``{:.class}`` lines -> ``{.class}``, placed before the block they style."""
    code = body.code_lines()
    lines, origin = list(body.lines), list(body.origin)
    moves = []
    for index, line in enumerate(lines):
        match = _BLOCK_IAL.match(line)
        if not match or index in code:
            continue
        attributes = match.group(1).strip()
        where = body.origin[index]
        if attributes == "toc":  # {:toc} under something other than a list item
            lines[index] = CONTENTS
            body.note(where, "kramdown {:toc}", "converted", "a contents directive")
            continue
        if _REFERENCE.match(attributes):
            body.note(where, "kramdown attribute definition {:name: ...}", "removed",
                      "defines attributes for other lists; MyST has no equivalent")
            lines[index] = ""
            continue
        lines[index] = "{" + attributes + "}"
        body.note(where, "kramdown {:" + attributes + "}", "converted", "{" + attributes + "}")
        if index and lines[index - 1].strip() and not _BLOCK_IAL.match(lines[index - 1]) \
                and not lines[index - 1].startswith("{"):
            moves.append(index)
    for index in reversed(moves):  # kramdown: an IAL right after a block styles that block
        start = index - 1
        while start > 0 and lines[start - 1].strip() and start - 1 not in code:
            start -= 1
        attribute, where = lines.pop(index), origin.pop(index)
        lines[start:start] = [attribute]
        origin[start:start] = [where]
        if start and lines[start - 1].strip():
            lines.insert(start, "")
            origin.insert(start, where)
    body.replace(lines, origin)


def span_attributes(body: Body) -> None:
    """``[link](url){:target="_blank"}`` -> MyST inline attributes; emphasis gets a span."""

    def span(match: re.Match, line: int) -> str:
        attributes = "{" + match.group("attrs").strip() + "}"
        if match.group("emphasis"):
            body.note(line, "kramdown inline {:...}", "converted", "[...]" + attributes)
            return f"[{match.group('emphasis')}]{attributes}"
        if match.group("element"):
            body.note(line, "kramdown inline {:...}", "converted", attributes)
            return match.group("element") + attributes
        body.note(line, "kramdown inline {:...}", "removed",
                  f"{attributes} followed no link, code or emphasis, so it styled nothing")
        return match.group("before")

    body.sub(_SPAN_IAL, span)


def header_ids(body: Body) -> None:
    """``## Heading {#id}`` -> a MyST target ``(id)=`` above the heading (same anchor)."""

    def header(match: re.Match, line: int) -> str:
        body.note(line, "kramdown heading id {#id}", "converted", f"({match.group(2)})=")
        return f"({match.group(2)})=\n{match.group(1)}"

    body.sub(_HEADER_ID, header)


def list_breaks(body: Body) -> None:
    """A list typed straight after a paragraph line gets the blank line kramdown needed."""
    starts = set()
    tokens = body.tokens()
    for index, token in enumerate(tokens):
        if token.level or not token.map:
            continue
        first, last = token.map
        if token.type in ("bullet_list_open", "ordered_list_open") and first and index \
                and tokens[index - 1].type == "paragraph_close" and body.lines[first - 1].strip():
            starts.add(first)  # CommonMark let it interrupt the paragraph; kramdown did not
        elif token.type == "paragraph_open":  # "2. item" cannot interrupt a paragraph
            starts.update(next((n for n in range(first + 1, last)
                                if _ORDERED.match(body.lines[n])), None) for _ in [0])
            starts.discard(None)
    if not starts:
        return
    lines, origin = [], []
    for index, line in enumerate(body.lines):
        if index in starts:
            body.note(body.origin[index], "list without a blank line before it", "converted",
                      "blank line added")
            lines.append("")
            origin.append(body.origin[index])
        lines.append(line)
        origin.append(body.origin[index])
    body.replace(lines, origin)
