"""Sphinx extensions of the Civil Service LGBT+ Network's publishing system.

``extensions = ["csnet"]`` loads them all; each module is a Sphinx extension of its own
(``csnet.pages``, ``csnet.plan`` ...) so a project can take only what it needs.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

__version__ = "0.1.0"
STATIC = Path(__file__).parent / "static"
MODULES = ("csnet.buildlock",)  # one build at a time per doctree directory
MODULES += ("csnet.site", "csnet.publication", "csnet.pages", "csnet.paths", "csnet.plan",
            "csnet.news")
MODULES += ("csnet.urls", "csnet.listing", "csnet.feed")  # website: URLs, lists, feed
MODULES += ("csnet.layouts", "csnet.events", "csnet.team", "csnet.timed")  # collections
MODULES += ("csnet.pictures",)  # pictures without a description
MODULES += ("csnet.pdf",)  # PDF publications
MODULES += ("csnet.blocks",)  # home-page blocks: hero, call-to-action
MODULES += ("csnet.theme",)  # the network's HTML theme (html_theme = "csnet")
MODULES += ("csnet.publish",)  # deploy: sitemap, 404 page, robots.txt, CNAME, share cards
MODULES += ("csnet.cms",)  # the content manager at /admin/ (Decap CMS)


#: MyST syntax the old site's content needs: kramdown ``{:.class}`` lines become ``{.class}``
MYST_EXTENSIONS = ("attrs_block", "attrs_inline", "colon_fence")


def configure(app: Sphinx, config: Config) -> None:
    # new lists, not in-place appends: conf.py's lists are shared by every app in a process
    if str(STATIC) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC)]
    enabled = list(config.myst_enable_extensions)
    config.myst_enable_extensions = enabled + [e for e in MYST_EXTENSIONS if e not in enabled]


def setup(app: Sphinx) -> dict:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    for module in MODULES:
        app.setup_extension(module)
    app.connect("config-inited", configure)
    app.add_css_file("csnet.css")
    app.add_js_file("csnet.js", loading_method="defer")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
