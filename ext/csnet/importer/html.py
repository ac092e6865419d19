"""Raw HTML in bodies: clean pasted Word markup to its text, drop template instructions.

Word pastes arrive as ``<p class=MsoNormal><span style='mso-...'>`` with ``<o:p>`` tags and
``<!--[if gte mso 9]><xml>...`` metadata. The words matter, the markup does not: we parse such
HTML with Beautiful Soup, drop Office metadata and presentational attributes, and turn what is
left into Markdown with markdownify (both maintained and widely used), so the text is styled
like the rest of the site. Other raw HTML (``<details>``, ``<iframe>``) is kept: MyST passes it
through to the page.
"""

from __future__ import annotations

import re

import markdownify
from bs4 import BeautifulSoup, Comment

from .body import Body

WORD = re.compile(r"<(?:w|o|m|v):\w|mso-|class=[\"']?Mso|<!--\[if|<xml>", re.I)
#: Word's hidden conditional blocks (metadata) and the markers around revealed content
_CONDITIONAL = re.compile(r"<!--\[if[^\]]*\]>.*?<!\[endif\]-->|<!--\[(?:if[^\]]*|endif)\]-->",
                          re.S | re.I)
_WORD_INLINE = re.compile(
    r"</?(?:o|w|m|v):[^>]*>|</?(?:span|font)\b[^>]*>|\s(?:class=[\"']?Mso\w*[\"']?"
    r"|style=(?:\"[^\"]*mso-[^\"]*\"|'[^']*mso-[^']*'))",
    re.I,
)
_COMMENT = re.compile(r"^[ \t]*<!--(?!\[)((?:(?!-->).)*)-->[ \t]*$", re.S | re.M)
#: comments that tell editors how to use the old templates (wrong once converted)
_INSTRUCTION = re.compile(
    r"^\s*(include|don'?t|do not|please|note|todo|add|put|keep|insert|use|toggle)\b"
    r"|line of code|table of contents|process the markdown|markdown-content",
    re.I,
)
_BULLET = re.compile(r"^(?:[·•▪§]|\\\*)\s+", re.M)
_TAG = re.compile(r"<([a-zA-Z][\w-]*)")


def clean_word(body: Body) -> None:
    """Word metadata goes; Word HTML blocks become Markdown; Word tags in prose go."""
    if not WORD.search(body.text):
        return
    body.sub(_CONDITIONAL, lambda match, line: _note_removed(body, line), skip_code=True)
    edits = []
    text = body.text
    offsets = _line_offsets(text)
    for first, last in _word_blocks(body):
        start, end = offsets[first], offsets[last] - 1
        html = text[start:end]
        body.note(body.origin[first], "pasted Word HTML", "converted", "cleaned to Markdown")
        edits.append((start, end, word_to_markdown(html)))
    body.splice(edits)

    def inline(match: re.Match, line: int) -> str:
        body.note(line, "Word markup in text", "removed", "tags and attributes; text kept")
        return ""

    body.sub(_WORD_INLINE, inline)


def word_to_markdown(html: str) -> str:
    """The text of pasted Word HTML as Markdown: paragraphs, emphasis, links, lists, tables."""
    soup = BeautifulSoup(html, "html.parser")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(["xml", "style", "meta", "link", "script"]):
        tag.decompose()
    for tag in soup.find_all(lambda t: ":" in t.name or t.name in ("span", "font")):
        tag.unwrap()
    for tag in soup.find_all(True):
        for attribute in ("style", "class", "lang", "align", "width", "valign"):
            tag.attrs.pop(attribute, None)
    markdown = markdownify.markdownify(str(soup), heading_style="ATX", bullets="-",
                                       escape_misc=False, table_infer_header=True)
    markdown = _BULLET.sub("- ", markdown.replace("\xa0", " "))
    lines = [line.rstrip() for line in markdown.strip().split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def _word_blocks(body: Body) -> list[tuple[int, int]]:
    """Line ranges ``[first, last)`` of HTML blocks holding Word markup, runs merged."""
    blocks: list[list[int]] = []
    for token in body.tokens():
        if token.type != "html_block" or not token.map or not WORD.search(token.content):
            continue
        first, last = token.map
        if blocks and all(not line.strip() for line in body.lines[blocks[-1][1]:first]):
            blocks[-1][1] = last
        else:
            blocks.append([first, last])
    return [(first, last) for first, last in blocks]


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    for line in text.split("\n"):
        offsets.append(offsets[-1] + len(line) + 1)
    return offsets


def _note_removed(body: Body, line: int) -> str:
    body.note(line, "Word conditional comment (<!--[if ...]>)", "removed",
              "Office metadata, never shown on the old site")
    return ""


def drop_instructions(body: Body) -> None:
    """Remove HTML comments that are instructions to editors about the old templates."""

    def instruction(match: re.Match, line: int) -> str | None:
        text = match.group(1).strip()
        if not _INSTRUCTION.search(text):
            body.note(line, "HTML comment", "converted", "kept (invisible, as on the old site)")
            return None
        body.note(line, "HTML comment with instructions to editors", "removed", repr(text[:70]))
        return ""

    body.sub(_COMMENT, instruction)


_HTML_START = re.compile(r"^[ \t]*<(?:[a-zA-Z][\w-]*|/[a-zA-Z][\w-]*|!--)")


def dedent_indented_html(body: Body) -> None:
    """Raw HTML indented by a tab (or four spaces) after a blank line is code to CommonMark,
    so readers saw the tags; kramdown, inside an HTML block, passed it through. Un-indent it."""
    edits = []
    for token in body.tokens():
        if token.type != "code_block" or not token.map:
            continue
        first, last = token.map
        if not _HTML_START.match(body.lines[first]):
            continue
        lines = body.lines[first:last]
        dedented = [re.sub(r"^(?:\t|    )", "", line) for line in lines]
        edits.append((first, last, dedented))
        body.note(body.origin[first], "indented raw HTML after a blank line", "converted",
                  "un-indented, so it shows as HTML, not as code")
    if not edits:
        return
    lines, origin = list(body.lines), list(body.origin)
    for first, last, dedented in reversed(edits):
        lines[first:last] = dedented
    body.replace(lines, origin)


def note_raw_html(body: Body) -> None:
    """Count the raw HTML blocks kept as they are (MyST renders them)."""
    for token in body.tokens():
        if token.type == "html_block" and token.map:
            tag = _TAG.match(token.content.lstrip())
            if tag:
                body.note(body.origin[token.map[0]], f"raw HTML <{tag.group(1).lower()}>",
                          "converted", "kept as raw HTML, which MyST renders")
