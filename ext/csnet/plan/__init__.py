"""Business plans from front matter: typed model, directives, cards, tables and exports.

This package is the sub-extension (:func:`setup`); its parts: :mod:`.model` (the typed plan
and its statuses), :mod:`.reader` (reading and validating it from front matter), :mod:`.as_of`
(the date it is judged by), :mod:`.scan`, :mod:`.history`, :mod:`.changes` and :mod:`.done`
(its revisions in Git, what changed, when each milestone was done), :mod:`.directives` (the
placeholders), :mod:`.view`, :mod:`.resolve`, :mod:`.dashboard`, :mod:`.cards` and
:mod:`.over_time` (filling them with words and tables), :mod:`.svg`, :mod:`.chart`,
:mod:`.burnup` and :mod:`.html` (the charts and the HTML decoration) and :mod:`.exports` (the
calendar and data files).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sphinx.application import Sphinx

from ..dates import build_date, long_date
from ..logs import Warn, warn
from ..site import PageInfo, register_directives, ship_static, site
from . import directives, exports, html, resolve
from .as_of import FRONT_MATTER_KEYS, as_of, git_date, is_stale
from .directives import plan_topic
from .done import as_it_stood, no_earlier_than_done, with_done_dates
from .history import Revision, entries, last_commit, read_history
from .reader import read_plan


def read_page_plan(app: Sphinx, info: PageInfo) -> None:
    """``csnet-page-read``: validate and keep the plan of a business-plan page, dated."""
    if info.layout != "business-plan" and "objectives" not in info.data:
        return
    plan, problems = read_plan(info.front, info.docname, info.title)
    for problem in problems:
        warn(problem.subtype, problem.message, (info.docname, problem.line))
    configured = build_date(app.config.plan_as_of) if app.config.plan_as_of else None
    today = build_date()
    path = Path(app.env.doc2path(info.docname))
    date, source = as_of(info, path, configured, today)
    revisions = read_history(path, Path(app.doctreedir))
    now = entries(plan)
    if revisions and now != revisions[-1].entries and date >= revisions[-1].date:
        revisions += (Revision("", date, now),)  # edited, not yet committed: as it is now
    plan = with_done_dates(plan.without_duplicates(), revisions, info.docname, today)
    date, source = no_earlier_than_done(plan, date, source)
    info.plan = as_it_stood(replace(plan, as_of=date, as_of_source=source, history=revisions,
                                     history_head=last_commit(path)))
    if source != "conf.py" and is_stale(date, today):
        key = next((k for k in FRONT_MATTER_KEYS if k in info.data), "date")
        warn(Warn.STALE_PLAN,
             f"this plan was last updated on {long_date(date)} (from its {_source(source)}), "
             "more than six months ago, and its page says so. Tick the milestones that are "
             "done, then commit the file or set 'updated: YYYY-MM-DD' to today",
             (info.docname, info.front.line(key) if key in info.data else 1))
    site(app.env).provides(info.docname, plan_topic(info.docname), info.plan.digest())


def _source(source: str) -> str:
    return {"git": "last commit", "date": "'date:'", "build": "build date",
            "completed": "latest milestone completed"}.get(
        source, f"'{source}:'")


def git_dates_changed(app: Sphinx, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: re-read a plan whose last commit moved while its file did not
    (a commit, a checkout): its history and as-of date come from git, which Sphinx does not
    watch."""
    today = build_date()
    stale = []
    for info in site(env).pages.values():
        plan = info.plan
        if plan is None or info.docname in changed or info.docname not in env.all_docs:
            continue
        path = Path(env.doc2path(info.docname))
        dated_by_git = plan.as_of_source in ("git", "date") and not app.config.plan_as_of
        if last_commit(path) != plan.history_head or dated_by_git and (
                git_date(path, today) or (info.date.date if info.date else None)) != plan.as_of:
            stale.append(info.docname)
    return stale


def as_of_changed(app: Sphinx, env) -> set[str]:
    """The build date moved on: pages showing a plan judged by it, or that it made stale
    (or fresh), are out of date."""
    previous, now = site(env).previous_as_of, site(env).as_of
    if previous is None or previous == now or app.config.plan_as_of:
        return set()
    topics = set()
    for info in site(env).pages.values():
        plan = info.plan
        if plan is None or plan.as_of is None:
            continue
        if plan.as_of_source == "build" or (
                is_stale(plan.as_of, previous) != is_stale(plan.as_of, now)):
            topics.add(plan_topic(info.docname))
    return topics


DIRECTIVES = directives.DIRECTIVES  # the plan's views (the reference lists them)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_design")  # objective cards are its dropdowns
    app.setup_extension("csnet.pages")  # csnet-page-read
    ship_static(app, "csnet.js")
    app.add_js_file("csnet.js", loading_method="defer")  # opens the card a link points into
    app.connect("csnet-page-read", read_page_plan)
    app.connect("csnet-changed-topics", as_of_changed)
    app.connect("env-get-outdated", git_dates_changed)
    app.add_node(directives.plan_view)
    app.add_node(html.objective_heading,
                 html=(html.visit_objective_heading, html.depart_objective_heading))
    app.add_node(html.scroll_region,
                 html=(html.visit_scroll_region, html.depart_scroll_region))
    register_directives(app, DIRECTIVES)
    app.add_transform(directives.AppendObjectives)
    app.add_post_transform(resolve.ResolvePlanViews)
    app.connect("doctree-resolved", exports.link_exports)
    app.add_post_transform(html.DecoratePlanHtml)
    app.connect("build-finished", exports.write_exports)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
