"""The site theme (``csnet.theme``) with another organisation's options (tests/roots/test-theme),
and the home-page blocks (``csnet.blocks``): titles, descriptions, menus, breadcrumbs, no
documentation chrome, contents without back-links, pictures, the files each page loads."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from csnet.pdf.render import FONTS

from tests.helpers import TESTS
from tests.helpers.sphinx import build_app, edit_source, warnings_of


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    src = tmp_path_factory.mktemp("theme") / "src"
    shutil.copytree(TESTS / "roots" / "test-theme", src)
    app = build_app(src)
    return app, Path(app.outdir)


def soup(out: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((out / path).read_text("utf-8"), "html.parser")


POST = "news/2024/05/01/hello/index.html"


def test_browser_title_is_page_then_name_and_home_is_the_name(built):
    _, out = built
    assert soup(out, "index.html").title.string == "Example Staff Network"
    assert soup(out, "about/index.html").title.string == "About us — Example Staff Network"
    assert soup(out, POST).title.string == "Hello — Example Staff Network"


def test_every_page_has_one_meta_description(built):
    _, out = built
    def description(path):
        tags = soup(out, path).find_all("meta", attrs={"name": "description"})
        assert len(tags) == 1, path
        return tags[0]["content"]
    assert description("index.html") == "The staff network of Example, for everyone."
    assert description(POST) == "Our first post."
    about = description("about/index.html")
    assert about.startswith("This page has no excerpt, so its first paragraph becomes")
    assert about.endswith("…") and len(about) <= 161
    assert description("search/index.html")


def test_menus_link_pages_of_the_site_and_the_live_site_for_the_rest(built):
    _, out = built
    page = soup(out, POST)
    menu = {a.get_text(): a["href"] for a in page.select("header nav a")}
    assert menu == {"News": "../../../../", "Events": "https://network.example.org/events/",
                    "About": "../../../../../about/", "Partner": "https://partner.example.com/"}
    assert page.select_one('header nav a[aria-current]').get_text() == "News"
    footer = page.select_one("footer")
    assert [a["href"] for a in footer.select("nav a")] == ["mailto:hello@example.org"]
    assert footer.select_one(".csnet-social a")["href"] == "https://social.example/@network"


def test_breadcrumbs_name_the_section(built):
    _, out = built
    crumbs = soup(out, POST).select(".csnet-breadcrumbs li")
    assert [li.get_text(strip=True) for li in crumbs] == ["Home", "News", "Hello"]
    assert crumbs[-1]["aria-current"] == "page"


def test_search_snippets_do_not_open_with_the_breadcrumbs(built):
    # Sphinx's search shows the text of [role=main] as a result's snippet
    _, out = built
    main = soup(out, POST).select_one("[role=main]")
    assert main is not None and not main.select(".csnet-breadcrumbs")
    assert main.get_text(" ", strip=True).startswith("Hello")
    assert not soup(out, "index.html").select(".csnet-breadcrumbs")


def test_another_organisation_has_its_name_mark_colours_and_licence(built):
    _, out = built
    page = soup(out, "index.html")
    assert page.select_one(".csnet-brand").get_text(strip=True) == "Example Staff Network"
    mark = page.select_one(".csnet-brand svg")  # written into the page: one request fewer
    assert mark["aria-hidden"] == "true" and mark.rect["fill"] == "#003078"
    licence = page.select_one(".csnet-licence")
    assert licence.get_text() == "Text is available under CC BY 4.0 unless stated."
    assert licence.a["href"] == "https://creativecommons.org/licenses/by/4.0/"
    css = (out / "_static" / "csnet-theme.css").read_text()
    assert "--csnet-band: #003078;" in css
    assert "--csnet-brand: #ffb81c;" in css and "e6007e" not in css
    assert "light-dark(#003078, #8fb8ff)" in css
    assert "Civil Service" not in (out / "index.html").read_text()


def test_no_documentation_chrome(built):
    _, out = built
    assert not (out / "genindex").exists() and not (out / "genindex.html").exists()
    for path in ("index.html", POST, "about/index.html", "news/index.html"):
        html = (out / path).read_text("utf-8")
        page = BeautifulSoup(html, "html.parser")
        assert "On this page" not in html, path
        assert not page.select('link[rel="next"], link[rel="prev"], .related, '
                               '.sphinxsidebar, a.headerlink'), path
        assert "©" not in html and "Copyright" not in html, path


def test_contents_list_links_to_headings_that_do_not_link_back(built):
    _, out = built
    page = soup(out, "about/index.html")
    contents = page.select_one("nav.contents, .contents")
    assert {"#history", "#plans"} <= {a["href"] for a in contents.find_all("a")}
    for heading in page.find_all(["h1", "h2"]):
        assert heading.find("a") is None, heading


def test_pictures_have_their_size_and_all_but_the_first_load_lazily(built):
    _, out = built
    first, second = soup(out, "about/index.html").select("main img")
    assert (first["width"], first["height"]) == ("40", "20")
    assert (second["width"], second["height"]) == ("40", "20")
    assert "loading" not in first.attrs and second["loading"] == "lazy"


def test_pages_load_only_what_they_use(built):
    _, out = built
    page = soup(out, "about/index.html")
    sheets = [Path(link["href"].split("?")[0]).name for link in
              page.find_all("link", rel="stylesheet")]
    assert sheets == ["csnet-theme.css", "csnet.css"]
    scripts = [Path(s["src"].split("?")[0]).name for s in page.find_all("script", src=True)]
    # the colour scheme is set before the page is drawn, from a file (no inline script:
    # the Content-Security-Policy forbids them)
    assert scripts == ["csnet-mode.js", "csnet-theme.js"]
    search = [Path(s["src"].split("?")[0]).name
              for s in soup(out, "search/index.html").find_all("script", src=True)]
    assert {"searchtools.js", "doctools.js", "documentation_options.js",
            "searchindex.js"} <= set(search)


def test_fonts_are_the_pdf_fonts_served_once(built):
    _, out = built
    css = (out / "_static" / "csnet-theme.css").read_text()
    named = set(re.findall(r"url\('fonts/([^']+)'\)", css))
    bundled = {p.name for p in FONTS.glob("*.woff2")}
    assert named == bundled and len(named) == 8
    assert {p.name for p in (out / "_static" / "fonts").iterdir()} == bundled
    theme = Path(__file__).parents[1] / "ext" / "csnet" / "theme"
    assert not list(theme.rglob("*.woff2")), "the theme keeps no second copy of the fonts"
    assert (out / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"


def test_calls_to_action(built):
    app, out = built
    page = soup(out, "index.html")
    group = page.select_one(".csnet-actions")
    actions = group.select(".csnet-action")
    assert [a.select_one("h2").get_text() for a in actions] == ["Join", "Write for us",
                                                                 "Broken"]
    assert actions[0].select_one(".csnet-action-link a")["href"] == "about/"
    link = actions[1].select_one(".csnet-action-link a")
    assert (link.get_text(), link["href"]) == ("Send us a post", "https://example.org/write")
    assert actions[2].select_one(".csnet-action-link") is None
    assert "javascript" not in (out / "index.html").read_text()
    assert page.select_one(".csnet-hero").get_text(strip=True) == "We bring staff together."
    problems = [w for w in warnings_of(app) if "csnet.link" in w]
    assert len(problems) == 1 and "index.md:" in problems[0] and "javascript" in problems[0]


def test_a_menu_entry_follows_its_page_when_it_appears(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-theme", src)
    about = Path(build_app(src).outdir) / "about" / "index.html"
    events = lambda: {a.get_text(): a["href"] for a in BeautifulSoup(  # noqa: E731
        about.read_text(), "html.parser").select("header nav a")}["Events"]
    assert events() == "https://network.example.org/events/"
    (src / "events.md").write_text("---\norphan: true\n---\n# Events\n\nWhat is on.\n")
    edit_source(src / "index.md", "We bring staff", "We bring all staff")
    build_app(src)
    assert events() == "../events/"


@pytest.mark.parametrize("extension", ["csnet.theme", "csnet.blocks"])
def test_theme_and_blocks_load_alone(tmp_path, extension):
    theme = ('html_theme = "csnet"\nhtml_theme_options = {"menu": [("Home", "/")]}\n'
             if extension == "csnet.theme" else "")
    (tmp_path / "conf.py").write_text(f'extensions = ["myst_parser", "{extension}"]\n{theme}')
    (tmp_path / "index.md").write_text("# Hello\n\n```{hero}\nText.\n```\n"
                                       if extension == "csnet.blocks" else "# Hello\n\nText.\n")
    app = build_app(tmp_path, "html")
    assert not warnings_of(app)
    page = soup(Path(app.outdir), "index.html")
    if extension == "csnet.theme":
        assert page.select_one("header nav a")["href"] == "#"
    else:
        assert page.select_one(".csnet-hero").get_text(strip=True) == "Text."


def test_email_signup_panel_is_a_labelled_form_posting_to_the_provider(built):
    app, out = built
    page = soup(out, "index.html")
    panel = page.select_one(".csnet-signup")
    assert panel.select_one("h2").get_text() == "Sign up for our emails"
    assert panel.find_parent(class_="csnet-actions") is None  # a band of its own
    form = panel.select_one("form.csnet-signup-form")
    assert form["action"] == 'https://lists.example.org/subscribe?list=1&x="<>'
    assert form["method"] == "post"
    assert '&amp;x=&quot;&lt;&gt;"' in (out / "index.html").read_text()  # escaped
    field = form.select_one("input")
    assert (field["type"], field["name"], field["autocomplete"]) == ("email", "EMAIL", "email")
    assert "required" in field.attrs
    assert form.select_one(f'label[for="{field["id"]}"]').get_text() == "Email address"
    error = page.find(id=field["aria-describedby"])
    assert "hidden" in error.attrs and "csnet-field-error" in error["class"]
    assert form.select_one("button").get_text() == "Sign up"
    assert panel.select_one(".csnet-action-link") is None
    assert not [w for w in warnings_of(app) if "signup" in w]


@pytest.mark.parametrize("action", ["", "http://lists.example.org/join"])
def test_email_signup_without_a_usable_address_links_to_the_sign_up_page(tmp_path, action):
    src = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-theme", src)
    app = build_app(src, **{"html_theme_options.signup_action": action})
    panel = soup(Path(app.outdir), "index.html").select_one(".csnet-signup")
    assert panel.select_one("form") is None
    link = panel.select_one(".csnet-action-link a")
    assert (link.get_text(), link["href"]) == ("Sign up", "about/")
    problems = [w for w in warnings_of(app) if "signup_action" in w]
    if action:
        assert len(problems) == 1 and "index.md:" in problems[0] and "https://" in problems[0]
        assert "[csnet.config]" in problems[0]
    else:
        assert not problems


def test_email_signup_says_what_is_wrong_beside_the_field(built):
    """In Chromium: an empty or malformed address is not sent; the error is said in words, tied
    to the field (aria-describedby), and goes when the address is corrected; axe finds nothing
    in the form, with its error shown, in light and dark mode."""
    from playwright.sync_api import sync_playwright

    from tests.helpers import AXE
    from tests.helpers.axe import axe_violations

    _, out = built
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        try:
            page = browser.new_page()
            page.add_init_script(AXE.read_text())
            page.route("https://**/*", lambda route: route.abort())
            page.goto((out / "index.html").as_uri())
            field, error = page.locator(".csnet-signup input"), page.locator(".csnet-field-error")
            assert error.is_hidden()
            page.click(".csnet-signup button")
            assert error.text_content() == "Error: Enter your email address"  # as read
            assert error.is_visible()
            assert field.get_attribute("aria-invalid") == "true"
            assert page.evaluate("document.activeElement.type") == "email"
            field.fill("not an address")
            page.click(".csnet-signup button")
            assert "in the right format" in error.text_content()
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                assert not axe_violations(page), scheme
            field.fill("name@example.gov.uk")
            assert error.is_hidden() and field.get_attribute("aria-invalid") is None
            assert page.url.startswith("file:")  # nothing was sent
        finally:
            browser.close()


def test_menus_come_from_the_imported_menus_file_when_conf_py_has_none(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-theme", src)
    (src / "_data").mkdir()
    (src / "_data" / "menus.yml").write_text(
        "# The old site's menus\nheader_menu:\n  - title: News\n    url: /news/\n"
        "  - title: Events\n    url: /events/\n  - {title: Broken}\n"
        "footer_menu:\n  - title: Accessibility\n    url: /accessibility/\n"
        "  - title: \"Unclosed\n")
    app = build_app(src, **{"html_theme_options.menu": [],
                            "html_theme_options.footer_menu": []})
    page = soup(Path(app.outdir), POST)
    assert {a.get_text(): a["href"] for a in page.select("header nav a")} == {
        "News": "../../../../", "Events": "https://network.example.org/events/"}
    footer = [a.get_text() for a in page.select("footer nav a")]
    assert footer[0] == "Accessibility"
    problems = [w for w in warnings_of(app) if "menus.yml" in w]
    assert any("[csnet.yaml]" in w for w in problems), problems
    # the items that lead nowhere are warned about where they are, with the fix
    links = sorted((w.split("menus.yml:")[1] for w in problems if "[csnet.link]" in w),
                   key=lambda w: int(w.split(":")[0]))
    # Events' url, Broken, Accessibility's url, the unclosed item
    assert [w.split(":")[0] for w in links] == ["6", "7", "10", "11"], links
    assert "'Events' links /events/, which no page" in links[0]
    assert "'Broken' needs both a 'title' and a 'url'" in links[1]
    assert len(problems) == len(links) + len([w for w in problems if "[csnet.yaml]" in w])
    # conf.py's menus win over the file's
    (src / "_data" / "menus.yml").write_text("header_menu:\n  - {title: Old, url: /old/}\n")
    page = soup(Path(build_app(src).outdir), POST)
    assert "Old" not in [a.get_text() for a in page.select("header nav a")]


def test_every_page_forbids_inline_scripts_and_runs_none(built):
    """A Content-Security-Policy <meta> (GitHub Pages sends no headers), before any script,
    and the theme's own scripts in files so that it holds (reference/developer.md#trap-csp-meta)."""
    from csnet.theme import CSP

    _, out = built
    pages = [p for p in out.rglob("*.html") if 'class="csnet-page' in p.read_text("utf-8")]
    assert pages
    for page in pages:
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta and meta["content"] == CSP, page
        assert "script-src 'self'" in CSP and "'unsafe-inline'" not in CSP.split(";")[1]
        scripts = soup.find_all("script")
        assert all(s.get("src") for s in scripts if s.get("type") in (None, "text/javascript",
                                                                      "module")), page
        assert all(s.sourceline > meta.sourceline for s in scripts), page
