"""Calendar files: one ``.ics`` per event, the feed of upcoming events, and the link to it.

Each file is reproducible (stamped with the date its event was posted) and written only when
what it says changed.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from pathlib import Path

from sphinx.application import Sphinx

from ..addresses import live_url
from ..listing.queries import cached
from ..locale import _
from ..outputs import Ledger, digest, write_if_changed
from ..site import PageInfo, site
from .query import published_events, run_query
from .reading import event_of

FEED = "events.ics"
CALENDAR_DIGESTS = Ledger("calendar-digests", "what each event's calendar file said, as a digest")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\u2028\u2029]")  # all but the line feed


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
