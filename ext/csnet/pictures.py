"""Pictures: raw HTML ``<img>`` made real pictures; those without a description warned about.

The old site put ``<img src="/assets/...">`` inside links, figures, tables and paragraphs of
raw HTML. Sphinx passes raw HTML through untouched, so it neither copied those files into the
website nor checked them, and the page pointed at a file that was not there. Each ``<img>`` of
a file in the site becomes a picture node in place (the raw HTML around it stays as it was):
Sphinx copies and checks it like any Markdown picture, the PDF prints it (or its description,
or marks it decoration), and paths outside ``docs/`` are refused (:mod:`csnet.paths`).
Pictures on other websites stay raw HTML.

Pictures without a description are warned about on every build, where they are.

A picture needs a text alternative for people who cannot see it (WCAG 1.1.1). The old site
had many without one (``![](...)``, ``<img src=...>``). Each gets a ``csnet.image`` warning
at its line with the fix; the page still shows it. In PDFs the picture is then marked as
decoration (an artifact), so screen readers skip it (:mod:`csnet.pdf.images`).
"""

from __future__ import annotations

import html
import re
import urllib.parse
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from .logs import Warn, warn

#: raw HTML pictures and their attributes
IMG = re.compile(r"<img\b[^>]*>", re.I)
_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_SIZE = {name: re.compile(rf"""\b{name}\s*=\s*["']?(\d+(?:px|%)?)["']?""", re.I)
         for name in ("width", "height")}
#: the class of pictures that were raw ``<img>``: in the line of text, as HTML draws them
RAW_PICTURE = "csnet-raw-picture"
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


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


def picture_of(tag: str, raw: nodes.raw, line: int | None) -> nodes.image | None:
    """The picture node for a raw ``<img>`` of a file in the site, or ``None`` (a picture
    on another website, embedded data, no ``src``)."""
    src = html.unescape(attribute(_SRC, tag) or "").strip()
    if not src or src.startswith("//") or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", src):
        return None
    uri = urllib.parse.unquote(src.split("?", 1)[0].split("#", 1)[0])
    image = nodes.image(uri=uri, alt=html.unescape(attribute(_ALT, tag) or ""))
    for name, pattern in _SIZE.items():
        size = pattern.search(tag)
        if size:
            image[name] = size.group(1)
    classes = html.unescape(attribute(_CLASS, tag) or "").split()
    # the HTML around it may be a link already: Sphinx must not wrap it in another
    image["classes"] = [c for c in classes if re.fullmatch(r"[\w-]+", c)] + [
        "no-scaled-link", RAW_PICTURE]
    image.source, image.line = raw.source, line
    return image


def _raw_like(raw: nodes.raw, text: str) -> nodes.raw | None:
    """A piece of ``raw``, where it was (so warnings about it keep the line)."""
    if not text:
        return None
    piece = nodes.raw("", text, format=raw["format"])
    piece.source, piece.line = raw.source, raw.line
    return piece


class RawPictures(SphinxTransform):
    """Raw HTML ``<img>`` of files in the site become picture nodes, where they stand."""

    # before csnet.paths refuses files outside docs/ (870) and Sphinx collects images (880)
    default_priority = 860

    def apply(self, **kwargs) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            if "html" not in raw.get("format", "").split() or "<img" not in raw.astext().lower():
                continue
            text, parts, last = raw.astext(), [], 0
            for match in IMG.finditer(text):
                line = line_of(raw)
                if line is not None and raw.line:  # a block: the line of the tag in it
                    line += text.count("\n", 0, match.start())
                image = picture_of(match.group(0), raw, line)
                if image is None:
                    continue
                parts += [_raw_like(raw, text[last:match.start()]), image]
                last = match.end()
            if parts:
                raw.replace_self([part for part in (*parts, _raw_like(raw, text[last:]))
                                  if part is not None])


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
    app.add_transform(RawPictures)
    app.add_transform(UndescribedPictures)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
