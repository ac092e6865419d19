"""Page titles and headers from front matter, and the plan directives' options."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from csnet.site import site

from tests.helpers.sphinx import warnings_of


def soup(app, docname: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{docname}.html").read_text("utf-8"), "html.parser")


def words(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


@pytest.mark.sphinx("html", testroot="pages", freshenv=True)
def test_titles_and_headers_from_front_matter(app):
    app.build()
    untitled = soup(app, "untitled")
    assert words(untitled.h1).startswith("What we’re planning * to [do]")
    assert words(untitled.select_one(".csnet-page-header .lead")) == (
        "Sharing what we hope to achieve.")
    assert words(untitled.select_one(".byline")) == (
        "By John Peart · Published 15 November 2021")
    assert untitled.find("h2").get_text().startswith("A section")
    assert words(soup(app, "headed").h1).startswith("Body title wins")
    # a '# comment' in a code block is not a heading, for the page or for its listed title
    fenced = soup(app, "fenced")
    assert "# not a heading" in fenced.find("pre").get_text()
    assert site(app.env).pages["fenced"].title == "Real title"
    broken = soup(app, "broken")
    assert words(broken.h1).startswith("Broken front matter")
    assert "Body of a page whose YAML is broken." in words(broken)
    assert "2018-25-08" in words(broken.select_one(".byline"))  # shown as written
    warnings = "\n".join(warnings_of(app))
    assert re.search(r"broken\.md:4: WARNING: front matter: a '\[' opened on this line is never "
                     r"closed.*\[csnet\.yaml\]", warnings)
    assert re.search(r"broken\.md:5: WARNING: .*no month 25.*\[csnet\.date\]", warnings)
    assert "Malformed YAML" not in warnings
    # the news post is listed elsewhere, not in a toctree, without a warning
    assert "isn't included in any toctree" not in warnings


@pytest.mark.sphinx("html", testroot="plan-directives", freshenv=True)
def test_directive_options(app):
    app.build()
    page = soup(app, "index")
    overdue = page.select_one("section#overdue-objectives")
    assert [words(h) for h in overdue.select("h3")] == ["Women's inclusion"]
    assert overdue.select_one(".csnet-objective-index") is None

    def rows(section_id):
        table = page.select_one(f"section#{section_id} table")
        return [[words(td) for td in tr.find_all("td")] for tr in table.select("tbody tr")]

    assert rows("complete-milestones") == [
        ["Women's inclusion", "Recruit a lead Done in December.", "December 2021", "Complete"]]
    assert [r[1] for r in rows("between-dates")] == ["Run a survey", "Plan the programme"]
    assert words(page.select_one("section#between-dates caption")).startswith("Early 2022")
    assert [r[1] for r in rows("upcoming-limited")] == ["Plan the programme"]

    warnings = "\n".join(warnings_of(app))
    assert re.search(r"index\.md:\d+: WARNING: objective: no objective named 'No such "
                     r"objective'.*\[csnet\.reference\]", warnings)
    assert re.search(r"index\.md:\d+: WARNING: plan-summary: there is no plan on page "
                     r"'nowhere'.*plans in this site: plan.*\[csnet\.reference\]", warnings)


@pytest.mark.sphinx("html", testroot="plan-directives", freshenv=True,
                    confoverrides={"plan_as_of": "2021-12-01"})
def test_status_depends_on_the_as_of_date(app):
    app.build()
    page = soup(app, "index")
    # on 1 December 2021 nothing is overdue yet (on 1 March 2022 "Run a survey" was)
    overdue = page.select_one("section#overdue-objectives")
    assert overdue.select("h3") == []
    assert "No objectives match." in words(overdue)
    plan = soup(app, "plan")
    statuses = [words(tr.find_all("td")[2]) for tr in plan.select("details tbody tr")]
    assert statuses == ["Complete", "Due January 2022", "Due June 2022", "Due April 2022"]
