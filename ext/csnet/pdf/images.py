"""Pictures in a PDF: no picture problem stops a publication.

A picture that cannot be read, a picture on another website (the build is offline and must be
reproducible) or one without a description each give a ``csnet.image`` warning with the page and
line, and the PDF is still written: an unreadable picture is replaced by its description, a
remote one by a link to it, and one without a description is drawn as a CSS background, which
WeasyPrint marks as an artifact in the tagged PDF, so screen readers skip it as decoration.
``-W`` still makes these warnings fatal. Raw HTML ``<img>`` get the same treatment; their
``/assets/...`` paths are read from ``docs/``, not from the root of the file system.
"""

from __future__ import annotations

import html
import urllib.parse
from pathlib import Path

from docutils import nodes

from ..locale import _
from ..logs import Warn, warn
from ..pictures import (
    _ALT,
    _SRC,
    IMG,
    RAW_PICTURE,
    attribute,
    line_of,
    no_description,
    unreadable,
)


def decorative(uri: str, path: Path, inline: bool = False) -> str:
    """A picture as decoration: a box the picture's size with it as its background (in the
    line of text, for a picture in a sentence)."""
    width, height = _size(path)
    box = f"width:{width}px;height:{height}px" if width else "width:100%;height:12em"
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
        text = f"[Picture: {alt}]" if alt else "[Picture]"
        image.replace_self(nodes.inline("", text, classes=["csnet-pdf-missing-image"]))
        return False
    if not alt:
        warn(Warn.IMAGE, no_description(str(image.get("uri"))) + " (in the PDF: decoration)",
             where)
        inline = isinstance(image.parent, nodes.TextElement) or RAW_PICTURE in image["classes"]
        picture = nodes.raw("", decorative(path.as_uri(), path, inline), format="html")
        image.replace_self(picture)
        picture["classes"] = []  # replace_self gave it the image's: a <div> around it
        return False
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
            return html.escape(f"[Picture: {alt}]" if alt else "[Picture]")
        if not alt:
            warn(Warn.IMAGE, no_description(src) + " (in the PDF: decoration)", where)
            return decorative(path.as_uri(), path)
        return _SRC.sub(f'src="{html.escape(path.as_uri())}"', tag, count=1)

    text = raw.astext()
    new = IMG.sub(fix, text)
    if new != text:
        raw.replace_self(nodes.raw("", new, format=raw["format"]))
