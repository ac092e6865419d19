"""Snapshots of the plan's nodes before and after post-transforms, and of a rendered card.

As in sphinx-design's tests: the doctree before post-transforms holds only placeholders; after
them, the format-neutral nodes every builder sees; after the HTML-only pass, the card markup.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.helpers.snapshots import check_snapshot


@pytest.mark.sphinx("html", testroot="plan-small", freshenv=True)
def test_doctree_before_and_after_post_transforms(app):
    app.build()
    def tree(doctree) -> str:
        return doctree.pformat().replace(str(app.srcdir), "SRCDIR")

    check_snapshot("plan-small.before.xml", tree(app.env.get_doctree("index")))
    resolved = app.env.get_and_resolve_doctree("index", app.builder, tags=app.builder.tags)
    check_snapshot("plan-small.html-resolved.xml", tree(resolved))
    assert app.warning.getvalue() == ""


@pytest.mark.sphinx("text", testroot="plan-small", freshenv=True)
def test_text_output(app):
    app.build()
    check_snapshot("plan-small.txt", (app.outdir / "index.txt").read_text("utf-8"))


@pytest.mark.sphinx("html", testroot="plan-small", freshenv=True)
def test_card_html(app):
    app.build()
    page = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    article = page.select_one("section#our-plan")
    check_snapshot("plan-small.card.html", article.prettify())


@pytest.mark.sphinx("html", testroot="seed-plan", freshenv=True)
def test_seed_plan_dashboard_statuses_and_chart(app):
    """The bundled plan as of 1 March 2022 (the root's plan_as_of): what a reader sees."""
    app.build()
    page = BeautifulSoup((app.outdir / "plan.html").read_text("utf-8"), "html.parser")

    def text(node) -> str:
        return " ".join(node.get_text(" ").split())

    dashboard = page.select_one(".csnet-plan-dashboard")
    lines = [text(p) for p in dashboard.find_all("p", recursive=False)]
    lines += [text(li) for li in dashboard.select(".csnet-plan-totals li")]
    lines += [" | ".join(text(cell) for cell in row(["th", "td"]))
              for row in dashboard.select("table.csnet-plan-objectives tr")]
    check_snapshot("plan-seed.dashboard.txt", "\n".join(lines))

    statuses = []
    for card in page.select("details.csnet-objective"):
        statuses.append(f"{text(card.summary)}")
        statuses += [" | ".join(text(td) for td in row("td"))
                     for row in card.select("tbody tr")]
    check_snapshot("plan-seed.statuses.txt", "\n".join(statuses))

    svg = dashboard.select_one("svg.csnet-timeline")
    marks = [f"{mark.name} {' '.join(mark['class'])} {mark.get('cx') or mark.get('x')} "
             f"{mark.get('cy') or mark.get('y')} {mark.title.string}"
             for mark in svg.find_all(["circle", "rect"]) if mark.title]
    as_of = svg.select_one(".tl-as-of")
    check_snapshot("plan-seed.chart.txt", "\n".join([
        svg.title.string, svg.desc.string, f"as-of line at x={as_of['x1']}",
        *(text(label) for label in svg.select("g.tl-row > text")), *marks]))
    # every milestone of the table is a mark, and the totals add up
    assert len(marks) == 126 == sum(int(li.strong.string) for li in
                                    dashboard.select(".csnet-plan-totals li"))
