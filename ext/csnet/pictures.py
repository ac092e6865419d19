"""Pictures without a description: warned about on every build, where they are.

A picture needs a text alternative for people who cannot see it (WCAG 1.1.1). The old site
had many without one (``![](...)``, ``<img src=...>``). Each gets a ``csnet.image`` warning
at its line with the fix; the page still shows it. In PDFs the picture is then marked as
decoration (an artifact), so screen readers skip it (:mod:`csnet.pdf.images`).
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from .logs import Warn, warn

#: raw HTML pictures and their attributes
IMG = re.compile(r"<img\b[^>]*>", re.I)
_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def attribute(pattern: re.Pattern, tag: str) -> str | None:
    match = pattern.search(tag)
    return None if match is None else next(g for g in match.groups() if g is not None)


def line_of(node: nodes.Node) -> int | None:
    while node is not None and not node.line:  # MyST gives some inline nodes line 0
        node = node.parent
    return node.line if node is not None else None


def no_description(where: str) -> str:
    return (f"the picture {where} has no description: add one saying what it shows, e.g. "
            "![Volunteers at Pride](picture.png) or <img alt=\"...\">; if it is only "
            "decoration, it is marked so in PDFs")


def unreadable(path: Path) -> str | None:
    """Why a picture file cannot be printed, or ``None`` when it can."""
    if not path.is_file():
        return "there is no such file"
    if path.suffix.lower() == ".svg":
        from xml.etree import ElementTree

        try:
            ElementTree.parse(path)
        except (ElementTree.ParseError, OSError):
            return "it is not a valid SVG file"
        return None
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as picture:
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return "it is not a picture file (PNG, JPEG, GIF or SVG) that can be read"
    return None


class UndescribedPictures(SphinxTransform):
    """Warn about each picture without a description (Markdown images and raw ``<img>``)."""

    default_priority = 890

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        for image in self.document.findall(nodes.image):
            if not str(image.get("alt", "")).strip():
                warn(Warn.IMAGE, no_description(image["uri"]), (docname, line_of(image)))
        for raw in self.document.findall(nodes.raw):
            if "html" not in raw.get("format", "").split():
                continue
            for tag in IMG.findall(raw.astext()):
                if not (attribute(_ALT, tag) or "").strip():
                    warn(Warn.IMAGE, no_description(attribute(_SRC, tag) or "in raw HTML"),
                         (docname, line_of(raw)))


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.pages")  # the pages' front matter and MyST
    app.add_transform(UndescribedPictures)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
