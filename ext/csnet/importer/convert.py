"""One Jekyll document in, one MyST page out: the order of the conversion steps.

Liquid runs first after text repair, because Jekyll ran it before kramdown; Word and template
HTML is cleaned before kramdown's wrappers are unwrapped; dashes and headings come last, when
the Markdown structure is final.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from dataclasses import dataclass, field
from typing import Any

from ..dates import parse_date
from ..frontmatter import split
from ..layouts import COLLECTIONS as LAYOUT_COLLECTIONS
from ..layouts import LAYOUTS
from ..plan.as_of import FRONT_MATTER_KEYS, git_date
from . import assets, headings, html, kramdown, liquid, text, theme
from . import front as front_matter
from .body import Body, Note, fence_for, kept_block, tidy
from .jekyll import Document, JekyllSite, docs_path, served_at, slug_of, titleize, url_of
from .liquid_context import LiquidContext
from .plan_history import carry_history


@dataclass
class Page:
    """A converted page: where it goes, its text, and what happened to it."""

    document: Document
    url: str
    target: str  # path inside docs/
    text: str
    notes: list[Note]
    data: dict[str, Any]  # the front matter as read
    assets: list[tuple[int, str]] = field(default_factory=list)  # (line, "assets/...") used
    files: dict[str, str] = field(default_factory=dict)  # data files for docs/: path -> text


def locate(site: JekyllSite, document: Document, source: str) -> tuple[str, list[Note]]:
    """The old URL of a document from its (raw) front matter."""
    front, _, _ = front_matter.read(source, site.defaults(document))
    url, problems = url_of(site, document, {**site.defaults(document), **front.data})
    return url, [Note(front.matter.line("date"), "URL", action, problem)
                 for action, problem in problems]


def convert(site: JekyllSite, document: Document, source: str, url: str,
            context: LiquidContext, copies: tuple[str, ...] = ()) -> Page:
    """Convert the text of ``document`` (already decoded) into a MyST page; ``copies`` are
    the addresses of duplicates of it that are not imported (they redirect here)."""
    front, body_text, first_line = front_matter.read(source, site.defaults(document))
    used: list[tuple[int, str]] = []
    # before the collection's layout replaces the old one
    layout = theme.shown(site, front, document.collection)
    _collection_front(site, document, front)
    _old_addresses(front, url, copies)
    hosts = assets.hosts_of(site.config)
    used += assets.front_matter(front, hosts)
    body = Body.from_text(body_text, first_line)
    _test_page(document, front, body)
    for picture in assets.hotlinked(body_text, hosts, front.data.values()):
        body.note(first_line, "picture from another website", "check", f"{picture} is shown "
                  "from another website, which may change or remove it: save it in "
                  "docs/assets/ and use that path instead")
    text.repair(body)
    _render_liquid(document, front, body, url, context, first_line)
    if front.data.get("layout") == "business-plan":
        _plan_words(body)
    if document.path.suffix.lower() == ".html":
        _raw_html(body)
    else:
        used += _markdown(site, body, hosts)
    headings.normalise(body, _title(document, front, body))
    if layout.text:
        body.replace([*body.lines, "", layout.text, ""],
                     [*body.origin, *[body.origin[-1]] * 3])
    body.notes += layout.notes
    tidy(body)
    if front.lines and body.lines[0]:
        body.replace(["", *body.lines], [body.origin[0], *body.origin])
    output = front.text + "\n" + body.text if front.lines else body.text
    return Page(document, url, docs_path(served_at(url)), output, front.notes + body.notes,
                front.data, used, layout.data)


def _old_addresses(front: front_matter.Front, url: str, copies: tuple[str, ...]) -> None:
    """Addresses the old site served the page at that the new one cannot (a space, ``.html``,
    a saved copy's) redirect to it."""
    if served_at(url) != url:
        if isinstance(front.data.get("permalink"), str):
            front.set("permalink", served_at(url) + "/", "an address cannot have a space")
        _redirect_here(front, [url + "/"], "its old address had a space; the page has one "
                       "with hyphens, and the old one redirects here")
    if url.endswith(".html") and not isinstance(front.data.get("permalink"), str):
        _redirect_here(front, [url], "the old site served it at an address ending in .html "
                       "(Jekyll's permalink style); the page is at the same address without "
                       "it, and the old one redirects here")
    if copies:
        _redirect_here(front, [c + "/" for c in copies], "the old site had copies of this "
                       "page (saved as '-2' files); their addresses redirect here")


def _render_liquid(document: Document, front: front_matter.Front, body: Body, url: str,
                   context: LiquidContext, first_line: int) -> None:
    """Liquid rendered as Jekyll did, against the page's own values; a page with Liquid the
    importer could not convert is left unpublished, so members never see template code."""
    page: dict[str, Any] = {**front.data, "url": url + "/", "collection": document.collection,
                            "path": document.site_path, "slug": slug_of(document)[0]}
    date, _ = parse_date(front.data.get("date"))
    if date and date.date:
        page["date"] = date.date  # a date for Liquid's date filters, as Jekyll gave them
    liquid.render(body, page, context)
    liquid.empty_links(body)
    if any(n.action == "kept" and n.construct.startswith("Liquid") for n in body.notes):
        front.set("published", False, "it has template code the importer could not convert "
                  "(the report lists each piece): members would see code; replace each "
                  "marked block by what it should show, then remove this line")
        body.note(first_line, "page left unpublished", "check", "template code the "
                  "importer could not convert (listed with its lines): in docs/"
                  f"{docs_path(served_at(url))} replace each 'Not converted from the old site' "
                  "box by the words or list it should show, then delete 'published: false'")


def _markdown(site: JekyllSite, body: Body, hosts) -> list[tuple[int, str]]:
    """A Markdown page: Word and template HTML cleaned, kramdown's syntax made MyST's; the
    assets it uses, by line."""
    html.dedent_indented_html(body)
    html.clean_word(body)
    used = assets.references(body, hosts)
    assets.rewrite(body, hosts)
    html.drop_instructions(body)
    kramdown.convert(body, site.parse_block_html)
    text.dashes(body)
    text.link_targets(body)
    html.note_raw_html(body)
    return used


def _title(document: Document, front: front_matter.Front, body: Body) -> str | None:
    """The page's title, its HTML entities decoded; one Jekyll made from the file name when
    it has neither a title nor a first heading (``None``: the heading is the title)."""
    title = str(front.data.get("title") or "").strip() or None
    if title and _ENTITY.search(title) and html_lib.unescape(title) != title:
        title = html_lib.unescape(title)
        front.set("title", title, "HTML entities in the title decoded, so readers see "
                  "the characters, not their codes")
    if title is None and not _starts_with_h1(body):
        title = titleize(slug_of(document)[0])
        front.add("title", title, "the page had no title; this is the one Jekyll made from "
                  "the file name")
    return title


_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")


def _collection_front(site: JekyllSite, document: Document, front: front_matter.Front) -> None:
    """What the new build needs to know about a page of each collection (reported)."""
    collection = LAYOUT_COLLECTIONS.get(document.collection)
    layout = str(front.data.get("layout") or "")
    if collection and collection.layout != "page" and layout not in LAYOUTS:
        why = (f"a page of _{document.collection} has layout '{collection.layout}' in the "
               "new build, which shows its fields")
        if layout:
            front.set("layout", collection.layout, f"'{layout}' was an old site's layout; {why}")
        else:
            front.add("layout", collection.layout, why)
    if document.collection == "team" and not front.data.get("title") and front.data.get(
            "person-name"):
        front.add("title", str(front.data["person-name"]), "a profile's heading is the "
                  "person's name")
    _, file_date = slug_of(document)
    layout = str(front.data.get("layout") or "")
    if layout == "business-plan" and not any(front.data.get(k) for k in FRONT_MATTER_KEYS):
        _date_the_plan(document, front)
    if layout == "business-plan":
        carry_history(document.path, front)
    if layout == "news" and file_date and front.data.get("date") in (None, ""):
        front.add("date", dt.date.fromisoformat(file_date), "Jekyll took a post's date from "
                  "its file name; the new build reads it from the front matter")


#: a title (or file name) that only says it is a test: "Test event", "test page 2", "Testing"
_TEST = re.compile(r"^\s*test(?:ing)?(?:[\s_-]+(?:event|page|post|news|article|"
                   r"publication|item))?[\s_-]*\d*\s*$", re.I)


def _test_page(document: Document, front: front_matter.Front, body: Body) -> None:
    """A page made to try the old site out is not for members: left unpublished, reported."""
    title = str(front.data.get("title") or "").strip() or slug_of(document)[0]
    if not _TEST.match(title) or front.data.get("published") is False:
        return
    front.set("published", False, "a test page, not for members")
    body.note(front.matter.line("title") or 1, "test page", "check", f"'{title}' looks like "
              "a page made to test the old site: left unpublished. Delete it, or set "
              "'published: true' if members should see it")


def _redirect_here(front: front_matter.Front, urls: list[str], why: str) -> None:
    old = front.data.get("redirect_from")
    entries = old if isinstance(old, list) else [old] if old else []
    front.set("redirect_from", [*entries, *[u for u in urls if u not in entries]], why)


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


#: the old plan layout's instruction, which called the plan's objectives "work streams"
_WORK_STREAM_INSTRUCTION = re.compile(r"(Select the title of each )work stream( below to view "
                                      r"more information about )the work( and its milestones)")


def _plan_words(body: Body) -> None:
    """The plan's instruction box speaks the plan's own words: its cards are objectives."""

    def objective(match: re.Match, line: int) -> str:
        body.note(line, "plan instruction", "converted", "'work stream' is 'objective', as "
                  "the plan's cards and dashboard call them")
        return f"{match.group(1)}objective{match.group(2)}it{match.group(3)}"

    body.sub(_WORK_STREAM_INSTRUCTION, objective)


def _date_the_plan(document: Document, front: front_matter.Front) -> None:
    """A plan's progress is judged as of its last update. After the import, the new site's
    history would date every plan to the import, so say when the old site last changed it:
    its last commit there, else the page's own date."""
    last = git_date(document.path, dt.date.today())
    source = "the old site's last commit of the file"
    if last is None:
        last, source = parse_date(front.data.get("date"))[0], "the page's date"
        last = last.date if last else None
    if last is not None:
        front.add("last_modified_at", last, f"the plan's progress is shown as of {source}; "
                  "change it whenever you tick milestones")
