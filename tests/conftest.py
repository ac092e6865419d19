"""Shared fixtures, and the tier markers every test gets by itself (:mod:`tests.helpers.tiers`).

Helpers live in :mod:`tests.helpers`; import them from there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import (
    AXE,
    CHROMIUM,
    DOCS,
    INSTALL_CHROMIUM,
    NPM_CI,
    ROOT,
    TESTS,
    need,
    shared,
    tiers,
)
from tests.helpers.browser.pages import console_error
from tests.helpers.sphinx import build_app, warnings_of

pytest_plugins = ["sphinx.testing.fixtures"]


def pytest_configure(config: pytest.Config) -> None:
    for tier in tiers.TIERS:
        config.addinivalue_line("markers", f"{tier}: {tiers.DESCRIPTIONS[tier]}")
    shared.configure(config)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """pytest-xdist's controller: tell each worker where the run's shared builds are."""
    shared.configure_worker(node)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    tiers.mark(items)
    if config.pluginmanager.hasplugin("xdist"):
        group_module_fixtures(items)


def group_module_fixtures(items: list[pytest.Item]) -> None:
    """Under ``--dist loadgroup``, keep together the tests of a module that share a module- or
    session-scoped fixture of that module (a build made once per module and worker); every
    other test goes to whichever worker is free."""
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        if info is None or item.get_closest_marker("xdist_group"):
            continue
        module = item.module.__name__ if getattr(item, "module", None) else ""
        for name in info.names_closure:
            definitions = info.name2fixturedefs.get(name, ())
            if any(d.scope in ("module", "session") and d.func.__module__ == module
                   for d in definitions):
                item.add_marker(pytest.mark.xdist_group(module))
                break


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per module."""
    need(CHROMIUM, INSTALL_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield browser
        browser.close()


#: the real old site (its repository on 1 January 2024), laid beside the clone as ../shared/
OLDSITE = ROOT.parent / "shared" / "oldsite"


@pytest.fixture(scope="session")
def oldsite(request):
    """The network's real old site imported into a copy of the bundled ``docs/`` and built,
    as a maintainer does on switch-over day: its folders, import report and warnings.

    Built once per test run, whatever the number of workers (read it, never change it); it
    fails (never skips) where ../shared/oldsite is missing, since CI always has it."""
    assert OLDSITE.is_dir(), f"the real old site is not at {OLDSITE} (../shared/oldsite)"
    return shared.built_once(request.config, "oldsite", import_and_build_oldsite)


def import_and_build_oldsite(project: Path):
    import shutil
    from types import SimpleNamespace

    from csnet.importer import import_site

    docs = project / "docs"
    shutil.copytree(DOCS, docs, ignore=shutil.ignore_patterns("_build", ".import-manifest.json"))
    report = import_site(OLDSITE, docs)
    app = build_app(docs, "dirhtml", builddir=project / "build")
    return SimpleNamespace(docs=docs, outdir=Path(app.outdir), report=report,
                           warnings=warnings_of(app))


@pytest.fixture(scope="module")
def tab(browser):
    """One reused browser tab (1280 px wide) with axe-core injected on every load."""
    axe = need(AXE, NPM_CI).read_text()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(axe)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(console_error(message)) if (
        message.type == "error" and console_error(message)) else None)
    page.js_errors = errors
    yield page
    context.close()
