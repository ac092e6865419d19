"""The publication as one HTML document: metadata, cover, contents page and the documents.

WeasyPrint prints what this writes. The contents page's numbers are left to WeasyPrint
(``target-counter``), and the words :file:`print.css` would otherwise hold in English (page
numbers, continued cards) are written here in the publication's language.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from dataclasses import dataclass

from docutils import nodes
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from ..dates import long_date
from ..locale import _
from ..pages import ancestors
from ..plan.as_of import progress_as_of
from ..plan.html import objective_heading
from ..site import site
from .config import Publication


@dataclass
class Entry:
    """One line of the contents page (and one bookmark)."""

    level: int
    title: str
    anchor: str
    date: str = ""  # a post's date, shown beside its title


def assemble(config: Config, env: BuildEnvironment, publication: Publication,
             docnames: list[str], entries: list[Entry], parts: list[str]) -> str:
    """The whole publication as one HTML page: metadata, cover, contents, documents."""
    esc = html.escape
    info = site(env).pages.get(publication.start)
    title = publication.resolved_title(env)
    author = publication.resolved_author(env)
    excerpt = str(info.get("excerpt", "")).strip() if info else ""
    subject = publication.options.get("subject") or excerpt or title
    created = created_stamp()
    layout = ' class="csnet-pdf-one-objective-per-page"' if publication.options.get(
        "objective_per_page") else ""
    return f"""<!DOCTYPE html>
<html lang="{esc(config.language or 'en-GB')}">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
<meta name="author" content="{esc(author)}">
<meta name="description" content="{esc(subject)}">
<meta name="keywords" content="{esc(config.project)}">
<meta name="dcterms.created" content="{created}">
<meta name="dcterms.modified" content="{created}">
<style>
{print_words()}
</style>
</head>
<body{layout}>
<div class="csnet-pdf-cover">
{cover(config, env, docnames, info, title, author, excerpt)}
</div>
{contents_page(entries)}
{chr(10).join(parts)}
</body>
</html>
"""


def cover(config: Config, env: BuildEnvironment, docnames: list[str], info, title: str,
          author: str, excerpt: str) -> str:
    """The cover's lines: network, title, excerpt, author, date, and the plan's as-of date."""
    esc = html.escape
    today = site(env).as_of
    if info and info.date and info.date.date:
        date = _("Published {date}").format(date=info.date.long())
    else:
        date = _("Printed {date}").format(date=long_date(today))
    plans = [info.plan for d in docnames
             if (info := site(env).pages.get(d)) is not None and info.plan is not None]
    lines = [
        f'<p class="csnet-pdf-network">{esc(config.project)}</p>',
        f'<p class="csnet-pdf-title">{esc(title)}</p>',
    ]
    if excerpt:
        lines.append(f'<p class="csnet-pdf-excerpt">{esc(excerpt)}</p>')
    lines.append(f'<p class="csnet-pdf-author">{esc(author)}</p>')
    lines.append(f'<p class="csnet-pdf-date">{esc(date)}</p>')
    if plans:  # each plan is judged as of its own date (csnet.plan.as_of)
        lines.append(f'<p class="csnet-pdf-as-of">'
                     f'{esc(progress_as_of(plans[0].as_of or today))}</p>')
    return "\n".join(lines)


def contents_page(entries: list[Entry]) -> str:
    """The contents page, a list of links; "" when there are no entries."""
    esc = html.escape
    items = "\n".join(
        # a post's date in the link's own words: markup inside a link leaves its
        # annotation outside the Link tag (reference/developer.md#trap-pdf-ua)
        f'<li class="csnet-pdf-level-{e.level}"><a href="#{e.anchor}">{esc(e.title)}'
        + (f" \N{EN DASH} {esc(e.date)}" if e.date else "") + "</a></li>" for e in entries
    )
    words = esc(_("Contents"))
    return (f'<nav class="csnet-pdf-contents" aria-label="{words}">\n'
            f'<h1 class="csnet-pdf-contents-title">{words}</h1>\n<ol>\n{items}\n'
            "</ol>\n</nav>") if entries else ""


def print_words() -> str:
    """The words print.css would otherwise hold in English: page numbers, continued pages,
    in the publication's language."""
    pages = css_content(_("Page {page} of {pages}"), page="counter(page)",
                        pages="counter(pages)")
    continued = css_content(_("{name} (continued)"), name="attr(data-name)")
    page = css_content(_(", page {page}"), page="target-counter(attr(href url), page)")
    # the document's own style outranks print.css (WeasyPrint's user stylesheets): the cover
    # keeps its bare footer here too
    return (f"@page {{ @bottom-center {{ content: {pages}; }} }}\n"
            "@page cover { @bottom-center { content: none; } }\n"
            f".csnet-card-continues {{ string-set: continued {continued}; }}\n"
            ".csnet-objective-index a::after, table.csnet-plan-objectives a::after "
            f"{{ content: {page}; }}")


def css_content(template: str, **values: str) -> str:
    """``'Page {page}'`` as CSS ``content``: the words as quoted strings, ``{page}`` as the
    CSS value ``page=`` gives (``counter(page)``)."""
    parts = []
    for index, piece in enumerate(re.split(r"\{(\w+)\}", str(template))):
        if index % 2:
            parts.append(values[piece])
        elif piece:
            escaped = piece.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
            escaped = escaped.replace("<", "\\3c ")  # inside <style>: no "</style>"
            parts.append(f'"{escaped}"')
    return " ".join(parts) or '""'


def contents_of(doctree: nodes.document, depth: int) -> list[Entry]:
    """Sections and objective cards (as their heading levels, h1 = 1) down to ``depth``."""
    entries = []
    for node in doctree.findall(lambda n: isinstance(n, nodes.section | objective_heading)):
        if isinstance(node, nodes.section):
            level = 1 + sum(isinstance(a, nodes.section) for a in ancestors(node))
            if not (node.children and isinstance(node[0], nodes.title)):
                continue
            title = node[0].astext()
        else:  # the card's <hN>, so the contents nest as the bookmarks do
            level, title = node.get("level", 3), node.astext()
        hidden = any("hide-when-printed" in n.get("classes", ())  # not printed: no anchor
                     for n in (node, *ancestors(node)) if isinstance(n, nodes.Element))
        if level <= depth and node["ids"] and not hidden:
            entries.append(Entry(level, title, node["ids"][0]))
    return entries


def dated(entries: list[Entry], info) -> list[Entry]:
    """A post's own entry (its title, level 1) with the post's date: a digest's contents
    say when each piece of news was."""
    if info is None or info.layout != "news" or not (info.date and info.date.date):
        return entries
    for entry in entries:
        if entry.level == 1:
            entry.date = info.date.long()
    return entries


def created_stamp() -> str:
    """W3C date-time of the build: ``SOURCE_DATE_EPOCH`` when set, for reproducible PDFs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch
              else dt.datetime.now(dt.UTC).replace(microsecond=0))
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
