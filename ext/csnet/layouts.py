"""Every layout a page can have, and its front-matter fields: the one place they are defined.

The importer reads it (which old collection becomes which layout, at which address), the build
reads it (which fields a page of that layout shows, and with what label), and an editing tool
can generate its forms from it (:func:`schema`: keys, labels, hints, kinds). Pages of a layout
with shown fields get them as a list after their header (:class:`LayoutFields`); events and
team profiles have modules of their own (:mod:`csnet.events`, :mod:`csnet.team`) that render
their fields in their own way.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from .dates import parse_date
from .locale import N_, _
from .order import Reading, Writing
from .pages import under_header
from .site import LINK_TARGET, PageInfo, site


@dataclass(frozen=True)
class Field:
    """One front-matter key: what a volunteer sees and what the page shows."""

    key: str  # dotted for nested keys: "event.start"
    label: str
    hint: str
    #: text, markdown, date, datetime, url, email, image, boolean, list, number
    kind: str = "text"
    shown: bool = False  # listed on the page by :class:`LayoutFields`
    required: bool = False


@dataclass(frozen=True)
class Layout:
    name: str
    label: str  # for people: "Event"
    fields: tuple[Field, ...]
    description: str = ""
    #: front matter every page of the layout has unless it says otherwise, as an old Jekyll
    #: layout's own front matter gave its pages (a topic page shows no "Published" line)
    defaults: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Collection:
    """A collection of the old Jekyll site and what the importer makes of it."""

    folder: str  # "_events" without the "_"
    layout: str  # a key of LAYOUTS
    permalink: str  # the old site's address pattern, in Jekyll's placeholders
    label: str


TITLE = Field("title", "Title", "The page's heading, as short as it can be", required=True)
EXCERPT = Field("excerpt", "Summary", "One or two sentences: shown under the title and in lists")
DATE = Field("date", "Date", "When it was posted (YYYY-MM-DD); a future date hides it until "
             "then", "date")
AUTHOR = Field("author", "Author", "Shown as 'By ...' under the title")
CATEGORY = Field("category", "Category", "One word or a list, e.g. [Careers, Events]", "list")
IMAGE = Field("image", "Picture", "A web address or a path in docs/", "image")
IMAGE_ALT = Field("image-alt", "Picture description", "Describe the picture for people who "
                  "cannot see it")
PUBLISHED = Field("published", "Published", "false while it is a draft", "boolean")
REDIRECT_FROM = Field("redirect_from", "Old addresses", "Addresses that should lead here",
                      "list")
COMMON = (TITLE, EXCERPT, DATE, PUBLISHED, REDIRECT_FROM)

EVENT_FIELDS = (
    Field("event.start", "Starts", "Date and time, e.g. 2025-11-14T16:30:00Z (UTC)",
          "datetime", required=True),
    Field("event.end", "Ends", "Date and time (UTC); leave out for a single moment", "datetime"),
    Field("event.deadline", "Registration closes", "Date and time (UTC)", "datetime"),
    Field("event.host", "Host", "Who runs it: a team, region or partner network"),
    Field("event.location", "Where", "An address, a building, or 'Online (Teams)'"),
    Field("event.link", "Registration link", "Where people sign up", "url"),
    Field("event.email", "Registration email", "Whom people write to, to sign up", "email"),
    Field("event.no-register", "No registration", "Text shown instead of a sign-up, e.g. "
          "'Just come along'"),
)

LAYOUTS: dict[str, Layout] = {layout.name: layout for layout in (
    Layout("page", "Page", COMMON),
    Layout("news", "News article", (*COMMON, AUTHOR, CATEGORY, IMAGE, IMAGE_ALT)),
    Layout("publication", "Publication", (*COMMON, AUTHOR)),
    Layout("business-plan", "Business plan", (*COMMON, AUTHOR)),
    Layout("event", "Event", (*COMMON, CATEGORY, *EVENT_FIELDS, IMAGE, IMAGE_ALT),
           "Listed on the events page, in its calendar feed and on the home page"),
    Layout("team", "Team profile", (
        TITLE,  # the page's heading (the importer copies person-name into it)
        Field("person-name", "Name", "The volunteer's name", required=True),
        Field("role", N_("Role"), "Their role in the network, e.g. 'Co-chair'", shown=True),
        Field("email", N_("Email"), "How to reach them", "email", shown=True),
        Field("project", N_("Project"), "What they work on", shown=True),
        Field("region", N_("Region"), "Where they are based", shown=True),
        Field("image", "Photo", "A web address or a path in docs/", "image"),
        Field("image-alt", "Photo description", "Describe the photo"),
        Field("archive", "Former volunteer", "true once they have left the team", "boolean"),
        EXCERPT, PUBLISHED, REDIRECT_FROM),
        "A volunteer's profile; current volunteers are listed on the team page by role"),
    Layout("topic", "Topic", (
        *COMMON,
        Field("topic-type", N_("Kind of topic"), "e.g. 'region', 'identity' or 'issue'"),
        Field("background", "Background colour", "A colour for the page header"),
        IMAGE, IMAGE_ALT,
        Field("social-links", N_("Social links"), "Accounts about this topic", "list", shown=True),
        Field("show-archive", "Show archive", "List related news", "boolean")),
        defaults=(("meta-info", False),)),
    Layout("tool", "Tool", (*COMMON, Field("link", N_("Link"), "Where the tool is", "url",
                                           shown=True))),
    Layout("notice", "Notice", (*COMMON, Field(
        "end-date", N_("Until"), "The last day the notice applies (YYYY-MM-DD)", "date",
        shown=True))),
    Layout("consultation", "Consultation", (
        *COMMON,
        Field("end-date", N_("Closes"), "The last day to respond (YYYY-MM-DD)", "date", shown=True),
        Field("link", N_("Respond"), "Where people respond", "url", shown=True))),
    Layout("manual", "Manual", (*COMMON, AUTHOR)),
    Layout("programme", "Programme", (*COMMON, Field("link", N_("Apply"), "Where people apply",
                                                     "url", shown=True))),
    Layout("membership", "Membership", (*COMMON, Field("link", N_("Join"), "Where people join",
                                                       "url", shown=True))),
    Layout("conference", "Conference session", (
        *COMMON,
        Field("section", N_("Part of the day"), "e.g. 'Morning' or 'Workshops'", shown=True),
        Field("sequence", "Order", "A number: sessions are listed in this order", "number"),
        Field("event-date", N_("Date"), "The conference day (YYYY-MM-DD)", "date", shown=True))),
)}

#: the old site's collections, as its ``_config.yml`` had them (the importer's defaults)
COLLECTIONS: dict[str, Collection] = {c.folder: c for c in (
    Collection("news", "news", "/news/:year/:month/:day/:title/", "News"),
    Collection("archives", "news", "/archives/:year/:month/:day/:title/", "News archive"),
    # Jekyll's own posts; their address follows the site's ``permalink`` style (see
    # csnet.importer.jekyll.POST_STYLES), this is its default, "date"
    Collection("posts", "news", "/:categories/:year/:month/:day/:title:output_ext", "Posts"),
    Collection("publications", "publication", "/publication/:title/", "Publications"),
    Collection("rules", "page", "/rules/:title/", "Rules"),
    Collection("pages", "page", "/:path/", "Pages"),
    Collection("events", "event", "/event/:name/", "Events"),
    Collection("team", "team", "/team/:title/", "Our team"),
    Collection("topics", "topic", "/:title/", "Topics"),
    Collection("tools", "tool", "/tools/:title/", "Tools"),
    Collection("notices", "notice", "/notice/:title/", "Notices"),
    Collection("consultations", "consultation", "/consultation/:year/:month/:day/:title/",
               "Consultations"),
    Collection("manuals", "manual", "/manual/:title/", "Manuals"),
    Collection("programmes", "programme", "/programme/:title/", "Programmes"),
    Collection("membership", "membership", "/membership/:title/", "Membership"),
    Collection("conference", "conference", "/conference/:path/", "Conference"),
)}


def schema() -> dict:
    """Every layout with its fields and the collections using it, as plain data (for an
    editing tool's configuration)."""
    return {"layouts": {name: asdict(layout) for name, layout in sorted(LAYOUTS.items())},
            "collections": {name: asdict(c) for name, c in sorted(COLLECTIONS.items())}}


def value_at(data: dict, key: str):
    """``data["event"]["start"]`` for ``"event.start"``; ``None`` when any part is missing."""
    value = data
    for part in key.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def field_value(field: Field, value) -> nodes.Node | None:
    """A field's value as inline nodes (a link for addresses), or ``None`` when empty."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool) or str(value).strip().lower() in ("true", "false"):
        # a switch ("social-links: true"), not something to read: words for a yes/no field
        if field.kind != "boolean":
            return None
        yes = value is True or str(value).strip().lower() == "true"
        return nodes.inline("", _("Yes") if yes else _("No"))
    if field.kind == "date":
        parsed, _problem = parse_date(value)
        text = parsed.long() if parsed else str(value)
        return nodes.inline("", text)
    if field.kind == "url":
        text = str(value).strip()
        return nodes.reference(text, text, refuri=text) if _is_web(text) else nodes.inline(
            "", text)
    if field.kind == "email":
        text = str(value).strip()
        return nodes.reference(text, text, refuri=f"mailto:{text}")
    if isinstance(value, list):
        return nodes.inline("", ", ".join(str(v) for v in value))
    return nodes.inline("", str(value))


def _is_web(text: str) -> bool:
    return text.startswith(("https://", "http://", "/"))


def details(pairs: list[tuple[str, nodes.Node]], classes: list[str]) -> nodes.definition_list:
    """``label: value`` pairs as a definition list (format-neutral; a ``<dl>`` in HTML)."""
    listing = nodes.definition_list(classes=["csnet-details", *classes])
    for label, value in pairs:
        item = nodes.definition_list_item()
        item += nodes.term(label, label)
        definition = nodes.definition()
        definition += nodes.paragraph("", "", value)
        item += definition
        listing += item
    return listing


class LayoutFields(SphinxTransform):
    """Show a page's ``shown`` fields (a consultation's closing date and link, ...)."""

    default_priority = Reading.LAYOUT_FIELDS

    def apply(self, **kwargs) -> None:
        info = site(self.env).pages.get(self.env.docname)
        layout = LAYOUTS.get(info.layout) if info else None
        if layout is None:
            return
        pairs = []
        for field in layout.fields:
            if field.shown:
                value = field_value(field, value_at(info.data, field.key))
                if value is not None:
                    pairs.append((_(field.label), value))
        if pairs:
            under_header(self.document, details(pairs, [f"csnet-{layout.name}-details"]))


#: the old theme's words under a document box's link, copied into many pages' boxes
BOX_LABEL = N_("Read this publication")
PUBLICATION_LAYOUTS = ("publication", "business-plan")


class LinkLabels(SphinxPostTransform):
    """"Read this publication" says what its link leads to: on a link to a news article,
    "Read this news article"; to a page of no known layout, "Read this page". Only links to
    publications keep the words."""

    default_priority = Writing.LINK_LABELS

    def run(self, **kwargs) -> None:
        words = _(BOX_LABEL)
        pages = site(self.env).pages
        for reference in list(self.document.findall(nodes.reference)):
            target = reference.get(LINK_TARGET)
            if not target or reference.astext().strip() != words:
                continue
            info = pages.get(target[0])
            if info is None or info.layout in PUBLICATION_LAYOUTS:
                continue
            layout = LAYOUTS.get(info.layout)
            kind = layout.label.lower() if layout and layout.name != "page" else _("page")
            reference[:] = [nodes.inline("", _("Read this {kind}").format(kind=kind))]


def layout_defaults(app: Sphinx, info: PageInfo) -> None:
    """``csnet-page-read``: the layout's defaults, under what the page itself says."""
    layout = LAYOUTS.get(info.layout)
    for key, value in layout.defaults if layout else ():
        info.data.setdefault(key, value)


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.site")
    app.setup_extension("csnet.pages")  # the csnet-page-read event
    app.connect("csnet-page-read", layout_defaults)
    app.add_transform(LayoutFields)
    app.add_post_transform(LinkLabels)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
