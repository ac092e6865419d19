"""An event and its moments: what every other part of :mod:`csnet.events` works with.

A moment is an aware UTC time or a whole day; days are UK days. Reading a moment is here, not
with the pages, because the importer reads the old site's dates with it too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")
Moment = dt.datetime | dt.date  # an aware UTC time, or a whole day
#: the years an event can be in: outside them a value is a typo (and 9999-12-31 plus a day,
#: or a zone's offset, would overflow Python's dates in the lists and the calendar)
YEARS = (1900, 2999)


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


def uk_day(moment: Moment) -> dt.date:
    """The day a moment is on in the UK."""
    return moment.astimezone(UK).date() if isinstance(moment, dt.datetime) else moment


def sort_key(moment: Moment | None) -> dt.datetime:
    """Where a moment sorts among others: a day at its UK midnight, no moment last."""
    if moment is None:
        return dt.datetime.max.replace(tzinfo=dt.UTC)
    if isinstance(moment, dt.datetime):
        return moment
    return dt.datetime.combine(moment, dt.time(), UK).astimezone(dt.UTC)
