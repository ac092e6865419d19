"""Pictures, downloads and links in a page's doctree that point outside ``docs/``, at no
file, or at a file that may not be published: replaced by their words before Sphinx collects
them, and the page re-read when a missing file appears."""

from __future__ import annotations

import os
import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform

from ..addresses import is_web_address
from ..logs import Warn, warn
from ..order import Reading
from ..pictures import RAW_DOWNLOAD, runs_code, stand_in, too_large
from ..site import site
from .checks import NO_FILE, file_problem, mailto_problem, script_scheme

_DATA_IMAGE = re.compile(r"^data:image/(png|gif|jpeg|webp);", re.I)


class RefuseOutsideFiles(SphinxTransform):
    """Before Sphinx collects images and downloads: nothing outside ``docs/`` is copied."""

    # after the transforms that add images (csnet.news: 510), before Sphinx's
    # DoctreeReadEvent (880), whose doctree-read runs the image and download collectors
    default_priority = Reading.OUTSIDE_FILES

    def apply(self, **kwargs: Any) -> None:
        self.pictures()
        self.downloads()
        self.links()

    def pictures(self) -> None:
        """Every picture (Markdown, ``{image}``, ``{figure}``, ``<img>``, a card's)."""
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

    def downloads(self) -> None:
        """Every ``{download}`` and raw HTML link to a file."""
        docname = self.env.docname
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

    def links(self) -> None:
        """A link to a ``javascript:``, ``vbscript:`` or ``data:`` address, or an email link
        that writes to more people than it shows: its words (or picture) stay."""
        docname = self.env.docname
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

def reread_when_files_appear(app: Sphinx, env: BuildEnvironment, added: set[str],
                             changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: the pages waiting for a picture or download that is now there
    (one ``stat`` per missing file, instead of re-reading those pages on every build)."""
    return [docname for docname, files in site(env).awaited().items()
            if docname in env.all_docs
            and any(os.path.isfile(os.path.join(env.srcdir, file)) for file in files)]
