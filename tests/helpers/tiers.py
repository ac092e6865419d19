"""The tier markers, given to every test by what it runs, so a new test needs no decorator.

``unit``: runs no Sphinx build, no process and no browser (``pytest -m unit``, the fast loop);
``build``: builds a Sphinx project (or imports a whole site); ``subprocess``: starts a program;
``browser``: drives Chromium through Playwright. A test can be in several; ``unit`` only alone.

A test's tiers come from the code it can reach: its own function, the fixtures it uses and the
helpers under ``tests/`` they call, read as names in their compiled code (``SphinxTestApp``,
``subprocess``, ``playwright.sync_api`` ...). A module that needs more says so itself with
``pytestmark = pytest.mark.build``: a test that carries a tier marker keeps the ones it has.
"""

from __future__ import annotations

import inspect
import sys
import types

import pytest

TIERS = ("unit", "build", "subprocess", "browser")
DESCRIPTIONS = {
    "unit": "no Sphinx build, process or browser: the fast loop (pytest -m unit)",
    "build": "builds a Sphinx project or imports a whole site",
    "subprocess": "starts another program (sphinx-build, node, git, qpdf, the preview ...)",
    "browser": "drives Chromium through Playwright",
}
#: names in compiled code that put a test in a tier (imports inside functions included)
SIGNS = {
    # ``app.build()``, Sphinx itself, our helpers and programs that run it
    "build": {"build", "SphinxTestApp", "Sphinx", "build_main", "make_app", "build_app",
              "build_root", "sphinx_build", "import_site", "build_publications", "Previewer"},
    "subprocess": {"subprocess", "Popen"},
    "browser": {"sync_playwright", "playwright.sync_api"},
}
#: fixtures from plugins that build
BUILDING_FIXTURES = {"app", "make_app"}


def tiers_of(item: pytest.Function) -> set[str]:
    """The tiers of one collected test."""
    seen: set[int] = set()
    found: set[str] = set()
    functions = [item.obj]
    info = getattr(item, "_fixtureinfo", None)
    for name in info.names_closure if info else ():
        for definition in info.name2fixturedefs.get(name, ()):
            if getattr(definition.func, "__module__", "").startswith("sphinx.testing") \
                    and name in BUILDING_FIXTURES:
                found.add("build")
            functions.append(definition.func)
    for function in functions:
        _scan(function, seen, found)
    return found or {"unit"}


def _scan(function, seen: set[int], found: set[str]) -> None:
    """Add the tiers whose signs the code of ``function`` (a test or helper under tests/)
    names, following the helpers it calls."""
    function = getattr(getattr(function, "hypothesis", None), "inner_test", function)
    function = inspect.unwrap(function)
    module = getattr(function, "__module__", "") or ""
    code = getattr(function, "__code__", None)
    if code is None or id(code) in seen or not module.startswith("tests"):
        return
    seen.add(id(code))
    names = list(_names(code))
    # what the code imports itself (``from tests.helpers.sphinx import build_app`` inside it)
    namespaces = [getattr(function, "__globals__", {})] + [
        vars(sys.modules[name]) for name in names
        if name.startswith("tests.") and name in sys.modules]
    for name in names:
        for tier, signs in SIGNS.items():
            if name in signs or name.split(".")[0] in signs:
                found.add(tier)
        called = next((space[name] for space in namespaces if name in space), None)
        if isinstance(called, types.FunctionType):
            _scan(called, seen, found)
        elif isinstance(called, type) and called.__module__.startswith("tests"):
            for member in vars(called).values():
                _scan(member, seen, found)


def _names(code: types.CodeType):
    yield from code.co_names
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            yield from _names(constant)


def marks_of(item: pytest.Function) -> set[str]:
    """The names of a test's markers: its own, and its tiers unless it names one itself."""
    names = {marker.name for marker in item.iter_markers()}
    return names if names & set(TIERS) else names | tiers_of(item)


def mark(items: list[pytest.Item]) -> None:
    """Give every test without a tier marker the tiers of its code."""
    for item in items:
        if not isinstance(item, pytest.Function):
            continue
        if any(item.get_closest_marker(tier) for tier in TIERS):
            continue
        for tier in sorted(tiers_of(item)):
            item.add_marker(tier)


def selected(metafunc: pytest.Metafunc) -> bool:
    """Whether ``-m`` keeps the test being parametrized: a collection-time build for it (the
    browser tests' page list) is skipped when it would serve nothing."""
    expression = metafunc.config.getoption("markexpr")
    if not expression:
        return True
    from _pytest.mark.expression import Expression  # pytest's own reading of -m

    names = marks_of(metafunc.definition)
    return Expression.compile(expression).evaluate(lambda name, **_: name in names)
