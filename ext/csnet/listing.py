"""Lists of pages: ``news-list``, ``news-archives``, ``publication-list``, latest news on posts.

Like the plan directives, a directive only records *what* to list: a :class:`page_list`
placeholder with a query, filled in at write time from the merged site data by a
post-transform, as format-neutral nodes (a bullet list of paragraphs, links and images).

Incremental builds stay correct and cheap: each query is a topic (``list:news;limit=3``) that
the page uses, and after reading we compare a digest of exactly what each query shows with the
last build's; only when that changed are the pages that show it rewritten. Editing an old post
does not rewrite every post's "Latest news"; publishing a new one does.
"""

from __future__ import annotations

import filecmp
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.utils.smartquotes import smartyPants
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from .addresses import is_web_address
from .layouts import PUBLICATION_LAYOUTS
from .locale import _, plural
from .news import image_alt, is_post, published_posts
from .order import Reading, Writing
from .outputs import Ledger
from .pages import ancestors
from .paths import page_image
from .publication import drafts_shown, is_published
from .site import (
    PageInfo,
    Record,
    address_links,
    page_link,
    register_directives,
    site,
    state_version,
)
from .slugs import slugify
from .urls import entries, prune_stale

LATEST_ON_POSTS = 5
LIST_DIGESTS: Record[dict[str, str]] = Record(
    "list_digests", dict, "what each page list showed, as a digest, to rewrite its pages")
ARCHIVES = Ledger("archives", "the archive pages the last build wrote (csnet.listing)")
ARCHIVE_DIGESTS = Ledger("archive-digests", "what each archive page showed, as a digest")


class page_list(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder for a list of pages; replaced before any writer sees it."""


def superseded(info: PageInfo) -> str:
    """The address of the page that replaces this older version (``superseded-by``), or ""."""
    return info.text("superseded-by")


def categories(info: PageInfo) -> list[str]:
    """A post's ``category`` (a list or one string), tidied."""
    return [str(c).strip() for c in entries(info.get("category")) if str(c).strip()]


# -- queries ---------------------------------------------------------------------------------
def topic_of(query: dict) -> str:
    """One topic per distinct query, e.g. ``list:news;category=events;limit=3``."""
    return "list:" + ";".join([query["kind"]] + [f"{k}={query[k]}" for k in sorted(query)
                                                  if k not in ("kind", "style")]
                              + [f"style={query.get('style', 'full')}"])


def query_of(topic: str) -> dict:
    kind, *pairs = topic.removeprefix("list:").split(";")
    query: dict = {"kind": kind}
    for pair in pairs:
        key, _, value = pair.partition("=")
        query[key] = int(value) if key == "limit" else value
    return query


def drop_cache(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: no cache while reading, nor a stale one from the last build
    of an application kept in memory (the preview)."""
    site(env).list_cache = None


def clear_cache(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated`` (before the URL table asks for archive pages): all pages are read;
    lists are computed once per build from here on."""
    site(env).list_cache = {}


def cached(env: BuildEnvironment, key: str, compute):
    """``compute(env)`` once per build (after reading), not once per page that needs it."""
    cache = site(env).list_cache
    if cache is None:
        return compute(env)
    if key not in cache:
        cache[key] = compute(env)
    return cache[key]


def posts(env: BuildEnvironment) -> list[PageInfo]:
    """:func:`published_posts`, computed once per build, not once per page that lists them
    (which made a build quadratic in the number of posts)."""
    return cached(env, "posts", published_posts)


def _groups(env: BuildEnvironment) -> dict[tuple[str, str], list[PageInfo]]:
    """Published posts by ``("year", "2021")`` and ``("category", slug)``, newest first: one
    pass over the posts instead of one per archive page."""
    groups: dict[tuple[str, str], list[PageInfo]] = {}
    for post in posts(env):
        if post.date and post.date.date:
            groups.setdefault(("year", str(post.date.date.year)), []).append(post)
        for slug in dict.fromkeys(map(slugify, categories(post))):
            groups.setdefault(("category", slug), []).append(post)
    return groups


def run_query(env: BuildEnvironment, query: dict) -> list[PageInfo]:
    """The pages a query shows, in the order shown (once per build and query: its digest,
    its pages and its archive page ask the same)."""
    return cached(env, topic_of(query), partial(_run_query, query=query))


def _run_query(env: BuildEnvironment, query: dict) -> list[PageInfo]:
    if query["kind"] == "publications":
        return current_publications(env, query)
    if query["kind"] == "pages":
        return sorted((info for docname, info in site(env).pages.items()
                       if docname in env.all_docs and _in_page_list(info, query, env)),
                      key=lambda info: (info.title.lower(), info.docname))
    found = posts(env)
    groups = cached(env, "groups", _groups)
    for key in ("year", "category"):
        if key in query:
            group = {id(p) for p in groups.get((key, str(query[key])), ())}
            found = [p for p in found if id(p) in group]
    return found[: query["limit"]] if query.get("limit") else found


def current_publications(env: BuildEnvironment, query: dict) -> list[PageInfo]:
    """Publications A-Z, or newest first (``order=newest``), limited; never a version with
    ``superseded-by``, and one entry per title (its newest version): a list names each
    publication once."""
    pages = sorted((info for docname, info in site(env).pages.items()
                    if docname in env.all_docs and info.layout in PUBLICATION_LAYOUTS
                    and not superseded(info)),
                   key=lambda info: (-_day(info), info.docname))
    newest = list({info.title.strip().lower(): info for info in reversed(pages)}.values())
    if query.get("order") != "newest":
        newest.sort(key=lambda info: (info.title.lower(), info.docname))
    else:
        newest.sort(key=lambda info: (-_day(info), info.title.lower(), info.docname))
    return newest[: query["limit"]] if query.get("limit") else newest


def _day(info: PageInfo) -> int:
    return info.date.date.toordinal() if info.date and info.date.date else 0


def _in_page_list(info: PageInfo, query: dict, env: BuildEnvironment) -> bool:
    under = query.get("under", "").strip("/")
    if under and not info.docname.startswith(under + "/"):
        return False
    if query.get("layout") and info.layout != query["layout"]:
        return False
    if query.get("category") and query["category"] not in map(slugify, categories(info)):
        return False
    return info.docname.rsplit("/", 1)[-1] != "index" and is_published(
        info, site(env).as_of, drafts_shown(env.config))


def topic_pages(env: BuildEnvironment) -> dict[str, tuple[str, bool]]:
    """``{category slug: (title, is a region)}`` from the site's topic pages: a page with
    ``layout: topic`` names its ``category``, and ``topic-type: region`` makes it a region
    (as the old site's topic pages did), so the regions come from the content."""
    found: dict[str, tuple[str, bool]] = {}
    for docname, info in sorted(site(env).pages.items()):
        if docname not in env.all_docs or info.layout != "topic":
            continue
        region = str(info.get("topic-type") or "").strip().lower() == "region"
        for name in entries(info.get("category")):
            slug = slugify(str(name))
            if slug and (slug not in found or region):
                found[slug] = (info.title or str(name), region)
    return found


def shown(env: BuildEnvironment, query: dict) -> list:
    """What a list displays of each page: the digest of this decides rewrites."""
    if query["kind"] == "archives":
        return archive_counts(env)
    compact = query.get("style") == "compact"
    return [
        [info.docname, info.title, info.date.raw if info.date else ""]
        + ([] if compact else [str(info.get("author", "")), str(info.get("excerpt", "")),
                               page_image(info), image_alt(info)])
        for info in run_query(env, query)
    ]


def archive_counts(env: BuildEnvironment) -> list:
    """``[[year, count]...], [[category, slug, count]...]`` of published posts."""
    return cached(env, "archive_counts", _archive_counts)


def _archive_counts(env: BuildEnvironment) -> list:
    years: Counter = Counter()
    names: dict[str, str] = {}
    cats: Counter = Counter()
    topics = topic_pages(env)
    for post in posts(env):
        if post.date and post.date.date:
            years[post.date.date.year] += 1
        for category in categories(post):
            slug = slugify(category)
            names.setdefault(slug, topics.get(slug, (category,))[0])
            cats[slug] += 1
    return [sorted(([y, n] for y, n in years.items()), reverse=True),
            sorted([names[s], s, n] for s, n in cats.items())]


def digest(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def lists_changed(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """``csnet-changed-topics``: lists whose shown data differs from the last build's."""
    used = {topic for topics in site(env).users().values() for topic in topics
            if topic.startswith("list:")}
    return LIST_DIGESTS.changed(
        env, {topic: digest(shown(env, query_of(topic))) for topic in used})


# -- directives ------------------------------------------------------------------------------
class ListDirective(SphinxDirective):
    kind = "news"
    option_spec: dict = {}

    def query(self) -> dict:
        return {"kind": self.kind}

    def run(self) -> list[nodes.Node]:
        query = self.query()
        topic = topic_of(query)
        site(self.env).uses(self.env.docname, topic)
        node = page_list(query=query, skip="")
        self.set_source_info(node)
        return [node]


class NewsList(ListDirective):
    """Published posts, newest first: ``:limit:``, ``:year:``, ``:category:``, ``:style:``."""

    option_spec = {
        "limit": directives.positive_int,
        "year": lambda arg: str(directives.positive_int(arg)),
        "category": lambda arg: slugify(directives.unchanged_required(arg)),
        "style": lambda arg: directives.choice(arg, ("full", "compact")),
    }

    def query(self) -> dict:
        return {"kind": "news", **self.options}


class NewsArchives(ListDirective):
    """Links to the archive page of every year and category, with the number of posts."""

    kind = "archives"


class PublicationList(ListDirective):
    """Every current page with ``layout: publication`` or ``business-plan``: title and
    excerpt, A-Z; ``:order: newest`` and ``:limit:`` for the newest few."""

    kind = "publications"
    option_spec = {"limit": directives.positive_int,
                   "order": lambda arg: directives.choice(arg, ("title", "newest"))}

    def query(self) -> dict:
        return {"kind": "publications", **self.options}


class PageList(ListDirective):
    """Pages of one layout (``:layout: consultation``) or under one folder (``:under: rules``),
    of one ``:category:``, by title: what the old site's Liquid loops over a collection, and
    its topic pages, showed."""

    option_spec = {"layout": directives.unchanged_required,
                   "under": directives.unchanged_required,
                   "category": lambda arg: slugify(directives.unchanged_required(arg))}

    def query(self) -> dict:
        return {"kind": "pages", **{k: v.strip() for k, v in self.options.items()}}


class LatestNewsOnPosts(SphinxTransform):
    """Every post ends with a short "Latest news" list of other posts."""

    default_priority = Reading.LATEST_NEWS

    def apply(self, **kwargs) -> None:
        info = site(self.env).pages.get(self.env.docname)
        sections = list(self.document.findall(nodes.section))
        if info is None or not is_post(info) or not sections:
            return
        query = {"kind": "news", "limit": LATEST_ON_POSTS + 1, "style": "compact"}
        topic = topic_of(query)
        site(self.env).uses(self.env.docname, topic)
        section = nodes.section(names=["latest news"],  # its id stays "latest-news"
                                classes=["csnet-latest-news", "hide-when-printed"])
        section += nodes.title(_("Latest news"), _("Latest news"))
        section += page_list(query=query, skip=self.env.docname)
        sections[0] += section
        self.document.note_implicit_target(section)  # id "latest-news", unique in the page


# -- rendering -------------------------------------------------------------------------------
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


# -- archive pages ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ArchivePage:
    """A page the build makes without a source file: a list, belonging to a section page.

    News makes one per year and per category, events one per category (``csnet.events``,
    through ``csnet-archive-pages``); all are written, kept and pruned the same way."""

    pagename: str
    title: str
    section: str  # the docname of the section it belongs to, linked at its top
    section_text: str
    shown: Callable[[], Any]  # what it lists: when this is unchanged, the page is not rewritten
    render: Callable[[BuildEnvironment], list[nodes.Node]]  # its list, as format-neutral nodes


def archive_urls(app: Sphinx, env: BuildEnvironment) -> dict[str, str]:
    """``csnet-site-urls``: archive pages are site URLs too (links to /news/2021/ work)."""
    return {page.pagename: page.pagename for page in all_archive_pages(app, env)}


def all_archive_pages(app: Sphinx, env: BuildEnvironment) -> list[ArchivePage]:
    """News archive pages and those of other modules, leaving out any a source file has."""
    pages = [*archive_list(env)]
    for more in app.emit("csnet-archive-pages", env):
        pages += more or []
    return [page for page in pages if page.pagename not in env.all_docs]


def archive_list(env: BuildEnvironment) -> list[ArchivePage]:
    """One page per year and per category of news; each year's page links the other years."""
    years, cats = archive_counts(env)
    order = [str(y) for y, _count in years]
    pages = []
    for year in order:
        query = {"kind": "news", "year": year}
        pages.append(ArchivePage(
            archive_pagename("year", year), _("News from {year}").format(year=year),
            "news/index", _("All news"), partial(_with_years, env, query, order),
            partial(_render_year, query=query, years=order)))
    for name, slug, _count in cats:
        query = {"kind": "news", "category": slug}
        pages.append(ArchivePage(
            archive_pagename("category", slug), _("News: {category}").format(category=name),
            "news/index", _("All news"), partial(shown, env, query),
            partial(_render_list, query=query)))
    return pages


def _with_years(env: BuildEnvironment, query: dict, years: list[str]) -> list:
    return [years, shown(env, query)]


def _render_year(env: BuildEnvironment, query: dict, years: list[str]) -> list[nodes.Node]:
    return [year_links(years, query["year"], partial(archive_pagename, "year")),
            *render(env, query)]


def year_links(years: list[str], current: str, pagename_of: Callable[[str], str],
               label: str = "") -> nodes.Node:
    """"Years: 2023 2022 2021" at the top of a year's archive page: the other years are
    links, this one is not; so a reader walks from year to year without going back."""
    label = label or _("Years")
    paragraph = nodes.paragraph(classes=["csnet-year-links"])
    paragraph += nodes.strong(label, label)
    for year in years:
        paragraph += nodes.Text(" ")
        if year == current:
            paragraph += nodes.inline(year, year, classes=["csnet-current"])
        else:
            paragraph += link(pagename_of(year), year)
    return paragraph


def _render_list(env: BuildEnvironment, query: dict) -> list[nodes.Node]:
    return render(env, query)


def archive_pages(app: Sphinx) -> list:
    """``html-collect-pages``: every :class:`ArchivePage`, rendered only when what it shows
    changed (its list, or what every page shows: settings, templates, the navigation), so a
    rebuild after editing one post renders no archive page that lists the same posts.

    The digests of what each page showed are kept with the doctrees, beside the files, as
    :func:`prune_stale` keeps its list (the pickled environment is saved before this runs)."""
    builder = app.builder
    before = ARCHIVE_DIGESTS.load(app, {})
    chrome = page_chrome(app)
    written, now = [], {}
    for page in all_archive_pages(app, app.env):
        pagename, title = page.pagename, page.title
        final = Path(builder.get_outfilename(pagename))
        now[pagename] = digest([chrome, title, page.shown()])
        written.append(final.relative_to(app.outdir).as_posix())
        site(app.env).pages_made.add(pagename)  # for the sitemap, written now or before
        if before.get(pagename) == now[pagename] and final.is_file():
            continue
        body = nodes.container()
        back = nodes.paragraph("", "")
        back += link(page.section if page.section in app.env.all_docs
                     else app.config.root_doc, page.section_text)
        body += back
        body.extend(page.render(app.env))
        address_links(app, body, pagename)  # no post-transforms run on a generated page
        # pictures as seen from this page, not from the last page the builder wrote
        builder.imgpath = relative_uri(builder.get_target_uri(pagename), "_images")
        html = (f'<section id="archive"><h1>{escape(title)}</h1>'
                f'{builder.render_partial(body)["fragment"]}</section>')
        fresh = final.with_name(final.name + ".new")
        # the theme writes "title" as HTML (breadcrumb, <title>): escape the category name
        builder.handle_page(pagename, {"title": escape(title), "body": html,
                                       "display_toc": False},
                            "page.html", outfilename=fresh)
        if final.is_file() and filecmp.cmp(fresh, final, shallow=False):
            fresh.unlink()
        else:
            fresh.replace(final)
    prune_stale(app, ARCHIVES, written, keep=lambda path: any(
        Path(builder.get_outfilename(d)) == path for d in app.env.all_docs))
    ARCHIVE_DIGESTS.save(app, now)
    return []


def page_chrome(app: Sphinx) -> list:
    """What an archive page shows besides its list: when any of it changes, Sphinx rewrites
    every page (settings, tags, templates), or the navigation bar changes (the root toctree)."""
    env, builder = app.env, app.builder
    info = getattr(builder, "build_info", None)
    templates = getattr(builder, "templates", None)
    root = app.config.root_doc
    nav = [[entry, env.titles[entry].astext() if entry in env.titles else ""]
           for entry in env.toctree_includes.get(root, [])]
    return [getattr(info, "config_hash", ""), getattr(info, "tags_hash", ""),
            templates.newest_template_mtime() if templates else 0, nav,
            env.titles[root].astext() if root in env.titles else ""]


#: the directives this module adds (the reference lists each with its options)
DIRECTIVES = {
    "news-list": NewsList,
    "news-archives": NewsArchives,
    "publication-list": PublicationList,
    "page-list": PageList,
}


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.news")
    app.setup_extension("csnet.urls")  # csnet-site-urls
    # listeners return more :class:`ArchivePage` s: ``(app, env) -> list``
    app.add_event("csnet-archive-pages")
    app.add_node(page_list)
    register_directives(app, DIRECTIVES)
    app.add_transform(LatestNewsOnPosts)
    app.add_post_transform(ResolvePageLists)
    app.add_post_transform(QuietEmptyLists)
    app.connect("env-before-read-docs", drop_cache)
    app.connect("env-updated", clear_cache, priority=100)
    app.connect("csnet-changed-topics", lists_changed)
    app.connect("html-collect-pages", archive_pages)
    app.connect("csnet-site-urls", archive_urls)
    return {"parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": state_version(LIST_DIGESTS)}
