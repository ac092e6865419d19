"""``shown-between``: content shown only between two dates, judged when the site is built.

The old site computed "registrations are open" / "registrations have closed" in Liquid each
time it was built; the importer turns that into this directive, and the daily scheduled build
keeps it true. ``:from:`` is the first day the content shows, ``:until:`` the first day it no
longer does (both YYYY-MM-DD, UK days, as of ``plan_as_of``, ``SOURCE_DATE_EPOCH`` or today).
A page is rewritten when what it shows changes (topic ``timed:<docname>``).
"""

from __future__ import annotations

import datetime as dt

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .dates import parse_date
from .logs import Warn, warn
from .order import Writing
from .site import Record, register_directives, site, state_version

TIMED_SHOWN: Record[dict[str, list[bool]]] = Record(
    "timed_shown", dict, "which shown-between windows were open, to rewrite their pages")


class timed(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Content with a date window; replaced by its children or by nothing at write time."""


def _day(argument: str | None) -> str:
    value, problem = parse_date(argument)
    if value is None or value.date is None or problem:
        raise ValueError(problem or "give a date as YYYY-MM-DD")
    return value.date.isoformat()


def visible(window: tuple[str, str], today: dt.date) -> bool:
    """Whether content with ``(from, until)`` (ISO days, "" when open) shows ``today``."""
    start, end = window
    return (not start or dt.date.fromisoformat(start) <= today) and (
        not end or today < dt.date.fromisoformat(end))


class ShownBetween(SphinxDirective):
    """``:from: YYYY-MM-DD`` (first day shown), ``:until: YYYY-MM-DD`` (first day hidden)."""

    has_content = True
    option_spec = {"from": str, "until": str}

    def run(self) -> list[nodes.Node]:
        window = []
        for key in ("from", "until"):
            try:
                window.append(_day(self.options[key]) if key in self.options else "")
            except ValueError as error:
                warn(Warn.DATE, f"shown-between :{key}: {error}; the content is always shown",
                     (self.env.docname, self.lineno))
                window.append("")
        node = timed(start=window[0], end=window[1])
        self.set_source_info(node)
        self.state.nested_parse(self.content, self.content_offset, node)
        info = site(self.env).pages.get(self.env.docname)
        if info is not None:
            info.timed.append((window[0], window[1]))
        site(self.env).uses(self.env.docname, f"timed:{self.env.docname}")
        return [node]


class ResolveTimed(SphinxPostTransform):
    default_priority = Writing.TIMED

    def run(self, **kwargs) -> None:
        today = site(self.env).as_of
        for node in list(self.document.findall(timed)):
            if visible((node["start"], node["end"]), today):
                node.replace_self(node.children)
            else:
                node.parent.remove(node)


def windows_changed(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """``csnet-changed-topics``: pages where a window opened or closed since the last build."""
    domain = site(env)
    return TIMED_SHOWN.changed(env, {
        f"timed:{info.docname}": [visible(w, domain.as_of) for w in info.timed]
        for info in domain.pages.values() if info.timed})


#: the directives this module adds (the reference lists each with its options)
DIRECTIVES = {
    "shown-between": ShownBetween,
}


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.site")
    app.setup_extension("csnet.pages")
    app.add_node(timed)
    register_directives(app, DIRECTIVES)
    app.add_post_transform(ResolveTimed)
    app.connect("csnet-changed-topics", windows_changed)
    return {"parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": state_version(TIMED_SHOWN)}
