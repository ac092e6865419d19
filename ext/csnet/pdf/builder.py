"""The ``pdf`` builder: each publication as one HTML document, printed by WeasyPrint.

It is an HTML builder (``format = "html"``), so the plan's cards, sphinx-design and every other
HTML post-transform run exactly as on the website; only the assembly differs. For each entry of
``pdf_documents`` it resolves the publication's documents with links between them pointing
inside the PDF (and links to other pages pointing to the website), renames every anchor with
its document's prefix (two documents may both have ``#contents``), builds a cover and a
contents page whose numbers WeasyPrint fills in (``target-counter``), and renders a tagged
PDF/UA-1 file. ``publications.json`` beside the PDFs records pages and size for the website's
download links (:mod:`csnet.pdf.links`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import posixpath
import re
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.locale import __
from sphinx.util import logging

from ..bundle import STATIC
from ..dates import long_date
from ..locale import _
from ..logs import Warn, warn
from ..outputs import Ledger
from ..pictures import line_of
from ..plan.as_of import progress_as_of
from ..plan.html import objective_heading
from ..site import site
from ..slugs import slugify
from .config import Publication, by_year, publications
from .images import place, raw_images, remote
from .render import HERE, PDFError, render, weasyprint
from .spaces import wrap_spaces_before_inlines
from .tagging import shape_for_tags

logger = logging.getLogger(__name__)
MANIFEST = "publications.json"
RENDERED = Ledger("pdf-rendered", "what each PDF was made from (a digest) and what it was, so "
                  "an unchanged publication is not rendered again")
STYLESHEETS = (STATIC / "csnet.css", HERE / "print.css")


@dataclass
class Entry:
    """One line of the contents page (and one bookmark)."""

    level: int
    title: str
    anchor: str
    date: str = ""  # a post's date, shown beside its title


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
        failed = []
        for publication in by_year(self.publications, self.env):
            try:
                self.write_publication(publication)
            except PDFError as error:
                failed.append(str(error))
        if failed:
            raise PDFError("\n".join(failed))

    def finish(self) -> None:
        manifest = {name: result.manifest() for name, result in sorted(self.made.items())}
        Path(self.outdir, MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
        RENDERED.save(self, self.rendered)

    # -- one publication -----------------------------------------------------------------
    def write_publication(self, publication: Publication) -> Result | None:
        """Assemble, render and write one publication; ``None`` if it has no start page."""
        began = time.perf_counter()
        target = Path(self.outdir, publication.filename)
        docnames = publication.docnames(self.env)
        if publication.start not in docnames:  # not published (now): no stale PDF either
            target.unlink(missing_ok=True)
            return None
        logger.info(__("making %s"), publication.filename)
        self.anchors = {docname: "doc-" + slugify(docname) for docname in docnames}
        entries: list[Entry] = []
        parts: list[str] = []
        images: dict[str, str] = {}  # image file -> document that shows it
        depth = publication.options.get("contents_depth", 3)
        try:
            for docname in docnames:
                doctree = self.env.get_and_resolve_doctree(docname, self, tags=self.tags)
                self.prepare(doctree, docname, images)
                entries += dated(contents_of(doctree, depth), site(self.env).pages.get(docname))
                parts.append(f'<section class="csnet-pdf-doc" id="{self.anchors[docname]}">'
                             f"{self.body_of(docname, doctree)}</section>")
        finally:
            anchors, self.anchors = self.anchors, {}
        page = self.assemble(publication, docnames, entries, parts)
        theirs = tuple(Path(self.confdir, path) for path in self.config.pdf_stylesheets)
        stylesheets = (*STYLESHEETS, *theirs)
        made_from = _made_from(page, [*stylesheets, *images])
        if kept := self.unchanged(publication, target, made_from):
            self.made[publication.filename] = kept
            return kept
        base, roots = Path(self.srcdir).as_uri() + "/", (Path(self.srcdir), Path(self.outdir))
        result = render(page, base, stylesheets, roots)
        if not result.errors and len({result.anchor_pages.get(e.anchor) for e in entries}) <= 1:
            # every entry is on one page: a contents page would only point at the next page
            page = self.assemble(publication, docnames, [], parts)
            result = render(page, base, stylesheets, roots)
        for url, problem in result.refused.items():
            warn(Warn.PATH, f"{publication.filename}: {shown_url(url)} was not read into the "
                 f"PDF, because {problem}; the PDF is printed without it. Save the file in "
                 "docs/ and name it from there", self.where_named(url, anchors))
        for message in result.warnings:
            logger.info("WeasyPrint (%s): %s", publication.filename, message)
        if result.errors:
            target.unlink(missing_ok=True)
            where = []
            for message in result.errors:
                docname = self.doc_of(message, images, anchors)
                warn(Warn.PDF, f"{publication.filename}: {message}", docname)
                page = self.env.doc2path(docname) if docname else "one of its pages"
                where.append(f"{page}: {message}")
            raise PDFError(f"{publication.filename} was not written, because WeasyPrint "
                           "reported:\n  " + "\n  ".join(where))
        target.write_bytes(result.pdf)
        made = Result(target, publication.start, publication.resolved_title(self.env),
                      result.pages, len(result.pdf), hashlib.sha256(result.pdf).hexdigest(),
                      time.perf_counter() - began, publication.options.get("series", ""),
                      publication.options.get("year"))
        self.made[publication.filename] = made
        self.rendered[publication.filename] = {"from": made_from, "made": made.manifest()}
        return made

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

    def prepare(self, doctree: nodes.document, docname: str, images: dict[str, str]) -> None:
        """Make a resolved doctree printable and give its anchors the document's prefix."""
        for topic in list(doctree.findall(nodes.topic)):
            if "contents" in topic["classes"]:  # the PDF has its own contents page
                topic.parent.remove(topic)
        for image in list(doctree.findall(nodes.image)):
            self.place_image(image, docname, images)
        docdir = Path(self.env.doc2path(docname)).parent
        for raw in list(doctree.findall(nodes.raw)):
            if "html" in raw.get("format", "").split() and "<img" in raw.astext().lower():
                raw_images(raw, Path(self.srcdir), docname, docdir)
        prefix = self.anchors[docname]
        seen: set[str] = set()
        for node in doctree.findall(nodes.Element):
            ids = [f"{prefix}--{i}" for i in node["ids"]]
            node["ids"] = [i for i in ids if not (i in seen or seen.add(i))]
            if node.get("refid"):
                node["refid"] = f"{prefix}--{node['refid']}"
            if node.get("backrefs"):
                node["backrefs"] = [f"{prefix}--{i}" for i in node["backrefs"]]
        for node in doctree.findall(nodes.Element):
            if node.get("refid") and not isinstance(node, nodes.reference) and (
                    node["refid"] not in seen):
                del node["refid"]  # e.g. a title's backlink to a contents list left out
        for reference in list(doctree.findall(nodes.reference)):
            if reference.get("refid"):
                uri = "#" + reference["refid"][len(prefix) + 2:]
                del reference["refid"]
            else:
                uri = reference.get("refuri", "")
            if uri.startswith("#"):
                reference["refuri"] = self.local_uri(uri, prefix, seen)
            if not reference.get("refuri"):  # a dead link: keep its words
                reference.replace_self(nodes.inline("", "", *reference.children))
        shape_for_tags(doctree)
        wrap_spaces_before_inlines(doctree)

    def local_uri(self, uri: str, prefix: str, ids: set[str]) -> str:
        """``#doc-x#anchor`` (another document here) or ``#anchor`` -> the prefixed anchor.

        An anchor that is not here is a site path MyST could not resolve (``#/team``): it
        becomes a link to the website; anything else is no link at all (``""``).
        """
        parts = uri[1:].split("#")
        if len(parts) == 2 and parts[0] in self.anchors.values():
            return f"#{parts[0]}--{parts[1]}" if parts[1] else f"#{parts[0]}"
        if len(parts) == 1 and parts[0] in self.anchors.values():
            return uri
        if f"{prefix}--{parts[-1]}" in ids:
            return f"#{prefix}--{parts[-1]}"
        if parts[-1].startswith("/"):
            return self.config.html_baseurl.rstrip("/") + parts[-1]
        return ""

    def place_image(self, image: nodes.image, docname: str, images: dict[str, str]) -> None:
        uri = image["uri"]
        if uri.startswith("data:"):
            return
        where = (docname, line_of(image))
        if "://" in uri:  # the PDF must not depend on the network: a link instead
            remote(image, where)
            return
        candidates = image.get("candidates", {})
        chosen = next((candidates[t] for t in self.supported_image_types if t in candidates),
                      candidates.get("*", uri))
        path = Path(self.srcdir, chosen)
        if not place(image, path, where):
            return
        image["uri"] = path.as_uri()
        images[path.as_uri()] = docname

    def doc_of(self, message: str, images: dict[str, str], anchors: dict[str, str]):
        """The document a WeasyPrint error is about, from the image or anchor it names."""
        named = [d for uri, d in images.items() if uri in message]
        named += [d for d, prefix in anchors.items() if f"#{prefix}--" in message]
        if not named:  # raw HTML: the page whose source has the quoted file name
            quoted = re.findall(r"[\"']([^\"'\s]+)[\"']", message)
            named = [d for d in anchors if any(
                q in Path(self.env.doc2path(d)).read_text("utf-8", "replace") for q in quoted)]
        return named[0] if named else None

    def where_named(self, url: str, anchors: dict[str, str]):
        """The page (and line) whose source names ``url`` (or, for a path, its file name)."""
        parsed = urllib.parse.urlsplit(url)
        needles = [url, urllib.parse.unquote(url)]
        if parsed.scheme == "file":
            needles += [p for p in (urllib.parse.unquote(parsed.path),
                                    posixpath.basename(urllib.parse.unquote(parsed.path))) if p]
        for docname in anchors:
            lines = Path(self.env.doc2path(docname)).read_text("utf-8", "replace").splitlines()
            for needle in needles:
                number = next((n for n, line in enumerate(lines, 1) if needle in line), None)
                if number:
                    return docname, number
        return next(iter(anchors), None)

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

    def assemble(self, publication: Publication, docnames: list[str], entries: list[Entry],
                 parts: list[str]) -> str:
        """The whole publication as one HTML page: metadata, cover, contents, documents."""
        env, esc = self.env, html.escape
        info = site(env).pages.get(publication.start)
        title = publication.resolved_title(env)
        author = publication.resolved_author(env)
        excerpt = str(info.get("excerpt", "")).strip() if info else ""
        subject = publication.options.get("subject") or excerpt or title
        today = site(env).as_of
        if info and info.date and info.date.date:
            date = _("Published {date}").format(date=info.date.long())
        else:
            date = _("Printed {date}").format(date=long_date(today))
        created = created_stamp()
        plans = [info.plan for d in docnames
                 if (info := site(env).pages.get(d)) is not None and info.plan is not None]
        cover = [
            f'<p class="csnet-pdf-network">{esc(self.config.project)}</p>',
            f'<p class="csnet-pdf-title">{esc(title)}</p>',
        ]
        if excerpt:
            cover.append(f'<p class="csnet-pdf-excerpt">{esc(excerpt)}</p>')
        cover.append(f'<p class="csnet-pdf-author">{esc(author)}</p>')
        cover.append(f'<p class="csnet-pdf-date">{esc(date)}</p>')
        if plans:  # each plan is judged as of its own date (csnet.plan.as_of)
            cover.append(f'<p class="csnet-pdf-as-of">'
                         f'{esc(progress_as_of(plans[0].as_of or today))}</p>')
        items = "\n".join(
            # a post's date in the link's own words: markup inside a link leaves its
            # annotation outside the Link tag (reference/developer.md#trap-pdf-ua)
            f'<li class="csnet-pdf-level-{e.level}"><a href="#{e.anchor}">{esc(e.title)}'
            + (f" \N{EN DASH} {esc(e.date)}" if e.date else "") + "</a></li>" for e in entries
        )
        words = esc(_("Contents"))
        contents = (f'<nav class="csnet-pdf-contents" aria-label="{words}">\n'
                    f'<h1 class="csnet-pdf-contents-title">{words}</h1>\n<ol>\n{items}\n'
                    "</ol>\n</nav>") if entries else ""
        layout = ' class="csnet-pdf-one-objective-per-page"' if publication.options.get(
            "objective_per_page") else ""
        return f"""<!DOCTYPE html>
<html lang="{esc(self.config.language or 'en-GB')}">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
<meta name="author" content="{esc(author)}">
<meta name="description" content="{esc(subject)}">
<meta name="keywords" content="{esc(self.config.project)}">
<meta name="dcterms.created" content="{created}">
<meta name="dcterms.modified" content="{created}">
<style>
{print_words()}
</style>
</head>
<body{layout}>
<div class="csnet-pdf-cover">
{chr(10).join(cover)}
</div>
{contents}
{chr(10).join(parts)}
</body>
</html>
"""


def shown_url(url: str) -> str:
    """An address as a warning shows it: a picture written into the page is not printed."""
    return f"{url[:40]}..." if url.startswith("data:") else repr(url)


def print_words() -> str:
    """The words print.css would otherwise hold in English: page numbers, continued pages,
    in the publication's language."""
    pages = css_content(_("Page {page} of {pages}"), page="counter(page)",
                        pages="counter(pages)")
    continued = css_content(_("{name} (continued)"), name="attr(data-name)")
    page = css_content(_(", page {page}"), page="target-counter(attr(href url), page)")
    # the document's own style outranks print.css (WeasyPrint's user stylesheets): the cover
    # keeps its bare footer here too
    return (f"@page {{ @bottom-center {{ content: {pages}; }} }}\n"
            "@page cover { @bottom-center { content: none; } }\n"
            f".csnet-card-continues {{ string-set: continued {continued}; }}\n"
            ".csnet-objective-index a::after, table.csnet-plan-objectives a::after "
            f"{{ content: {page}; }}")


def css_content(template: str, **values: str) -> str:
    """``'Page {page}'`` as CSS ``content``: the words as quoted strings, ``{page}`` as the
    CSS value ``page=`` gives (``counter(page)``)."""
    parts = []
    for index, piece in enumerate(re.split(r"\{(\w+)\}", str(template))):
        if index % 2:
            parts.append(values[piece])
        elif piece:
            escaped = piece.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
            escaped = escaped.replace("<", "\\3c ")  # inside <style>: no "</style>"
            parts.append(f'"{escaped}"')
    return " ".join(parts) or '""'


def contents_of(doctree: nodes.document, depth: int) -> list[Entry]:
    """Sections and objective cards (as their heading levels, h1 = 1) down to ``depth``."""
    entries = []
    for node in doctree.findall(lambda n: isinstance(n, nodes.section | objective_heading)):
        if isinstance(node, nodes.section):
            level = 1 + sum(isinstance(a, nodes.section) for a in _ancestors(node))
            if not (node.children and isinstance(node[0], nodes.title)):
                continue
            title = node[0].astext()
        else:  # the card's <hN>, so the contents nest as the bookmarks do
            level, title = node.get("level", 3), node.astext()
        hidden = any("hide-when-printed" in n.get("classes", ())  # not printed: no anchor
                     for n in (node, *_ancestors(node)) if isinstance(n, nodes.Element))
        if level <= depth and node["ids"] and not hidden:
            entries.append(Entry(level, title, node["ids"][0]))
    return entries


def dated(entries: list[Entry], info) -> list[Entry]:
    """A post's own entry (its title, level 1) with the post's date: a digest's contents
    say when each piece of news was."""
    if info is None or info.layout != "news" or not (info.date and info.date.date):
        return entries
    for entry in entries:
        if entry.level == 1:
            entry.date = info.date.long()
    return entries


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def web_url(baseurl: str, docname: str) -> str:
    """A page's address on the website (the ``dirhtml`` layout)."""
    if docname == "index":
        path = ""
    elif docname.endswith("/index"):
        path = docname[: -len("index")]
    else:
        path = docname + "/"
    return (baseurl or "/").rstrip("/") + "/" + path


def created_stamp() -> str:
    """W3C date-time of the build: ``SOURCE_DATE_EPOCH`` when set, for reproducible PDFs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch
              else dt.datetime.now(dt.UTC).replace(microsecond=0))
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


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
