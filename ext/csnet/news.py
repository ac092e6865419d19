"""News posts: which are published, in what order, and what each post shows.

One list shared by listings, archives, the feed and the news PDF, so they always agree: a post
is a page with ``layout: news``; whether it is published is decided for every page alike by
:mod:`csnet.publication` (unpublished and future posts are not even read). A post shows its
``image`` under the header, with ``image-alt`` as its text.
"""

from __future__ import annotations

import datetime as dt

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform

from .addresses import live_url
from .locale import _
from .logs import Warn, warn
from .order import Reading
from .pages import under_header
from .paths.front_image import page_image
from .publication import drafts_shown, is_published
from .site import PageInfo, site


def is_post(info: PageInfo) -> bool:
    return info.layout == "news"


def published_posts(env: BuildEnvironment, drafts: bool | None = None) -> list[PageInfo]:
    """Every published news post, newest first (undated last, then by title)."""
    drafts = drafts_shown(env.config) if drafts is None else drafts
    today = site(env).as_of
    posts = [
        info for docname, info in site(env).pages.items()
        if docname in env.all_docs and is_post(info) and is_published(info, today, drafts)
    ]
    return sorted(posts, key=_newest_first)


def _newest_first(info: PageInfo) -> tuple:
    date = info.date.date if info.date and info.date.date else dt.date.min
    return (-date.toordinal(), info.title.lower(), info.docname)


def image_alt(info: PageInfo) -> str:
    """The post's ``image-alt``, or a description from its title (never an empty ``alt``)."""
    alt = str(info.get("image-alt", "")).strip()
    return alt or _("Picture for the news post “{title}”").format(title=info.title)


#: layouts whose ``image`` is shown under the header: a post's picture, a topic's banner
BANNERS = ("news", "topic")


class PostImage(SphinxTransform):
    """Show a post's ``image`` after its header, described by ``image-alt``; a topic's as
    its banner."""

    default_priority = Reading.POST_IMAGE

    def apply(self, **kwargs) -> None:
        info = site(self.env).pages.get(self.env.docname)
        if info is None or info.layout not in BANNERS or not page_image(info):
            return
        if not is_post(info):  # a topic's banner, as the old topic pages had
            alt = str(info.get("image-alt", "")).strip()  # else decorative: the title says it
            figure = nodes.figure(classes=["csnet-post-image", "csnet-banner"])
            figure += nodes.image(uri=image_uri(self.config, info), alt=alt)
            under_header(self.document, figure)
            return
        if not str(info.get("image-alt", "")).strip():
            warn(Warn.IMAGE, "the post has an 'image' but no 'image-alt'; add 'image-alt:' "
                 "describing the picture for people who cannot see it (for now it is "
                 f"described as: {image_alt(info)})",
                 (info.docname, info.front.line("image")))
        uri = image_uri(self.config, info)
        figure = nodes.figure(classes=["csnet-post-image"])
        figure += nodes.image(uri=uri, alt=image_alt(info))
        figure.line = info.front.line("image")
        under_header(self.document, figure)


def image_uri(config: Config, info: PageInfo) -> str:
    """The checked ``image`` (see :mod:`csnet.paths`): web addresses as given; site paths
    (``/images/x.png``) of a file in ``docs/`` as that file, else on the live site."""
    value = page_image(info)
    if value.startswith("/") and not value.startswith("//") and not info.image_local:
        return live_url(config, value)
    return value


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.pages")
    app.setup_extension("csnet.paths")  # checks the front-matter image
    app.setup_extension("csnet.publication")
    app.add_transform(PostImage)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
