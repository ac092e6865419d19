"""Print-ready PDF publications, made by WeasyPrint from the site's own HTML.

``sphinx-build -b pdf docs build/pdf`` (``nox -s pdf``) writes every publication listed in
``pdf_documents``; HTML builds then link each publication's page to its PDF. See
:mod:`csnet.pdf.builder` for how a publication is assembled (its documents made printable by
:mod:`csnet.pdf.printable`, its cover and contents by :mod:`csnet.pdf.assembly`, its problems
said by :mod:`csnet.pdf.problems`), :mod:`csnet.pdf.render` for WeasyPrint and
:mod:`csnet.pdf.links` for the website side.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import docutils_namespace, patch_docutils

from ..settings import register, setting
from ..site import state_version
from . import links
from .builder import PDFBuilder, Result
from .config import publications


def build_publications(srcdir: str | Path, outdir: str | Path, *, names=(),
                       doctreedir: str | Path | None = None, confoverrides=None,
                       parallel: int = 1) -> dict[str, Result]:
    """Build PDFs in-process (the benchmark's entry point): ``{file name: Result}``.

    ``names`` limits the build to those file names of ``pdf_documents``. Inside docutils'
    namespace, as ``sphinx-build`` runs, so the directives and roles this build registers do
    not stay registered for the next application in the same process.
    """
    outdir = Path(outdir)
    with patch_docutils(str(srcdir)), docutils_namespace():
        app = Sphinx(str(srcdir), str(srcdir), str(outdir),
                     str(doctreedir or outdir / ".doctrees"), "pdf",
                     confoverrides=confoverrides or {}, status=None, parallel=parallel)
        if names:
            app.builder.publications = [p for p in app.builder.publications
                                        if p.filename in names]
        app.build()
        return dict(app.builder.made)


def check_config(app: Sphinx, config: Config) -> None:
    publications(config)  # reports each wrong entry once per build


@dataclass
class PdfSettings:
    """csnet.pdf: which publications to make, where, and how they look."""

    pdf_documents: list | tuple = setting(
        [], "the publications: (start document, file name, title, author, options) each; "
        "title and author None take the start page's; options: after, posts, contents_depth "
        "(see csnet.pdf.config)")
    pdf_outdir: str | None = setting(
        None, "the folder the PDF build writes to, relative to conf.py; None: 'pdf' beside "
        "the website's output, where website builds look for the PDFs to link", rebuild="")
    pdf_stylesheets: list | tuple = setting(
        [], "stylesheets applied after ours, paths relative to conf.py: a site's colours, "
        "fonts and cover")


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.news")  # pages, posts, publication states
    register(app, PdfSettings)
    app.add_builder(PDFBuilder)
    app.add_node(links.pdf_link)
    app.add_transform(links.AddPdfLink)
    app.connect("doctree-resolved", links.link_pdf)
    app.connect("config-inited", check_config)
    app.connect("csnet-changed-topics", links.changed_pdfs)
    app.connect("build-finished", links.copy_pdfs)
    return {"parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": state_version(links.PDF_LINKS)}
