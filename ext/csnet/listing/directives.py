"""The list directives and "Latest news" on posts: each records only a :class:`page_list`
placeholder with its query, and notes that the page uses the query's topic."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from ..locale import _
from ..news import is_post
from ..order import Reading
from ..site import site
from ..slugs import slugify
from .queries import topic_of

LATEST_ON_POSTS = 5


class page_list(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder for a list of pages; replaced before any writer sees it."""


class ListDirective(SphinxDirective):
    kind = "news"
    option_spec: dict = {}

    def query(self) -> dict:
        return {"kind": self.kind}

    def run(self) -> list[nodes.Node]:
        query = self.query()
        topic = topic_of(query)
        site(self.env).uses(self.env.docname, topic)
        node = page_list(query=query, skip="")
        self.set_source_info(node)
        return [node]


class NewsList(ListDirective):
    """Published posts, newest first: ``:limit:``, ``:year:``, ``:category:``, ``:style:``."""

    option_spec = {
        "limit": directives.positive_int,
        "year": lambda arg: str(directives.positive_int(arg)),
        "category": lambda arg: slugify(directives.unchanged_required(arg)),
        "style": lambda arg: directives.choice(arg, ("full", "compact")),
    }

    def query(self) -> dict:
        return {"kind": "news", **self.options}


class NewsArchives(ListDirective):
    """Links to the archive page of every year and category, with the number of posts."""

    kind = "archives"


class PublicationList(ListDirective):
    """Every current page with ``layout: publication`` or ``business-plan``: title and
    excerpt, A-Z; ``:order: newest`` and ``:limit:`` for the newest few."""

    kind = "publications"
    option_spec = {"limit": directives.positive_int,
                   "order": lambda arg: directives.choice(arg, ("title", "newest"))}

    def query(self) -> dict:
        return {"kind": "publications", **self.options}


class PageList(ListDirective):
    """Pages of one layout (``:layout: consultation``) or under one folder (``:under: rules``),
    of one ``:category:``, by title: what the old site's Liquid loops over a collection, and
    its topic pages, showed."""

    option_spec = {"layout": directives.unchanged_required,
                   "under": directives.unchanged_required,
                   "category": lambda arg: slugify(directives.unchanged_required(arg))}

    def query(self) -> dict:
        return {"kind": "pages", **{k: v.strip() for k, v in self.options.items()}}


class LatestNewsOnPosts(SphinxTransform):
    """Every post ends with a short "Latest news" list of other posts."""

    default_priority = Reading.LATEST_NEWS

    def apply(self, **kwargs) -> None:
        info = site(self.env).pages.get(self.env.docname)
        sections = list(self.document.findall(nodes.section))
        if info is None or not is_post(info) or not sections:
            return
        query = {"kind": "news", "limit": LATEST_ON_POSTS + 1, "style": "compact"}
        topic = topic_of(query)
        site(self.env).uses(self.env.docname, topic)
        section = nodes.section(names=["latest news"],  # its id stays "latest-news"
                                classes=["csnet-latest-news", "hide-when-printed"])
        section += nodes.title(_("Latest news"), _("Latest news"))
        section += page_list(query=query, skip=self.env.docname)
        sections[0] += section
        self.document.note_implicit_target(section)  # id "latest-news", unique in the page


#: the directives this module adds (the reference lists each with its options)
DIRECTIVES = {
    "news-list": NewsList,
    "news-archives": NewsArchives,
    "publication-list": PublicationList,
    "page-list": PageList,
}
