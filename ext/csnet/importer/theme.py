"""What each layout of the old theme showed besides the page's own text, as live directives.

On the old site most index pages are a layout and two lines of front matter (``layout: loop``,
``loop: events``): what members saw came from the theme (reference/developer.md#trap-jekyll). The
theme is not part
of the site's repository, so these are facts about it, one per layout: a ``loop`` page lists
its collection, ``networks`` lists ``_data/networks.yml``, ``team-members`` the current
volunteers, a ``topic`` page the news, events, publications, consultations and volunteers of
its ``category`` (or region), and the sign-up layout a way to join. Each becomes the new
build's directive, so the lists stay live as pages come and go. The old theme's editor tools
(forms that wrote files) are left unpublished; a layout not known here is reported, never
silently emptied.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from ..layouts import LAYOUTS
from .body import Note
from .front import Front
from .jekyll import JekyllSite
from .liquid import LOOP_LISTS, collection_list

#: old layouts that show the page's text and front-matter fields, as the new build does
CONTENT = {"default", "home", "membership/confirmation", "four-oh-four", "docs",
           "collection--left-nav"}
#: the old theme's editor tools: forms that wrote a post or a file for a volunteer
TOOLS = ("tools", "tools/")
#: data files a layout reads, written to docs/ for the new build's directive to read
NETWORKS_FILE = "_data/networks.yml"
GROUPS_FILE = "_data/groups.yml"


@dataclass
class Shown:
    """What a page's old layout adds: Markdown after its text, data files, notes."""

    text: str = ""
    notes: list[Note] = field(default_factory=list)
    data: dict[str, str] = field(default_factory=dict)  # docs/ path -> text


def shown(site: JekyllSite, front: Front, collection: str = "") -> Shown:
    """The directives (and data) that show what the page's old ``layout`` showed."""
    layout = str(front.data.get("layout") or "").strip()
    line = front.matter.line("layout") if "layout" in front.data else 1
    result = Shown()
    if layout == "loop":
        _loop(front, line, result)
    elif layout == "networks":
        _networks(site, front, line, result)
    elif layout == "team-members":
        _as_page(front, "the team page")
        result.text = "```{team-list}\n```"
        result.notes.append(Note(line, "layout 'team-members'", "converted",
                                 "current volunteers by role, with photos (team-list)"))
    elif layout == "topic":
        _topic(site, front, result)
    elif layout.endswith("sign-up"):
        _sign_up(site, front, line, layout, result)
    elif layout == "conference" and collection != "conference":  # the agenda, not a session
        _as_page(front, "a conference's agenda")
        folder = site.pattern("conference").strip("/").split("/")[0]
        result.text = collection_list("conference") if ":" in folder or not folder else \
            f"```{{page-list}}\n:under: {folder}\n```"
        result.notes.append(Note(line, "layout 'conference'", "check", "the old agenda listed "
                                 "the _conference sessions whose 'event' is this page's "
                                 "category; the page lists every session (page-list): move "
                                 "other conferences' sessions to a folder of their own and "
                                 "list it with ':under:'"))
    elif layout == TOOLS[0] or layout.startswith(TOOLS[1]):
        _unpublish(front, f"an editor tool of the old site (layout '{layout}'), a form for "
                   "volunteers, not a page for members; the content manager at /admin/ does "
                   "its work now")
        result.notes.append(Note(line, f"layout '{layout}'", "check", "an editor tool of the "
                                 "old site: left unpublished. Delete the page, or set "
                                 "'published: true' to keep it"))
    elif layout and layout not in LAYOUTS and layout not in CONTENT:
        result.notes.append(Note(line, f"layout '{layout}'", "check", "the old theme's layout "
                                 f"'{layout}' showed more than the page's text, which the "
                                 "importer cannot rebuild: the page shows its text only. Add "
                                 "what it listed (a directive such as page-list, news-list or "
                                 "event-list, or the text itself) and set 'layout: page'"))
    return result


def _loop(front: Front, line: int, result: Shown) -> None:
    collection = str(front.data.get("loop") or "").strip()
    if collection not in LOOP_LISTS:
        result.notes.append(Note(line, "layout 'loop'", "check", f"'loop: {collection}' is a "
                                 "collection the importer cannot list: the page is empty. Add "
                                 "a page-list directive (':under: folder') listing its pages"))
        return
    _as_page(front, f"a list of {collection}")
    result.text = collection_list(collection)
    result.notes.append(Note(line, "layout 'loop'", "converted",
                             f"'loop: {collection}': {result.text.splitlines()[0]}"))


def _networks(site: JekyllSite, front: Front, line: int, result: Shown) -> None:
    networks = site.data.get("networks")
    _as_page(front, "the list of networks")
    if not isinstance(networks, list):
        result.notes.append(Note(line, "layout 'networks'", "check", "the old site listed "
                                 "_data/networks.yml here, which it does not have: add the "
                                 f"networks to docs/{NETWORKS_FILE} (department, network, "
                                 "email)"))
    else:
        result.data[NETWORKS_FILE] = (
            "# The networks the Networks page lists (the old site's _data/networks.yml).\n"
            "# One entry each: department, network, email; edit freely.\n"
            + yaml.safe_dump(networks, allow_unicode=True, sort_keys=False))
    result.text = f"```{{network-list}}\n:file: /{NETWORKS_FILE}\n```"
    result.notes.append(Note(line, "layout 'networks'", "converted", "the networks of "
                             f"docs/{NETWORKS_FILE}, with their contacts (network-list)"))


def _topic(site: JekyllSite, front: Front, result: Shown) -> None:
    """The old topic layout: the email group of its category (``_data/groups.yml``), recent
    updates, upcoming events, publications, consultations and, on a region's page, the
    volunteers of that region (their ``region`` is its title)."""
    category = front.data.get("category")
    category = str(category[0] if isinstance(category, list) and category else category or "")
    title = str(front.data.get("title") or "").strip()
    parts = []
    groups = site.data.get("groups")
    if category.strip() and isinstance(groups, list) and any(
            isinstance(g, dict) and str(g.get("category") or "").strip().lower()
            == category.strip().lower() for g in groups):
        result.data[GROUPS_FILE] = (
            "# The email groups topic pages offer (the old site's _data/groups.yml).\n"
            "# One entry each: type, name, category, description, email, url; edit freely.\n"
            + yaml.safe_dump(groups, allow_unicode=True, sort_keys=False))
        parts.append("## Email group\n\n```{group-list}\n:file: /" + GROUPS_FILE
                     + f"\n:category: {category.strip()}\n```")
    if category.strip():
        option = f":category: {category.strip()}\n"
        parts += [
            "## Upcoming events\n\n```{event-list}\n:when: upcoming\n" + option + "```",
            "## News\n\n```{news-list}\n" + option + ":style: compact\n```",
            "## Publications\n\n```{page-list}\n:layout: publication\n" + option + "```",
            "## Consultations\n\n```{page-list}\n:layout: consultation\n" + option + "```",
            "## Past events\n\n```{event-list}\n:when: past\n:group: year\n" + option + "```",
        ]
    if title and str(front.data.get("topic-type") or "").strip().lower() == "region":
        parts.append(f"## Team members\n\n```{{team-list}}\n:region: {title}\n```")
    result.text = "\n\n".join(parts)
    if parts:
        result.notes.append(Note(front.matter.line("layout"), "layout 'topic'", "converted",
                                 f"lists of category '{category}' and region '{title}'"))


def _sign_up(site: JekyllSite, front: Front, line: int, layout: str, result: Shown) -> None:
    """The old sign-up form lived in the theme, posting to an address the site's files do not
    hold: the page offers the site's email address, and the report says how to get the form."""
    email = str(site.config.get("email") or "").strip()
    _as_page(front, "a sign-up page")
    link = f"mailto:{email}?subject=Join%20the%20network" if email else "/contact-us/"
    how = f"Email us at [{email}](mailto:{email})" if email else "Contact us"
    result.text = (f"```{{email-signup}}\n:link: {link}\n"
                   f"{how} with your name, and we will add you to our email alerts.\n```")
    result.notes.append(Note(line, f"layout '{layout}'", "check", "the old theme's sign-up "
                             "form posted to an address kept in the theme, not in the site: "
                             "the page offers a sign-up by email. Set signup_action in "
                             "docs/conf.py's html_theme_options to your mailing list's form "
                             "address (the old form's 'action'), and it becomes a form"))


def _as_page(front: Front, what: str) -> None:
    front.set("layout", "page", f"the old layout showed {what}; the page now has a "
              "directive that does")


def _unpublish(front: Front, why: str) -> None:
    front.set("published", False, why)
