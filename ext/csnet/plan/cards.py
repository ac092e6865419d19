"""An objective's card and a milestone table as format-neutral docutils nodes: a
``container`` with a ``rubric`` title, paragraphs and a real ``table``, so every builder has
every objective, milestone, lead and team name (:mod:`csnet.plan.html` makes the card
collapsible for HTML)."""

from __future__ import annotations

import datetime as dt

from docutils import nodes

from ..locale import N_, _, ngettext
from .model import Milestone, Objective, Status

#: milestone table columns; the same widths in every card, so the cards line up
COLUMNS = ((N_("Milestone"), 56), (N_("Target date"), 18), (N_("Status"), 26))
def text_paragraph(text: str, *classes: str, label: str = "") -> nodes.paragraph:
    paragraph = nodes.paragraph(classes=list(classes))
    if label:
        paragraph += nodes.strong(label, label)
        paragraph += nodes.Text(" ")
    paragraph += nodes.Text(text)
    return paragraph


def progress_text(done: int, total: int) -> str:
    return ngettext("{done} of {total} milestone complete", "{done} of {total} milestones "
                    "complete", total).format(done=done, total=total)


def count_text(objective: Objective, as_of: dt.date) -> str:
    """"5 of 24 milestones complete, 3 overdue": the card's count, in words."""
    text = progress_text(objective.completed, len(objective.milestones))
    overdue = objective.overdue(as_of)
    return _("{progress}, {overdue} overdue").format(progress=text, overdue=overdue) \
        if overdue else text


def status_node(status: Status, text: str = "") -> nodes.inline:
    """The status in words, with a class for colour (never the only carrier)."""
    text = text or status.label
    return nodes.inline(text, text, classes=["csnet-status", status.css])


def milestone_table(rows: list[tuple[Objective, Milestone]], as_of: dt.date, *,
                    caption: str, with_objective: bool, table_id: str) -> nodes.table:
    columns = (((N_("Objective"), 25),) if with_objective else ()) + COLUMNS
    table = nodes.table(classes=["csnet-milestones", "colwidths-given"], ids=[table_id])
    table += nodes.title(caption, caption)
    group = nodes.tgroup(cols=len(columns))
    table += group
    for _name, width in columns:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    head += table_row([nodes.paragraph(_(h), _(h)) for h, _width in columns])
    body = nodes.tbody()
    group += body
    for objective, milestone in rows:
        status = milestone.status(as_of)
        name_cell = [nodes.paragraph(milestone.name, milestone.name)]
        if milestone.unreadable:
            name_cell = unreadable_nodes(milestone.unreadable, milestone.line, "milestone")
        elif milestone.details:
            name_cell.append(text_paragraph(milestone.details, "csnet-details"))
        if milestone.lead and not milestone.unreadable:
            name_cell.append(text_paragraph(milestone.lead, "csnet-lead", label=_("Lead:")))
        date = _("Not known") if milestone.unreadable else milestone.when()
        status_cell = [nodes.paragraph("", "", status_node(status, milestone.status_text(as_of)))]
        if milestone.done_text():
            status_cell.append(text_paragraph(milestone.done_text(), "csnet-done"))
        cells = [
            *([[nodes.paragraph(objective.name, objective.name)]] if with_objective else []),
            name_cell,
            [nodes.paragraph(date, date)],
            status_cell,
        ]
        body += table_row(cells, classes=[status.css])
    return table


def unreadable_nodes(source: str, line: int, kind: str) -> list[nodes.Node]:
    """An item YAML could not read, as written, marked for the editor."""
    text = _("This objective could not be read, so it is shown as written (line {line} of "
             "the page's front matter). Editors: the build log says how to correct it.") \
        if kind == "objective" else _(
            "This milestone could not be read, so it is shown as written (line {line} of the "
            "page's front matter). Editors: the build log says how to correct it.")
    note = text_paragraph(text.format(line=line), "csnet-unreadable-note")
    return [note, nodes.literal_block(source, source, classes=["csnet-unreadable"])]


def table_row(cells, classes=()) -> nodes.row:
    row = nodes.row(classes=list(classes))
    for content in cells:
        entry = nodes.entry()
        entry.extend(content if isinstance(content, list) else [content])
        row += entry
    return row


def objective_card(objective: Objective, as_of: dt.date) -> nodes.container:
    status = objective.status(as_of)
    done, total = objective.completed, len(objective.milestones)
    count = count_text(objective, as_of)
    card = nodes.container(  # a short card is kept on one printed page
        classes=["csnet-objective", status.css, *(["csnet-short"] if total <= 4 else [])],
        is_div=True,
        ids=[objective.slug],
        csnet_objective=objective.slug,
        progress=(done, total),
        status=status.value,
        count=count,
    )
    card += nodes.rubric(objective.name, objective.name)
    progress = nodes.paragraph(classes=["csnet-progress"])
    progress += nodes.strong(_("Status:"), _("Status:"))
    progress += nodes.Text(" ")
    progress += status_node(status)
    progress += nodes.Text(f". {count}.")
    card += progress
    if objective.description:
        card += text_paragraph(objective.description, "csnet-description")
    if objective.details:
        card += text_paragraph(objective.details, "csnet-details")
    if objective.unreadable:  # what could be read is shown too: nothing is lost
        card.extend(unreadable_nodes(objective.unreadable, objective.line, "objective"))
    card.extend(health_nodes(objective))
    team = ", ".join(objective.team) if objective.team else _("No team members yet")
    card += text_paragraph(team, "csnet-team", label=_("Team:"))
    if objective.milestones:
        card += milestone_table(
            [(objective, m) for m in objective.milestones], as_of,
            caption=_("Milestones: {name}").format(name=objective.name), with_objective=False,
            table_id=f"{objective.slug}-milestones",
        )
    else:
        card += text_paragraph(_("No milestones yet."), "csnet-empty")
    return card


def health_nodes(objective: Objective) -> list[nodes.Node]:
    """"Health: At risk. Waiting for a venue" (the leads' view), when the plan gives one."""
    if objective.health is None and not objective.note:
        return []
    paragraph = nodes.paragraph(classes=["csnet-health"])
    paragraph += nodes.strong(_("Health:"), _("Health:"))
    paragraph += nodes.Text(" ")
    if objective.health is not None:
        label = objective.health.label
        paragraph += nodes.inline(label, label, classes=["csnet-health-value",
                                                         objective.health.css])
        paragraph += nodes.Text(". " if objective.note else ".")
    paragraph += nodes.Text(objective.note)
    return [paragraph]
