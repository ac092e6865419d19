"""Snapshots of the plan's nodes before and after post-transforms, and of a rendered card.

As in sphinx-design's tests: the doctree before post-transforms holds only placeholders; after
them, the format-neutral nodes every builder sees; after the HTML-only pass, the card markup.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.snapshots import check_snapshot


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
