"""Where a plan stands, in words and tables: the dashboard and the summary.

The totals by status, what is due in the next 90 days, one row per objective, the plan's other
versions, and the next steps still ahead: every figure judged as of the plan's own date
(:mod:`csnet.plan.as_of`). The timeline chart is a placeholder that :mod:`csnet.plan.html`
draws for HTML builds (the objectives table is the chart's text alternative).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from docutils import nodes

from ..dates import long_date
from ..locale import N_, _, plural
from ..site import page_link, site
from ..urls.table import lookup
from . import over_time
from .as_of import is_stale, progress_as_of, stale_note
from .cards import status_node, table_row, text_paragraph
from .model import MILESTONE_STATUSES, Objective, Plan, Status
from .view import View

SOON_DAYS = 90  # "due in the next 90 days"
TOTAL_WORDS = {Status.COMPLETE: N_("complete"), Status.OVERDUE: N_("overdue"),
               Status.DUE: N_("due later"), Status.UNDATED: N_("date to be confirmed"),
               Status.UNREADABLE: N_("could not be read")}


def milestone_totals(plan: Plan, as_of: dt.date) -> Counter:
    """Milestones by status: the counts add up to the number of milestones."""
    return Counter(m.status(as_of) for _, m in plan.milestones)


def totals_text(totals: Counter) -> str:
    """"126 milestones: 12 complete, 113 overdue, 0 due later, 1 date to be confirmed"."""
    parts = [f"{totals[s]} {_(TOTAL_WORDS[s])}" for s in shown_statuses(totals)]
    return f"{plural(sum(totals.values()), 'milestone')}: {', '.join(parts)}"


def objectives_text(plan: Plan, as_of: dt.date) -> str:
    counts = Counter(o.status(as_of) for o in plan.objectives)
    parts = [f"{counts[s]} {s.label.lower()}" for s in Status if counts[s]]
    return f"{plural(len(plan.objectives), 'objective')}: {', '.join(parts)}"


def due_soon(plan: Plan, as_of: dt.date, days: int = SOON_DAYS) -> list[tuple]:
    """Milestones still to come whose date falls within ``days`` after the as-of date."""
    end = as_of + dt.timedelta(days=days)
    return [(o, m) for o, m in plan.milestones
            if m.status(as_of) is Status.DUE and m.due <= end]


def lateness_text(plan: Plan) -> str:
    """"Of 12 milestones with a known completion date, 9 were done on time and 3 late"."""
    known = [m.lateness() for _, m in plan.milestones if m.lateness() is not None]
    if not known:
        return ""
    late = sum(days > 0 for days in known)
    return _("Of {known} done with a known date, {on_time} on time and {late} late.").format(
        known=plural(len(known), "milestone"), on_time=len(known) - late, late=late)


def as_of_nodes(plan: Plan, as_of: dt.date, today: dt.date) -> list[nodes.Node]:
    """"Progress as of 15 November 2021", and the warning when that is long ago."""
    result = [text_paragraph(f"{progress_as_of(as_of)}.", "csnet-as-of")]
    if plan.as_of_source != "conf.py" and is_stale(as_of, today):
        result.append(text_paragraph(stale_note(as_of), "csnet-stale"))
    return result


def shown_statuses(totals: Counter) -> list[Status]:
    """The statuses a total is given for: complete, overdue and due always, others if any."""
    return [s for s in MILESTONE_STATUSES
            if totals[s] or s in (Status.COMPLETE, Status.OVERDUE, Status.DUE)]


def due_soon_paragraph(plan: Plan, as_of: dt.date, css: str) -> nodes.paragraph:
    """"Due in the next 90 days (by 13 February 2022): 4 milestones."."""
    soon = due_soon(plan, as_of)
    end = long_date(as_of + dt.timedelta(days=SOON_DAYS))
    return text_paragraph(_("Due in the next {days} days (by {date}): {milestones}.").format(
        days=SOON_DAYS, date=end, milestones=plural(len(soon), "milestone")), css)


def plan_dashboard(view: View) -> list[nodes.Node]:
    """Where the plan stands: totals, what is due soon, each objective, a timeline."""
    plan, as_of = view.plan, view.as_of
    dashboard = nodes.container(classes=["csnet-plan-dashboard"], is_div=True)
    dashboard.extend(as_of_nodes(plan, as_of, view.today))
    dashboard.extend(versions(view))
    totals = milestone_totals(plan, as_of)
    tiles = nodes.bullet_list(classes=["csnet-plan-totals"])
    for status in shown_statuses(totals):
        item = nodes.paragraph(classes=[status.css])
        item += nodes.strong(str(totals[status]), str(totals[status]))
        item += nodes.Text(f" {_(TOTAL_WORDS[status])}")
        tiles += nodes.list_item("", item)
    dashboard += text_paragraph(f"{objectives_text(plan, as_of)}.", "csnet-plan-total")
    dashboard += text_paragraph(f"{plural(sum(totals.values()), 'milestone')}:",
                                "csnet-plan-total")
    dashboard += tiles
    if lateness_text(plan):
        dashboard += text_paragraph(lateness_text(plan), "csnet-plan-lateness")
    dashboard += due_soon_paragraph(plan, as_of, "csnet-plan-soon")
    dashboard += objectives_table(view)
    dashboard += nodes.container(classes=["csnet-plan-timeline"], is_div=True,
                                 csnet_timeline=plan.docname)
    return [dashboard]


def objectives_table(view: View) -> nodes.table:
    """"Objectives at a glance": each objective's status, health, counts and next date."""
    plan, as_of = view.plan, view.as_of
    headers = ((_("Objective"), 33), (_("Milestones"), 16), (Status.COMPLETE.label, 15),
               (Status.OVERDUE.label, 14), (_("Due next"), 22))
    table = nodes.table(classes=["csnet-plan-objectives", "colwidths-given"])
    caption = _("Objectives at a glance")
    table += nodes.title(caption, caption)
    group = nodes.tgroup(cols=len(headers))
    table += group
    for _name, width in headers:
        group += nodes.colspec(colwidth=width)
    group += nodes.thead("", table_row([nodes.paragraph(h, h) for h, _ in headers]))
    body = nodes.tbody()
    group += body
    for objective in plan.objectives:
        name = nodes.paragraph()
        name += view.link(objective.slug, nodes.Text(objective.name))
        name += nodes.Text(" ")
        name += status_node(objective.status(as_of))
        if objective.health is not None:
            name += nodes.Text(" ")
            name += nodes.inline("", _("Health: {health}").format(
                health=objective.health.label), classes=["csnet-health-value",
                                                          objective.health.css])
        cells = [name, *(nodes.paragraph(str(n), str(n)) for n in (
            len(objective.milestones), objective.completed, objective.overdue(as_of)))]
        cells.append(nodes.paragraph("", _next_due_text(objective, as_of)))
        body += table_row(cells, classes=[objective.status(as_of).css])
    view.set_id(table, "plan-objectives")
    return table


def versions(view: View) -> list[nodes.Node]:
    """Links to the pages whose ``superseded-by:`` names this plan's page."""
    found = []
    for info in site(view.env).pages.values():
        target = info.data.get("superseded-by")
        if not isinstance(target, str) or info.docname not in view.env.all_docs or (
                lookup(view.env, target) != view.plan.docname):
            continue
        as_of = long_date(info.plan.as_of) if info.plan and info.plan.as_of else ""
        found.append((info.docname, info.title or info.docname, as_of))
    found.sort(key=lambda v: v[0], reverse=True)
    return over_time.versions_nodes(
        found, lambda docname, child: page_link(docname, child))


def plan_summary(view: View) -> list[nodes.Node]:
    """The plan in a few lines for another page: totals, progress, the next steps."""
    plan, as_of = view.plan, view.as_of
    summary = nodes.container(classes=["csnet-plan-summary"], is_div=True)
    summary.extend(as_of_nodes(plan, as_of, view.today))
    totals = milestone_totals(plan, as_of)
    summary += text_paragraph(f"{objectives_text(plan, as_of)}.", "csnet-summary-objectives")
    done = totals[Status.COMPLETE]
    summary += nodes.container(
        "", text_paragraph(f"{totals_text(totals)}.", "csnet-summary-milestones"),
        classes=["csnet-summary-progress"], progress=(done, sum(totals.values())),
        is_div=True,
    )
    # dated: "the next 90 days" of a plan not updated since
    summary += due_soon_paragraph(plan, as_of, "csnet-summary-soon")
    summary += next_steps(view)
    if view.node["docname"] != plan.docname:
        link = nodes.paragraph()
        link += page_link(plan.docname, nodes.inline("", _("Read the plan: {title}").format(
            title=plan.title)))
        summary += link
    return [summary]


def next_steps(view: View) -> list[nodes.Node]:
    """The next milestones due, still ahead of the build's date too: a plan last updated long
    ago must not offer the front door "Next milestones due: November 2021"."""
    plan, as_of = view.plan, view.as_of
    today = max(as_of, view.today)
    upcoming = sorted(((o, m) for o, m in plan.milestones
                       if m.status(today) is Status.DUE),
                      key=lambda row: row[1].sort_key)[: view.options.get("next", 5)]
    if upcoming:
        items = nodes.bullet_list()
        for objective, milestone in upcoming:
            text = f"{milestone.when()}: {milestone.name} ({objective.name})"
            items += nodes.list_item("", nodes.paragraph(text, text))
        return [text_paragraph(_("Next milestones due:"), "csnet-summary-next"), items]
    if today > as_of:  # a plan not brought up to date since: say so, not "overdue"
        return [text_paragraph(_("No next steps are dated after {today}; the plan was last "
                                 "brought up to date on {date}.").format(
                                     today=long_date(today), date=long_date(as_of)),
                               "csnet-summary-next")]
    return [text_paragraph(_("No milestones were still to come as of {date}: each was "
                             "complete, overdue or not yet dated.").format(
                                 date=long_date(as_of)), "csnet-summary-next")]


def _next_due_text(objective: Objective, as_of: dt.date) -> str:
    following = objective.next_due(as_of)
    if following is not None:
        return following.when()
    if any(m.status(as_of) is Status.UNDATED for m in objective.milestones):
        return Status.UNDATED.label
    return _("Nothing still to come")
