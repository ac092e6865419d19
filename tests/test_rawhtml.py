"""Raw HTML keeps what pages need and loses what runs code, in the site and the PDFs, each
removal a located warning (issue 24)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from csnet.rawhtml import clean
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from tests.helpers.sphinx import build_app, warnings_of

PAGE = """\
# Raw HTML

<script>document.title = "owned"</script>

<p onclick="steal()" onmouseover="steal()">Hover me.</p>

<a href="javascript:steal()">A script link</a> and <a href="java&#x09;script:steal()">another</a>.

<iframe srcdoc="<script>steal()</script>"></iframe>

<iframe src="https://evil.example/page"></iframe>

```{raw} html
<img src="x.png" onerror="steal()" alt="raw directive"><script>steal()</script>
```

<details>
<summary>More about it</summary>

Markdown inside **details** stays.

</details>

<table><tr><th scope="col">Day</th><td colspan="2">Monday &amp; Tuesday</td></tr></table>

<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/abc"
  title="Pride video" allowfullscreen></iframe>

<form action="https://forms.example.org/subscribe" method="post"><label for="e">Email</label>
<input id="e" type="email" name="email" required><button type="submit">Join</button></form>

Inline <span style="color: #AD005F" onmouseover="x()">colour</span> stays.
"""


@pytest.fixture(scope="module", params=["dirhtml", "pdf"])
def built(request, tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("raw") / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["csnet"]\nexclude_patterns = ["_build"]\nlanguage = "en-GB"\n'
        'pdf_documents = [("index", "raw.pdf", "Raw", "Us", {})]\n')
    (srcdir / "index.md").write_text(PAGE, "utf-8")
    return build_app(srcdir, request.param)


def test_what_runs_code_is_gone_and_what_pages_need_stays(built):
    if built.builder.name == "pdf":
        text = " ".join(p.extract_text() for p in PdfReader(built.outdir / "raw.pdf").pages)
        for words in ("Hover me.", "Markdown inside details stays.", "Monday & Tuesday",
                      "colour stays", "A script link"):
            assert words in text, words
        assert "steal" not in text and "owned" not in text
        return
    page = (built.outdir / "index.html").read_text("utf-8")
    body = BeautifulSoup(page, "html.parser").find("main") or BeautifulSoup(page, "html.parser")
    markup = str(body)
    for bad in ("steal", "owned", "srcdoc", "evil.example", "javascript:", "onerror",
                "onclick", "onmouseover"):
        assert bad not in markup, bad
    assert body.find("details").find("summary").get_text() == "More about it"
    assert "Markdown inside" in body.find("details").get_text()
    assert body.find("td", colspan="2").get_text() == "Monday & Tuesday"
    assert body.find("iframe", src="https://www.youtube-nocookie.com/embed/abc")
    form = body.find("form", action="https://forms.example.org/subscribe")
    assert form.find("input", type="email", required=True) and form.find("label")
    assert body.find("span", style="color: #AD005F").get_text() == "colour"


def test_each_removal_is_a_warning_at_its_line(built):
    warnings = [w for w in warnings_of(built) if "[csnet.html]" in w]
    expected = {3: "<script>", 5: "the onclick attribute", 7: "a javascript: address",
                9: "an <iframe> with srcdoc", 11: "an <iframe> of evil.example",
                13: "the onerror attribute", 32: "the onmouseover attribute"}
    for line, words in expected.items():
        assert any(f"index.md:{line}:" in w and words in w for w in warnings), (line, warnings)
    assert len(warnings) == len(expected) + 1, warnings  # two links on line 7


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "<script>", "</script>", "<a href='", "javascript:", "java\tscript:", "'>", "<img src=x ",
    "onerror=", "alert(1)", ">", "<!--", "-->", "<![CDATA[", "]]>", "<svg>", "<iframe ",
    "srcdoc=", '"', "<p>", "</p>", "&#106;", "<style>", "</style>", "<", "/", " ", "x"]),
    max_size=30).map("".join))
def test_no_piece_of_raw_html_comes_out_able_to_run_code(text):
    """Whatever pieces are put together, the result holds no script, handler or
    javascript: address, as a browser's own parser reads it (html5lib in bs4)."""
    out, _ = clean(text)
    soup = BeautifulSoup(out, "html.parser")
    assert not soup.find(["script", "iframe", "svg", "style"])
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.startswith("on") and name != "srcdoc"
            value = " ".join(value) if isinstance(value, list) else value
            compact = re.sub(r"[\x00-\x20]", "", value).lower()  # as a browser reads it
            assert not compact.startswith(("javascript:", "vbscript:", "data:"))
    assert clean(out)[0] == out  # written once, the same when cleaned again
