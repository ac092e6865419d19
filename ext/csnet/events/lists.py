"""Lists of events: the directives, what each list shows, and filling them in at write time.

``event-list``, ``upcoming-events`` and ``events-index`` leave a placeholder with their query;
:class:`ResolveEvents` fills it (and each event's details box) as of the build date, and
:func:`events_changed` names the lists whose events changed since the last build.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..listing.render import link, typeset
from ..locale import _
from ..order import Writing
from ..outputs import digest
from ..site import PageInfo, Record, site
from ..slugs import slugify
from .categories import categories, category_label, event_years, filters
from .details import details_nodes, event_details
from .query import CATEGORY_LIST, events_index, query_of, run_query, topic_of, year_of
from .reading import event_of
from .words import when_text

INDEX_HEADING = "csnet-events-heading"  # the events index's own headings (h2 in its page)
RECENT = 10  # past events the events index shows; the rest are on the pages by year
EVENT_DIGESTS: Record[dict[str, str]] = Record(
    "event_digests", dict, "what each event query showed (statuses included), as a digest")


class event_list(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for a list of events (``query``), resolved at write time."""


def shown(env: BuildEnvironment, query: dict) -> list:
    """What a list displays of each event: its digest decides which pages are rewritten."""
    if query.get("list") == "filters":
        return [categories(env), event_years(env)]
    if query.get("else") == "recent":  # the latest events when none is coming up
        return [shown(env, {**query, "when": "past", "else": ""}), events_index(env),
                shown(env, {**query, "else": ""})]
    return [[info.docname, info.title, when_text(event_of(info)), event_of(info).location,
             event_of(info).categories] for info in run_query(env, query)]


class EventListDirective(SphinxDirective):
    """``event-list``: ``:when: upcoming|past``, ``:category:``, ``:limit:``, ``:group: year``."""

    option_spec = {
        "when": lambda arg: directives.choice(arg, ("upcoming", "past", "any")),
        "category": lambda arg: slugify(directives.unchanged_required(arg)),
        "limit": directives.positive_int,
        "group": lambda arg: directives.choice(arg, ("year", "category")),
    }
    defaults: dict = {"when": "upcoming"}

    def run(self) -> list[nodes.Node]:
        query = {**self.defaults, **self.options}
        site(self.env).uses(self.env.docname, topic_of(query))
        node = event_list(query=query)
        self.set_source_info(node)
        return [node]


class UpcomingEvents(EventListDirective):
    """``upcoming-events``: the next few events, for the home page (``:limit:``, default 3);
    when none is coming up, the latest ones, said so, and a link to all events."""

    option_spec = {"limit": directives.positive_int,
                   "category": EventListDirective.option_spec["category"]}
    defaults = {"when": "upcoming", "limit": 3, "else": "recent"}


class EventsIndex(EventListDirective):
    """``events-index``: links to the page of each region, topic and year (a filter that
    needs no script), upcoming events soonest first, then the most recent past ones."""

    option_spec: dict = {}

    def run(self) -> list[nodes.Node]:
        result = []
        for title, query in ((_("Find events"), CATEGORY_LIST),
                             (_("Upcoming events"), {"when": "upcoming"}),
                             (_("Recent events"), {"when": "past", "limit": RECENT})):
            site(self.env).uses(self.env.docname, topic_of(query))
            result.append(nodes.rubric(title, title, classes=[INDEX_HEADING]))
            result.append(event_list(query=query))
        return result


def render(env: BuildEnvironment, query: dict, level: int) -> list[nodes.Node]:
    if query.get("list") == "filters":
        return filters(env, query.get("current", ""))
    pages = run_query(env, query)
    if query.get("else") == "recent":
        return _upcoming_or_recent(env, query, pages)
    if not pages:
        text = _("No upcoming events yet.") if query["when"] == "upcoming" \
            else _("No past events.")
        return [nodes.paragraph("", text, classes=["csnet-empty"])]
    group = query.get("group")
    if not group:
        return [_items(env, pages)]
    groups: dict[str, list[PageInfo]] = {}
    for info in pages:
        event = event_of(info)
        if group == "year":
            keys = [year_of(event) or _("Undated")]
        else:
            keys = event.categories or [_("Other")]
        for key in keys:
            groups.setdefault(key, []).append(info)
    order = sorted(groups, reverse=True) if group == "year" else sorted(groups, key=str.lower)
    result: list[nodes.Node] = []
    for key in order:
        label = key if group == "year" else category_label(key)
        result.append(nodes.rubric(label, label, classes=["csnet-events-group"],
                                   **{"heading-level": level}))
        result.append(_items(env, groups[key]))
    return result


def _upcoming_or_recent(env: BuildEnvironment, query: dict,
                        pages: list[PageInfo]) -> list[nodes.Node]:
    """The next events; when none is announced, the latest ones, said so; then a link to
    the events index (when the site has one)."""
    result: list[nodes.Node] = []
    if pages:
        result.append(_items(env, pages))
    else:
        recent = run_query(env, {**query, "when": "past"})
        text = _("No events are coming up just now: new ones are announced here. "
                 "The latest were:") if recent else _("No upcoming events yet.")
        result.append(nodes.paragraph("", text, classes=["csnet-empty"]))
        if recent:
            result.append(_items(env, recent))
    index = events_index(env)
    if index:
        paragraph = nodes.paragraph(classes=["csnet-more"])
        paragraph += link(index, _("All events"))
        result.append(paragraph)
    return result


def _items(env: BuildEnvironment, pages: list[PageInfo]) -> nodes.bullet_list:
    items = nodes.bullet_list(classes=["csnet-list", "csnet-event-list", "csnet-compact"])
    for info in pages:
        event = event_of(info)
        item = nodes.list_item(classes=["csnet-list-item"])
        title = nodes.paragraph(classes=["csnet-item-title"])
        title += link(info.docname, typeset(env, info.title or info.docname))
        item += title
        meta = " · ".join(part for part in (when_text(event), event.location) if part)
        if meta:
            item += nodes.paragraph("", meta, classes=["csnet-item-meta"])
        items += item
    return items


class ResolveEvents(SphinxPostTransform):
    """Fill in event details and lists as of the build date."""

    default_priority = Writing.EVENTS

    def run(self, **kwargs) -> None:
        today = site(self.env).as_of
        pages = site(self.env).pages
        for node in list(self.document.findall(event_details)):
            info = pages.get(node["docname"])
            node.replace_self(details_nodes(self.env, info, today) if info and event_of(info)
                              else [])
        for heading in list(self.document.findall(nodes.rubric)):
            if INDEX_HEADING in heading["classes"] and "heading-level" not in heading:
                # a heading one level below the section the index is in (no h1 -> h3 jump)
                depth = sum(1 for _ in _sections_above(heading))
                heading["heading-level"] = min(depth + 1, 6)
        for node in list(self.document.findall(event_list)):
            depth = sum(1 for _ in _sections_above(node))
            node.replace_self(render(self.env, node["query"], min(depth + 2, 6)))


def _sections_above(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        if isinstance(node, nodes.section):
            yield node


# -- incremental builds ----------------------------------------------------------------------
def events_changed(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """``csnet-changed-topics``: event pages whose status moved on, lists whose events did."""
    domain = site(env)
    today = site(env).as_of
    now = {f"event:{info.docname}": event_of(info).status(today)
           for info in domain.pages.values() if event_of(info) is not None}
    used = {topic for topics in domain.users().values() for topic in topics
            if topic.startswith("events:")}
    now |= {topic: digest(shown(env, query_of(topic))) for topic in used}
    return EVENT_DIGESTS.changed(env, now)
