"""Accessibility fixes to pydata-sphinx-theme (WCAG 2.2 AA) and the print stylesheet for pages.

Adds ``templates/`` ahead of the theme's own, so our versions of its components win: a named
main navigation landmark, a search button whose visible text is its accessible name, and a
footer link to the accessibility statement. Adds ``a11y.css`` (AA contrast in dark mode,
visible focus, reflow at 320 px), ``a11y.js`` (the skip link moves keyboard focus) and
``print.css``. Checked on every page in a real browser by ``tests/test_browser.py``.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from .site import ship_static

TEMPLATES = Path(__file__).parent / "templates"


def add_templates(app: Sphinx, config: Config) -> None:
    # a new list: the default one is shared by every build in a process (tests), and a
    # path added twice would change the config and make Sphinx rewrite every page
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path = [str(TEMPLATES), *config.templates_path]


def setup(app: Sphinx) -> dict:
    ship_static(app, "a11y.css", "print.css", "a11y.js")
    app.connect("config-inited", add_templates)
    # after the theme's and csnet's own stylesheets (priority 500), which it corrects
    app.add_css_file("a11y.css", priority=600)
    app.add_css_file("print.css", priority=600, media="print")
    app.add_js_file("a11y.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
