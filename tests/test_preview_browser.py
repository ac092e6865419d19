"""The live preview in Debian's Chromium: a save reloads the page with the change, broken
YAML shows its warning box at the right line (WCAG AA, reachable by keyboard), and a
rebuild that crashes is shown in the page while the server lives on."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import AXE, DOCS, NPM_CI, ROOT, need
from tests.helpers.axe import axe_violations
from tests.helpers.processes import free_port, wait_for

POST = "news/2022/01/13/helping-you-succeed-in-your-career.md"
POST_URL = "/news/2022/01/13/helping-you-succeed-in-your-career/"
SCREENSHOT = ROOT / "readme" / "preview-warning.png"


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """``python -m csnet.preview`` on a copy of docs/, in its own process."""
    work = tmp_path_factory.mktemp("preview")
    docs = work / "docs"
    shutil.copytree(DOCS, docs)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "csnet.preview", str(docs), "--out", str(work / "out"),
         "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={"PYTHONPATH": str(ROOT / "ext"), "PATH": "/usr/bin:/bin"})
    url = f"http://127.0.0.1:{port}"
    wait_for(url + "/_preview/status.json", process)
    yield docs, url, process
    process.terminate()
    process.wait(30)


@pytest.fixture(scope="module")
def tab(browser):  # noqa: F811 - the fixture of tests.test_browser
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(need(AXE, NPM_CI).read_text())
    yield context.new_page()
    context.close()


def save(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def reloads_after(tab, action, timeout: float = 60_000) -> None:
    """Run ``action`` (a save) and wait for the preview to reload the page by itself."""
    tab.evaluate("window.__notReloaded = true")
    action()
    tab.wait_for_function("() => window.__notReloaded === undefined", timeout=timeout)
    tab.wait_for_load_state("load")


def test_a_save_reloads_the_page_with_the_change(preview, tab):
    docs, url, _ = preview
    tab.goto(url + POST_URL)
    assert "Saved in the editor." not in tab.content()
    reloads_after(tab, lambda: save(docs / POST, "## ", "Saved in the editor.\n\n## "))
    assert tab.get_by_text("Saved in the editor.").is_visible()


def test_broken_yaml_shows_its_warning_box_at_the_right_line(preview, tab):
    docs, url, _ = preview
    plan = docs / "publication/our-plan.md"
    lines = plan.read_text("utf-8").split("\n")
    number = lines.index("  complete: false") + 1  # the first objective's
    tab.goto(url + "/publication/our-plan/")
    # a colon too many: YAML cannot read this line
    reloads_after(tab, lambda: save(plan, "\n  complete: false\n",
                                    "\n  complete: false: no\n"))
    box = tab.locator("section.csnet-preview")
    assert box.is_visible()
    text = box.inner_text()
    assert "csnet.yaml" in text
    found = [line for line in text.split("\n") if "csnet.yaml" in line]
    assert any(f"Line {number} of publication/our-plan.md" in line for line in found), text
    # first in the content, reachable by keyboard after the skip link, and WCAG AA
    tab.keyboard.press("Tab")  # the skip link
    tab.keyboard.press("Enter")
    in_box = "document.activeElement.closest('section.csnet-preview') !== null"
    for _ in range(5):  # past the breadcrumbs, if any, to the box
        tab.keyboard.press("Tab")
        if tab.evaluate(in_box):
            break
    assert tab.evaluate(in_box), "Tab from the main content does not reach the warning box"
    assert tab.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    for scheme in ("light", "dark"):
        tab.emulate_media(color_scheme=scheme)
        tab.evaluate(f"document.documentElement.dataset.mode = '{scheme}'")
        violations = axe_violations(tab)
        assert not violations, f"axe, {scheme}:\n" + "\n".join(violations)
    tab.emulate_media(color_scheme="light")
    tab.evaluate("document.documentElement.dataset.mode = 'light'")
    if os.environ.get("CSNET_README_SCREENSHOT"):  # refresh the README's picture
        tab.screenshot(path=str(SCREENSHOT), clip={"x": 0, "y": 0, "width": 1280, "height": 720})
    # one click to the site-wide list
    tab.get_by_role("link", name="problems on the whole site").click()
    tab.wait_for_load_state("load")
    assert tab.locator("h1").inner_text().startswith("Problems on the site")
    assert "never closed" in tab.content() or "csnet.yaml" in tab.content()
    assert not axe_violations(tab)


def test_a_crashing_rebuild_is_shown_and_the_server_survives(preview, tab):
    docs, url, process = preview
    conf = docs / "conf.py"
    good = conf.read_text("utf-8")
    tab.goto(url + "/")
    reloads_after(tab, lambda: conf.write_text(good + "\nextensions = [\n", "utf-8"))
    alert = tab.get_by_role("alert")
    assert alert.is_visible()
    assert "could not rebuild" in alert.inner_text()
    assert "syntax error in your configuration file" in alert.inner_text()
    assert process.poll() is None, "the preview died"
    reloads_after(tab, lambda: conf.write_text(good, "utf-8"))
    assert tab.get_by_role("alert").count() == 0
    assert tab.locator("section.csnet-preview").is_visible()
