"""Reading an event page's front matter, in either of the old site's schemas, once per page.

Every value that cannot be read becomes a ``csnet.event`` warning at its line, costing only
that value; the event is kept with the page (:func:`event_of`).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import partial

from sphinx.application import Sphinx

from ..locale import _
from ..logs import Warn, warn
from ..site import PageInfo
from ..urls.keys import web_link
from .model import UK, Event, read_moment, sort_key

LAYOUT = "event"
#: the older flat keys and the newer ``event:`` keys they mean
FLAT_KEYS = {"start-date": "start", "end-date": "end", "registration-close-date": "deadline",
             "location": "location", "link": "link", "email": "email", "host": "host",
             "no-register": "no-register"}
TIME_KEYS = ("start", "end", "deadline")
TEXT_KEYS = ("host", "location", "link", "email", "no-register")
_EMAIL = re.compile(r"^[^@\s?&#/:;,<>\"'()\\]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


def read_event(info: PageInfo) -> tuple[Event, list[tuple[int, str]]]:
    """The event of a page and ``(line, problem)`` for each value that could not be read."""
    values, path, problems = _values(info)
    line = partial(_line, info, path)
    event = Event(categories=[str(c).strip() for c in _entries(info.data.get("category"))
                              if str(c).strip()])
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
        text, problem = _text(key, value)
        if problem:
            problems.append((line(key), f"event {key} {value!r} {problem}"))
        setattr(event, key.replace("-", "_"), text)
    _check_times(event, problems, line, info.front.line(*path) if path else 1)
    return event, problems


def _values(info: PageInfo) -> tuple[dict, tuple, list[tuple[int, str]]]:
    """The event's values by their ``event:`` names, where they are (``("event",)``, or
    ``()`` for the older flat keys), and the problems of a page that mixes the schemas."""
    data = info.data
    nested = data.get("event")
    if isinstance(nested, dict):
        return nested, ("event",), [
            (info.front.line(old), f"'{old}' is ignored, because this page has an "
             f"'event:' block; move its value into the block as '{new}:'")
            for old, new in FLAT_KEYS.items() if old in data and new in TIME_KEYS]
    problems = []
    if nested not in (None, ""):
        problems.append((info.front.line("event"), "'event' should be a block of keys "
                         "(start, end, location, ...) indented under it; it was ignored"))
    return {new: data[old] for old, new in FLAT_KEYS.items() if old in data}, (), problems


def _line(info: PageInfo, path: tuple, key: str) -> int:
    """The line of the event's ``key``: in the ``event:`` block, or under its flat name."""
    if path:
        return info.front.line(*path, key)
    old = next((o for o, n in FLAT_KEYS.items() if n == key and o in info.data), key)
    return info.front.line(old)


def _text(key: str, value) -> tuple[str, str | None]:
    """One of the event's texts (a link, an address...), and what is wrong with it."""
    text = "" if value is None or value is False else str(value).strip()
    if key == "link":
        return web_link(text)
    if key == "email" and text and not _EMAIL.match(text):
        address = text.split("?", 1)[0].strip()
        if _EMAIL.match(address):
            return address, ("has more than an address after it (a '?' with cc, subject or "
                             "words); only the address is used")
        return "", "is not one email address (name@example.org)"
    if key == "no-register" and value is True:
        return _("No need to register: just come along."), None
    return text, None


def _check_times(event: Event, problems: list[tuple[int, str]], line, start_line: int) -> None:
    """A start, and an end and a deadline in the right order: a problem for each that is
    not (and an end before the start is left out)."""
    if event.start is None and not any(p for p in problems if "start" in p[1]):
        problems.append((start_line, "the event has no start; add "
                         "'start: 2025-11-14T16:30:00Z' under 'event:' (UTC)"))
    if event.start and event.end and sort_key(event.end) < sort_key(event.start):
        problems.append((line("end"), "the event ends before it starts; check 'end'"))
        event.end = None
    if event.start and event.deadline and sort_key(event.deadline) > sort_key(event.start):
        problems.append((line("deadline"), "registration closes after the event starts; "
                         "check the deadline (registration-close-date)"))


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
    """The event a page is about (``None`` when it is not an event page)."""
    return info.event if info.layout == LAYOUT else None
