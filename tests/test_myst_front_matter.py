"""MyST reads the front matter too: its own keys (``myst``, ``html_meta``, ``substitutions``)
as our tolerant loader recovered them, with line numbers kept and one warning per mistake."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.helpers.sphinx import build_app, warnings_of, write_files

CONF = 'extensions = ["csnet"]\nmyst_enable_extensions = ["substitution"]\n'
PAGES = {
    "index.md": """\
        # Home

        ```{toctree}
        meta
        old-meta
        substituted
        broken
        numbered
        switched
        ```
        """,
    "meta.md": """\
        ---
        title: Meta
        myst:
          html_meta:
            description lang=en: Lunch clubs across Wessex
            keywords: lunch, clubs
        ---
        Some text.
        """,
    "old-meta.md": """\
        ---
        title: Old meta
        html_meta:
          description: The older top-level form
        ---
        Some text.
        """,
    "substituted.md": """\
        ---
        title: Substituted
        myst:
          substitutions:
            network: Wessex Community Trust
        ---
        We are {{ network }}.
        """,
    "broken.md": """\
        ---
        title: Broken
        excerpt: "an unclosed quote
        myst:
          substitutions:
            network: Wessex Community Trust
        ---
        Still {{ network }}.

        ```{no-such-directive}
        ```
        """,
    "numbered.md": """\
        ---
        title: Numbered
        myst:
          substitutions:
            network: Wessex
        ---
        Line 7.

        ```{no-such-directive}
        ```
        """,
    "switched.md": """\
        ---
        title: Switched
        myst:
          enable_extensions: ["substitution", "html_image"]
          substitutions:
            network: Wessex
          html_meta:
            http-equiv=refresh: "0; url=https://evil.example/"
            description: Kept
        ---
        Still {{ network }}.
        """,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = write_files(tmp_path_factory.mktemp("myst") / "src", {"conf.py": CONF, **PAGES})
    app = build_app(project, "html")
    return app, warnings_of(app)


def page(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text("utf-8"), "html.parser")


def test_html_meta_gets_its_meta_tags(built):
    app, _ = built
    html = page(app, "meta")
    assert html.find("meta", attrs={"name": "description", "lang": "en",
                                    "content": "Lunch clubs across Wessex"})
    assert html.find("meta", attrs={"name": "keywords", "content": "lunch, clubs"})
    assert html.find("h1").get_text().startswith("Meta")  # our title, once
    assert len(html.find_all("h1")) == 1


def test_the_older_top_level_html_meta_works_too(built):
    app, warnings = built
    html = page(app, "old-meta")
    assert html.find("meta", attrs={"name": "description",
                                    "content": "The older top-level form"})
    # MyST's own advice to move it under 'myst:', once, on that page
    assert len([w for w in warnings if "old-meta" in w and "deprecated" in w]) == 1


def test_substitutions_from_the_front_matter(built):
    app, _ = built
    assert "We are Wessex Community Trust." in page(app, "substituted").get_text()


def test_broken_front_matter_one_located_warning_and_what_could_be_read_works(built):
    app, warnings = built
    mine = [w for w in warnings if "broken.md" in w]
    yaml = [w for w in mine if "[csnet.yaml]" in w]
    assert len(yaml) == 1 and "broken.md:3:" in yaml[0], mine
    assert not [w for w in warnings if "Malformed YAML" in w]
    assert not [w for w in mine if "myst.topmatter" in w]
    assert "Still Wessex Community Trust." in page(app, "broken").get_text()
    assert [w for w in mine if "no-such-directive" in w and "broken.md:10:" in w], mine


def test_body_line_numbers_stay_true(built):
    _, warnings = built
    assert [w for w in warnings if "no-such-directive" in w and "numbered.md:9:" in w], warnings


def test_no_field_list_nor_second_title_from_the_other_keys(built):
    app, _ = built
    html = page(app, "substituted")
    assert not html.select("dl.field-list") and len(html.find_all("h1")) == 1


def test_a_page_cannot_switch_myst_options_on_for_itself(built):
    """Per-page MyST options are the site's (conf.py): a page switching on substitutions
    runs Jinja over its body while building; a refresh meta tag sends visitors away."""
    app, warnings = built
    mine = [w for w in warnings if "switched.md" in w and "[csnet.html]" in w]
    assert any("switched.md:4:" in w and "'myst: enable_extensions'" in w for w in mine), mine
    assert any("switched.md:8:" in w and "http-equiv=refresh" in w for w in mine), mine
    html = page(app, "switched")
    assert not html.find("meta", attrs={"http-equiv": "refresh"})
    assert html.find("meta", attrs={"name": "description", "content": "Kept"})
    assert "Still Wessex." in html.get_text()  # conf.py switched substitutions on here
