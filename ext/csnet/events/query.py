"""Finding events: the published ones, and those a list asks for, once per build and query.

A list's query is a small dict (``when``, ``category``, ``year``, ``limit``, ``group``); its
topic (:func:`topic_of`) is what a page showing the list records it uses.
"""

from __future__ import annotations

from functools import partial

from sphinx.environment import BuildEnvironment

from ..listing.queries import cached
from ..publication import drafts_shown, is_published
from ..site import PageInfo, site
from ..slugs import slugify
from .model import Event, sort_key, uk_day
from .reading import event_of

INDEX = "event/index"  # the events index, where the importer puts it
CATEGORY_LIST = {"list": "filters"}  # the query of the events index's links to its pages


def published_events(env: BuildEnvironment) -> list[PageInfo]:
    """Every published event page (the one publication rule, csnet.publication), computed
    once per build (csnet.listing.queries.cached): every list and category page asks."""
    today = site(env).as_of
    return cached(env, "events-published", lambda env: [
        info for docname, info in site(env).pages.items()
        if docname in env.all_docs and event_of(info) is not None
        and is_published(info, today, drafts_shown(env.config))])


def run_query(env: BuildEnvironment, query: dict) -> list[PageInfo]:
    """Upcoming events soonest first, or past ones newest first; by category; limited (once
    per build and query: the index, its category pages and the digests ask the same)."""
    return cached(env, topic_of(query), partial(_run_query, query=query))


def _run_query(env: BuildEnvironment, query: dict) -> list[PageInfo]:
    today = site(env).as_of
    found = [info for info in published_events(env) if query["when"] == "any"
             or (event_of(info).status(today) == "past") == (query["when"] == "past")]
    if query.get("category"):
        found = [info for info in found
                 if query["category"] in map(slugify, event_of(info).categories)]
    if query.get("year"):
        found = [info for info in found if year_of(event_of(info)) == query["year"]]
    found.sort(key=lambda info: (sort_key(event_of(info).start), info.docname),
               reverse=query["when"] == "past")
    return found[: query["limit"]] if query.get("limit") else found


def year_of(event: Event) -> str:
    """The year an event starts in (UK time), or "" when it has no start."""
    return str(uk_day(event.start).year) if event.start else ""


def topic_of(query: dict) -> str:
    return "events:" + ";".join(f"{k}={query[k]}" for k in sorted(query))


def query_of(topic: str) -> dict:
    query: dict = {}
    for pair in topic.removeprefix("events:").split(";"):
        key, _, value = pair.partition("=")
        query[key] = int(value) if key == "limit" else value
    return query


def events_index(env: BuildEnvironment) -> str:
    """The page with the events index (``""`` when the site has none)."""
    listing = topic_of(CATEGORY_LIST)
    return min((docname for docname, topics in site(env).users().items()
                if listing in topics and docname in env.all_docs), default="")
