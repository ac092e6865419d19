"""The site in Welsh (``language = "cy"``): every word our extensions and theme write is Welsh,
dates and times too, and nothing of ours is left in English; the catalogs are complete, in
step with the code and compiled; an English build after a Welsh one is English again.

``tests/roots/test-cy`` is written in Welsh, so any English on its pages came from us.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from tests.helpers import ROOT
from tests.helpers.sphinx import build_root, warnings_of

LOCALE = ROOT / "ext" / "csnet" / "locale"
#: each catalog and where its words come from (as ``nox -s messages`` extracts them)
SOURCES = {"csnet": (ROOT / "ext" / "csnet", [("**.py", "python")]),
           "sphinx": (ROOT / "ext" / "csnet" / "theme", [("**.html", "jinja2")])}
PLACEHOLDER = re.compile(r"\{\w+\}")
ENGLISH_DATES = re.compile(r"\b(January|February|March|April|May|June|July|August|September|"
                           r"October|November|December|Monday|Tuesday|Wednesday|Thursday|"
                           r"Friday|Saturday|Sunday|noon)\b|\d[ap]m\b")


def catalog(domain: str, language: str = "cy"):
    with open(LOCALE / language / "LC_MESSAGES" / f"{domain}.po", "rb") as file:
        return read_po(file)


def messages(cat) -> dict:
    """``{(context, msgid): msgstr}`` of a catalog, plural forms as tuples."""
    def frozen(value):
        return tuple(value) if isinstance(value, list | tuple) else value

    return {(m.context, frozen(m.id)): frozen(m.string) for m in cat if m.id}


def english_fragments() -> set[str]:
    """The English words of every message, cut at its placeholders ("Progress as of")."""
    fragments = set()
    for domain in SOURCES:
        for _context, msgid in messages(catalog(domain)):
            for text in msgid if isinstance(msgid, tuple) else (msgid,):
                for piece in PLACEHOLDER.split(text):
                    piece = piece.strip(" .,:;()“”'")
                    if len(re.sub(r"[^A-Za-z]", "", piece)) >= 3:
                        fragments.add(piece)
    return fragments


# -- the catalogs ----------------------------------------------------------------------------
@pytest.mark.parametrize("domain", SOURCES)
def test_every_message_has_a_welsh_translation(domain):
    cat = catalog(domain)
    assert cat.locale.language == "cy"
    for message in cat:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(s.strip() for s in strings), f"no Welsh for {message.id!r}"
        if isinstance(message.id, tuple):
            assert len(strings) == cat.num_plurals, message.id
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:  # the same {placeholders}: a missing one loses a value
            assert set(PLACEHOLDER.findall(text)) == wanted, (message.id, text)


@pytest.mark.parametrize("domain", SOURCES)
def test_catalogs_are_in_step_with_the_code(domain):
    """Every word the code marks is in the catalog, and the catalog holds no other: a word
    added or changed without ``nox -s messages`` fails here."""
    folder, method_map = SOURCES[domain]
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(folder, method_map):
        found.add((context, message))
    assert found == set(messages(catalog(domain))), "run `nox -s messages`"
    with open(LOCALE / f"{domain}.pot", "rb") as file:
        assert set(messages(read_po(file))) == found, "run `nox -s messages`"


@pytest.mark.parametrize("domain", SOURCES)
def test_compiled_catalogs_match_their_po(domain):
    """The committed .mo (what Sphinx reads) says what the .po says."""
    with open(LOCALE / "cy" / "LC_MESSAGES" / f"{domain}.mo", "rb") as file:
        compiled = read_mo(file)
    assert messages(compiled) == messages(catalog(domain)), "run `nox -s messages`"


# -- a Welsh site ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def site(tmp_path_factory):
    app = build_root(tmp_path_factory.mktemp("cy"), "cy")
    # ours: the plan's two mistakes and the picture without a description, on purpose
    expected = ("[csnet.yaml]", "[csnet.date]", "[csnet.image]")
    assert not [w for w in warnings_of(app) if "[csnet." in w
                and not any(e in w for e in expected)]
    return app


def page(app, path: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / path).read_text("utf-8"), "html.parser")


def visible_text(soup: BeautifulSoup) -> str:
    """What a reader sees or hears: text, alternative texts, labels and titles, without
    scripts and the plan's unreadable items (shown as the volunteer wrote them)."""
    for node in soup.select("script, style, .csnet-unreadable, svg[aria-hidden=true]"):
        node.decompose()
    texts = [soup.get_text(" ")]
    texts += [tag[name] for tag in soup.find_all(True)
              for name in ("alt", "title", "aria-label") if tag.get(name)]
    return "\n".join(texts)


def test_the_plan_speaks_welsh(site):
    soup = page(site, "cynllun/index.html")
    assert soup.html["lang"] == "cy"
    text = " ".join(visible_text(soup).split())
    for words in ("Cipolwg ar y cynnydd", "Cynnydd ar 10 Tachwedd 2025", "Cipolwg ar yr amcanion",
                  "Cwblhawyd", "Yn hwyr", "Erbyn Rhagfyr 2025", "Erbyn Mawrth 2026",
                  "Dyddiad i’w gadarnhau", "Nid oedd modd ei ddarllen", "Ar ei hôl hi",
                  "Ar y trywydd iawn", "Dim cerrig milltir eto", "2 o 2 carreg filltir wedi’u "
                  "cwblhau", "Nid oedd modd darllen y garreg filltir hon", "Carreg filltir",
                  "Dyddiad targed", "Statws", "Tîm:", "Llinell amser y cerrig milltir fesul amcan",
                  "Ar 10 Tachwedd 2025", "Gan Tîm y cynllun", "Cyhoeddwyd 15 Ionawr 2025",
                  "y cynllun fel data (JSON)"):
        assert words in text, words


def test_news_events_team_and_pages_speak_welsh(site):
    expected = {
        "index.html": ("I’w cyflawni yn ystod y 90 diwrnod nesaf",
                       "Darllen y cynllun: Ein cynllun", "Neidio i’r prif gynnwys", "Chwilio",
                       "Modd tywyll", "Dewislen", "Datganiad hygyrchedd", "Dilynwch ni"),
        "newyddion/index.html": ("Gan Siân", "1 Hydref 2025", "Fesul blwyddyn",
                                 "Fesul categori", "(2 eitem newyddion)", "Hafan"),
        "newyddion/2025/10/01/croeso/index.html": (
            "Cyhoeddwyd 1 Hydref 2025", "Y newyddion diweddaraf",
            "Llun ar gyfer y newyddion “Croeso i'r wefan newydd”"),
        "news/2025/index.html": ("Newyddion 2025", "Yr holl newyddion"),  # archives: /news/
        "news/category/digwyddiadau/index.html": ("Newyddion: Digwyddiadau",),
        "digwyddiad/cymdeithasol/index.html": (
            "Pryd", "Dydd Gwener 14 Tachwedd 2025, 4.30yp – 7yh", "Ble", "Yn cael ei gynnal gan",
            "Sut i gofrestru", "Cofrestrwch ar gyfer y digwyddiad hwn erbyn Dydd Mercher 12 "
            "Tachwedd 2025, 5yp", "Ychwanegu at y calendr", "(ffeil .ics ar gyfer calendrau"),
        "digwyddiad/brecwast/index.html": (
            "Dydd Iau 20 Tachwedd 2025, 8.30yb – 12 hanner dydd",
            "Anfonwch e-bost at digwyddiadau",  # the address is written in parts
            "i gofrestru erbyn Dydd Mawrth 18 Tachwedd 2025, 12 hanner dydd"),
        "digwyddiad/galw-heibio/index.html": ("Dydd Mawrth 25 Tachwedd 2025",
                                              "Does dim angen cofrestru: dewch draw."),
        "digwyddiad/picnic/index.html": ("Cofrestru", "Mae’r digwyddiad hwn wedi dod i ben."),
        "digwyddiadau/index.html": ("Dod o hyd i ddigwyddiadau", "Yn ôl pwnc",
                                    "Digwyddiadau i ddod", "Digwyddiadau diweddar", "Caerdydd"),
        "tim/index.html": ("Cyd-gadeirydd",),
        "tim/ada/index.html": ("Rôl", "E-bost", "Prosiect", "Rhanbarth"),
        "tim/alan/index.html": ("Nid yw Alan Turing yn aelod o’r tîm mwyach.",),
        "ymgynghoriad/index.html": ("Yn cau", "1 Rhagfyr 2025", "Ymateb"),
        "hen-gynllun/index.html": ("Mae’r dudalen hon wedi symud", "Mae hi bellach i’w gweld "
                                   "yma: Ein cynllun"),
        "404.html": ("Heb ddod o hyd i’r dudalen", "Mae’n ddrwg gennym"),
        "search/index.html": ("Chwilio’r wefan hon", "Geiriau i chwilio amdanynt"),
    }
    for path, phrases in expected.items():
        text = " ".join(visible_text(page(site, path)).split())
        for words in phrases:
            assert words in text, (path, words)
    ada = page(site, "tim/ada/index.html").select_one(".csnet-team-photo img")
    assert ada["alt"] == "Llun o Ada Lovelace"
    calendar = (Path(site.outdir) / "events.ics").read_text("utf-8")
    assert "X-WR-CALNAME:Rhwydwaith Staff Enghreifftiol: digwyddiadau" in calendar
    feed = (Path(site.outdir) / "feed.xml").read_text("utf-8")
    assert "Newyddion gan Rhwydwaith Staff Enghreifftiol" in feed
    assert 'xml:lang="cy"' in feed or "<language>cy</language>" in feed or 'lang="cy"' in feed


def test_no_english_of_ours_on_any_page(site):
    """No English message text, month, weekday or am/pm on any page (the content is Welsh,
    so whatever English there is came from us)."""
    fragments = english_fragments()
    assert len(fragments) > 100  # the catalog's words, not an empty list
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(fragments, key=len,
                                                                         reverse=True)))
                         + r")(?!\w)")
    pages = sorted(Path(site.outdir).rglob("*.html"))
    assert len(pages) > 15
    for path in pages:
        text = visible_text(BeautifulSoup(path.read_text("utf-8"), "html.parser"))
        assert not pattern.findall(text), (path, sorted(set(pattern.findall(text))))
        assert not ENGLISH_DATES.findall(text), (path, ENGLISH_DATES.findall(text))


def test_the_pdf_speaks_welsh(tmp_path):
    from pypdf import PdfReader

    app = build_root(tmp_path, "cy", "pdf")
    reader = PdfReader(Path(app.outdir) / "cynllun.pdf")
    pages = [p.extract_text() for p in reader.pages]
    text = "\n".join(pages)
    assert reader.trailer["/Root"]["/Lang"] == "cy"
    assert "Cynnwys" in pages[1]
    for number, words in enumerate(pages, 1):
        if number > 1:  # the cover has no page number
            assert f"Tudalen {number} o {len(pages)}" in words, number
    for words in ("Cyhoeddwyd 15 Ionawr 2025", "Cynnydd ar 10 Tachwedd 2025", "Cwblhawyd",
                  "Yn hwyr", "Erbyn Rhagfyr 2025", ", tudalen "):
        assert words in text, words
    text = text.replace('- milestone "Agor cofrestru"', "")  # the unreadable item, as written
    fragments = english_fragments()
    leaks = [f for f in fragments if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text)]
    assert not leaks
    assert not ENGLISH_DATES.findall(text)


def test_an_english_build_after_a_welsh_one_is_english(tmp_path):
    """Sphinx's translators live as long as the process: the preview starts a new
    application in the same process, with no test harness clearing them in between."""
    import shutil
    from io import StringIO

    import sphinx.locale
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    from tests.helpers import TESTS

    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-plan-small", source)
    texts = {}
    try:
        for language in ("cy", "en"):  # as sphinx-build runs an application
            out = tmp_path / language
            with docutils_namespace():
                app = Sphinx(source, source, out / "html", out / "doctrees", "dirhtml",
                             confoverrides={"language": language}, status=None,
                             warning=StringIO())
                app.build()
            texts[language] = (out / "html" / "index.html").read_text("utf-8")
    finally:
        sphinx.locale.translators.clear()  # as sphinx.testing does after each application
    assert "Cynnydd ar" in texts["cy"] and "Progress as of" not in texts["cy"]
    assert "Progress as of" in texts["en"] and "Cynnydd" not in texts["en"]
    assert "Complete" in texts["en"] and "Cwblhawyd" not in texts["en"]
    assert re.search(r"\d+ (January|February|March|April|May|June|July|August|September|"
                     r"October|November|December) 20\d\d", texts["en"])
