"""The front door and the lists behind it, on the network's real old site imported whole (the
``oldsite`` fixture) and on the bundled ``docs/``: as a member meets them on switch-over day."""

from __future__ import annotations

import ast
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from tests.helpers import DOCS, ROOT
from tests.helpers.browser.site import serve
from tests.helpers.sphinx import build_app, warnings_of

MAX_HOME_HEIGHT = 5000  # px at 1280 px wide
MAX_PAGE_BYTES = 200_000


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """The bundled docs/, with an older version of a publication marked as superseded."""
    docs = tmp_path_factory.mktemp("bundled") / "docs"
    shutil.copytree(DOCS, docs, ignore=shutil.ignore_patterns("_build"))
    for name, date, extra in (("report-2019", "2019-05-01", "superseded-by: report-2023\n"),
                              ("report-2023", "2023-05-01", "")):
        (docs / "publication" / f"{name}.md").write_text(
            f"---\nlayout: publication\ntitle: Annual report\ndate: {date}\n{extra}---\n\n"
            "The year in numbers.\n", "utf-8")
    app = build_app(docs, "dirhtml")
    return type("Built", (), {"docs": docs, "outdir": Path(app.outdir),
                              "warnings": warnings_of(app)})


def soup(built, path: str) -> BeautifulSoup:
    return BeautifulSoup((built.outdir / path / "index.html").read_text("utf-8"), "html.parser")


def main(page: BeautifulSoup) -> BeautifulSoup:
    return page.find("main")


def section(page: BeautifulSoup, heading: str) -> list:
    """The elements after the ``<h2>`` named ``heading`` up to the next ``<h2>``."""
    h2 = next(h for h in page.find_all("h2") if h.get_text(strip=True).startswith(heading))
    found = []
    for sibling in h2.find_all_next():
        if sibling.name == "h2":
            break
        found.append(sibling)
    return found


def resolved(base: str, href: str) -> str:
    """A link's site path, from the page at site path ``base``."""
    return urljoin(f"http://site{base}", href).removeprefix("http://site").split("#")[0]


# -- the home page ---------------------------------------------------------------------------
@pytest.mark.parametrize("which", ["oldsite", "bundled"])
def test_home_page_is_shorter_than_5000_px_at_1280(which, request):
    # both sites are built before the browser starts: a build forks sphinx-sitemap's manager
    # process, which would keep Playwright's pipes open and its driver from ever stopping
    built = {name: request.getfixturevalue(name) for name in ("oldsite", "bundled")}[which]
    chromium = request.getfixturevalue("browser")
    server, url = serve(built.outdir)
    try:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url + "/", wait_until="load")
        height = page.evaluate("document.documentElement.scrollHeight")
        page.close()
    finally:
        server.shutdown()
        server.server_close()
    assert 1500 < height < MAX_HOME_HEIGHT, f"{which}: the home page is {height} px tall"


def test_home_page_as_the_old_one(oldsite):
    home = main(soup(oldsite, ""))
    headings = [h.get_text(strip=True) for h in home.find_all("h2")]
    for wanted in ("Latest news", "Upcoming events", "Latest publications",
                   "Our plan at a glance"):
        assert wanted in headings
    news = home.find("ul", class_="csnet-news-list").find_all("li", recursive=False)
    assert len(news) == 3
    # upcoming events, or the latest ones when none is announced, and a way to all of them
    events = home.find("ul", class_="csnet-event-list").find_all("li")
    assert 1 <= len(events) <= 3
    assert home.find("a", string="All events")
    # a picture in a list is a file the site serves, never an empty box
    for image in home.select("img"):
        assert "://" not in image["src"] or not image["src"].startswith("http")
        assert (oldsite.outdir / resolved("/", image["src"]).lstrip("/")).is_file(), image


def test_latest_publications_newest_first_each_once(oldsite, bundled):
    for built in (oldsite, bundled):
        publications = main(soup(built, "")).find("ul", class_="csnet-publications-list")
        titles = [a.get_text() for a in publications.select(".csnet-item-title a")]
        assert 1 <= len(titles) <= 5 and len(set(titles)) == len(titles), titles
    links = [a["href"] for a in main(soup(bundled, "")).select(
        ".csnet-publications-list .csnet-item-title a")]
    assert "publication/report-2023/" in links and "publication/report-2019/" not in links
    full = main(soup(bundled, "publication")).get_text()
    assert full.count("Annual report") == 1  # the superseded version is never listed


def test_plan_summary_shows_only_steps_still_ahead(oldsite, bundled):
    this_month = dt.date.today().replace(day=1)
    for built in (oldsite, bundled):
        summary = main(soup(built, "")).find(class_="csnet-plan-summary")
        assert summary is not None
        for item in summary.select("li"):
            month = dt.datetime.strptime(item.get_text().split(":")[0], "%B %Y").date()
            assert month >= this_month, item.get_text()


# -- lists that scale ------------------------------------------------------------------------
def test_no_page_over_200_kb(oldsite):
    heavy = {str(p.relative_to(oldsite.outdir)): p.stat().st_size
             for p in oldsite.outdir.rglob("*.html") if p.stat().st_size > MAX_PAGE_BYTES}
    assert heavy == {}


def test_news_index_shows_the_latest_and_links_every_year(oldsite):
    news = main(soup(oldsite, "news"))
    assert len(news.find("ul", class_="csnet-news-list").find_all("li", recursive=False)) == 10
    years = sorted({p.parent.name for p in (oldsite.outdir / "news").glob("20??/index.html")})
    assert len(years) >= 2
    for year in years:
        page = main(soup(oldsite, f"news/{year}"))
        links = page.find(class_="csnet-year-links")
        assert {a.get_text() for a in links.find_all("a")} == set(years) - {year}


def event_pages(built) -> set[str]:
    """Site paths of every built event page (not its redirects)."""
    found = set()
    for file in (built.outdir / "event").glob("*/index.html"):
        page = BeautifulSoup(file.read_text("utf-8"), "html.parser")
        if page.find("dl", class_="csnet-event-details"):
            found.add(f"/event/{file.parent.name}/")
    return found


def listed_events(built, path: str) -> set[str]:
    page = main(soup(built, path))
    return {resolved(f"/{path}/", a["href"]) for ul in page.select("ul.csnet-event-list")
            for a in ul.select(".csnet-item-title a")}


def test_every_event_is_on_its_year_page(oldsite):
    everything = event_pages(oldsite)
    assert len(everything) > 100
    index = main(soup(oldsite, "event"))
    year_pages = {resolved("/event/", a["href"]) for a in index.select(".csnet-filters a")
                  if a.get_text().isdigit()}
    assert len(year_pages) >= 2
    reached = set().union(*(listed_events(oldsite, p.strip("/")) for p in year_pages))
    undated = listed_events(oldsite, "event")  # events without a start stay on the index
    assert everything - reached - undated == set()


def test_region_pages_list_only_their_region(oldsite):
    index = main(soup(oldsite, "event"))
    label = index.find("p", class_="csnet-filter-label", string="By region")
    regions = {resolved("/event/", a["href"]): a.get_text()
               for a in label.find_next_sibling("ul").find_all("a")}
    assert len(regions) >= 3
    for path, name in regions.items():
        page = soup(oldsite, path.strip("/"))
        current = main(page).find(class_="csnet-current")
        assert current is not None and current.get_text() == name  # marked, not a link
        events = listed_events(oldsite, path.strip("/"))
        assert events, path
        for event in events:
            details = main(soup(oldsite, event.strip("/"))).find(
                "dl", class_="csnet-event-details")
            categories = {resolved(event, a["href"]) for a in details.find_all("a")}
            assert path in categories, f"{event} is listed on {path}, not of that region"


def test_breadcrumbs_name_the_section(oldsite):
    def crumbs(path: str) -> list[str]:
        nav = soup(oldsite, path).find("nav", class_="csnet-breadcrumbs")
        return [li.get_text(strip=True) for li in nav.find_all("li")]

    event = sorted(event_pages(oldsite))[0].strip("/")
    assert crumbs(event)[:2] == ["Home", "Events"]
    post = main(soup(oldsite, "news")).select_one(".csnet-news-list .csnet-item-title a")
    assert crumbs(resolved("/news/", post["href"]).strip("/"))[:2] == ["Home", "News"]
    region = next((oldsite.outdir / "event" / "category").iterdir()).name
    assert crumbs(f"event/category/{region}")[:2] == ["Home", "Events"]


def test_read_this_publication_only_on_publications(oldsite):
    """The old theme's document boxes say "Read this publication" under every link; only a
    link to a publication keeps the words (the others name what they lead to)."""
    checked = 0
    for file in oldsite.outdir.rglob("index.html"):
        text = file.read_text("utf-8")
        if "Read this" not in text:
            continue
        base = "/" + str(file.parent.relative_to(oldsite.outdir)) + "/"
        for link in main(BeautifulSoup(text, "html.parser")).find_all("a"):
            words = link.get_text(strip=True)
            if not words.startswith("Read this ") or link["href"].startswith(("http", "#")):
                continue
            source = oldsite.docs / (resolved(base, link["href"]).strip("/") + ".md")
            if not source.is_file():
                source = source.with_suffix("") / "index.md"
            layout = re.search(r"^layout:\s*(\S+)", source.read_text("utf-8"), re.M)
            is_publication = bool(layout) and layout[1] in ("publication", "business-plan")
            assert (words == "Read this publication") == is_publication, (base, words)
            checked += 1
    assert checked >= 2


# -- /admin/ after the README's commands ------------------------------------------------------
def nox_functions(*names: str):
    """Definitions of noxfile.py, run as written (the tests' environment has no nox, which
    the rest of the file needs)."""
    import hashlib
    from types import SimpleNamespace

    tree = ast.parse((ROOT / "noxfile.py").read_text("utf-8"))
    wanted = [node for node in tree.body if getattr(node, "name", None) in names or (
        isinstance(node, ast.Assign) and any(getattr(t, "id", "") in names
                                             for t in node.targets))]
    assert len(wanted) == len(names)
    namespace = {"hashlib": hashlib, "Path": Path}
    exec(compile(ast.Module(wanted, []), "noxfile.py", "exec"), namespace)  # noqa: S102
    return SimpleNamespace(**{name: namespace[name] for name in names})


def test_nox_installs_the_content_managers_files(tmp_path):
    """The function nox's html session runs before building: ``npm ci`` from the lock file,
    once per version of it (a small real package, so the test needs no network)."""
    noxfile = nox_functions("install_cms_files", "NPM_STAMP")
    (tmp_path / "dep").mkdir()  # a package in the checkout: npm installs it offline
    (tmp_path / "dep" / "package.json").write_text('{"name": "dep", "version": "1.0.0"}')
    (tmp_path / "package.json").write_text(
        '{"name": "x", "version": "1.0.0", "devDependencies": {"dep": "file:dep"}}')
    lock = {"name": "x", "version": "1.0.0", "lockfileVersion": 3, "requires": True,
            "packages": {"": {"name": "x", "version": "1.0.0",
                              "devDependencies": {"dep": "file:dep"}},
                         "dep": {"version": "1.0.0", "dev": True},
                         "node_modules/dep": {"resolved": "dep", "link": True}}}
    (tmp_path / "package-lock.json").write_text(json.dumps(lock))
    ran: list[tuple] = []

    def run(*command):
        ran.append(command)
        subprocess.run(command, check=True, capture_output=True)

    assert noxfile.install_cms_files(tmp_path, run, pytest.fail)
    assert ran[0][:2] == ("npm", "ci")
    assert (tmp_path / "node_modules" / "dep" / "package.json").is_file()
    assert noxfile.install_cms_files(tmp_path, run, pytest.fail) and len(ran) == 1  # once
    lock["version"] = "1.0.1"  # a new lock file: installed again
    (tmp_path / "package-lock.json").write_text(json.dumps(lock))
    assert noxfile.install_cms_files(tmp_path, run, pytest.fail) and len(ran) == 2
    # and the website's build runs it before sphinx-build
    tree = ast.parse((ROOT / "noxfile.py").read_text("utf-8"))
    build_site = next(node for node in tree.body if getattr(node, "name", "") == "build_site")
    calls = [getattr(node.func, "id", getattr(node.func, "attr", "")) for node in
             ast.walk(build_site) if isinstance(node, ast.Call)]
    assert calls.index("install_cms_files") < calls.index("run")


def test_a_build_without_the_cms_files_says_so_loudly(tmp_path):
    """In a checkout whose node_modules lacks Decap: a csnet.cms warning naming npm ci; with
    CI=true (GitHub Actions), an error that fails the build (sphinx-build, as nox runs it)."""
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "tests" / "roots" / "test-news", checkout / "docs")
    shutil.copy(ROOT / "package-lock.json", checkout)

    def sphinx_build(out: str, **env: str) -> subprocess.CompletedProcess:
        clean = {k: v for k, v in os.environ.items() if k != "CI"}
        return subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-q", "-D", "cms_enabled=1",
             str(checkout / "docs"), str(tmp_path / out)], capture_output=True, text=True,
            env={**clean, **env}, timeout=300, check=False)

    local = sphinx_build("local")
    assert local.returncode == 0, local.stderr
    assert "content manager (/admin/) is left out" in local.stderr
    assert "Run `npm ci` in" in local.stderr and "[csnet.cms]" in local.stderr
    assert not (tmp_path / "local" / "admin").exists()
    ci = sphinx_build("ci", CI="true")
    assert ci.returncode != 0 and "content manager (/admin/) is left out" in ci.stderr
