"""An Atom feed of the newest posts at ``/feed.xml`` (where jekyll-feed had it), via feedgen.

Entries have absolute URLs from ``html_baseurl``; the feed's ``updated`` is the newest post's
date, not the build time, so a rebuild with the same posts writes the same file. Every HTML
page announces the feed with ``<link rel="alternate" type="application/atom+xml">``.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from sphinx.application import Sphinx

from .listing.queries import categories
from .locale import _
from .news import published_posts
from .outputs import write_if_changed
from .site import site

FEED = "feed.xml"
FEED_SIZE = 20


def _when(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


def atom(app: Sphinx) -> bytes:
    """The feed document for the newest ``FEED_SIZE`` published posts."""
    base = (app.config.html_baseurl or "").rstrip("/") + "/"
    builder = app.builder
    posts = published_posts(app.env)[:FEED_SIZE]
    from feedgen.feed import FeedGenerator  # lxml: loaded only when the feed is written

    feed = FeedGenerator()
    feed.id(base + FEED)
    feed.title(app.config.project)
    feed.subtitle(_("News from the {site}").format(site=app.config.project))
    feed.author({"name": app.config.author or app.config.project})
    feed.link(href=base + FEED, rel="self", type="application/atom+xml")
    feed.link(href=base, rel="alternate", type="text/html")
    feed.language(app.config.language or "en")
    dated = [p.date.date for p in posts if p.date and p.date.date]
    feed.updated(_when(max(dated) if dated else site(app.env).as_of))
    for info in reversed(posts):  # feedgen puts each new entry first: add oldest first
        url = base + builder.get_target_uri(info.docname)
        entry = feed.add_entry()
        entry.id(url)
        entry.title(info.title or info.docname)
        entry.link(href=url, rel="alternate", type="text/html")
        when = _when(info.date.date) if info.date and info.date.date else _when(
            site(app.env).as_of)
        entry.published(when)
        entry.updated(when)
        if info.get("author"):
            entry.author({"name": str(info.get("author"))})
        if info.get("excerpt"):
            entry.summary(str(info.get("excerpt")))
        for category in categories(info):
            entry.category(term=category)
    return feed.atom_str(pretty=True)


def write_feed(app: Sphinx) -> list:
    """``html-collect-pages``: write the feed next to the home page."""
    path = Path(app.outdir, FEED)
    text = atom(app).decode("utf-8")
    write_if_changed(path, text)
    return []


def link_feed(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: announce the feed on every page."""
    href = context["pathto"](FEED, resource=True)
    title = html.escape(_("{site}: news").format(site=app.config.project))
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" type="application/atom+xml" title="{title}" '
        f'href="{html.escape(href)}">'
    )


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.listing")  # news, categories, csnet-site-urls
    app.connect("csnet-site-urls", lambda app, env: {FEED: FEED})
    app.connect("html-collect-pages", write_feed)
    app.connect("html-page-context", link_feed)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
