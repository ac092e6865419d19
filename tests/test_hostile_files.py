"""Nothing in a page reads a file of the build machine (issue 24): the PDF renderer's
fetcher, every directive that reads a file, the importer's symbolic links. Each input is
built in a real project and every output read back (HTML, the PDF with its streams
inflated)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers import TESTS
from tests.helpers.sphinx import build_app, warnings_of

SECRET = "TOP-SECRET-7f3a9c"  # what the build machine's file holds


@pytest.fixture(scope="module")
def secret(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("machine") / "secret.txt"
    path.write_text(f"DEPLOY_TOKEN={SECRET}\n", "utf-8")
    return path


def inflated(pdf: Path) -> bytes:
    """The PDF's bytes with every stream decompressed (qpdf), so nothing hides in them."""
    out = pdf.with_suffix(".qdf.pdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(pdf), str(out)],
                   check=True)
    return out.read_bytes()


@pytest.fixture(scope="module")
def hostile_pdf(tmp_path_factory, secret):
    srcdir = tmp_path_factory.mktemp("hostile") / "src"
    shutil.copytree(TESTS / "roots" / "test-hostile-files", srcdir)
    relative = Path("..", "..", *secret.relative_to(srcdir.parent.parent).parts).as_posix()
    for name in ("index.md", "inner.svg"):
        path = srcdir / name
        path.write_text(path.read_text("utf-8").replace("SECRET-NAME", relative)
                        .replace("file:///SECRET", secret.as_uri()), "utf-8")
    return build_app(srcdir, "pdf")


def test_no_file_outside_the_site_reaches_the_pdf_and_the_pdf_is_written(hostile_pdf):
    pdf = hostile_pdf.outdir / "hostile.pdf"
    assert pdf.is_file()
    assert not PdfReader(pdf).attachments  # nothing embedded
    raw = inflated(pdf)
    assert SECRET.encode() not in raw and b"DEPLOY_TOKEN" not in raw
    assert b"PATH=" not in raw  # the build's environment (/proc/self/environ)
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "The rest is still printed." in text and "A background." in text


def test_each_refused_address_is_a_located_warning(hostile_pdf):
    """Two layers: raw HTML loses what fetches (csnet.rawhtml: links, styles, embeds,
    file: addresses), and the PDF's fetcher refuses what still asks for a file, here the
    drawing's own pictures (csnet.pdf.render)."""
    warnings = warnings_of(hostile_pdf)
    for line in (3, 5, 7, 9, 11, 13, 15, 17):  # every hostile line of index.md
        assert any(f"index.md:{line}:" in w and ("[csnet.html]" in w or "[csnet.path]" in w)
                   for w in warnings), (line, warnings)
    fetcher = [w for w in warnings if "printed without it" in w]
    assert any("secret.txt" in w for w in fetcher) and any("x.png" in w for w in fetcher)
    assert not [w for w in warnings if "[csnet.pdf]" in w]


def test_the_fetcher_alone_refuses_what_raw_html_could_still_name(tmp_path, secret):
    """Without the raw HTML layer (a document given straight to the renderer), every way
    WeasyPrint fetches is still refused: attachments, stylesheets, @import, backgrounds,
    embeds, objects and drawings' pictures."""
    from csnet.pdf.render import render

    docs = tmp_path / "docs"
    docs.mkdir()
    root = TESTS / "roots" / "test-hostile-files"
    (docs / "inner.svg").write_text((root / "inner.svg").read_text("utf-8").replace(
        "file:///SECRET", secret.as_uri()), "utf-8")
    page = (root / "index.md").read_text("utf-8")
    body = "\n".join(line for line in page.splitlines() if line.startswith("<"))
    body = body.replace("file:///SECRET", secret.as_uri()).replace("SECRET-NAME",
                                                                     "../machine/secret.txt")
    result = render(f'<!DOCTYPE html><html lang="en"><head><title>T</title></head><body>'
                    f"{body}<p>Printed.</p></body></html>", docs.as_uri() + "/", (), (docs,))
    assert not result.errors, result.errors
    refused = set(result.refused)
    assert {secret.as_uri(), "file:///proc/self/environ", "https://evil.example/remote.css",
            "https://evil.example/imported.css", "https://evil.example/x.png"} <= refused, refused
    assert SECRET.encode() not in result.pdf


READERS = {
    "rst-literal": "```{eval-rst}\n.. include:: SECRET\n   :literal:\n```\n",
    "rst-code": "```{eval-rst}\n.. include:: SECRET\n   :code: text\n```\n",
    "rst-parsed": "```{eval-rst}\n.. include:: SECRET\n```\n",
    "myst-literal": "```{include} SECRET\n:literal:\n```\n",
    "literalinclude-diff": "```{literalinclude} inside.txt\n:diff: SECRET\n```\n",
    "csv-file": "```{csv-table} T\n:file: SECRET\n```\n",
    "raw-file": "```{raw} html\n:file: SECRET\n```\n",
    "rst-raw-file": "```{eval-rst}\n.. raw:: html\n   :file: SECRET\n```\n",
    "rst-csv-file": "```{eval-rst}\n.. csv-table:: T\n   :file: SECRET\n```\n",
    "rst-literalinclude": "```{eval-rst}\n.. literalinclude:: SECRET\n```\n",
}


@pytest.fixture(scope="module")
def readers(tmp_path_factory, secret):
    srcdir = tmp_path_factory.mktemp("readers") / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["csnet"]\nexclude_patterns = ["_build"]\n')
    (srcdir / "inside.txt").write_text("inside\n")
    names = "\n".join(READERS)
    (srcdir / "index.md").write_text(f"# Home\n\n```{{toctree}}\n{names}\n```\n")
    relative = Path("..", "..", *secret.relative_to(srcdir.parent.parent).parts).as_posix()
    for name, body in READERS.items():
        # the page's heading is line 1, the directive starts on line 3
        (srcdir / f"{name}.md").write_text(
            f"# {name}\n\n{body.replace('SECRET', relative)}\nAfter.\n", "utf-8")
    (srcdir / "absolute.md").write_text(  # a path from / is from docs/, not the disk
        f"# absolute\n\n```{{eval-rst}}\n.. include:: {secret}\n   :literal:\n```\n")
    return build_app(srcdir, "html")


@pytest.mark.parametrize("name", [*READERS, "absolute"])
def test_every_way_of_reading_a_file_goes_through_the_path_check(readers, name):
    page = (readers.outdir / f"{name}.html").read_text("utf-8")
    assert SECRET not in page and "DEPLOY_TOKEN" not in page
    if name != "absolute":
        assert "After." in page
        assert any(f"{name}.md:" in w and "[csnet.path]" in w and "outside" in w
                   for w in warnings_of(readers)), [w for w in warnings_of(readers) if name in w]


def test_the_importer_follows_no_link_out_of_the_old_site(tmp_path, secret):
    """A ``_data`` file or a post that is a symbolic link is not read, and the report
    names each one."""
    from csnet.importer import import_site

    site = tmp_path / "old"
    (site / "_data").mkdir(parents=True)
    (site / "_posts").mkdir()
    (site / "_data" / "menus.yml").symlink_to(secret)
    (site / "_data" / "team").symlink_to(secret.parent, target_is_directory=True)
    (site / "_posts" / "2024-01-02-leak.md").symlink_to(secret)
    (site / "_posts" / "2024-01-03-real.md").write_text("---\ntitle: Real\n---\nReal post.\n")
    (site / "_config.yml").write_text("title: Old\n")
    docs = tmp_path / "docs"
    report = import_site(site, docs)
    written = "".join(p.read_text("utf-8", "replace") for p in docs.rglob("*") if p.is_file())
    assert SECRET not in written and "DEPLOY_TOKEN" not in written
    assert "Real post." in written
    text = report.text()
    for name in ("_data/menus.yml", "_data/team", "_posts/2024-01-02-leak.md"):
        assert name in text and "symbolic link" in text, (name, text)


def png_header(width: int, height: int) -> bytes:
    """A PNG that says it is ``width`` x ``height`` (a few bytes on disk: a decompression
    bomb's header is all Pillow reads before refusing)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = zlib.compress(b"\0" * (width // 8 + 1) * 4)  # the first rows of a 1-bit picture
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0,
                                                           0, 0, 0))
            + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


@pytest.mark.parametrize("builder", ["dirhtml", "pdf"])
def test_a_picture_with_too_many_pixels_is_a_located_warning_in_both_builders(tmp_path,
                                                                            builder):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["csnet"]\nexclude_patterns = ["_build"]\n'
                                    'pdf_documents = [("index", "site.pdf", None, None, {})]\n')
    (srcdir / "bomb.png").write_bytes(png_header(30_000, 30_000))  # Pillow's bomb error
    (srcdir / "big.png").write_bytes(png_header(10_000, 10_000))  # Pillow only warns
    (srcdir / "index.md").write_text("# Home\n\n![A huge picture](bomb.png)\n\n"
                                     '<img src="big.png" alt="A big one">\n\nAfter.\n')
    app = build_app(srcdir, builder)
    images = [w for w in warnings_of(app) if "[csnet.image]" in w]
    assert any("index.md:3:" in w and "bomb.png" in w and "too many pixels" in w
               for w in images), images
    assert any("index.md:5:" in w and "big.png" in w and "10,000 x 10,000 pixels" in w
               for w in images), images
    if builder == "pdf":
        text = PdfReader(app.outdir / "site.pdf").pages[-1].extract_text()
    else:
        text = (app.outdir / "index.html").read_text("utf-8")
        assert not list(app.outdir.glob("_images/*.png"))  # neither copied
    assert "[Picture: A huge picture]" in text and "After." in text


def test_email_links_that_add_recipients_are_refused(tmp_path):
    """Hidden recipients are refused; a prepared subject and message are kept (the old site's
    email groups are joined by sending a prepared "SUBSCRIBE" email)."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["csnet"]\nexclude_patterns = ["_build"]\n')
    (srcdir / "index.md").write_text(
        "# Mail\n\n[Write to us](mailto:a@example.org?cc=b@evil.example)\n\n"
        "[Say hello](mailto:a@example.org?subject=Hello)\n\n"
        '<a href="mailto:a@example.org?bcc=c@evil.example">Raw</a>\n\n'
        '<a href="mailto:wales+subscribe@example.org?subject=SUBSCRIBE&body=Send%20this">'
        "Subscribe</a>\n")
    app = build_app(srcdir, "html")
    page = (app.outdir / "index.html").read_text("utf-8")
    assert "evil" not in page
    assert "subject=Hello" in page and "Write to us" in page and "Raw" in page
    assert 'href="mailto:wales+subscribe@example.org?subject=SUBSCRIBE&amp;body=Send%20this"' \
        in page
    warnings = warnings_of(app)
    assert any("index.md:3:" in w and "also sets cc" in w for w in warnings), warnings
    assert any("index.md:7:" in w and "[csnet.html]" in w for w in warnings), warnings
    assert not any("index.md:9:" in w for w in warnings), warnings


def test_dates_at_the_ends_of_time_stop_no_build_and_no_pdf(tmp_path):
    """9999-12-31, offsets that overflow the year and year 1, in posts printed in a news PDF
    with sections in its contents (the posts' 'Latest news', not printed, is not listed)."""
    srcdir = tmp_path / "src"
    (srcdir / "news").mkdir(parents=True)
    (srcdir / "conf.py").write_text(
        'extensions = ["csnet"]\nexclude_patterns = ["_build"]\n'
        'pdf_documents = [("news/index", "news.pdf", "News", "Us", {"posts": True})]\n')
    (srcdir / "index.md").write_text("# Home\n\n```{toctree}\nnews/index\n```\n")
    (srcdir / "news" / "index.md").write_text("# News\n\n```{news-list}\n```\n")
    dates = {"far": "9999-12-31", "over": "9999-12-31T23:00:00-05:00",
             "under": "0001-01-01T00:00:00+05:00", "fine": "2024-01-02"}
    for name, date in dates.items():
        (srcdir / "news" / f"{name}.md").write_text(
            f"---\nlayout: news\ntitle: {name.title()}\ndate: {date}\n---\nWords of {name}.\n")
    for builder in ("dirhtml", "pdf"):  # the second reuses the first's reading
        app = build_app(srcdir, builder)
        warnings = warnings_of(app)
        for name in ("far", "over", "under") if builder == "dirhtml" else ():
            assert any(f"{name}.md:4:" in w and "[csnet.date]" in w for w in warnings), name
        assert not [w for w in warnings if "[csnet.pdf]" in w], warnings
    text = " ".join(p.extract_text() for p in PdfReader(app.outdir / "news.pdf").pages)
    assert "Words of fine." in text


def test_no_file_that_runs_as_a_page_of_the_site_is_published(tmp_path):
    """A drawing with a script, or a web page offered as a download, would run on the site's
    own address when opened (no Content-Security-Policy reaches a file)."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["csnet"]\nexclude_patterns = ["_build"]\n')
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{}</svg>'
    (srcdir / "evil.svg").write_text(svg.format("<script>steal()</script>"))
    (srcdir / "handler.svg").write_text(svg.format('<rect width="5" height="5" '
                                                   'onload="steal()"/>'))
    (srcdir / "fine.svg").write_text(svg.format('<rect width="5" height="5"/>'))
    (srcdir / "page.html").write_text("<script>steal()</script>")
    (srcdir / "index.md").write_text(
        "# Files\n\n![An evil drawing](evil.svg)\n\n![A handler](handler.svg)\n\n"
        "![A fine drawing](fine.svg)\n\n{download}`The page <page.html>`\n")
    app = build_app(srcdir, "dirhtml")
    published = [p for p in app.outdir.rglob("*") if p.is_file()]
    assert not [p for p in published if "steal()" in p.read_text("utf-8", "replace")]
    assert [p for p in published if p.name.startswith("fine")]
    warnings = warnings_of(app)
    for line, words in ((3, "could run code"), (5, "onload attribute"), (9, "web page")):
        assert any(f"index.md:{line}:" in w and words in w for w in warnings), (line, warnings)
    page = (app.outdir / "index.html").read_text("utf-8")
    assert "[Picture: An evil drawing]" in page and "The page" in page
