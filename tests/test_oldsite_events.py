"""The real old site's events, imported and built (the ``oldsite`` fixture): each at the time
its front matter means, on the page and in its calendar file (issue 24). Times in ``event:``
are UTC (the content manager writes ``...Z``); a flat-schema time without a zone is UK local
time (reference/developer.md#trap-event-times). The zone arithmetic here is zoneinfo's, not the
extension's."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
from bs4 import BeautifulSoup
from csnet.events.words import time_text
from csnet.frontmatter import parse

UK = ZoneInfo("Europe/London")


def meant(data: dict) -> dt.datetime | None:
    """The start an event's front matter means, as an aware time; None for a whole day."""
    nested = data.get("event") if isinstance(data.get("event"), dict) else None
    value = nested.get("start") if nested else data.get("start-date")
    zone = dt.UTC if nested else UK
    text = str(value or "").strip().replace("Z", "+00:00")
    if len(text) <= 10:
        return None
    moment = dt.datetime.fromisoformat(text)
    return (moment if moment.tzinfo else moment.replace(tzinfo=zone)).astimezone(dt.UTC)


def test_every_event_is_at_the_time_its_front_matter_means(oldsite):
    checked = 0
    for source in sorted((oldsite.docs / "event").glob("*.md")):
        data = parse(source.read_text("utf-8")).data
        if data.get("layout") != "event" or data.get("published") is False:
            continue
        start = meant(data)
        ics = oldsite.outdir / "event" / f"{source.stem}.ics"
        if start is None or not ics.is_file():
            continue
        (entry,) = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
        assert entry.decoded("dtstart") == start.replace(microsecond=0), source.name
        page = oldsite.outdir / "event" / source.stem / "index.html"
        when = BeautifulSoup(page.read_text("utf-8"), "html.parser").find(
            "dl", class_="csnet-event-details").find("dd").get_text(" ", strip=True)
        local = start.astimezone(UK)
        assert f"{local.day} {local:%B %Y}" in when and str(time_text(start)) in when, (
            source.name, when)
        checked += 1
    assert checked >= 150  # the sample's 228 events, less whole days and drafts


def test_the_real_site_builds_with_each_new_problem_located(oldsite):
    """What the trust checks find on the real site: the Twitter embeds' scripts, and pages
    the content manager cannot open, each at its line. The 44 posts that gave ``redirect_from``
    twice are merged by the importer, so only the keys a person must choose between remain."""
    html = [w for w in oldsite.warnings if "[csnet.html]" in w]
    assert html and all(".md:" in w for w in html)
    assert sum("<script>" in w for w in html) >= 15
    cms = [w for w in oldsite.warnings if "the content manager cannot open this page" in w
           or "The content manager cannot open this page" in w]
    assert cms and all(".md:" in w for w in cms)
    assert not [w for w in cms if "'redirect_from:' is given twice" in w]
    assert not [w for w in oldsite.warnings if "Traceback" in w or "Exception" in w]
