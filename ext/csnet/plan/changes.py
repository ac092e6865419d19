"""What changed between two revisions of a plan, in words, and when each milestone was done.

A milestone is known by its objective and its text. Between two revisions it can be ticked
(or unticked), added, removed, re-dated, or renamed: a removed and an added milestone of the
same objective whose texts are close (or which keep the same target date, when each is the
only one) are one milestone renamed, as a reader would see it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass

from ..dates import month_year
from ..locale import N_, _, ngettext
from .history import Entry, Revision

COMPLETED, REOPENED, ADDED, REMOVED, REDATED, RENAMED = (
    "completed", "reopened", "added", "removed", "re-dated", "renamed")
ORDER = (COMPLETED, REDATED, ADDED, RENAMED, REMOVED, REOPENED)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})")


@dataclass(frozen=True)
class Change:
    objective: str
    kind: str
    name: str
    before: str = ""  # the old date, or the old text of a renamed milestone
    after: str = ""  # the new date


def diff(old: Revision | None, new: Revision) -> list[Change]:
    """Every change from ``old`` (``None``: before the plan existed) to ``new``."""
    before = _by_objective(old.entries if old else ())
    after = _by_objective(new.entries)
    changes: list[Change] = []
    for objective in [*after, *(o for o in before if o not in after)]:
        was, now = before.get(objective, {}), after.get(objective, {})
        for name in now.keys() & was.keys():
            a, b = was[name], now[name]
            if b.complete and not a.complete:
                changes.append(Change(objective, COMPLETED, name, after=b.date))
            elif a.complete and not b.complete:
                changes.append(Change(objective, REOPENED, name, after=b.date))
            if a.date != b.date:
                changes.append(Change(objective, REDATED, name, a.date, b.date))
        gone = [was[n] for n in was.keys() - now.keys()]
        new_ones = [now[n] for n in now.keys() - was.keys()]
        for entry in sorted(gone, key=lambda e: e.name):
            partner = _renamed_as(entry, new_ones, len(gone) == 1)
            if partner is None:
                changes.append(Change(objective, REMOVED, entry.name, entry.date))
                continue
            new_ones.remove(partner)
            changes.append(Change(objective, RENAMED, partner.name, entry.name, partner.date))
            if partner.complete and not entry.complete:
                changes.append(Change(objective, COMPLETED, partner.name, after=partner.date))
            if partner.date != entry.date:
                changes.append(Change(objective, REDATED, partner.name, entry.date,
                                      partner.date))
        changes += [Change(objective, ADDED, e.name, after=e.date)
                    for e in sorted(new_ones, key=lambda e: e.name)]
    return changes


def _by_objective(items) -> dict[str, dict[str, Entry]]:
    grouped: dict[str, dict[str, Entry]] = defaultdict(dict)
    for entry in items:
        grouped[entry.objective].setdefault(entry.name, entry)
    return grouped


def _renamed_as(entry: Entry, candidates: list[Entry], alone: bool) -> Entry | None:
    names = difflib.get_close_matches(entry.name, [c.name for c in candidates], n=1,
                                      cutoff=0.6)
    if names:
        return next(c for c in candidates if c.name == names[0])
    same_date = [c for c in candidates if c.date == entry.date]
    return same_date[0] if alone and len(candidates) == 1 and same_date else None


def when(value: str) -> str:
    """A milestone's date as it reads: 'June 2026', or 'no date'."""
    match = _MONTH.match(value or "")
    if match and 1 <= int(match[2]) <= 12:
        return month_year(int(match[1]), int(match[2]))
    return value or _("no date")


#: how each kind of change is counted in an objective's line
_COUNTS = {
    COMPLETED: lambda n: ngettext("{count} milestone completed",
                                  "{count} milestones completed", n),
    REDATED: lambda n: ngettext("{count} re-dated", "{count} re-dated", n),
    ADDED: lambda n: ngettext("{count} added", "{count} added", n),
    RENAMED: lambda n: ngettext("{count} renamed", "{count} renamed", n),
    REMOVED: lambda n: ngettext("{count} removed", "{count} removed", n),
    REOPENED: lambda n: ngettext("{count} no longer marked complete",
                                 "{count} no longer marked complete", n),
}
KIND_WORDS = {COMPLETED: N_("Completed"), REDATED: N_("Moved"), ADDED: N_("Added"),
              RENAMED: N_("Renamed"), REMOVED: N_("Removed"),
              REOPENED: N_("No longer marked complete")}


def summary(objective: str, changes: list[Change]) -> str:
    """'Mentoring programme: 3 milestones completed, 1 moved from March to June 2026'."""
    parts = []
    for kind in ORDER:
        found = [c for c in changes if c.kind == kind]
        if not found:
            continue
        if kind == REDATED and len(found) == 1:
            parts.append(_("1 moved from {before} to {after}").format(
                before=when(found[0].before), after=when(found[0].after)))
        else:
            parts.append(_COUNTS[kind](len(found)).format(count=len(found)))
    return f"{objective}: {', '.join(parts)}"


def detail(change: Change) -> str:
    """One change, one line: 'Moved from March 2026 to June 2026: Open registrations'."""
    if change.kind == REDATED:
        return _("Moved from {before} to {after}: {name}").format(
            before=when(change.before), after=when(change.after), name=change.name)
    if change.kind == RENAMED:
        return _("Renamed: '{before}' is now '{name}'").format(before=change.before,
                                                              name=change.name)
    if change.kind == REMOVED:
        return _("Removed: {name} (was due {date})").format(name=change.name,
                                                            date=when(change.before))
    if change.kind == ADDED:
        return _("Added: {name} (due {date})").format(name=change.name, date=when(change.after))
    return f"{_(KIND_WORDS[change.kind])}: {change.name}"


def grouped(changes: list[Change]) -> dict[str, list[Change]]:
    """Changes by objective, in the order the objectives came; each in ``ORDER``."""
    result: dict[str, list[Change]] = {}
    for change in changes:
        result.setdefault(change.objective, []).append(change)
    return {o: sorted(c, key=lambda c: ORDER.index(c.kind)) for o, c in result.items()}


def at(revisions: tuple[Revision, ...], day: dt.date) -> Revision | None:
    """The revision in force on ``day`` (the last one made on or before it)."""
    found = None
    for revision in revisions:
        if revision.date > day:
            break
        found = revision
    return found


def completion_dates(revisions: tuple[Revision, ...]) -> dict[tuple[str, str], dt.date]:
    """``(objective, milestone) -> the day of the update that ticked it``, following renames.
    One added already ticked has no date here: the commit that added it says when it was
    written down, not when it was done."""
    done: dict[tuple[str, str], dt.date] = {}
    for old, new in zip(revisions, revisions[1:], strict=False):
        for change in diff(old, new):
            key = (change.objective, change.name)
            if change.kind == COMPLETED:
                done[key] = new.date
            elif change.kind == REOPENED:
                done.pop(key, None)
            elif change.kind == RENAMED and (change.objective, change.before) in done:
                done[key] = done.pop((change.objective, change.before))
    return done
