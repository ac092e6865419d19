"""On the website, each publication's page links to its PDF, with its pages and size.

The PDF build writes ``publications.json`` (pages, bytes) beside the PDFs; an HTML build reads
it, copies the PDFs next to their pages (``/publication/our-plan/our-work-and-programmes.pdf``)
and shows "Download this publication as a PDF (17 pages, 310 KB)". The link is a placeholder
read with the page (which records ``uses("pdf:<file>")``) and filled in when the page is
written; when the manifest changes, ``csnet-changed-topics`` names the PDFs whose numbers
changed, so an incremental HTML build after ``nox -s pdf`` rewrites exactly those pages.
"""

from __future__ import annotations

import json
import posixpath
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util.osutil import relative_uri

from ..locale import _, plural
from ..order import Reading
from ..outputs import Ledger, is_website
from ..pages import into_header, top_section
from ..site import Record, site
from ..urls.stale import prune_stale
from .builder import MANIFEST
from .config import publications

PDF_LINKS: Record[dict[str, str]] = Record(
    "pdf_links", dict, "what each page offering a PDF showed, to rewrite it when it changes")
PDFS = Ledger("pdfs", "the PDFs the last website build copied beside their pages",
              per_builder=True)


class pdf_link(nodes.General, nodes.Element):  # noqa: N801
    """Where the download link goes; replaced (or removed) before any writer sees it."""


def topic(filename: str) -> str:
    return f"pdf:{filename}"


def manifest_dir(app: Sphinx) -> Path:
    """Where the PDF build writes: ``pdf_outdir``, else ``pdf`` beside this build's output."""
    if app.config.pdf_outdir:
        return Path(app.confdir, app.config.pdf_outdir)
    return Path(app.outdir).parent / "pdf"


def read_manifest(app: Sphinx) -> dict:
    """The PDF build's record of each publication whose PDF is there (``{}`` before any)."""
    folder = manifest_dir(app)
    try:
        manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {name: entry for name, entry in manifest.items() if (folder / name).is_file()}


class AddPdfLink(SphinxTransform):
    """Mark the start page of each publication (read time, so the dependency is recorded)."""

    default_priority = Reading.PDF_LINK

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        for publication in publications(self.config, report=False):
            if publication.start != docname:
                continue
            site(self.env).uses(docname, topic(publication.filename))
            series = bool(publication.options.get("by_year"))
            link = pdf_link(filename=publication.filename, series=series)
            section = top_section(self.document)
            if series and section is not None:  # one per year: offered after the page's text
                section.append(link)
            else:
                into_header(self.document, link)


def link_pdf(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: fill in the link on website pages, with the builder this event
    is handed; leave it out of PDFs and other formats."""
    links = list(doctree.findall(pdf_link))
    if not links:
        return
    builder = app.builder
    html = is_website(builder)
    manifest = read_manifest(app) if html else {}
    for node in links:
        if node.get("series"):
            year_links(builder, docname, node, manifest)
            continue
        entry = manifest.get(node["filename"])
        if not entry:
            node.parent.remove(node)
            continue
        here = builder.get_target_uri(docname)
        paragraph = nodes.paragraph(classes=["csnet-pdf-link"])
        paragraph += nodes.reference(
            "", _("Download this publication as a PDF"),
            refuri=relative_uri(here, pdf_path(builder, docname, node["filename"])))
        paragraph += nodes.Text(f" ({plural(entry['pages'], 'page')}, "
                                f"{size(entry['bytes'])})")
        node.replace_self(paragraph)


def year_links(builder, docname: str, node: pdf_link, manifest: dict) -> None:
    """The PDFs of a ``by_year`` publication, newest year first: "To print: the news of each
    year as a PDF: 2023 (40 pages, 1.2 MB), 2022 ..."; removed when none is made yet."""
    years = sorted(((entry["year"], name, entry) for name, entry in manifest.items()
                    if entry.get("series") == node["filename"] and entry.get("year")),
                   reverse=True)
    if not years:
        node.parent.remove(node)
        return
    here = builder.get_target_uri(docname)
    paragraph = nodes.paragraph(classes=["csnet-pdf-link", "csnet-pdf-years"])
    paragraph += nodes.Text(_("Each year's news as a PDF, to print:") + " ")
    for index, (year, name, entry) in enumerate(years):
        if index:
            paragraph += nodes.Text(", ")
        paragraph += nodes.reference("", str(year), refuri=relative_uri(
            here, pdf_path(builder, docname, name)))
        paragraph += nodes.Text(f" ({plural(entry['pages'], 'page')}, {size(entry['bytes'])})")
    node.replace_self(paragraph)


def changed_pdfs(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """``csnet-changed-topics``: the PDFs whose pages or size changed since the last build
    (for a ``by_year`` publication: any of its years, or their number)."""
    if not is_website(app.builder):
        return set()
    now: dict[str, list] = {}
    for name, entry in sorted(read_manifest(app).items()):
        now.setdefault(entry.get("series") or name, []).append(
            [name, entry.get("pages"), entry.get("bytes")])
    return {topic(name) for name in PDF_LINKS.changed(env, now)}


def copy_pdfs(app: Sphinx, exception) -> None:
    """``build-finished``: put each PDF next to its publication's page on the website."""
    if exception or not is_website(app.builder):
        return
    source = manifest_dir(app)
    copied = []
    for name, entry in read_manifest(app).items():
        if entry.get("start") not in app.env.all_docs:
            continue
        copied.append(pdf_path(app.builder, entry["start"], name))
        target = Path(app.outdir, copied[-1])
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, target)
    # a PDF whose page has gone (or was unpublished) is not left online
    prune_stale(app, PDFS, copied, keep=lambda path: False)


def pdf_path(builder, docname: str, filename: str) -> str:
    """Site-relative path of a PDF, beside its page (in the page's folder for ``dirhtml``)."""
    uri = builder.get_target_uri(docname)
    folder = uri if uri.endswith("/") or not uri else posixpath.dirname(uri)
    return posixpath.join(folder, filename)


def size(count: int) -> str:
    """'310 KB', '1.2 MB': sizes as people read them (1 KB = 1,000 bytes)."""
    if count < 1_000_000:
        return f"{max(1, round(count / 1000))} KB"
    return f"{count / 1_000_000:.1f} MB"
