"""Pictures that cost readers what their screen needs: sizes, lazy loading, smaller copies.

Every picture the build can measure gets its ``width`` and ``height`` (no layout shift when it
loads) and all but a page's first load lazily (the first may be above the fold). A local
PNG, JPEG or WebP wider than a phone also gets smaller copies in ``_images/`` and a ``srcset``
with ``sizes`` for the column it sits in, so a phone loads a 640 px copy of a 3,000 px photo.

The copies are named after the picture's content (``photo-640w-<digest>.jpg``): a rebuild finds
them already written and encodes nothing again, an edited picture gets new names, and two
worker processes writing the same copy write the same bytes (each through a temporary file,
moved into place whole). Each copy is encoded once into a cache kept outside the build
(:func:`cache_folder`) and linked or copied from there, so a clean build, a fresh checkout
or the deploy (which restores the cache) encodes none again. Only pictures Sphinx itself
copies from ``docs/`` get copies: remote pictures stay as they are, and nothing outside
``docs/`` is read (csnet.paths refuses it first).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import posixpath
import shutil
import tempfile
import urllib.parse
from functools import lru_cache
from html import escape
from pathlib import Path

from docutils import nodes
from PIL import Image, UnidentifiedImageError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.images import get_image_size

from ..order import Writing
from ..outputs import is_website
from ..pictures import too_large

#: the copies' widths, where smaller than the picture (phones, their 2x screens, laptops)
WIDTHS = (320, 640, 960, 1280, 1920)
#: encoders the copies are written with, by file suffix (the original's format is kept)
FORMATS = {".png": ("PNG", {"optimize": True}),
           ".jpg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
           ".jpeg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
           ".webp": ("WEBP", {"quality": 80, "method": 6})}
ENCODING = b"csnet-pictures-1"  # part of every digest: change it when FORMATS change
#: the width a picture is shown at, by its class (the theme's stylesheet), else the column's
SIZES = {  # (the first class a picture has, in this order)
    "csnet-team-thumb": "8.5rem",
    "csnet-item-image": "(min-width: 40rem) 14rem, (max-width: 26.5rem) calc(100vw - 2.5rem), "
                        "24rem",
    "csnet-team-photo": "12rem",
}
COLUMN = "(max-width: 48.5rem) calc(100vw - 2.5rem), 46rem"
HOME_COLUMN = "(max-width: 72rem) calc(100vw - 2.5rem), 69.5rem"


class SizeImages(SphinxPostTransform):
    """Width and height on every picture this build can measure, lazy loading for all but a
    page's first, and for those with no size of the author's, the column they are shown in
    (``csnet-sizes``, for :func:`visit_image`)."""

    default_priority = Writing.PICTURE_SIZES
    formats = ("html",)

    def run(self, **kwargs) -> None:
        home = self.env.docname == self.config.root_doc
        for index, image in enumerate(self.document.findall(nodes.image)):
            if index and "loading" not in image:
                image["loading"] = "lazy"
            uri = image.get("uri", "")
            if "width" in image or "height" in image or "://" in uri or uri.startswith("data:"):
                continue
            size = get_image_size(Path(self.env.srcdir, uri))
            if size and size[0] > 0 and size[1] > 0:
                image["width"], image["height"] = str(size[0]), str(size[1])
                image["csnet-sizes"] = sizes_of(image, home)


def sizes_of(image: nodes.image, home: bool) -> str:
    classes = set(image.get("classes", ())) | set(image.parent.get("classes", ()))
    return next((SIZES[name] for name in SIZES if name in classes),
                HOME_COLUMN if home else COLUMN)


def visit_image(self, node: nodes.image) -> None:
    """The HTML writer's own ``<img>``, with a ``srcset`` of the smaller copies."""
    uri = node["uri"]
    published = self.builder.images.get(uri)
    type(self).visit_image(self, node)
    if not published or "csnet-sizes" not in node or not is_website(self.builder) \
            or not self.body[-1].startswith("<img "):
        return
    copies = smaller_copies(Path(self.builder.srcdir, uri),
                            Path(self.builder.outdir, self.builder.imagedir))
    if not copies:
        return
    own = int(node["width"])
    candidates = [*copies, (published, own)]
    srcset = ", ".join(f"{posixpath.join(self.builder.imgpath, urllib.parse.quote(name))} "
                       f"{width}w" for name, width in candidates)
    self.body[-1] = self.body[-1].replace(
        "<img ", f'<img srcset="{escape(srcset)}" sizes="{escape(node["csnet-sizes"])}" ', 1)


def smaller_copies(source: Path, images: Path) -> list[tuple[str, int]]:
    """``[(file name in _images, width)]`` of the picture's smaller copies, each written once
    (checked on every page: the output folder may have been emptied since)."""
    try:
        stat = source.stat()
    except OSError:
        return []
    digest, width, height = _measure(source, stat.st_mtime_ns, stat.st_size)
    copies, picture = [], None
    for target in (w for w in WIDTHS if w < width * 0.9):  # a little smaller is no use
        name = f"{source.stem}-{target}w-{digest}{source.suffix.lower()}"
        path = images / name
        try:
            if not path.exists() and not _from_cache(name, path):
                if picture is None:  # decoded once, and only when a copy is missing
                    with Image.open(source) as opened:
                        picture = opened.copy()
                _write(picture, FORMATS[source.suffix.lower()],
                       (target, max(1, round(height * target / width))), path)
                _to_cache(path)
            if path.stat().st_size < stat.st_size:  # a copy no lighter is no use either
                copies.append((name, target))
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            return []  # csnet.pictures warns about unreadable pictures
    return copies


def cache_folder() -> Path:
    """Where copies are kept between builds: ``$CSNET_PICTURE_CACHE``, else
    ``$XDG_CACHE_HOME/csnet-publish/pictures`` (``~/.cache/...``). Names carry the content's
    digest and the encoder settings', so one folder serves every checkout and build."""
    if os.environ.get("CSNET_PICTURE_CACHE"):
        return Path(os.environ["CSNET_PICTURE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base, "csnet-publish", "pictures")


def _from_cache(name: str, path: Path) -> bool:
    """The cached copy ``name`` put at ``path`` (hard-linked where it can be), if kept."""
    return _place(cache_folder() / name, path)


def _to_cache(path: Path) -> None:
    """A copy just written, kept for the next build (a cache that cannot be written, such as
    a read-only home, only costs the next build the encoding)."""
    _place(path, cache_folder() / path.name)


def _place(source: Path, path: Path) -> bool:
    """``source`` at ``path``, whole (through a temporary name), linked or copied."""
    if not source.is_file():
        return False
    temporary = path.with_name(f".csnet-{os.getpid()}-{path.name}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, temporary)
        except OSError:  # another file system, or links not allowed
            shutil.copyfile(source, temporary)
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):  # no folder to leave it in, or already gone
            temporary.unlink()
        return False
    return True


@lru_cache(maxsize=1024)
def _measure(source: Path, mtime: int, size: int) -> tuple[str, int, int]:
    """The picture's content digest and size, read once per version of the file; width 0
    for what gets no copies (SVG scales by itself, a GIF may move, unreadable files)."""
    if source.suffix.lower() not in FORMATS:
        return "", 0, 0
    if too_large(source):  # csnet.paths leaves it out, with a warning
        return "", 0, 0
    data = source.read_bytes()
    try:
        with Image.open(io.BytesIO(data)) as picture:
            width, height = picture.size
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return "", 0, 0
    return hashlib.sha256(ENCODING + data).hexdigest()[:12], width, height


def _write(picture: Image.Image, kind: tuple[str, dict], size: tuple[int, int],
           path: Path) -> None:
    encoder, options = kind
    copy = picture if picture.mode in ("RGB", "RGBA", "L", "LA") else picture.convert("RGBA")
    if encoder == "JPEG" and copy.mode not in ("RGB", "L"):
        copy = copy.convert("RGB")
    copy = copy.resize(size, Image.Resampling.LANCZOS)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".csnet-")
    try:
        with os.fdopen(handle, "wb") as out:
            copy.save(out, encoder, **options)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide it from the web server
        os.replace(temporary, path)  # whole, even when another process writes it too
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
