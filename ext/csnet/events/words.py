"""Moments and events said in words, in English or Welsh: "Friday 14 November 2025, 4.30pm"."""

from __future__ import annotations

import datetime as dt

from ..dates import long_date
from ..locale import _, pgettext
from .model import UK, Event, Moment, uk_day


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
