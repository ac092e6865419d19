"""Hostile input gets nowhere (issue 11, section 4): markup, files and redirects.

Real builds of projects whose pages carry a script-injection string in every front-matter key,
paths that climb out of the site's folder by every route a page has, and redirects aimed at
every file the build writes; every output file is read back.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.helpers import TESTS
from tests.helpers.sphinx import build_app, warnings_of

PAYLOAD = "\"><img src=x onerror=alert(1)><script>alert(1)</script>&amp;'"
URL_PAYLOAD = "javascript:alert(1)"
ATOM = "{http://www.w3.org/2005/Atom}"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def injected(page: BeautifulSoup) -> list[str]:
    """Every element or attribute in ``page`` that the payload could have put there."""
    found = []
    for tag in page.find_all(True):
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}={text!r}>")
            if name in ("href", "src", "action", "content", "formaction") and re.match(
                    r"\s*(javascript|vbscript|data:text)", text, re.I):
                found.append(f"<{tag.name} {name}={text!r}>")
        if tag.name == "img" and tag.get("src") == "x":
            found.append("<img src=x>")
        if tag.name == "script" and "alert(1)" in (tag.string or ""):
            found.append(str(tag)[:80])
        if tag.name == "meta" and "javascript:" in tag.get("content", "").lower():
            found.append(str(tag))
    return found


# -- markup: every key, every output ----------------------------------------------------------
@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("hostile") / "src"
    shutil.copytree(TESTS / "roots" / "test-hostile", srcdir)
    app = build_app(srcdir)
    return app


def html_files(app) -> list[Path]:
    files = sorted(Path(app.outdir).rglob("*.html"))
    assert len(files) > 10
    return files


def test_no_injected_element_or_attribute_in_any_page(hostile):
    report = {}
    for path in html_files(hostile):
        found = injected(soup(path))
        if found:
            report[path.relative_to(hostile.outdir).as_posix()] = found
    assert report == {}


def test_the_text_still_appears_where_it_belongs(hostile):
    out = Path(hostile.outdir)
    post = soup(out / "news/2021/11/15/hostile/index.html")
    assert post.h1.get_text().strip().rstrip("#").strip() == PAYLOAD
    assert PAYLOAD in post.title.get_text()
    assert post.select_one('meta[property="og:title"]')["content"] == PAYLOAD
    assert post.select_one('meta[name="description"]')["content"] == PAYLOAD
    assert post.select_one('meta[property="og:description"]')["content"] == PAYLOAD
    assert post.select_one(".csnet-page-header .lead").get_text() == PAYLOAD
    assert post.select_one(".byline .author").get_text() == f"By {PAYLOAD}"
    # the navigation bar of every page names the pages whose title is the payload
    home = soup(out / "index.html")
    nav = [a.get_text().strip() for a in home.select("nav.csnet-menu a")]
    assert nav.count(PAYLOAD) == 2  # the plan and the page
    # the category archive page: breadcrumb, <title> and heading
    category = next(out.glob("news/category/img-*/index.html"))
    page = soup(category)
    here = page.select_one(".csnet-breadcrumbs [aria-current=page]")
    assert f"News: {PAYLOAD}" in here.get_text()
    assert f"News: {PAYLOAD}" in page.title.get_text()
    assert page.h1.get_text() == f"News: {PAYLOAD}"
    # the plan: objective, description, team, milestone and details
    plan = soup(out / "publication/plan/index.html").get_text()
    assert plan.count(PAYLOAD) >= 6


def test_url_keys_are_refused_with_located_warnings(hostile):
    warnings = warnings_of(hostile)
    post = [w for w in warnings if "hostile.md:" in w]
    assert any(":8:" in w and "image 'javascript:alert(1)'" in w and "[csnet.path]" in w
               for w in post)
    assert any(":10:" in w and "permalink 'javascript:alert(1)'" in w and "[csnet.url]" in w
               for w in post)
    assert sum(1 for w in post if "redirect_from" in w and "[csnet.url]" in w) == 3
    assert any("page.md:5:" in w and "image 'javascript:alert(1)'" in w for w in warnings)
    assert any("moved.md:4:" in w and "redirect_to 'javascript:alert(1)'" in w
               for w in warnings)
    assert any("moved2.md:4:" in w and "after #" in w for w in warnings)
    out = Path(hostile.outdir)
    # a refused redirect_to leaves the page itself, which its old address leads to
    assert "This page has moved" not in (out / "moved2/index.html").read_text("utf-8")
    assert soup(out / "moved-two/index.html").select_one("main a")["href"] == "../moved2/"
    for name in ("news/2021/11/15/hostile/index.html", "page/index.html"):
        page = soup(out / name)
        assert page.select_one('meta[property="og:image"]') is None
        assert all(URL_PAYLOAD not in img.get("src", "") for img in page.find_all("img"))


def test_feed_and_sitemap_parse_and_hold_the_text(hostile):
    out = Path(hostile.outdir)
    feed = ET.parse(out / "feed.xml").getroot()
    entry = next(e for e in feed.iter(f"{ATOM}entry")
                 if e.find(f"{ATOM}id").text.endswith("/hostile/"))
    assert entry.find(f"{ATOM}title").text == PAYLOAD
    assert entry.find(f"{ATOM}author/{ATOM}name").text == PAYLOAD
    assert entry.find(f"{ATOM}summary").text == PAYLOAD
    assert PAYLOAD in [c.get("term") for c in entry.iter(f"{ATOM}category")]
    assert not list(feed.iter("img")) and not list(feed.iter("script"))
    sitemap = ET.parse(out / "sitemap.xml").getroot()
    locs = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(re.fullmatch(r"https://lgbt\.example\.org/[\w/.-]*", u) for u in locs)


def test_exports_and_search_index_hold_the_text_as_data(hostile):
    import icalendar

    out = Path(hostile.outdir)
    data = json.loads((out / "publication/plan/plan.json").read_text("utf-8"))
    objective = data["objectives"][0]
    assert data["title"] == objective["name"] == objective["description"] == PAYLOAD
    assert objective["team"] == [PAYLOAD]
    assert PAYLOAD in [milestone["name"] for milestone in objective["milestones"]]
    calendar = icalendar.Calendar.from_ical((out / "publication/plan/milestones.ics")
                                            .read_bytes())
    summaries = [str(event["summary"]) for event in calendar.walk("VEVENT")]
    assert PAYLOAD in summaries
    index = (out / "searchindex.js").read_text("utf-8")
    titles = json.loads(index[index.index("(") + 1:index.rindex(")")])["titles"]
    assert titles.count(PAYLOAD) >= 3


def test_no_dialog_opens_in_a_real_browser(hostile):
    """Every page, and the search page showing results for the payload, in Chromium.

    The browser is started and closed here: a module-wide one would still run its threads
    when the PDF test's builder forks its worker processes."""
    from playwright.sync_api import sync_playwright

    from tests.helpers import CHROMIUM, INSTALL_CHROMIUM, need
    from tests.helpers.browser.site import serve

    need(CHROMIUM, INSTALL_CHROMIUM)
    server, url = serve(Path(hostile.outdir))
    url += "/"
    dialogs: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
            page = browser.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message),
                                              dialog.dismiss()))
            for path in html_files(hostile):
                page.goto(url + path.relative_to(hostile.outdir).as_posix())
                page.wait_for_load_state("load")
            page.goto(url + "search/?q=onerror")
            page.wait_for_selector("#search-results li", timeout=15000)
            assert "<img src=x onerror=alert(1)>" in page.inner_text("#search-results")
            page.wait_for_timeout(300)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert dialogs == []


def test_the_pdfs_print_the_text(tmp_path):
    from pypdf import PdfReader

    srcdir = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-hostile", srcdir)
    app = build_app(srcdir, "pdf")
    assert not [w for w in warnings_of(app) if "ERROR" in w or "Traceback" in w]
    for name in ("plan.pdf", "news.pdf"):
        text = " ".join(p.extract_text() for p in PdfReader(Path(app.outdir, name)).pages)
        assert "<img src=x onerror=alert(1)><script>alert(1)</script>" in " ".join(
            text.split()), name


# -- paths: nothing outside docs/ -------------------------------------------------------------
SECRET = "TOPSECRET-8341"


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    base = tmp_path_factory.mktemp("paths")
    srcdir = base / "src"
    shutil.copytree(TESTS / "roots" / "test-paths", srcdir)
    (base / "secret.txt").write_text(f"{SECRET} text\n")
    (base / "secret.png").write_bytes(f"{SECRET} picture".encode())
    (base / "secret.md").write_text(f"# {SECRET} page\n")
    os.symlink("../../secret.png", srcdir / "pics/linked.png")
    os.symlink("../secret.md", srcdir / "linked.md")
    (base / "elsewhere").mkdir()  # a folder outside, linked into docs/ with a page in it
    (base / "elsewhere" / "page.md").write_text(f"# {SECRET} folder page\n")
    os.symlink("../elsewhere", srcdir / "linked-folder")
    return build_app(srcdir)


def every_output_file(app):
    for root in (Path(app.outdir), Path(app.doctreedir)):
        for path in root.rglob("*"):
            if path.is_file():
                yield path


def test_no_outside_file_reaches_the_output(paths):
    leaked = [path for path in every_output_file(paths)
              if SECRET.encode() in path.read_bytes() or b"root:x:0:0" in path.read_bytes()]
    assert leaked == []
    out = Path(paths.outdir)
    assert sorted(p.name for p in (out / "_images").iterdir()) == ["ok.png"]
    assert sorted(p.name for p in (out / "_downloads").rglob("*") if p.is_file()) == ["ok.png"]
    assert not (out / "linked").exists()
    assert not (out / "linked-folder").exists()


@pytest.mark.parametrize(("where", "what"), [
    ("news/2021/11/15/post.md:6", "image '../../../../../../../../../../etc/passwd'"),
    ("body.md:7", "the picture"),  # Markdown image of /etc/passwd
    ("body.md:9", "the picture '../secret.png'"),
    ("body.md:11", "the picture '../secret.png'"),  # {image}
    ("body.md:15", "the picture '../secret.png'"),  # {figure}
    ("body.md:21", "the link 'javascript:alert(1)'"),  # {image} :target:
    ("body.md:26", "the picture '../secret.png'"),  # <img> (html_image)
    ("body.md:28", "the download '../secret.txt'"),  # {download}
    ("body.md:30", "the download '../secret.txt'"),  # [text](../secret.txt)
    ("body.md:32", "the picture"),  # /-rooted climb
    ("body.md:34", "the picture 'pics/linked.png'"),  # symbolic link in docs/
    ("body.md:36", "the download '../secret.txt'"),  # raw HTML <a href>
    ("includes.md:7", "the included file '../secret.txt'"),
    ("includes.md:10", "the file '../secret.txt'"),  # literalinclude
    ("includes.md:13", "the file '/../../../../../../../../../../etc/passwd'"),
    ("includes.md:16", "the file '../secret.txt'"),  # raw :file:
    ("includes.md:20", "the file '../secret.txt'"),  # csv-table :file:
    ("includes.md:24", "':url:' fetches from the network"),
    ("linked.md", "this page is a link to"),
    ("linked-folder/page.md", "this page is a link to"),  # through a linked folder
])
def test_each_route_out_is_a_located_warning(paths, where, what):
    matching = [w for w in warnings_of(paths) if f"{where}:" in w or f"/{where}: " in w]
    assert any(what in w and "[csnet.path]" in w and "left out" in w for w in matching), \
        (where, warnings_of(paths))


def test_what_could_be_shown_stays(paths):
    out = Path(paths.outdir)
    body = soup(out / "body/index.html")
    refused = [node.get_text() for node in body.select(".csnet-refused")]
    assert "the password file" in refused and "secret by directive" in refused
    assert any("The secret caption" in text for text in refused)
    assert body.select_one('img[src$="ok.png"]') is not None  # the picture behind the link
    assert body.select_one('a[href$="ok.png"][download]') is not None
    # raw HTML links to files refused or missing: their words stay, with no link
    text = body.get_text(" ", strip=True)
    assert "Raw HTML link out: the raw secret" in text
    assert "A missing one: the missing minutes" in text
    assert not body.select('a[href*="secret"], a[href*="minutes"]')
    assert any("body.md:38:" in w and "[csnet.image]" in w and "download 'pics/minutes.pdf' "
               "is not there: no file docs/pics/minutes.pdf" in w for w in warnings_of(paths))
    includes = soup(out / "includes/index.html").get_text()
    assert "Text from inside the site" in includes and "After the includes." in includes
    post = soup(out / "news/2021/11/15/post/index.html")
    assert post.select(".csnet-post-image") == []
    assert post.select_one('meta[property="og:image"]') is None


# -- redirects never replace a built file -----------------------------------------------------
@pytest.fixture(scope="module")
def redirects(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("redirects") / "src"
    shutil.copytree(TESTS / "roots" / "test-redirects", srcdir)
    first = build_app(srcdir)
    second = build_app(srcdir)  # an incremental build rewrites its own redirects only
    return first, second


MOVED = "This page has moved"


@pytest.mark.parametrize("file", [
    "404.html", "search/index.html", "news/index.html",
    "news/2021/index.html", "news/category/events/index.html",
    "news/2021/11/15/post/index.html", "loop-a/index.html", "loop-b/index.html",
    "itself/index.html", "legacy/index.html", "about/index.html",
])
def test_pages_the_build_writes_stay(redirects, file):
    for app in redirects:
        assert MOVED not in (Path(app.outdir) / file).read_text("utf-8"), file


def test_files_the_build_writes_stay(redirects):
    from csnet import STATIC

    for app in redirects:
        out = Path(app.outdir)
        assert (out / "_static/csnet.js").read_bytes() == (STATIC / "csnet.js").read_bytes()
        assert (out / "_static/own.css").read_text() == "/* our own static file */\n"
        assert (out / "searchindex.js").read_text("utf-8").startswith("Search.setIndex(")
        ET.parse(out / "feed.xml")
        ET.parse(out / "sitemap.xml")
        assert (out / "robots.txt").read_text().startswith("User-agent")
        assert (out / "_images/ok.png").is_file() and (out / "objects.inv").is_file()
        assert not [p for p in out.rglob("*") if len(p.name.encode()) > 255]


def test_good_redirects_are_still_written(redirects):
    for app in redirects:
        out = Path(app.outdir)
        assert MOVED in (out / "old-about/index.html").read_text("utf-8")
        assert MOVED in (out / "itself-old/index.html").read_text("utf-8")
        page = soup(out / "nowhere/index.html")
        assert page.select_one("main a")["href"] == "https://lgbt.example.org/no/such/page/"


@pytest.mark.parametrize(("line", "what"), [
    (4, "/404.html is already claimed by the page 404.md"),
    (5, "/genindex/ is already claimed by the page /genindex the build makes"),
    (6, "/search/ is already claimed"),
    (7, "'/_static/csnet.js' is in a folder the build writes itself"),
    (8, "'/_static/own.css' is in a folder"),
    (9, "'/searchindex.js' names a file (searchindex.js), not a page"),
    (10, "'/feed.xml' names a file"),
    (11, "'/sitemap.xml' names a file"),
    (12, "'/robots.txt' names a file"),
    (13, "'/objects.inv' names a file"),
    (14, "'/_images/ok.png' is in a folder"),
    (15, "/news/ is already claimed by the page news/index.md"),
    (16, "/news/2021/ is already claimed by the page /news/2021 the build makes"),
    (17, "/news/category/events/ is already claimed"),
    (18, "/news/2021/11/15/post/ is already claimed by the page news/2021/11/15/post.md"),
    (19, "/loop-a/ is already claimed by the page loop-a.md"),
    (20, "has a part longer than 255 bytes"),
    (21, "'/x|y/' contains characters"),
    (22, "no redirect is written at /legacy/index.html: the build writes a file"),
])
def test_each_refused_redirect_is_a_located_warning(redirects, line, what):
    warnings = warnings_of(redirects[0])
    assert any(f"about.md:{line}:" in w and what in w and "[csnet.url]" in w
               for w in warnings), (line, [w for w in warnings if "about.md" in w])


def test_redirect_to_problems_are_located_warnings(redirects):
    warnings = warnings_of(redirects[0])
    assert any("loop-a.md:3:" in w and "loop of redirects (loop-a.md -> loop-b.md -> "
               "loop-a.md)" in w for w in warnings)
    assert any("loop-b.md:3:" in w and "loop of redirects" in w for w in warnings)
    assert any("itself.md:3:" in w and "leads back to this page itself" in w
               for w in warnings)
    assert any("nowhere.md:3:" in w and "matches no page of this site" in w
               for w in warnings)
    assert any("permalink-clash.md:4:" in w and "claimed by the redirect_from of about.md "
               "(line 23)" in w for w in warnings)
    assert not [w for w in warnings if "Traceback" in w or "Exception" in w]
