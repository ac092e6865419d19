"""The ``pdf`` builder: each publication as one HTML document, printed by WeasyPrint.

It is an HTML builder (``format = "html"``), so the plan's cards, sphinx-design and every other
HTML post-transform run exactly as on the website; only the assembly differs. For each entry of
``pdf_documents`` it resolves the publication's documents with links between them pointing
inside the PDF (and links to other pages pointing to the website), renames every anchor with
its document's prefix (two documents may both have ``#contents``: :mod:`csnet.pdf.printable`),
builds a cover and a contents page whose numbers WeasyPrint fills in (``target-counter``:
:mod:`csnet.pdf.assembly`), and renders a tagged PDF/UA-1 file, its problems reported at their
pages (:mod:`csnet.pdf.problems`). ``publications.json`` beside the PDFs records pages and size
for the website's download links (:mod:`csnet.pdf.links`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.locale import __
from sphinx.util import logging
from sphinx.util.parallel import parallel_available

from ..bundle import STATIC
from ..outputs import Ledger
from ..site import site
from ..slugs import slugify
from . import problems
from .assembly import Entry, assemble, contents_of, dated
from .config import Publication, by_year, publications
from .printable import prepare
from .render import HERE, PDFError, Rendered, render, weasyprint

logger = logging.getLogger(__name__)
MANIFEST = "publications.json"
RENDERED = Ledger("pdf-rendered", "what each PDF was made from (a digest) and what it was, so "
                  "an unchanged publication is not rendered again")
STYLESHEETS = (STATIC / "csnet.css", HERE / "print.css")


@dataclass
class Result:
    """What :meth:`PDFBuilder.write_publication` made (the benchmark reads ``seconds``)."""

    path: Path
    start: str
    title: str
    pages: int
    bytes: int
    sha256: str
    seconds: float
    series: str = ""  # the by_year entry of pdf_documents it is one year of
    year: int | None = None

    def manifest(self) -> dict:
        """What the website needs to know (``publications.json``)."""
        extra = {"series": self.series, "year": self.year} if self.series else {}
        return {"start": self.start, "title": self.title, "pages": self.pages,
                "bytes": self.bytes, "sha256": self.sha256, **extra}


class PDFBuilder(StandaloneHTMLBuilder):
    name = "pdf"
    format = "html"  # so HTML post-transforms (cards, sphinx-design) run
    epilog = __("The PDFs are in %(outdir)s.")
    search = False
    copysource = False
    # no headerlink "¶" in text or bookmarks (reference/developer.md#trap-weasyprint)
    add_permalinks = False
    allow_parallel = False
    supported_image_types = ["image/svg+xml", "image/png", "image/gif", "image/jpeg"]

    def __init__(self, app, env) -> None:
        super().__init__(app, env)
        self.processes = app.parallel  # -j: the publications print on this many at once

    def init(self) -> None:
        weasyprint()  # fail before reading anything when Pango is missing
        super().init()
        self.publications = publications(self.config, report=False)
        self.anchors: dict[str, str] = {}  # docname -> anchor prefix, in the current PDF
        self.made: dict[str, Result] = {}  # file name -> what was written
        self.rendered = RENDERED.load(self, {})

    def get_outdated_docs(self) -> str:
        return "all publications"

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        if docname in self.anchors:
            return "#" + self.anchors[docname]
        return web_url(self.config.html_baseurl, docname)

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return self.get_target_uri(to, typ)

    def copy_assets(self) -> None:
        """Nothing to copy: fonts, CSS and images are read in place."""

    def write_documents(self, docnames) -> None:
        """Assemble each publication here (that needs the environment) and print it:
        WeasyPrint is most of a PDF's time and each PDF prints on its own, so with ``-j``
        they print on that many processes while the next is assembled, the largest first."""
        failed = []
        largest_first = sorted(((publication, publication.docnames(self.env))
                                for publication in by_year(self.publications, self.env)),
                               key=lambda pair: -len(pair[1]))
        with self.printers() as printers:
            printing = [(job, printers.submit(print_job, job) if printers else None)
                        for publication, docnames in largest_first
                        if (job := self.assembled(publication, docnames)) is not None]
            for job, printed in printing:
                try:
                    self.write_publication(job, printed.result() if printed else print_job(job))
                except PDFError as error:
                    failed.append(str(error))
        if failed:
            raise PDFError("\n".join(failed))

    @contextlib.contextmanager
    def printers(self):
        """``-j`` printing processes, forked from this one (they need nothing it has not
        loaded); ``None`` for one at a time here."""
        if self.processes <= 1 or not parallel_available:
            yield None
            return
        with ProcessPoolExecutor(self.processes, mp_context=get_context("fork")) as pool:
            yield pool

    def finish(self) -> None:
        manifest = {name: result.manifest() for name, result in sorted(self.made.items())}
        Path(self.outdir, MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
        RENDERED.save(self, self.rendered)

    # -- one publication -----------------------------------------------------------------
    def assembled(self, publication: Publication, docnames: list[str]) -> PrintJob | None:
        """The publication's page (of ``docnames``), ready to print; ``None`` when there is
        nothing to print (no start page: no stale PDF either; or the PDF of the same page is
        there)."""
        began = time.perf_counter()
        target = Path(self.outdir, publication.filename)
        if publication.start not in docnames:  # not published (now)
            target.unlink(missing_ok=True)
            return None
        logger.info(__("making %s"), publication.filename)
        entries, parts, images, anchors = self.documents(publication, docnames)
        page = assemble(self.config, self.env, publication, docnames, entries, parts)
        theirs = tuple(Path(self.confdir, path) for path in self.config.pdf_stylesheets)
        stylesheets = (*STYLESHEETS, *theirs)
        made_from = _made_from(page, [*stylesheets, *images])
        if kept := self.unchanged(publication, target, made_from):
            self.made[publication.filename] = kept
            return None
        # the same page without its contents, printed instead when every entry is on one
        # page (a contents page would only point at the next page)
        bare = assemble(self.config, self.env, publication, docnames, [], parts)
        return PrintJob(publication, target, page, bare, [e.anchor for e in entries],
                        stylesheets, Path(self.srcdir).as_uri() + "/",
                        (Path(self.srcdir), Path(self.outdir)), images, anchors, made_from,
                        began)

    def write_publication(self, job: PrintJob, result: Rendered) -> Result:
        """Report the printed PDF's problems at their pages, write it and record it."""
        publication = job.publication
        problems.report(self.env, publication, result, job.target, job.images, job.anchors)
        job.target.write_bytes(result.pdf)
        made = Result(job.target, publication.start, publication.resolved_title(self.env),
                      result.pages, len(result.pdf), hashlib.sha256(result.pdf).hexdigest(),
                      time.perf_counter() - job.began, publication.options.get("series", ""),
                      publication.options.get("year"))
        self.made[publication.filename] = made
        self.rendered[publication.filename] = {"from": job.made_from, "made": made.manifest()}
        return made

    def documents(self, publication: Publication, docnames: list[str]) -> tuple[
            list[Entry], list[str], dict[str, str], dict[str, str]]:
        """Each document resolved with links inside the PDF and made printable: the contents
        entries, the documents' HTML, the images shown (file -> document) and the anchor
        prefixes (document -> prefix)."""
        self.anchors = {docname: "doc-" + slugify(docname) for docname in docnames}
        entries: list[Entry] = []
        parts: list[str] = []
        images: dict[str, str] = {}  # image file -> document that shows it
        depth = publication.options.get("contents_depth", 3)
        try:
            for docname in docnames:
                doctree = self.env.get_and_resolve_doctree(docname, self, tags=self.tags)
                prepare(self, doctree, docname, images)
                entries += dated(contents_of(doctree, depth), site(self.env).pages.get(docname))
                parts.append(f'<section class="csnet-pdf-doc" id="{self.anchors[docname]}">'
                             f"{self.body_of(docname, doctree)}</section>")
        finally:
            anchors, self.anchors = self.anchors, {}
        return entries, parts, images, anchors

    def unchanged(self, publication: Publication, target: Path, made_from: str) -> Result | None:
        """The PDF the last build rendered from the same page, pictures and styles, if it is
        still there: rendering is most of a PDF's time (the news digest's 30-40 s)."""
        last = self.rendered.get(publication.filename, {})
        made = last.get("made", {})
        if last.get("from") != made_from or not target.is_file() \
                or target.stat().st_size != made.get("bytes"):
            return None
        logger.info(__("%s: unchanged"), publication.filename)
        return Result(target, made["start"], made["title"], made["pages"], made["bytes"],
                      made["sha256"], 0.0)

    def body_of(self, docname: str, doctree: nodes.document) -> str:
        """The document's HTML body, made by the same translator as the website's."""
        doctree.settings = self.docsettings
        # the website cloaks addresses (dee<span>@</span>...): in a PDF that is a link whose
        # words hold markup, which WeasyPrint tags wrongly (csnet.pdf.tagging)
        doctree.settings.cloak_email_addresses = False
        self.secnumbers = self.env.toc_secnumbers.get(docname, {})
        self.fignumbers = self.env.toc_fignumbers.get(docname, {})
        self.imgpath = self.dlpath = ""
        self.current_docname = docname
        visitor = self.create_translator(doctree, self)
        doctree.walkabout(visitor)
        return "".join(visitor.fragment)


@dataclass
class PrintJob:
    """A publication assembled and ready to print: what a printing process needs, and what
    the builder needs afterwards to report and record it."""

    publication: Publication
    target: Path
    page: str  # the whole HTML document
    bare: str  # the same without its contents page
    anchors_listed: list[str]  # the contents' entries
    stylesheets: tuple[Path, ...]
    base_url: str
    roots: tuple[Path, ...]  # the folders the printer may read
    images: dict[str, str]  # image file -> document that shows it
    anchors: dict[str, str]  # document -> anchor prefix
    made_from: str
    began: float


def print_job(job: PrintJob) -> Rendered:
    """WeasyPrint's rendering of the page; again without the contents page when every
    entry is on one page. Runs in a printing process under ``-j`` (its result is pickled)."""
    result = render(job.page, job.base_url, job.stylesheets, job.roots)
    if not result.errors and len({result.anchor_pages.get(a) for a in job.anchors_listed}) <= 1:
        result = render(job.bare, job.base_url, job.stylesheets, job.roots)
    return result


def web_url(baseurl: str, docname: str) -> str:
    """A page's address on the website (the ``dirhtml`` layout)."""
    if docname == "index":
        path = ""
    elif docname.endswith("/index"):
        path = docname[: -len("index")]
    else:
        path = docname + "/"
    return (baseurl or "/").rstrip("/") + "/" + path


_STAMPS = re.compile(r'<meta name="dcterms\.(?:created|modified)"[^>]*>')


def _made_from(page: str, files: list) -> str:
    """A digest of what a PDF is rendered from: its HTML, the pictures and stylesheets it
    names (by size and time), the renderer's own files and WeasyPrint's version; not the
    time it is made (a PDF kept keeps the time it was rendered)."""
    page = _STAMPS.sub("", page)
    import weasyprint as printer

    own = sorted(p for p in HERE.iterdir() if p.suffix in (".py", ".css"))
    stats = []
    for file in sorted({*map(str, files), *map(str, own)}):
        if file.startswith("file:"):  # pictures are named by their file: URI
            file = url2pathname(urlparse(file).path)
        try:
            info = os.stat(file)
            stats.append(f"{file}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            stats.append(f"{file}:missing")
    return hashlib.sha256("\n".join([printer.__version__, *stats, page]).encode()).hexdigest()
