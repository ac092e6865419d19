"""News posts: which are published, in what order.

One definition shared by listings, archives, the feed and the news PDF, so they always agree:
a post is a page with ``layout: news``; it is left out when ``published: false`` or dated after
the build date, unless ``news_drafts = True`` (or ``-D news_drafts=1``) is set.
"""

from __future__ import annotations

import datetime as dt

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .site import PageInfo, site


def is_post(info: PageInfo) -> bool:
    return info.layout == "news"


def is_published(info: PageInfo, today: dt.date, drafts: bool = False) -> bool:
    """Published, and not dated in the future (as Jekyll's ``future: false``)."""
    if drafts:
        return True
    if info.get("published", True) is False:
        return False
    return not (info.date and info.date.date and info.date.date > today)


def published_posts(env: BuildEnvironment, drafts: bool | None = None) -> list[PageInfo]:
    """Every published news post, newest first (undated last, then by title)."""
    drafts = env.config.news_drafts if drafts is None else drafts
    today = env.csnet_as_of
    posts = [
        info for docname, info in site(env).pages.items()
        if docname in env.all_docs and is_post(info) and is_published(info, today, drafts)
    ]
    return sorted(posts, key=_newest_first)


def _newest_first(info: PageInfo) -> tuple:
    date = info.date.date if info.date and info.date.date else dt.date.min
    return (-date.toordinal(), info.title.lower(), info.docname)


def setup(app: Sphinx) -> dict:
    app.add_config_value("news_drafts", False, "env", types=frozenset({bool, int}))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
