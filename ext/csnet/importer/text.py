"""Text repair: mis-decoded UTF-8, invisible characters, and ``--`` typed for a dash.

Volunteers pasted from Word and from an older CMS, so bodies hold ``â€“`` (UTF-8 read as
Windows-1252), stray byte-order marks and zero-width spaces. ftfy repairs mojibake from
evidence rather than a fixed table, so it does not damage correct text; we switch off its other
fixes (quotes, ligatures, HTML entities) because those would change what the author wrote.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

from .body import Body

_FTFY = ftfy.TextFixerConfig(
    unescape_html=False, remove_terminal_escapes=False, uncurl_quotes=False,
    fix_latin_ligatures=False, fix_character_width=False, fix_line_breaks=False,
    normalization=None, explain=False,
)  # fmt: skip
#: invisible characters with no meaning in prose (zero-width joiner stays: emoji need it)
_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u2060\u180e]+")
_DASH = re.compile(r"(?<=\S) -- (?=\S)")
_TABLE_RULE = re.compile(r"^[\s|:\-]+$")
_INLINE_CODE = re.compile(r"(`+).+?\1")


def repair(body: Body) -> None:
    """Repair mojibake and remove invisible characters, line by line (code included)."""
    for index, line in enumerate(body.lines):
        if line.isascii():
            continue
        fixed = _INVISIBLE.sub("", line)
        if fixed != line:
            names = sorted({f"U+{ord(c):04X} {unicodedata.name(c, '')}".strip()
                            for match in _INVISIBLE.findall(line) for c in match})
            body.note(body.origin[index], "zero-width character or U+FEFF", "removed",
                      ", ".join(names))
        repaired = ftfy.fix_text(fixed, _FTFY)
        if repaired != fixed:
            body.note(body.origin[index], "mis-decoded UTF-8", "converted",
                      f"{_changed_part(fixed, repaired)!r}")
        body.lines[index] = repaired


#: a Markdown link's target: ``](target)``
_LINK_TARGET = re.compile(r"(?<=\]\()([^()\s<>]+)(?=\))")
_EMAIL = re.compile(r"^[^@\s/:()]+@[^@\s/:()]+\.[^@\s/:()]+$")


def link_targets(body: Body) -> None:
    """Link targets that worked by luck or not at all on the old site become what they meant:
    a bare email address (``[Email Sam](sam@example.org)``, a broken relative link there) a
    ``mailto:`` link; ``//host/...`` and ``www.host/...`` the site's ``https://`` address."""

    def target(match: re.Match, line: int) -> str | None:
        value = match.group(1)
        if _in_inline_code(_line_text(match), match, line):
            return None
        if _EMAIL.match(value):
            body.note(line, "link to an email address", "converted", f"mailto:{value}")
            return f"mailto:{value}"
        if value.startswith("//") or value.lower().startswith("www."):
            fixed = "https:" + value if value.startswith("//") else "https://" + value
            body.note(line, "link without https://", "converted", fixed)
            return fixed
        return None

    body.sub(_LINK_TARGET, target)


def dashes(body: Body) -> None:
    """`` -- `` between words becomes an en dash, as kramdown typeset it (not in code)."""

    def dash(match: re.Match, line: int) -> str | None:
        whole = _line_text(match)
        if _TABLE_RULE.match(whole) or _in_inline_code(whole, match, line):
            return None
        body.note(line, "' -- ' for a dash", "converted", "en dash")
        return " \u2013 "

    body.sub(_DASH, dash)


def _line_text(match: re.Match) -> str:
    """The whole line a match starts on."""
    start = match.string.rfind("\n", 0, match.start()) + 1
    return match.string[start:].split("\n", 1)[0]


def _in_inline_code(whole: str, match: re.Match, line: int) -> bool:
    start = match.start() - (match.string.rfind("\n", 0, match.start()) + 1)
    return any(code.start() < start < code.end() for code in _INLINE_CODE.finditer(whole))


def _changed_part(before: str, after: str) -> str:
    """The stretch of ``before`` that was replaced, for the report."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return f"{before[start:len(before) - end]} -> {after[start:len(after) - end]}"
