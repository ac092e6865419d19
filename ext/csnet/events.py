"""Events: when and where in UK time, how to sign up, "Add to calendar", lists and a feed.

An event is a page with ``layout: event``. Its data comes in the old site's two schemas, the
newer ``event: {start, end, deadline, host, location, link, email, no-register}`` (UTC
timestamps) and the older flat ``start-date``, ``end-date``, ``location``,
``registration-close-date``, ``link``, ``email``; :func:`read_event` reads both, and every value
it cannot read becomes a ``csnet.event`` warning at its line, costing only that value.

Whether an event is upcoming, or its registration has closed, is judged as of the build date
(``plan_as_of``, ``SOURCE_DATE_EPOCH`` or today, as the plan is), so the details box, the lists
and the calendar feed are resolved at write time, and a page whose status changed since the
last build is rewritten (its topic ``event:<docname>``), as are lists whose events changed. The
publish workflow rebuilds daily, so events pass without an edit.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .addresses import live_url
from .dates import long_date
from .layouts import details
from .listing import ArchivePage, cached, digest, link, topic_pages, typeset
from .locale import _, pgettext, plural
from .logs import Warn, warn
from .order import Reading, Writing
from .outputs import Ledger, write_if_changed
from .pages import under_header
from .publication import drafts_shown, is_published
from .site import PageInfo, Record, page_link, register_directives, site, state_version
from .slugs import slugify
from .urls import web_link

UK = ZoneInfo("Europe/London")
LAYOUT = "event"
FEED = "events.ics"
INDEX = "event/index"  # the events index, where the importer puts it
INDEX_HEADING = "csnet-events-heading"  # the events index's own headings (h2 in its page)
CATEGORY_LIST = {"list": "filters"}  # the query of the events index's links to its pages
RECENT = 10  # past events the events index shows; the rest are on the pages by year
#: the older flat keys and the newer ``event:`` keys they mean
FLAT_KEYS = {"start-date": "start", "end-date": "end", "registration-close-date": "deadline",
             "location": "location", "link": "link", "email": "email", "host": "host",
             "no-register": "no-register"}
TIME_KEYS = ("start", "end", "deadline")
TEXT_KEYS = ("host", "location", "link", "email", "no-register")

Moment = dt.datetime | dt.date  # an aware UTC time, or a whole day
#: the years an event can be in: outside them a value is a typo (and 9999-12-31 plus a day,
#: or a zone's offset, would overflow Python's dates in the lists and the calendar)
YEARS = (1900, 2999)
EVENT_DIGESTS: Record[dict[str, str]] = Record(
    "event_digests", dict, "what each event query showed (statuses included), as a digest")
CALENDAR_DIGESTS = Ledger("calendar-digests", "what each event's calendar file said, as a digest")
_EMAIL = re.compile(r"^[^@\s?&#/:;,<>\"'()\\]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\u2028\u2029]")  # all but the line feed


@dataclass
class Event:
    """What an event page says, read from either schema; missing values are ``None``/""."""

    start: Moment | None = None
    end: Moment | None = None
    deadline: Moment | None = None
    host: str = ""
    location: str = ""
    link: str = ""
    email: str = ""
    no_register: str = ""  # the text shown instead of a sign-up
    categories: list[str] = field(default_factory=list)

    def last_day(self) -> dt.date | None:
        moment = self.end or self.start
        return uk_day(moment) if moment else None

    def status(self, today: dt.date) -> str:
        """``past``, ``closed`` (registration) or ``open``, as of ``today``."""
        last = self.last_day()
        if last and last < today:
            return "past"
        if self.deadline and uk_day(self.deadline) < today:
            return "closed"
        return "open"


# -- reading ---------------------------------------------------------------------------------
def read_moment(value, zone: dt.tzinfo = dt.UTC) -> tuple[Moment | None, str | None]:
    """A timestamp or a day: ``(value, problem)``. A time that names no zone is in ``zone``:
    UTC in the ``event:`` block (Decap writes ``...Z``), UK local time in the older flat
    schema, as the old site showed ``start-date: 2022-06-29 13:00``
    (reference/developer.md#trap-event-times)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    text = str(value).strip()
    try:
        if isinstance(value, dt.datetime):
            moment: Moment = _aware(value, zone)
        elif isinstance(value, dt.date):
            moment = value
        elif len(text) <= 10:
            moment = dt.date.fromisoformat(text)
        else:
            moment = _aware(dt.datetime.fromisoformat(text.replace(" UTC", "Z")), zone)
    except ValueError:
        return None, (f"'{text}' is not a date and time; write it as YYYY-MM-DDTHH:MM:SSZ in "
                      "UTC, for example 2025-11-14T16:30:00Z, or a day as YYYY-MM-DD")
    except OverflowError:  # 9999-12-31T23:00-05:00 is in the year 10000 in UTC
        moment = dt.date.max
    if not YEARS[0] <= moment.year <= YEARS[1]:
        return None, (f"'{text}' is not a year an event can be in (between {YEARS[0]} and "
                      f"{YEARS[1]}); check the year")
    return moment, None


def _aware(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """In UTC; a time without a zone is read in ``zone`` (summer time included)."""
    return (moment.replace(tzinfo=zone) if moment.tzinfo is None else moment).astimezone(dt.UTC)


def read_event(info: PageInfo) -> tuple[Event, list[tuple[int, str]]]:
    """The event of a page and ``(line, problem)`` for each value that could not be read."""
    data = info.data
    problems: list[tuple[int, str]] = []
    nested = data.get("event")
    if isinstance(nested, dict):
        values, path = nested, ("event",)
        problems += [(info.front.line(old), f"'{old}' is ignored, because this page has an "
                      f"'event:' block; move its value into the block as '{new}:'")
                     for old, new in FLAT_KEYS.items() if old in data and new in TIME_KEYS]
    else:
        if nested not in (None, ""):
            problems.append((info.front.line("event"), "'event' should be a block of keys "
                             "(start, end, location, ...) indented under it; it was ignored"))
        values = {new: data[old] for old, new in FLAT_KEYS.items() if old in data}
        path = ()
    event = Event(categories=[str(c).strip() for c in _entries(data.get("category"))
                              if str(c).strip()])

    def line(key: str) -> int:
        if path:
            return info.front.line(*path, key)
        old = next((o for o, n in FLAT_KEYS.items() if n == key and o in data), key)
        return info.front.line(old)

    zone = dt.UTC if path else UK
    for key in TIME_KEYS:
        moment, problem = read_moment(values.get(key), zone)
        if problem:
            problems.append((line(key), f"event {key}: {problem}"))
        setattr(event, key, moment)
    for key in TEXT_KEYS:
        value = values.get(key)
        if isinstance(value, (dict, list)):
            problems.append((line(key), f"event {key} should be one line of text"))
            continue
        text = "" if value is None or value is False else str(value).strip()
        problem = None
        if key == "link":
            text, problem = web_link(text)
        elif key == "email" and text and not _EMAIL.match(text):
            address = text.split("?", 1)[0].strip()
            text, problem = (address, "has more than an address after it (a '?' with cc, "
                             "subject or words); only the address is used") \
                if _EMAIL.match(address) else ("", "is not one email address "
                                                "(name@example.org)")
        if problem:
            problems.append((line(key), f"event {key} {value!r} {problem}"))
        if key == "no-register" and value is True:
            text = _("No need to register: just come along.")
        setattr(event, key.replace("-", "_"), text)
    if event.start is None and not any(p for p in problems if "start" in p[1]):
        problems.append((info.front.line(*path) if path else 1, "the event has no start; add "
                         "'start: 2025-11-14T16:30:00Z' under 'event:' (UTC)"))
    if event.start and event.end and _sort_key(event.end) < _sort_key(event.start):
        problems.append((line("end"), "the event ends before it starts; check 'end'"))
        event.end = None
    if event.start and event.deadline and _sort_key(event.deadline) > _sort_key(event.start):
        problems.append((line("deadline"), "registration closes after the event starts; "
                         "check the deadline (registration-close-date)"))
    return event, problems


def _entries(value) -> list:
    return value if isinstance(value, list) else [] if value in (None, "") else [value]


def remember_event(app: Sphinx, info: PageInfo) -> None:
    """``csnet-page-read``: an event page's data, read once and kept with the page."""
    if info.layout != LAYOUT:
        return
    event, problems = read_event(info)
    for line, problem in problems:
        warn(Warn.EVENT, problem, (info.docname, line))
    info.event = event
    # listed by the events index and lists, not by a contents tree of every event (a
    # navigation listing hundreds of pages makes a build quadratic:
    # reference/developer.md#trap-quadratic-navigation)
    app.env.metadata[info.docname]["orphan"] = True


def event_of(info: PageInfo) -> Event | None:
    return info.event if info.layout == LAYOUT else None


# -- words -----------------------------------------------------------------------------------
def uk_day(moment: Moment) -> dt.date:
    return moment.astimezone(UK).date() if isinstance(moment, dt.datetime) else moment


def day_text(day: dt.date) -> str:
    """'Friday 14 November 2025' ('Dydd Gwener 14 Tachwedd 2025')."""
    return long_date(day, "EEEE d MMMM y")


def time_text(moment: dt.datetime) -> str:
    """'4.30pm', '7pm', '12 noon' in UK time (in Welsh '4.30yp', '7yh', '12 hanner dydd')."""
    local = moment.astimezone(UK)
    if (local.hour, local.minute) == (12, 0):
        return _("12 noon")
    hour = local.hour % 12 or 12
    minutes = f".{local.minute:02d}" if local.minute else ""
    clock = f"{hour}{minutes}"
    if local.hour < 12:
        return _("{time}am").format(time=clock)
    # one English "pm", two Welsh words: yp (y prynhawn) before six, yh (yr hwyr) after
    if local.hour < 18:
        return pgettext("afternoon", "{time}pm").format(time=clock)
    return pgettext("evening", "{time}pm").format(time=clock)


def moment_text(moment: Moment) -> str:
    if isinstance(moment, dt.datetime):
        return f"{day_text(uk_day(moment))}, {time_text(moment)}"
    return day_text(moment)


def when_text(event: Event) -> str:
    """'Friday 14 November 2025, 4.30pm to 7pm' (UK time), or as much as is known."""
    if event.start is None:
        return ""
    start = moment_text(event.start)
    if event.end is None or event.end == event.start:
        return start
    if uk_day(event.end) == uk_day(event.start):
        if isinstance(event.end, dt.datetime) and isinstance(event.start, dt.datetime):
            return _("{start} to {end}").format(start=start, end=time_text(event.end))
        return start
    return _("{start} to {end}").format(start=start, end=moment_text(event.end))


def _sort_key(moment: Moment | None) -> dt.datetime:
    if moment is None:
        return dt.datetime.max.replace(tzinfo=dt.UTC)
    if isinstance(moment, dt.datetime):
        return moment
    return dt.datetime.combine(moment, dt.time(), UK).astimezone(dt.UTC)


# -- the details box on an event page --------------------------------------------------------
class event_details(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder for an event's details: its status depends on the build date."""


class EventDetails(SphinxTransform):
    """An event page gets its details box after the header, filled in at write time."""

    default_priority = Reading.EVENT_DETAILS

    def apply(self, **kwargs) -> None:
        info = site(self.env).pages.get(self.env.docname)
        if info is None or event_of(info) is None:
            return
        site(self.env).uses(self.env.docname, f"event:{info.docname}")
        under_header(self.document, event_details(docname=info.docname))


def details_nodes(env: BuildEnvironment, info: PageInfo, today: dt.date) -> list[nodes.Node]:
    """When, where, who hosts, how to sign up (or that it has passed), add to calendar."""
    event = event_of(info)
    status = event.status(today)
    pairs: list[tuple[str, nodes.Node]] = []
    if event.start:
        pairs.append((_("When"), nodes.inline("", when_text(event))))
    if event.location:
        pairs.append((_("Where"), nodes.inline("", event.location)))
    if event.host:
        pairs.append((_("Hosted by"), nodes.inline("", event.host)))
    register = registration(event, status)
    if register is not None:
        pairs.append((_("Registration") if status != "open" else _("How to register"),
                      register))
    if event.categories:
        pairs.append((_("Category") if len(event.categories) == 1 else _("Categories"),
                      category_links(env, event.categories)))
    result: list[nodes.Node] = [details(pairs, ["csnet-event-details", f"csnet-event-{status}"])]
    if status != "past" and event.start:
        paragraph = nodes.paragraph(classes=["csnet-add-to-calendar", "hide-when-printed"])
        paragraph += page_link(f"{info.docname}.ics", nodes.Text(_("Add to calendar")),
                               live_elsewhere=True, internal=False)
        paragraph += nodes.Text(_(" (an .ics file for Outlook, Google and Apple calendars)"))
        result.append(paragraph)
    return result


def registration(event: Event, status: str) -> nodes.Node | None:
    """How to sign up, with the deadline; or that registration or the event is over."""
    deadline = _(" by {deadline}").format(deadline=moment_text(event.deadline)) \
        if event.deadline else ""
    if status == "past":
        return nodes.inline("", _("This event has finished."), classes=["csnet-event-status"])
    if status == "closed":
        return nodes.inline("", _("Registration closed on {deadline}.").format(
            deadline=moment_text(event.deadline)))
    if event.no_register:
        return nodes.inline("", event.no_register)
    if event.link:
        node = nodes.inline()
        node += nodes.reference("", _("Register for this event"), refuri=event.link)
        if deadline:
            node += nodes.Text(deadline)
        return node
    if event.email:
        node = nodes.inline()
        before, _email, after = _("Email {email} to register{deadline}").partition("{email}")
        node += nodes.Text(before)
        node += nodes.reference("", event.email, refuri=f"mailto:{event.email}")
        node += nodes.Text(after.format(deadline=deadline))
        return node
    if event.deadline:
        return nodes.inline("", _("Registration closes on {deadline}.").format(
            deadline=moment_text(event.deadline)))
    return None


# -- lists -----------------------------------------------------------------------------------
class event_list(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for a list of events (``query``), resolved at write time."""


def published_events(env: BuildEnvironment) -> list[PageInfo]:
    """Every published event page (the one publication rule, csnet.publication), computed
    once per build (csnet.listing.cached): every list and category page asks."""
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
    found.sort(key=lambda info: (_sort_key(event_of(info).start), info.docname),
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
            keys = [str(uk_day(event.start).year) if event.start else _("Undated")]
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


def events_index(env: BuildEnvironment) -> str:
    """The page with the events index (``""`` when the site has none)."""
    listing = topic_of(CATEGORY_LIST)
    return min((docname for docname, topics in site(env).users().items()
                if listing in topics and docname in env.all_docs), default="")


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


# -- categories (often a region) and years: the pages that filter events -----------------------
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
        pages.append(ArchivePage(
            pagename, _("Events: {category}").format(category=label), section,
            _("All events"), partial(_shown_sections, env, sections),
            partial(_render_sections, sections=sections, current=pagename)))
    for year, _count in event_years(env):
        pagename = year_pagename(year)
        sections = ((_("Events in date order"), {"when": "any", "year": year}),)
        pages.append(ArchivePage(
            pagename, _("Events in {year}").format(year=year), section, _("All events"),
            partial(_shown_sections, env, sections),
            partial(_render_sections, sections=sections, current=pagename)))
    return pages


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


# -- calendar files --------------------------------------------------------------------------
def calendar(app: Sphinx, events: list[PageInfo], name: str):
    """An iCalendar of ``events``: reproducible (stamped with the date each was posted)."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//Civil Service LGBT+ Network//csnet//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _one_line(name))
    host = live_url(app.config, "/").split("://", 1)[-1].split("/", 1)[0] or "csnet"
    for info in events:
        event = event_of(info)
        if event.start is None:
            continue
        entry = icalendar.Event()
        entry.add("uid", f"{info.docname}@{host}")
        posted = info.date.date if info.date and info.date.date else site(app.env).as_of
        entry.add("dtstamp", dt.datetime.combine(posted, dt.time(), dt.UTC))  # reproducible
        entry.add("summary", _one_line(info.title or info.docname))
        entry.add("dtstart", event.start)
        end = event.end
        if end is None and not isinstance(event.start, dt.datetime):
            end = event.start + dt.timedelta(days=1)
        elif isinstance(end, dt.date) and not isinstance(end, dt.datetime):
            end = end + dt.timedelta(days=1)  # iCalendar's whole-day end is exclusive
        if end is not None and type(end) is type(event.start):
            entry.add("dtend", end)
        if event.location:
            entry.add("location", _one_line(event.location))
        url = live_url(app.config, f"/{info.docname}/")
        entry.add("url", url)
        excerpt = str(info.get("excerpt", "")).strip()
        entry.add("description", _CONTROL.sub("", f"{excerpt}\n\n{url}".strip()))
        cal.add_component(entry)
    return cal.to_ical()


def _one_line(text: str) -> str:
    """Calendar text on one line: a pasted carriage return or other control character in a
    title is refused by the calendar library (it stopped the build)."""
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def write_calendars(app: Sphinx) -> list:
    """``html-collect-pages``: one .ics per event and the feed of upcoming ones, each file
    written only when its bytes changed (so rebuilds touch nothing that stayed the same), and
    made only when what it says changed: a digest of each file's data is kept beside the
    doctrees, as csnet.listing keeps its archive pages' (making all 220 calendars of the real
    site was a fifth of the preview's rebuild after a save)."""
    env = app.env
    outdir = Path(app.outdir)
    before = CALENDAR_DIGESTS.load(app, {})
    now: dict[str, str] = {}
    common = [live_url(app.config, "/"), str(site(env).as_of)]
    files = [(f"{info.docname}.ics", [info], info.title or info.docname)
             for info in published_events(env)]
    files.append((FEED, run_query(env, {"when": "upcoming"}),
                  _("{site}: events").format(site=app.config.project)))
    for name, events, title in files:
        now[name] = digest([*common, title, *(_said(info) for info in events)])
        if before.get(name) != now[name] or not (outdir / name).is_file():
            write_if_changed(outdir / name, calendar(app, events, title))
    CALENDAR_DIGESTS.save(app, now)
    return []


def _said(info: PageInfo) -> list:
    """What :func:`calendar` takes from a page."""
    return [info.docname, info.title, info.date.raw if info.date else "",
            str(info.get("excerpt", "")), repr(event_of(info))]


def feed_link(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Every page tells calendar apps where the feed of upcoming events is."""
    if not cached(app.env, "any-event", lambda env: any(
            event_of(info) for info in site(env).pages.values())):
        return
    uri = posixpath.relpath(FEED, posixpath.dirname(app.builder.get_target_uri(pagename))
                            or ".")
    title = html.escape(_("Upcoming events"))
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" type="text/calendar" title="{title}" href="{uri}">')


#: the directives this module adds (the reference lists each with its options)
DIRECTIVES = {
    "event-list": EventListDirective,
    "upcoming-events": UpcomingEvents,
    "events-index": EventsIndex,
}


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.site")
    app.setup_extension("csnet.pages")
    app.setup_extension("csnet.layouts")
    app.setup_extension("csnet.listing")
    app.add_node(event_details)
    app.add_node(event_list)
    register_directives(app, DIRECTIVES)
    app.add_transform(EventDetails)
    app.add_post_transform(ResolveEvents)
    app.connect("csnet-page-read", remember_event)
    app.connect("csnet-changed-topics", events_changed)
    app.connect("html-collect-pages", write_calendars)
    app.connect("html-page-context", feed_link)
    app.connect("csnet-archive-pages", category_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": state_version(EVENT_DIGESTS)}
