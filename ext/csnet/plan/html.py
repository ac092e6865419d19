"""HTML-only decoration of plan nodes: collapsible cards, progress bars, the timeline.

Runs after :mod:`csnet.plan.resolve`, only for HTML-format builders (the website and the
PDFs), in the way sphinx-design's own ``DropdownHtmlTransform`` does: the card container
becomes a ``<details class="sd-card sd-dropdown">`` whose ``<summary>`` holds an open/close
marker, a real heading, the status in words, the count and a progress bar, in that order, so
the header rows of all cards line up; every word stays in the page when the card is closed.
"""

from __future__ import annotations

import html

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_design.dropdown import dropdown_main, dropdown_title

from ..locale import _
from ..order import Writing
from ..site import site
from .burnup import NARROW as NARROW_BURNUP
from .burnup import WIDE, burnup_svg
from .cards import status_node
from .chart import NARROW, timeline_svg
from .model import Status


class objective_heading(nodes.TextElement, nodes.General):  # noqa: N801
    """The card's heading (``<h3>``), only ever created for HTML builders."""


def visit_objective_heading(self, node) -> None:
    self.body.append(self.starttag(node, f"h{node.get('level', 3)}", ""))


def depart_objective_heading(self, node) -> None:
    self.body.append(f"</h{node.get('level', 3)}>")


def progress_bar(done: int, total: int) -> nodes.raw:
    """A visual bar; hidden from screen readers, which get the same fact in words."""
    percent = round(100 * done / total) if total else 0
    markup = (
        f'<span class="csnet-bar" aria-hidden="true">'
        f'<span class="csnet-bar-fill" style="width: {percent}%"></span></span>'
    )
    return nodes.raw("", markup, format="html")


class scroll_region(nodes.General, nodes.Element):  # noqa: N801
    """A box that scrolls sideways inside itself, so a wide table never makes the page do
    so (WCAG 1.4.10); focusable and named, so keyboard and screen-reader users can scroll it
    too (axe's scrollable-region-focusable)."""


def visit_scroll_region(self, node) -> None:
    self.body.append(self.starttag(node, "div", "", CLASS="csnet-scroll-region", tabindex="0",
                                   role="region", **{"aria-label": node["label"]}))


def depart_scroll_region(self, node) -> None:
    self.body.append("</div>")


class DecoratePlanHtml(SphinxPostTransform):
    default_priority = Writing.PLAN_HTML
    formats = ("html",)

    def run(self, **kwargs) -> None:
        # one walk of the page, not one per kind: this runs on every page of the site
        found: dict[str, list] = {kind: [] for kind in _KINDS}
        for node in self.document.findall(nodes.Element):
            for kind, test in _KINDS.items():
                if test(node):
                    found[kind].append(node)
        for card in found["card"]:
            self.make_collapsible(card)
        for block in found["progress"]:
            block.append(nodes.paragraph("", "", progress_bar(*block["progress"]),
                                         classes=["csnet-bar-line"]))
        for placeholder in found["timeline"]:
            self.draw_timeline(placeholder)
        for placeholder in found["burnup"]:
            self.document.set_id(placeholder, suggested_prefix="burnup")
            title = _("Milestones complete and milestones in the plan, at each update")
            chart_id = placeholder["ids"][0] + "-chart"
            for size, suffix in ((WIDE, ""), (NARROW_BURNUP, "-narrow")):  # CSS shows one
                placeholder += nodes.raw("", burnup_svg(placeholder["points"],
                                                        chart_id + suffix, title, size),
                                         format="html")
        for table in found["table"]:
            region = scroll_region(label=table[0].astext())  # the table's caption
            table.parent.replace(table, region)  # not replace_self: the id stays on the table
            region += table

    def draw_timeline(self, placeholder: nodes.container) -> None:
        info = site(self.env).pages.get(placeholder["csnet_timeline"])
        plan = info.plan if info else None
        if plan is None or not plan.milestones:  # a plan with no milestones yet: no chart
            placeholder.parent.remove(placeholder)
            return
        self.document.set_id(placeholder, suggested_prefix="timeline")
        caption = _("Timeline of milestones by objective")
        placeholder += nodes.paragraph(caption, caption, classes=["csnet-timeline-caption"])
        # the same facts drawn twice: names beside the rows for a page or print, names above
        # them for a phone, where the wide chart would shrink its words to 5 px. CSS shows
        # one (display: none hides the other from screen readers too)
        as_of, chart_id = plan.as_of or site(self.env).as_of, placeholder["ids"][0] + "-chart"
        placeholder += nodes.raw("", timeline_svg(plan, as_of, chart_id), format="html")
        placeholder += nodes.raw("", timeline_svg(plan, as_of, chart_id + "-narrow", NARROW),
                                 format="html")

    def make_collapsible(self, card: nodes.container) -> None:
        done, total = card["progress"]
        rubric = card[0]
        summary = dropdown_title(classes=["sd-summary-title", "sd-card-header"])
        summary += nodes.inline(classes=["csnet-card-marker"])  # drawn by CSS, aria-hidden
        heading = objective_heading("", "", *rubric.children, ids=[card["csnet_objective"]],
                                    classes=["csnet-objective-title"])
        summary += heading
        meta = nodes.inline(classes=["csnet-summary-meta"])
        meta += status_node(Status(card["status"]))
        meta += nodes.inline("", card["count"], classes=["csnet-count"])
        meta += progress_bar(done, total)
        summary += meta
        body = nodes.container(classes=["sd-summary-content", "sd-card-body"], is_div=True)
        # print: from here to the card's end, a new page says "<name> (continued)"; set after
        # the header, so a page that starts with this card's header does not say so
        name = html.escape(heading.astext(), quote=True)
        body += nodes.raw("", f'<div class="csnet-card-continues" data-name="{name}"></div>',
                          format="html")
        body.extend(child for child in card.children[1:]
                    if "csnet-progress" not in child.get("classes", []))
        # where print stops saying "(continued)" (a CSS string-set needs an element here)
        body += nodes.raw("", '<div class="csnet-card-end"></div>', format="html")
        details = dropdown_main(
            classes=["sd-sphinx-override", "sd-dropdown", "sd-card", "sd-mb-3",
                     *card["classes"]],
        )
        details += summary
        details += body
        card["ids"] = []  # the id now lives on the heading; replace_self would copy it
        card.replace_self(details)


def _is_card(node) -> bool:
    return isinstance(node, nodes.container) and "csnet_objective" in node.attributes


def _is_burnup(node) -> bool:
    return isinstance(node, nodes.container) and "csnet_burnup" in node.attributes


def _is_timeline(node) -> bool:
    return isinstance(node, nodes.container) and "csnet_timeline" in node.attributes


def _is_objectives_table(node) -> bool:
    return isinstance(node, nodes.table) and not isinstance(node.parent, scroll_region) and (
        "csnet-plan-objectives" in node["classes"]
        or "csnet-plan-history-table" in node["classes"])


def _has_progress(node) -> bool:
    return (isinstance(node, nodes.container) and "progress" in node.attributes
            and "csnet_objective" not in node.attributes)


#: what :class:`DecoratePlanHtml` turns into HTML, in the order it does
_KINDS = {"card": _is_card, "progress": _has_progress, "timeline": _is_timeline,
          "burnup": _is_burnup, "table": _is_objectives_table}
