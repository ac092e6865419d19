"""Business plans from front matter: typed model, directives, cards, tables and exports."""

from __future__ import annotations

from sphinx.application import Sphinx

from ..logs import warn
from ..site import PageInfo, ship_static, site
from . import directives, exports, html, resolve
from .directives import plan_topic
from .model import read_plan


def read_page_plan(app: Sphinx, info: PageInfo) -> None:
    """``csnet-page-read``: validate and keep the plan of a business-plan page."""
    if info.layout != "business-plan" and "objectives" not in info.data:
        return
    info.plan, problems = read_plan(info.front, info.docname, info.title)
    for problem in problems:
        warn(problem.subtype, problem.message, (info.docname, problem.line))
    site(app.env).provides(info.docname, plan_topic(info.docname), info.plan.digest())


def as_of_changed(app: Sphinx, env) -> set[str]:
    """Statuses depend on the date: when it moves on, every page showing a plan is stale."""
    previous = getattr(env, "csnet_previous_as_of", None)
    if previous is None or previous == env.csnet_as_of:
        return set()
    return {topic for topics in site(env).data["uses"].values() for topic in topics
            if topic.startswith("plan:")}


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_design")  # objective cards are its dropdowns
    app.setup_extension("csnet.pages")  # csnet-page-read
    ship_static(app, "csnet.js")
    app.add_js_file("csnet.js", loading_method="defer")  # opens the card a link points into
    app.connect("csnet-page-read", read_page_plan)
    app.connect("csnet-changed-topics", as_of_changed)
    app.add_node(directives.plan_view)
    app.add_node(html.objective_heading,
                 html=(html.visit_objective_heading, html.depart_objective_heading))
    for name, directive in directives.DIRECTIVES.items():
        app.add_directive(name, directive)
    app.add_transform(directives.AppendObjectives)
    app.add_post_transform(resolve.ResolvePlanViews)
    app.add_post_transform(exports.LinkExports)
    app.add_post_transform(html.DecoratePlanHtml)
    app.connect("build-finished", exports.write_exports)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
