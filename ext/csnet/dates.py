"""Dates as volunteers write them, normalised to calendar dates.

Front matter holds dates in every shape (YAML dates, timestamps with zones, quoted strings,
impossible dates such as ``2022-06-31``). We never let a date crash the build: each value
becomes a :class:`DateValue` that keeps the text as written, the calendar date when there is
one, and a sort key so that mixed collections still order sensibly.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass

from babel.dates import format_date

from .locale import date_locale

#: English month names, for warnings (editors read them; pages use long_date and month_year)
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

#: years a page or milestone can be dated in: anything else is a typo (``0202``, ``9999``),
#: and keeping it would make date arithmetic overflow (a calendar event ends a day later)
YEARS = range(1900, 3000)
_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(.*?)\s*$")
_TIME = re.compile(r"^(?:[Tt ]\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$")


@dataclass(frozen=True, order=False)
class DateValue:
    """A date as written (``raw``) and as understood (``date``, ``None`` if unreadable)."""

    raw: str
    date: dt.date | None
    sort_date: dt.date  # best guess for ordering, even when ``date`` is None

    @property
    def sort_key(self) -> tuple:
        return (self.sort_date, self.raw)

    def month_year(self) -> str:
        """'December 2021', or the text as written when it is not a real date."""
        return month_year(self.date.year, self.date.month) if self.date else self.raw

    def long(self) -> str:
        """'15 November 2021', or the text as written."""
        return long_date(self.date) if self.date else self.raw

    def iso(self) -> str | None:
        return self.date.isoformat() if self.date else None


def long_date(date: dt.date, pattern: str = "d MMMM y") -> str:
    """'15 November 2021' ('15 Tachwedd 2021' in Welsh): the way dates read on pages and in
    PDFs, in the build's language (a CLDR ``pattern``, through babel)."""
    return format_date(date, pattern, locale=date_locale())


def month_year(year: int, month: int) -> str:
    """'March 2022' ('Mawrth 2022'): a month as a milestone names it."""
    return long_date(dt.date(year, month, 1), "LLLL y")


def parse_date(value) -> tuple[DateValue | None, str | None]:
    """Read a front-matter value as a date: ``(DateValue, problem or None)``.

    ``None`` and empty strings give ``(None, None)``: a missing date is not an error here.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, dt.date):  # and datetime: read as the text YAML would have kept
        value = value.isoformat()
    raw = str(value).strip()
    match = _DATE.match(raw)
    if not match:
        return (
            DateValue(raw, None, dt.date.max),
            f"'{raw}' is not a date; write it as YYYY-MM-DD, for example 2022-06-30",
        )
    year, month, day = (int(g) for g in match.groups()[:3])
    rest = match.group(4)
    if year not in YEARS:
        guess = dt.date.min if year < YEARS.start else dt.date.max
        return DateValue(raw, None, guess), (
            f"'{raw}' is not a likely date: the year {year} is not between {YEARS.start} and "
            f"{YEARS.stop - 1}. Check the year, for example 2022-06-30")
    guess = _closest_date(year, month, day)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return DateValue(raw, None, guess), _impossible(year, month, day)
    if not _TIME.match(rest):
        return (
            DateValue(raw, date, date),
            f"'{raw}' has unexpected text after the date; read as {date.isoformat()}. "
            f"Write it as {date.isoformat()}",
        )
    return DateValue(raw, date, date), None


def _closest_date(year: int, month: int, day: int) -> dt.date:
    month = min(max(month, 1), 12)
    for d in range(min(max(day, 1), 31), 0, -1):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    return dt.date(year, month, 1)  # pragma: no cover - day 1 always exists


def _impossible(year: int, month: int, day: int) -> str:
    text = f"{year:04d}-{month:02d}-{day:02d}"
    if not 1 <= month <= 12:
        hint = f"there is no month {month}"
        try:
            swapped = dt.date(year, day, month)
            hint += f"; if you meant {month} {MONTHS[day - 1]}, write {swapped.isoformat()}"
        except ValueError:
            pass
        return f"'{text}' is not a real date: {hint}"
    last = _closest_date(year, month, 31)
    return (
        f"'{text}' is not a real date: {MONTHS[month - 1]} {year} has {last.day} days. "
        f"Correct it, for example to {last.isoformat()}"
    )


def as_of_problem(configured) -> str | None:
    """Why ``plan_as_of = configured`` cannot be used, or ``None`` when it can."""
    if configured is None or configured == "":
        return None
    if not isinstance(configured, str | dt.date):
        return f"plan_as_of = {configured!r} should be a date in quotes, such as '2022-03-01'"
    value, problem = parse_date(configured)
    if problem or value is None or value.date is None:
        return f"plan_as_of = {configured!r}: {problem or 'give a date as YYYY-MM-DD'}"
    return None


def epoch_date() -> dt.date | None:
    """The date of ``SOURCE_DATE_EPOCH`` (reproducible builds), if it is set and readable."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        date = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else None
    except (ValueError, OverflowError, OSError):
        return None
    return date if date and date.year in YEARS else None


def build_date(configured=None) -> dt.date:
    """The date a build judges status by: configured, else SOURCE_DATE_EPOCH, else today.

    ``configured`` is checked when the configuration is read (:func:`as_of_problem`).
    """
    if configured:
        problem = as_of_problem(configured)
        if problem:
            raise ValueError(problem)
        return parse_date(configured)[0].date
    return epoch_date() or dt.date.today()
