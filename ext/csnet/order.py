"""When each of our transforms runs: one named table, read in order.

Sphinx applies transforms by priority, lowest first. While a page is read
(:class:`~sphinx.transforms.SphinxTransform`), docutils' own run below 500, ``doctree-read``
listeners see the page at 880 and MyST's reference resolver runs at 9 while writing. While a
page is written (:class:`~sphinx.transforms.post_transforms.SphinxPostTransform`), Sphinx
resolves references at 10 and sphinx-design turns dropdowns into HTML at 199. The "why" of
each number is next to it; the developer guide's generated table lists them with their classes.
A leaf module: it imports nothing of ours.
"""

from __future__ import annotations


class Reading:
    """Transforms run on each page as it is read, in this order."""

    PAGE_HEADER = 500  # csnet.pages: the lead paragraph and byline under the title
    SUPERSEDED_NOTICE = 505  # after the header, before pictures and fields
    POST_IMAGE = 510  # csnet.news: a post's picture, right under the header
    PDF_LINK = 510  # csnet.pdf.links: "Download as PDF" inside the header
    LAYOUT_FIELDS = 515  # csnet.layouts: a layout's details, after the picture
    EVENT_DETAILS = 515  # csnet.events: when, where, sign up (events have no layout fields)
    PROFILE_DETAILS = 516  # csnet.team: after the layout's fields
    GROUP_ACTIONS = 700  # csnet.blocks
    CLEAN_RAW_HTML = 850  # csnet.rawhtml: before anything reads raw HTML's pictures and links
    RAW_FILE_LINKS = 855  # csnet.pictures: before RAW_PICTURES (a picture inside the link)
    RAW_PICTURES = 860
    OUTSIDE_FILES = 870  # csnet.paths: refuse paths outside docs/ before doctree-read (880)
    PLAN_OBJECTIVES = 870  # csnet.plan: before doctree-read (880), so it is in the contents
    LATEST_NEWS = 880  # csnet.listing
    UNDESCRIBED_PICTURES = 890  # csnet.pictures: after every picture is in the page
    NOTE_PLAN_PAGES = 900  # csnet.team: last, when the page is whole
    NOTE_SITE_LINKS = 900  # csnet.urls: last, when every link is in the page


class Writing:
    """Post-transforms run on each page as it is written, in this order."""

    PLAN_VIEWS = 5  # csnet.plan: cards and tables before sphinx-design (199) and HTML (190)
    SITE_LINKS = 5  # csnet.urls: ``/x`` links become page links before MyST's resolver (9)
    LINK_LABELS = 6  # csnet.layouts: after SITE_LINKS, which name the page linked
    TEAM = 10  # csnet.team: after the plan's cards, before HTML decoration
    TIMED = 15  # csnet.timed
    PAGE_LISTS = 20  # csnet.listing
    EVENTS = 20  # csnet.events
    QUIET_EMPTY_LISTS = 30  # csnet.listing: after every list is resolved (TEAM to EVENTS)
    PLAN_HTML = 190  # csnet.plan.html: before sphinx-design's dropdowns (199)
    PICTURE_SIZES = 200  # csnet.theme.pictures
    SIGNUP_FORMS = 210  # csnet.theme.signup: after references are resolved (words are final)
