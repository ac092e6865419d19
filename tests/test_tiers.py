"""The tier markers come from the code a test can reach (tests/helpers/tiers.py)."""

from __future__ import annotations

import subprocess

import pytest

from tests.helpers import tiers
from tests.helpers.sphinx import build_app


def builds_through_a_helper(path):
    return build_app(path)


def starts_a_program():
    return subprocess.run(["true"], check=True)


def drives_a_browser():
    from playwright.sync_api import sync_playwright

    return sync_playwright


def reads_only(text):
    return text.split()


@pytest.mark.parametrize(("function", "expected"), [
    (builds_through_a_helper, {"build"}),
    (starts_a_program, {"subprocess"}),
    (drives_a_browser, {"browser"}),
    (reads_only, set()),
    (lambda path: builds_through_a_helper(path) or starts_a_program(), {"build", "subprocess"}),
])
def test_tiers_follow_the_helpers_a_test_calls(function, expected):
    found: set[str] = set()
    tiers._scan(function, set(), found)
    assert found == expected


def test_a_test_that_runs_nothing_is_marked_unit(request):
    """This very test is a unit test, and says so by itself."""
    assert [marker.name for marker in request.node.iter_markers() if marker.name in tiers.TIERS
            ] == ["unit"]
