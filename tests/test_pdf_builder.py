"""The ``pdf`` builder on small projects: assembly, links, website links, failures."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from tests.helpers import ROOT
from tests.helpers.sphinx import warnings_of


@pytest.fixture
def project(rootdir, tmp_path) -> Path:
    """A private copy of tests/roots/test-pdf (the tests edit it)."""
    shutil.copytree(rootdir / "test-pdf", tmp_path / "src")
    return tmp_path / "src"


def build(make_app, builder: str, srcdir: Path):
    app = make_app(builder, srcdir=srcdir)
    app.build()
    return app


def page_of_dest(pdf: PdfReader, name: str) -> int:
    return pdf.get_destination_page_number(pdf.named_destinations[name]) + 1


def link_line(html_file: Path) -> str:
    link = BeautifulSoup(html_file.read_text("utf-8"), "html.parser").select_one(".csnet-pdf-link")
    return " ".join(link.get_text().split()) if link else ""


def test_publication_is_assembled_in_order_with_working_links(make_app, project):
    app = build(make_app, "pdf", project)
    assert not [w for w in warnings_of(app) if "csnet" in w]
    pdf = PdfReader(app.outdir / "guide.pdf")
    cover = pdf.pages[0].extract_text()
    for words in ("Test Network", "A guide for volunteers", "Everything a new volunteer needs",
                  "Jo Bloggs", "Published 1 March 2024"):
        assert words in cover
    assert "Progress as of" not in cover  # only publications with a plan say so
    assert "Page" not in cover  # no running header or footer on the cover
    heads = []
    for number, page in enumerate(pdf.pages[1:], 2):  # header: title and running head; footer
        text = page.extract_text()
        assert text.endswith(f"\nPage {number} of {len(pdf.pages)}")
        heads.append(text.splitlines()[-2])
    # the running head names the document on the page (the network's name before the first)
    assert heads[0] == "A guide for volunteers Test Network"
    assert heads[1] == "A guide for volunteers Foreword"
    titles = [item.title for item in pdf.outline if not isinstance(item, list)]
    assert titles == ["Contents", "Foreword", "A guide for volunteers"]
    links = {}
    for number, page in enumerate(pdf.pages, 1):
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            target = annot.get("/Dest") or annot["/A"].get("/URI")
            links.setdefault(str(target), set()).add(number)
    foreword_page = page_of_dest(pdf, "doc-foreword")
    # the foreword links into the guide's second part, inside the PDF
    assert page_of_dest(pdf, "doc-guide-index--second-part") > foreword_page
    assert foreword_page in links["doc-guide-index--second-part"]
    # a page that is not in the PDF is a link to the website
    assert "https://example.org/other/" in links
    # sphinx-design layouts print whole (reference/developer.md#trap-weasyprint): every card,
    # every tab, open dropdowns
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert [n for n in range(1, 25) if f"Body of card {n}." in text] == list(range(1, 25))
    for words in ("Words in the first tab", "Second tab", "Words in the second tab",
                  "Words inside the dropdown"):
        assert words in text
    # the image is a tagged figure with its description, for screen readers
    assert ("/Figure", "A pink square") in structure(pdf.trailer["/Root"]["/StructTreeRoot"])


def structure(node) -> list[tuple[str, str]]:
    """(tag, alt text) of every element of a PDF's structure tree."""
    node = node.get_object()
    found = [(str(node["/S"]), str(node.get("/Alt", "")))] if "/S" in node else []
    kids = node.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
            found += structure(kid)
    return found


def test_website_links_each_publication_and_follows_its_pdf(make_app, project):
    build(make_app, "pdf", project)
    app = build(make_app, "dirhtml", project)
    manifest = json.loads((project / "_build" / "pdf" / "publications.json").read_text())
    pages = manifest["guide.pdf"]["pages"]
    guide = app.outdir / "guide" / "index.html"
    assert link_line(guide) == f"Download this publication as a PDF ({pages} pages, " \
        f"{round(manifest['guide.pdf']['bytes'] / 1000)} KB)"
    soup = BeautifulSoup(guide.read_text("utf-8"), "html.parser")
    assert soup.select_one(".csnet-pdf-link a")["href"] == "guide.pdf"
    assert (app.outdir / "guide" / "guide.pdf").read_bytes() == \
        (project / "_build" / "pdf" / "guide.pdf").read_bytes()
    assert link_line(app.outdir / "other" / "index.html") == ""

    # the foreword grows by pages; only the PDF build sees it, then the website catches up
    other = app.outdir / "other" / "index.html"
    untouched = other.stat().st_mtime_ns
    foreword = project / "foreword.md"
    foreword.write_text(foreword.read_text() + "\n\n".join(
        f"## Section {n}\n\n" + "A long paragraph of the foreword. " * 60 for n in range(12)))
    build(make_app, "pdf", project)
    grown = json.loads((project / "_build" / "pdf" / "publications.json").read_text())
    assert grown["guide.pdf"]["pages"] > pages
    app = build(make_app, "dirhtml", project)
    assert f"({grown['guide.pdf']['pages']} pages" in link_line(guide)
    assert other.stat().st_mtime_ns == untouched
    # nothing changed: nothing is rewritten, the link stays
    before = guide.stat().st_mtime_ns
    build(make_app, "dirhtml", project)
    assert guide.stat().st_mtime_ns == before
    assert f"({grown['guide.pdf']['pages']} pages" in link_line(guide)


def test_no_link_before_any_pdf_was_made(make_app, project):
    app = build(make_app, "dirhtml", project)
    assert link_line(app.outdir / "guide" / "index.html") == ""
    assert not (app.outdir / "guide" / "guide.pdf").exists()


def test_no_link_to_a_pdf_that_is_gone(make_app, project):
    """A failed PDF build deletes the file but keeps the old manifest: link nothing."""
    build(make_app, "pdf", project)
    (project / "_build" / "pdf" / "guide.pdf").unlink()
    app = build(make_app, "dirhtml", project)
    assert link_line(app.outdir / "guide" / "index.html") == ""
    assert not (app.outdir / "guide" / "guide.pdf").exists()


def test_picture_problems_warn_at_their_line_and_the_pdf_is_still_written(make_app, rootdir,
                                                                          tmp_path):
    shutil.copytree(rootdir / "test-pdf-errors", tmp_path / "src")
    app = make_app("pdf", srcdir=tmp_path / "src")
    app.build()
    assert (app.outdir / "broken.pdf").is_file()
    images = [w for w in warnings_of(app) if "[csnet.image]" in w]
    assert any(re.search(r"index\.md:3: .*square\.svg has no description", w) for w in images)
    assert any(re.search(r"index\.md:5: .*nowhere\.png' is not there: no file docs/nowhere",
                         w) for w in images)
    text = " ".join(page.extract_text() for page in PdfReader(app.outdir / "broken.pdf").pages)
    assert "[Picture: A missing picture]" in text
    warnings = warnings_of(app)
    for problem in ("pdf_documents[1]: unknown option 'colour'",
                    "file name '../escape.pdf' should be a plain name ending in .pdf",
                    "pdf_documents[3] should be (start document, file name, title, author, "
                    "options), not 'not a tuple'",
                    "pdf_documents[4]: the options should be a dict",
                    "'missing.pdf' names the document 'nowhere', which does not exist"):
        assert any(problem in w and "[csnet.pdf]" in w for w in warnings), problem


def test_missing_pango_says_how_to_install(tmp_path):
    """Hide the real library behind an unloadable one of the same name (no root needed)."""
    fake = tmp_path / "lib"
    fake.mkdir()
    for name in ("libpango-1.0.so.0", "libpango-1.0-0.so", "libpango-1.0.so"):
        (fake / name).write_bytes(b"")  # the dynamic loader finds these first and fails
    command = [sys.executable, "-m", "sphinx", "-b", "pdf", "-q",
               str(ROOT / "tests" / "roots" / "test-pdf"), str(tmp_path / "out")]
    result = subprocess.run(command, capture_output=True, text=True, check=False,
                            env={**os.environ, "LD_LIBRARY_PATH": str(fake)})
    assert result.returncode != 0
    assert "needs the Pango text library" in result.stderr
    assert "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0" in result.stderr
    assert result.stderr.count("needs the Pango text library") <= 2  # once, not per PDF
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))


def test_an_unchanged_publication_is_not_rendered_again(make_app, project):
    """Rendering is most of a PDF's time: a build whose page, pictures and styles are what the
    last one rendered keeps that PDF (the deploy rebuilds on every save); an edit renders."""
    build(make_app, "pdf", project)
    out = project / "_build" / "pdf"
    first = (out / "guide.pdf").stat().st_mtime_ns
    manifest = (out / "publications.json").read_text()
    app = build(make_app, "pdf", project)
    assert "guide.pdf: unchanged" in app.status.getvalue()
    assert (out / "guide.pdf").stat().st_mtime_ns == first
    assert (out / "publications.json").read_text() == manifest
    foreword = project / "foreword.md"
    foreword.write_text(foreword.read_text() + "\n\nOne more sentence for the PDF.\n")
    app = build(make_app, "pdf", project)
    assert "guide.pdf: unchanged" not in app.status.getvalue()
    assert "One more sentence for the PDF." in "".join(
        page.extract_text() for page in PdfReader(out / "guide.pdf").pages)


def test_publications_print_at_once_under_j_and_come_out_the_same(make_app, project,
                                                                  monkeypatch):
    """``-j 2``: the publications are assembled in the builder and printed on two processes
    at once (WeasyPrint is most of a PDF's time); each PDF is the bytes ``-j 1`` prints, and
    a publication's problems are still reported."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733011200")  # the same dates in both PDFs
    conf = project / "conf.py"
    conf.write_text(conf.read_text("utf-8") + '\npdf_documents += [("foreword", '
                    '"foreword.pdf", "Foreword", None, {})]\n', "utf-8")
    printed = {}
    for jobs in (1, 2):
        shutil.rmtree(project / "_build", ignore_errors=True)  # nothing kept from the last
        app = make_app("pdf", srcdir=project, parallel=jobs)
        assert app.builder.processes == jobs  # -j reaches the printing
        app.build()
        printed[jobs] = {name: (app.outdir / name).read_bytes()
                         for name in ("guide.pdf", "foreword.pdf")}
        manifest = json.loads((app.outdir / "publications.json").read_text("utf-8"))
        assert sorted(manifest) == ["foreword.pdf", "guide.pdf"]
    assert printed[2] == printed[1]
    assert all(pdf.startswith(b"%PDF") for pdf in printed[2].values())
