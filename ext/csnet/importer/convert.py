"""One Jekyll document in, one MyST page out: the order of the conversion steps.

Liquid runs first after text repair, because Jekyll ran it before kramdown; Word and template
HTML is cleaned before kramdown's wrappers are unwrapped; dashes and headings come last, when
the Markdown structure is final.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..dates import parse_date
from ..frontmatter import split
from . import front as front_matter
from . import headings, html, kramdown, liquid, text
from .body import Body, Note, fence_for, kept_block, tidy
from .jekyll import Document, JekyllSite, docs_path, slug_of, titleize, url_of


@dataclass
class Page:
    """A converted page: where it goes, its text, and what happened to it."""

    document: Document
    url: str
    target: str  # path inside docs/
    text: str
    notes: list[Note]
    data: dict[str, Any]  # the front matter as read


def locate(site: JekyllSite, document: Document, source: str) -> tuple[str, list[Note]]:
    """The old URL of a document from its (raw) front matter."""
    front, _, _ = front_matter.read(source, site.defaults(document))
    url, problems = url_of(site, document, {**site.defaults(document), **front.data})
    return url, [Note(front.matter.line("date"), "URL", action, problem)
                 for action, problem in problems]


def convert(site: JekyllSite, document: Document, source: str, url: str,
            context: liquid.LiquidContext) -> Page:
    """Convert the text of ``document`` (already decoded) into a MyST page."""
    front, body_text, first_line = front_matter.read(source, site.defaults(document))
    if document.collection in ("news", "archives") and not front.data.get("layout"):
        front.add("layout", "news", "the new build knows a news post by its layout")
    body = Body.from_text(body_text, first_line)
    text.repair(body)
    page: dict[str, Any] = {**front.data, "url": url + "/", "collection": document.collection,
                            "path": document.site_path, "slug": slug_of(document)[0]}
    date, _ = parse_date(front.data.get("date"))
    if date and date.date:
        page["date"] = date.date  # a date for Liquid's date filters, as Jekyll gave them
    liquid.render(body, page, context)
    if document.path.suffix.lower() == ".html":
        _raw_html(body)
    else:
        html.clean_word(body)
        html.drop_instructions(body)
        kramdown.convert(body, site.parse_block_html)
        text.dashes(body)
        html.note_raw_html(body)
    title = str(front.data.get("title") or "").strip() or None
    if title is None and not _starts_with_h1(body):
        title = titleize(slug_of(document)[0])
        front.add("title", title, "the page had no title; this is the one Jekyll made from "
                  "the file name")
    headings.normalise(body, title)
    tidy(body)
    if front.lines and body.lines[0]:
        body.replace(["", *body.lines], [body.origin[0], *body.origin])
    output = front.text + "\n" + body.text if front.lines else body.text
    return Page(document, url, docs_path(url), output, front.notes + body.notes, front.data)


def keep_whole(document: Document, source: str, url: str, error: Exception) -> Page:
    """The page as written, its body in one marked block, when converting it failed."""
    length = split(source)[1]
    lines = source.split("\n")
    why = f"the importer could not convert this page ({type(error).__name__}: {error})"
    body = kept_block("\n".join(lines[length:]), why, "markdown")
    note = Note(length + 1, "page", "kept", why)
    text = "\n".join([*lines[:length], "", body, ""])
    return Page(document, url, docs_path(url), text, [note], {})


def _starts_with_h1(body: Body) -> bool:
    for token in body.tokens():
        if token.type == "heading_open":
            return token.tag == "h1" and token.level == 0
    return False


def _raw_html(body: Body) -> None:
    """An ``.html`` page: its body goes through as raw HTML, as Jekyll served it."""
    content = body.text.strip("\n")
    fence = fence_for(content)
    body.note(body.origin[0], "HTML page", "converted", "a raw HTML block")
    body.replace(["", f"{fence}{{raw}} html", *content.split("\n"), fence],
                 [body.origin[0]] * 2 + body.origin[: len(content.split("\n"))] + [body.origin[-1]])
