"""Pages the build makes without a source file: news by year and by category, and those
other modules add (``csnet-archive-pages``); each written only when what it shows changed,
and deleted when it is no longer made."""

from __future__ import annotations

import filecmp
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.osutil import relative_uri

from ..locale import _
from ..outputs import Ledger, digest
from ..site import address_links, site
from ..urls.stale import prune_stale
from .queries import archive_counts, shown
from .render import archive_pagename, link, render

ARCHIVES = Ledger("archives", "the archive pages the last build wrote (csnet.listing)")
ARCHIVE_DIGESTS = Ledger("archive-digests", "what each archive page showed, as a digest")


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
        pagename = page.pagename
        final = Path(builder.get_outfilename(pagename))
        now[pagename] = digest([chrome, page.title, page.shown()])
        written.append(final.relative_to(app.outdir).as_posix())
        site(app.env).pages_made.add(pagename)  # for the sitemap, written now or before
        if before.get(pagename) != now[pagename] or not final.is_file():
            write_archive_page(app, page, final)
    prune_stale(app, ARCHIVES, written, keep=lambda path: any(
        Path(builder.get_outfilename(d)) == path for d in app.env.all_docs))
    ARCHIVE_DIGESTS.save(app, now)
    return []


def write_archive_page(app: Sphinx, page: ArchivePage, final: Path) -> None:
    """Render ``page`` through the theme's page template into ``final``, which keeps its
    time when the page came out the same."""
    builder, pagename, title = app.builder, page.pagename, page.title
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
