"""Liquid in bodies: render what the data decides, keep what the build time decided.

Jekyll ran Liquid over every page before kramdown, so ``{{ page.excerpt }}`` became the
excerpt and ``{% for member in site.data.team %}`` became a list. We render the same templates
with python-liquid (a maintained implementation of Shopify's Liquid, the language Jekyll uses)
against the page's front matter, ``_config.yml`` and ``_data``. Templates that read what only
existed while the old site was being built (its list of posts, the build time) cannot be
rendered once: they are kept verbatim in a marked block and reported.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from liquid.exceptions import LiquidError

from ..layouts import COLLECTIONS as LAYOUT_COLLECTIONS
from .body import Body, fence_for, kept_block, kept_inline
from .liquid_context import (
    RENDER_ERRORS,
    LiquidContext,
    build_dependency,
    undefined,
    uses_now,
    with_page_keys,
)
from .liquid_dates import date_window

_TOKEN = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}|\{\{-?.*?-?\}\}", re.S)
_BLOCKS = {"if", "unless", "for", "case", "capture", "raw", "comment", "tablerow", "highlight"}
_INCLUDES = {"include", "include_relative"}
_LINK = re.compile(r"\{%-?\s*link\s+(.*?)\s*-?%\}", re.S)


@dataclass
class Construct:
    """One top-level Liquid construct of a body: its source, tag and line, and whether a kept
    one is shown as a block of its own (else inline)."""

    body: Body
    source: str
    tag: str
    line: int
    block: bool

    @property
    def name(self) -> str:
        """How the report names it: ``Liquid {% for %}``, ``Liquid {{ }}``."""
        return f"Liquid {{% {self.tag} %}}" if self.tag != "{{" else "Liquid {{ }}"

    def note(self, action: str, detail: str) -> None:
        self.body.note(self.line, self.name, action, detail)

    def keep(self, why: str) -> str:
        """The construct kept verbatim in a marked block (or inline code), and reported."""
        self.note("kept", why)
        # highlighted as Jinja, the same {% %} syntax: Pygments' Liquid lexer fails on "<" and
        # the build would warn about every kept comparison
        return kept_block(self.source, why, "jinja") if self.block else kept_inline(self.source)


def segments(text: str) -> list[tuple[int, int, str]]:
    """Top-level Liquid constructs as ``(start, end, tag)``: a block with its end, or one tag."""
    found: list[tuple[int, int, str]] = []
    stack: list[tuple[str, int]] = []
    for match in _TOKEN.finditer(text):
        name = match.group(1) or "{{"
        if stack and stack[-1][0] in ("raw", "comment", "highlight") and name != (
            "end" + stack[-1][0]
        ):
            continue  # literal text until the block ends
        if name in _BLOCKS:
            stack.append((name, match.start()))
            continue
        if name.startswith("end") and stack and stack[-1][0] == name[3:]:
            opened, start = stack.pop()
            if not stack:
                found.append((start, match.end(), opened))
            continue
        if not stack:
            found.append((match.start(), match.end(), name))
    for name, start in stack[:1]:  # an unclosed block: the rest of the body
        found.append((start, len(text), name))
    return sorted(found)


def render(body: Body, page: Mapping[str, Any], context: LiquidContext) -> None:
    """Render every top-level Liquid construct of ``body`` in place."""
    text = body.text
    if "{{" not in text and "{%" not in text:
        return
    spans = segments(text)
    if not spans:
        return
    values = {"site": context.site, "page": page}
    prelude: list[str] = []  # assign/capture seen so far, for the constructs after them
    replacements: dict[int, str] = {}
    for start, end, tag in spans:
        source = text[start:end]
        line = body.line_of(text.count("\n", 0, start))
        alone = _alone_on_lines(text, start, end)
        block = alone or "\n\n" in source or text[max(0, start - 2):start] == "]("
        new = _one(Construct(body, source, tag, line, block), values, prelude, context)
        if not alone and "\n\n" in source and new.startswith("`" * 4):
            new = f"\n\n{new}\n\n"  # a kept block that spans paragraphs stands on its own
        replacements[start] = new
    body.splice([(start, end, replacements[start]) for start, end, _ in spans])


def _one(construct: Construct, values: dict, prelude: list[str],
         context: LiquidContext) -> str:
    """What one construct becomes: its output, a list the build makes, blocks shown between
    dates, or the construct itself, kept and reported."""
    done = _not_rendered(construct, prelude, context)
    if done is not None:
        return done
    source = construct.source
    try:
        template = context.env.from_string("".join(prelude) + source)
    except LiquidError as error:
        return construct.keep(f"not valid Liquid: {error}")
    try:  # what this construct reads itself, not what the assigns before it read
        alone = context.env.from_string(source)
    except LiquidError:
        alone = template
    build = build_dependency(alone, source, context) or uses_now(source, prelude)
    if build:
        return _of_the_build(construct, build, values, prelude, context)
    return _rendered(construct, template, values)


def _not_rendered(construct: Construct, prelude: list[str], context: LiquidContext) -> str | None:
    """Tags that are never rendered: code, comments, assigns, links and includes; ``None``
    for any other."""
    tag, source = construct.tag, construct.source
    if tag == "highlight":
        return _highlight(construct)
    if tag == "comment":
        construct.note("removed", "a Liquid comment, never shown on the old site")
        return ""
    if tag in ("assign", "capture"):
        prelude.append(source)
        construct.note("converted", "used by the Liquid after it")
        return ""
    if tag == "link":
        target = _LINK.match(source).group(1)
        if target in context.urls:
            construct.note("converted", context.urls[target])
            return context.urls[target]
        return construct.keep(f"links to {target}, which is not among the imported pages")
    if tag in _INCLUDES or tag == "post_url":
        return construct.keep(
            "includes a file from the old site's _includes folder, which the new build does "
            "not have" if tag in _INCLUDES else "links to a post in _posts, which is not "
            "imported")
    return None


def _of_the_build(construct: Construct, build: str, values: dict, prelude: list[str],
                  context: LiquidContext) -> str:
    """A construct that reads the old site's build: a loop over a collection becomes the list
    the build makes, a test of the build date blocks shown between dates; else it is kept."""
    tag, source = construct.tag, construct.source
    if tag == "for" and build.removeprefix("site.") in LOOP_LISTS:
        limit = re.search(r"\blimit\s*:\s*(\d+)", source.split("%}", 1)[0])
        directive = collection_list(build.removeprefix("site."),
                                    int(limit.group(1)) if limit else None)
        construct.note("converted", f"a list of {build}, now made by the build at every "
                       f"build: {directive.split(chr(10))[0]}")
        return f"\n\n{directive}\n\n"
    if build in ("the time it was built", "site.time") and tag in ("if", "unless"):
        window = date_window(source, tag, prelude, values, context)
        if window is not None:
            construct.note("converted", "content shown between dates, judged when the site "
                           "is built ({shown-between})")
            return f"\n\n{window}\n\n"
        return construct.keep(f"depends on the day the old site was built ({build}), in a "
                              "form the importer cannot turn into content shown between dates")
    return construct.keep(f"depends on the old site's build ({build}), so it cannot be "
                          "computed once")


def _rendered(construct: Construct, template, values: dict) -> str:
    """The construct's output, with the notes a person should read about it."""
    try:
        output = template.render(**values)
    except RENDER_ERRORS as error:
        return construct.keep(f"could not be rendered: {error}")
    missing = undefined(template, values)
    meant = [name for name in missing if "." not in name and name in values["page"]]
    if meant:
        try:
            output = template.render(**with_page_keys(values, meant))
        except RENDER_ERRORS as error:
            return construct.keep(f"could not be rendered: {error}")
        construct.note("check", f"{output.strip()[:60]!r}: the old site printed nothing here "
                       f"({', '.join(meant)} needs 'page.' in Liquid); the page's own value is "
                       "shown, as the sentence means. Check it reads right")
        return output
    if missing and construct.tag == "{{" and not output.strip() and not construct.block:
        # (not a link's address)
        return construct.keep(f"prints {', '.join(missing)}, which the old site never "
                              "defined, so the sentence around it reads with a gap. Write the "
                              "words it should say instead")
    detail = repr(output.strip()[:60])
    if missing:
        detail += f"; not defined (empty, as on the old site): {', '.join(missing)}"
    construct.note("converted", detail)
    return output


_EMPTY_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\(\s*\)")


def empty_links(body: Body) -> None:
    """``[Facebook]({{ site.facebook-url }})`` with no such setting: a link to nowhere.
    Its words stay, as text, and the report asks for the address."""

    def text(match: re.Match, line: int) -> str:
        body.note(line, "link without an address", "check", f"[{match.group(1)}]: its "
                  "address came from Liquid the old site never defined; it is plain text "
                  f"now. Write the address: [{match.group(1)}](https://...)")
        return match.group(1)

    body.sub(_EMPTY_LINK, text)


#: collections whose Liquid loops become a listing directive (the build makes the list)
LOOP_LISTS = {"news", "archives", "posts", "publications", "events", "team", "rules",
              "topics", "tools", "notices", "consultations", "manuals", "programmes",
              "membership", "conference", "pages"}


def collection_list(collection: str, limit: int | None = None) -> str:
    """The directive that lists a collection's pages as the old loop did."""
    if collection in ("news", "archives", "posts"):
        return "```{news-list}\n" + (f":limit: {limit}\n" if limit else "") + "```"
    if collection == "publications":
        return "```{publication-list}\n```"
    if collection == "events":
        return "```{events-index}\n```"
    if collection == "team":
        return "```{team-list}\n```"
    info = LAYOUT_COLLECTIONS[collection]
    if info.layout != "page":
        return f"```{{page-list}}\n:layout: {info.layout}\n```"
    folder = info.permalink.strip("/").split("/")[0]
    return f"```{{page-list}}\n:under: {folder}\n```"


def _highlight(construct: Construct) -> str:
    opening, _, rest = construct.source.partition("%}")
    language = opening.split()[2] if len(opening.split()) > 2 else ""
    code = rest.rsplit("{%", 1)[0].strip("\n")
    fence = fence_for(code)
    construct.note("converted", "a fenced code block")
    return f"{fence}{language}\n{code}\n{fence}"


def _alone_on_lines(text: str, start: int, end: int) -> bool:
    before = text[text.rfind("\n", 0, start) + 1:start]
    after_end = text.find("\n", end)
    after = text[end:after_end if after_end >= 0 else len(text)]
    return not before.strip() and not after.strip()
