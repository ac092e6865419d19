"""When each milestone was done, and what that means for the date the plan is judged as of.

A volunteer's ``completed:`` wins; otherwise the day of the commit that ticked the milestone
(:func:`csnet.plan.changes.completion_dates`). A plan is never judged as of a day before the
latest milestone it shows done (an old ``last_modified_at:`` that nobody kept up to date would
call done work "Behind schedule"); a plan judged as of an earlier day on purpose
(``plan_as_of``) shows the milestones done after it as not yet done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..dates import long_date
from ..logs import Warn, warn
from .changes import completion_dates
from .model import Plan


def with_done_dates(plan: Plan, revisions: tuple, docname: str, today: dt.date) -> Plan:
    """``done_on`` of every ticked milestone that has one; a ``completed:`` in the future (a
    typing slip) is warned about and left out."""
    found = completion_dates(revisions)
    objectives = []
    for objective in plan.objectives:
        milestones = []
        for milestone in objective.milestones:
            done = milestone.done_on
            if done and done > today:
                warn(Warn.DATE, f"objective '{objective.name}', milestone '{milestone.name}': "
                     f"'completed: {milestone.completed.raw}' is after today "
                     f"({long_date(today)}); write the day it was done", (docname,
                                                                           milestone.line))
                done = None
            if milestone.complete and done is None:
                done = found.get((objective.name, milestone.name))
            milestones.append(replace(milestone, done_on=done if milestone.complete else None))
        objectives.append(replace(objective, milestones=tuple(milestones)))
    return replace(plan, objectives=tuple(objectives))


def no_earlier_than_done(plan: Plan, date: dt.date, source: str) -> tuple[dt.date, str]:
    """The as-of date, moved to the latest day a milestone was done when that is later."""
    latest = max((m.done_on for _, m in plan.milestones if m.done_on), default=None)
    if source == "conf.py" or latest is None or latest <= date:
        return date, source
    return latest, "completed"


def as_it_stood(plan: Plan) -> Plan:
    """The plan as it stood on its as-of date: milestones done later are not done yet."""
    as_of = plan.as_of
    if as_of is None or not any(m.done_on and m.done_on > as_of for _, m in plan.milestones):
        return plan
    objectives = tuple(replace(o, milestones=tuple(
        replace(m, complete=False, done_on=None) if m.done_on and m.done_on > as_of else m
        for m in o.milestones)) for o in plan.objectives)
    return replace(plan, objectives=objectives)
