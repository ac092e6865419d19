"""The plan over time as format-neutral nodes: progress at each update (a table, and a
placeholder the HTML builders draw as a burn-up chart), what changed between two updates, and
the plan's earlier versions.

Every figure comes from :attr:`Plan.history` (commits) and the as-of date, never from the
build date, so the same commit gives the same page.
"""

from __future__ import annotations

import datetime as dt

from docutils import nodes

from ..dates import long_date, month_year
from ..locale import _
from . import changes
from .history import Revision, entries
from .model import Plan

#: more updates than this: one point per month (its last update), so the table stays short
MONTHLY_AFTER = 36


def points(plan: Plan) -> tuple[list[tuple[dt.date, int, int]], bool]:
    """``(day, complete, in the plan)`` at each update (the last of each day, or of each
    month when there are many: then ``True``); without history, the plan as it is."""
    revisions = shown_revisions(plan)
    if not revisions:
        now = entries(plan)
        return [(plan.as_of, sum(e.complete for e in now), len(now))], False
    by_day = {r.date: (r.date, r.done, r.total) for r in revisions}
    if len(by_day) <= MONTHLY_AFTER:
        return list(by_day.values()), False
    return list({(d.year, d.month): p for d, p in by_day.items()}.values()), True


def shown_revisions(plan: Plan) -> tuple[Revision, ...]:
    """The revisions up to the as-of date when the plan is judged as of a chosen day."""
    if plan.as_of_source == "conf.py" and plan.as_of:
        return tuple(r for r in plan.history if r.date <= plan.as_of)
    return plan.history


def _cell(text: str) -> nodes.entry:
    return nodes.entry("", nodes.paragraph(text, text))


def history_nodes(plan: Plan) -> list[nodes.Node]:
    """Words, the chart's placeholder and the table of the same figures."""
    data, monthly = points(plan)
    first, last = data[0], data[-1]
    if not shown_revisions(plan):
        intro = _("This plan has no recorded history here (its file was not found in Git, for "
                  "example after a fresh import or in a copy without history), so only how it "
                  "stands as of {date} is shown: {done} of {total} milestones complete.").format(
            date=long_date(last[0]), done=last[1], total=last[2])
    elif len(data) == 1:
        intro = _("One update is recorded so far, on {date}: {done} of {total} milestones "
                  "complete.").format(date=long_date(last[0]), done=last[1], total=last[2])
    else:
        intro = _("From {start} to {end}, milestones complete went from {done0} to {done1}, "
                  "and milestones in the plan from {total0} to {total1}.").format(
            start=long_date(first[0]), end=long_date(last[0]), done0=first[1], done1=last[1],
            total0=first[2], total1=last[2])
    block = nodes.container(classes=["csnet-plan-history"], is_div=True)
    block += nodes.paragraph(intro, intro, classes=["csnet-history-intro"])
    if len(data) > 1:  # one point is no line: the words and the table say it
        block += nodes.container(classes=["csnet-burnup"], is_div=True,
                                 csnet_burnup=plan.docname,
                                 points=[(d.isoformat(), done, total) for d, done, total in data])
    block += history_table(data, monthly)
    return [block]


def history_table(data, monthly: bool) -> nodes.table:
    caption = _("Progress at each update: milestones complete and milestones in the plan")
    table = nodes.table(classes=["csnet-plan-history-table", "colwidths-given"])
    table += nodes.title(caption, caption)
    headers = (_("Month") if monthly else _("Update"), _("Complete"), _("In the plan"),
               _("Per cent complete"))
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in (34, 22, 22, 22):
        group += nodes.colspec(colwidth=width)
    group += nodes.thead("", nodes.row("", *(_cell(h) for h in headers)))
    body = nodes.tbody()
    group += body
    for day, done, total in data:
        when = month_year(day.year, day.month) if monthly else long_date(day)
        percent = f"{round(100 * done / total)} %" if total else "–"
        body += nodes.row("", *(_cell(t) for t in (when, str(done), str(total), percent)))
    return table


def changes_nodes(plan: Plan, options: dict) -> list[nodes.Node]:
    """What changed between two updates (the last two, or those in force on ``from`` and
    ``to``), by objective, in words."""
    revisions = shown_revisions(plan)
    block = nodes.container(classes=["csnet-plan-changes"], is_div=True)
    if not revisions:
        text = _("This plan has no recorded history here, so what changed between its "
                 "updates cannot be shown.")
        block += nodes.paragraph(text, text, classes=["csnet-empty"])
        return [block]
    if "from" in options or "to" in options:
        end = dt.date.fromisoformat(options["to"]) if "to" in options else revisions[-1].date
        new = changes.at(revisions, end)
        start = dt.date.fromisoformat(options["from"]) if "from" in options else None
        old = changes.at(revisions, start) if start else None
        if new is None:
            text = _("This plan had no recorded update by {date}.").format(date=long_date(end))
            block += nodes.paragraph(text, text, classes=["csnet-empty"])
            return [block]
        intro = _("Changes from {start} to {end}:").format(
            start=long_date(start) if start else _("the first update"), end=long_date(end))
    elif len(revisions) < 2:
        text = _("This plan has one recorded update ({date}), so there is nothing to compare "
                 "it with yet.").format(date=long_date(revisions[0].date))
        block += nodes.paragraph(text, text, classes=["csnet-empty"])
        return [block]
    else:
        old, new = revisions[-2], revisions[-1]
        intro = _("Changes in the update of {new}, since the update of {old}:").format(
            new=long_date(new.date), old=long_date(old.date))
    found = changes.grouped(changes.diff(old, new) if old is not new else [])
    block += nodes.paragraph(intro, intro, classes=["csnet-changes-intro"])
    if not found:
        text = _("No milestone was completed, added, removed, moved or renamed.")
        block += nodes.paragraph(text, text, classes=["csnet-empty"])
        return [block]
    listing = nodes.bullet_list(classes=["csnet-changes"])
    for objective, items in found.items():
        item = nodes.list_item()
        line = changes.summary(objective, items)
        item += nodes.paragraph(line, line, classes=["csnet-change-summary"])
        details = nodes.bullet_list(classes=["csnet-change-details"])
        for change in items:
            text = changes.detail(change)
            details += nodes.list_item("", nodes.paragraph(text, text,
                                                           classes=[f"change-{change.kind}"]))
        item += details
        listing += item
    block += listing
    return [block]


def versions_nodes(versions: list[tuple[str, str, str]], link) -> list[nodes.Node]:
    """'Earlier versions of this plan:' and a link to each ``(docname, title, as of)``."""
    if not versions:
        return []
    paragraph = nodes.paragraph(classes=["csnet-plan-versions"])
    label = _("Earlier versions of this plan:")
    paragraph += nodes.strong(label, label)
    listing = nodes.bullet_list(classes=["csnet-plan-versions"])
    for docname, title, as_of in versions:
        item = nodes.paragraph()
        item += link(docname, nodes.inline(title, title))
        if as_of:
            item += nodes.Text(" " + _("(progress as of {date})").format(date=as_of))
        listing += nodes.list_item("", item)
    return [paragraph, listing]
