"""Other organisations can adopt one part: each sub-extension loads alone and does its job.

Every module of ``csnet.MODULES`` builds a small real project with
``extensions = ["csnet.X"]`` and nothing else, without a warning, and shows its feature.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import csnet
import pytest

from tests.helpers.adopt import PAGES, make_project
from tests.helpers.sphinx import build_app, warnings_of


def html_of(app, pagename: str) -> str:
    return (Path(app.outdir) / f"{pagename}.html").read_text("utf-8")


def _site(app) -> None:
    assert "csnet" in app.env.domains
    assert "_static/csnet.css" in html_of(app, "index")


def _pages(app) -> None:
    assert "What we do, in one line." in html_of(app, "index")  # the excerpt as the lead
    assert app.env.domains["csnet"].pages["plan"].layout == "business-plan"


def _plan(app) -> None:
    page = html_of(app, "plan")
    assert page.count("sd-dropdown sd-card sd-mb-3 csnet-objective ") == 1
    assert "Reach more members" in page
    assert "Run a stall" in page
    assert list(Path(app.outdir).rglob("*.ics"))  # the calendar export


def _publication(app) -> None:
    assert not (Path(app.outdir) / "draft.html").exists()
    assert "draft" not in app.env.all_docs


def _news(app) -> None:
    from csnet.news import published_posts

    assert [info.docname for info in published_posts(app.env)] == ["news/2022/02/01/hello"]


def _urls(app) -> None:
    redirect = (Path(app.outdir) / "old-hello" / "index.html").read_text("utf-8")
    assert "news/2022/02/01/hello" in redirect


def _feed(app) -> None:
    feed = (Path(app.outdir) / "feed.xml").read_text("utf-8")
    assert "Hello" in feed and "Not yet" not in feed


def _pdf(app) -> None:
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(Path(app.outdir) / "plan.pdf").pages)
    # cover and plan: one page of entries needs no contents page
    assert "Our plan" in text and "Objectives" in text and "Page 2 of 2" in text


def _paths(app) -> None:
    (warning,) = warnings_of(app)  # the one refusal, located and typed
    assert "outside.md:3" in warning and "csnet.path" in warning
    assert not list(Path(app.outdir).rglob("secret*"))


def _blocks(app) -> None:
    assert "We fund lunch clubs." in html_of(app, "latest")
    assert "hero" in html_of(app, "latest")


def _theme(app) -> None:
    page = html_of(app, "index")
    assert "csnet-theme.css" in page and "Home" in page


def _publish(app) -> None:
    sitemap = (Path(app.outdir) / "sitemap.xml").read_text("utf-8")
    assert "https://alone.example/" in sitemap
    assert (Path(app.outdir) / "404.html").exists()


def _listing(app) -> None:
    latest = html_of(app, "latest")
    assert "Hello" in latest and "Our first post." in latest and "Not yet" not in latest


def _rawhtml(app) -> None:
    page = html_of(app, "latest")
    assert "Hi" in page and "steal" not in page


def _registered(name: str):
    """Modules merged late (collections, pictures, CMS, build lock, left-out files): loaded,
    built cleanly."""
    def check(app) -> None:
        assert name in app.extensions and app.extensions[name].parallel_write_safe
    return check


FEATURES = {
    **{name: ("html", _registered(name)) for name in (
        "csnet.buildlock", "csnet.leftout", "csnet.layouts", "csnet.events", "csnet.team",
        "csnet.timed", "csnet.pictures", "csnet.cms", "csnet.networks")},
    "csnet.site": ("html", _site),
    "csnet.publication": ("html", _publication),
    "csnet.pages": ("html", _pages),
    "csnet.plan": ("html", _plan),
    "csnet.news": ("html", _news),
    "csnet.urls": ("html", _urls),
    "csnet.listing": ("html", _listing),
    "csnet.feed": ("html", _feed),
    "csnet.pdf": ("pdf", _pdf),
    "csnet.paths": ("html", _paths),
    "csnet.blocks": ("html", _blocks),
    "csnet.theme": ("html", _theme),
    "csnet.publish": ("html", _publish),
    "csnet.rawhtml": ("html", _rawhtml),
}


#: modules that do not load MyST themselves (they work on any source)
MYST_ADDED = ("csnet.buildlock", "csnet.rawhtml")


def test_every_module_is_checked():
    assert set(FEATURES) == set(csnet.MODULES)


@pytest.mark.parametrize("module", csnet.MODULES)
def test_module_loads_alone(tmp_path, module):
    builder, feature = FEATURES[module]
    conf = dedent(f"""\
        project = "Alone"
        extensions = [{module!r}{', "myst_parser"' if module in MYST_ADDED else ""}]
        html_baseurl = "https://alone.example/"
        plan_as_of = "2022-03-01"
        pdf_documents = [("plan", "plan.pdf", None, None, {{}})]
        """)
    pages = dict(PAGES)
    extra = {  # a page with the module's own markup
        "csnet.listing": "# Latest\n\n```{news-list}\n```\n",
        "csnet.blocks": "# Latest\n\n```{hero}\nWe fund lunch clubs.\n```\n",
        "csnet.paths": "# Outside\n\n![secret](../secret.txt)\n",
        "csnet.rawhtml": "# Latest\n\n<p>Hi<!-- steal() --></p>\n",
    }
    if module in extra:
        name = "outside" if module == "csnet.paths" else "latest"
        pages[f"{name}.md"] = extra[module]
        pages["index.md"] = pages["index.md"].replace("draft\n", f"draft\n        {name}\n")
    if module == "csnet.theme":
        conf += 'html_theme = "csnet"\n'
    (tmp_path / "secret.txt").write_text("not for the web", "utf-8")
    app = build_app(make_project(tmp_path / "src", conf, pages), builder)
    if module != "csnet.paths":  # its feature is a warning
        assert warnings_of(app) == []
    feature(app)


def test_user_configuration_wins(rootdir, tmp_path):
    """What conf.py sets for sitemap, Open Graph and 404 page is kept, not replaced by ours."""
    import shutil

    srcdir = tmp_path / "publish"
    shutil.copytree(rootdir / "test-publish", srcdir)
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('sitemap_url_scheme = "en/{link}"\n'
                   'ogp_site_name = "Wessex pages"\n'
                   'notfound_urls_prefix = "/preview/"\n')
    app = build_app(srcdir, "dirhtml")
    out = Path(app.outdir)
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://lgbt.example.org/en/about/</loc>" in sitemap
    assert "<loc>https://lgbt.example.org/about/</loc>" not in sitemap
    assert '<meta property="og:site_name" content="Wessex pages"' in (
        out / "about" / "index.html").read_text("utf-8")
    not_found = (out / "404.html").read_text("utf-8")
    assert 'href="/preview/_static/' in not_found
    assert 'href="/_static/' not in not_found


# -- another organisation's project: tests/roots/test-foreign -------------------------------
NETWORK = ("Civil Service LGBT", "civilservice.lgbt", "#ad005f", "#e6007e")


def pdf_colours(path: Path) -> set[str]:
    """The fill and stroke colours a PDF paints with, as #rrggbb."""
    import re

    from pypdf import PdfReader

    found = set()
    for page in PdfReader(path).pages:
        stream = page.get_contents().get_data().decode("latin-1")
        for match in re.finditer(r"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)\b", stream):
            red, green, blue = (round(float(x) * 255) for x in match.groups())
            found.add(f"#{red:02x}{green:02x}{blue:02x}")
    return found


@pytest.fixture(scope="module")
def foreign(tmp_path_factory):
    from tests.helpers.sphinx import build_root

    directory = tmp_path_factory.mktemp("foreign")
    return build_root(directory, "foreign", "dirhtml"), build_root(directory, "foreign", "pdf")


def test_foreign_plan_page(foreign):
    html_app, _ = foreign
    assert warnings_of(html_app) == []
    page = (Path(html_app.outdir) / "plan" / "index.html").read_text("utf-8")
    assert page.count("sd-dropdown sd-card sd-mb-3 csnet-objective ") == 2  # one card each
    for text in ("Village halls", "Lunch clubs", "Survey every hall", "Mary Anning"):
        assert text in page
    assert "_static/wessex.css" in page and "_static/classic.css" in page
    assert "#0b5563" in (Path(html_app.outdir) / "_static" / "classic.css").read_text("utf-8")


def test_foreign_calendar_uids_end_in_its_own_host(foreign):
    import icalendar

    html_app, _ = foreign
    ics = (Path(html_app.outdir) / "plan" / "milestones.ics").read_bytes()
    events = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert len(events) == 3
    assert all(str(event["uid"]).endswith("@www.wessextrust.example") for event in events)


def test_foreign_pdf(foreign):
    from pypdf import PdfReader

    _, pdf_app = foreign
    assert warnings_of(pdf_app) == []
    path = Path(pdf_app.outdir) / "wessex-plan.pdf"
    reader = PdfReader(path)
    text = "".join(page.extract_text() for page in reader.pages)
    for words in ("Our plan 2026", "Wessex Community Trust", "Village halls",
                  "Train the first hosts"):
        assert words in text
    assert reader.metadata.title == "Our plan 2026"
    colours = pdf_colours(path)
    assert "#0b5563" in colours  # its own accent, from pdf_stylesheets
    assert not colours & {"#ad005f", "#e6007e"}


def test_nothing_of_this_network_in_the_foreign_outputs(foreign):
    for app in foreign:
        files = [path for path in Path(app.outdir).rglob("*") if path.is_file()]
        assert files
        for path in files:
            text = path.read_bytes().decode("latin-1").lower()
            if path.suffix == ".pdf":
                from pypdf import PdfReader

                text += "".join(page.extract_text() for page in PdfReader(path).pages).lower()
            for mark in NETWORK:
                assert mark.lower() not in text, f"{mark} in {path}"
