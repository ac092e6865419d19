"""Accessibility fixes to pydata-sphinx-theme (WCAG 2.2 AA) and the print stylesheet for pages.

Adds ``templates/`` ahead of the theme's own, so our versions of its components win: a named
main navigation landmark, a search button whose visible text is its accessible name, and a
footer link to the accessibility statement, and header links whose page titles are escaped
(the theme's ``generate_header_nav_html`` writes a title such as ``<img onerror=...>`` raw into
every page's navigation bar). Adds ``a11y.css`` (AA contrast in dark mode,
visible focus, reflow at 320 px), ``a11y.js`` (the skip link moves keyboard focus) and
``print.css``. Checked on every page in a real browser by ``tests/test_browser.py``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config

TEMPLATES = Path(__file__).parent / "templates"


def add_templates(app: Sphinx, config: Config) -> None:
    # a new list: the default one is shared by every build in a process (tests), and a
    # path added twice would change the config and make Sphinx rewrite every page
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path = [str(TEMPLATES), *config.templates_path]


def header_links(app: Sphinx, pagename: str, templatename: str, context: dict,
                 doctree) -> None:
    """``html-page-context``: the root toctree's pages (and the theme's ``external_links``)
    as plain data, which ``navbar-nav.html`` writes with Jinja's escaping."""
    env = app.env
    root = env.tocs.get(app.config.root_doc)
    if root is None or "pathto" not in context:
        return
    active = _top_ancestor(env.toctree_includes, pagename)
    links = []
    for toctree in root.findall(addnodes.toctree):
        for title, page in toctree["entries"]:
            page = toctree["parent"] if page == "self" else page
            external = bool(urlsplit(page).netloc)
            if title is None:
                title = env.titles[page].astext() if page in env.titles else page
            links.append({"title": title, "href": page if external else context["pathto"](page),
                          "external": external, "current": page == active,
                          "current_page": page == pagename})
    for link in context.get("theme_external_links") or ():
        links.append({"title": link["name"], "href": link["url"], "external": True,
                      "current": False, "current_page": False})
    context["csnet_header_links"] = links


def _top_ancestor(includes: dict[str, list[str]], pagename: str) -> str | None:
    """The page (``pagename`` or its ancestor) that the root toctree lists, as the theme
    highlights it; ``None`` for the root page and pages in no toctree."""
    parent: dict[str, str] = {}
    for page, children in includes.items():
        parent |= dict.fromkeys(children, page)
    chain: list[str] = []
    page = pagename
    while page in parent and page not in chain:
        chain.append(page)
        page = parent[page]
    return chain[-1] if chain else None


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", header_links)
    # after the theme's and csnet's own stylesheets (priority 500), which it corrects
    app.add_css_file("a11y.css", priority=600)
    app.add_css_file("print.css", priority=600, media="print")
    app.add_js_file("a11y.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
