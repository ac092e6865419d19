"""A page body being converted, that remembers which source line each of its lines came from.

Every conversion step rewrites the text, yet the report must name the line of the *source*
file where each construct was. :class:`Body` keeps, for every current line, the source line it
came from, and :meth:`Body.sub` replaces regex matches while carrying those origins along, so
steps can be written as plain substitutions and still report true line numbers.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

_MARKDOWN = MarkdownIt("commonmark").disable("inline")  # block structure is all we read


@dataclass(frozen=True)
class Note:
    """One thing the importer did or could not do, at a source line."""

    line: int
    construct: str  # e.g. "kramdown {:.document-box}", "Liquid {% for %}"
    #: "converted"; "kept" (verbatim, in a marked block); "removed"; "changed" (front matter,
    #: file or URL); "check" (left as it is, for a person to fix: the build warns about it)
    action: str
    detail: str = ""  # why, or what it became


@dataclass
class Body:
    """The text of one page body as a list of lines with their source line numbers."""

    lines: list[str]
    origin: list[int]
    notes: list[Note] = field(default_factory=list)
    _tokens: list | None = field(default=None, repr=False)

    @classmethod
    def from_text(cls, text: str, first_line: int = 1) -> Body:
        lines = text.split("\n")
        return cls(lines, list(range(first_line, first_line + len(lines))))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def note(self, line: int, construct: str, action: str, detail: str = "") -> None:
        self.notes.append(Note(line, construct, action, detail))

    def replace(self, lines: list[str], origin: list[int]) -> None:
        """Install new lines (with their origins); cached parses are dropped.

        An entry holding several lines is split, each part keeping the entry's origin.
        """
        if any("\n" in line for line in lines):
            pairs = [(part, where) for line, where in zip(lines, origin, strict=True)
                     for part in line.split("\n")]
            lines, origin = [p for p, _ in pairs], [w for _, w in pairs]
        self.lines, self.origin, self._tokens = lines, origin, None

    # -- structure ---------------------------------------------------------------------
    def tokens(self) -> list:
        """markdown-it (CommonMark, as MyST reads it) block tokens of the current text."""
        if self._tokens is None:
            self._tokens = _MARKDOWN.parse(self.text)
        return self._tokens

    def code_lines(self) -> set[int]:
        """Indexes of lines inside fenced or indented code blocks."""
        code: set[int] = set()
        for token in self.tokens():
            if token.type in ("fence", "code_block") and token.map:
                code.update(range(*token.map))
        return code

    # -- editing -----------------------------------------------------------------------
    def sub(self, pattern: re.Pattern, replace: Callable[[re.Match, int], str | None],
            skip_code: bool = True) -> int:
        """Replace matches of ``pattern`` by ``replace(match, source_line)``; count changes.

        ``replace`` returns ``None`` to leave a match as it is. Matches starting in code blocks
        are left alone unless ``skip_code`` is false.
        """
        text = self.text
        matches = list(pattern.finditer(text))
        if not matches:
            return 0
        code = self.code_lines() if skip_code else set()
        breaks = _breaks(text)
        edits = []
        for match in matches:
            index = bisect.bisect_left(breaks, match.start())
            if index in code:
                continue
            new = replace(match, self.origin[index])
            if new is not None and new != match.group(0):
                edits.append((match.start(), match.end(), new))
        self.splice(edits)
        return len(edits)

    def splice(self, edits: list[tuple[int, int, str]]) -> None:
        """Replace ``text[start:end]`` by ``new`` for sorted, non-overlapping ``edits``."""
        if not edits:
            return
        text = self.text
        breaks = _breaks(text)
        out: list[str] = []
        origin = [self.origin[0]]
        position = 0

        def keep(upto: int) -> None:
            # unchanged text: each line break in it starts a line with that line's origin
            first = bisect.bisect_left(breaks, position)
            last = bisect.bisect_left(breaks, upto)
            origin.extend(self.origin[index + 1] for index in range(first, last))
            out.append(text[position:upto])

        for start, end, new in edits:
            keep(start)
            out.append(new)
            origin.extend([self.origin[bisect.bisect_left(breaks, start)]] * new.count("\n"))
            position = end
        keep(len(text))
        self.replace("".join(out).split("\n"), origin)

    def line_of(self, index: int) -> int:
        return self.origin[min(index, len(self.origin) - 1)]


def _breaks(text: str) -> list[int]:
    """Offsets of the line breaks in ``text``."""
    return [match.start() for match in re.finditer("\n", text)]


def tidy(body: Body) -> None:
    """Collapse runs of blank lines left by removals (outside code); end with one newline."""
    code = body.code_lines()
    lines: list[str] = []
    origin: list[int] = []
    for index, line in enumerate(body.lines):
        blank = not line.strip()
        if blank and index not in code:
            line = ""
            if lines and not lines[-1]:
                continue
        lines.append(line)
        origin.append(body.origin[index])
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
        origin.pop()
    lines.append("")
    origin.append(origin[-1] if origin else 1)
    body.replace(lines, origin)


def fence_for(content: str, char: str = "`") -> str:
    """A code fence longer than any run of ``char`` in ``content`` (at least three)."""
    runs = re.findall(f"{re.escape(char)}+", content)
    return char * max(3, max((len(run) for run in runs), default=0) + 1)


def kept_block(source: str, why: str, language: str = "text") -> str:
    """``source`` verbatim in a visible warning box saying why it was not converted."""
    inner = fence_for(source)
    outer = "`" * (len(inner) + 1)
    return (f"{outer}{{admonition}} Not converted from the old site\n"
            f":class: warning csnet-import-kept\n\n"
            f"{why[0].upper()}{why[1:]}. Replace this box by hand.\n\n"
            f"{inner}{language}\n{source.strip(chr(10))}\n{inner}\n{outer}")


def kept_inline(source: str) -> str:
    """``source`` verbatim as marked inline code (for constructs inside a paragraph)."""
    fence = "`" * (max((len(r) for r in re.findall("`+", source)), default=0) + 1)
    pad = " " if source.startswith("`") or source.endswith("`") else ""
    return f"{fence}{pad}{source}{pad}{fence}{{.csnet-import-kept}}"
