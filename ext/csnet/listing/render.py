"""A query's list as format-neutral nodes (a bullet list of paragraphs, links and pictures),
put in place of each :class:`page_list` when a page is written."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from docutils import nodes
from docutils.utils.smartquotes import smartyPants
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..addresses import is_web_address
from ..locale import _, plural
from ..news import image_alt
from ..order import Writing
from ..pages import ancestors
from ..paths.front_image import page_image
from ..site import PageInfo, page_link, site
from .directives import page_list
from .queries import archive_counts, run_query


def archive_pagename(kind: str, value) -> str:
    return f"news/{value}" if kind == "year" else f"news/category/{value}"


def link(to: str, text: str) -> nodes.reference:
    """A link to page ``to``, addressed when the page is written (csnet.site.page_link)."""
    return page_link(to, nodes.Text(text))


def render(env: BuildEnvironment, query: dict, skip: str = "",
           level: int = 2) -> list[nodes.Node]:
    """The list a query shows, as format-neutral nodes; full lists title each item with a
    heading of ``level``."""
    if query["kind"] == "archives":
        return render_archives(env, level)
    pages = [p for p in run_query(env, query) if p.docname != skip]
    if skip and query.get("limit"):
        pages = pages[: query["limit"] - 1]
    if not pages:
        return [nodes.paragraph("", _("No news yet.") if query["kind"] == "news"
                                else _("Nothing published yet."), classes=["csnet-empty"])]
    compact = query.get("style") == "compact"
    items = nodes.bullet_list(classes=["csnet-list", f"csnet-{query['kind']}-list",
                                       "csnet-compact" if compact else "csnet-full"])
    for info in pages:
        item = nodes.list_item(classes=["csnet-list-item"])
        if compact:
            title = nodes.paragraph(classes=["csnet-item-title"])
        else:  # a real heading, so screen-reader users can jump from post to post
            title = nodes.rubric(classes=["csnet-item-title"], **{"heading-level": level})
        title += link(info.docname, typeset(env, info.title or info.docname))
        item += title
        meta = _meta(info, with_author=not compact)
        if meta:
            item += nodes.paragraph("", meta, classes=["csnet-item-meta"])
        if not compact:
            if shown_picture(env, info):
                item += list_image(env, info)
            excerpt = typeset(env, str(info.get("excerpt", "")).strip())
            if excerpt:
                item += nodes.paragraph(excerpt, excerpt, classes=["csnet-item-excerpt"])
        items += item
    return [items]


def typeset(env: BuildEnvironment, text: str) -> str:
    """Curly quotes and dashes as Sphinx gives the same text on the post's own page."""
    if not env.config.smartquotes:
        return text
    return _smart(text, env.config.smartquotes_action)


@lru_cache(maxsize=4096)
def _smart(text: str, action: str) -> str:
    """Memoised: every post's "Latest news" list typesets the same few titles again."""
    return smartyPants(text, action, language="en")


def shown_picture(env: BuildEnvironment, info: PageInfo) -> str:
    """The picture a list shows for a page: a web address, or a file in ``docs/`` that is
    there. Not a path on the site (``/assets/x.png``) without its file: after switch-over
    the live site is this one, so it would be an empty box on the front door."""
    value = page_image(info)
    if not value or is_web_address(value):
        return value
    if value.startswith("/"):  # a file the importer copied into docs/ at that path
        return value if info.image_local else ""
    return value if Path(env.relfn2path(value, info.docname)[1]).is_file() else ""


def list_image(env: BuildEnvironment, info: PageInfo, alt: str | None = None) -> nodes.image:
    """The page's picture, made at write time, so give the builder its candidates too."""
    uri = shown_picture(env, info)
    if is_web_address(uri):
        candidates = {"?": uri}
    else:  # a picture in docs/, relative to the post, already collected when it was read
        uri = env.relfn2path(uri, info.docname)[0]
        candidates = {"*": uri}
    return nodes.image(uri=uri, alt=image_alt(info) if alt is None else alt,
                       candidates=candidates, classes=["csnet-item-image"])


def _meta(info: PageInfo, with_author: bool) -> str:
    parts = []
    if info.date:
        parts.append(info.date.long())
    if with_author and info.get("author") and info.get("meta-info", True) is not False:
        parts.append(_("By {author}").format(author=info.get("author")))
    return " · ".join(parts)


def render_archives(env: BuildEnvironment, level: int) -> list[nodes.Node]:
    years, cats = archive_counts(env)
    result: list[nodes.Node] = []
    for label, rows in (
        (_("By year"), [(archive_pagename("year", y), str(y), n) for y, n in years]),
        (_("By category"), [(archive_pagename("category", s), name, n) for name, s, n in cats]),
    ):
        if not rows:
            continue
        result.append(nodes.rubric(label, label, classes=["csnet-archive-label"],
                                   **{"heading-level": level}))
        items = nodes.bullet_list(classes=["csnet-archive-list"])
        for pagename, text, count in rows:
            paragraph = nodes.paragraph()
            paragraph += link(pagename, text)
            paragraph += nodes.Text(f" ({plural(count, 'post')})")
            items += nodes.list_item("", paragraph)
        result.append(items)
    return result


class ResolvePageLists(SphinxPostTransform):
    default_priority = Writing.PAGE_LISTS

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(page_list)):
            depth = sum(1 for a in ancestors(node) if isinstance(a, nodes.section))
            node.replace_self(render(self.env, node["query"], node["skip"],
                                     level=min(depth + 1, 6)))


class QuietEmptyLists(SphinxPostTransform):
    """On a topic page, a section that lists nothing ("No past events.") is left out, as the
    old topic layout showed only the lists that had something: a region with no
    consultations shows no "Consultations" heading."""

    default_priority = Writing.QUIET_EMPTY_LISTS

    def run(self, **kwargs) -> None:
        info = site(self.env).pages.get(self.env.docname)
        if info is None or info.layout != "topic":
            return
        for section in list(self.document.findall(nodes.section)):
            body = [n for n in section.children if not isinstance(n, nodes.title)]
            if body and section.parent is not None and all(
                    "csnet-empty" in n.get("classes", ()) for n in body):
                section.parent.remove(section)
