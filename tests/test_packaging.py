"""The library declares compatible ranges; the site's builds install the exact lock."""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.helpers import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
SELF = canonicalize_name(PYPROJECT["project"]["name"])


def requirements() -> list[Requirement]:
    project = PYPROJECT["project"]
    listed = [*project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        listed += extra
    found = [Requirement(text) for text in listed]
    return [r for r in found if canonicalize_name(r.name) != SELF]


def locked() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text("utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9._-]+)==([^\s;#]+)", line)
        if match:
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


@pytest.mark.parametrize("requirement", requirements(), ids=str)
def test_lock_pins_a_version_the_range_allows(requirement):
    pins = locked()
    name = canonicalize_name(requirement.name)
    assert name in pins, f"{name} is not in requirements/lock.txt: run nox -s lock"
    assert requirement.specifier.contains(pins[name], prereleases=True), (
        f"lock pins {name}=={pins[name]}, outside {requirement.specifier}: run nox -s lock")


@pytest.mark.parametrize("requirement", requirements(), ids=str)
def test_library_declares_ranges_not_pins(requirement):
    assert not any(spec.operator in ("==", "===") for spec in requirement.specifier), (
        f"{requirement}: an installable library gives a compatible range; pin in the lock")
    assert requirement.specifier, f"{requirement} has no range at all"


def test_heavy_parts_are_extras():
    """WeasyPrint and the importer's libraries are installed only by those who use them."""
    core = {canonicalize_name(Requirement(text).name)
            for text in PYPROJECT["project"]["dependencies"]}
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert "weasyprint" not in core and "weasyprint" in str(extras["pdf"])
    for library in ("python-liquid", "ftfy", "markdownify", "markdown-it-py"):
        assert library not in core and library in str(extras["import"])
