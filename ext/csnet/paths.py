"""No path in content reaches outside the site's folder (``docs/``).

Sphinx copies whatever file a body image or download names into the output
(reference/developer.md#trap-paths-outside:
``![x](../../../../etc/passwd)`` put the server's ``/etc/passwd`` into ``_images/``), and
docutils' ``include``, ``literalinclude``, ``raw`` and ``csv-table`` read any file they are
given. So every way a page names a file is checked where Sphinx allows it, against the real
file (symbolic links followed), before anything is read or copied:

- images, figures and downloads (Markdown, ``{image}``, ``{figure}``, ``{download}``,
  HTML ``<img>``, sphinx-design card images, a news post's front-matter ``image``): a
  transform that runs before Sphinx's image and download collectors (``doctree-read``)
  replaces a node that points outside with its text (the caption, description or link text);
- ``{include}`` in Markdown: MyST reads the file itself, so the ``include-read`` event
  empties it;
- ``include`` (also in ``{eval-rst}``, where ``:literal:`` and ``:code:`` read the file
  without that event: reference/developer.md#trap-paths-outside), ``{literalinclude}`` (and its
  ``:diff:``), ``{raw}``
  and ``{csv-table}`` with ``:file:``: the directives check the path before reading; their
  ``:url:`` option (fetching from the network while building) is refused;
- a page that is a symbolic link to a file outside ``docs/`` is left out of the build;
- a picture or download whose file is not there is a ``csnet.image`` warning and its words
  stay; the page is re-read when the file appears, not on every build (Sphinx re-reads a
  page with a missing file on every build, for ever:
  reference/developer.md#trap-endless-rereads).

Each refusal is a ``csnet.path`` warning naming the line. Links with ``javascript:``,
``vbscript:`` or ``data:`` addresses (an ``{image}`` ``:target:``, a reference) become
their text, with the same warning.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from docutils import nodes
from docutils.parsers.rst.directives.misc import Raw, adapt_path
from docutils.parsers.rst.directives.tables import CSVTable
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from .addresses import SCHEME, is_web_address
from .leftout import EVENT, left_out
from .logs import Warn, warn
from .order import Reading
from .pictures import RAW_DOWNLOAD, runs_code, stand_in, too_large
from .site import register_directives, site

_SCRIPT_SCHEMES = ("javascript", "vbscript", "data")
_DATA_IMAGE = re.compile(r"^data:image/(png|gif|jpeg|webp);", re.I)
_INCLUDE_LINE = re.compile(r"^\s*(?:`{3,}|~{3,}|:{3,})\s*\{include\}\s*(?P<arg>.+?)\s*$"
                           r"|^\s*\.\.\s+include::\s*(?P<rst>.+?)\s*$")
NO_FILE = "names no file, only a folder: give the file's name after the folder"
OUTSIDE = ("is outside the site's folder (docs/); only files inside it can be used. Copy "
           "the file into docs/ and give its path from there")


def is_inside(path: str | Path, srcdir: str | Path) -> bool:
    """Whether ``path``, with every symbolic link followed, is inside ``srcdir``."""
    return Path(path).resolve().is_relative_to(Path(srcdir).resolve())


def script_scheme(uri: str) -> str | None:
    """``javascript``, ``vbscript`` or ``data`` when ``uri`` would run or embed code."""
    match = SCHEME.match("".join(uri.split()))  # browsers ignore spaces in "java script:"
    scheme = match.group(1).lower() if match else None
    return scheme if scheme in _SCRIPT_SCHEMES else None


def mailto_problem(uri: str) -> str | None:
    """Why a ``mailto:`` link would write to more people than it shows (``?cc=``, ``bcc``,
    ``to``). A ``subject`` and a ``body`` are fine: the reader sees them before sending, and
    the old site's email groups are joined with a prepared "SUBSCRIBE" message."""
    if not uri.lower().startswith("mailto:"):
        return None
    fields = {name.lower() for name, _ in parse_qsl(urlsplit(uri).query,
                                                     keep_blank_values=True)}
    added = sorted(fields & {"cc", "bcc", "to"})
    return (f"is an email link that also sets {', '.join(added)}: it would write to other "
            "people than it shows") if added else None


def file_problem(env: BuildEnvironment, uri: str, docname: str | None = None) -> str | None:
    """Why the file a page names (as Sphinx resolves it) may not be used, or ``None``."""
    if is_web_address(uri):
        scheme = script_scheme(uri)
        return f"is a {scheme}: address, which could run code in the reader's browser" \
            if scheme else None
    try:
        absolute = env.relfn2path(uri, docname)[1]
    except (OSError, ValueError) as error:  # a NUL byte, a name too long
        return f"cannot be a file name ({error})"
    return None if is_inside(absolute, env.srcdir) else OUTSIDE


def front_image(app: Sphinx, info) -> None:
    """``csnet-page-read``: a front-matter ``image`` is a web address, a path on the live
    site (``/images/x.png``) or a file inside ``docs/``; anything else is dropped here,
    so no page, list, share card or feed uses it."""
    value = info.get("image")
    if value in (None, ""):
        return
    uri = str(value).strip()
    problem = None
    if is_web_address(uri):
        if not re.match(r"^(https?:)?//", uri, re.I):
            problem = "must be a web address starting with https:// or a path to a picture"
    elif uri.startswith("/"):
        if any(part == ".." for part in uri.split("/")):
            problem = "must not contain '..': it would point outside the website"
        else:  # a picture in docs/ at that path (the importer copies them): this site's own
            info.image_local = Path(app.env.relfn2path(uri)[1]).is_file()
    else:
        problem = file_problem(app.env, uri, info.docname)
        # a post shows its picture (and prints it in the news PDF): the file must be there;
        # other pages only name it in their share card, as an address beside the page
        if not problem and info.layout == "news" and not Path(
                app.env.relfn2path(uri, info.docname)[1]).is_file():
            problem = ("is not a file in docs/; give the path of the picture from this page's "
                       "folder, or a web address starting with https://")
    if problem:
        warn(Warn.PATH, f"image {uri!r} {problem}; it is left out",
             (info.docname, info.front.line("image")))
        info.image = ""
    else:
        info.image = uri


def page_image(info) -> str:
    """The page's checked front-matter ``image`` (``""`` when it has none or was refused)."""
    return info.image if info is not None else ""


class RefuseOutsideFiles(SphinxTransform):
    """Before Sphinx collects images and downloads: nothing outside ``docs/`` is copied."""

    # after the transforms that add images (csnet.news: 510), before Sphinx's
    # DoctreeReadEvent (880), whose doctree-read runs the image and download collectors
    default_priority = Reading.OUTSIDE_FILES

    def apply(self, **kwargs: Any) -> None:
        docname = self.env.docname
        for node in list(self.document.findall(nodes.image)):
            if _DATA_IMAGE.match(node.get("uri", "")):
                continue  # a picture written into the page: no file, no script
            problem = file_problem(self.env, node.get("uri", ""), docname)
            if problem:
                self.refuse(node, f"the picture {node['uri']!r} {problem}",
                            node.get("alt", ""))
            elif self.names_a_folder(node.get("uri", "")):
                self.refuse(node, f"the picture {node['uri']!r} {NO_FILE}, for example "
                            "![Volunteers at Pride](pride.jpg), or remove it",
                            stand_in(node.get("alt", "")), Warn.IMAGE)
            elif missing := self.missing(node.get("uri", "")):
                self.refuse(node, f"the picture {node['uri']!r} is not there: no file "
                            f"docs/{missing}. Upload it there, or correct the name",
                            stand_in(node.get("alt", "")), Warn.IMAGE)
            elif unusable := self.unusable(node.get("uri", "")):
                self.refuse(node, f"the picture {node['uri']!r} cannot be shown: {unusable}",
                            stand_in(node.get("alt", "")), Warn.IMAGE)
        for node in list(self.document.findall(addnodes.download_reference)):
            problem = file_problem(self.env, node.get("reftarget", ""), docname)
            if problem:
                self.refuse(node, f"the download {node['reftarget']!r} {problem}",
                            node.astext())
            elif self.names_a_folder(node.get("reftarget", "")):
                self.refuse(node, f"the download {node['reftarget']!r} {NO_FILE}, or remove "
                            "the link", node.astext(), Warn.IMAGE)
            elif missing := self.missing(node.get("reftarget", "")):
                self.refuse(node, f"the download {node['reftarget']!r} is not there: no "
                            f"file docs/{missing}. Upload it there, or correct the name",
                            node.astext(), Warn.IMAGE)
            elif code := self.unusable(node.get("reftarget", ""), pixels=False):
                self.refuse(node, f"the download {node['reftarget']!r} cannot be offered: "
                            f"{code}", node.astext())
        for node in list(self.document.findall(nodes.reference)):
            scheme = script_scheme(node.get("refuri", ""))
            problem = f"is a {scheme}: address, which could run code in the reader's " \
                "browser" if scheme else mailto_problem(node.get("refuri", ""))
            if problem:  # the link goes, what it holds (its words, a picture) stays
                warn(Warn.PATH, f"the link {node['refuri']!r} {problem}; it is left out",
                     _located(node, docname))
                node.replace_self(node.children or nodes.Text(""))

    def names_a_folder(self, uri: str) -> bool:
        """An empty path (``![]()``) or a folder: Sphinx would note the folder as a file the
        page depends on, find it is no file, and re-read the page on every build."""
        if is_web_address(uri) or "*" in uri:
            return False
        return not uri.strip() or os.path.isdir(self.env.relfn2path(uri, self.env.docname)[1])

    def missing(self, uri: str) -> str | None:
        """The path in ``docs/`` of a file ``uri`` names that is not there, noted so the
        page is re-read once it is; ``None`` for a file that is there, a web address, a
        picture in the page, or a name Sphinx completes itself (``photo.*``)."""
        if not uri or is_web_address(uri) or "*" in uri:
            return None
        relative, absolute = self.env.relfn2path(uri, self.env.docname)
        if os.path.isfile(absolute):
            return None
        site(self.env).awaits(self.env.docname, relative)
        return relative

    def unusable(self, uri: str, pixels: bool = True) -> str | None:
        """Why a file in ``docs/`` may not be published: a page or drawing that would run
        code on the site's address, or a picture with too many pixels (judged from its
        header: no picture is decoded for it)."""
        if not uri or is_web_address(uri) or "*" in uri:
            return None
        path = self.env.relfn2path(uri, self.env.docname)[1]
        return runs_code(path) or (too_large(path) if pixels else None)

    def refuse(self, node: nodes.Element, message: str, text: str,
               kind: Warn = Warn.PATH) -> None:
        """Warn, and put the node's words (its description, caption, link text) in its
        place: nothing is lost that could be shown."""
        warn(kind, f"{message}; it is left out", _located(node, self.env.docname))
        if RAW_DOWNLOAD in node.get("classes", ()):  # a raw HTML link: its words as written
            node.parent.replace(node, list(node.children) or [nodes.Text("")])
            return
        if isinstance(node, nodes.image) and isinstance(node.parent, nodes.figure):
            node = node.parent
            text = node.astext() or text  # the visible caption, else the description
        if not text:
            node.parent.remove(node)
        elif isinstance(node.parent, nodes.TextElement):
            node.replace_self(nodes.inline("", text, classes=["csnet-refused"]))
        else:
            node.replace_self(nodes.paragraph("", text, classes=["csnet-refused"]))


def _located(node: nodes.Node, docname: str):
    """A node's line, or the nearest ancestor's (MyST puts lines on blocks, not inlines)."""
    while node is not None and not node.line:  # None, or 0 on some MyST inlines
        node = node.parent
    return (docname, node.line) if node is not None else docname


def empty_outside_include(app: Sphinx, relative_path: Path, parent_docname: str,
                          content: list[str]) -> None:
    """``include-read``: the text of a file outside ``docs/`` is never used."""
    if is_inside(Path(app.srcdir, relative_path), app.srcdir):
        return
    docname = app.env.docname or parent_docname
    warn(Warn.PATH, f"the included file {relative_path.as_posix()!r} {OUTSIDE}; it is left "
         "out", (docname, _include_line(app.env, docname, Path(app.srcdir, relative_path))))
    content[0] = ""


def _include_line(env: BuildEnvironment, docname: str, target: Path) -> int | None:
    """The line of the ``{include}`` that names ``target`` (the event does not say)."""
    try:
        lines = Path(env.doc2path(docname)).read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return None
    wanted = target.resolve()
    for number, line in enumerate(lines, 1):
        match = _INCLUDE_LINE.match(line)
        if match:
            argument = match.group("arg") or match.group("rst")
            try:
                if Path(env.relfn2path(argument, docname)[1]) == wanted:
                    return number
            except (OSError, ValueError):
                continue
    return None


class CheckedFileOption(SphinxDirective):
    """Mixin for directives that read the file in ``:file:`` or fetch ``:url:``."""

    def refused(self) -> str | None:
        if "url" in self.options:
            return (f"'{self.name}' with ':url:' fetches from the network while the site is "
                    "built; save the file in docs/ and use ':file:' instead")
        if "file" in self.options:
            path = adapt_path(self.options["file"], self.state.document.current_source,
                              getattr(self.state.document.settings, "root_prefix", ""))
            if not is_inside(Path(self.env.srcdir, path), self.env.srcdir):
                return f"the file {self.options['file']!r} {OUTSIDE}"
        return None

    def run(self) -> list[nodes.Node]:
        problem = self.refused()
        if problem:
            warn(Warn.PATH, f"{problem}; it is left out", self.get_location())
            return []
        return super().run()


class CheckedRaw(CheckedFileOption, Raw):
    pass


class CheckedCSVTable(CheckedFileOption, CSVTable):
    pass


class CheckedArgument(CheckedFileOption):
    """Mixin for directives that read the file named in their argument."""

    def refused(self) -> str | None:
        named = [self.arguments[0]] + ([self.options["diff"]] if "diff" in self.options else [])
        for name in named:
            if name.startswith("<") and name.endswith(">"):
                continue  # docutils' own bundled files (``<isonum.txt>``)
            try:
                absolute = self.env.relfn2path(name)[1]
            except (OSError, ValueError) as error:
                return f"the file {name!r} cannot be a file name ({error})"
            if not is_inside(absolute, self.env.srcdir):
                return f"the file {name!r} {OUTSIDE}"
        return super().refused()


class CheckedLiteralInclude(CheckedArgument, LiteralInclude):
    pass


class CheckedInclude(CheckedArgument, Include):
    """``include`` with ``:literal:`` or ``:code:`` reads the file without the
    ``include-read`` event (reference/developer.md#trap-paths-outside): the path is checked before
    it is read."""


def find_outside_pages(app: Sphinx, files: list[str]) -> tuple[str, list[str]]:
    """``csnet-leave-out``: a page that is a symbolic link to a file outside ``docs/``
    (Sphinx follows links when it looks for pages) is not part of the build.

    Runs on every build, so it looks for links (one ``lstat`` per file and per folder)
    and resolves only the paths that have one: resolving all of them took 0.1-0.2 s of
    every preview rebuild at 1,000 pages."""
    srcdir = str(app.srcdir)
    folders: dict[str, bool] = {srcdir: False}  # folder -> a link on the way from srcdir

    def through_link(folder: str) -> bool:
        if folder not in folders:
            parent = os.path.dirname(folder)
            folders[folder] = os.path.islink(folder) or folder == parent \
                or through_link(parent)
        return folders[folder]

    outside = []
    for file in files:  # strings: a Path per folder and file cost more
        path = os.path.join(srcdir, file)
        if (os.path.islink(path) or through_link(os.path.dirname(path))) \
                and not is_inside(path, srcdir):
            outside.append(file)
    return "outside", outside


def report_outside_pages(app: Sphinx, env: BuildEnvironment, added: set[str],
                         changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: each page left out as a link outside ``docs/``, every build."""
    for file in left_out(env, "outside"):
        path = Path(app.srcdir, file)
        warn(Warn.PATH, f"this page is a link to {path.resolve()}, which {OUTSIDE}; "
             "the page is left out", f"{path}:")
    return []


def reread_when_files_appear(app: Sphinx, env: BuildEnvironment, added: set[str],
                             changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: the pages waiting for a picture or download that is now there
    (one ``stat`` per missing file, instead of re-reading those pages on every build)."""
    return [docname for docname, files in site(env).awaited().items()
            if docname in env.all_docs
            and any(os.path.isfile(os.path.join(env.srcdir, file)) for file in files)]


#: Sphinx's directives this module replaces with checked ones (same options)
DIRECTIVES = {
    "raw": CheckedRaw,
    "csv-table": CheckedCSVTable,
    "literalinclude": CheckedLiteralInclude,
    "include": CheckedInclude,
}


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.pages")  # the csnet-page-read event
    app.connect("csnet-page-read", front_image)
    app.connect("include-read", empty_outside_include)
    app.setup_extension("csnet.leftout")
    app.connect(EVENT, find_outside_pages)
    app.connect("env-get-outdated", report_outside_pages)
    app.connect("env-get-outdated", reread_when_files_appear)
    app.add_transform(RefuseOutsideFiles)
    register_directives(app, DIRECTIVES, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
