"""Unpublished pages of every layout, in every spelling, reach no output at all (issue 11, 3).

One real project holds a page per (layout, ``published`` spelling) and per future date; it is
built as a website and as PDFs, and every file written is read back. A page that must stay out
carries the word ``xyzzyleak`` in its title, excerpt, category and body, so any leak shows; a
page that must be published carries ``xyzzyshown`` and is looked for in every output.
"""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers.publication_cases import CASES, HIDDEN, LEAK, LIVE, SHOWN, Case, write_project
from tests.helpers.sphinx import build_app, edit_source, warnings_of


def output_texts(outdir: Path) -> dict[str, str]:
    """Every file the build wrote, as text: Sphinx's compressed inventory unpacked, PDFs (read
    with pypdf in their own test) and images as their bytes, decoded."""
    texts = {}
    for path in sorted(outdir.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.name == "objects.inv":  # four header lines, then zlib
                *header, packed = data.split(b"\n", 4)
                data = b"\n".join(header) + zlib.decompress(packed)
            texts[path.relative_to(outdir).as_posix()] = data.decode("utf-8", "replace")
    return texts


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    srcdir = write_project(tmp_path_factory.mktemp("publication"))
    pdf = build_app(srcdir, "pdf")  # first, so the website links and copies the PDFs
    app = build_app(srcdir)
    return app, pdf, output_texts(Path(app.outdir))


def page_file(case: Case) -> str:
    return f"{case.docname}/index.html"


# -- what stays out ---------------------------------------------------------------------------
@pytest.mark.parametrize("case", HIDDEN, ids=str)
def test_an_unpublished_page_reaches_no_output(built, case):
    _app, _pdf, texts = built
    assert page_file(case) not in texts
    for folder in ("old", "perma", "_sources"):  # redirects, the copied source
        assert not [name for name in texts if name.startswith(f"{folder}/{case.docname}")
                    or name.startswith(f"{folder}/{case.slug}")]
    # not in any list, the feed, the sitemap, the search index, a plan export or a redirect
    assert not [name for name, text in texts.items() if case.slug in name or case.slug in text]


def test_no_trace_of_an_unpublished_page_in_any_file(built):
    app, _pdf, texts = built
    assert len(texts) > 100  # the site was built
    assert "pages/page-c" in texts["objects.inv"]  # unpacked: it lists the published pages
    assert not [name for name, text in texts.items() if LEAK in name or LEAK in text]
    assert not [name for name in texts if name.startswith(("_downloads/", "_images/leak"))]
    plans = sorted(name for name in texts if name.endswith("/milestones.ics"))
    assert plans == sorted(f"{c.docname}/milestones.ics" for c in LIVE
                           if c.layout == "business-plan")


def test_the_date_address_of_a_draft_post_is_no_redirect(built):
    _app, _pdf, texts = built
    assert "news/2021/06/03/dated-shown/index.html" in texts  # Jekyll's address: a redirect
    assert not [name for name in texts if "dated-hidden" in name]


def test_parallel_output_equals_serial(tmp_path):
    from tests.helpers.sphinx import SKIP, sphinx_build

    srcdir = write_project(tmp_path, cases=CASES[::5])
    serial, parallel = tmp_path / "j1", tmp_path / "j2"
    sphinx_build(srcdir, serial, "-j", "1")
    sphinx_build(srcdir, parallel, "-j", "2")
    one, two = (output_texts(folder) for folder in (serial, parallel))
    one, two = ({name: text for name, text in texts.items() if not name.startswith(".doctrees")
                 and name.rpartition("/")[2] not in SKIP} for texts in (one, two))
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert not [name for name, text in one.items() if LEAK in name or LEAK in text]


@pytest.mark.parametrize("case", LIVE, ids=str)
def test_a_published_page_reaches_every_output(built, case):
    app, _pdf, texts = built
    url = f"https://example.org/{case.docname}/"
    assert f"<loc>{url}</loc>" in texts["sitemap.xml"]
    assert f'"{case.docname}"' in texts["searchindex.js"]
    assert MOVED in texts[f"old/{case.slug}/index.html"]
    assert MOVED in texts[f"perma/{case.slug}/index.html"]
    home = texts["index.html"]
    if case.layout == "news":
        assert url in texts["feed.xml"]
        title = f"{SHOWN} {case.slug}"
        assert title in home and title in texts["news/index.html"]  # in the news lists
        assert f"news/category/{SHOWN}-{case.slug}/index.html" in texts
    elif case.layout in ("publication", "business-plan"):
        assert f"{SHOWN} {case.slug}" in home  # in the publication-list
    if case.layout == "business-plan":
        plan = json.loads(texts[f"{case.docname}/plan.json"])
        assert plan["objectives"][0]["name"] == f"{SHOWN} objective"
        assert f"{SHOWN} milestone" in texts[f"{case.docname}/milestones.ics"]


MOVED = "This page has moved"


# -- warnings ---------------------------------------------------------------------------------
@pytest.mark.parametrize("case", [case for case in CASES if case.warns], ids=str)
def test_a_value_neither_yes_nor_no_is_a_located_warning(built, case):
    app, _pdf, _texts = built
    line = case.source().split("\n").index(f"published: {case.published}") + 1
    found = [w for w in warnings_of(app) if f"{case.docname}.md:{line}:" in w]
    assert len(found) == 1, warnings_of(app)
    assert "[csnet.published]" in found[0] and "published: true" in found[0]
    assert "published: false" in found[0] and "left out" in found[0]


def test_only_unreadable_values_warn(built):
    app, _pdf, _texts = built
    published = [w for w in warnings_of(app) if "csnet.published" in w]
    assert len(published) == len([case for case in CASES if case.warns])
    assert not [w for w in warnings_of(app) if "toctree" in w or "nonexisting" in w]


def test_the_toctree_leaves_out_unpublished_pages_quietly(built):
    app, pdf, texts = built
    status = pdf.status.getvalue()  # the PDF build read the pages first (one environment)
    assert "the toctree leaves out pages/page-hidden, which is not published" in status
    assert "Secret" not in texts["index.html"]  # the explicit title of a hidden entry
    assert "pages/page-hidden" not in texts["index.html"]
    assert "about/" in texts["index.html"]  # the published entries are still there


# -- PDFs ------------------------------------------------------------------------------------
def test_pdfs_leave_out_unpublished_pages_and_posts(built):
    app, pdf, texts = built
    text = "\n".join(page.extract_text() for page in PdfReader(
        Path(pdf.outdir) / "report.pdf").pages)
    assert LEAK not in text
    assert "Annual report" in text
    live_posts = [case for case in LIVE if case.layout == "news"]
    assert all(case.slug in text for case in live_posts)
    assert sorted(p.name for p in Path(pdf.outdir).glob("*.pdf")) == ["report.pdf"]
    assert "publication/report/report.pdf" in texts  # beside its page on the website
    assert not [name for name in texts if name.endswith("hidden.pdf")]
    assert not [w for w in warnings_of(pdf) if "page-hidden" in w or "publication-hidden" in w]


# -- special cases ---------------------------------------------------------------------------
@pytest.fixture
def small(tmp_path) -> Path:
    return write_project(tmp_path, cases=[])


def test_the_home_page_is_always_published(small):
    (small / "index.md").write_text("---\npublished: false\n---\n"
                                    + (small / "index.md").read_text("utf-8"), "utf-8")
    app = build_app(small)
    assert (Path(app.outdir) / "index.html").is_file()
    assert [w for w in warnings_of(app) if "index.md:2:" in w and "home page is always"
            in w and "[csnet.published]" in w]


@pytest.mark.parametrize("setting", ["csnet_drafts", "news_drafts"])
def test_the_drafts_switch_publishes_everything(small, setting):
    app = build_app(small, **{setting: True})
    out = Path(app.outdir)
    assert (out / "pages/page-hidden/index.html").is_file()
    assert "pages/page-hidden/" in (out / "sitemap.xml").read_text("utf-8")
    assert "publication-hidden/" in (out / "index.html").read_text("utf-8")
    assert (out / "old/publication-hidden/index.html").is_file()


def test_a_plain_page_without_front_matter_is_published(small):
    (small / "plain.md").write_text("# Plain\n\npublished: false is only body text here.\n")
    app = build_app(small)
    assert (Path(app.outdir) / "plain/index.html").is_file()
    assert not re.search(r"plain.*csnet\.published", "\n".join(warnings_of(app)))


def test_a_publication_made_a_draft_loses_its_pdf(small):
    out = Path(build_app(small, "pdf").outdir)
    site = Path(build_app(small).outdir)
    assert (out / "report.pdf").is_file()
    assert (site / "publication/report/report.pdf").is_file()
    edit_source(small / "publication/report.md", "layout: publication",
                "layout: publication\npublished: No")
    build_app(small, "pdf")
    build_app(small)
    assert not (out / "report.pdf").exists()
    assert "report.pdf" not in (out / "publications.json").read_text("utf-8")
    assert not (site / "publication/report").exists()
