"""Import whole Jekyll sites, build the result with Sphinx, and check that no word is lost."""

from __future__ import annotations

import html
import json
import re
import shutil
import unicodedata
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from csnet.frontmatter import split
from csnet.importer import import_site
from csnet.importer.cli import main
from csnet.importer.manifest import MANIFEST
from csnet.importer.run import decode
from csnet.importer.sections import HOME_START
from sphinx.testing.util import SphinxTestApp

from tests.helpers import DOCS, TESTS
from tests.helpers.snapshots import check_snapshot
from tests.helpers.sphinx import warnings_of

SITE = TESTS / "fixtures" / "jekyll-site"
SEEDS = TESTS / "fixtures" / "seeds"
INDEX = """# Imported site

```{toctree}
:glob:
:hidden:

**
```
"""
#: words the old site did not show either: a false {% if %} branch, Liquid and kramdown comments,
#: mojibake the importer repaired
NOT_SHOWN = {
    "_news/2021-02-02-liquid.md": "nobody signed this anonymous piece",
    "_news/2021-11-15-timestamp-and-text-repair.md": "networkâ networkâ itâ tms",
}
#: the warnings the build gives for the fixture site, each one listed in the import report
EXPECTED_WARNINGS = {
    ("news/2022/06/30/impossible-date", "csnet.date"),
    ("news/2018/08/25/month-twenty-five", "csnet.date"),
    ("news/2022/07/05/corrupt-date", "csnet.date"),
    ("broken-yaml", "csnet.yaml"),
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    docs = tmp_path_factory.mktemp("imported") / "docs"
    docs.mkdir()
    shutil.copy(DOCS / "conf.py", docs / "conf.py")
    (docs / "index.md").write_text(INDEX)
    return docs, import_site(SITE, docs)


@pytest.fixture(scope="module")
def built(imported):
    docs, report = imported
    return build(docs, docs.parent / "build"), report


def build(docs: Path, builddir: Path) -> SimpleNamespace:
    """Build ``docs`` with the dirhtml builder: its output folder and warnings."""
    app = SphinxTestApp("dirhtml", srcdir=docs, builddir=builddir, freshenv=True,
                        confoverrides={"news_drafts": True, "plan_as_of": "2022-01-01"})
    try:
        app.build()
        return SimpleNamespace(outdir=app.outdir, srcdir=app.srcdir, warnings=warnings_of(app))
    finally:
        app.cleanup()


def words(text: str) -> Counter:
    text = unicodedata.normalize("NFKC", text).casefold()
    return Counter(re.findall(r"[^\W_]+", text))


def source_words(source: str) -> Counter:
    """The words a reader saw on the old site: the body without markup, Liquid or comments."""
    source = source.replace("\r\n", "\n")
    _, length = split(source)
    text = "\n".join(source.split("\n")[length:])
    for pattern in (r"<!--.*?-->", r"<style.*?</style>", r"\{%-?\s*comment.*?endcomment\s*-?%\}",
                    r"\{::comment\}.*?\{:/comment\}", r"^.*\n\s*\{:\s*toc\s*\}",
                    r"\{%.*?%\}", r"\{\{.*?\}\}", r"\{:[^}]*\}", r"\{#[^}]*\}",
                    r"!\[[^\]]*\]\([^)]*\)", r"\]\([^)]*\)", r"<[^>]+>", r"^\s*\d+[.)]\s"):
        text = re.sub(pattern, " ", text, flags=re.S | re.M)
    return words(html.unescape(text))


def page_words(outdir: Path, target: str) -> Counter:
    docname = target[: -len(".md")]
    page = outdir / ("index.html" if docname == "index" else f"{docname}/index.html")
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return words(soup.select_one("article").get_text(" "))


def test_every_word_of_every_page_is_in_the_built_page(built):
    app, report = built
    assert len(report.pages) == 17
    lost = {}
    for source, target in report.pages.items():
        text = (SITE / source).read_bytes().decode("utf-8", errors="replace")
        if "\ufffd" in text:  # the Windows-1252 file
            text = (SITE / source).read_bytes().decode("cp1252")
        missing = source_words(text) - page_words(app.outdir, target) - words(
            NOT_SHOWN.get(source, ""))
        if missing:
            lost[source] = sorted(missing)
    assert lost == {}


def test_the_build_warns_only_about_what_the_report_lists(built):
    app, report = built
    found = set()
    for line in app.warnings:
        match = re.match(r"(.+?)\.md:\d+: (?:WARNING|ERROR): .*\[(\S+)\]$", line)
        assert match, line
        found.add((Path(match.group(1)).relative_to(app.srcdir).as_posix(), match.group(2)))
    assert found == EXPECTED_WARNINGS
    reported = {report.pages[item.file][: -len(".md")] for item in report.items
                if item.construct in ("URL", "front matter YAML")}
    assert {docname for docname, _ in found} == reported


def test_constructs_come_out_as_the_build_styles_them(built):
    app, _ = built
    guide = (app.outdir / "publication/guide/index.html").read_text()
    soup = BeautifulSoup(guide, "html.parser")
    for cls in ("document-box", "page--divider", "hide-when-printed"):
        assert soup.select(f".{cls}"), cls
    assert soup.select("nav.contents, div.contents, .toc")
    assert soup.select(".callout") and soup.select("details.sd-dropdown")
    assert soup.select("iframe[title='Pride video']")
    word = BeautifulSoup((app.outdir / "news/2021/03/08/word-paste/index.html").read_text(),
                         "html.parser")
    assert [th.get_text(strip=True) for th in word.select("article table th")] == [
        "Time", "Session"]
    assert not word.select("article [style], article .MsoNormal")
    liquid = BeautifulSoup((app.outdir / "news/2021/02/02/liquid/index.html").read_text(),
                           "html.parser")
    kept = liquid.select(".csnet-import-kept")
    # (the undefined value in a sentence is kept too: the old site printed a gap there)
    assert len(kept) == 3 and "now" in kept[0].get_text()
    # the loop over site.news limit: 3 is the build's own list of the newest three posts
    assert len(liquid.select("article ul.csnet-news-list.csnet-full > li")) == 3
    archive = BeautifulSoup(
        (app.outdir / "archives/2019/01/03/headings-and-attributes/index.html").read_text(),
        "html.parser")
    levels = [tag.name for tag in archive.select("article h1, article h2, article h3")]
    assert levels[0] == "h1" and "h1" not in levels[1:]
    assert archive.select_one("h3.rubric").get_text(strip=True) == "A heading inside a quote"
    assert archive.select_one("span.warning-text").get_text() == "this part"
    assert archive.select("blockquote.warning-text") and archive.select("#skipped")
    assert "{" not in archive.select_one("article").get_text()


def test_the_report_counts_collections_and_constructs(imported):
    _, report = imported
    assert dict(report.collections) == {"news": 8, "archives": 1, "publications": 1,
                                        "rules": 1, "pages": 6}
    assert dict(report.statuses) == {"written": 17}
    assert report.count("kramdown {:.document-box}") == 2
    assert report.count("kramdown {:toc}") == 1
    assert report.count("pasted Word HTML") == 1
    assert report.count("Liquid {% for %}", "converted") == 2  # _data, and site.news
    assert report.count("Liquid {% for %}", "kept") == 0
    kept = [(i.file, i.line, i.construct) for i in report.items if i.action == "kept"]
    assert kept == [
        ("_news/2021-02-02-liquid.md", 49, "Liquid {{ }}"),
        ("_news/2021-02-02-liquid.md", 51, "Liquid {% include %}"),
        ("_news/2021-02-02-liquid.md", 53, "Liquid {{ }}"),
    ]
    check = [(i.file, i.line, i.construct) for i in report.items if i.action == "check"]
    assert check == [
        ("_news/2018-08-25-month-twenty-five.md", 4, "URL"),
        ("_news/2021-02-02-liquid.md", 9, "page left unpublished"),
        ("_news/2022-06-30-impossible-date.md", 4, "URL"),
        ("_news/2022-07-05-corrupt-date.md", 4, "URL"),
        ("_pages/broken-yaml.md", 4, "front matter YAML"),
    ]
    text = report.text()
    assert "Imported 17 documents" in text and "  _news: 8" in text
    assert "Kept verbatim in a marked block" in text
    assert "_news/2021-02-02-liquid.md:51: Liquid {% include %}" in text
    assert report.exit_code == 0


def _snapshot(docs: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(docs).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(docs.rglob("*")) if p.is_file()}


def test_importing_twice_changes_nothing(tmp_path):
    import_site(SITE, tmp_path)
    before = _snapshot(tmp_path)
    report = import_site(SITE, tmp_path)
    assert dict(report.statuses) == {"unchanged": 17}
    assert _snapshot(tmp_path) == before


def test_edited_pages_are_kept_unless_forced(tmp_path):
    import_site(SITE, tmp_path)
    edited = tmp_path / "about/team.md"
    edited.write_text(edited.read_text() + "\nAn editor's new paragraph.\n")
    report = import_site(SITE, tmp_path)
    assert report.edited == ["about/team.md"]
    assert "An editor's new paragraph." in edited.read_text()
    assert "--force" in report.text()
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    assert "about/team.md" in manifest
    report = import_site(SITE, tmp_path)
    assert report.edited == ["about/team.md"]  # still protected on the next run
    report = import_site(SITE, tmp_path, force=True)
    assert report.statuses["written"] == 1 and not report.edited
    assert "An editor's new paragraph." not in edited.read_text()
    assert dict(import_site(SITE, tmp_path).statuses) == {"unchanged": 17}


def test_a_page_never_imported_is_not_overwritten(tmp_path):
    (tmp_path / "about").mkdir()
    (tmp_path / "about/team.md").write_text("# Written by hand\n")
    report = import_site(SITE, tmp_path)
    assert report.edited == ["about/team.md"]
    assert (tmp_path / "about/team.md").read_text() == "# Written by hand\n"


def test_cli_exit_status_is_non_zero_only_for_unreadable_files(tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    docs = tmp_path / "docs"
    docs.mkdir()
    assert main([str(site), "--docs", str(docs), "--report", str(tmp_path / "r.json")]) == 0
    assert json.loads((tmp_path / "r.json").read_text())["statuses"] == {"written": 17}
    (site / "_news/2020-01-01-folder.md").mkdir()
    (site / "_rules/binary.md").write_bytes(b"\x00\x01PNG")
    capsys.readouterr()
    assert main([str(site), "--docs", str(docs)]) == 1
    out = capsys.readouterr().out
    assert "Could not be read:\n  _news/2020-01-01-folder.md: " in out
    assert "_rules/binary.md: binary data, not a text file" in out
    assert "unchanged: 17" in out


def test_the_seed_pages_in_docs_are_the_importers_output(tmp_path):
    manifest = json.loads((SEEDS / "manifest.json").read_text())
    site = tmp_path / "site"
    for seed, where in manifest.items():
        target = site / f"_{where['collection']}" / where["name"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SEEDS / seed, target)
    report = import_site(site, tmp_path / "docs")
    assert sorted(report.pages.values()) == sorted(w["docs"] for w in manifest.values())
    for where in manifest.values():
        produced = (tmp_path / "docs" / where["docs"]).read_bytes()
        # the bundled pages say they are samples, for the real site's import to replace
        seed = re.sub(rb"(?m)^sample: true[^\n]*\n", b"", (DOCS / where["docs"]).read_bytes())
        assert produced == seed, where["docs"]
    assert report.count("mis-decoded UTF-8") == 1
    assert report.count("HTML comment with instructions to editors", "removed") == 6
    # the old plan layout called the objectives "work streams": the plan's own word is used
    assert report.count("plan instruction", "converted") == 1
    plan = (DOCS / "publication/our-plan.md").read_text()
    assert "work stream" not in plan and "title of each objective below" in plan


def test_a_site_of_hundreds_of_documents(tmp_path):
    site = tmp_path / "site"
    (site / "_news").mkdir(parents=True)
    (site / "_pages").mkdir()
    source = (SITE / "_archives/2019-01-03-headings-and-attributes.md").read_text()
    guide = (SITE / "_publications/guide.md").read_text().replace("permalink:", "# was:")
    for n in range(250):
        day = f"2020-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
        text = source.replace("date: '2019-01-03'", f"date: {day}")
        (site / "_news" / f"{day}-post-{n}.md").write_text(text)
    for n in range(50):
        (site / "_pages" / f"guide-{n}.md").write_text(guide)
    report = import_site(site, tmp_path / "docs")
    assert sum(report.collections.values()) == 300
    assert report.statuses["written"] == 300
    assert len(list((tmp_path / "docs").rglob("*.md"))) == 300


def test_imported_into_the_real_docs_the_build_warns_only_about_reported_items(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    report = import_site(SITE, docs)
    kinds = {"URL": "csnet.date", "front matter YAML": "csnet.yaml"}
    reported = {(report.pages[i.file][: -len(".md")], kinds[i.construct])
                for i in report.items if i.construct in kinds and i.file in report.pages}
    # a page no other contents list includes is in the home page's imported block (rewritten
    # by each import, never twice); news posts are listed by the build itself
    home = (docs / "index.md").read_text("utf-8")
    assert home.count(HOME_START) == 1 and "\npublication/guide\n" in home
    assert "news/2021/02/02/liquid" not in home
    import_site(SITE, docs)
    assert (docs / "index.md").read_text("utf-8") == home
    app = build(docs, tmp_path / "build")
    assert not [w for w in app.warnings if "toc.not_included" in w or "toc.not_readable" in w]
    imported = {target[: -len(".md")] for target in report.pages.values()}
    found = set()
    for line in app.warnings:
        match = re.match(r"(.+?)\.md(?::\d+)?: (?:WARNING|ERROR): .*\[(\S+)\]$", line)
        assert match, line
        docname = Path(match.group(1)).relative_to(docs).as_posix()
        if docname in imported:
            found.add((docname, match.group(2)))
    assert found == reported


@pytest.mark.parametrize(("data", "text", "note"), [
    (b"Caf\xe9\r\n", "Café\n", "not UTF-8; read as Windows-1252"),
    (b"\x81\xe9", "\x81é", "not UTF-8; read as Latin-1"),
    (b"\xef\xbb\xbfBOM\r", "BOM\n", "Windows line endings made Unix ones"),
    (b"\xef\xbb\xbf---\n", "---\n", "at the start"),
])
def test_files_are_decoded_whatever_their_encoding(data, text, note):
    decoded, notes = decode(data)
    assert decoded == text
    assert note in [n.detail for n in notes]


def test_front_matter_is_kept_as_written_with_only_reported_additions(imported):
    docs, report = imported
    changed = Counter(i.file for i in report.items if i.construct.startswith("front matter '"))
    for source, target in report.pages.items():
        written = (SITE / source).read_bytes().replace(b"\r\n", b"\n")
        if source.endswith("windows.md"):
            written = written.decode("cp1252").encode("utf-8")
        _, length = split(written.decode("utf-8"))
        front = written.split(b"\n")[: max(length - 1, 0)]  # without the closing ---
        out = (docs / target).read_bytes().split(b"\n")
        assert out[: len(front)] == front, source
        added = out.index(b"---", 1) - len(front) if front or out[0] == b"---" else 0
        assert added == changed[source] + (1 if not front and added else 0), source


def test_a_page_at_a_section_url_does_not_replace_the_section_index(tmp_path):
    site = tmp_path / "site"
    (site / "_pages").mkdir(parents=True)
    (site / "_pages/news.md").write_text("---\ntitle: News\npermalink: /news/\n---\n\nOld.\n")
    docs = tmp_path / "docs"
    shutil.copytree(DOCS / "news", docs / "news")
    report = import_site(site, docs)
    assert report.edited == ["news/index.md"] and not (docs / "news.md").exists()
    assert report.pages == {"_pages/news.md": "news/index.md"}
    assert (docs / "news/index.md").read_bytes() == (DOCS / "news/index.md").read_bytes()


def test_the_console_script_is_installed():
    from importlib.metadata import entry_points

    (script,) = entry_points(group="console_scripts", name="csnet-import")
    assert script.value == "csnet.importer.cli:main"


def test_imported_pages_and_report_match_their_reviewed_snapshots(imported):
    docs, report = imported
    for target in sorted(report.pages.values()):
        check_snapshot(f"import/{target}", (docs / target).read_text("utf-8"))
    check_snapshot("import/report.txt", report.text().replace(str(SITE), "SITE"))
