"""Pictures: raw HTML ``<img>`` made real pictures; those without a description warned about.
Raw HTML links to files (``<a href="/assets/minutes.pdf">``) made real downloads the same way.

The old site put ``<img src="/assets/...">`` inside links, figures, tables and paragraphs of
raw HTML. Sphinx passes raw HTML through untouched, so it neither copied those files into the
website nor checked them, and the page pointed at a file that was not there. Each ``<img>`` of
a file in the site becomes a picture node in place (the raw HTML around it stays as it was):
Sphinx copies and checks it like any Markdown picture, the PDF prints it (or its description,
or marks it decoration), and paths outside ``docs/`` are refused (:mod:`csnet.paths`).
Pictures on other websites stay raw HTML.

The old site linked its documents the same way, ``<a href="/assets/...pdf">``: the importer
copies the file into ``docs/``, but Sphinx publishes only files a page names as a download, so
the link led nowhere. Each such link becomes a download node around the words it holds, so
Sphinx copies the file (only files that are linked) and writes the link to it; a file outside
``docs/`` is refused and a missing one warned about by :mod:`csnet.paths`, and the words stay.

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
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from .locale import _
from .logs import Warn, warn
from .order import Reading


def stand_in(description: str) -> str:
    """The words shown where a picture cannot be: its description, marked as a picture, so
    a reader knows something is missing rather than meeting a stray sentence."""
    description = description.strip()
    if description:
        return _("[Picture: {description}]").format(description=description)
    return _("[Picture]")


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


#: the most pixels a picture may have (a 48-megapixel camera photo is 8000 x 6000): a small
#: file can hold a huge picture (875 KB of PNG for 30,000 x 30,000 pixels), which Pillow
#: refuses to decode (its decompression-bomb error stopped both builders) or decodes into
#: gigabytes of memory
MAX_PIXELS = 60_000_000


def too_large(path: str | Path) -> str | None:
    """Why a picture file has too many pixels to use, from its header alone; ``None`` for
    one that is fine or is not a picture Pillow knows (others say so)."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as picture:
                width, height = picture.size
    except Image.DecompressionBombError:
        return "it has far too many pixels to be shown (a decompression bomb)"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    if width * height > MAX_PIXELS:
        return (f"it is {width:,} x {height:,} pixels, more than anyone's screen or printer "
                f"can use (at most {MAX_PIXELS // 1_000_000} million pixels); save it smaller")
    return None


#: files a browser runs as a page of the site when opened from it (a download or picture is
#: served from the site's own address, where a script could act as the site)
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml")
_SVG_CODE = ("script", "foreignObject", "handler", "listener", "iframe", "embed", "object")


def runs_code(path: str | Path) -> str | None:
    """Why a file would run code when opened from the site: a web page, or an SVG with a
    script, an event handler or a ``javascript:`` link; ``None`` otherwise."""
    from xml.etree import ElementTree

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in PAGE_SUFFIXES:
        return ("it is a web page, which would run as a page of this site; put its words in "
                "a page of docs/ instead")
    if suffix != ".svg" or not path.is_file():
        return None
    try:
        elements = list(ElementTree.parse(path).getroot().iter())
    except (ElementTree.ParseError, OSError):
        return None  # unreadable: said where it is printed
    for element in elements:
        name = str(element.tag).rsplit("}", 1)[-1]
        if name in _SVG_CODE:
            return f"the drawing holds a <{name}>, which could run code in the reader's browser"
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1].lower()
            if local.startswith("on") or (local == "href" and re.match(
                    r"^\s*(javascript|vbscript|data):", value, re.I)):
                return (f"the drawing's {local} attribute could run code in the reader's "
                        "browser")
    return None


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

    if problem := too_large(path) or runs_code(path):
        return problem
    try:
        with Image.open(path) as picture:
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
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
    default_priority = Reading.RAW_PICTURES

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


#: raw HTML links, and the file addresses among them
_LINK = re.compile(r"(<a\b[^>]*>)(.*?)</a\s*>", re.I | re.S)
_OPENING_LINK = re.compile(r"^\s*<a\b[^>]*>\s*$", re.I)
_ANY_LINK = re.compile(r"<a\b", re.I)
_CLOSING_LINK = re.compile(r"^\s*</a\s*>\s*$", re.I)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
#: addresses of pages, or of files the build writes itself (feed.xml, events.ics): not files
_PAGE_SUFFIXES = ("", ".html", ".htm", ".md", ".xml", ".ics")
#: the class of downloads that were raw HTML links: their words stay as they were if refused
RAW_DOWNLOAD = "csnet-raw-download"


def linked_file(tag: str) -> str | None:
    """The file in the site a raw ``<a>`` links (``/assets/minutes.pdf``), or ``None`` for
    a page, an anchor, another website, an email address."""
    href = html.unescape(attribute(_HREF, tag) or "").strip()
    if not href or href.startswith(("#", "//")) or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", href):
        return None
    path = urllib.parse.unquote(href.split("?", 1)[0].split("#", 1)[0])
    suffix = path.rpartition("/")[2].rpartition(".")
    return None if not suffix[1] or f".{suffix[2].lower()}" in _PAGE_SUFFIXES else path


def download_of(path: str, docname: str, raw: nodes.raw, line: int | None,
                words: list[nodes.Node]) -> addnodes.download_reference:
    """A download of ``path`` holding the link's ``words``, as ``{download}`` makes one."""
    node = addnodes.download_reference("", "", *words, reftarget=path, refdoc=docname,
                                       refdomain="", reftype="download", refexplicit=True,
                                       refwarn=False, classes=[RAW_DOWNLOAD])
    node.source, node.line = raw.source, line
    return node


class RawFileLinks(SphinxTransform):
    """Raw HTML links to files in the site become downloads, where they stand: a whole link
    in an HTML block, or the opening and closing tags MyST gives a link inside a sentence."""

    default_priority = Reading.RAW_FILE_LINKS

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        for raw in list(self.document.findall(nodes.raw)):
            if "html" not in raw.get("format", "").split() or "<a" not in raw.astext().lower():
                continue
            if _OPENING_LINK.match(raw.astext()):
                self.sentence_link(raw, docname)
                continue
            text, parts, last = raw.astext(), [], 0
            for match in _LINK.finditer(text):
                path = linked_file(match.group(1))
                if path is None or _ANY_LINK.search(match.group(2)):
                    continue
                line = line_of(raw)
                if line is not None and raw.line:
                    line += text.count("\n", 0, match.start())
                words = [piece for piece in [_raw_like(raw, match.group(2))] if piece]
                parts += [_raw_like(raw, text[last:match.start()]),
                          download_of(path, docname, raw, line, words)]
                last = match.end()
            if parts:
                raw.replace_self([part for part in (*parts, _raw_like(raw, text[last:]))
                                  if part is not None])

    def sentence_link(self, opening: nodes.raw, docname: str) -> None:
        """``<a href=...>``, the words, ``</a>``: siblings in a paragraph become one download."""
        path = linked_file(opening.astext())
        parent = opening.parent
        if path is None or parent is None:
            return
        start = parent.index(opening)
        for end in range(start + 1, len(parent)):
            sibling = parent[end]
            if not isinstance(sibling, nodes.raw):
                continue
            if _CLOSING_LINK.match(sibling.astext()):
                words = list(parent[start + 1:end])
                for word in words:
                    parent.remove(word)
                parent.remove(sibling)
                opening.replace_self(download_of(path, docname, opening, line_of(opening),
                                                 words))
                return
            if _ANY_LINK.search(sibling.astext()):
                return  # a link inside the link: left as it was


class UndescribedPictures(SphinxTransform):
    """Warn about each picture without a description (Markdown images and raw ``<img>``)."""

    default_priority = Reading.UNDESCRIBED_PICTURES

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
    app.add_transform(RawFileLinks)
    app.add_transform(RawPictures)
    app.add_transform(UndescribedPictures)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
