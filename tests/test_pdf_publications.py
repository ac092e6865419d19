"""The site's real publications, read back from the PDFs WeasyPrint wrote.

The PDFs are built once per session from ``docs/`` with ``SOURCE_DATE_EPOCH`` set; every
expectation about the plan comes from the plan model, not from a hand-written list.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from csnet.dates import long_date
from csnet.frontmatter import parse
from csnet.pdf import build_publications
from csnet.plan.as_of import git_date
from csnet.plan.reader import read_plan
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from tests.helpers import DOCS

EPOCH = 1700000000  # 14 November 2023, 22:13:20 UTC
PLAN = "our-work-and-programmes.pdf"
#: the news, one PDF per year (by_year), with its post and that post's date in the contents
NEWS = {"news-2022.pdf": ("Helping you succeed in your career", "13 January 2022"),
        "news-2021.pdf": ("What we're planning to do", "15 November 2021"),
        "news-2019.pdf": ("Creating a Leaders of Networks Forum", "3 January 2019")}
NAMES = (PLAN, "mission-statement.pdf", *NEWS)
PAGES = {PLAN: (15, 40), "mission-statement.pdf": (2, 2), **dict.fromkeys(NEWS, (3, 12))}
WITH_CONTENTS = (PLAN, *NEWS)  # the mission statement's entries all sit on one page
BUILT = dt.datetime.fromtimestamp(EPOCH, dt.UTC).date()
# the plan is judged as of its last update (csnet.plan.as_of): its 'last_modified_at:', else
# its last commit, whatever the build date
_PLAN = DOCS / "publication" / "our-plan.md"
_UPDATED = parse(_PLAN.read_text("utf-8")).data.get("last_modified_at")
AS_OF = (dt.date.fromisoformat(str(_UPDATED)[:10]) if _UPDATED
         else git_date(_PLAN, BUILT) or dt.date(2021, 11, 15))


def _build(outdir: Path, names=()) -> dict:
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(EPOCH)
    try:
        return build_publications(DOCS, outdir, names=names)
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    outdir = tmp_path_factory.mktemp("pdf")
    results = _build(outdir)
    assert sorted(results) == sorted(NAMES)
    return outdir


@pytest.fixture(scope="session")
def plan_model():
    page = DOCS / "publication" / "our-plan.md"
    plan, _ = read_plan(parse(page.read_text("utf-8")), "publication/our-plan", "")
    return plan.without_duplicates()


def reader(built: Path, name: str) -> PdfReader:
    return PdfReader(built / name)


def text_of(pdf: PdfReader, pages=None) -> str:
    """The PDF's text with runs of whitespace (line breaks inside cells) made one space."""
    chosen = pdf.pages if pages is None else [pdf.pages[i] for i in pages]
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in chosen))


def outline(pdf: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, 1-based page) of every bookmark, in order."""
    found = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, pdf.get_destination_page_number(item) + 1))

    walk(pdf.outline, 1)
    return found


def resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


@pytest.mark.parametrize("name", NAMES)
def test_page_count_in_range(built, name):
    low, high = PAGES[name]
    assert low <= len(reader(built, name).pages) <= high


def test_plan_has_every_objective_milestone_and_team_member(built, plan_model):
    assert len(plan_model.objectives) == 16
    assert len(plan_model.milestones) == 126  # 127 in the file, one an exact duplicate
    text = text_of(reader(built, PLAN)).replace("’", "'")
    for objective in plan_model.objectives:
        assert objective.name in text
        assert objective.description in text
        for member in objective.team:
            assert member in text, (objective.name, member)
    # every milestone row, with its date and status, as many times as the plan has it
    rows = Counter(" ".join(filter(None, (m.name, m.details, m.when(), m.status_text(AS_OF))))
                   for _, m in plan_model.milestones)
    assert sum(rows.values()) == 126
    def bare(words: str) -> str:  # a cell's line break at a hyphen is not kept as text
        return re.sub(r"[\s-]", "", words)

    text = bare(text)
    for row, count in rows.items():
        assert text.count(bare(row)) >= count, row


def test_milestone_tables_repeat_their_header_on_every_page(built, plan_model):
    pdf = reader(built, PLAN)
    starts = [(page, title) for level, title, page in outline(pdf) if level == 3]
    appendix = next(page for level, title, page in outline(pdf)
                    if level == 1 and title.startswith("Our mission statement"))
    continued = 0
    for (start, title), (end, _) in zip(starts, [*starts[1:], (appendix, "")], strict=True):
        for number in range(start + 1, end + 1 if end > start else start + 1):
            text = text_of(pdf, [number - 1]).replace("’", "'")
            if number == end and text.find(title) < 0:
                continue  # the next objective starts at the top of this page
            # a page that continues an objective's table repeats its header and says so
            assert "Milestone Target date Status" in text
            assert f"{title} (continued)" in text, (number, title)
            continued += 1
    assert continued >= 5  # the long tables (24 and 25 milestones) do run over
    # a page that starts with an objective's own header does not say "continued"
    for start, title in starts:
        first = text_of(pdf, [start - 1]).replace("’", "'")
        if first.index(title) > first.find("Milestone") > 0:
            continue  # this page begins with the end of the previous objective
        assert "(continued)" not in first.split(title)[0] or first.count(title) > 1


def test_plan_opens_with_its_own_title_and_dashboard(built):
    pdf = reader(built, PLAN)
    titles = [title for level, title, _ in outline(pdf) if level == 1]
    assert titles == ["Contents", "Our work and programmes",
                      "Our mission statement and objectives"]  # the appendix
    after_contents = text_of(pdf, [2, 3])
    for words in ("Progress at a glance", f"Progress as of {long_date(AS_OF)}.",
                  "126 milestones:", "Objectives at a glance",
                  "Timeline of milestones by objective"):
        assert words in after_contents
    first = text_of(pdf, [0])
    for words in ("Civil Service LGBT+ Network", "Our work and programmes",
                  "This document explains the work", "Published 15 November 2021",
                  f"Progress as of {long_date(AS_OF)}"):
        assert words in first


@pytest.mark.parametrize("name", NEWS)
def test_news_one_pdf_per_year_its_posts_dated_in_the_contents(built, name):
    pdf = reader(built, name)
    wanted, date = NEWS[name]
    assert pdf.metadata.title.endswith(": " + name[5:9])  # "News from ...: 2022"
    posts = [(title.replace("’", "'"), page)
             for level, title, page in outline(pdf) if level == 1][2:]
    assert [title for title, _ in posts] == [wanted]
    contents = text_of(pdf, [1]).replace("’", "'")
    assert f"{wanted} \N{EN DASH} {date}" in contents
    for title, page in posts:  # each post starts a page with its title, byline and excerpt
        start = text_of(pdf, [page - 1]).replace("’", "'")
        assert start.startswith(title)
        assert re.search(r"By \w+.*Published \d+ \w+ \d{4}", start)


@pytest.mark.parametrize("name", NAMES)
def test_outline_titles_are_clean(built, name):
    titles = [title for _, title, _ in outline(reader(built, name))]
    assert (titles[0] == "Contents") is (name in WITH_CONTENTS)
    for title in titles:
        assert title.strip() == title and title
        assert "¶" not in title and "#" not in title


def test_outline_has_every_objective(built, plan_model):
    pdf = reader(built, PLAN)
    level3 = [(title, page) for level, title, page in outline(pdf) if level == 3]
    assert [title for title, _ in level3] == [o.name for o in plan_model.objectives]
    # the dashboard's table of objectives gives the same page numbers in print
    text = text_of(pdf).replace("’", "'")
    for title, page in level3:
        assert re.search(rf"{re.escape(title)}, page {page} (Complete|Behind schedule|On track)",
                         text), title


def test_a_one_page_publication_has_no_contents_page(built):
    pdf = reader(built, "mission-statement.pdf")
    assert "Contents" not in text_of(pdf)
    assert text_of(pdf, [1]).startswith("Our mission statement and objectives")


@pytest.mark.parametrize("name", WITH_CONTENTS)
def test_contents_numbers_are_the_bookmarked_pages(built, name):
    pdf = reader(built, name)
    lines = pdf.pages[1].extract_text().splitlines()
    assert lines[0] == "Contents"
    assert lines[-1] == f"Page 2 of {len(pdf.pages)}"
    # a post's line ends with its date
    date = " \N{EN DASH} " + NEWS[name][1] if name in NEWS else None
    contents = [(match.group(1).removesuffix(date or ""), int(match.group(2)))
                for line in lines[1:-2]
                if (match := re.fullmatch(r"(.+?)\s*\.{3,}\s*(\d+)", line.strip()))]
    assert len(contents) == len(lines) - 3  # every line but the title, header and footer
    bookmarks = [(level, title, page) for level, title, page in outline(pdf)][1:]
    listed = {title for title, _ in contents}
    # the contents lists the bookmarks down to its depth (news: one line per post)
    assert contents == [(title, page) for _, title, page in bookmarks if title in listed]
    assert {title for level, title, _ in bookmarks if level == 1} <= listed
    assert len(contents) >= 2


@pytest.mark.parametrize("name", NAMES)
def test_metadata_language_and_tags(built, name):
    pdf = reader(built, name)
    info = pdf.metadata
    assert info.title and info.author == "Civil Service LGBT+ Network" and info.subject
    assert info["/CreationDate"] == "D:20231114221320Z"
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root
    assert bool(resolve(root["/MarkInfo"])["/Marked"])
    xmp = resolve(root["/Metadata"]).get_data()
    assert b"pdfuaid:part" in xmp or b'pdfuaid:part="1"' in xmp


@pytest.mark.parametrize("name", NAMES)
def test_an_independent_validator_finds_them_pdf_ua_1(built, name):
    """``page-validation`` (it passes the veraPDF corpus; reference/developer.md#trap-pdf-ua),
    not only that tags exist: loose list items and links holding markup used to fail it."""
    import page

    report = page.validate_pdf(built / name, profile=page.ValidationProfile.PDF_UA_1)
    assert [(f.rule_id, f.message) for f in report.failures] == []
    assert report.is_compliant


def test_plan_metadata(built):
    info = reader(built, PLAN).metadata
    assert info.title == "Our work and programmes"
    assert info.subject.startswith("This document explains the work and programmes")


@pytest.mark.parametrize("name", NAMES)
def test_fonts_are_the_bundled_font_and_embedded(built, name):
    pdf = reader(built, name)
    fonts = {}
    for page in pdf.pages:
        for font in resolve(page["/Resources"]).get("/Font", {}).values():
            font = resolve(font)
            fonts[str(font["/BaseFont"])] = font
    assert fonts
    for base, font in fonts.items():
        assert "+Atkinson-Hyperlegible" in base, base  # a subset of the bundled font
        descendant = resolve(font["/DescendantFonts"][0]) if "/DescendantFonts" in font else font
        descriptor = resolve(descendant["/FontDescriptor"])
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), base


def test_links_inside_and_out(built):
    pdf = reader(built, PLAN)
    internal = external = 0
    for page in pdf.pages:
        for annot in page.get("/Annots", []):
            annot = resolve(annot)
            action = resolve(annot.get("/A", {}))
            if "/Dest" in annot or action.get("/S") == "/GoTo":
                internal += 1
            elif action.get("/S") == "/URI":
                external += 1
                assert str(action["/URI"]).startswith(("https://", "mailto:"))
    assert internal >= 16 * 2  # contents page and the plan's list of objectives
    assert external >= 1  # the contact address


@pytest.mark.parametrize("name", NAMES)
def test_qpdf_check(built, name):
    result = subprocess.run(["qpdf", "--check", str(built / name)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


def test_same_input_same_bytes(built, tmp_path):
    again = _build(tmp_path, names=(PLAN,))
    assert list(again) == [PLAN]
    assert (tmp_path / PLAN).read_bytes() == (built / PLAN).read_bytes()


def test_manifest_records_pages_and_size(built):
    import json

    manifest = json.loads((built / "publications.json").read_text())
    assert sorted(manifest) == sorted(NAMES)
    entry = manifest[PLAN]
    assert entry["start"] == "publication/our-plan"
    assert entry["pages"] == len(reader(built, PLAN).pages)
    assert entry["bytes"] == (built / PLAN).stat().st_size


def lines_with_one_word_then_more_of_the_sentence(text: str) -> list[str]:
    """Lines holding one word whose sentence goes on, lower case, on the next line."""
    lines = [line.strip() for line in text.splitlines()]
    return [f"{line} / {after}" for line, after in zip(lines[:-1], lines[1:], strict=True)
            if re.fullmatch(r"\S+", line) and after[:1].islower()]


@pytest.mark.parametrize("name", NAMES)
def test_no_paragraph_breaks_after_its_first_word(built, name):
    # WeasyPrint cannot break at a space just before an inline element and fell back to the
    # paragraph's first space ("With / an ambitious plan"): csnet.pdf.spaces wraps it
    text = subprocess.run(["pdftotext", "-layout", str(built / name), "-"],
                          capture_output=True, text=True, check=True).stdout
    if name == "news-2021.pdf":  # the two paragraphs of issue 12, whole
        words = " ".join(text.split())
        assert "With an ambitious plan" in words and "The latest news" in words
    assert lines_with_one_word_then_more_of_the_sentence(text) == []
