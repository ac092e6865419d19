"""Categories (often a region) and years: the counts, and the links that filter events.

The events index, each event's details and the pages of each category and year link to each
other through these, without a script.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.environment import BuildEnvironment

from ..listing.queries import cached, topic_pages
from ..listing.render import link
from ..locale import _, plural
from ..slugs import slugify
from .query import INDEX, published_events, year_of
from .reading import event_of


def category_pagename(slug: str) -> str:
    return f"{INDEX.rpartition('/')[0]}/category/{slug}"


def year_pagename(year: str) -> str:
    return f"{INDEX.rpartition('/')[0]}/{year}"


def category_label(name: str) -> str:
    """``north-east`` -> ``North east``; a name written with capitals stays as written."""
    return name.replace("-", " ").capitalize() if name == name.lower() else name


def categories(env: BuildEnvironment) -> list[list]:
    """``[[label, slug, number of events, is a region]...]`` of published events, by label
    (computed once per build: every event page links its categories)."""
    return cached(env, "event-categories", _categories)


def _categories(env: BuildEnvironment) -> list[list]:
    topics = topic_pages(env)
    counts: dict[str, list] = {}
    for info in published_events(env):
        for name in dict.fromkeys(event_of(info).categories):
            slug = slugify(name)
            if slug:
                title, region = topics.get(slug, (category_label(name), False))
                counts.setdefault(slug, [title, slug, 0, region])[2] += 1
    return sorted(counts.values(), key=lambda row: (row[0].lower(), row[1]))


def event_years(env: BuildEnvironment) -> list[list]:
    """``[[year, number of events]...]``, newest first."""
    return cached(env, "event-years", _event_years)


def _event_years(env: BuildEnvironment) -> list[list]:
    counts: dict[str, int] = {}
    for info in published_events(env):
        year = year_of(event_of(info))
        if year:
            counts[year] = counts.get(year, 0) + 1
    return [[year, counts[year]] for year in sorted(counts, reverse=True)]


def category_links(env: BuildEnvironment, names: list[str]) -> nodes.inline:
    """An event's categories, each a link to its page (when it has one: published events)."""
    pages = {row[1]: row[0] for row in categories(env)}
    result = nodes.inline()
    for index, name in enumerate(names):
        if index:
            result += nodes.Text(", ")
        slug = slugify(name)
        if slug in pages:
            result += link(category_pagename(slug), pages[slug])
        else:
            result += nodes.Text(category_label(name))
    return result


def filters(env: BuildEnvironment, current: str = "") -> list[nodes.Node]:
    """The events' filter without a script: links to the page of each region, each other
    topic and each year, with how many events each has; the page shown is marked, not
    linked. ``current`` is that page's name."""
    rows = categories(env)
    groups = (
        (_("By region"), [(category_pagename(s), label, n) for label, s, n, r in rows if r]),
        (_("By topic"), [(category_pagename(s), label, n) for label, s, n, r in rows
                         if not r]),
        (_("By year"), [(year_pagename(y), y, n) for y, n in event_years(env)]),
    )
    result: list[nodes.Node] = []
    for label, links in groups:
        if links:
            result.append(nodes.paragraph(label, label, classes=["csnet-filter-label"]))
            result.append(_link_list(links, current, ["csnet-filters"]))
    return result or [nodes.paragraph("", _("No events yet."), classes=["csnet-empty"])]


def _link_list(rows, current: str, classes=()) -> nodes.bullet_list:
    items = nodes.bullet_list(classes=["csnet-archive-list", *classes])
    for pagename, text, count in rows:
        paragraph = nodes.paragraph()
        if pagename == current:
            paragraph += nodes.strong(text, text, classes=["csnet-current"])
        else:
            paragraph += link(pagename, text)
        paragraph += nodes.Text(f" ({plural(count, 'event')})")
        items += nodes.list_item("", paragraph)
    return items
