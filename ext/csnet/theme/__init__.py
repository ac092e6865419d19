"""The network's own HTML theme, ``html_theme = "csnet"``: a site, not a documentation set.

Built on Sphinx's ``basic`` theme (its search page, its search index and its HTML writer), with
none of its documentation chrome: no sidebar, no relation bars, no "On this page", no
previous/next pager, no general index. One stylesheet (light and dark mode, 320 px, print),
one small deferred script (the colour switch and the phone menu), the Atkinson Hyperlegible
web fonts the PDFs use, served from ``csnet/pdf/fonts`` (one copy in the package).

Navigation costs each page nothing that grows with the site
(reference/developer.md#trap-quadratic-navigation): the header and
footer menus come from theme options, resolved once per build like site links (a page of this
site, or the live site's address when no page has it yet), and breadcrumbs are Home, the
page's section (the menu entry whose address the page's address starts with) and the page.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.fileutil import copy_asset_file

from .. import frontmatter
from ..addresses import is_web_address, live_url
from ..locale import LOCALE_DIR
from ..logs import Warn, warn
from ..pages import ancestors, is_page_header
from ..pdf.render import FONTS, font_css
from ..site import Record, state_version
from ..urls.table import lookup
from . import pictures, signup

THEME = Path(__file__).parent / "csnet"
#: the old site's menus, as csnet-import writes them (csnet.importer.menus.MENUS)
MENUS_FILE = "_data/menus.yml"
#: the weights and styles the stylesheet's ``@font-face`` rules name
FONT_FILES = tuple(sorted(p.name for p in FONTS.glob("atkinson-hyperlegible-*.woff2")))
#: every page's Content-Security-Policy (a <meta>: GitHub Pages sends no headers,
#: reference/developer.md#trap-csp-meta): scripts only from the site's own files, never inline (a
#: script slipped into a page's
#: raw HTML would not run even if csnet.rawhtml missed it), no plug-ins, no <base> elsewhere;
#: pictures, videos and inline styles as pages use them
CSP = ("default-src 'self' https: data:; script-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self' https:; style-src 'self' 'unsafe-inline' https:")
#: scripts only the search page needs (Sphinx adds them to every page)
SEARCH_SCRIPTS = ("documentation_options.js", "doctools.js", "sphinx_highlight.js")
DESCRIPTION_LENGTH = 160
DOCUTILS_VIEWPORT = re.compile(r'<meta name="viewport" content="[^"]*" ?/>\n?')


_SPHINX_DESIGN = re.compile(  # any sphinx-design class but the dropdowns of plan cards
    r'[" ]sd-(?!summary-|sphinx-override|mb-3|dropdown|card\b|card-header|card-body)')


MENUS: Record[Any] = Record(
    "menus", lambda: None, "the menus as resolved (each entry's page), to rewrite every page "
    "when one leads elsewhere")


def is_theme(app: Sphinx) -> bool:
    return getattr(app.builder, "theme", None) is not None and \
        app.builder.theme.name == "csnet"


# -- menus -----------------------------------------------------------------------------------
def resolve_target(app: Sphinx, env: BuildEnvironment, target: str) -> tuple[str, str]:
    """``("doc", docname)`` for a page of this site, else ``("url", address)``.

    A target is a docname (``news/index``), a site path (``/events/``) or a web address.
    A site path no page answers goes to the live site, as unresolved links in pages do.
    """
    target = str(target).strip()
    if is_web_address(target):
        return "url", target
    if target.startswith("/"):
        path, _, anchor = target.partition("#")
        docname = lookup(env, path)
        if docname is None and path.strip("/") == "":
            docname = app.config.root_doc
        return ("doc", docname) if docname else ("url", live_url(app.config, target))
    if target in env.all_docs:
        return "doc", target
    return "url", live_url(app.config, target)


def menu_entries(value: Any) -> list[tuple[str, str]]:
    """``[(title, target)]`` from a theme option: pairs, or ``{"title", "link"}`` mappings
    (``url`` for ``link``, as the old site's ``_config.yml`` has them)."""
    entries = []
    for entry in value if isinstance(value, list | tuple) else ():
        if isinstance(entry, dict):
            title, target = entry.get("title", ""), entry.get("link", entry.get("url", ""))
        elif isinstance(entry, list | tuple) and len(entry) == 2:
            title, target = entry
        else:
            continue
        if str(title).strip() and str(target).strip():
            entries.append((str(title).strip(), str(target).strip()))
    return entries


def _menus_file(app: Sphinx) -> tuple[dict[str, Any], dict[str, str], Any]:
    """The menus file read (located, forgiving YAML, as for pages): ``(menus, their keys in
    the file, the read file)``, empty when there is no file."""
    path = Path(app.srcdir, MENUS_FILE)
    if not path.is_file():
        return {}, {}, None
    text = path.read_text("utf-8", errors="replace")
    read = frontmatter.parse(f"---\n{text}\n---\n")
    menus: dict[str, Any] = {}
    keys: dict[str, str] = {}
    for key, value in read.data.items():
        name = "footer_menu" if "footer" in str(key).lower() else \
            "social" if "social" in str(key).lower() else "menu"
        if name not in menus:
            menus[name], keys[name] = value, key
    return menus, keys, read


def imported_menus(app: Sphinx) -> dict[str, Any]:
    """The old site's menus, ``docs/_data/menus.yml`` (csnet-import writes it from the
    ``_config.yml``): its ``...footer...`` list is the footer menu, a ``...social...`` list the
    social accounts and its first other list (``header_menu``, ``main_nav``) the header menu."""
    return _menus_file(app)[0]


def resolved_menus(app: Sphinx, env: BuildEnvironment) -> dict[str, list]:
    """Every menu, targets resolved: computed once per build. A menu is the theme option, else
    the imported menus file's; without either, the header lists the home page's toctree."""
    options = app.builder.theme.get_options(app.builder.theme_options)
    imported = imported_menus(app)
    menus = {name: [(title, *resolve_target(app, env, target)) for title, target in
                    menu_entries(options.get(name) or imported.get(name))]
             for name in ("menu", "footer_menu", "social")}
    if not menus["menu"]:
        root = app.config.root_doc
        menus["menu"] = [(env.titles[doc].astext(), "doc", doc)
                         for doc in env.toctree_includes.get(root, ())
                         if doc != root and doc in env.titles]
    return menus


def leads_nowhere(app: Sphinx, env: BuildEnvironment, target: str) -> bool:
    """A site address (``/events/``) or page name that no page, redirect or file the build
    writes answers (it goes to the same address on the live site meanwhile)."""
    target = target.strip()
    if not target or is_web_address(target) or target.startswith("#"):
        return False
    return resolve_target(app, env, target)[0] != "doc"


def warn_about_menus_file(app: Sphinx, env: BuildEnvironment) -> None:
    """Each item of ``docs/_data/menus.yml`` the theme uses that cannot be followed: YAML it
    could not read, an item without a title or address, an address no page has. Located in the
    file, once per build (an old menu often names pages that were never imported)."""
    options = app.builder.theme.get_options(app.builder.theme_options)
    menus, keys, read = _menus_file(app)
    if read is None:
        return
    path = Path(app.srcdir, MENUS_FILE)

    def where(*at) -> str:  # the file was read with a '---' line above it
        return f"{path}:{max(1, read.line(*at) - 1)}"

    for line, message in read.problems:
        warn(Warn.YAML, f"{message} (the menus are read from what could be read)",
             f"{path}:{max(1, line - 1)}")
    for name, value in menus.items():
        if options.get(name) or not isinstance(value, list):
            continue  # conf.py's menu is shown instead
        for index, entry in enumerate(value):
            if not isinstance(entry, dict):
                continue
            title = str(entry.get("title", "")).strip()
            target = str(entry.get("link", entry.get("url", ""))).strip()
            if not title or not target:
                warn(Warn.LINK, f"the menu item {title or target or index + 1!r} needs both "
                     "a 'title' and a 'url'; it is left out of the menu",
                     where(keys[name], index))
            elif leads_nowhere(app, env, target):
                warn(Warn.LINK, f"the menu item {title!r} links {target}, which no page of "
                     f"this site has; it leads to {live_url(app.config, target)} meanwhile. "
                     "Correct the url, or add the old address to a page's redirect_from",
                     where(keys[name], index, "url" if "url" in entry else "link"))


def menus_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: when a menu entry now leads elsewhere (its page appeared or went),
    every page shows the new menu."""
    if not is_theme(app):
        return []
    warn_about_menus_file(app, env)
    menus = resolved_menus(app, env)
    before = MENUS.of(env)
    MENUS.keep(env, menus)
    if before is not None and before != menus:
        return sorted(env.all_docs)
    return []


def links(menu: list, pathto) -> list[dict[str, str]]:
    """Menu entries as the template shows them, with links relative to the page."""
    def url(kind: str, target: str) -> str:
        if kind != "doc":
            return target
        if "." in target.rpartition("/")[2]:  # a generated file such as feed.xml
            return pathto(target, 1)
        return pathto(target)
    return [{"title": title, "url": url(kind, target), "docname": target if kind == "doc"
             else ""} for title, kind, target in menu]


def section_of(app: Sphinx, pagename: str, menu: list) -> tuple[str, str] | None:
    """The menu entry (title, docname) whose page's address the page's address starts with."""
    uri = app.builder.get_target_uri(pagename)
    best = None
    for title, kind, target in menu:
        if kind != "doc" or target in (pagename, app.config.root_doc):
            continue
        prefix = app.builder.get_target_uri(target)
        prefix = prefix.rsplit("/", 1)[0] + "/" if "/" in prefix else ""
        if prefix and uri.startswith(prefix) and (best is None or len(prefix) > best[0]):
            best = (len(prefix), title, target)
    return best[1:] if best else None


def folder_index(app: Sphinx, pagename: str) -> tuple[str, str] | None:
    """(title, docname) of the nearest folder's ``index`` page above a page the menu does
    not lead to by address: an event's section is the events index (``event/index``,
    "Events"), though the menu's "Events" may be another address."""
    parts = pagename.split("/")[:-1]
    env = app.env
    while parts:
        index = "/".join([*parts, "index"])
        if index != pagename and index in env.all_docs and index in env.titles:
            return env.titles[index].astext(), index
        parts.pop()
    return None


# -- the page's context ----------------------------------------------------------------------
def description_of(app: Sphinx, pagename: str, doctree, metatags: str,
                   site_description: str) -> str | None:
    """The meta description a page lacks: the site's on the home page, else the page's first
    paragraph (cut at a word), else the site's. None when the page already has one."""
    if 'name="description"' in metatags:
        return None
    if pagename == app.config.root_doc or doctree is None:
        return site_description
    for paragraph in doctree.findall(nodes.paragraph):
        if any(is_page_header(a) for a in ancestors(paragraph)):
            continue
        text = " ".join(paragraph.astext().split())
        if len(text) >= 40:
            if len(text) > DESCRIPTION_LENGTH:
                text = text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0] + "…"
            return text
    return site_description


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict,
                 doctree) -> None:
    """``html-page-context``: menus, breadcrumbs, description; only the files a page uses."""
    if not is_theme(app):
        return
    menus = MENUS.of(app.env) or resolved_menus(app, app.env)
    pathto = context["pathto"]
    context["csnet_menu"] = links(menus["menu"], pathto)
    context["csnet_footer_menu"] = links(menus["footer_menu"], pathto)
    context["csnet_social"] = links(menus["social"], pathto)
    context["csnet_home"] = pagename == app.config.root_doc
    context["csnet_mark_svg"] = mark_svg(app, str(context.get("theme_mark") or ""))
    context["csnet_csp"] = CSP
    context["csnet_section"] = None
    if pagename != app.config.root_doc:
        section = section_of(app, pagename, menus["menu"]) or folder_index(app, pagename)
        if section is None and context.get("parents"):
            parent = context["parents"][-1]
            context["csnet_section"] = {"title": parent["title"], "url": parent["link"]}
        elif section is not None:
            context["csnet_section"] = {"title": section[0], "url": pathto(section[1])}
    # docutils' writer adds a second viewport tag to the theme's own
    context["metatags"] = DOCUTILS_VIEWPORT.sub("", context.get("metatags", ""))
    description = description_of(app, pagename, doctree, context.get("metatags", ""),
                                 str(context.get("theme_description") or ""))
    if description:
        from html import escape

        context["metatags"] = context.get("metatags", "") + \
            f'<meta name="description" content="{escape(description)}" />\n'
    body = context.get("body", "")
    if templatename != "search.html":
        context["script_files"] = [js for js in context.get("script_files", ())
                                   if _basename(js) not in SEARCH_SCRIPTS]
    uses = {  # files of other extensions a page only needs when its body uses them
        "pygments.css": 'class="highlight' in body,
        # the plan's cards carry sphinx-design's dropdown classes but are styled by csnet.css
        "sphinx-design.min.css": _SPHINX_DESIGN.search(body) is not None,
        "design-tabs.js": "sd-tab-set" in body,
        "csnet.js": "<details" in body,
    }
    context["css_files"] = [css for css in context.get("css_files", ())
                            if uses.get(_basename(css), True)]
    context["script_files"] = [js for js in context["script_files"]
                               if uses.get(_basename(js), True)]


def mark_svg(app: Sphinx, name: str) -> str:
    """The mark's SVG, to write into the header (one request fewer on every page), or ""
    for a bitmap mark, shown with ``<img>``."""
    if not name.lower().endswith(".svg"):
        return ""
    folders = [Path(app.confdir, p) for p in app.config.html_static_path] + [THEME / "static"]
    found = next((folder / name for folder in folders if (folder / name).is_file()), None)
    return _inline_svg(found, found.stat().st_mtime_ns) if found else ""


@lru_cache(maxsize=8)
def _inline_svg(path: Path, mtime: int) -> str:
    """Read once per file version: the ``<svg>`` element, hidden from screen readers (the
    name beside it is the link's text)."""
    text = path.read_text("utf-8")
    svg = text[text.find("<svg"):] if "<svg" in text else ""
    return svg.replace("<svg", '<svg aria-hidden="true" focusable="false" class="csnet-mark"',
                       1) if svg else ""


def _basename(asset) -> str:
    name = getattr(asset, "filename", asset)
    return str(name).split("?", 1)[0].rsplit("/", 1)[-1]


# -- files -----------------------------------------------------------------------------------
def copy_files(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the fonts (from the PDF font folder, the one copy in the package)
    and ``favicon.ico`` at the site root, where browsers look for it unasked."""
    if exception or not is_theme(app):
        return
    fonts = Path(app.outdir, "_static", "fonts")
    fonts.mkdir(parents=True, exist_ok=True)
    for name in FONT_FILES:
        copy_asset_file(FONTS / name, fonts, force=True)
    copy_asset_file(THEME / "static" / "favicon.ico", app.outdir, force=True)


def configure(app: Sphinx, config) -> None:
    """``config-inited``: a site has no general index and no "¶" links on its headings."""
    if config.html_theme != "csnet":
        return
    config.html_use_index = False
    config.html_domain_indices = False
    config.html_permalinks = False  # headings are headings, not "¶" links
    # the stylesheet's @font-face rules, from the same list of files as the PDFs'
    faces = font_css(url=lambda path: f"fonts/{path.name}", display="swap")
    config.html_context = {**config.html_context, "csnet_font_faces": faces}


def no_toc_backlinks(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: a contents list (from kramdown ``{:toc}``) links to its
    headings, but the headings do not link back to it (docutils' default makes every heading
    a link to the contents box)."""
    env.settings["toc_backlinks"] = False


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.urls")
    app.add_html_theme("csnet", str(THEME))
    # the templates' _() words: Jinja reads Sphinx's own catalog, ours is its fallback
    app.add_message_catalog("sphinx", str(LOCALE_DIR))
    app.connect("config-inited", configure)
    app.connect("env-before-read-docs", no_toc_backlinks)
    app.connect("env-get-updated", menus_changed)
    app.connect("html-page-context", page_context, priority=600)
    app.connect("build-finished", copy_files)
    app.add_post_transform(pictures.SizeImages)
    # the HTML writer's <img>, with the srcset of its smaller copies
    app.add_node(nodes.image, override=True, html=(pictures.visit_image, None))
    app.add_post_transform(signup.SignupForms)
    return {"parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": state_version(MENUS)}
