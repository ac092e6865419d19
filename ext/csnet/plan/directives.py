"""Plan directives: ``objectives``, ``objective``, ``milestones``, ``plan-summary`` and
``plan-dashboard``.

A directive only records *what* to show; the plan itself may live on another page that has not
been read yet (or is read by another process under ``-j``). So each directive leaves a
:class:`plan_view` placeholder and declares that its page uses the plan's data; the
:mod:`csnet.plan.resolve` post-transform fills it in at write time from the merged data.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms import SphinxTransform
from sphinx.util import docname_join
from sphinx.util.docutils import SphinxDirective

from ..dates import parse_date
from ..locale import N_, _
from ..logs import Warn, warn
from ..order import Reading
from ..pages import under_header
from ..site import site
from .model import Status

OBJECTIVE_STATUSES = (Status.COMPLETE, Status.BEHIND, Status.ON_TRACK, Status.NO_MILESTONES,
                      Status.UNREADABLE)
#: ``:status:`` words of ``objectives``; "overdue" also names objectives behind schedule
STATUS_CHOICES = {**{s.css.removeprefix("status-"): s for s in OBJECTIVE_STATUSES},
                  "overdue": Status.BEHIND}
MILESTONE_FILTERS = ("complete", "incomplete", "overdue", "upcoming")


class plan_view(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder for plan content; replaced before any writer sees it."""


def plan_topic(docname: str) -> str:
    return f"plan:{docname}"


# -- options: a value we cannot use is a located warning and the option is left out -------
def _status_list(argument: str):
    values = [v.strip().lower().replace(" ", "-") for v in (argument or "").split(",")
              if v.strip()]
    unknown = [v for v in values if v not in STATUS_CHOICES]
    if unknown or not values:
        return None, (f"unknown status {', '.join(unknown) or '(none given)'}; use one or more "
                      f"of {', '.join(STATUS_CHOICES)}, separated by commas")
    return values, None


def _milestone_filter(argument: str):
    value = (argument or "").strip().lower()
    if value not in MILESTONE_FILTERS:
        return None, f"'{argument}' is not a milestone status; use {', '.join(MILESTONE_FILTERS)}"
    return value, None


def _date_option(argument: str):
    value, problem = parse_date(argument)
    if problem or value is None or value.date is None:
        return None, problem or "give a date as YYYY-MM-DD, for example 2022-06-30"
    return value.date.isoformat(), None


def _whole_number(minimum: int, maximum: int):
    def check(argument: str):
        text = (argument or "").strip()
        if not text.isdigit() or not minimum <= int(text) <= maximum:
            return None, f"'{argument}' should be a whole number from {minimum} to {maximum:,}"
        return int(text), None

    return check


#: option -> check returning ``(value, problem)``; the option spec takes their text as given
CHECKS = {
    "status": _status_list,
    "from": _date_option,
    "to": _date_option,
    "due-within": _whole_number(0, 36_500),  # days after the as-of date: up to 100 years
    "limit": _whole_number(1, 100_000),
    "next": _whole_number(0, 100_000),
}


class PlanDirective(SphinxDirective):
    """Shared base: the ``:plan:`` option and the placeholder."""

    kind = ""
    option_spec = {"plan": directives.unchanged_required}

    def plan_docname(self) -> str:
        target = self.options.get("plan")
        if not target:
            return self.env.docname
        target = target.strip().removesuffix("/").removesuffix(".md")
        return docname_join(self.env.docname, target) if not target.startswith("/") else (
            target.lstrip("/")
        )

    def run(self) -> list[nodes.Node]:
        plan = self.plan_docname()
        site(self.env).uses(self.env.docname, plan_topic(plan))
        node = plan_view(kind=self.kind, plan=plan, options=self.view_options(),
                         docname=self.env.docname)
        self.set_source_info(node)
        return [node]

    def view_options(self) -> dict:
        options = {}
        for key, value in self.options.items():
            check = self.checks.get(key)
            if check is not None:
                value, problem = check(value)
                if problem:
                    warn(Warn.OPTION, f"{self.name}: option ':{key}:' {problem}. The option "
                         "is left out", (self.env.docname, self.lineno))
                    continue
            if key != "plan":
                options[key] = value
        return options

    @property
    def checks(self) -> dict:
        return {**CHECKS, "status": self.status_check}

    status_check = staticmethod(_status_list)  # MilestonesDirective filters otherwise


class ObjectivesDirective(PlanDirective):
    """All objective cards of a plan, optionally only those with some statuses."""

    kind = "objectives"
    option_spec = {
        **PlanDirective.option_spec,
        "status": directives.unchanged,
        "no-contents": directives.flag,
    }


class ObjectiveDirective(PlanDirective):
    """One objective card, by name or anchor."""

    kind = "objective"
    required_arguments = 1
    final_argument_whitespace = True

    def view_options(self) -> dict:
        return {**super().view_options(), "name": self.arguments[0]}


class MilestonesDirective(PlanDirective):
    """A table of milestones, of the plan or of one objective, filtered."""

    kind = "milestones"
    option_spec = {
        **PlanDirective.option_spec,
        "objective": directives.unchanged_required,
        "status": directives.unchanged,
        "due-within": directives.unchanged,  # days after the as-of date
        "from": directives.unchanged,
        "to": directives.unchanged,
        "limit": directives.unchanged,
        "caption": directives.unchanged,
    }
    status_check = staticmethod(_milestone_filter)


class PlanSummaryDirective(PlanDirective):
    """Overall progress: objectives, milestones complete, overdue, next due."""

    kind = "plan-summary"
    option_spec = {**PlanDirective.option_spec, "next": directives.unchanged}


class PlanDashboardDirective(PlanDirective):
    """Where the plan stands: as-of date, totals, due soon, objectives table, timeline."""

    kind = "plan-dashboard"


class PlanHistoryDirective(PlanDirective):
    """Progress at each update (Git history): a burn-up chart and a table of its figures."""

    kind = "plan-history"


class PlanChangesDirective(PlanDirective):
    """What changed in the latest update, or between the updates in force on two dates."""

    kind = "plan-changes"
    option_spec = {**PlanDirective.option_spec, "from": directives.unchanged,
                   "to": directives.unchanged}


class AppendObjectives(SphinxTransform):
    """``layout: business-plan`` pages get their cards after the body, as on the old site,
    and a dashboard section at the top, unless the page places plan directives itself."""

    default_priority = Reading.PLAN_OBJECTIVES

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        info = site(self.env).pages.get(docname)
        if info is None or info.layout != "business-plan":
            return
        if any(n["plan"] == docname for n in self.document.findall(plan_view)):
            return
        site(self.env).uses(docname, plan_topic(docname))
        sections = list(self.document.findall(nodes.section))
        host = self.document
        dashboard = plan_view(kind="plan-dashboard", plan=docname, options={},
                              docname=docname)
        if not sections:
            host.insert(0, dashboard)
        else:  # the last top-level subsection ("Our plan"), or the page section
            top = sections[0]
            children = [c for c in top.children if isinstance(c, nodes.section)]
            if children:
                host = children[-1]
                at = top.index(children[0])
                for kind, title, anchor in reversed(SECTIONS):
                    view = plan_view(kind=kind, plan=docname, options={}, docname=docname)
                    top.insert(at, self.section(_(title), anchor, view))
            else:
                host = top
                under_header(self.document, dashboard)
        host += plan_view(kind="objectives", plan=docname, options={"no-contents": None},
                          docname=docname)

    @staticmethod
    def section(title: str, anchor: str, view: plan_view) -> nodes.section:
        """A section before the page's first one: in the contents and the PDF outline too."""
        section = nodes.section(ids=[anchor], names=[title.lower()])
        section += nodes.title(title, title)
        section += view
        return section


#: the sections a business-plan page gets before its own: ``(view, title, anchor)``
SECTIONS = (("plan-dashboard", N_("Progress at a glance"), "progress-at-a-glance"),
            ("plan-history", N_("Progress over time"), "progress-over-time"),
            ("plan-changes", N_("What changed since the last update"), "what-changed"))


DIRECTIVES = {
    "objectives": ObjectivesDirective,
    "objective": ObjectiveDirective,
    "milestones": MilestonesDirective,
    "plan-summary": PlanSummaryDirective,
    "plan-dashboard": PlanDashboardDirective,
    "plan-history": PlanHistoryDirective,
    "plan-changes": PlanChangesDirective,
}
