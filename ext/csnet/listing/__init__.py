"""Lists of pages: ``news-list``, ``news-archives``, ``publication-list``, latest news on posts.

Like the plan directives, a directive only records *what* to list: a :class:`page_list`
placeholder with a query, filled in at write time from the merged site data by a
post-transform, as format-neutral nodes (a bullet list of paragraphs, links and images).

Incremental builds stay correct and cheap: each query is a topic (``list:news;limit=3``) that
the page uses, and after reading we compare a digest of exactly what each query shows with the
last build's; only when that changed are the pages that show it rewritten. Editing an old post
does not rewrite every post's "Latest news"; publishing a new one does.

The parts: :mod:`.queries` (what a list shows, and its digest), :mod:`.directives` (the
placeholders), :mod:`.render` (a list as nodes, when a page is written) and :mod:`.archives`
(the pages by year and category, written without a source file).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from ..site import register_directives, state_version
from .archives import archive_pages, archive_urls
from .directives import DIRECTIVES, LatestNewsOnPosts, page_list
from .queries import LIST_DIGESTS, clear_cache, drop_cache, lists_changed
from .render import QuietEmptyLists, ResolvePageLists


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.news")
    app.setup_extension("csnet.urls")  # csnet-site-urls
    # listeners return more :class:`ArchivePage` s: ``(app, env) -> list``
    app.add_event("csnet-archive-pages")
    app.add_node(page_list)
    register_directives(app, DIRECTIVES)
    app.add_transform(LatestNewsOnPosts)
    app.add_post_transform(ResolvePageLists)
    app.add_post_transform(QuietEmptyLists)
    app.connect("env-before-read-docs", drop_cache)
    app.connect("env-updated", clear_cache, priority=100)
    app.connect("csnet-changed-topics", lists_changed)
    app.connect("html-collect-pages", archive_pages)
    app.connect("csnet-site-urls", archive_urls)
    return {"parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": state_version(LIST_DIGESTS)}
