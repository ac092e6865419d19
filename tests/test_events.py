"""Events: both schemas, UK times, registration as of the build date, calendars, lists."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time

import icalendar
import pytest
from bs4 import BeautifulSoup
from csnet.events.model import Event, read_moment
from csnet.events.words import when_text
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import TESTS
from tests.helpers.sphinx import build_app, warnings_of

ROOT = TESTS / "roots" / "test-events"


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("2025-11-14T16:30:00", "2025-11-14T19:00:00", "Friday 14 November 2025, 4.30pm to 7pm"),
    # British Summer Time: 15:30 UTC is 4.30pm in London
    ("2025-06-20T15:30:00", "2025-06-20T18:00:00", "Friday 20 June 2025, 4.30pm to 7pm"),
    ("2025-11-14T12:00:00", None, "Friday 14 November 2025, 12 noon"),
    ("2025-11-14T23:30:00", "2025-11-15T01:00:00",
     "Friday 14 November 2025, 11.30pm to Saturday 15 November 2025, 1am"),
    # 23:30 UTC on 30 June is already 1 July in London
    ("2025-06-30T23:30:00", None, "Tuesday 1 July 2025, 12.30am"),
])
def test_when_reads_in_uk_time(start, end, expected):
    event = Event(start=utc(start), end=utc(end) if end else None)
    assert when_text(event) == expected


def test_whole_days_and_timestamps_in_every_shape():
    assert when_text(Event(start=dt.date(2025, 12, 1), end=dt.date(2025, 12, 2))) == (
        "Monday 1 December 2025 to Tuesday 2 December 2025")
    assert read_moment("2025-11-14T16:30:00.000Z")[0] == utc("2025-11-14T16:30:00")
    assert read_moment("2025-11-14 16:30")[0] == utc("2025-11-14T16:30:00")  # UTC when unsaid
    assert read_moment("2025-11-14T17:30:00+01:00")[0] == utc("2025-11-14T16:30:00")
    assert read_moment(dt.date(2025, 1, 2))[0] == dt.date(2025, 1, 2)
    assert read_moment("")[0] is None and read_moment(None) == (None, None)
    for bad in ("next Tuesday", "2022-07-05T00:00:00.00ZT16:33:53.530Z", "2025-13-45"):
        value, problem = read_moment(bad)
        assert value is None and "YYYY-MM-DD" in problem


def test_status_as_of_a_day():
    event = Event(start=utc("2025-11-14T16:30:00"), deadline=utc("2025-11-12T17:00:00"))
    assert event.status(dt.date(2025, 11, 12)) == "open"  # open all of the deadline's day
    assert event.status(dt.date(2025, 11, 13)) == "closed"
    assert event.status(dt.date(2025, 11, 14)) == "closed"  # happening today: not yet past
    assert event.status(dt.date(2025, 11, 15)) == "past"


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["start", "end", "deadline", "host", "location",
                                        "link", "email", "no-register", "other"]),
                       st.one_of(st.none(), st.booleans(), st.integers(), st.text(),
                                 st.dates(), st.datetimes(), st.lists(st.text(), max_size=2),
                                 st.dictionaries(st.text(), st.text(), max_size=2))))
def test_no_value_crashes_reading_or_showing(values):
    from csnet.events.reading import read_event
    from csnet.frontmatter.model import FrontMatter
    from csnet.site import PageInfo

    info = PageInfo("event/x", FrontMatter(data={"layout": "event", "event": values}))
    event, problems = read_event(info)
    assert all(isinstance(line, int) and text for line, text in problems)
    when_text(event)
    event.status(dt.date(2025, 1, 1))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("events") / "src"
    shutil.copytree(ROOT, srcdir)
    return build_app(srcdir)


def soup_of(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / page / "index.html").read_text(), "html.parser")


def test_event_page_says_when_where_who_and_how_to_register(built):
    soup = soup_of(built, "event/social")
    box = soup.find("dl", class_="csnet-event-details")
    pairs = {dt_.get_text(strip=True): dd.get_text(" ", strip=True)
             for dt_, dd in zip(box.find_all("dt"), box.find_all("dd"), strict=True)}
    assert pairs["When"] == "Friday 14 November 2025, 4.30pm to 7pm"
    assert pairs["Where"] == "The Old Bar, Whitehall <SW1>"  # escaped, shown as written
    assert "<SW1>" not in str(box) and "&lt;SW1&gt;" in str(box)
    assert pairs["Hosted by"] == "London region"
    assert pairs["How to register"] == (
        "Register for this event by Wednesday 12 November 2025, 5pm")
    assert box.find("a", href="https://example.org/register")
    assert soup.find("a", string="Add to calendar")["href"] == "../social.ics"


def test_older_flat_schema_and_a_closed_registration(built):
    soup = soup_of(built, "event/flat")
    text = soup.find("dl", class_="csnet-event-details").get_text(" ", strip=True)
    assert "Monday 1 December 2025 to Tuesday 2 December 2025" in text
    assert "Edinburgh" in text
    assert "Registration closed on Saturday 1 November 2025, 12 noon." in text
    assert not soup.find("a", href="mailto:events@example.org")  # no invitation to sign up


def test_past_event_says_so_instead_of_inviting_sign_up(built):
    soup = soup_of(built, "event/summer")
    box = soup.find("dl", class_="csnet-event-details")
    assert "This event has finished." in box.get_text()
    assert not box.find("a", href=lambda href: "category" not in href)  # no sign-up link
    assert not soup.find("a", string="Add to calendar")


def test_no_register_text(built):
    text = soup_of(built, "event/drop-in").find("dl").get_text(" ", strip=True)
    assert "Thursday 20 November 2025, 10am" in text
    assert "No need to register: just turn up." in text


def test_bad_event_data_warns_at_its_line_and_the_page_is_built(built):
    warnings = [w for w in warnings_of(built) if "[csnet.event]" in w]
    expected = {6: "event start: 'next Tuesday' is not a date and time",
                7: "event end: '2025-13-45T10:00:00Z' is not a date and time",
                8: "event deadline:", 9: "event location should be one line of text"}
    for line, text in expected.items():
        assert any(f"bad.md:{line}:" in w and text in w for w in warnings), (line, warnings)
    assert len(warnings) == len(expected)
    assert "Still shown." in soup_of(built, "event/bad").get_text()


def test_events_index_upcoming_soonest_first_then_past_by_year_and_categories(built):
    soup = soup_of(built, "events")
    lists = soup.find_all("ul", class_="csnet-event-list")
    titles = [[a.get_text() for a in ul.find_all("a")] for ul in lists]
    assert titles[0] == ["Winter social", "Drop-in coffee", "Two-day conference",
                         "Badly dated"]  # an event without a start comes last
    assert titles[1] == ["Summer picnic"]  # 2025
    headings = [h.get_text(strip=True) for h in soup.find_all(class_="csnet-events-heading")]
    assert headings == ["Find events", "Upcoming events", "Recent events"]
    assert [(a.get_text(), a["href"]) for a in soup.select(".csnet-filters a")][-1] == (
        "2025", "../event/2025/")  # the page of each year
    categories = soup.find("ul", class_="csnet-archive-list").find_all("li")
    assert [(li.a.get_text(), li.a["href"], li.get_text()) for li in categories] == [
        ("London", "../event/category/london/", "London (1 event)"),
        ("Scotland", "../event/category/scotland/", "Scotland (1 event)"),
        ("Socials", "../event/category/socials/", "Socials (1 event)"),
        ("Wales", "../event/category/wales/", "Wales (2 events)")]
    assert "Secret party" not in soup.get_text()  # published: false


def test_a_page_per_category_upcoming_first_then_past_by_year(built):
    soup = soup_of(built, "event/category/wales")
    assert soup.h1.get_text() == "Events: Wales" and "Events: Wales" in soup.title.get_text()
    assert soup.find("a", string="All events")["href"] == "../../../events/"
    headings = [h.get_text(strip=True) for h in soup.select("#archive h2, #archive h3")]
    assert headings == ["Upcoming events", "Past events", "2025"]
    lists = [[a.get_text() for a in ul.find_all("a")]
             for ul in soup.find_all("ul", class_="csnet-event-list")]
    assert lists == [["Drop-in coffee"], ["Summer picnic"]]
    assert not (built.outdir / "event/category/secret").exists()  # only a draft's category
    # each event page links to its categories' pages
    box = soup_of(built, "event/summer").find("dl", class_="csnet-event-details")
    pairs = {dt_.get_text(strip=True): dd for dt_, dd in
             zip(box.find_all("dt"), box.find_all("dd"), strict=True)}
    assert [(a.get_text(), a["href"]) for a in pairs["Categories"].find_all("a")] == [
        ("Wales", "../category/wales/"), ("Socials", "../category/socials/")]


def test_home_page_shows_the_next_events(built):
    ul = soup_of(built, "").find("ul", class_="csnet-event-list")
    assert [a.get_text() for a in ul.find_all("a")] == ["Winter social", "Drop-in coffee"]


def test_calendar_files(built):
    one = icalendar.Calendar.from_ical((built.outdir / "event/social.ics").read_bytes())
    (event,) = one.walk("VEVENT")
    assert event.decoded("dtstart") == utc("2025-11-14T16:30:00")
    assert event.decoded("dtend") == utc("2025-11-14T19:00:00")
    assert str(event["location"]) == "The Old Bar, Whitehall <SW1>"
    assert str(event["url"]) == "https://example.org/event/social/"
    feed = icalendar.Calendar.from_ical((built.outdir / "events.ics").read_bytes())
    assert [str(e["summary"]) for e in feed.walk("VEVENT")] == [
        "Winter social", "Drop-in coffee", "Two-day conference"]
    whole = icalendar.Calendar.from_ical((built.outdir / "event/flat.ics").read_bytes())
    (flat,) = whole.walk("VEVENT")
    assert flat.decoded("dtend") == dt.date(2025, 12, 3)  # exclusive end of a whole day
    assert not (built.outdir / "event/draft.ics").exists()
    home = soup_of(built, "")
    assert home.find("link", type="text/calendar")["href"] == "events.ics"


def test_team_page_by_role_and_names_linked_in_the_plan(built):
    team = soup_of(built, "team")
    lists = team.find_all("ul", class_="csnet-team-list")
    assert [a.get_text() for a in lists[0].find_all("a")] == ["Ada Lovelace"]  # "false": current
    assert [a.get_text() for a in lists[1].find_all("a")] == ["Grace Hopper"]
    assert team.find(class_="csnet-team-role").get_text(strip=True) == "Co-chair"
    profile = soup_of(built, "team/ada").find("dl", class_="csnet-team-details")
    assert "Co-chair" in profile.get_text()
    assert profile.find("a", href=lambda href: href and href.startswith("mailto:"))
    assert "no longer on the team" in soup_of(built, "team/grace").get_text()
    plan_team = soup_of(built, "plan").find("p", class_="csnet-team")
    assert [(a.get_text(), a["href"]) for a in plan_team.find_all("a")] == [
        ("Ada Lovelace", "../team/ada/")]
    assert "Alan Turing" in plan_team.get_text()  # no profile: plain text


def test_time_moves_on_without_an_edit(tmp_path, monkeypatch):
    """A rebuild on a later day (SOURCE_DATE_EPOCH) rewrites exactly the pages whose event
    status or lists changed: the past event's page, the lists; not the other events."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text().replace('plan_as_of = "2025-11-10"', ""))
    day = dt.datetime(2025, 11, 10, 6, tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(day.timestamp())))
    first = build_app(srcdir, builddir=tmp_path / "build")
    assert "Register for this event" in soup_of(first, "event/social").get_text()
    stamps = {page: os.stat(first.outdir / page / "index.html").st_mtime_ns
              for page in ("event/social", "event/drop-in", "events", "")}
    time.sleep(0.05)
    later = day + dt.timedelta(days=5)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(later.timestamp())))
    second = build_app(srcdir, builddir=tmp_path / "build")
    assert "This event has finished." in soup_of(second, "event/social").get_text()
    home = [a.get_text() for a in soup_of(second, "").find(
        "ul", class_="csnet-event-list").find_all("a")]
    assert home == ["Drop-in coffee", "Two-day conference"]
    changed = {page for page, stamp in stamps.items()
               if os.stat(second.outdir / page / "index.html").st_mtime_ns != stamp}
    assert changed == {"event/social", "events", ""}
    feed = icalendar.Calendar.from_ical((second.outdir / "events.ics").read_bytes())
    assert "Winter social" not in [str(e["summary"]) for e in feed.walk("VEVENT")]


def test_parallel_build_equals_serial(tmp_path):
    import filecmp

    from tests.helpers.sphinx import outputs, sphinx_build

    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    sphinx_build(srcdir, tmp_path / "j1", "-j", "1")
    sphinx_build(srcdir, tmp_path / "j2", "-j", "2")
    one, two = outputs(tmp_path / "j1"), outputs(tmp_path / "j2")
    assert one.keys() == two.keys() and "events.ics" in one
    assert [n for n in one if not filecmp.cmp(one[n], two[n], shallow=False)] == []


def test_an_unpublished_event_is_left_out_of_every_output(built):
    assert not (built.outdir / "event/draft").exists()
    assert not (built.outdir / "event/draft.ics").exists()
    for page in ("events", "", "event/social"):
        assert "Secret party" not in (built.outdir / page / "index.html").read_text()


# -- times without a zone, and values that stopped the build (issue 24) ---------------------
HOSTILE_EVENTS = {
    # the older flat schema: a time without a zone is UK local time
    # (reference/developer.md#trap-event-times)
    "summer-flat": "start-date: 2026-06-29 13:00\nend-date: 2026-06-29 15:30\n"
                   "registration-close-date: 2026-06-29 14:00\n",
    "winter-flat": "start-date: 2026-01-14 13:00\n",
    "both": "start-date: 2026-06-01 10:00\nevent:\n  start: 2026-06-02T09:00:00Z\n",
    "last-day": "event:\n  start: 9999-12-31\n",
    "overflow": "event:\n  start: 9999-12-31T23:00:00-05:00\n  end: 0001-01-01T00:00:00+05:00\n",
    "return": 'event:\n  start: 2026-03-03T18:00:00Z\n  location: "Bar\\r\\nBEGIN:VALARM"\n',
    "no-scheme": "event:\n  start: 2026-03-03T18:00:00Z\n  link: www.eventbrite.co.uk/e/123\n",
    "other-host": "event:\n  start: 2026-03-03T18:00:00Z\n  link: //evil.example/phish\n"
                  "  email: a@example.org?cc=b@evil.example&body=Hi\n",
    "backslash": "event:\n  start: 2026-03-03T18:00:00Z\n  link: /\\evil.example\n",
}


@pytest.fixture(scope="module")
def hostile_events(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("hostile-events") / "src"
    shutil.copytree(ROOT, srcdir)
    for name, front in HOSTILE_EVENTS.items():
        title = '"Social\\rnight"' if name == "return" else name
        (srcdir / "event" / f"{name}.md").write_text(
            f"---\nlayout: event\ntitle: {title}\ndate: 2025-09-01\n{front}---\n\n"
            "We meet at 1pm.\n", "utf-8")
    return build_app(srcdir)


def test_a_flat_time_without_a_zone_is_uk_time_on_the_page_and_in_the_calendar(
        hostile_events):
    text = soup_of(hostile_events, "event/summer-flat").find("dl").get_text(" ", strip=True)
    assert "Monday 29 June 2026, 1pm to 3.30pm" in text  # British Summer Time, as written
    (summer,) = icalendar.Calendar.from_ical(
        (hostile_events.outdir / "event/summer-flat.ics").read_bytes()).walk("VEVENT")
    assert summer.decoded("dtstart") == utc("2026-06-29T12:00:00")
    assert summer.decoded("dtend") == utc("2026-06-29T14:30:00")
    (winter,) = icalendar.Calendar.from_ical(
        (hostile_events.outdir / "event/winter-flat.ics").read_bytes()).walk("VEVENT")
    assert winter.decoded("dtstart") == utc("2026-01-14T13:00:00")  # GMT is UTC
    assert "1pm" in soup_of(hostile_events, "event/winter-flat").find("dl").get_text()


def test_ignored_flat_keys_late_deadlines_and_impossible_years_warn_at_their_line(
        hostile_events):
    warnings = [w for w in warnings_of(hostile_events) if "[csnet.event]" in w]

    def at(name: str, line: int, words: str) -> bool:
        return any(f"{name}.md:{line}:" in w and words in w for w in warnings)

    assert at("both", 5, "'start-date' is ignored, because this page has an 'event:' block")
    assert at("summer-flat", 7, "registration closes after the event starts")
    assert at("last-day", 6, "'9999-12-31' is not a year an event can be in")
    assert at("overflow", 6, "is not a year an event can be in")
    assert at("overflow", 7, "is not a year an event can be in")
    both = soup_of(hostile_events, "event/both").find("dl").get_text(" ", strip=True)
    assert "Tuesday 2 June 2026, 10am" in both  # the block's time wins, in UK time
    assert "We meet at 1pm." in soup_of(hostile_events, "event/last-day").get_text()


def test_a_carriage_return_in_a_title_or_place_stays_on_one_calendar_line(hostile_events):
    raw = (hostile_events.outdir / "event/return.ics").read_bytes()
    (entry,) = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert str(entry["summary"]) == "Social night"
    assert str(entry["location"]) == "Bar BEGIN:VALARM"
    assert b"\r\nBEGIN:VALARM" not in raw and b"\rnight" not in raw
    feed = (hostile_events.outdir / "events.ics").read_bytes()
    assert b"Social night" in feed


@settings(max_examples=300, deadline=None)
@given(st.datetimes(), st.sampled_from(["T", " "]),
       st.sampled_from(["", "Z", "+05:00", "-05:00", "+14:00"]))
def test_every_written_time_reads_in_its_zone_or_is_a_located_problem(moment, sep, zone):
    """Flat-schema times are UK time, ``event:`` times UTC; nothing overflows."""
    from csnet.events.model import UK, YEARS

    text = moment.isoformat(sep=sep) + zone
    for where in (UK, dt.UTC):
        value, problem = read_moment(text, where)
        if value is None:
            assert "year" in problem
            continue
        assert YEARS[0] <= value.year <= YEARS[1] and value.tzinfo is dt.UTC
        expected = dt.datetime.fromisoformat(text)
        expected = expected if expected.tzinfo else expected.replace(tzinfo=where)
        assert value == expected
        when_text(Event(start=value, end=value + dt.timedelta(hours=1)))


def test_registration_links_are_full_web_addresses_or_none(hostile_events):
    warnings = [w for w in warnings_of(hostile_events) if "[csnet.event]" in w]
    soup = soup_of(hostile_events, "event/no-scheme")
    assert soup.find("a", href="https://www.eventbrite.co.uk/e/123",
                     string="Register for this event")
    assert any("no-scheme.md:7:" in w and "has no https://" in w for w in warnings)
    for name, line in (("other-host", 7), ("backslash", 7)):
        box = soup_of(hostile_events, f"event/{name}").find("dl")
        assert not box.find("a", href=lambda h: h and ("evil" in h or "\\" in h)), box
        assert any(f"{name}.md:{line}:" in w and "event link" in w for w in warnings), name
    assert any("other-host.md:8:" in w and "only the address is used" in w for w in warnings)
    box = soup_of(hostile_events, "event/other-host").find("dl")
    assert box.find("a", href="mailto:a%40example.org") and "evil" not in str(box)


def test_an_edited_event_gets_a_new_calendar_and_the_others_are_not_made_again(tmp_path):
    """Calendars are made only when what they say changed (a digest kept with the doctrees):
    an edited event's file and the feed follow the edit; an unchanged event's file is left."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    first = build_app(srcdir, builddir=tmp_path / "build")
    other = first.outdir / "event/flat.ics"
    stamp = other.stat().st_mtime_ns
    time.sleep(0.05)
    page = srcdir / "event/social.md"
    page.write_text(page.read_text().replace("The Old Bar, Whitehall", "The New Bar, Soho"))
    second = build_app(srcdir, builddir=tmp_path / "build")
    one = icalendar.Calendar.from_ical((second.outdir / "event/social.ics").read_bytes())
    assert [str(e["location"]) for e in one.walk("VEVENT")] == ["The New Bar, Soho <SW1>"]
    feed = icalendar.Calendar.from_ical((second.outdir / "events.ics").read_bytes())
    assert "The New Bar, Soho <SW1>" in [str(e.get("location")) for e in feed.walk("VEVENT")]
    assert other.stat().st_mtime_ns == stamp
