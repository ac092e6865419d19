"""Fill plan placeholders with format-neutral docutils nodes (every builder).

Cards are ``container`` nodes with a ``rubric`` title, paragraphs, and a real ``table`` of
milestones, so text, LaTeX and single-page HTML builds contain every objective, milestone and
team name. HTML-only decoration (collapsible cards, a progress bar) is added afterwards by
:mod:`csnet.plan.html`.
"""

from __future__ import annotations

import datetime as dt

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from ..dates import DateValue, long_date
from ..logs import Warn, warn
from ..site import site
from .directives import STATUS_CHOICES, plan_view
from .model import Milestone, Objective, Plan, Status


def _paragraph(text: str, *classes: str, label: str = "") -> nodes.paragraph:
    paragraph = nodes.paragraph(classes=list(classes))
    if label:
        paragraph += nodes.strong(label, label)
        paragraph += nodes.Text(" ")
    paragraph += nodes.Text(text)
    return paragraph


def progress_text(done: int, total: int) -> str:
    return f"{done} of {total} milestone{'s' if total != 1 else ''} complete"


def status_node(status: Status) -> nodes.inline:
    """The status in words, with a class for colour (never the only carrier)."""
    return nodes.inline(status.value, status.value, classes=["csnet-status", status.css])


def unreadable_note(item: Objective | Milestone) -> nodes.container:
    """Lines YAML could not read, shown as written and marked for the editor, not dropped."""
    note = nodes.container(classes=["csnet-unreadable"], is_div=True)
    note += _paragraph(f"This item could not be read: see the warning for line {item.line} "
                       "(and the lines after it). It is shown here as written:",
                       "csnet-unreadable-note")
    note += nodes.literal_block(item.unreadable, item.unreadable, language="text")
    return note


def milestone_table(rows: list[tuple[Objective, Milestone]], today: dt.date, *,
                    caption: str, with_objective: bool, table_id: str) -> nodes.table:
    headers = (["Objective"] if with_objective else []) + ["Milestone", "Target date", "Status"]
    widths = ([25] if with_objective else []) + [50, 15, 15]
    table = nodes.table(classes=["csnet-milestones"], ids=[table_id])
    table += nodes.title(caption, caption)
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    head += _row([nodes.paragraph(h, h) for h in headers])
    body = nodes.tbody()
    group += body
    for objective, milestone in rows:
        name_cell = [nodes.paragraph(milestone.name, milestone.name)]
        if milestone.details:
            name_cell.append(_paragraph(milestone.details, "csnet-details"))
        if milestone.unreadable:
            name_cell.append(unreadable_note(milestone))
        status = milestone.status(today)
        cells = [
            *([[nodes.paragraph(objective.name, objective.name)]] if with_objective else []),
            name_cell,
            [nodes.paragraph("", _date_text(milestone.date))],
            [nodes.paragraph("", "", status_node(status))],
        ]
        body += _row(cells, classes=[status.css])
    return table


def _date_text(date: DateValue | None) -> str:
    return date.month_year() if date else "No date set"


def _row(cells, classes=()) -> nodes.row:
    row = nodes.row(classes=list(classes))
    for content in cells:
        entry = nodes.entry()
        entry.extend(content if isinstance(content, list) else [content])
        row += entry
    return row


def objective_card(objective: Objective, today: dt.date) -> nodes.container:
    status = objective.status(today)
    done, total = objective.completed, len(objective.milestones)
    card = nodes.container(
        classes=["csnet-objective", status.css],
        is_div=True,
        ids=[objective.slug],
        csnet_objective=objective.slug,
        progress=(done, total),
        status=status.value,
    )
    card += nodes.rubric(objective.name, objective.name)
    progress = nodes.paragraph(classes=["csnet-progress"])
    progress += nodes.strong("Status:", "Status:")
    progress += nodes.Text(" ")
    progress += status_node(status)
    progress += nodes.Text(f". {progress_text(done, total)}.")
    card += progress
    if objective.description:
        card += _paragraph(objective.description, "csnet-description")
    if objective.details:
        card += _paragraph(objective.details, "csnet-details")
    if objective.unreadable:
        card += unreadable_note(objective)
    team = ", ".join(objective.team) if objective.team else "No team members yet"
    card += _paragraph(team, "csnet-team", label="Team:")
    if objective.milestones:
        card += milestone_table(
            [(objective, m) for m in objective.milestones], today,
            caption=f"Milestones: {objective.name}", with_objective=False,
            table_id=f"{objective.slug}-milestones",
        )
    else:
        card += _paragraph("No milestones yet.", "csnet-empty")
    return card


class ResolvePlanViews(SphinxPostTransform):
    """Replace each :class:`plan_view` with the nodes it stands for."""

    default_priority = 5  # before sphinx-design (199) and our HTML decoration

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

    def link(self, plan: Plan, anchor: str, node: plan_view, *children) -> nodes.Node:
        if node["docname"] == plan.docname:
            return nodes.reference("", "", *children, refid=anchor, internal=True)
        return make_refnode(self.env._app.builder, node["docname"], plan.docname, anchor,
                            nodes.inline("", "", *children))

    # -- views ---------------------------------------------------------------------------
    def view_objectives(self, plan: Plan, options: dict, node: plan_view) -> list[nodes.Node]:
        today = self.env.csnet_as_of
        wanted = {STATUS_CHOICES[s] for s in options.get("status", [])}
        chosen = [o for o in plan.objectives if not wanted or o.status(today) in wanted]
        result: list[nodes.Node] = []
        if "no-contents" not in options and chosen:
            contents = nodes.bullet_list(classes=["csnet-objective-index"])
            for objective in chosen:
                item = nodes.paragraph()
                item += self.link(plan, objective.slug, node,
                                  nodes.Text(objective.name))
                item += nodes.Text(" – ")
                item += status_node(objective.status(today))
                item += nodes.Text(
                    f", {progress_text(objective.completed, len(objective.milestones))}")
                contents += nodes.list_item("", item)
            result.append(contents)
        result.extend(objective_card(o, today) for o in chosen)
        if not chosen:
            result.append(_paragraph("No objectives match.", "csnet-empty"))
        return result

    def view_objective(self, plan: Plan, options: dict, node: plan_view) -> list[nodes.Node]:
        objective = plan.find(options["name"])
        if objective is None:
            names = ", ".join(f"'{o.name}'" for o in plan.objectives)
            warn(Warn.REFERENCE, f"objective: no objective named '{options['name']}' in "
                 f"'{plan.docname}'; the objectives are {names}", node)
            return []
        return [objective_card(objective, self.env.csnet_as_of)]

    def view_milestones(self, plan: Plan, options: dict, node: plan_view) -> list[nodes.Node]:
        today = self.env.csnet_as_of
        rows = plan.milestones
        caption = options.get("caption") or f"Milestones: {plan.title}"
        if "objective" in options:
            objective = plan.find(options["objective"])
            if objective is None:
                warn(Warn.REFERENCE, f"milestones: no objective named "
                     f"'{options['objective']}' in '{plan.docname}'", node)
                return []
            rows = [(objective, m) for m in objective.milestones]
            caption = options.get("caption") or f"Milestones: {objective.name}"
        rows = [row for row in rows if _keep(row[1], options, today)]
        rows.sort(key=lambda row: row[1].sort_key)
        if "limit" in options:
            rows = rows[: options["limit"]]
        if not rows:
            return [_paragraph("No milestones match.", "csnet-empty")]
        table = milestone_table(rows, today, caption=caption, table_id="",
                                with_objective="objective" not in options)
        table["ids"] = []
        self.document.set_id(table, suggested_prefix="milestones")
        return [table]

    def view_plan_summary(self, plan: Plan, options: dict, node: plan_view) -> list[nodes.Node]:
        today = self.env.csnet_as_of
        summary = nodes.container(classes=["csnet-plan-summary"], is_div=True)
        counts: dict[Status, int] = {}
        for objective in plan.objectives:
            counts[objective.status(today)] = counts.get(objective.status(today), 0) + 1
        parts = [f"{counts[s]} {s.value.lower()}" for s in Status if counts.get(s)]
        milestones = [m for _, m in plan.milestones]
        done = sum(m.complete for m in milestones)
        overdue = sum(m.status(today) is Status.OVERDUE for m in milestones)
        summary += _paragraph(f"{len(plan.objectives)} objectives: {', '.join(parts)}.",
                              "csnet-summary-objectives")
        summary += nodes.container(
            "", _paragraph(f"{progress_text(done, len(milestones))}; {overdue} overdue "
                           f"as of {long_date(today)}.", "csnet-summary-milestones"),
            classes=["csnet-summary-progress"], progress=(done, len(milestones)), is_div=True,
        )
        upcoming = sorted(
            ((o, m) for o, m in plan.milestones
             if not m.complete and m.date and m.date.date and m.date.date >= today),
            key=lambda row: row[1].sort_key,
        )[: options.get("next", 5)]
        if upcoming:
            summary += _paragraph("Next milestones due:", "csnet-summary-next")
            items = nodes.bullet_list()
            for objective, milestone in upcoming:
                text = f"{milestone.date.month_year()}: {milestone.name} ({objective.name})"
                items += nodes.list_item("", nodes.paragraph(text, text))
            summary += items
        else:
            summary += _paragraph(f"No milestones are due after {long_date(today)}.",
                                  "csnet-summary-next")
        if node["docname"] != plan.docname:
            link = nodes.paragraph()
            link += make_refnode(self.env._app.builder, node["docname"], plan.docname, "",
                                 nodes.inline("", f"Read the plan: {plan.title}"))
            summary += link
        return [summary]


def _keep(milestone: Milestone, options: dict, today: dt.date) -> bool:
    status = milestone.status(today)
    date = milestone.date.date if milestone.date else None
    wanted = options.get("status")
    if wanted == "complete" and status is not Status.COMPLETE:
        return False
    if wanted == "incomplete" and status is Status.COMPLETE:
        return False
    if wanted == "overdue" and status is not Status.OVERDUE:
        return False
    if wanted == "upcoming" and (milestone.complete or not date or date < today):
        return False
    if "due-within" in options and (
        milestone.complete or not date or not today <= date <= today + dt.timedelta(
            days=options["due-within"])
    ):
        return False
    if "from" in options and (not date or date < dt.date.fromisoformat(options["from"])):
        return False
    return not ("to" in options and (not date or date > dt.date.fromisoformat(options["to"])))
