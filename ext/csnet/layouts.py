"""Every layout a page can have, and its front-matter fields: the one place they are defined.

The content manager (:mod:`csnet.cms`) generates its forms from this table, so a key added
here shows in the browser editor at the next build, with its label and hint. Other modules
(events, team profiles) extend :data:`LAYOUTS` with their own layouts.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One front-matter key: what a volunteer sees and what the page shows."""

    key: str  # dotted for nested keys: "event.start"
    label: str
    hint: str
    #: text, markdown, date, datetime, url, email, image, boolean, list, number
    kind: str = "text"
    shown: bool = False  # listed on the page by the layout's own module
    required: bool = False


@dataclass(frozen=True)
class Layout:
    name: str
    label: str  # for people: "News article"
    fields: tuple[Field, ...]
    description: str = ""


TITLE = Field("title", "Title", "The page's heading, as short as it can be", required=True)
EXCERPT = Field("excerpt", "Summary", "One or two sentences: shown under the title and in lists")
DATE = Field("date", "Date", "When it was posted (YYYY-MM-DD); a future date hides it until "
             "then", "date")
AUTHOR = Field("author", "Author", "Shown as 'By ...' under the title")
CATEGORY = Field("category", "Category", "One word or a list, e.g. [Careers, Events]", "list")
IMAGE = Field("image", "Picture", "A web address or a path in docs/", "image")
IMAGE_ALT = Field("image-alt", "Picture description", "Describe the picture for people who "
                  "cannot see it")
#: every layout honours it (csnet.publication leaves unpublished pages out of every output)
PUBLISHED = Field("published", "Published", "Tick it when the page is approved; until then it "
                  "is a draft that the website leaves out", "boolean")
REDIRECT_FROM = Field("redirect_from", "Old addresses", "Addresses that should lead here",
                      "list")
COMMON = (TITLE, EXCERPT, DATE, PUBLISHED, REDIRECT_FROM)

LAYOUTS: dict[str, Layout] = {layout.name: layout for layout in (
    Layout("page", "Page", COMMON),
    Layout("news", "News article", (TITLE, DATE, AUTHOR, EXCERPT, CATEGORY, IMAGE, IMAGE_ALT,
                                    PUBLISHED, REDIRECT_FROM)),
    Layout("publication", "Publication", (*COMMON, AUTHOR)),
    Layout("business-plan", "Business plan", (*COMMON, AUTHOR)),
)}
