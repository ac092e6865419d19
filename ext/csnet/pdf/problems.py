"""What went wrong in a PDF, said at the page whose source caused it.

WeasyPrint names a file, an address or an anchor; the reader of a warning needs the page (and
line) of ``docs/`` to correct. A file refused by the fetcher is a warning and the PDF is printed
without it; an error from WeasyPrint stops that publication (:class:`PDFError`).
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from pathlib import Path

from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..logs import Warn, warn
from .config import Publication
from .render import PDFError, Rendered

logger = logging.getLogger(__name__)


def report(env: BuildEnvironment, publication: Publication, result: Rendered, target: Path,
           images: dict[str, str], anchors: dict[str, str]) -> None:
    """Warn about each file not read into the PDF; on WeasyPrint errors remove the old PDF,
    warn at each page and raise :class:`PDFError`."""
    for url, problem in result.refused.items():
        warn(Warn.PATH, f"{publication.filename}: {shown_url(url)} was not read into the "
             f"PDF, because {problem}; the PDF is printed without it. Save the file in "
             "docs/ and name it from there", where_named(env, url, anchors))
    for message in result.warnings:
        logger.info("WeasyPrint (%s): %s", publication.filename, message)
    if not result.errors:
        return
    target.unlink(missing_ok=True)
    where = []
    for message in result.errors:
        docname = doc_of(env, message, images, anchors)
        warn(Warn.PDF, f"{publication.filename}: {message}", docname)
        page = env.doc2path(docname) if docname else "one of its pages"
        where.append(f"{page}: {message}")
    raise PDFError(f"{publication.filename} was not written, because WeasyPrint "
                   "reported:\n  " + "\n  ".join(where))


def doc_of(env: BuildEnvironment, message: str, images: dict[str, str],
           anchors: dict[str, str]) -> str | None:
    """The document a WeasyPrint error is about, from the image or anchor it names."""
    named = [d for uri, d in images.items() if uri in message]
    named += [d for d, prefix in anchors.items() if f"#{prefix}--" in message]
    if not named:  # raw HTML: the page whose source has the quoted file name
        quoted = re.findall(r"[\"']([^\"'\s]+)[\"']", message)
        named = [d for d in anchors if any(
            q in Path(env.doc2path(d)).read_text("utf-8", "replace") for q in quoted)]
    return named[0] if named else None


def where_named(env: BuildEnvironment, url: str, anchors: dict[str, str]):
    """The page (and line) whose source names ``url`` (or, for a path, its file name)."""
    parsed = urllib.parse.urlsplit(url)
    needles = [url, urllib.parse.unquote(url)]
    if parsed.scheme == "file":
        needles += [p for p in (urllib.parse.unquote(parsed.path),
                                posixpath.basename(urllib.parse.unquote(parsed.path))) if p]
    for docname in anchors:
        lines = Path(env.doc2path(docname)).read_text("utf-8", "replace").splitlines()
        for needle in needles:
            number = next((n for n, line in enumerate(lines, 1) if needle in line), None)
            if number:
                return docname, number
    return next(iter(anchors), None)


def shown_url(url: str) -> str:
    """An address as a warning shows it: a picture written into the page is not printed."""
    return f"{url[:40]}..." if url.startswith("data:") else repr(url)
