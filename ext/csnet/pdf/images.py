"""Pictures in a PDF: no picture problem stops a publication.

A picture that cannot be read, a picture on another website (the build is offline and must be
reproducible) or one without a description each give a ``csnet.image`` warning with the page and
line, and the PDF is still written: an unreadable picture is replaced by its description, a
remote one by a link to it, and one without a description is drawn as a CSS background, which
WeasyPrint marks as an artifact in the tagged PDF, so screen readers skip it as decoration.
``-W`` still makes these warnings fatal. Raw HTML ``<img>`` get the same treatment; their
``/assets/...`` paths are read from ``docs/``, not from the root of the file system.

WeasyPrint lays out by CSS alone: it ignores the HTML ``width`` and ``height`` attributes the
old site's ``<img width="200">`` used, so a small picture printed at its file's size, or the
page's width. A picture's size in pixels is given to the PDF as CSS (``width: 200px``), as
a browser reads the attributes.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from pathlib import Path

from docutils import nodes

from ..locale import _
from ..logs import Warn, warn
from ..pictures import (
    _ALT,
    _SIZE,
    _SRC,
    IMG,
    RAW_PICTURE,
    attribute,
    line_of,
    no_description,
    stand_in,
    unreadable,
)

_PIXELS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$", re.I)


def pixels(value) -> float | None:
    """``200``, ``"200"`` or ``"200px"`` -> 200.0; None for other units (``50%``, ``3em``)."""
    match = _PIXELS.match(str(value)) if value not in (None, "") else None
    return float(match.group(1)) if match else None


def css_size(width, height) -> str:
    """The CSS of a picture's size in pixels: its width (the height follows its shape, so a
    picture narrowed to the page is not stretched), else its height; ``""`` for none."""
    width, height = pixels(width), pixels(height)
    return f"width:{width:g}px" if width else f"height:{height:g}px" if height else ""


def size_as_css(image: nodes.image) -> None:
    """A size in pixels given to the writer with its unit, which it then writes in the
    ``style`` attribute (WeasyPrint reads that; it ignores ``width="200"``)."""
    style = css_size(image.get("width"), image.get("height"))
    for name in ("width", "height"):
        image.attributes.pop(name, None)
    if style:
        name, value = style.split(":")
        image[name] = value


def decorative(uri: str, path: Path, inline: bool = False,
               size: tuple[float | None, float | None] = (None, None)) -> str:
    """A picture as decoration: a box the picture's size (the page's, else the file's) with it
    as its background (in the line of text, for a picture in a sentence)."""
    width, height = _size(path)
    if size[0] or size[1]:  # the page's size; the other side follows the picture's shape
        ratio = height / width if width and height else None
        width = size[0] or (size[1] / ratio if ratio else None)
        height = size[1] or (size[0] * ratio if ratio else None)
    box = (f"width:{width:g}px;height:{height:g}px" if width and height
           else f"width:{width:g}px;height:12em" if width else "width:100%;height:12em")
    style = (f"display:{'inline-block' if inline else 'block'};{box};max-width:100%;"
             f"background:url('{uri}') no-repeat center/contain")
    return f'<span class="csnet-pdf-decorative" style="{html.escape(style)}"></span>'


def _size(path: Path) -> tuple[int | None, int | None]:
    if path.suffix.lower() == ".svg":
        return None, None
    from PIL import Image

    with Image.open(path) as picture:
        return picture.size


def place(image: nodes.image, path: Path, where: tuple[str, int | None]) -> bool:
    """Check a local picture; ``False`` when it was replaced (unreadable or decorative)."""
    problem = unreadable(path)
    alt = str(image.get("alt", "")).strip()
    if problem:
        warn(Warn.IMAGE, f"the picture {image.get('uri')} cannot be printed ({problem}); the "
             "PDF shows its description instead. Check the file name, or replace the file",
             where)
        image.replace_self(nodes.inline("", stand_in(alt), classes=["csnet-pdf-missing-image"]))
        return False
    if not alt:
        warn(Warn.IMAGE, no_description(str(image.get("uri"))) + " (in the PDF: decoration)",
             where)
        inline = isinstance(image.parent, nodes.TextElement) or RAW_PICTURE in image["classes"]
        size = (pixels(image.get("width")), pixels(image.get("height")))
        picture = nodes.raw("", decorative(path.as_uri(), path, inline, size), format="html")
        image.replace_self(picture)
        picture["classes"] = []  # replace_self gave it the image's: a <div> around it
        return False
    size_as_css(image)
    return True


def remote(image: nodes.image, where: tuple[str, int | None]) -> None:
    """A picture on another website: a link to it (the PDF never depends on the network)."""
    uri = image["uri"]
    warn(Warn.IMAGE, f"the picture {uri} is on another website, so the PDF links to it "
         "instead of showing it; to print it, save it in docs/assets/ and use that path",
         where)
    text = str(image.get("alt", "")).strip() or "Picture"
    image.replace_self(nodes.inline("", "", nodes.reference("", f"{text} (picture)",
                                                            refuri=uri),
                                    classes=["csnet-pdf-remote-image"]))


def raw_images(raw: nodes.raw, srcdir: Path, docname: str, docdir: Path) -> None:
    """``<img>`` in raw HTML: site paths read from ``docs/``, and the same checks."""
    where = (docname, line_of(raw))

    def fix(match) -> str:
        tag = match.group(0)
        src = attribute(_SRC, tag) or ""
        alt = (attribute(_ALT, tag) or "").strip()
        if "://" in src and not src.startswith("file:"):
            warn(Warn.IMAGE, f"the picture {src} is on another website, so the PDF links to "
                 "it instead of showing it", where)
            text = _("{description} (picture)").format(description=alt or _("Picture"))
            return f'<a href="{html.escape(src)}">{html.escape(text)}</a>'
        if src.startswith("data:"):
            return tag
        relative = urllib.parse.unquote(src.split("?")[0].split("#")[0])
        path = (srcdir / relative.lstrip("/")) if relative.startswith("/") else docdir / relative
        path = path.resolve()
        if not path.is_relative_to(srcdir.resolve()):
            problem = "it is outside the docs folder"
        else:
            problem = unreadable(path)
        if problem:
            warn(Warn.IMAGE, f"the picture {src} cannot be printed ({problem}); the PDF shows "
                 "its description instead", where)
            return html.escape(stand_in(alt))
        size = tuple(attribute(_SIZE[name], tag) for name in ("width", "height"))
        if not alt:
            warn(Warn.IMAGE, no_description(src) + " (in the PDF: decoration)", where)
            return decorative(path.as_uri(), path, size=(pixels(size[0]), pixels(size[1])))
        style = css_size(*size)
        if style and not re.search(r"\bstyle\s*=", tag, re.I):  # the tag's own style wins
            tag = re.sub(r"^<img\b", f'<img style="{style}"', tag, count=1, flags=re.I)
        return _SRC.sub(f'src="{html.escape(path.as_uri())}"', tag, count=1)

    text = raw.astext()
    new = IMG.sub(fix, text)
    if new != text:
        raw.replace_self(nodes.raw("", new, format=raw["format"]))
