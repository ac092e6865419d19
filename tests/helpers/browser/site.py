"""The bundled ``docs/`` site, built once and served on loopback for the browser tests."""

from __future__ import annotations

import functools
import io
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from tests.helpers import DOCS


@dataclass(frozen=True)
class Page:
    """One built HTML file: its site path (``/news/``) and whether it only redirects."""

    url: str
    file: Path
    redirect: bool


@dataclass(frozen=True)
class Site:
    out: Path
    pages: tuple[Page, ...]
    warnings: str

    @property
    def content_pages(self) -> tuple[Page, ...]:
        """Pages a reader sees (redirect stubs, and /admin/ whose interface is Decap CMS's own,
        see tests/test_cms.py, are checked for validity and links only)."""
        return tuple(page for page in self.pages
                     if not page.redirect and not page.url.startswith("/admin/"))


def url_of(out: Path, file: Path) -> str:
    rel = file.relative_to(out).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def is_redirect(file: Path) -> bool:
    soup = BeautifulSoup(file.read_bytes(), "html.parser")
    meta = soup.find("meta", attrs={"http-equiv": lambda v: v and v.lower() == "refresh"})
    return meta is not None


def build(out: Path) -> Site:
    """Build ``docs/`` with the dirhtml builder, as ``nox -s html`` does."""
    warnings = io.StringIO()
    # as sphinx-build does: node and directive registrations end with the build, so that
    # later Sphinx apps in this test process start clean
    with patch_docutils(DOCS), docutils_namespace():
        app = Sphinx(str(DOCS), str(DOCS), str(out), str(out / ".doctrees"), "dirhtml",
                     status=None, warning=warnings, freshenv=True)
        app.build()
    if app.statuscode:
        raise RuntimeError(f"docs build failed:\n{warnings.getvalue()}")
    files = sorted(p for p in out.rglob("*.html")
                   if not {"_static", "_sources", ".doctrees"} & set(p.relative_to(out).parts))
    pages = tuple(Page(url_of(out, f), f, is_redirect(f)) for f in files)
    return Site(out, pages, warnings.getvalue())


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass


def serve(directory: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``directory`` on a free loopback port in a daemon thread; returns the base URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}"
