"""Events: when and where in UK time, how to sign up, "Add to calendar", lists and a feed.

An event is a page with ``layout: event``. Its data comes in the old site's two schemas, the
newer ``event: {start, end, deadline, host, location, link, email, no-register}`` (UTC
timestamps) and the older flat ``start-date``, ``end-date``, ``location``,
``registration-close-date``, ``link``, ``email``; :func:`.reading.read_event` reads both, and
every value it cannot read becomes a ``csnet.event`` warning at its line, costing only that
value.

Whether an event is upcoming, or its registration has closed, is judged as of the build date
(``plan_as_of``, ``SOURCE_DATE_EPOCH`` or today, as the plan is), so the details box, the lists
and the calendar feed are resolved at write time, and a page whose status changed since the
last build is rewritten (its topic ``event:<docname>``), as are lists whose events changed. The
publish workflow rebuilds daily, so events pass without an edit.

This package is the sub-extension (:func:`setup`); its parts, each importing only those
before it: :mod:`.model` (an event and its moments), :mod:`.words` (said in words),
:mod:`.reading` (a page's front matter), :mod:`.query` (finding events), :mod:`.categories`
(categories and years, and the links that filter by them), :mod:`.details` (the box on an
event page), :mod:`.lists` (the directives, filled in at write time), :mod:`.archive` (the
page of each category and year) and :mod:`.calendars` (the ``.ics`` files and the feed).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from ..site import register_directives, state_version
from .archive import category_pages
from .calendars import feed_link, write_calendars
from .details import EventDetails, event_details
from .lists import (
    EVENT_DIGESTS,
    EventListDirective,
    EventsIndex,
    ResolveEvents,
    UpcomingEvents,
    event_list,
    events_changed,
)
from .reading import remember_event

#: the directives this package adds (the reference lists each with its options)
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
