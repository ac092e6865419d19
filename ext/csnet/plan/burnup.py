"""The burn-up chart as SVG: milestones complete at each update, and the scope line (milestones
in the plan), so a reader sees progress and scope move apart or together.

Drawn like :mod:`csnet.plan.chart`, with the same pieces (:mod:`csnet.plan.svg`: hand-written
SVG, every string escaped, colours as attributes the page's CSS can override); the two lines
differ by pattern as well as colour (solid with round marks: complete; dashed with square marks:
in the plan). The table after it gives the same figures, so the picture is named and described,
not read point by point.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from ..dates import long_date, month_year
from ..locale import _
from .svg import COLOURS, grid_line, svg_start, words


class Size(NamedTuple):
    width: int
    height: int
    left: int
    font: int
    legend_step: tuple[int, int]  # the second legend entry's offset (x, y)
    css: str
    bottom: int = 64  # below the plot: dates, then the legend


RIGHT, TOP = 16, 20
#: a page or print; a phone (drawn 300 wide for a ~300 px column, so its words stay 13 px)
WIDE = Size(760, 300, 48, 13, (260, 0), "csnet-timeline csnet-burnup-chart")
NARROW = Size(300, 300, 34, 14, (0, 22), "csnet-timeline csnet-timeline-narrow "
              "csnet-burnup-chart", bottom=86)


def burnup_svg(points: list[tuple[str, int, int]], svg_id: str, title: str,
               size: Size = WIDE) -> str:
    """``points``: ``(YYYY-MM-DD, complete, in the plan)``, oldest first, two or more."""
    days = [dt.date.fromisoformat(p[0]) for p in points]
    start, end = days[0], days[-1]
    span = max((end - start).days, 1)
    top_value = max(max(p[2] for p in points), 1)
    plot_w, plot_h = size.width - size.left - RIGHT, size.height - TOP - size.bottom

    def x(day: dt.date) -> float:
        return _short(size.left + plot_w * (day - start).days / span)

    def y(value: int) -> float:
        return _short(TOP + plot_h * (1 - value / top_value))

    first, last = points[0], points[-1]
    desc = _("Milestones complete rose from {done0} on {start} to {done1} on {end}; "
             "milestones in the plan went from {total0} to {total1}. The table after the "
             "chart gives the figure at each update.").format(
        done0=first[1], start=long_date(start), done1=last[1], end=long_date(end),
        total0=first[2], total1=last[2])
    out = svg_start(size.css, svg_id, size.width, size.height, size.font, title, desc)
    out += _axes(start, end, top_value, x, y, size)
    out += _lines(points, days, x, y)
    out += _legend(size)
    out.append("</svg>")
    return "\n".join(out)


def _axes(start: dt.date, end: dt.date, top_value: int, x, y, size: Size) -> list[str]:
    """Five levels named at the left, a line at each new year, the first and last month."""
    out = []
    left, width, font = size.left, size.width, size.font
    for step in range(5):
        value = round(top_value * step / 4)
        out.append(grid_line(left, y(value), width - RIGHT, y(value), "0.5"))
        out.append(words(left - 6, y(value) + 4, value, "end"))
    label_y = size.height - size.bottom + font + 4  # under the plot
    for year in range(start.year + 1, end.year + 1):  # a line at each new year, named
        january = dt.date(year, 1, 1)
        out.append(grid_line(x(january), TOP, x(january), size.height - size.bottom))
        if min(x(january) - left, width - RIGHT - x(january)) > 6 * font:
            out.append(words(x(january), label_y, year, "middle"))
    ends = [(left, "start", start), (width - RIGHT, "end", end)]
    for at, anchor, day in ends:  # the first and last update, by their month
        out.append(words(at, label_y + font + 4, month_year(day.year, day.month), anchor))
    return out


def _lines(points: list[tuple[str, int, int]], days: list[dt.date], x, y) -> list[str]:
    """The scope line (dashed, square marks), then the complete line (solid, round marks)."""
    out = []
    for index, kind, dash in ((2, "due", ' stroke-dasharray="6 4"'), (1, "complete", "")):
        colour = COLOURS[kind]
        path = " ".join(f"{x(d)},{y(p[index])}" for d, p in zip(days, points, strict=True))
        out.append(f'<polyline class="bu-{kind}" points="{path}" fill="none" '
                   f'stroke="{colour}" stroke-width="2"{dash}/>')
        for d, p in zip(days, points, strict=True):
            cx, cy = x(d), y(p[index])
            out.append(f'<circle class="bu-{kind}" cx="{cx}" cy="{cy}" r="3.5" fill="{colour}"/>'
                       if kind == "complete" else
                       f'<rect class="bu-{kind}" x="{cx - 3}" y="{cy - 3}" width="6" height="6" '
                       f'fill="{colour}"/>')
    return out


def _legend(size: Size) -> list[str]:
    """Each line's pattern and what it counts, under the dates."""
    out = []
    legend_y = size.height - 14 - size.legend_step[1]
    for (dx, dy), kind, label, dash in (
            ((0, 0), "complete", _("Milestones complete"), ""),
            (size.legend_step, "due", _("Milestones in the plan"), ' stroke-dasharray="6 4"')):
        lx, legend_y = size.left + dx, legend_y + dy
        out.append(f'<line class="bu-{kind}" x1="{lx}" y1="{legend_y - 4}" x2="{lx + 24}" '
                   f'y2="{legend_y - 4}" stroke="{COLOURS[kind]}" stroke-width="2"{dash}/>')
        out.append(words(lx + 30, legend_y, label))
    return out


def _short(value: float) -> float | int:
    """A coordinate to a tenth, without a trailing '.0' (the page's weight counts)."""
    value = round(value, 1)
    return int(value) if value.is_integer() else value
