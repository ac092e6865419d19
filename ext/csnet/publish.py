"""What a static host needs besides the pages: sitemap, robots.txt, 404 page, CNAME, share cards.

Everything is derived from one setting, ``html_baseurl`` (``https://www.civilservice.lgbt/``):

- ``sitemap.xml`` comes from sphinx-sitemap with ``{link}`` URLs (the ``dirhtml`` URL of each
  page, the same as its ``<link rel="canonical">``). That extension lists only the pages
  written in *this* build (its issue #13), in the order parallel workers write them, so an
  incremental build would publish a sitemap of the few changed pages. So while pages are
  written its own ``sitemap_excludes`` holds everything back (:func:`hold_sitemap`), and
  :func:`complete_sitemap` then hands it every published page, sorted, through its own
  ``add_html_link`` hook: no reaching into its queue. Redirect pages (written by
  ``csnet.urls`` straight to disk, and pages with ``redirect_to``) are left out; unpublished
  pages are not in the project at all.
- ``404.html`` comes from sphinx-notfound-page, which renders ``docs/404.md`` with
  ``/``-rooted links and assets so it works at any depth. ``dirhtml`` would write it to
  ``404/index.html``; GitHub Pages serves ``/404.html``, so our ``dirhtml`` (a subclass,
  registered in its place) writes it there. It has no
  canonical link and no share card: it is served at every missing URL.
- ``robots.txt`` points at the sitemap; ``CNAME`` names the custom domain (not for a
  ``*.github.io`` address); ``.nojekyll`` stops Jekyll from hiding ``_static/``.
- Share cards: sphinxext-opengraph writes ``og:*`` tags with absolute URLs; we give it each
  page's ``excerpt``, ``image`` and ``image-alt`` from the front matter, and add the Twitter
  card tags it only writes for its generated images.
"""

from __future__ import annotations

import contextlib
import html
import io
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.builders import dirhtml
from sphinx.config import Config

from .addresses import is_web_address
from .locale import _
from .news import image_alt, is_post
from .outputs import is_website
from .paths.front_image import page_image
from .site import PageInfo, site, user_set

NOT_FOUND = "404"
#: pages that are not content: the search page, the index, the 404 page (dirhtml, html links)
NOT_IN_SITEMAP = tuple(f"{name}{end}" for name in ("search", "genindex", NOT_FOUND)
                       for end in ("/", ".html"))


def configure(app: Sphinx, config: Config) -> None:
    """``config-inited``: point the extensions at the site's one address; what the user set
    in conf.py wins over every default of ours."""
    base = config.html_baseurl or ""
    if not base:  # a local preview: no public address, so no sitemap either
        config.suppress_warnings = [*config.suppress_warnings, "sitemap.configuration"]
    elif not base.endswith("/"):
        base = config.html_baseurl = base + "/"
    ours = {
        "sitemap_url_scheme": "{link}",  # one language, one version: no /en-GB/ prefix
        "sitemap_indent": 1,  # one URL a line, readable by people too
        "notfound_urls_prefix": urlsplit(base).path or "/",
        "notfound_pagename": NOT_FOUND,
        "notfound_context": not_found_context(),  # a site without a 404.md of its own
        "ogp_site_url": base,
        "ogp_social_cards": {"enable": False},  # we do not draw images (needs matplotlib)
        "ogp_enable_meta_description": False,  # we write the excerpt as the description
    }
    for name, value in ours.items():
        if not user_set(config, name):
            config[name] = value
    config.sitemap_excludes = [*config.sitemap_excludes, *NOT_IN_SITEMAP]


def not_found_context() -> dict:
    """sphinx-notfound-page's page, in the site's language (its own words are English)."""
    title = _("Page not found")
    text = _("Sorry, there is no page at this address. It may have moved, or the address may "
             "be mistyped.")
    return {"title": title, "body": f"<h1>{html.escape(title)}</h1>\n<p>{html.escape(text)}</p>"}


def page_url(app: Sphinx, pagename: str) -> str:
    """The one public URL of a page (the canonical URL, the sitemap's ``<loc>``)."""
    return urljoin(app.config.html_baseurl, app.builder.get_target_uri(pagename))


def is_listed(info: PageInfo | None) -> bool:
    """A page of its own, not one that only redirects (``redirect_to``, see ``csnet.urls``).

    Drafts need no test: ``csnet.publication`` takes them out of the project.
    """
    return info is None or not info.redirect_to


# -- share cards and canonical links --------------------------------------------------------
def card_image(info: PageInfo | None) -> tuple[str, str]:
    """The page's ``image`` and its description: ``image-alt``, else as a post describes its
    image, else the page title."""
    image = page_image(info)
    if not image:
        return "", ""
    if is_post(info):  # described as on the post itself
        return image, image_alt(info)
    return image, str(info.get("image-alt", "")).strip() or info.title


def share_card_fields(app: Sphinx, pagename: str, templatename: str, context: dict,
                      doctree) -> None:
    """``html-page-context`` (before opengraph): per-page values from the front matter."""
    meta = dict(context.get("meta") or {})  # a copy: opengraph pops keys from it
    context["meta"] = meta
    if not is_website(app.builder):
        meta["ogp_disable"] = True  # one-page or PDF output is not shared as a page
        return
    if pagename == NOT_FOUND:
        context["pageurl"] = None  # served at every missing URL: no canonical
        context["content_root"] = app.config.notfound_urls_prefix  # for Sphinx's scripts
        meta["ogp_disable"] = True
        return
    if context.get("title"):  # HTML; opengraph would unescape it and write '&' raw
        meta["og:title"] = _og(Markup(context["title"]).striptags())
    info = site(app.env).pages.get(pagename)
    if info is None:
        return
    excerpt = " ".join(str(info.get("excerpt", "")).split())
    if excerpt:
        meta["og:description"] = _og(excerpt)
        context["metatags"] += f'<meta name="description" content="{html.escape(excerpt)}" />\n'
    if info.layout == "news":
        meta["og:type"] = "article"
    image, alt = card_image(info)
    if image:
        meta["og:image"] = _og(urljoin(page_url(app, pagename), image))
        meta["og:image:alt"] = _og(alt)


def _og(text: str) -> str:
    """A value for sphinxext-opengraph, which escapes only the quotes of what it is given."""
    return html.escape(text, quote=False)


def twitter_card(app: Sphinx, pagename: str, templatename: str, context: dict,
                 doctree) -> None:
    """``html-page-context`` (after opengraph): X/Twitter reads ``og:*`` but needs its card."""
    if not is_website(app.builder) or not doctree or pagename == NOT_FOUND:
        return
    image, alt = card_image(site(app.env).pages.get(pagename))
    tags = {"twitter:card": "summary_large_image" if image else "summary"}
    if image:
        tags["twitter:image:alt"] = alt
    context["metatags"] += "".join(
        f'<meta name="{name}" content="{html.escape(value)}" />\n' for name, value in tags.items()
    )


def root_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: links in the 404 page's body, as seen from the site root.

    sphinx-notfound-page makes the theme's links ``/``-rooted, but not links in the body.
    """
    if docname != NOT_FOUND or not is_website(app.builder):
        return
    here = urljoin(app.config.notfound_urls_prefix, app.builder.get_target_uri(docname))
    for node in doctree.findall(nodes.reference):
        uri = node.get("refuri", "")
        if uri and not uri.startswith(("/", "#")) and not is_web_address(uri):
            node["refuri"] = urljoin(here, uri)


# -- files next to the pages ----------------------------------------------------------------
def hold_sitemap(app: Sphinx, builder) -> None:
    """``write-started``: sphinx-sitemap collects nothing while pages are written (through its
    own ``sitemap_excludes``); :func:`complete_sitemap` gives it the whole list afterwards."""
    site(app.env).sitemap_excludes = app.config.sitemap_excludes
    app.config.sitemap_excludes = ["*"]


def complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished`` (before sphinx-sitemap): every published page, in a stable order;
    beside the PDFs (not a website) none, so sphinx-sitemap writes no sitemap there."""
    from sphinx_sitemap import add_html_link

    domain = site(app.env)
    if domain.sitemap_excludes is not None:
        app.config.sitemap_excludes, domain.sitemap_excludes = domain.sitemap_excludes, None
    if exception or not is_website(app.builder):
        return
    listed = {docname for docname in app.env.all_docs if is_listed(domain.pages.get(docname))}
    for pagename in sorted(listed | domain.pages_made, key=app.builder.get_target_uri):
        add_html_link(app, pagename, "page.html", {}, None)  # it applies sitemap_excludes


class DirectoryHTMLBuilder(dirhtml.DirectoryHTMLBuilder):
    """``dirhtml`` that writes the 404 page to ``404.html``, where static hosts look for it.

    Its links stay computed for ``/404/`` (and are then made ``/``-rooted); only the file
    moves, so an unchanged 404 page is not rewritten by every build. Sphinx's class name is
    kept: sphinx-sitemap tells ``dirhtml`` URLs by it.
    """

    def init(self) -> None:
        super().init()
        #: pagename -> output file; the outdir is fixed for a builder's life, and each
        #: rebuild asks for every page's file several times (Sphinx's outdated check, the
        #: URL table, the pruning of gone pages)
        self.outfilenames: dict[str, Path] = {}

    def get_outfilename(self, pagename: str) -> Path:
        if pagename not in self.outfilenames:
            self.outfilenames[pagename] = super().get_outfilename(pagename)
        return self.outfilenames[pagename]

    def get_output_path(self, page_name: str, /) -> Path:
        if page_name == NOT_FOUND:
            return Path(self.outdir, f"{NOT_FOUND}{self.out_suffix}")
        return super().get_output_path(page_name)


def write_site_files(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: ``robots.txt``, ``CNAME``, ``.nojekyll``."""
    if exception or not is_website(app.builder):
        return
    out = Path(app.outdir)
    (out / ".nojekyll").write_text("")
    base = app.config.html_baseurl
    if not base:
        return
    sitemap = urljoin(base, app.config.sitemap_filename)
    (out / "robots.txt").write_text(f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
    host = urlsplit(base).hostname or ""
    if host and not host.endswith(".github.io") and host not in ("localhost", "127.0.0.1"):
        (out / "CNAME").write_text(host + "\n")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("csnet.news")
    app.setup_extension("sphinx_sitemap")
    app.setup_extension("notfound.extension")
    with contextlib.redirect_stdout(io.StringIO()):  # its "matplotlib is not installed"
        app.setup_extension("sphinxext.opengraph")
    app.connect("config-inited", configure)
    app.add_builder(DirectoryHTMLBuilder, override=True)
    app.connect("html-page-context", share_card_fields, priority=450)
    app.connect("html-page-context", twitter_card, priority=550)
    app.connect("doctree-resolved", root_links)
    app.connect("write-started", hold_sitemap)
    app.connect("build-finished", complete_sitemap, priority=450)
    app.connect("build-finished", write_site_files)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
