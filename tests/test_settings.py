"""Typed settings and the maintainers' reference generated from the code (reference/)."""

from __future__ import annotations

import re
import shutil

import pytest
from bs4 import BeautifulSoup

from tests.helpers import ROOT, TESTS
from tests.helpers.sphinx import build_app, build_reference, warnings_of

SOURCES = sorted((ROOT / "ext" / "csnet").rglob("*.py"))


def declared_in_source() -> set[str]:
    """Every setting a dataclass declares, read from the source text, not the code."""
    names = set()
    for path in SOURCES:
        names |= set(re.findall(r"^    (\w+): [^=\n]+= setting\(", path.read_text("utf-8"),
                                re.MULTILINE))
    return names


def test_settings_are_declared_in_one_place():
    """Only csnet.settings registers config values: the dataclasses are the single source."""
    registering = [path.relative_to(ROOT).as_posix() for path in SOURCES
                   if "add_config_value(" in path.read_text("utf-8")]
    assert registering == ["ext/csnet/settings.py"]
    assert {"plan_as_of", "csnet_drafts", "pdf_documents", "cms_repo"} <= declared_in_source()


def test_every_setting_refuses_a_value_of_the_wrong_kind(tmp_path):
    """A wrong value is one csnet.config warning at its conf.py line naming the setting; the
    default is used and the build goes on (no "Extension error", no Sphinx type warning)."""
    from csnet.reference import all_settings

    srcdir = tmp_path / "src"
    shutil.copytree(TESTS / "roots/test-plan-small", srcdir)
    conf = srcdir / "conf.py"
    lines = [line for line in conf.read_text("utf-8").split("\n")
             if not line.startswith("plan_as_of")]
    names = [item.name for _, item in all_settings()]
    assert set(names) == declared_in_source()
    conf.write_text("\n".join([*lines, *(f"{name} = {{'wrong': 1}}" for name in names), ""]),
                    "utf-8")
    app = build_app(srcdir, "html")
    warnings = warnings_of(app)
    for number, name in enumerate(names, start=len(lines) + 1):
        mine = [w for w in warnings if re.search(rf"conf\.py:{number}: WARNING: {name} = ", w)]
        assert len(mine) == 1, (name, warnings)
        assert "[csnet.config]" in mine[0]
        assert app.config[name] != {"wrong": 1}  # the default (or the bundle's brand)
    assert not [w for w in warnings if "has type" in w]  # Sphinx's own check saw none
    assert (app.outdir / "index.html").is_file()


def test_a_good_value_is_kept(tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(TESTS / "roots/test-plan-small", srcdir)
    app = build_app(srcdir, "html", cms_branch="live", pdf_outdir="prints")
    assert (app.config.cms_branch, app.config.pdf_outdir) == ("live", "prints")
    assert not [w for w in warnings_of(app) if "csnet.config" in w]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    app = build_reference(tmp_path_factory.mktemp("reference"))
    return app, BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")


def terms(html: BeautifulSoup, kind: str) -> set[str]:
    return {dt.get_text() for dt in html.select(f"dl.csnet-reference-{kind} > dt")}


def test_reference_builds_cleanly(reference):
    app, _ = reference
    assert warnings_of(app) == []


def test_reference_lists_every_setting(reference):
    _, html = reference
    assert terms(html, "settings") == declared_in_source()
    entry = html.find("dt", string="plan_as_of").find_next_sibling("dd").get_text(" ")
    assert "YYYY-MM-DD" in entry and "None" in entry


def test_reference_lists_every_directive_with_its_options(reference, tmp_path):
    """Checked against what a build of the bundle registers with docutils, not against the
    modules' DIRECTIVES tables the reference reads."""
    from io import StringIO

    from docutils.parsers.rst import directives
    from sphinx.testing.util import SphinxTestApp

    from tests.helpers.adopt import PAGES, make_project

    project = make_project(tmp_path / "src", 'extensions = ["csnet"]\n', dict(PAGES))
    app = SphinxTestApp("html", srcdir=project, status=StringIO(), warning=StringIO())
    try:  # what the bundle registered, while it is registered
        ours = {name: cls for name, cls in directives._directives.items()
                if cls.__module__.startswith("csnet.")}
    finally:
        app.cleanup()
    _, html = reference
    assert terms(html, "directives") == {f"{{{name}}}" for name in ours}
    for name, cls in ours.items():
        entry = html.find("dt", string=f"{{{name}}}").find_next_sibling("dd").get_text(" ")
        for option in cls.option_spec or {}:
            assert f":{option}:" in entry, (name, option)


def test_reference_lists_every_warning_type(reference):
    from csnet.logs import Warn

    _, html = reference
    assert terms(html, "warnings") == {f"csnet.{kind}" for kind in Warn}
    for kind in Warn:
        assert kind.meaning and kind.fix
        entry = html.find("dt", string=f"csnet.{kind}").find_next_sibling("dd").get_text(" ")
        assert kind.fix[:30] in entry


def test_the_public_site_has_no_reference():
    assert not list((ROOT / "docs").rglob("*reference*"))
    assert "csnet.reference" not in (ROOT / "docs" / "conf.py").read_text("utf-8")


def test_reference_lists_every_theme_option(reference, tmp_path):
    """Checked against the options Sphinx's theme loader gives a site using the theme (less
    those of Sphinx's basic theme it inherits), each with its meaning and its default."""
    from tests.helpers.adopt import PAGES, make_project

    project = make_project(tmp_path / "src", 'extensions = ["csnet"]\nhtml_theme = "csnet"\n',
                           dict(PAGES))
    from sphinx.theming import HTMLThemeFactory

    app = build_app(project, "html")
    inherited = HTMLThemeFactory(confdir=app.confdir, app=app, config=app.config,
                                 registry=app.registry).create("basic").get_options()
    options = {name: value for name, value in app.builder.theme.get_options().items()
               if name not in inherited}
    assert {"name", "mark", "brand", "menu", "footer_menu", "licence", "social",
            "signup_action"} <= options.keys()
    _, html = reference
    assert terms(html, "theme-options") == set(options)
    for name, default in options.items():
        meaning, facts = html.find("dt", string=name).find_next_sibling("dd").select("p")
        assert len(meaning.get_text()) > 15, name  # a sentence, not an empty "."
        assert repr(default) in facts.get_text(), name
