"""What the static host gets: sitemap, robots.txt, CNAME, .nojekyll, 404 page, share cards.

One ``dirhtml`` build of ``tests/roots/test-publish`` (shared by the module) and one of the
bundled ``docs/``; the 404 page is fetched from a real HTTP server that answers missing paths
with ``404.html``, as GitHub Pages does.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from tests.helpers import DOCS
from tests.helpers.sphinx import build_app, warnings_of

BASE = "https://lgbt.example.org/"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
#: the published pages of tests/roots/test-publish: no draft, no future post, no 404 page
PUBLISHED = {"", "about/", "news/", "news/2021/11/15/post/", "publication/report/"}


def build(src: Path, buildername: str = "dirhtml", **overrides) -> SphinxTestApp:
    return build_app(src, buildername, **overrides)


@pytest.fixture(scope="module")
def source(rootdir, tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("publish") / "src"
    shutil.copytree(rootdir / "test-publish", src)
    return src


@pytest.fixture(scope="module")
def site(source) -> SphinxTestApp:
    return build(source)


@pytest.fixture(scope="module")
def docs_site(tmp_path_factory) -> SphinxTestApp:
    src = tmp_path_factory.mktemp("docs") / "docs"
    shutil.copytree(DOCS, src)
    return build(src, plan_as_of="2022-03-01")


def sitemap(outdir: Path) -> list[str]:
    root = ET.parse(outdir / "sitemap.xml").getroot()
    return [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]


def page(outdir: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / path).read_text("utf-8"), "html.parser")


def canonical(soup: BeautifulSoup) -> str | None:
    link = soup.find("link", rel="canonical")
    return link["href"] if link else None


def meta(soup: BeautifulSoup) -> dict[str, str]:
    """``og:*`` (property) and ``twitter:*``/``description`` (name) tags of a page."""
    return {tag.get("property") or tag.get("name"): tag["content"]
            for tag in soup.find_all("meta", content=True)
            if tag.get("property") or tag.get("name")}


def redirect_pages(outdir: Path) -> set[str]:
    """URLs (``old-about/``) of the redirect pages written into the output."""
    found = set()
    for file in outdir.rglob("*.html"):
        if 'http-equiv="refresh"' in file.read_text("utf-8"):
            found.add(file.relative_to(outdir).as_posix().removesuffix("index.html"))
    return found


# -- files beside the pages -----------------------------------------------------------------
def test_host_files(site):
    out = Path(site.outdir)
    assert (out / "CNAME").read_text() == "lgbt.example.org\n"
    assert (out / ".nojekyll").is_file()
    robots = (out / "robots.txt").read_text()
    assert "User-agent: *" in robots
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()
    assert warnings_of(site) == []


def test_sitemap_lists_each_published_page_once_at_its_canonical_url(site):
    out = Path(site.outdir)
    locs = sitemap(out)
    assert locs == sorted(locs) and len(locs) == len(set(locs))
    assert {BASE + path for path in PUBLISHED} <= set(locs)  # and generated listings, if any
    for loc in locs:  # the sitemap's URL is the one each page calls canonical
        path = loc.removeprefix(BASE)
        assert canonical(page(out, path + "index.html")) == loc
    # drafts and future posts were not published; the 404 page is not a page of its own
    assert not {f"{BASE}news/2021/12/01/draft/", f"{BASE}news/2030/01/01/future/",
                f"{BASE}404/", f"{BASE}search/", f"{BASE}genindex/"} & set(locs)
    assert {"old-about/", "moved/"} <= redirect_pages(out)  # redirect_from, redirect_to
    assert not redirect_pages(out) & {loc.removeprefix(BASE) for loc in locs}


def test_sitemap_stays_complete_after_an_incremental_build(rootdir, tmp_path):
    """sphinx-sitemap alone lists only the pages a build rewrote (its issue #13)."""
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(rootdir / "test-publish", src)

    def sphinx_build() -> None:
        subprocess.run([sys.executable, "-m", "sphinx", "-b", "dirhtml", str(src), str(out)],
                       capture_output=True, check=True)

    def times() -> dict[str, int]:
        # file times, not the log: with CI set, Sphinx colours and reflows its progress lines
        files = ("about/index.html", "news/2021/11/15/post/index.html", "404.html")
        return {name: (out / name).stat().st_mtime_ns for name in files}

    sphinx_build()
    before, first = sitemap(out), times()
    about = src / "about.md"
    about.write_text(about.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    sphinx_build()
    second = times()
    assert second["about/index.html"] != first["about/index.html"]  # incremental indeed
    assert second["news/2021/11/15/post/index.html"] == first["news/2021/11/15/post/index.html"]
    assert sitemap(out) == before
    sphinx_build()
    assert times()["404.html"] == second["404.html"]  # an unchanged 404 page is not rewritten
    assert not (out / "404").exists()  # it is only at /404.html


def test_html_builder_urls(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-publish", src)
    out = Path(build(src, "html").outdir)
    locs = set(sitemap(out))
    assert f"{BASE}news/2021/11/15/post.html" in locs and f"{BASE}index.html" in locs
    assert canonical(page(out, "about.html")) == f"{BASE}about.html"
    assert (out / "404.html").is_file() and f"{BASE}404.html" not in locs


def test_other_html_builders_write_no_host_files(rootdir, tmp_path):
    """Only the website builders: not ``singlehtml``, nor the PDF builder (an HTML builder)."""
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-publish", src)
    out = Path(build(src, "singlehtml").outdir)
    assert (out / "index.html").is_file()
    for name in ("sitemap.xml", "robots.txt", "CNAME", ".nojekyll"):
        assert not (out / name).exists(), name
    assert "og:url" not in meta(page(out, "index.html"))


def test_a_project_site_under_a_path(rootdir, tmp_path):
    """``html_baseurl`` with a path (a project's ``<owner>.github.io/<repo>/`` site)."""
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-publish", src)
    base = "https://owner.github.io/csnet/"
    out = Path(build(src, html_baseurl=base).outdir)
    assert not (out / "CNAME").exists()  # GitHub's own domain needs none
    assert f"Sitemap: {base}sitemap.xml" in (out / "robots.txt").read_text()
    assert f"{base}news/2021/11/15/post/" in sitemap(out)
    soup = page(out, "404.html")
    urls = [tag.get("href") or tag.get("src") for tag in soup.find_all(["a", "link", "script"])]
    rooted = [url for url in urls if url and not url.startswith(("#", "https://"))]
    assert rooted and all(url.startswith("/csnet/") for url in rooted), rooted


# -- share cards ----------------------------------------------------------------------------
def test_news_post_share_card(site):
    soup = page(Path(site.outdir), "news/2021/11/15/post/index.html")
    url = f"{BASE}news/2021/11/15/post/"
    assert canonical(soup) == url
    tags = meta(soup)
    assert tags["og:url"] == url
    assert tags["og:title"] == "What we’re planning"  # with the page title's smart quote
    assert tags["og:type"] == "article"
    assert tags["og:description"] == tags["description"] == (
        "Sharing what we hope to achieve, and how you can help.")
    assert tags["og:image"] == f"{BASE}images/card.png"
    assert tags["og:image:alt"] == tags["twitter:image:alt"] == "A card with the words Our plan"
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["og:site_name"] == "Test network"


def test_publication_share_card_and_plain_page(site):
    out = Path(site.outdir)
    report = meta(page(out, "publication/report/index.html"))
    assert report["og:type"] == "website"
    assert report["og:description"] == "What we did this year."
    # an image path relative to the page, made absolute; no image-alt: the title
    assert report["og:image"] == f"{BASE}publication/report/cover.png"
    assert report["og:image:alt"] == "Annual report"
    about = meta(page(out, "about/index.html"))
    assert about["og:description"] == about["description"] == "Who we are & what we do."
    assert about["twitter:card"] == "summary" and "og:image" not in about


def test_every_url_in_a_head_is_absolute(site):
    out = Path(site.outdir)
    for path in PUBLISHED:
        tags = meta(page(out, path + "index.html"))
        for key in ("og:url", "og:image"):
            if key in tags:
                assert urlsplit(tags[key]).scheme == "https", (path, key, tags[key])


# -- the 404 page ---------------------------------------------------------------------------
class PagesLikeHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files; a missing path gets ``404.html`` with status 404, as GitHub Pages does."""

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory, "404.html")
        if code != 404 or not not_found.is_file():
            return super().send_error(code, message, explain)
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(site):
    handler = functools.partial(PagesLikeHandler, directory=str(site.outdir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.mark.parametrize("missing", ["/nope", "/a/b/c/", "/news/2019/01/01/gone/index.html"])
def test_404_page_works_at_any_depth(server, missing):
    url = server + missing
    status, body = fetch(url)
    assert status == 404
    soup = BeautifulSoup(body, "html.parser")
    assert soup.h1.get_text(strip=True).startswith("Page not found")
    stylesheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    scripts = [script["src"] for script in soup.find_all("script", src=True)]
    assert any("csnet.css" in href for href in stylesheets) and scripts
    for asset in stylesheets + scripts:  # styles and scripts load from this depth
        assert fetch(urljoin(url, asset))[0] == 200, asset
    links = {urljoin(url, a["href"]) for a in soup.find_all("a", href=True)
             if not a["href"].startswith("#")}
    nav = {urljoin(url, a["href"]) for a in soup.select("nav a[href]")
           if not a["href"].startswith("#")}
    assert f"{server}/news/" in nav and f"{server}/about/" in nav  # the site's navigation
    for link in links:  # every link, in the body and the theme's navigation, leads somewhere
        if link.startswith(server):
            assert fetch(link)[0] == 200, link
    search = soup.find("form", action=True)
    assert urljoin(url, search["action"]) == f"{server}/search/"
    assert fetch(f"{server}/search/")[0] == 200
    assert soup.html["data-content_root"] == "/"
    assert canonical(soup) is None and "og:url" not in meta(soup)


# -- the bundled site -----------------------------------------------------------------------
SEED_PAGES = [
    "news/2021/11/15/our-plan/",
    "publication/our-plan/",
    "news/2022/01/13/helping-you-succeed-in-your-career/",
    "archives/2019/01/03/creating-a-leaders-of-networks-forum/",
    "rules/mission-statement/",
]
LIVE = "https://www.civilservice.lgbt/"


def test_bundled_site_is_ready_to_publish(docs_site):
    out = Path(docs_site.outdir)
    assert (out / "CNAME").read_text() == "www.civilservice.lgbt\n"
    assert (out / ".nojekyll").is_file() and (out / "404.html").is_file()
    assert f"Sitemap: {LIVE}sitemap.xml" in (out / "robots.txt").read_text()
    locs = sitemap(out)
    for path in ["", *SEED_PAGES]:
        assert LIVE + path in locs
        assert canonical(page(out, path + "index.html")) == LIVE + path
    assert not redirect_pages(out) & {loc.removeprefix(LIVE) for loc in locs}


def test_bundled_news_post_has_a_card(docs_site):
    tags = meta(page(Path(docs_site.outdir), "news/2021/11/15/our-plan/index.html"))
    assert tags["og:url"] == f"{LIVE}news/2021/11/15/our-plan/"
    assert tags["og:description"].startswith("Sharing some of what we")
    assert tags["og:image"] == f"{LIVE}images/store/business-plan/2021-to-2023.png"
    # no image-alt in its front matter: described as on the post itself
    assert tags["og:image:alt"] == tags["twitter:image:alt"] == (
        "Picture for the news post “What we're planning to do”")
    assert tags["twitter:card"] == "summary_large_image"


def test_redirect_pages_point_at_their_page(docs_site):
    """Old URLs: refresh and a visible link to the page, which is canonical and in the sitemap."""
    out = Path(docs_site.outdir)
    old = redirect_pages(out)
    assert {"our-plan/", "about/mission-statement/"} <= old
    locs = set(sitemap(out))
    for path in old:
        soup = page(out, path + "index.html")
        target = canonical(soup)
        assert target in locs, path
        refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
        assert urljoin(LIVE + path, refresh.split("url=", 1)[1]) == target
        assert urljoin(LIVE + path, soup.main.a["href"]) == target
