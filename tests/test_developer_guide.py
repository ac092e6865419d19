"""The developer guide (reference/developer.md): its generated tables are complete, checked
against the source by plain text search rather than by the code that generates them, and no
comment in the code points outside the repository."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from csnet.layouts import LAYOUTS
from csnet.outputs import LEDGERS
from csnet.site import RECORDS

from tests.helpers import ROOT
from tests.helpers.sphinx import build_reference, warnings_of

SOURCES = sorted((ROOT / "ext" / "csnet").rglob("*.py"))
PROGRAMS = ("importer", "preview")  # not sub-extensions: not in the guide's tables
CODE = "\n".join(path.read_text("utf-8") for path in SOURCES
                 if not set(PROGRAMS) & set(path.relative_to(ROOT / "ext" / "csnet").parts))
#: the code that may touch the site Domain's data directly: its own module, through Record
OUTSIDE_SITE = "\n".join(path.read_text("utf-8") for path in SOURCES if path.name != "site.py")


@pytest.fixture(scope="module")
def guide(tmp_path_factory):
    app = build_reference(tmp_path_factory.mktemp("guide"))
    html = BeautifulSoup((app.outdir / "developer.html").read_text("utf-8"), "html.parser")
    return app, html


def column(html: BeautifulSoup, kind: str, index: int) -> list[str]:
    rows = html.select(f"table.csnet-reference-{kind} tbody tr")
    return [row.find_all("td")[index].get_text(" ", strip=True) for row in rows]


def test_the_guide_builds_without_a_warning(guide):
    app, _ = guide
    assert warnings_of(app) == []


def test_every_custom_event_with_every_listener(guide):
    _, html = guide
    constants = re.findall(r'^(\w+) = "(csnet-[a-z-]+)"$', CODE, re.M)
    declared = set(re.findall(r'add_event\("([^"]+)"\)', CODE))
    declared |= {value for name, value in constants if re.search(rf"add_event\({name}\)", CODE)}
    assert declared and set(column(html, "events", 0)) == declared
    for event, listeners in zip(column(html, "events", 0), column(html, "events", 3),
                                strict=True):
        spellings = [f'"{event}"', *(name for name, value in constants if value == event)]
        connected = len(re.findall(rf"connect\(({'|'.join(spellings)}),", CODE))
        assert listeners.count("csnet.") == connected, event


def test_every_transform_in_the_order_it_runs(guide):
    _, html = guide
    registered = re.findall(r"app\.add_(post_)?transform\(([\w.]+)\)", CODE)
    classes = column(html, "transforms", 2)
    assert len(classes) == len(registered)
    assert {name.rpartition(".")[2] for _, name in registered} == \
        {name.rpartition(".")[2] for name in classes}
    kinds, priorities = column(html, "transforms", 1), column(html, "transforms", 0)
    for kind in ("transform", "post-transform"):
        ordered = [int(p) for k, p in zip(kinds, priorities, strict=True) if k == kind]
        assert ordered == sorted(ordered)
    assert kinds == sorted(kinds, key=lambda kind: kind != "transform")


def test_every_layout_and_every_piece_of_build_state(guide):
    _, html = guide
    assert column(html, "layouts", 0) == sorted(LAYOUTS)
    state = set(column(html, "state", 0))
    # every record and ledger a module declares, and no state kept any other way
    assert state == set(RECORDS) | {
        f"csnet-{ledger.name}{'-<builder>' if ledger.per_builder else ''}.json"
        for ledger in LEDGERS.values()}
    assert {"event_digests", "pages", "csnet-archive-digests.json"} <= state
    assert re.findall(r"\bsite\([a-z.]*env\)\.data\b|\bdomain\.data\b", OUTSIDE_SITE) == []
    assert re.findall(r"\binfo\.extra\b|app\.doctreedir, ", CODE) == []


def test_no_comment_points_outside_the_repository(guide):
    """Traps are cited by their section in the guide (``reference/developer.md#trap-yaml``),
    and each cited section exists."""
    _, html = guide
    files = [*(ROOT / "ext").rglob("*.py"), *(ROOT / "ext").rglob("*.css"),
             *(ROOT / "tests").rglob("*.py")]
    texts = {path: path.read_text("utf-8") for path in files}
    assert [path for path, text in texts.items() if re.search(r"GUIDE trap \d", text)] == []
    cited = {anchor for text in texts.values()
             for anchor in re.findall(r"developer\.md#([\w-]+)", text)}
    assert cited and all(html.find(id=anchor) for anchor in cited), cited
