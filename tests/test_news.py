"""News lists, archives, drafts, the post page and the Atom feed, on a real Sphinx build."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from tests.helpers.sphinx import build_root, warnings_of

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    app = build_root(tmp_path_factory.mktemp("news"), "news")
    yield app
    app.cleanup()


@pytest.fixture(scope="module")
def drafts_site(tmp_path_factory):
    app = build_root(tmp_path_factory.mktemp("drafts"), "news", news_drafts=True)
    yield app
    app.cleanup()


def page(app, path: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / path / "index.html").read_text("utf-8"), "html.parser")


def titles(soup: BeautifulSoup, index: int = 0) -> list[str]:
    lists = soup.select("ul.csnet-news-list")
    return [a.get_text() for a in lists[index].select(".csnet-item-title a")]


def test_news_index_lists_published_posts_newest_first(site):
    soup = page(site, "news")
    assert titles(soup) == ["Newest post", "Older post", "Oldest post"]
    first = soup.select("ul.csnet-news-list")[0].select("li")[0]
    assert first.select_one(".csnet-item-meta").get_text() == "10 January 2022 · By Ada"
    assert first.select_one(".csnet-item-excerpt").get_text() == "The newest post’s excerpt."
    image = first.select_one("img.csnet-item-image")
    assert image["src"] == "https://example.org/images/newest.png"
    assert image["alt"] == "Two people at a desk"
    assert first.select_one("a")["href"] == "2022/01/10/newest/"


def test_filters_limit_and_category(site):
    assert titles(page(site, "")) == ["Newest post", "Older post"]
    events = page(site, "news").select("ul.csnet-news-list")[1]
    assert "csnet-compact" in events["class"]
    assert [a.get_text() for a in events.select("a")] == ["Newest post", "Older post"]
    assert events.select("img") == []
    from_2021 = page(site, "news").select("ul.csnet-news-list")[2]
    assert [a.get_text() for a in from_2021.select("a")] == ["Older post", "Oldest post"]


def test_drafts_and_future_posts_are_left_out_everywhere(site):
    out = site.outdir
    assert not (out / "news/2022/02/01/draft").exists()
    assert not (out / "news/2023/01/01/future").exists()
    assert not (out / "news/2023").exists()  # no archive page for a year with only drafts
    everything = " ".join(p.read_text("utf-8", errors="replace") for p in out.rglob("*")
                          if p.is_file() and p.suffix in (".html", ".xml", ".js"))
    assert "Draft post" not in everything and "Secret draft" not in everything
    assert "Future post" not in everything
    assert not any("draft" in w.lower() for w in warnings_of(site))


def test_drafts_switch_includes_them(drafts_site):
    assert titles(page(drafts_site, "news")) == [
        "Future post", "Draft post", "Newest post", "Older post", "Oldest post"]
    assert (drafts_site.outdir / "news/2022/02/01/draft/index.html").is_file()


def test_archive_pages_by_year_and_category(site):
    labels = page(site, "news").select("h3.csnet-archive-label")  # under "Archives" (h2)
    assert [h.get_text() for h in labels] == ["By year", "By category"]
    archives = page(site, "news").select(".csnet-archive-list a")
    assert [a.get_text() for a in archives] == ["2022", "2021", "Careers", "Events"]
    assert [a["href"] for a in archives][:3] == ["2022/", "2021/", "category/careers/"]
    year = page(site, "news/2021")
    assert year.select_one("h1").get_text() == "News from 2021"
    assert titles(year) == ["Older post", "Oldest post"]
    assert year.select_one(".csnet-item-title a")["href"] == "06/01/older/"
    careers = page(site, "news/category/careers")
    assert titles(careers) == ["Newest post", "Oldest post"]
    assert careers.select_one(".csnet-item-title a")["href"] == "../../2022/01/10/newest/"


def test_post_page_header_image_and_latest_news(site):
    soup = page(site, "news/2022/01/10/newest")
    header = soup.select_one(".csnet-page-header")
    assert header.select_one(".lead").get_text() == "The newest post’s excerpt."
    assert "By Ada" in header.get_text() and "Published 10 January 2022" in header.get_text()
    image = soup.select_one(".csnet-post-image img")
    assert image["alt"] == "Two people at a desk"
    latest = soup.select_one("section.csnet-latest-news")
    assert latest.select_one("h2").get_text().startswith("Latest news")
    assert [a.get_text() for a in latest.select("a.reference")] == ["Older post", "Oldest post"]


def test_image_without_alt_warns_and_gets_a_description(site):
    soup = page(site, "news/2021/01/05/oldest")
    image = soup.select_one(".csnet-post-image img")
    assert image["alt"] == "Picture for the news post “Oldest post”"
    assert image["src"] == "https://example.org/site/images/oldest.png"  # site path: live site
    warnings = [w for w in warnings_of(site) if "[csnet.image]" in w]
    assert len(warnings) == 1
    assert "oldest.md:8:" in warnings[0] and "image-alt" in warnings[0]


def test_publication_list(site):
    soup = page(site, "")
    items = soup.select("ul.csnet-publications-list li")
    assert [li.select_one("a").get_text() for li in items] == ["About us"]
    assert items[0].select_one(".csnet-item-excerpt").get_text() == "Who we are."


def test_atom_feed(site):
    root = ET.fromstring((site.outdir / "feed.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}id").text == "https://example.org/site/feed.xml"
    assert root.find(f"{ATOM}updated").text.startswith("2022-01-10")
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Newest post", "Older post", "Oldest post"]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == (
        "https://example.org/site/news/2022/01/10/newest/")
    assert first.find(f"{ATOM}id").text == "https://example.org/site/news/2022/01/10/newest/"
    assert first.find(f"{ATOM}author/{ATOM}name").text == "Ada"
    assert first.find(f"{ATOM}summary").text == "The newest post's excerpt."
    assert [c.get("term") for c in first.findall(f"{ATOM}category")] == ["Events", "Careers"]
    assert first.find(f"{ATOM}published").text.startswith("2022-01-10")


def test_every_page_links_the_feed(site):
    for path, href in (("", "feed.xml"), ("news/2021", "../../feed.xml"),
                       ("news/2022/01/10/newest", "../../../../../feed.xml")):
        link = page(site, path).select_one('link[rel="alternate"][type="application/atom+xml"]')
        assert link["href"] == href


def test_feed_holds_the_newest_twenty(tmp_path):
    shutil.copytree(build_root.__globals__["TESTS"] / "roots/test-news", tmp_path / "many")
    for day in range(1, 26):
        folder = tmp_path / f"many/news/2020/03/{day:02d}"
        folder.mkdir(parents=True)
        (folder / "post.md").write_text(
            f"---\nlayout: news\ntitle: Post {day}\ndate: 2020-03-{day:02d}\n---\n\nText.\n")
    app = build_root(tmp_path, "many")
    entries = ET.fromstring((app.outdir / "feed.xml").read_bytes()).findall(f"{ATOM}entry")
    names = [e.find(f"{ATOM}title").text for e in entries]
    assert len(names) == 20
    assert names[:4] == ["Newest post", "Older post", "Oldest post", "Post 25"]
    assert names[-1] == "Post 9"
    app.cleanup()


def test_lists_are_format_neutral(tmp_path):
    app = build_root(tmp_path, "news", buildername="text")
    text = (app.outdir / "news/index.txt").read_text("utf-8")
    assert "Newest post" in text and "10 January 2022 · By Ada" in text
    assert "Two people at a desk" in text  # the image's description
    assert not [w for w in warnings_of(app) if "csnet.image" not in w]
    app.cleanup()
