"""Team profiles: a volunteer's page, the team page by role, their names linked in the plan.

A profile is a page with ``layout: team`` (``person-name``, ``role``, ``email``, ``project``,
``region``, ``image``, ``archive``), kept at its old address. ``archive`` marks a former
volunteer; the old site often wrote it as the *string* ``"false"``, which means current.

The plan's team names link to the profile with the same name: :func:`profile_for` answers
that for any code that renders a name, and :class:`LinkTeamNames` does it for the plan's cards
(paragraphs with class ``csnet-team``) after they are rendered, without the plan knowing.
"""

from __future__ import annotations

import re
import unicodedata

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .listing.queries import cached
from .listing.render import link, list_image
from .locale import _
from .news import image_uri
from .order import Reading, Writing
from .outputs import digest
from .paths.front_image import page_image
from .publication import drafts_shown, is_published
from .site import PageInfo, Record, register_directives, site, state_version
from .yesno import yes_or_no

LAYOUT = "team"
TEAM_CLASS = "csnet-team"  # the plan's team paragraphs
PROFILES_TOPIC = "team:profiles"
LIST_TOPIC = "team:list"


TEAM_DIGESTS: Record[dict[str, str]] = Record(
    "team_digests", dict, "what each team list showed, as a digest, to rewrite its pages")


def person_name(info: PageInfo) -> str:
    return str(info.get("person-name") or info.title or "").strip()


def is_current(info: PageInfo) -> bool:
    """Not archived: ``archive`` is yes (true, on, ...: :mod:`csnet.yesno`) for former
    volunteers."""
    return yes_or_no(info.get("archive", False)) is not True


def _key(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"\s+", " ", name).strip()


def profiles(env: BuildEnvironment) -> dict[str, str]:
    """``name -> docname`` of every published profile (current ones win a shared name),
    computed once per build: every page's plan cards ask (per page, it made a build
    quadratic in the number of pages)."""
    return cached(env, "team-profiles", _profiles)


def _profiles(env: BuildEnvironment) -> dict[str, str]:
    found: dict[str, str] = {}
    for info in sorted(_profile_pages(env), key=lambda i: (not is_current(i), i.docname)):
        if is_published(info, site(env).as_of, drafts_shown(env.config)):
            found.setdefault(_key(person_name(info)), info.docname)
    return found


def _profile_pages(env: BuildEnvironment) -> list[PageInfo]:
    return cached(env, "team-pages", _scan_profile_pages)


def _scan_profile_pages(env: BuildEnvironment) -> list[PageInfo]:
    return [info for docname, info in site(env).pages.items()
            if docname in env.all_docs and info.layout == LAYOUT and person_name(info)]


def profile_for(env: BuildEnvironment, name: str) -> str | None:
    """The docname of the profile of the person called ``name``, or ``None``."""
    return profiles(env).get(_key(name))


# -- a profile page --------------------------------------------------------------------------
class ProfileDetails(SphinxTransform):
    """A profile shows the photo (described), and says when the volunteer has left."""

    default_priority = Reading.PROFILE_DETAILS

    def apply(self, **kwargs) -> None:
        info = site(self.env).pages.get(self.env.docname)
        section = next(iter(self.document.findall(nodes.section)), None)
        if info is None or info.layout != LAYOUT or section is None:
            return
        position = 1 + max((section.index(n) for n in section.children
                            if isinstance(n, (nodes.container, nodes.definition_list))),
                           default=0)
        if not is_current(info):
            section.insert(position, nodes.paragraph(
                "", _("{name} is no longer on the team.").format(name=person_name(info)),
                classes=["csnet-team-former"]))
        image = str(info.get("image", "")).strip()
        if image:
            alt = str(info.get("image-alt", "")).strip() or _("Photo of {name}").format(
                name=person_name(info))
            figure = nodes.figure(classes=["csnet-team-photo"])
            figure += nodes.image(uri=image_uri(self.config, info), alt=alt)
            section.insert(position, figure)


# -- the team page ---------------------------------------------------------------------------
class team_list(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder for the list of current volunteers, resolved at write time."""


class TeamList(SphinxDirective):
    """``team-list``: current volunteers by role, with their photos (``:former:`` lists
    former ones instead; ``:region: Wales`` only those of one region, as a topic page did)."""

    option_spec = {"former": directives.flag, "region": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        site(self.env).uses(self.env.docname, LIST_TOPIC)
        return [team_list(former="former" in self.options,
                          region=self.options.get("region", "").strip())]


def shown(env: BuildEnvironment) -> list:
    return sorted([info.docname, person_name(info), str(info.get("role", "")),
                   str(info.get("project", "")), str(info.get("region", "")),
                   page_image(info), is_current(info)]
                  for info in _profile_pages(env))


def render(env: BuildEnvironment, former: bool, level: int,
           region: str = "") -> list[nodes.Node]:
    people = [info for info in _profile_pages(env) if is_current(info) != former
              and is_published(info, site(env).as_of, drafts_shown(env.config))
              and (not region or _key(str(info.get("region", ""))) == _key(region))]
    if not people:
        return [nodes.paragraph("", _("No one listed yet."), classes=["csnet-empty"])]
    roles: dict[str, list[PageInfo]] = {}
    names: dict[str, str] = {}  # "local organiser" and "Local Organiser" are one role
    for info in people:
        role = str(info.get("role") or _("Volunteers")).strip()
        names.setdefault(_key(role), role)
        roles.setdefault(_key(role), []).append(info)
    order = sorted(roles, key=lambda role: (_rank(role), role))
    result: list[nodes.Node] = []
    for role in order:
        heading = names[role][:1].upper() + names[role][1:]
        result.append(nodes.rubric(heading, heading, classes=["csnet-team-role"],
                                   **{"heading-level": level}))
        items = nodes.bullet_list(classes=["csnet-list", "csnet-team-list", "csnet-compact"])
        for info in sorted(roles[role], key=lambda i: (_key(str(i.get("region", ""))),
                                                      _key(person_name(i)))):
            item = nodes.list_item(classes=["csnet-list-item"])
            if page_image(info):  # described by the name beside it
                image = list_image(env, info, alt="")
                image["classes"].append("csnet-team-thumb")
                item += image
            paragraph = nodes.paragraph(classes=["csnet-item-title"])
            paragraph += link(info.docname, person_name(info))
            item += paragraph
            what = ", ".join(dict.fromkeys(str(info.get(key, "")).strip() for key in (
                "region", "project") if str(info.get(key, "")).strip()))
            if what:
                item += nodes.paragraph("", what, classes=["csnet-item-meta"])
            items += item
        result.append(items)
    return result


def _rank(role: str) -> int:
    """Chairs first, then vice chairs, then everyone else (as the old team page)."""
    role = role.lower()
    return 0 if "chair" in role and "vice" not in role else 1 if "chair" in role else 2


class ResolveTeam(SphinxPostTransform):
    """The team list, and the plan's team names linked to their profiles."""

    default_priority = Writing.TEAM

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(team_list)):
            # the roles are headings one level below the section the list is in
            level = 1 + sum(1 for a in _ancestors(node) if isinstance(a, nodes.section))
            node.replace_self(render(self.env, node["former"], min(level, 6),
                                     node.get("region", "")))
        link_team_names(self.env, self.document, self.env.docname)


def link_team_names(env: BuildEnvironment, document: nodes.Node, fromdoc: str) -> None:
    """In every ``csnet-team`` element, names ("A, B and C") that match a profile become links."""
    known = profiles(env)
    if not known:
        return
    for holder in list(document.findall(nodes.Element)):
        if TEAM_CLASS not in holder.get("classes", ()):
            continue
        for text in list(holder.findall(nodes.Text)):
            if isinstance(text.parent, (nodes.strong, nodes.reference)):
                continue
            parts = re.split(r"(,\s*|\s+and\s+)", str(text))
            if not any(_key(part) in known for part in parts):
                continue
            replacement: list[nodes.Node] = []
            for part in parts:
                docname = known.get(_key(part))
                replacement.append(link(docname, part) if docname
                                   and docname != fromdoc else nodes.Text(part))
            index = text.parent.index(text)
            parent = text.parent
            parent.remove(text)
            for offset, new in enumerate(replacement):
                parent.insert(index + offset, new)


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


class NotePlanPages(SphinxTransform):
    """Pages that show plan cards depend on the set of profiles (their names become links)."""

    default_priority = Reading.NOTE_PLAN_PAGES

    def apply(self, **kwargs) -> None:
        info = site(self.env).pages.get(self.env.docname)
        shows_plan = info is not None and info.layout == "business-plan"
        shows_plan = shows_plan or any(type(node).__module__.startswith("csnet.plan")
                                       for node in self.document.findall(nodes.Element))
        if shows_plan:
            site(self.env).uses(self.env.docname, PROFILES_TOPIC)


def team_changed(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """``csnet-changed-topics``: the profiles' names (for the plan) or the team list changed."""
    return TEAM_DIGESTS.changed(env, {
        PROFILES_TOPIC: digest(profiles(env)), LIST_TOPIC: digest(shown(env))})


#: the directives this module adds (the reference lists each with its options)
DIRECTIVES = {
    "team-list": TeamList,
}


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.site")
    app.setup_extension("csnet.layouts")
    app.setup_extension("csnet.listing")
    app.add_node(team_list)
    register_directives(app, DIRECTIVES)
    app.add_transform(ProfileDetails)
    app.add_transform(NotePlanPages)
    app.add_post_transform(ResolveTeam)
    app.connect("csnet-changed-topics", team_changed)
    return {"parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": state_version(TEAM_DIGESTS)}
