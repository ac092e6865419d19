"""Fill plan placeholders with format-neutral docutils nodes (every builder).

Cards are ``container`` nodes with a ``rubric`` title, paragraphs, and a real ``table`` of
milestones, so text, LaTeX and single-page HTML builds contain every objective, milestone and
team name. The dashboard is words and a table; its timeline chart is a placeholder that
:mod:`csnet.plan.html` draws for HTML builds (the table is the chart's text alternative).
Every status is judged as of the plan's own date (:mod:`csnet.plan.as_of`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..dates import long_date
from ..locale import N_, _, plural
from ..logs import Warn, warn
from ..order import Writing
from ..site import page_link, site
from ..urls.table import lookup
from . import over_time
from .as_of import is_stale, progress_as_of, stale_note
from .cards import (
    count_text,
    milestone_table,
    objective_card,
    status_node,
    table_row,
    text_paragraph,
)
from .directives import STATUS_CHOICES, plan_view
from .model import MILESTONE_STATUSES, Milestone, Objective, Plan, Status

SOON_DAYS = 90  # "due in the next 90 days"
TOTAL_WORDS = {Status.COMPLETE: N_("complete"), Status.OVERDUE: N_("overdue"),
               Status.DUE: N_("due later"), Status.UNDATED: N_("date to be confirmed"),
               Status.UNREADABLE: N_("could not be read")}


def milestone_totals(plan: Plan, as_of: dt.date) -> Counter:
    """Milestones by status: the counts add up to the number of milestones."""
    return Counter(m.status(as_of) for _, m in plan.milestones)


def totals_text(totals: Counter) -> str:
    """"126 milestones: 12 complete, 113 overdue, 0 due later, 1 date to be confirmed"."""
    parts = [f"{totals[s]} {_(TOTAL_WORDS[s])}" for s in MILESTONE_STATUSES
             if totals[s] or s in (Status.COMPLETE, Status.OVERDUE, Status.DUE)]
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


class ResolvePlanViews(SphinxPostTransform):
    """Replace each :class:`plan_view` with the nodes it stands for."""

    default_priority = Writing.PLAN_VIEWS

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(plan_view)):
            plan = self.find_plan(node)
            if plan is None:
                node.replace_self([])
                continue
            method = getattr(self, "view_" + node["kind"].replace("-", "_"))
            node.replace_self(method(plan, node["options"], node))

    def find_plan(self, node: plan_view) -> Plan | None:
        info = site(self.env).pages.get(node["plan"])
        if info is not None and info.plan is not None:
            return info.plan
        known = sorted(d for d, i in site(self.env).pages.items() if i.plan is not None)
        hint = f"; plans in this site: {', '.join(known)}" if known else ""
        warn(Warn.REFERENCE, f"{node['kind']}: there is no plan on page '{node['plan']}'. "
             f"Give ':plan:' the page that holds the objectives{hint}", node)
        return None

    def as_of(self, plan: Plan) -> dt.date:
        return plan.as_of or site(self.env).as_of

    def link(self, plan: Plan, anchor: str, node: plan_view, *children) -> nodes.Node:
        if node["docname"] == plan.docname:
            return nodes.reference("", "", *children, refid=anchor, internal=True)
        return page_link(plan.docname, nodes.inline("", "", *children), anchor=anchor)

    # -- views ---------------------------------------------------------------------------
    def view_objectives(self, plan: Plan, options: dict, node: plan_view) -> list[nodes.Node]:
        as_of = self.as_of(plan)
        wanted = {STATUS_CHOICES[s] for s in options.get("status", [])}
        chosen = [o for o in plan.objectives if not wanted or o.status(as_of) in wanted]
        result: list[nodes.Node] = []
        if "no-contents" not in options and chosen:
            contents = nodes.bullet_list(classes=["csnet-objective-index"])
            for objective in chosen:
                item = nodes.paragraph()
                item += self.link(plan, objective.slug, node, nodes.Text(objective.name))
                item += nodes.Text(" – ")
                item += status_node(objective.status(as_of))
                item += nodes.Text(f", {count_text(objective, as_of)}")
                contents += nodes.list_item("", item)
            result.append(contents)
        result.extend(objective_card(o, as_of) for o in chosen)
        if not chosen:
            result.append(text_paragraph(_("No objectives match."), "csnet-empty"))
        return result

    def view_objective(self, plan: Plan, options: dict, node: plan_view) -> list[nodes.Node]:
        objective = plan.find(options["name"])
        if objective is None:
            names = ", ".join(f"'{o.name}'" for o in plan.objectives)
            warn(Warn.REFERENCE, f"objective: no objective named '{options['name']}' in "
                 f"'{plan.docname}'; the objectives are {names}", node)
            return []
        return [objective_card(objective, self.as_of(plan))]

    def view_milestones(self, plan: Plan, options: dict, node: plan_view) -> list[nodes.Node]:
        as_of = self.as_of(plan)
        rows = plan.milestones
        caption = options.get("caption") or _("Milestones: {name}").format(name=plan.title)
        if "objective" in options:
            objective = plan.find(options["objective"])
            if objective is None:
                warn(Warn.REFERENCE, f"milestones: no objective named "
                     f"'{options['objective']}' in '{plan.docname}'", node)
                return []
            rows = [(objective, m) for m in objective.milestones]
            caption = options.get("caption") or _("Milestones: {name}").format(
                name=objective.name)
        rows = [row for row in rows if _keep(row[1], options, as_of)]
        rows.sort(key=lambda row: row[1].sort_key)
        if "limit" in options:
            rows = rows[: options["limit"]]
        if not rows:
            return [text_paragraph(_("No milestones match."), "csnet-empty")]
        table = milestone_table(rows, as_of, caption=caption, table_id="",
                                with_objective="objective" not in options)
        table["ids"] = []
        self.document.set_id(table, suggested_prefix="milestones")
        return [table]

    def view_plan_dashboard(self, plan: Plan, options: dict, node: plan_view,
                            ) -> list[nodes.Node]:
        """Where the plan stands: totals, what is due soon, each objective, a timeline."""
        as_of = self.as_of(plan)
        dashboard = nodes.container(classes=["csnet-plan-dashboard"], is_div=True)
        dashboard.extend(as_of_nodes(plan, as_of, site(self.env).as_of))
        dashboard.extend(self.versions(plan, node))
        totals = milestone_totals(plan, as_of)
        tiles = nodes.bullet_list(classes=["csnet-plan-totals"])
        for status in MILESTONE_STATUSES:
            if totals[status] or status in (Status.COMPLETE, Status.OVERDUE, Status.DUE):
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
        soon = due_soon(plan, as_of)
        end = long_date(as_of + dt.timedelta(days=SOON_DAYS))
        dashboard += text_paragraph(_("Due in the next {days} days (by {date}): {milestones}.")
                                .format(days=SOON_DAYS, date=end,
                                        milestones=plural(len(soon), "milestone")),
                                "csnet-plan-soon")
        dashboard += self.objectives_table(plan, as_of, node)
        dashboard += nodes.container(classes=["csnet-plan-timeline"], is_div=True,
                                     csnet_timeline=plan.docname)
        return [dashboard]

    def objectives_table(self, plan: Plan, as_of: dt.date, node: plan_view) -> nodes.table:
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
            name += self.link(plan, objective.slug, node, nodes.Text(objective.name))
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
        self.document.set_id(table, suggested_prefix="plan-objectives")
        return table

    def view_plan_history(self, plan: Plan, options: dict, node: plan_view) -> list[nodes.Node]:
        result = over_time.history_nodes(plan)
        for table in result[0].findall(nodes.table):
            self.document.set_id(table, suggested_prefix="plan-history")
        return result

    def view_plan_changes(self, plan: Plan, options: dict, node: plan_view) -> list[nodes.Node]:
        return over_time.changes_nodes(plan, options)

    def versions(self, plan: Plan, node: plan_view) -> list[nodes.Node]:
        """Links to the pages whose ``superseded-by:`` names this plan's page."""
        found = []
        for info in site(self.env).pages.values():
            target = info.data.get("superseded-by")
            if not isinstance(target, str) or info.docname not in self.env.all_docs or (
                    lookup(self.env, target) != plan.docname):
                continue
            as_of = long_date(info.plan.as_of) if info.plan and info.plan.as_of else ""
            found.append((info.docname, info.title or info.docname, as_of))
        found.sort(key=lambda v: v[0], reverse=True)
        return over_time.versions_nodes(
            found, lambda docname, child: page_link(docname, child))

    def view_plan_summary(self, plan: Plan, options: dict, node: plan_view) -> list[nodes.Node]:
        as_of = self.as_of(plan)
        summary = nodes.container(classes=["csnet-plan-summary"], is_div=True)
        summary.extend(as_of_nodes(plan, as_of, site(self.env).as_of))
        totals = milestone_totals(plan, as_of)
        summary += text_paragraph(f"{objectives_text(plan, as_of)}.", "csnet-summary-objectives")
        done = totals[Status.COMPLETE]
        summary += nodes.container(
            "", text_paragraph(f"{totals_text(totals)}.", "csnet-summary-milestones"),
            classes=["csnet-summary-progress"], progress=(done, sum(totals.values())),
            is_div=True,
        )
        soon = due_soon(plan, as_of)  # dated: "the next 90 days" of a plan not updated since
        end = long_date(as_of + dt.timedelta(days=SOON_DAYS))
        summary += text_paragraph(_("Due in the next {days} days (by {date}): {milestones}.")
                                  .format(days=SOON_DAYS, date=end,
                                          milestones=plural(len(soon), "milestone")),
                                  "csnet-summary-soon")
        # next steps still ahead of the build date too: a plan last updated long ago
        # must not offer the front door "Next milestones due: November 2021"
        today = max(as_of, site(self.env).as_of)
        upcoming = sorted(((o, m) for o, m in plan.milestones
                           if m.status(today) is Status.DUE),
                          key=lambda row: row[1].sort_key)[: options.get("next", 5)]
        if upcoming:
            summary += text_paragraph(_("Next milestones due:"), "csnet-summary-next")
            items = nodes.bullet_list()
            for objective, milestone in upcoming:
                text = f"{milestone.when()}: {milestone.name} ({objective.name})"
                items += nodes.list_item("", nodes.paragraph(text, text))
            summary += items
        elif today > as_of:  # a plan not brought up to date since: say so, not "overdue"
            summary += text_paragraph(_("No next steps are dated after {today}; the plan was last "
                                    "brought up to date on {date}.").format(
                                        today=long_date(today), date=long_date(as_of)),
                                  "csnet-summary-next")
        else:
            summary += text_paragraph(_("No milestones were still to come as of {date}: each was "
                                    "complete, overdue or not yet dated.").format(
                                        date=long_date(as_of)), "csnet-summary-next")
        if node["docname"] != plan.docname:
            link = nodes.paragraph()
            link += page_link(plan.docname, nodes.inline("", _("Read the plan: {title}").format(
                title=plan.title)))
            summary += link
        return [summary]


def _next_due_text(objective: Objective, as_of: dt.date) -> str:
    following = objective.next_due(as_of)
    if following is not None:
        return following.when()
    if any(m.status(as_of) is Status.UNDATED for m in objective.milestones):
        return Status.UNDATED.label
    return _("Nothing still to come")


def _keep(milestone: Milestone, options: dict, as_of: dt.date) -> bool:
    status = milestone.status(as_of)
    due = milestone.due
    wanted = options.get("status")
    if wanted == "complete" and status is not Status.COMPLETE:
        return False
    if wanted == "incomplete" and status is Status.COMPLETE:
        return False
    if wanted == "overdue" and status is not Status.OVERDUE:
        return False
    if wanted == "upcoming" and status is not Status.DUE:
        return False
    if "due-within" in options and (
        status is not Status.DUE or due > as_of + dt.timedelta(days=options["due-within"])
    ):
        return False
    if "from" in options and (not due or due < dt.date.fromisoformat(options["from"])):
        return False
    return not ("to" in options and (not due or due > dt.date.fromisoformat(options["to"])))
