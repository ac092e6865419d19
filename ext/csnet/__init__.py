"""Sphinx extensions of the Civil Service LGBT+ Network's publishing system.

``extensions = ["csnet"]`` loads them all; each module is a Sphinx extension of its own
(``csnet.pages``, ``csnet.plan`` ...) so a project can take only what it needs.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .bundle import STATIC
from .site import user_set

__version__ = "0.1.0"
MODULES = ("csnet.buildlock",)  # one build at a time per doctree directory
MODULES += ("csnet.site", "csnet.leftout", "csnet.publication", "csnet.pages", "csnet.paths",
            "csnet.plan", "csnet.news")
MODULES += ("csnet.urls", "csnet.listing", "csnet.feed")  # website: URLs, lists, feed
MODULES += ("csnet.layouts", "csnet.events", "csnet.team", "csnet.timed",  # collections
            "csnet.networks")
MODULES += ("csnet.pictures",)  # pictures without a description
MODULES += ("csnet.rawhtml",)  # raw HTML loses what runs code
MODULES += ("csnet.pdf",)  # PDF publications
MODULES += ("csnet.blocks",)  # home-page blocks: hero, call-to-action
MODULES += ("csnet.theme",)  # the network's HTML theme (html_theme = "csnet")
MODULES += ("csnet.publish",)  # deploy: sitemap, 404 page, robots.txt, CNAME, share cards
MODULES += ("csnet.cms",)  # the content manager at /admin/ (Decap CMS)


def brand(app: Sphinx, config) -> None:
    """This network's colour in its PDFs too, unless conf.py chose PDF stylesheets."""
    if not user_set(config, "pdf_stylesheets"):
        config.pdf_stylesheets = [str(STATIC / "brand.css")]


def setup(app: Sphinx) -> dict:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    for module in MODULES:
        app.setup_extension(module)
    app.connect("config-inited", brand)  # pages get it from the theme's options
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
