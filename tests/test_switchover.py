"""Switch-over day (issue 21): the real old site, imported whole and built, read as a member.

Everything is measured on ``../shared/oldsite`` through the session fixture ``oldsite``, from
what the old site's own files say (its collections, ``_data``, its menus), never from names
of its pages: the live site has more of each, and the same checks must hold there.
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from bs4 import BeautifulSoup
from csnet.frontmatter import parse
from csnet.importer import import_site

from tests.conftest import OLDSITE
from tests.helpers.sphinx import warnings_of

#: clicks from the home page in which every event, post, profile and topic must be reached
CLICKS = 3


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def page_file(outdir: Path, address: str) -> Path | None:
    """The built file at a site address (``/events/``), following the redirect pages."""
    for _hop in range(5):
        path = outdir / urllib.parse.unquote(address.split("#")[0].split("?")[0]).strip("/")
        path = path if path.suffix == ".html" else path / "index.html"
        if not path.is_file():
            return None
        refresh = soup(path).find("meta", attrs={"http-equiv": "refresh"})
        if refresh is None:
            return path
        target = refresh["content"].split("url=", 1)[1]
        if re.match(r"^[a-z]+:|^//", target):  # a post that is a link to another site
            return path
        address = "/" + posixpath.normpath(posixpath.join(
            path.parent.relative_to(outdir).as_posix(), target)).lstrip("./")
    return None


def address_of(outdir: Path, path: Path) -> str:
    return "/" + path.parent.relative_to(outdir).as_posix().strip(".") + "/"


def links(outdir: Path, path: Path, within: str = "main") -> set[Path]:
    """The site's pages that ``path`` links to (in its ``<main>``, or anywhere in it)."""
    found = set()
    page = soup(path)
    root = page.find(within) if within else page
    for anchor in (root or page).find_all("a", href=True):
        href = anchor["href"]
        if re.match(r"^[a-z]+:|^//|^#", href):
            continue
        address = "/" + posixpath.normpath(posixpath.join(
            path.parent.relative_to(outdir).as_posix(), href.split("#")[0])).lstrip("./")
        target = page_file(outdir, address)
        if target is not None:
            found.add(target)
    return found


def menu(oldsite) -> list[dict]:
    """Every item of the imported menus (docs/_data/menus.yml)."""
    menus = yaml.safe_load((oldsite.docs / "_data" / "menus.yml").read_text("utf-8"))
    return [item for items in menus.values() for item in items]


def output_of(oldsite, source: str) -> Path | None:
    """The built page of an old site's file, if it was published."""
    target = oldsite.report.pages.get(source)
    if target is None:
        return None
    docname = target.removesuffix(".md")
    path = oldsite.outdir / (docname.removesuffix("index") if docname.endswith("index")
                             else docname + "/") / "index.html"
    return path if path.is_file() else None


@cache
def front(path: Path) -> dict:
    return parse(path.read_text("utf-8")).data


def old(source: str) -> dict:
    """The front matter of a file of the old site."""
    return front(OLDSITE / source)


def published(oldsite, collection: str, keep=lambda data: True) -> dict[str, Path]:
    """``{source file: built page}`` of a collection's published pages."""
    found = {}
    for source in oldsite.report.pages:
        if source.startswith(f"_{collection}/"):
            data = front(oldsite.docs / oldsite.report.pages[source])
            if data.get("published") is not False and keep(data):
                found[source] = output_of(oldsite, source)
    return found


def words(text: str) -> str:
    """Text as compared: typographic quotes as typed, spaces folded."""
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split())


@pytest.fixture(scope="module")
def built(oldsite) -> dict[str, SimpleNamespace]:
    """Every built HTML page, read once: its text (no scripts), pictures and field values."""
    pages = {}
    for path in oldsite.outdir.rglob("*.html"):
        page = soup(path)
        for tag in page.find_all(["script", "style"]):
            tag.decompose()
        sources = [s.strip().split(" ")[0] for image in page.find_all("img")
                   for s in [image.get("src", "")] + image.get("srcset", "").split(",")]
        pages[path.relative_to(oldsite.outdir).as_posix()] = SimpleNamespace(
            text=page.get_text(" "), flat=page.get_text(""), pictures=[s for s in sources if s],
            values={dd.get_text(strip=True).lower() for dd in page.find_all("dd")},
            kept=bool(page.select(".csnet-import-kept")))
    return pages


def current(data: dict) -> bool:
    return str(data.get("archive", "false")).strip().lower() not in ("true", "yes")


@pytest.fixture(scope="module")
def reached(oldsite) -> dict[Path, int]:
    """Every page reached from the home page in ``CLICKS`` clicks, through the menu first."""
    home = oldsite.outdir / "index.html"
    depth = {home: 0}
    frontier = {home}
    for click in range(1, CLICKS + 1):
        following = set()
        for path in frontier:
            for target in links(oldsite.outdir, path, within="" if click == 1 else "main"):
                if target not in depth:
                    depth[target] = click
                    following.add(target)
        frontier = following
    return depth


def test_every_menu_item_leads_to_a_page_that_lists_what_it_promises(oldsite):
    items = menu(oldsite)
    assert len(items) >= 8, items
    for item in items:
        path = page_file(oldsite.outdir, item["url"])
        assert path is not None, f"menu item {item['title']!r} ({item['url']}) leads nowhere"
        main = soup(path).find("main")
        assert main.find("h1"), item
        assert len(main.get_text(" ", strip=True).split()) > 25, \
            f"{item['title']!r} ({item['url']}) is nearly empty"
        assert not main.find(class_="csnet-empty") or len(links(oldsite.outdir, path)) > 3, \
            f"{item['title']!r} ({item['url']}) lists nothing"


def test_the_loop_pages_list_their_collections(oldsite):
    for collection in ("events", "topics", "consultations", "publications"):
        index = next(p for s, p in published(oldsite, "pages").items()
                     if old(s).get("loop") == collection)
        listed = links(oldsite.outdir, index)
        pages = {p for p in published(oldsite, collection).values() if p}
        for more in [p for p in listed if p not in pages]:  # a year's page, a region's
            listed |= links(oldsite.outdir, more)
        if collection == "publications":  # an older version is reached from the current one
            pages = {p for p in pages if not soup(p).find(class_="csnet-superseded")}
        assert pages and pages <= listed, (collection, sorted(map(str, pages - listed))[:5])


def test_the_networks_page_lists_every_network_with_its_contact(oldsite):
    networks = yaml.safe_load((OLDSITE / "_data" / "networks.yml").read_text("utf-8"))
    assert (oldsite.docs / "_data" / "networks.yml").is_file()  # volunteers edit it there
    page = next(p for s, p in published(oldsite, "pages").items()
                if old(s).get("layout") == "networks")
    main = soup(page).find("main")
    text = words(main.get_text(" ", strip=True))
    emails = {urllib.parse.unquote(a["href"].removeprefix("mailto:"))
              for a in main.find_all("a", href=True) if a["href"].startswith("mailto:")}
    for network in networks:
        assert words(network["department"]) in text
        if network.get("email"):
            assert network["email"] in emails, network


def test_the_team_page_shows_current_volunteers_by_role_with_photos(oldsite):
    team_page = next(p for s, p in published(oldsite, "team").items()
                     if old(s).get("layout") == "team-members")
    main = soup(team_page).find("main")
    listed = links(oldsite.outdir, team_page)
    profiles = {s: p for s, p in published(oldsite, "team", current).items()
                if p and p != team_page and old(s).get(
                    "person-name")}
    former = {p for p in published(oldsite, "team", lambda d: not current(d)).values() if p}
    assert len(profiles) > 20
    assert set(profiles.values()) <= listed
    assert not former & listed
    roles = {str(old(s).get("role")).strip().lower()
             for s in profiles}
    headings = {h.get_text(strip=True).lower() for h in main.find_all(["h2", "h3"])}
    assert roles <= headings
    photos = [s for s in profiles if old(s).get("image")]
    assert len(main.select(".csnet-team-list img")) == len(photos)


def test_a_regions_topic_page_lists_its_news_events_and_volunteers(oldsite):
    for source, page in published(oldsite, "topics").items():
        data = old(source)
        category = data.get("category")
        if not category or page is None:
            continue
        listed = links(oldsite.outdir, page)
        for kind in ("news", "archives", "events"):
            for other, path in published(oldsite, kind).items():
                cats = old(other).get("category") or []
                cats = [cats] if isinstance(cats, str) else cats
                if path and category in map(str, cats):
                    assert path in listed, (source, other)
        if str(data.get("topic-type")).lower() == "region":
            for other, path in published(oldsite, "team", current).items():
                region = old(other).get("region")
                if path and str(region).strip().lower() == str(data["title"]).lower():
                    assert path in listed, (source, other)


def test_a_topic_page_offers_its_email_group_as_the_old_layout_did(oldsite):
    """The old topic layout offered the group of ``_data/groups.yml`` whose category is the
    topic's: join and leave by email, as the old theme's links did."""
    groups = yaml.safe_load((OLDSITE / "_data" / "groups.yml").read_text("utf-8"))
    checked = 0
    for source, page in published(oldsite, "topics").items():
        category = str(old(source).get("category") or "").strip().lower()
        mine = [g for g in groups if str(g.get("category", "")).lower() == category]
        if page is None or not category or not mine:
            continue
        main = soup(page).find("main")
        mails = {urllib.parse.unquote(a["href"]) for a in main.find_all("a", href=True)}
        for group in mine:
            user, _, host = group["email"].partition("@")
            assert f"mailto:{user}+subscribe@{host}?subject=SUBSCRIBE" in mails, (source, mails)
            assert f"mailto:{user}+unsubscribe@{host}?subject=UNSUBSCRIBE" in mails, source
        checked += 1
    assert checked >= 5, checked  # the regions and the inclusion programmes


def test_join_us_lets_a_person_join(oldsite):
    item = next(i for i in menu(oldsite) if "join" in i["url"])
    main = soup(page_file(oldsite.outdir, item["url"])).find("main")
    ways = main.select("form[action^='https://']") + [
        a for a in main.find_all("a", href=True) if a["href"].startswith("mailto:")]
    assert ways, main.get_text(" ", strip=True)
    home = soup(oldsite.outdir / "index.html").find("main")
    signup = next(a for a in home.select(".csnet-signup a[href]"))
    assert page_file(oldsite.outdir, "/" + signup["href"].lstrip("./")) == page_file(
        oldsite.outdir, item["url"])


def test_every_event_post_profile_topic_and_network_is_reachable_from_the_menu(oldsite,
                                                                              reached, built):
    wanted = {}
    for collection in ("events", "news", "archives", "topics"):
        wanted |= published(oldsite, collection)
    wanted |= published(oldsite, "team", current)
    missing = sorted(s for s, p in wanted.items() if p is not None and p not in reached)
    assert not missing, f"{len(missing)} not reached in {CLICKS} clicks: {missing[:10]}"
    texts = words(" ".join(built[p.relative_to(oldsite.outdir).as_posix()].text
                           for p in reached))
    for network in yaml.safe_load((OLDSITE / "_data" / "networks.yml").read_text("utf-8")):
        assert words(network["network"]) in texts


def test_no_picture_links_to_the_old_host_when_its_file_exists(built):
    host = re.compile(r"^(?i:https?:)?//(?i:(www\.)?civilservice\.lgbt)(/assets/[^\s?#]+)")
    offending = [(where, source) for where, page in built.items() for source in page.pictures
                 if (match := host.match(source)) and (
                     OLDSITE / urllib.parse.unquote(match.group(2)).lstrip("/")).is_file()]
    assert not offending, offending[:10]


def test_no_template_code_import_box_or_true_false_reaches_a_page(built):
    assert len(built) > 500
    for where, page in built.items():
        assert "{%" not in page.text and "{{" not in page.text, where
        assert "Not converted from the old site" not in page.text and not page.kept, where
        assert not page.values & {"true", "false"}, where
        # a sentence whose values were never defined: "open from  until ."
        assert not re.search(r"\bfrom\s+until\b|\b(on|from|until|by)\s+\.", page.flat), where


def test_the_newest_plan_is_at_its_address_and_older_ones_say_so(oldsite):
    plans = {s: old(s)
             for s in oldsite.report.pages if s.startswith("_publications/")}
    plans = {s: d for s, d in plans.items() if d.get("layout") == "business-plan"}
    newest = max(plans, key=lambda s: str(plans[s].get("date")))
    page = soup(page_file(oldsite.outdir, "/publication/our-plan/"))
    assert page.find("h1").get_text(strip=True).rstrip("¶") == plans[newest]["title"]
    for source in set(plans) - {newest}:
        older = output_of(oldsite, source)
        notice = soup(older).find(class_="csnet-superseded")
        assert notice is not None, source
        target = notice.find("a")["href"]
        assert page_file(oldsite.outdir, "/" + posixpath.normpath(posixpath.join(
            older.parent.relative_to(oldsite.outdir).as_posix(), target))) == page_file(
            oldsite.outdir, "/publication/our-plan/")


def test_editor_tools_are_reported_and_left_out(oldsite):
    tools = [s for s in oldsite.report.pages if s.startswith("_tools/")]
    assert tools
    for source in tools:
        assert output_of(oldsite, source) is None, source
        assert any(i.file == source and i.action == "check" for i in oldsite.report.items)


# -- the same rules on small sites of each shape ----------------------------------------------
def site_of(tmp_path: Path, files: dict[str, str], config: str = "") -> Path:
    site = tmp_path / "site"
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    (site / "_config.yml").write_text("url: https://www.example.org\nemail: hi@example.org\n"
                                      + config, encoding="utf-8")
    return site


def test_an_unknown_layout_is_reported_and_keeps_its_text(tmp_path):
    site = site_of(tmp_path, {"_pages/odd.md": "---\nlayout: gallery\ntitle: Odd\n---\n\nWords.\n"})
    report = import_site(site, tmp_path / "docs")
    item = next(i for i in report.items if "gallery" in i.construct)
    assert item.action == "check" and item.line == 2
    assert "Words." in (tmp_path / "docs" / "odd.md").read_text("utf-8")


def test_a_test_page_is_reported_and_left_unpublished(tmp_path):
    site = site_of(tmp_path, {
        "_events/2024-01-01-test-event.md": "---\ntitle: Test event\nevent:\n  start: "
                                            "2024-01-01T18:00:00Z\n---\n\nIgnore me.\n",
        "_events/2024-01-02-testing-times.md": "---\ntitle: Testing times in the Civil "
                                               "Service\n---\n\nA real talk.\n"})
    report = import_site(site, tmp_path / "docs")
    test = parse((tmp_path / "docs/event/2024-01-01-test-event.md").read_text("utf-8")).data
    real = parse((tmp_path / "docs/event/2024-01-02-testing-times.md").read_text("utf-8")).data
    assert test["published"] is False and "published" not in real
    assert [(i.file, i.line) for i in report.items if i.construct == "test page"] == [
        ("_events/2024-01-01-test-event.md", 2)]


def test_liquid_that_cannot_be_converted_leaves_the_page_unpublished(tmp_path):
    site = site_of(tmp_path, {
        "_pages/a.md": "---\ntitle: A\n---\n\n{% for p in site.pages %}{{ p.title }}"
                       "{% endfor %}\n",
        "_pages/b.md": "---\ntitle: B\n---\n\nOpen from {{ page.opens }} until soon.\n\n"
                       "[Facebook]({{ site.facebook-url }})\n",
    })
    report = import_site(site, tmp_path / "docs")
    a = parse((tmp_path / "docs" / "a.md").read_text("utf-8")).data
    b_text = (tmp_path / "docs" / "b.md").read_text("utf-8")
    assert parse(b_text).data["published"] is False  # "Open from  until soon."
    assert a.get("published") is not False  # a list of pages is a directive now
    assert "Facebook" in b_text and "]()" not in b_text
    assert {i.file for i in report.items if i.construct == "page left unpublished"} == {
        "_pages/b.md"}


def test_a_sample_page_is_replaced_and_an_edited_one_kept(tmp_path):
    site = site_of(tmp_path, {"_pages/a.md": "---\ntitle: Real\n---\n\nReal words.\n",
                              "_pages/b.md": "---\ntitle: Real B\n---\n\nReal words.\n"})
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("---\ntitle: Sample\nsample: true  # example\n---\n\nx\n")
    (docs / "b.md").write_text("---\ntitle: Mine\n---\n\nmy edits\n")
    (docs / "c.md").write_text("---\ntitle: Other\nsample: true\n---\n\nx\n")
    report = import_site(site, docs)
    assert "Real words." in (docs / "a.md").read_text("utf-8")
    assert "my edits" in (docs / "b.md").read_text("utf-8")
    assert report.edited == ["b.md"]
    assert [(i.file, i.action) for i in report.items if i.construct == "sample page"] == [
        ("_pages/a.md", "changed"), ("docs/c.md", "check")]  # replaced; left for a person


def test_the_newest_of_two_versions_at_one_address_keeps_it(tmp_path):
    plan = ("---\nlayout: publication\ntitle: Our plan\ndate: {}\n"
            "permalink: /publication/plan/\n---\n\n{}\n")
    site = site_of(tmp_path, {
        "_publications/2024-01-01-new.md": plan.format("2024-01-01", "New"),
        "_publications/2019-01-01-old.md": plan.format("2019-01-01", "Old")})
    import_site(site, tmp_path / "docs")
    current = (tmp_path / "docs" / "publication" / "plan.md").read_text("utf-8")
    older = parse((tmp_path / "docs" / "publication" / "plan-2.md").read_text("utf-8")).data
    assert "New" in current
    assert older["superseded-by"] == "/publication/plan/"
    assert older["permalink"] == "/publication/plan-2/"


def test_pictures_of_the_old_host_are_made_local_and_others_reported(tmp_path):
    site = site_of(tmp_path, {
        "_news/2024-01-01-a.md": "---\ntitle: A\nimage: HTTP://WWW.Example.org/assets/a.png\n"
                                 "---\n\n![x](https://elsewhere.test/b.png)\n",
        "assets/a.png": "png",
    })
    report = import_site(site, tmp_path / "docs")
    text = (tmp_path / "docs" / "news" / "2024" / "01" / "01" / "a.md").read_text("utf-8")
    assert parse(text).data["image"] == "/assets/a.png"
    assert (tmp_path / "docs" / "assets" / "a.png").is_file()
    assert any("elsewhere.test/b.png" in i.detail and i.action == "check"
               for i in report.items)


def test_the_network_list_reads_what_it_can_and_says_where_the_rest_is(tmp_path):
    from tests.helpers.sphinx import build_root

    app = build_root(tmp_path, "networks")
    page = soup(Path(app.outdir) / "index.html")
    items = page.select(".csnet-network-list > li")
    assert items[0].find(class_="rubric").get_text() == "Cabinet Office"
    assert "<b>" in items[0].get_text() and not items[0].find("b")  # escaped
    assert urllib.parse.unquote(items[0].find("a")["href"]) == "mailto:lgbt@example.gov.uk"
    assert "Ministry of Justice" in page.get_text()
    warnings = "\n".join(warnings_of(app))
    assert re.search(r"networks\.yml:6: WARNING: .*quote.*\[csnet\.yaml\]", warnings), warnings
    assert "a network needs a 'department' or a 'network' name" in warnings
    (group,) = page.select(".csnet-group-list > li")  # only Wales's, and not the one unnamed
    assert group.find(class_="rubric").get_text() == "Wales <i>Cymru</i> email group"
    assert not group.find("i")  # escaped
    hrefs = [urllib.parse.unquote(a["href"]) for a in group.find_all("a")]
    assert hrefs == ["mailto:wales+subscribe@groups.example.org?subject=SUBSCRIBE",
                     "mailto:wales+unsubscribe@groups.example.org?subject=UNSUBSCRIBE",
                     "https://groups.example.org/g/wales"]
    assert "an email group needs a 'name' and an 'email' address" in warnings
    assert "evil" not in str(page)  # an address carrying '?cc=' is left out, with a warning
