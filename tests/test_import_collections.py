"""The whole old site: every collection, its pictures and menus, imported and built, and
its news digest printed, from a small fixture of each shape (tests/fixtures/jekyll-full)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from csnet.importer import import_site
from csnet.importer.report import EDITED
from pypdf import PdfReader

from tests.helpers import TESTS
from tests.helpers.html import heading_skips
from tests.helpers.sphinx import build_app, edit_source, warnings_of

SITE = TESTS / "fixtures" / "jekyll-full"
CONF = """\
project = "Test Network"
author = "Test Network"
extensions = ["csnet"]
exclude_patterns = ["_build", "_data"]
plan_as_of = "2025-11-10"
html_baseurl = "https://example.org/"
language = "en-GB"
pdf_documents = [("news/index", "news.pdf", "News", None, {"posts": True,
                                                          "contents_depth": 1})]
"""
INDEX = """\
# Home

```{upcoming-events}
```

```{toctree}
:glob:
:hidden:

**
```
"""
NEWS = "---\ntitle: News\n---\n\n```{news-list}\n```\n"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    docs = tmp_path_factory.mktemp("full") / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text(CONF)
    (docs / "index.md").write_text(INDEX)
    (docs / "news").mkdir()
    (docs / "news" / "index.md").write_text(NEWS)
    report = import_site(SITE, docs)
    # the importer leaves the ball's post unpublished for its one condition it cannot convert;
    # a maintainer publishes it as it is, to see its date windows work
    edit_source(docs / f"{BALL}.md", "published: false\n", "")
    return docs, report


@pytest.fixture(scope="module")
def html(imported):
    docs, _ = imported
    return build_app(docs, builddir=docs.parent / "html")


@pytest.fixture(scope="module")
def themed(imported, html):
    """The imported site in the network's own theme, with the old site's menus."""
    docs, _ = imported
    return build_app(docs, builddir=docs.parent / "themed", html_theme="csnet")


@pytest.fixture(scope="module")
def pdf(imported, html):
    docs, _ = imported
    return build_app(docs, "pdf", builddir=docs.parent / "pdf")


def soup(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / page / "index.html").read_text(), "html.parser")


def article(app, page: str) -> str:
    page = soup(app, page)
    main = page.find("article") or page.find("div", class_="body")
    return " ".join(main.get_text(" ", strip=True).split())


def items(report, construct: str) -> list[tuple[str, int, str]]:
    return [(i.file, i.line, i.detail) for i in report.items if i.construct == construct]


def test_every_collection_is_imported_with_its_layout(imported):
    docs, report = imported
    assert dict(report.collections) == {
        "news": 5, "archives": 1, "publications": 1, "rules": 1, "pages": 4, "events": 2,
        "team": 2, "topics": 1, "tools": 1, "notices": 1, "consultations": 1, "manuals": 1,
        "membership": 1, "programmes": 1, "conference": 1, "extras": 1, "posts": 1}
    layouts = {}
    for source, target in report.pages.items():
        front = yaml.safe_load((docs / target).read_text().split("---\n")[1])
        layouts[source.split("/")[0]] = front.get("layout")
    assert layouts == {
        "_news": "news", "_archives": "news", "_publications": "publication",
        "_rules": None, "_pages": None, "_events": "event", "_team": "team",
        "_topics": "topic", "_tools": "tool", "_notices": "notice",
        "_consultations": "consultation", "_manuals": "manual", "_membership": "membership",
        "_programmes": "programme", "_conference": "conference", "_extras": None,
        "_posts": "news"}
    unknown = items(report, "collection")
    assert len(unknown) == 1 and "_extras" in unknown[0][2] and "/extras/" in unknown[0][2]
    assert report.pages["_extras/odd-page.md"] == "extras/odd-page.md"


def test_each_layout_shows_its_own_fields(html):
    consultation = article(html, "consultation/2025/10/01/pronouns")
    assert "Closes 31 December 2025" in consultation
    assert soup(html, "consultation/2025/10/01/pronouns").find(
        "a", href="https://example.org/consult")
    assert "Part of the day Morning Date 20 June 2025" in article(html, "conference/keynote")
    topic = article(html, "trans-inclusion")  # as the old theme's topic layout: no date
    assert "Kind of topic" not in topic and "Published" not in topic
    assert "Until 1 December 2025" in article(html, "notice/agm")
    assert soup(html, "tools/email-signature").find("a", href="https://example.org/signature")
    assert soup(html, "membership/join").find("a", href="https://example.org/join")


def test_events_in_both_schemas_at_their_old_addresses(html):
    new = article(html, "event/2025-11-14-winter-social")
    assert "When Friday 14 November 2025, 4.30pm to 7pm" in new
    assert "Register for this event by Wednesday 12 November 2025, 5pm" in new
    old = article(html, "event/2019-01-31-leaders-forum")
    assert "Thursday 31 January 2019, 2pm to 4pm" in old and "This event has finished." in old
    index = article(html, "event")
    assert index.index("Winter social") < index.index("Recent events") < index.index(
        "Leaders of Networks Forum")
    assert "Winter social" in article(html, "")  # upcoming, on the home page
    assert soup(html, "event").find("a", string="London")["href"] == "category/london/"
    assert "Upcoming events Winter social" in article(html, "event/category/london")
    assert (Path(html.outdir) / "events.ics").is_file()


def test_team_profiles_and_the_team_page(html):
    assert "Role Co-chair" in article(html, "team/sam-lead")
    assert soup(html, "team/sam-lead").find("h1").get_text(strip=True).startswith("Sam Lead")
    team = article(html, "team")
    assert "Co-chair Sam Lead" in team and "Pat Former" not in team  # archive: true


def test_liquid_loop_index_pages_become_lists(html):
    assert "Code of conduct" in article(html, "rules")
    assert "Trans inclusion" in article(html, "topics")
    assert "Annual report" in article(html, "publications")
    archives = article(html, "archives")
    assert "Creating a forum" in archives and "{%" not in archives


def test_liquid_over_data_and_dates(html, imported):
    docs, _ = imported
    text = (docs / "news/sign-up-now.md").read_text()
    assert ":::{shown-between}\n:until: 2021-07-20\n" in text
    assert ":::{shown-between}\n:from: 2021-07-20\n" in text
    page = article(html, "news/sign-up-now")
    assert "Registrations have now closed." in page and "Registrations are open" not in page
    assert "Closing on 20 July" in page  # the date formatted at import, in a heading
    assert "Our leads: Jo Lead, Sam Lead." in page  # _data, filtered and sorted at import
    assert "{{" not in page and "{%" not in page


@pytest.fixture(scope="module")
def html_later(imported):
    """The same site built as of 30 November 2025: registration closed, the ball to come."""
    docs, _ = imported
    return build_app(docs, builddir=docs.parent / "html-later", plan_as_of="2025-11-30")


BALL = "news/2025/10/20/winter-ball"


def test_date_dependent_liquid_of_every_shape_becomes_shown_between(imported):
    docs, report = imported
    text = (docs / f"{BALL}.md").read_text()
    blocks = re.findall(r"^:::\{shown-between\}\n((?::\w+: [\d-]+\n)+)\n(.*?)\n:::$", text,
                        re.M | re.S)
    assert blocks == [
        (":until: 2025-11-28\n", "Tickets are on sale until Friday 28 November."),  # if
        (":from: 2025-11-28\n:until: 2025-12-06\n",  # elsif, after the if
         "Ticket sales have closed; see you on the night."),
        (":from: 2025-12-06\n", "The ball has happened. Thank you for coming!"),  # else
        (":until: 2025-12-06\n", "Dress code: whatever makes you feel fabulous."),  # unless
        (":from: 2025-11-28\n:until: 2025-12-06\n", "Returns only: email the organisers."),
    ]
    event = (docs / "event/2025-11-14-winter-social.md").read_text()
    assert ":::{shown-between}\n:from: 2025-11-12\n:until: 2025-11-14\n" in event
    # static formats become their text at import, in headings and sentences
    assert "## Tickets close on 28 November 2025\n" in text
    assert "The ball is on 6 December 2025, in the year `{{ site.time" in text
    ball = [(line, action, detail) for file, line, construct, action, detail in
            ((i.file, i.line, i.construct, i.action, i.detail) for i in report.items)
            if file == "_news/2025-10-20-winter-ball.md" and construct.startswith("Liquid")]
    assert [(line, action) for line, action, _ in ball] == [(11, "check"), (29, "kept"),
                                                             (31, "kept")]
    assert "registration-close needs 'page.'" in ball[0][2]
    assert "cannot turn into content shown between dates" in ball[2][2]
    assert len([i for i in report.items if i.file == "_news/2025-10-20-winter-ball.md"
                and i.construct == "page left unpublished"]) == 1


def test_date_dependent_content_is_judged_when_the_site_is_built(html, html_later):
    before, later = article(html, BALL), article(html_later, BALL)
    assert "Tickets are on sale until Friday 28 November." in before
    assert "Ticket sales have closed" not in before and "Returns only" not in before
    assert "Ticket sales have closed" in later and "Returns only" in later
    assert "Tickets are on sale" not in later
    for page in (before, later):
        assert "Dress code" in page and "The ball has happened" not in page
        assert "Not converted from the old site" in page  # the mixed condition, kept
    assert "Tickets close on 28 November 2025" in [h.get_text().rstrip("¶")
                                                   for h in soup(html, BALL).find_all("h2")]
    assert "Places are limited" in article(html, "event/2025-11-14-winter-social")
    assert "Thank you to everyone who came." in article(html_later,
                                                         "event/2025-11-14-winter-social")


def test_dates_titles_addresses_and_copies(imported, html):
    docs, report = imported
    post = (docs / "news/2021/05/01/pride-month.md").read_text()
    assert "date: 2021-05-01" in post  # from the file name
    assert "Published 1 May 2021" in article(html, "news/2021/05/01/pride-month")
    assert "Star Performer" in article(html, "news/2021")  # its year's archive page
    assert soup(html, "news/2021/05/01/pride-month").find("h1").get_text().startswith(
        "‘Star Performer’ & Pride")
    # a slug with slashes is one path segment, as Jekyll made it
    assert (docs / "news/2021/06/02/news-2021-06-our-video.md").is_file()
    # an address with a space: a page without one, and the old one in redirect_from
    assert "permalink: /news/sign-up-now/" in (docs / "news/sign-up-now.md").read_text()
    assert "- /news/sign up now/" in (docs / "news/sign-up-now.md").read_text()
    # ... and both old addresses with a space or an apostrophe are redirect pages
    out = Path(html.outdir)
    assert "sign-up-now/" in (out / "news/sign up now/index.html").read_text()
    assert "news-2021-06-our-video/" in (out / "news/pride's-video/index.html").read_text()
    assert not [w for w in warnings_of(html) if "[csnet.url]" in w]
    # Jekyll's own _posts, at the address of its default permalink style ("date": .html)
    assert report.pages["_posts/2020-02-14-love-is-love.md"] == (
        "valentines/2020/02/14/love-is-love.md")
    assert "love-is-love/" in (out / "valentines/2020/02/14/love-is-love.html").read_text()
    assert "Love is love" in article(html, "news")
    # the -2 copy: imported once; its address redirects to the original
    assert "_news/2021-05-01-pride-month-2.md" not in report.pages
    assert "- /news/2021/05/01/pride-month-2/" in post
    redirect = Path(html.outdir) / "news/2021/05/01/pride-month-2/index.html"
    assert "pride-month/" in redirect.read_text()
    index = soup(html, "news")
    assert len(index.find_all("a", string=re.compile("Star Performer"))) == 1


def test_indented_html_is_html_not_code(html):
    page = soup(html, "news/2021/06/02/news-2021-06-our-video")
    assert page.find("iframe", title="Our Pride video")
    assert "iframe" not in " ".join(pre.get_text() for pre in page.find_all("pre"))


def test_assets_used_are_copied_and_missing_ones_reported(imported, html):
    docs, report = imported
    copied = sorted(p.relative_to(docs).as_posix() for p in (docs / "assets").rglob("*"))
    assert copied == ["assets/docs", "assets/docs/annual-report.pdf", "assets/docs/minutes.pdf",
                      "assets/images",
                      "assets/images/uploads", "assets/images/uploads/banner.png",
                      "assets/images/uploads/broken.png", "assets/images/uploads/logo.png",
                      "assets/images/uploads/no-alt.png", "assets/images/uploads/pride.png"]
    missing = items(report, "file in /assets/")
    assert missing == [(f"_news/{name}", line, f"/assets/images/uploads/{file} is not in the "
                        "old site's assets folder; find the file and put it at "
                        f"docs/assets/images/uploads/{file}")
                       for name, line, file in (("2021-05-01-pride-month.md", 15, "lost.png"),
                                                ("2021-08-10-gallery.md", 16, "gone.png"))]
    page = soup(html, "news/2021/05/01/pride-month")
    assert page.find("img", alt="A magenta square")["src"].endswith("pride.png")
    assert page.find("a", class_="download")["href"].endswith("annual-report.pdf")


def test_raw_html_pictures_inside_other_html_are_pictures(imported, html):
    page = soup(html, "news/2021/08/10/gallery")
    pictures = {img["alt"]: img for img in page.select("div.body img")}
    for alt in ("Pride banner", "Marchers at Pride", "Our logo", "", "Picnic & games"):
        assert pictures[alt]["src"].startswith("../../../../../_images/"), alt
        assert (Path(html.outdir) / "news/2021/08/10/gallery" / pictures[alt]["src"]).is_file()
    assert pictures["Pride banner"].parent.name == "a"  # still inside its link, not two links
    assert pictures["Pride banner"].parent["href"] == "https://example.org/pride"
    assert pictures["Marchers at Pride"]["width"] == "200"
    assert pictures["Marchers at Pride"].parent.name == "figure"
    assert pictures["Picnic & games"].find_parent("td")
    assert not page.select("div.body a a")
    assert "Marching together" in page.find("figcaption").get_text()
    warnings = warnings_of(html)
    assert any("gallery.md:17:" in w and "gone.png" in w for w in warnings)  # missing
    assert any("gallery.md:20:" in w and "logo.png has no description" in w for w in warnings)


def test_menus_for_the_theme(imported):
    docs, _ = imported
    menus = yaml.safe_load((docs / "_data/menus.yml").read_text())
    assert menus["header_menu"][1] == {"title": "Events", "url": "/events/"}
    assert menus["footer_menu"] == [{"title": "Accessibility", "url": "/accessibility/"}]


def test_every_page_is_in_a_contents_list(imported, html):
    _, report = imported
    assert items(report, "navigation") == []
    assert not [w for w in warnings_of(html) if "not included in any toctree" in w]


def test_html_warns_about_pictures_without_a_description(html):
    warnings = [w for w in warnings_of(html) if "[csnet.image]" in w]
    assert any("pride-month.md:17:" in w and "no-alt.png has no description" in w
               for w in warnings), warnings


def test_the_digest_pdf_is_written_despite_picture_problems(pdf, html):
    out = Path(pdf.outdir) / "news.pdf"
    assert out.is_file()
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    text = " ".join(text.split())
    for title in ("Star Performer", "Our video", "Sign up for the conference",
                  "Creating a forum"):
        assert title in text, title
    warnings = [w for w in warnings_of(pdf) if "[csnet.image]" in w]
    video = "news-2021-06-our-video.md"
    expected = [(video, "remote.png is on another website"),
                (video, "broken.png cannot be printed"),
                ("pride-month.md:17:", "no-alt.png has no description")]
    for where, what in expected:
        assert any(where in w and what in w for w in warnings), (where, what, warnings)
    assert "[Picture: A broken picture]" in text
    assert "[Picture: A picture that was lost]" in text  # raw <img> of a missing file
    assert any("gallery.md:17:" in w and "gone.png' is not there" in w for w in warnings)
    assert any("gallery.md:20:" in w and "(in the PDF: decoration)" in w for w in warnings)


def test_the_digest_holds_every_published_post(imported, pdf):
    docs, report = imported
    text = " ".join(page.extract_text() for page in PdfReader(Path(pdf.outdir) /
                                                              "news.pdf").pages)
    def plain(words: str) -> str:  # quotes as the PDF's text layer may give them
        return " ".join(words.translate(str.maketrans("‘’“”", "''\"\"")).split())

    text = plain(text)
    posts = []
    for target in report.pages.values():
        front = yaml.safe_load((docs / target).read_text().split("---\n")[1])
        if front.get("layout") == "news" and front.get("published", True) is not False:
            posts.append(front["title"])
    assert len(posts) == 7  # _news (5, one a -2 copy imported once), _archives, _posts
    missing = [title for title in posts if plain(title) not in text]
    assert missing == []


def test_a_picture_without_description_is_an_artifact_in_the_pdf(pdf):
    reader = PdfReader(Path(pdf.outdir) / "news.pdf")
    artifacts = 0
    for page in reader.pages:
        content = page.get_contents().get_data().decode("latin-1")
        artifacts += len(re.findall(r"/Artifact\s+BMC[^E]*?/x\d+ Do", content))
    assert artifacts >= 1
    # a decorative picture inside a sentence stays in its line
    heights = {}

    def where(text, cm, tm, font, size):
        for words in ("Our logo", "sits beside the text."):
            if words in text:
                heights[words] = round((tm[5] * cm[3] + cm[5]), 1)

    for page in reader.pages:
        page.extract_text(visitor_text=where)
    assert len(heights) == 2 and len(set(heights.values())) == 1, heights
    figures = []

    def walk(node):
        node = node.get_object()
        if node.get("/S") == "/Figure":
            figures.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert "A magenta square" in figures and "" not in figures


def test_w_still_makes_picture_warnings_fatal(imported, tmp_path):
    import subprocess
    import sys

    docs, _ = imported
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "pdf", "-W", "-q", str(docs),
                             str(tmp_path / "strict")], capture_output=True, text=True,
                            check=False)
    assert result.returncode != 0
    assert "[csnet.image]" in result.stderr


def test_importing_twice_changes_nothing(imported, tmp_path):
    docs, _ = imported
    again = import_site(SITE, docs)
    # the ball's post, published by hand after the first import, is left as it is
    assert dict(again.statuses) == {"unchanged": sum(again.collections.values()) - 1,
                                    EDITED: 1}
    assert again.edited == [f"{BALL}.md"]


# -- the old site's last gaps: menus, heading levels, raw links to files, sized pictures ------
def test_every_menu_link_leads_to_a_built_page_or_is_warned_about(imported, themed):
    docs, report = imported
    out = Path(themed.outdir)
    page = soup(themed, "news")
    links = {a.get_text(strip=True): a["href"] for a in
             page.select("header nav a, footer nav a") if a.get_text(strip=True)}
    assert {"News", "Events", "Our team", "Accessibility"} <= set(links)
    warned = [w for w in warnings_of(themed) if "[csnet.link]" in w and "menus.yml" in w]
    for title, href in links.items():
        if href.startswith("https://"):  # the live site's address: only when warned about
            assert any(f"menu item {title!r}" in w for w in warned), (title, href)
        elif href != "#":
            target = (out / "news" / href).resolve()
            assert (target / "index.html").is_file() or target.is_file(), (title, href)
    # the old address /events/ is a redirect to the events index, which the menu links
    assert links["Events"] == "../event/"
    assert "url=../event/" in (out / "events" / "index.html").read_text()
    assert any(i.construct == "menu address" and "/events/ redirects to docs/event/index.md"
               in i.detail for i in report.items)
    # /accessibility/ was never imported: warned where it is, with the fix
    assert len(warned) == 1 and "_data/menus.yml:11:" in warned[0]
    assert "'Accessibility' links /accessibility/" in warned[0] and "redirect_from" in warned[0]
    assert any(i.construct == "menu address" and i.action == "check" and "/accessibility/"
               in i.detail for i in report.items)


def test_no_built_page_skips_a_heading_level(themed):
    out = Path(themed.outdir)
    pages = [p for p in out.rglob("*.html") if "_static" not in p.parts]
    skips = {p.relative_to(out).as_posix(): heading_skips(p.read_text()) for p in pages}
    assert {page: s for page, s in skips.items() if s} == {}
    assert len(pages) > 30  # listings, indexes, archives, team, events all walked
    assert soup(themed, "event").select("h2.rubric")  # the events index: h1, h2, h3


def test_raw_html_links_to_files_publish_the_file(themed):
    out = Path(themed.outdir)
    page = soup(themed, "news/2021/08/10/gallery")
    links = {a.get_text(" ", strip=True): a for a in page.select("a[download]")}
    for words, name, data in (("minutes of the AGM", "minutes.pdf", b"%PDF-1.4 minutes"),
                              ("annual report", "annual-report.pdf", None)):
        href = links[words]["href"]
        assert href.endswith(f"/{name}") and "_downloads/" in href, href
        served = (out / "news/2021/08/10/gallery" / href).resolve()
        assert served.is_file() and served.is_relative_to(out.resolve()), href
        assert data is None or served.read_bytes().startswith(data)
    assert links["minutes of the AGM"].find("strong").get_text() == "AGM"  # its HTML kept
    # only files that are linked are published, not the whole assets folder
    published = {p.name for p in (out / "_downloads").rglob("*") if p.is_file()}
    assert "minutes.pdf" in published and "logo.png" not in published


def test_the_pdf_prints_pictures_at_their_html_size(pdf):
    """pride.png is 8 x 8 pixels: printed at 200 px wide (150 pt) where <img width="200">
    says so, and at its own size (6 pt) where nothing does."""
    reader = PdfReader(Path(pdf.outdir) / "news.pdf")
    widths = []
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject", {})

        def placed(operator, operands, cm, tm, xobjects=xobjects):
            if operator == b"Do" and operands[0] in xobjects:
                image = xobjects[operands[0]].get_object()
                if image.get("/Subtype") == "/Image" and image["/Width"] == 8:
                    widths.append(round(cm[0], 1))

        page.extract_text(visitor_operand_before=placed)
    assert sorted(widths) == [6.0, 150.0]
