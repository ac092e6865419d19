"""Old URLs keep working: permalinks, ``redirect_from``, redirect pages and site-relative links.

Every page claims URLs: its own path (``docs/news/2021/11/15/our-plan.md`` is
``/news/2021/11/15/our-plan/``), its ``permalink`` or, without one, the Jekyll pattern of a
dated post (``/<collection>/:year/:month/:day/:title/`` from the front-matter date), and each
``redirect_from`` entry. Claims are checked when the page is read (a value that could leave the
output folder or inject markup is refused with a located warning); after reading, one table maps
every URL to its page, and two pages claiming one URL get a located warning.

From that table we write a small redirect page (``<url>/index.html`` with ``<meta
http-equiv="refresh">``, a visible link and ``<link rel="canonical">``) at every claimed URL that
is not a page itself, so any static host serves old URLs with or without the trailing slash. We
write these few lines of HTML ourselves rather than use sphinx-reredirects: it takes redirects
from ``conf.py`` only, does not escape targets, writes no canonical link or visible text, and its
absolute targets are one level off under ``dirhtml``.

Site-relative links in page bodies (``[plan](/publication/our-plan)``) are resolved before
MyST's resolver sees them: to the built page that owns the URL, or, when nothing owns it, to the
live site (``html_baseurl`` + path) with a located ``csnet.link`` warning, so no link is lost.
A page that links to ``/x`` uses the topic ``url:x``, so it is rewritten when ``/x`` moves.

The parts, in the order a build meets them: :mod:`.keys` (an address as a key of the table,
and what may be one), :mod:`.claims` (the URLs a page claims, when it is read), :mod:`.table`
(the table, after reading), :mod:`.links` (site-relative links in bodies), :mod:`.redirects`
(the redirect pages) and :mod:`.stale` (files of an earlier build deleted, for every module
that writes files of its own).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from ..site import state_version
from .claims import read_claims
from .links import NoteSiteLinks, ResolveSiteLinks
from .redirects import write_redirects
from .table import REDIRECT_TO, REDIRECTED, URLS, build_table, url_topics_changed


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.site")  # its domain and csnet-changed-topics
    app.setup_extension("csnet.pages")  # csnet-page-read
    # listeners return ``{url key: pagename}`` of pages made without a source (archives, feed)
    app.add_event("csnet-site-urls")
    app.connect("csnet-page-read", read_claims)
    app.connect("env-updated", build_table)
    app.connect("csnet-changed-topics", url_topics_changed)
    app.connect("build-finished", write_redirects, priority=900)  # last: see its docstring
    app.add_transform(NoteSiteLinks)
    app.add_post_transform(ResolveSiteLinks)
    return {"parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": state_version(URLS, REDIRECTED, REDIRECT_TO)}
