"""What the plan's two charts draw alike: the labelled ``<svg>``, grid lines and words.

Hand-written SVG (see :mod:`csnet.plan.chart` for why): every string goes through
:func:`html.escape`, and colours are presentation attributes (what WeasyPrint prints) that the
page's CSS overrides through custom properties (themes, dark mode). The timeline
(:mod:`csnet.plan.chart`) and the burn-up chart (:mod:`csnet.plan.burnup`) share these, so the
two read and restyle as one.
"""

from __future__ import annotations

from html import escape

COLOURS = {"ink": "#1d1d1b", "grid": "#b1b4b6", "complete": "#00703c", "overdue": "#b3261e",
           "due": "#1d4e89", "as-of": "#3b4a6b"}


def svg_start(css: str, svg_id: str, width: int, height: int, font: int, title: str,
              desc: str) -> list[str]:
    """The ``<svg>`` element's opening, named by its title and described by its description."""
    return [f'<svg xmlns="http://www.w3.org/2000/svg" class="{css}" id="{svg_id}" '
            f'viewBox="0 0 {width} {height}" role="img" '
            f'aria-labelledby="{svg_id}-title {svg_id}-desc" font-size="{font}" '
            f'font-family="Atkinson Hyperlegible, sans-serif">',
            f'<title id="{svg_id}-title">{escape(title)}</title>',
            f'<desc id="{svg_id}-desc">{escape(desc)}</desc>']


def grid_line(x1, y1, x2, y2, width: str = "") -> str:
    """A grid line (``width``: its stroke width, if not the default)."""
    stroke = f' stroke-width="{width}"' if width else ""
    return (f'<line class="tl-grid" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" '
            f'stroke="{COLOURS["grid"]}"{stroke}/>')


def words(x, y, text, anchor: str = "") -> str:
    """Words in the chart's ink at ``(x, y)``, escaped (``anchor``: ``text-anchor``)."""
    aligned = f' text-anchor="{anchor}"' if anchor else ""
    return (f'<text class="tl-text" x="{x}" y="{y}"{aligned} fill="{COLOURS["ink"]}">'
            f"{escape(str(text))}</text>")
