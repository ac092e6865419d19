"""The plan over time in a browser (Debian's Chromium): the burn-up chart, its table and the
change list pass axe at 1280 and 320 px, light and dark; one chart shows at each width, named
for screen readers; the table's scroll region and the change list are reached by keyboard."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.helpers.axe import axe_violations
from tests.helpers.browser.pages import open_page
from tests.helpers.browser.site import serve
from tests.helpers.plan_history import SEPTEMBER, make_repository


@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    return make_repository(tmp_path_factory.mktemp("history"))


@pytest.fixture(scope="module")
def plan_url(repository, tmp_path_factory):
    source = tmp_path_factory.mktemp("themed") / "src"
    shutil.copytree(repository, source)
    with open(source / "conf.py", "a", encoding="utf-8") as conf:
        conf.write('html_theme = "csnet"\nproject = "Plan history"\n')
    out = source.parent / "html"
    # its own process, as `nox -s html` builds: nothing of the build outlives it here
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "dirhtml", str(source),
                    str(out)], check=True, env={**os.environ, "SOURCE_DATE_EPOCH": SEPTEMBER})
    server, url = serve(out)
    yield url + "/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (1280, "dark"), (320, "light"),
                                               (320, "dark")])
def test_history_and_changes_pass_axe(tab, plan_url, width, scheme):  # noqa: F811
    open_page(tab, plan_url, width=width, scheme=scheme)
    shown = tab.evaluate("""() => [...document.querySelectorAll('svg.csnet-burnup-chart')]
        .filter(s => s.getBoundingClientRect().width > 0)
        .map(s => [s.getAttribute('role'), document.getElementById(
            s.getAttribute('aria-labelledby').split(' ')[0]).textContent,
            Math.round(s.getBoundingClientRect().width)])""")
    assert len(shown) == 1, shown  # the wide chart or the phone's, never both
    role, name, drawn = shown[0]
    assert role == "img" and "at each update" in name and drawn <= width
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    violations = axe_violations(tab)
    assert not violations, f"axe at {width} px, {scheme}:\n" + "\n".join(violations)


def test_history_table_and_changes_by_keyboard(tab, plan_url):  # noqa: F811
    open_page(tab, plan_url, width=320)
    reached = []
    for _ in range(80):
        tab.keyboard.press("Tab")
        reached.append(tab.evaluate("""() => {
            const e = document.activeElement;
            return (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 80);
        }"""))
    assert any(r.startswith("Progress at each update") for r in reached), reached
    # the change list is a real list, so a screen reader says how many changes there are
    items = tab.evaluate("""() => [...document.querySelectorAll(
        '#what-changed ul.csnet-changes > li')].map(li => li.firstElementChild.textContent)""")
    assert items == ["Mentoring programme: 1 removed"]
