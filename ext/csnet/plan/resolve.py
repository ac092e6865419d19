"""Fill plan placeholders with format-neutral docutils nodes (every builder).

Cards are ``container`` nodes with a ``rubric`` title, paragraphs, and a real ``table`` of
milestones, so text, LaTeX and single-page HTML builds contain every objective, milestone and
team name. Each kind of view is a function of a :class:`~csnet.plan.view.View`; the
dashboard and the summary, words and tables, are :mod:`csnet.plan.dashboard`. Every status is
judged as of the plan's own date (:mod:`csnet.plan.as_of`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..locale import _
from ..logs import Warn, warn
from ..order import Writing
from ..site import site
from . import dashboard, over_time
from .cards import count_text, milestone_table, objective_card, status_node, text_paragraph
from .directives import STATUS_CHOICES, plan_view
from .model import Milestone, Plan, Status
from .view import View


class ResolvePlanViews(SphinxPostTransform):
    """Replace each :class:`plan_view` with the nodes it stands for."""

    default_priority = Writing.PLAN_VIEWS

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(plan_view)):
            plan = self.find_plan(node)
            if plan is None:
                node.replace_self([])
                continue
            view = View(plan, node["options"], node, self.env, self.document)
            node.replace_self(VIEWS[node["kind"]](view))

    def find_plan(self, node: plan_view) -> Plan | None:
        info = site(self.env).pages.get(node["plan"])
        if info is not None and info.plan is not None:
            return info.plan
        known = sorted(d for d, i in site(self.env).pages.items() if i.plan is not None)
        hint = f"; plans in this site: {', '.join(known)}" if known else ""
        warn(Warn.REFERENCE, f"{node['kind']}: there is no plan on page '{node['plan']}'. "
             f"Give ':plan:' the page that holds the objectives{hint}", node)
        return None


# -- views -------------------------------------------------------------------------------
def objectives(view: View) -> list[nodes.Node]:
    """The objectives' cards (those of the statuses asked for), after a list of them."""
    plan, options, as_of = view.plan, view.options, view.as_of
    wanted = {STATUS_CHOICES[s] for s in options.get("status", [])}
    chosen = [o for o in plan.objectives if not wanted or o.status(as_of) in wanted]
    result: list[nodes.Node] = []
    if "no-contents" not in options and chosen:
        contents = nodes.bullet_list(classes=["csnet-objective-index"])
        for objective in chosen:
            item = nodes.paragraph()
            item += view.link(objective.slug, nodes.Text(objective.name))
            item += nodes.Text(" – ")
            item += status_node(objective.status(as_of))
            item += nodes.Text(f", {count_text(objective, as_of)}")
            contents += nodes.list_item("", item)
        result.append(contents)
    result.extend(objective_card(o, as_of) for o in chosen)
    if not chosen:
        result.append(text_paragraph(_("No objectives match."), "csnet-empty"))
    return result


def objective(view: View) -> list[nodes.Node]:
    """One objective's card, by its name."""
    plan, options = view.plan, view.options
    found = plan.find(options["name"])
    if found is None:
        names = ", ".join(f"'{o.name}'" for o in plan.objectives)
        warn(Warn.REFERENCE, f"objective: no objective named '{options['name']}' in "
             f"'{plan.docname}'; the objectives are {names}", view.node)
        return []
    return [objective_card(found, view.as_of)]


def milestones(view: View) -> list[nodes.Node]:
    """A table of the milestones the options choose, by date."""
    plan, options, as_of = view.plan, view.options, view.as_of
    rows = plan.milestones
    caption = options.get("caption") or _("Milestones: {name}").format(name=plan.title)
    if "objective" in options:
        found = plan.find(options["objective"])
        if found is None:
            warn(Warn.REFERENCE, f"milestones: no objective named "
                 f"'{options['objective']}' in '{plan.docname}'", view.node)
            return []
        rows = [(found, m) for m in found.milestones]
        caption = options.get("caption") or _("Milestones: {name}").format(
            name=found.name)
    rows = [row for row in rows if _keep(row[1], options, as_of)]
    rows.sort(key=lambda row: row[1].sort_key)
    if "limit" in options:
        rows = rows[: options["limit"]]
    if not rows:
        return [text_paragraph(_("No milestones match."), "csnet-empty")]
    table = milestone_table(rows, as_of, caption=caption, table_id="",
                            with_objective="objective" not in options)
    table["ids"] = []
    view.set_id(table, "milestones")
    return [table]


def plan_history(view: View) -> list[nodes.Node]:
    result = over_time.history_nodes(view.plan)
    for table in result[0].findall(nodes.table):
        view.set_id(table, "plan-history")
    return result


def plan_changes(view: View) -> list[nodes.Node]:
    return over_time.changes_nodes(view.plan, view.options)


#: each kind of :class:`plan_view` (the directive's ``kind``) and the function that fills it
VIEWS: dict[str, Callable[[View], list[nodes.Node]]] = {
    "objectives": objectives, "objective": objective, "milestones": milestones,
    "plan-dashboard": dashboard.plan_dashboard, "plan-summary": dashboard.plan_summary,
    "plan-history": plan_history, "plan-changes": plan_changes,
}


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
