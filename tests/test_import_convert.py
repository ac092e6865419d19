"""The importer's body and front-matter conversions, one construct at a time."""

from __future__ import annotations

from pathlib import Path

import pytest
from csnet.importer.convert import convert, keep_whole, locate
from csnet.importer.jekyll import Document, JekyllSite, docs_path
from csnet.importer.liquid_context import LiquidContext

FRONT = '---\ntitle: "A page"\n---\n\n'


def run(text: str, collection: str = "pages", name: str = "page.md", site=None):
    site = site or JekyllSite(Path("/site"), config={"title": "The Network"},
                              data={"team": [{"name": "Alex"}, {"name": "Sam"}]})
    document = Document(collection, Path("/site") / f"_{collection}" / name, name)
    url, _ = locate(site, document, text)
    context = LiquidContext(site.liquid_site(), {"news", "pages"},
                            {"_rules/conduct.md": "/rules/conduct/"})
    return convert(site, document, text, url, context)


def body(page) -> str:
    return page.text.split("---\n", 2)[2]


def actions(page) -> set[tuple[str, str]]:
    return {(note.construct, note.action) for note in page.notes}


#: (body of a source page, body of its imported page)
BODIES = [
    pytest.param(
        "Intro.\n\n> Quoted\n> text\n{:.document-box}\n\nAfter.\n",
        "\nIntro.\n\n{.document-box}\n> Quoted\n> text\n\nAfter.\n",
        id="attribute_list_after_its_block_moves_before_it"),
    pytest.param(
        "**Bold**{:.warning-text} [x](/a){:target=\"_blank\"} word{:.x}\n\n"
        "## Section {#custom}\n",
        '\n[**Bold**]{.warning-text} [x](/a){target="_blank"} word\n\n'
        "(custom)=\n## Section\n",
        id="inline_attributes_and_heading_ids"),
    pytest.param(
        "* Table of contents will generate here\n{:toc}\n\n## One\n",
        "\n```{contents} Contents\n:local:\n```\n\n## One\n",
        id="table_of_contents_becomes_a_contents_directive"),
    pytest.param(
        '<div id="markdown-content" markdown="1">\n**Kept**\n\n'
        '<section class="outer" markdown="1">\n<div class="callout wide" markdown="1">'
        '\nInside\n</div>\n</section>\n</div>\n'
        '<details markdown="1"><summary>More</summary>\n\nHidden *text*\n</details>\n',
        "\n**Kept**\n\n::::{container} outer\n\n:::{container} callout wide"
        "\n\nInside\n\n:::\n\n::::\n\n:::{dropdown} More\n\nHidden *text*"
        "\n\n:::\n",
        id="markdown_wrappers_are_unwrapped_or_become_containers"),
    pytest.param(
        '<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View>'
        '</w:WordDocument></xml><![endif]-->\n<p class="MsoNormal"><span style='
        '"mso-bidi-font-weight:bold"><b>Bold</b> words<o:p></o:p></span></p>\n\n'
        'A <span style="mso-ansi-language:EN-GB">typed</span> line.\n',
        "\n**Bold** words\n\nA typed line.\n",
        id="word_markup_is_cleaned_to_its_text"),
    pytest.param(
        "# A page\n\nIntro\n\n#### Deep\n\n# Second\n\n### Under\n\n"
        "> ## Quoted\n",
        "\nIntro\n\n## Deep\n\n## Second\n\n### Under\n\n"
        "> ```{rubric} Quoted\n> :heading-level: 4\n> ```\n",
        id="heading_order_under_the_title"),
    pytest.param(
        "Three things:\n- one\n- two\n\nSteps:\n2. two\n3. three\n",
        "\nThree things:\n\n- one\n- two\n\nSteps:\n\n2. two\n3. three\n",
        id="lists_typed_straight_after_a_paragraph_get_a_blank_line"),
    pytest.param(
        "<!-- Include this --> text kept\n<!-- Don't touch -->\n\n{:toc}\n",
        "\n<!-- Include this --> text kept\n\n"
        "```{contents} Contents\n:local:\n```\n",
        id="only_whole_comments_are_judged"),
]


@pytest.mark.parametrize(("source", "expected"), BODIES)
def test_bodies_are_converted(source, expected):
    assert body(run(FRONT + source)) == expected


@pytest.mark.parametrize("cls", ["document-box", "warning-text", "page--divider",
                                 "hide-when-printed"])
def test_block_attribute_lists_become_myst_attributes(cls):
    page = run(FRONT + f"{{:.{cls}}}\n> Boxed\n")
    assert body(page) == f"\n{{.{cls}}}\n> Boxed\n"
    assert (f"kramdown {{:.{cls}}}", "converted") in actions(page)


def test_editor_instruction_comments_go_other_comments_stay():
    page = run(FRONT + "<!-- Don't remove the line of code above -->\nText\n\n"
               "<!-- Photo to follow -->\n")
    assert body(page) == "\nText\n\n<!-- Photo to follow -->\n"
    assert ("HTML comment with instructions to editors", "removed") in actions(page)


def test_text_repair_dashes_invisible_characters_and_mojibake():
    source = FRONT + "A -- b \u2013 c\u200b d\ufeff.\nService \u00e2\u20ac\u201c using\n"
    page = run(source + "`x -- y`\n\n| a | b |\n| -- | -- |\n")
    assert body(page) == ("\nA \u2013 b \u2013 c d.\nService \u2013 using\n`x -- y`\n\n"
                          "| a | b |\n| -- | -- |\n")
    assert ("mis-decoded UTF-8", "converted") in actions(page)


def test_liquid_values_logic_and_data_are_rendered():
    page = run('---\ntitle: "A page"\nexcerpt: "Short"\n---\n\n{{ page.excerpt }} on '
               "{{ site.title }}.\n\n{% for m in site.data.team %}{{ m.name }} "
               "{% endfor %}\n{% if page.nothing %}Hidden{% else %}Shown{% endif %}\n"
               "[Rules]({% link _rules/conduct.md %})\n")
    assert body(page) == "\nShort on The Network.\n\nAlex Sam \nShown\n[Rules](/rules/conduct/)\n"


def test_build_time_liquid_is_kept_verbatim_in_a_marked_block():
    page = run(FRONT + "{% for post in paginator.posts %}\n{{ post.title }}\n{% endfor %}\n\n"
               'Year {{ "now" | date: "%Y" }}.\n\n{% include box.html %}\n')
    text = body(page)
    assert text.count("{admonition} Not converted from the old site") == 2
    assert ("```jinja\n{% for post in paginator.posts %}\n{{ post.title }}\n{% endfor %}\n```"
            in text)
    assert 'Year `{{ "now" | date: "%Y" }}`{.csnet-import-kept}.' in text
    kept = [n for n in page.notes if n.action == "kept"]
    assert [(n.line, n.construct) for n in kept] == [
        (5, "Liquid {% for %}"), (9, "Liquid {{ }}"), (11, "Liquid {% include %}")]


def test_invalid_liquid_is_kept_and_reported():
    page = run(FRONT + "{% if page.title %}\nNever closed\n")
    assert "{admonition} Not converted" in body(page)
    assert [n.detail for n in page.notes if n.action == "kept"][0].startswith("not valid Liquid")


def test_a_page_without_title_keeps_its_first_h1_or_gets_one_from_its_name():
    with_h1 = run("---\nlayout: page\n---\n\n# Heading title\n\n# Next\n")
    assert with_h1.text == "---\nlayout: page\n---\n\n# Heading title\n\n## Next\n"
    without = run("---\nlayout: page # keep me\n---\n\nJust text.\n", name="get-involved.md")
    assert without.text == ("---\nlayout: page # keep me\ntitle: Get Involved\n---\n\n"
                            "Just text.\n")


def test_front_matter_is_kept_byte_for_byte():
    front = ('---\n# comment kept\nlayout: news\ndate: 2022-06-31\t# impossible\n'
             'title:   "Spaces"\t# tab\nredirect_from: old/url\n---\n')
    page = run(front + "\nBody\n", collection="news", name="2022-06-30-x.md")
    assert page.text.startswith(front)
    assert page.target == "news/2022/06/30/x.md"


@pytest.mark.parametrize(("collection", "name", "front", "target"), [
    ("news", "2021-11-15-a.md", "date: 2021-11-15T00:00:00.00Z", "news/2021/11/15/a.md"),
    ("news", "2021-11-15-our-plan.md", "date: 2021-12-01", "news/2021/12/01/our-plan.md"),
    ("news", "2021-11-15-our-plan.md", "date: '2019-01-03'", "news/2019/01/03/our-plan.md"),
    ("news", "2021-11-15-our-plan.md", "date: 2018-25-08", "news/2021/11/15/our-plan.md"),
    ("news", "2021-11-15-our-plan.md", "permalink: /news/x", "news/x.md"),
    ("news", "2021-11-15-our-plan.md", "permalink: ../../etc/x", "news/2021/11/15/our-plan.md"),
    ("news", "undated.md", "layout: news", "news/undated.md"),
    ("archives", "2019-01-03-forum.md", "date: '2019-01-03'", "archives/2019/01/03/forum.md"),
    ("publications", "our-plan.md", "permalink: /publication/our-plan", "publication/our-plan.md"),
    ("publications", "guide.md", "layout: publication", "publication/guide.md"),
    ("rules", "mission-statement.md", "layout: page", "rules/mission-statement.md"),
    ("pages", "about/team.md", "layout: page", "about/team.md"),
    ("pages", "old.html", "permalink: /old.html", "old.md"),
])  # fmt: skip
def test_pages_go_to_their_old_urls(collection, name, front, target):
    page = run(f"---\n{front}\ntitle: T\n---\n\nText\n", collection, name)
    assert page.target == target


def test_docs_path_of_the_home_page():
    assert docs_path("/") == "index.md"


def test_an_empty_title_is_replaced_in_place():
    page = run('---\ntitle: ""\nlayout: page\n---\n\nText.\n', name="join-us.md")
    assert page.text == "---\ntitle: Join Us\nlayout: page\n---\n\nText.\n"
    assert [n.detail for n in page.notes][0].startswith("replaced the empty value with")


def test_kept_liquid_spanning_paragraphs_stands_on_its_own():
    page = run(FRONT + "Latest: {% for post in paginator.posts %}\n\n- {{ post.title }}\n\n"
               "{% endfor %} end.\n")
    text = body(page)
    assert text.startswith("\nLatest: \n\n````{admonition} Not converted from the old site\n")
    assert text.endswith("```\n````\n\n end.\n")


def test_a_page_that_cannot_be_converted_is_kept_whole():
    source = "---\ntitle: T\n---\n\nBody with **Markdown**.\n"
    page = keep_whole(Document("pages", Path("/site/_pages/t.md"), "t.md"), source, "/t",
                      RuntimeError("boom"))
    assert page.text.startswith("---\ntitle: T\n---\n\n````{admonition} Not converted")
    assert "```markdown\nBody with **Markdown**.\n```" in page.text
    assert page.notes[0].detail.endswith("(RuntimeError: boom)")


def test_jekyll_filters_and_page_dates_render_as_on_the_old_site():
    site = JekyllSite(Path("/site"), config={"baseurl": "/net", "url": "https://x.lgbt"})
    page = run('---\ntitle: "Our plan"\ndate: 2021-11-15T00:00:00.00Z\n'
               "tags: [pride, events, forums]\n---\n\n"
               '{{ "/img/a.png" | relative_url }} {{ "/b" | absolute_url }}\n'
               "{{ page.date | date_to_long_string }} {{ page.date | date: '%B %Y' }}\n"
               "{{ page.title | slugify }} {{ page.tags | array_to_sentence_string }}\n",
               site=site)
    assert body(page) == ("\n/net/img/a.png https://x.lgbt/net/b\n15 November 2021 "
                          "November 2021\nour-plan pride, events, and forums\n")


def test_liquid_that_fails_on_its_data_is_kept():
    page = run(FRONT + "{%link _rules/conduct.md%} {{ site.title | divided_by: 0 }}\n")
    assert body(page) == ("\n/rules/conduct/ `{{ site.title | divided_by: 0 }}`"
                          "{.csnet-import-kept}\n")
    assert [n.detail for n in page.notes if n.action == "kept"][0].startswith(
        "could not be rendered")


def test_posts_without_a_layout_become_news_posts():
    page = run("---\ntitle: T\ndate: 2021-01-01\n---\n\nText\n", "news", "2021-01-01-t.md")
    assert page.text.startswith("---\ntitle: T\ndate: 2021-01-01\nlayout: news\n---\n")
    assert page.target == "news/2021/01/01/t.md"


def test_sites_with_parse_block_html_unwrap_every_html_block():
    site = JekyllSite(Path("/site"), config={"kramdown": {"parse_block_html": True}})
    page = run(FRONT + '<div class="note">\n**Bold**\n</div>\n\n<div markdown="0">\n'
               "**raw**\n</div>\n", site=site)
    assert body(page) == ("\n:::{container} note\n\n**Bold**\n\n:::\n\n"
                          '<div markdown="0">\n**raw**\n</div>\n')


DATED = '---\ntitle: "A page"\nopens: 2025-03-01\ncloses: 2025-04-01\n---\n\n'


@pytest.mark.parametrize(("liquid", "blocks"), [
    pytest.param("{% if site.time < page.opens or site.time > page.closes %}Shut"
                 "{% else %}Open{% endif %}",
                 [(":until: 2025-03-01\n", "Shut"), (":from: 2025-04-01\n", "Shut"),
                  (":from: 2025-03-01\n:until: 2025-04-01\n", "Open")], id="or_and_else"),
    pytest.param("{% unless page.closes < site.time %}Open{% else %}Closed{% endunless %}",
                 [(":until: 2025-04-01\n", "Open"), (":from: 2025-04-01\n", "Closed")],
                 id="unless_with_now_on_the_right"),
    pytest.param("{% if site.time <= '2025-05-01' %}Soon{% elsif site.time < page.opens %}"
                 "Never{% endif %}",
                 [(":until: 2025-05-01\n", "Soon")], id="a_branch_that_can_never_show_goes"),
    pytest.param("{% if site.time < page.closes %}{% if page.title %}Open: {{ page.title }}"
                 "{% endif %}{% endif %}",
                 [(":until: 2025-04-01\n", "Open: A page")], id="static_liquid_inside"),
])
def test_date_aware_liquid_becomes_shown_between(liquid, blocks):
    import re

    page = run(DATED + liquid + "\n")
    found = re.findall(r"^:::\{shown-between\}\n((?::\w+: [\d-]+\n)+)\n(.*?)\n:::$",
                       body(page), re.M | re.S)
    assert found == blocks
    assert ("Liquid {% " + liquid.split()[1] + " %}", "converted") in actions(page)


@pytest.mark.parametrize("liquid", [
    "{% if site.time < page.closes and page.title %}x{% endif %}",
    "{% if site.time < page.closes and site.time > page.opens or page.x %}x{% endif %}",
    "{% if site.time == page.closes %}x{% endif %}",
    "{% if site.time < page.missing %}x{% endif %}",
    "{% if site.time < page.closes %}{% if site.time > page.opens %}x{% endif %}{% endif %}",
])
def test_date_liquid_not_understood_is_kept_and_reported(liquid):
    page = run(DATED + liquid + "\n")
    assert "Not converted from the old site" in body(page) and liquid in body(page)
    assert [n for n in page.notes if n.action == "kept" and n.line == 7]


@pytest.mark.parametrize(("style", "front", "url", "redirect"), [
    (None, "category: pride", "/pride/2021/06/05/march.html", True),  # Jekyll's default
    ("pretty", "categories: [a, b]", "/a/b/2021/06/05/march", False),
    ("none", "layout: news", "/march.html", True),
    ("ordinal", "layout: news", "/2021/156/march.html", True),
    ("/blog/:year/:title/", "layout: news", "/blog/2021/march", False),
])  # fmt: skip
def test_jekyll_posts_keep_the_address_of_the_sites_permalink_style(style, front, url,
                                                                      redirect):
    config = {"permalink": style} if style else {}
    page = run(f"---\n{front}\ntitle: March\n---\n\nText\n", "posts", "2021-06-05-march.md",
               site=JekyllSite(Path("/site"), config=config))
    assert page.url == url
    assert page.target == docs_path(url) and page.data["layout"] == "news"
    assert (f"- {url}\n" in page.text) == redirect  # the old .html address redirects here


def test_a_repeated_redirect_from_is_merged_into_one_list():
    """Jekyll kept only the last ``redirect_from:`` of 44 real archive posts; both addresses
    now redirect, and the content manager (which refuses a key given twice) opens the page.
    Another repeated key stays as written, with its problem at the old file's line."""
    from csnet.frontmatter import parse
    from csnet.importer.front import read

    text = ("---\ntitle: Post\nredirect_from: /news/2015/02/17/post/\npublished: true\n"
            "redirect_from: \t/2015/02/17/post/\npublished: false\n---\n\nBody.\n")
    front, body, first = read(text, {})
    assert parse(front.text + "\n").data["redirect_from"] == [
        "/news/2015/02/17/post/", "/2015/02/17/post/"]
    assert front.text.count("redirect_from") == 1 and body.strip() == "Body." and first == 8
    assert [n.detail for n in front.notes if n.construct == "front matter 'redirect_from'"] == [
        "given 2 times: merged into one list, so every old address still redirects and the "
        "content manager can open the page"]
    assert [(n.line, "'published:' is given twice" in n.detail) for n in front.notes
            if n.construct == "front matter YAML"] == [(6, True)]


def test_link_targets_that_worked_by_luck_become_what_they_meant():
    """On the old site ``[Email Sam](sam@example.org)`` was a broken relative link, and
    ``//host`` worked only as the page's own scheme: mail and https links now."""
    from csnet.importer.body import Body
    from csnet.importer.text import link_targets

    body = Body.from_text(
        "[Email Sam](sam@example.gov.uk) and [TfL](//www.tfl.gov.uk) and\n"
        "[Tickets](www.ticketsource.co.uk/x) but [a page](/about/) and ![a](pic.png)\n"
        "and `[code](me@example.org)` stay.\n", 5)
    link_targets(body)
    assert body.text.splitlines() == [
        "[Email Sam](mailto:sam@example.gov.uk) and [TfL](https://www.tfl.gov.uk) and",
        "[Tickets](https://www.ticketsource.co.uk/x) but [a page](/about/) and ![a](pic.png)",
        "and `[code](me@example.org)` stay."]
    assert [(n.line, n.construct) for n in body.notes] == [
        (5, "link to an email address"), (5, "link without https://"),
        (6, "link without https://")]
