"""Old URLs: redirect pages, unsafe values, clashes, and site-relative links in bodies."""

from __future__ import annotations

import http.server
import posixpath
import re
import threading
import urllib.parse
import urllib.request
from functools import partial
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from tests.helpers import DOCS
from tests.helpers.sphinx import build_root, edit_source, warnings_of


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = build_root(tmp_path_factory.mktemp("urls"), "urls")
    yield app
    app.cleanup()


def soup_of(app, file: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / file).read_text("utf-8"), "html.parser")


def redirect_of(app, file: str) -> tuple[str, str, str]:
    """(refresh target, canonical, visible link) of a redirect page, checked consistent."""
    soup = soup_of(app, file)
    refresh = soup.select_one('meta[http-equiv="refresh"]')["content"]
    assert refresh.startswith("0; url=")
    target = refresh.removeprefix("0; url=")
    assert soup.select_one("main a")["href"] == target
    assert soup.html["lang"] == "en-GB" and soup.title.get_text()
    return target, soup.select_one('link[rel="canonical"]')["href"], soup.select_one("main a")


@pytest.mark.parametrize(("file", "page", "canonical"), [
    ("our-plan/index.html", "publication/plan/", "https://example.org/publication/plan/"),
    ("business-plan/index.html", "publication/plan/", "https://example.org/publication/plan/"),
    ("publication/business-plan/index.html", "publication/plan/",
     "https://example.org/publication/plan/"),
    ("plan.html", "publication/plan/", "https://example.org/publication/plan/"),
    ("about/mission/index.html", "rules/mission/", "https://example.org/rules/mission/"),
    ("news/2021/11/15/post-old/index.html", "news/2021/11/15/post/",
     "https://example.org/news/2021/11/15/post/"),
    ("news/2021/12/02/moved-date/index.html", "news/2021/12/01/moved-date/",  # from date
     "https://example.org/news/2021/12/01/moved-date/"),
    ("news/2021/10/05/renamed/index.html", "news/2021/11/15/post/",
     "https://example.org/news/2021/11/15/post/"),
])
def test_redirect_pages_for_every_old_url(app, file, page, canonical):
    target, found_canonical, link = redirect_of(app, file)
    assert posixpath.normpath(posixpath.join(posixpath.dirname(file), target)) + "/" == page
    assert (app.outdir / page / "index.html").is_file()
    assert found_canonical == canonical


def test_a_permalink_wins_over_the_date_pattern(app):
    assert not (app.outdir / "news/2021/11/16").exists()


def test_redirect_to_an_address_elsewhere(app):
    for file in ("elsewhere/index.html", "old-elsewhere/index.html"):
        target, canonical, link = redirect_of(app, file)
        assert target == canonical == "https://example.com/new-home?from=old&x=1"
        script = soup_of(app, file).script.string
        assert script == ('location.replace("https://example.com/new-home?from=old\\u0026x=1"'
                          " + location.hash)")


def test_unsafe_values_are_refused_with_located_warnings(app):
    warnings = [w for w in warnings_of(app) if "[csnet.url]" in w]
    bad = [w for w in warnings if "bad.md" in w]
    assert any("bad.md:3:" in w and "permalink '../../etc/x'" in w for w in bad)
    assert any("bad.md:5:" in w and "javascript:alert(1)" in w and "not a web address" in w
               for w in bad)
    assert any("bad.md:6:" in w and "<script>" in w for w in bad)
    assert any("bad.md:7:" in w and "'..'" in w for w in bad)
    assert any("moved.md:3:" in w and "redirect_to 'javascript:alert(1)'" in w
               for w in warnings)
    out = app.outdir.resolve()
    assert not (out.parent.parent / "etc").exists() and not (out / "etc").exists()
    assert not list(out.rglob("*script*")) and not (out / "up").exists()
    moved = (out / "moved/index.html").read_text("utf-8")
    assert "javascript:" not in moved and "refresh" not in moved  # still the page itself


def test_two_pages_claiming_one_url_warn(app):
    clashes = [w for w in warnings_of(app) if "[csnet.url]" in w and "clash.md" in w]
    assert len(clashes) == 2
    assert any("zz-clash.md:4:" in w and "/our-plan/ is already claimed by the "
               "redirect_from of publication/plan.md (line 6)" in w for w in clashes)
    assert any("zz-clash.md:5:" in w and "/rules/mission/ is already claimed by the page "
               "rules/mission.md" in w for w in clashes)
    target, _, _ = redirect_of(app, "our-plan/index.html")  # the first page by name wins
    assert target == "../publication/plan/"


def test_site_relative_links_resolve_to_built_pages(app):
    links = {a.get_text(): a["href"] for a in soup_of(app, "index.html").select("li > p > a")
             if a.get("href") and not a["href"].startswith("#")}
    assert links["renamed post"] == "news/2021/11/15/post/"
    assert links["the plan"] == "publication/plan/"
    assert links["plan section"] == "publication/plan/#women-s-inclusion"
    assert links["mission"] == "rules/mission/"
    assert links["old mission"] == "rules/mission/"
    assert links["Our plan"] == "publication/plan/"  # an empty link text gets the title
    assert links["nowhere"] == "https://example.org/team/someone"
    assert links["archive"] == "news/2021/"  # generated pages are site URLs too
    assert links["feed"] == "feed.xml"
    assert links["bp"] == "publication/plan/"  # through its old address
    assert (app.outdir / "news/2021/index.html").is_file()


def test_the_html_builder_gets_the_same_urls(tmp_path):
    app = build_root(tmp_path, "urls", buildername="html")
    links = {a.get_text(): a["href"] for a in soup_of(app, "index.html").select("li > p > a")}
    assert links["renamed post"] == "news/2021/11/15/post.html"
    assert links["plan section"] == "publication/plan.html#women-s-inclusion"
    assert links["archive"] == "news/2021.html"
    target, canonical, _ = redirect_of(app, "our-plan/index.html")
    assert target == "../publication/plan.html"
    assert canonical == "https://example.org/publication/plan.html"
    assert (app.outdir / "news/2021/10/05/renamed/index.html").is_file()
    app.cleanup()


def test_unknown_link_is_one_located_warning(app):
    warnings = warnings_of(app)
    assert not [w for w in warnings if "myst.xref_missing" in w]
    unknown = [w for w in warnings if "[csnet.link]" in w]
    assert len(unknown) == 1
    assert "index.md:9:" in unknown[0] and "'/team/someone'" in unknown[0]
    assert "https://example.org/team/someone" in unknown[0]


def test_old_urls_served_with_and_without_trailing_slash(app):
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(app.outdir))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        for path in ("/publication/plan", "/our-plan", "/our-plan/", "/business-plan",
                     "/about/mission", "/about/mission/", "/news/2021/11/15/post-old",
                     "/news/2021/10/05/renamed/"):
            with urllib.request.urlopen(base + path) as response:
                assert response.status == 200
                assert response.url.endswith("/")
                body = response.read().decode()
                assert "<html" in body
    finally:
        server.shutdown()


SEED_URLS = {  # every URL the old site served for the seeds -> the page it must reach
    "news/2021/11/15/our-plan": "news/2021/11/15/our-plan/",
    "publication/our-plan": "publication/our-plan/",
    "our-plan": "publication/our-plan/",
    "business-plan": "publication/our-plan/",
    "publication/business-plan": "publication/our-plan/",
    "news/2022/01/13/helping-you-succeed-in-your-career":
        "news/2022/01/13/helping-you-succeed-in-your-career/",
    "archives/2019/01/03/creating-a-leaders-of-networks-forum":
        "archives/2019/01/03/creating-a-leaders-of-networks-forum/",
    "2019/01/03/creating-a-leaders-of-networks-forum":
        "archives/2019/01/03/creating-a-leaders-of-networks-forum/",
    "rules/mission-statement": "rules/mission-statement/",
    "about/mission-statement": "rules/mission-statement/",
}


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):



    app = SphinxTestApp("dirhtml", srcdir=DOCS, builddir=tmp_path_factory.mktemp("seeds"),
                        confoverrides={"plan_as_of": "2022-03-01"}, status=StringIO(),
                        warning=StringIO())
    app.build()
    yield app
    app.cleanup()


@pytest.mark.parametrize(("url", "page"), sorted(SEED_URLS.items()))
def test_every_old_seed_url_reaches_its_page(seeds, url, page):
    file = f"{url}/index.html"
    assert (seeds.outdir / file).is_file()
    if url + "/" != page:
        target, canonical, _ = redirect_of(seeds, file)
        assert posixpath.normpath(posixpath.join(url, target)) + "/" == page
        assert canonical == f"https://www.civilservice.lgbt/{page}"


def test_seed_links_to_seed_pages_resolve_and_others_warn(seeds):
    warnings = warnings_of(seeds)
    assert not [w for w in warnings if "xref_missing" in w]
    unknown = sorted({re.search(r"the link '([^']+)'", w)[1] for w in warnings
                      if "[csnet.link]" in w})
    assert unknown == ["/event/2019-01-31-leaders-of-networks-forum/", "/join-us/",
                       "/news/2021/10/05/new-chair-statement",
                       "/news/2021/12/16/weve-won-a-civil-service-award", "/team",
                       "/team/john-peart", "/team/tom-seddon", "/team/vacancies"]
    post = soup_of(seeds, "news/2021/11/15/our-plan/index.html")
    hrefs = {a.get_text(): a["href"] for a in post.select("article a.reference")}
    assert hrefs["read the plan"] == "../../../../../publication/our-plan/"
    assert hrefs["mission statement and objectives"] == "../../../../../rules/mission-statement/"
    assert hrefs["I took over as Chair"] == (
        "https://www.civilservice.lgbt/news/2021/10/05/new-chair-statement")


def test_an_old_address_taken_out_of_redirect_from_goes(tmp_path):
    build_root(tmp_path, "urls").cleanup()
    out = tmp_path / "urls/_build/dirhtml"
    assert (out / "business-plan/index.html").is_file()
    edit_source(tmp_path / "urls/publication/plan.md", "- business-plan\n", "")
    app = build_root(tmp_path, "urls")
    assert not (out / "business-plan/index.html").exists()
    # the page linking to the old address is rewritten: the link now goes to the live site
    links = {a.get_text(): a["href"] for a in soup_of(app, "index.html").select("li > p > a")}
    assert links["bp"] == "https://example.org/business-plan"
    assert any("'/business-plan'" in w for w in warnings_of(app) if "[csnet.link]" in w)
    app.cleanup()
    assert (out / "our-plan/index.html").is_file()
    assert (out / "publication/plan/index.html").is_file()


def _serve(outdir):
    """A plain static server of the output (as GitHub Pages: ``/a%20b/`` is the folder
    ``a b``); returns its base address and the server, to shut down."""
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(outdir))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


@pytest.mark.parametrize("path", ["/news/sign%20up%20now/", "/news/sign%20up%20now",
                                  "/news/pride's-video/", "/news/pride%27s-video/",
                                  "/events/winter%20social/", "/news/pride%27s%20day/"])
def test_old_addresses_with_a_space_or_an_apostrophe_reach_their_page(app, path):
    base, server = _serve(app.outdir)
    try:
        with urllib.request.urlopen(base + path) as response:
            soup = BeautifulSoup(response.read().decode(), "html.parser")
            where = response.url
        refresh = soup.select_one('meta[http-equiv="refresh"]')["content"]
        target = urllib.parse.urljoin(where, refresh.removeprefix("0; url="))
        assert soup.select_one("main a").get_text() == "Old forms"
        with urllib.request.urlopen(target) as response:
            page = BeautifulSoup(response.read().decode(), "html.parser")
        assert response.url == base + "/old-forms/"
        assert "Old addresses with a space" in page.get_text()
    finally:
        server.shutdown()


def test_old_address_forms_that_stay_refused(app):
    warnings = [w for w in warnings_of(app) if "[csnet.url]" in w and "old-forms.md" in w]
    for line, what in ((7, "tabs"), (8, "tabs"), (9, "double quotes"),
                       (10, "space at the start or end"), (12, "'..'")):
        assert any(f"old-forms.md:{line}:" in w and what in w for w in warnings), (line, warnings)
    assert len(warnings) == 5
    out = app.outdir
    assert (out / "news/sign up now/index.html").is_file()
    assert (out / "news/pride's-video/index.html").is_file()
    written = {p.relative_to(out).as_posix() for p in out.rglob("*")}
    assert not [p for p in written if "\t" in p or '"' in p or "\xa0" in p or " padded" in p]
    assert not (out / "out").exists() and not (out.parent / "out").exists()
    # a link written with the old address in a page goes to the page
    home = soup_of(app, "index.html")
    assert home.find("a", string="sign up")["href"] == "old-forms/"


def test_look_alike_and_case_clashing_addresses_warn_at_their_line(tmp_path):
    """Fullwidth letters, a Cyrillic letter in a Latin word, and two addresses differing only
    by case (one overwrites the other on macOS and Windows disks and in zip downloads)."""
    from tests.helpers.adopt import make_project

    pages = {
        "index.md": "# Home\n\nWelcome.\n",
        "a.md": "---\ntitle: A\npermalink: /ａｄｍｉｎ/\n---\nA.\n",
        "b.md": "---\ntitle: B\npermalink: /n\u0435ws/\n---\nB.\n",
        "c.md": "---\ntitle: C\nredirect_from:\n  - /Team/\n---\nC.\n",
        "team.md": "# Team\n\nT.\n",
    }
    app = build_root_app(make_project(tmp_path / "src", 'extensions = ["csnet"]\n', pages))
    warnings = [w for w in warnings_of(app) if "[csnet.url]" in w]
    assert any("a.md:3:" in w and "looks like /admin/" in w for w in warnings), warnings
    assert any("b.md:3:" in w and "mixes Latin letters with Cyrillic" in w for w in warnings)
    assert any("c.md:4:" in w and "differs from /team/ only by capital letters" in w
               for w in warnings), warnings


def build_root_app(srcdir):
    from tests.helpers.sphinx import build_app

    return build_app(srcdir)
