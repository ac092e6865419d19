"""The plan's timeline as SVG, written at build time: one row per objective, one mark per
dated milestone, and a line at the as-of date.

A hand-written SVG rather than a plotting library: the picture is a few dozen shapes, and
matplotlib takes about a second to import and writes text as paths unless configured, which
would make the chart's words unsearchable in the PDF and unreadable to screen readers. Here
every string from content goes through :func:`html.escape`; colours are presentation
attributes (what WeasyPrint prints) that the page's CSS overrides through custom properties
(themes, dark mode); marks differ by shape as well as colour (filled circle: complete; hollow
square: overdue; hollow circle: due later), so the chart reads in greyscale print.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import NamedTuple

from ..dates import long_date, month_year
from ..locale import _, ngettext, plural
from .model import Plan, Status
from .svg import COLOURS, grid_line, svg_start, words


class Layout(NamedTuple):
    """The chart's geometry in viewBox units. ``names`` is the width of the objective-name
    column; 0 puts each name on its own line above its row of marks (the phone layout)."""

    width: int
    names: int
    font: int
    top: int
    row: int
    bottom: int
    right: int = 16
    clip: int = 36
    css: str = ""  # an extra class on the <svg>, for the stylesheet to choose a layout
    #: each milestone named in a tooltip: not on phones, which cannot hover (the table names
    #: them), so the plan page stays within its 200 KB
    tooltips: bool = True


# a page or print: names beside their rows, text 13/760 of the chart's width, so 12 px or more
# from a 700 px column up (the site's text column at 1280 px is about 740 px)
WIDE = Layout(width=760, names=262, font=13, top=36, row=22, bottom=42)
# a phone: drawn 300 units wide for a ~300 px column, so its 14-unit text stays 13 px or more
NARROW = Layout(width=300, names=0, font=14, top=46, row=42, bottom=46, right=8, clip=40,
                css="csnet-timeline-narrow", tooltips=False)
MARKS = {Status.COMPLETE: "complete", Status.OVERDUE: "overdue", Status.DUE: "due"}


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _span(plan: Plan, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """From the first of the earliest month to the end of the latest, as-of date included."""
    days = [m.due for _, m in plan.milestones if m.due and not m.unreadable] + [as_of]
    first, last = min(days), max(days)
    start = dt.date(first.year, first.month, 1)
    end = dt.date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    return start, end


def _text_width(text: str, font: int) -> float:
    """A generous estimate of a bold line's width: keeps a label inside the picture."""
    return 0.62 * font * len(text)


def timeline_svg(plan: Plan, as_of: dt.date, svg_id: str, layout: Layout = WIDE) -> str:
    """The chart, labelled by a title and a description that state its facts in words."""
    start, end = _span(plan, as_of)
    span = max((end - start).days, 1)
    inset = layout.names or 6  # room for the first mark's radius when names sit above the rows
    plot = layout.width - inset - layout.right

    def x(day: dt.date) -> float:
        return round(inset + plot * (day - start).days / span, 1)

    height = layout.top + layout.row * len(plan.objectives) + layout.bottom
    title = _("Timeline of the milestones of {title}").format(title=plan.title)
    css = " ".join(filter(None, ("csnet-timeline", layout.css)))
    out = svg_start(css, svg_id, layout.width, height, layout.font, title,
                    _description(plan, as_of, start, end))
    out += _years(start, end, x, height, layout)
    out += _rows(plan, as_of, x, layout)
    out += _as_of_line(as_of, x, height, layout)
    out += _legend(height, layout)
    out.append("</svg>")
    return "\n".join(out)


def _description(plan: Plan, as_of: dt.date, start: dt.date, end: dt.date) -> str:
    """The chart's facts in words: how many milestones, from when to when, how many done."""
    shown = [(o, m) for o, m in plan.milestones if m.due and not m.unreadable]
    left_out = len(plan.milestones) - len(shown)
    done = sum(m.status(as_of) is Status.COMPLETE for _, m in shown)
    last = end - dt.timedelta(days=1)
    return " ".join((
        _("{milestones} of {objectives}, by target date, from {start} to {end}; {done} "
          "complete.").format(milestones=plural(len(shown), "milestone"),
                              objectives=plural(len(plan.objectives), "objective"),
                              start=month_year(start.year, start.month),
                              end=month_year(last.year, last.month), done=done),
        _("A line marks {date}, the date progress is shown as of.").format(
            date=long_date(as_of)),
        *([ngettext("{count} milestone without a date is not shown.",
                    "{count} milestones without a date are not shown.", left_out)
           .format(count=left_out)] if left_out else []),
        _("The table '{table}' gives the same facts in words.").format(
            table=_("Objectives at a glance"))))


def _years(start: dt.date, end: dt.date, x, height: int, layout: Layout) -> list[str]:
    """A line at each new year in the span, named at its top."""
    out = []
    for year in range(start.year + (start.month > 1), end.year + 1):
        january = dt.date(year, 1, 1)
        if not start <= january <= end:
            continue
        out.append(grid_line(x(january), layout.top - 12, x(january), height - layout.bottom))
        year_x = min(x(january) + 3, layout.width - _text_width(str(year), layout.font))
        out.append(words(year_x, layout.top - layout.font - 5, year))
    return out


def _rows(plan: Plan, as_of: dt.date, x, layout: Layout) -> list[str]:
    """Each objective's row: its name, a line, and a mark for each dated milestone."""
    out = []
    names = layout.names
    for row, objective in enumerate(plan.objectives):
        # beside the row, or on a line of its own above the row's marks
        y = layout.top + layout.row * row + (layout.row / 2 if names else layout.row - 9)
        name_y = y + 4 if names else y - 12
        out.append(f'<g class="tl-row"><title>{escape(objective.name)}</title>'
                   f'{words(0, name_y, _clip(objective.name, layout.clip))}</g>')
        out.append(grid_line(names, y, layout.width - layout.right, y, "0.5"))
        for milestone in objective.milestones:
            if not milestone.due or milestone.unreadable:
                continue
            status = milestone.status(as_of)
            label = milestone.status_text(as_of)
            if status is not Status.DUE:
                label = f"{milestone.when()}, {label}"
            out.append(_mark(x(milestone.due), y, status,
                             f"{milestone.name}: {label}" if layout.tooltips else ""))
    return out


def _as_of_line(as_of: dt.date, x, height: int, layout: Layout) -> list[str]:
    """The dashed line at the as-of date, and its words beside it."""
    line_x = x(as_of)
    out = [f'<line class="tl-as-of" x1="{line_x}" y1="{layout.top - 8}" x2="{line_x}" '
           f'y2="{height - layout.bottom + 4}" stroke="{COLOURS["as-of"]}" '
           f'stroke-width="1.5" stroke-dasharray="4 3"/>']
    as_of_words = _("As of {date}").format(date=long_date(as_of))
    # beside the line, on whichever side it fits; clamped inside the picture either way
    width = _text_width(as_of_words, layout.font)
    if line_x + 3 + width <= layout.width:
        text_x, anchor = line_x + 3, "start"
    else:
        text_x, anchor = max(line_x - 3, width), "end"
    out.append(f'<text class="tl-as-of-text" x="{round(text_x, 1)}" '
               f'y="{layout.top - 4}" text-anchor="{anchor}" fill="{COLOURS["as-of"]}" '
               f'font-weight="700">{escape(as_of_words)}</text>')
    return out


def _legend(height: int, layout: Layout) -> list[str]:
    """What each mark means, under the chart."""
    out = []
    legend_y = height - layout.bottom + 24
    names = layout.names
    legend_x, step = (names, 100) if names else (0, (layout.width - layout.right) // 3)
    for status, label in ((Status.COMPLETE, Status.COMPLETE.label),
                          (Status.OVERDUE, Status.OVERDUE.label), (Status.DUE, _("Due later"))):
        out.append(_mark(legend_x + 5, legend_y - 4, status, ""))
        out.append(words(legend_x + 14, legend_y, label))
        legend_x += step
    return out


def _mark(cx: float, cy: float, status: Status, label: str) -> str:
    """Filled circle, hollow square or hollow circle, with the milestone as its tooltip."""
    kind = MARKS[status]
    colour = COLOURS[kind]
    tip = f"<title>{escape(label)}</title>" if label else ""
    if status is Status.COMPLETE:
        return (f'<circle class="tl-{kind}" cx="{cx}" cy="{cy}" r="4.5" fill="{colour}">'
                f"{tip}</circle>")
    if status is Status.OVERDUE:
        return (f'<rect class="tl-{kind}" x="{cx - 4}" y="{cy - 4}" width="8" height="8" '
                f'fill="none" stroke="{colour}" stroke-width="1.6">{tip}</rect>')
    return (f'<circle class="tl-{kind}" cx="{cx}" cy="{cy}" r="4" fill="none" '
            f'stroke="{colour}" stroke-width="1.6">{tip}</circle>')
