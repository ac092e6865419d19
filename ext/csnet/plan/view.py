"""One plan placeholder being filled: the plan it shows, its options and the page it is on.

Each kind of view (:mod:`csnet.plan.resolve` for objectives and milestones,
:mod:`csnet.plan.dashboard` for the dashboard and the summary) is a function of a
:class:`View`, which answers what they all ask: the date statuses are judged by, the build's
date, a link to an objective, a unique id for a table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from docutils import nodes
from sphinx.environment import BuildEnvironment

from ..site import page_link, site
from .directives import plan_view
from .model import Plan


@dataclass
class View:
    plan: Plan
    options: dict
    node: plan_view
    env: BuildEnvironment
    document: nodes.document

    @property
    def as_of(self) -> dt.date:
        """The date the plan's statuses are judged by (:mod:`csnet.plan.as_of`)."""
        return self.plan.as_of or site(self.env).as_of

    @property
    def today(self) -> dt.date:
        """The build's date."""
        return site(self.env).as_of

    def link(self, anchor: str, *children) -> nodes.Node:
        """A link to ``anchor`` on the plan's page: within the page when the view is on it."""
        if self.node["docname"] == self.plan.docname:
            return nodes.reference("", "", *children, refid=anchor, internal=True)
        return page_link(self.plan.docname, nodes.inline("", "", *children), anchor=anchor)

    def set_id(self, node: nodes.Element, prefix: str) -> None:
        """A unique id on the page, starting with ``prefix``."""
        self.document.set_id(node, suggested_prefix=prefix)
