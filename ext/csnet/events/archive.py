"""The page of each category and of each year (``csnet-archive-pages``), as lists of events."""

from __future__ import annotations

from functools import partial

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..listing.archives import ArchivePage
from ..locale import _
from .categories import categories, category_pagename, event_years, filters, year_pagename
from .lists import INDEX_HEADING, render, shown
from .query import CATEGORY_LIST, INDEX, events_index


def category_pages(app: Sphinx, env: BuildEnvironment) -> list:
    """``csnet-archive-pages``: one page per category (upcoming events soonest first, then
    past ones by year, newest first, as the events index orders them) and one per year
    (its events in date order); each starts with the filter, the page itself marked."""
    section = events_index(env) or INDEX
    pages = []
    for label, slug, _count, _region in categories(env):
        pagename = category_pagename(slug)
        sections = ((_("Upcoming events"), {"when": "upcoming", "category": slug}),
                    (_("Past events"), {"when": "past", "category": slug, "group": "year"}))
        pages.append(_page(env, pagename, _("Events: {category}").format(category=label),
                           section, sections))
    for year, _count in event_years(env):
        pagename = year_pagename(year)
        sections = ((_("Events in date order"), {"when": "any", "year": year}),)
        pages.append(_page(env, pagename, _("Events in {year}").format(year=year), section,
                           sections))
    return pages


def _page(env: BuildEnvironment, pagename: str, title: str, section: str,
          sections) -> ArchivePage:
    """An archive page in the events index's section: the filter, then ``sections``."""
    return ArchivePage(pagename, title, section, _("All events"),
                       partial(_shown_sections, env, sections),
                       partial(_render_sections, sections=sections, current=pagename))


def _shown_sections(env: BuildEnvironment, sections) -> list:
    return [shown(env, CATEGORY_LIST), *(shown(env, query) for _title, query in sections)]


def _render_sections(env: BuildEnvironment, sections, current: str) -> list[nodes.Node]:
    details = nodes.container(classes=["csnet-event-filters"])
    details += filters(env, current)
    result: list[nodes.Node] = [details]
    for title, query in sections:
        result.append(nodes.rubric(title, title, classes=[INDEX_HEADING],
                                   **{"heading-level": 2}))
        result += render(env, query, 3)
    return result
