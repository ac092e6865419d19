"""One answer to "is this a website build" (csnet.outputs.is_website): the website's own
files (redirect pages, a plan's calendar and data) come from ``html`` and ``dirhtml`` only,
and a single-page build, HTML-format as it is, neither writes nor links them."""

from __future__ import annotations

from pathlib import Path

import pytest
from csnet.outputs import write_if_changed

from tests.helpers.sphinx import build_root

WEBSITE_FILES = ("itself-old/index.html", "plan/milestones.ics")


@pytest.mark.parametrize(("builder", "website"), [("dirhtml", True), ("singlehtml", False)])
def test_website_files_come_from_website_builds_only(tmp_path, builder, website):
    redirects = build_root(tmp_path, "redirects", builder)
    plan = build_root(tmp_path, "seed-plan", builder)
    written = [Path(redirects.outdir, WEBSITE_FILES[0]).is_file(),
               Path(plan.outdir, WEBSITE_FILES[1]).is_file()]
    assert written == [website, website]
    pages = "".join(path.read_text("utf-8") for path in Path(plan.outdir).rglob("*.html"))
    assert ("milestones.ics" in pages) == website  # a link only to a file that was written


def test_write_if_changed_keeps_an_unchanged_file(tmp_path):
    path = tmp_path / "a" / "b.txt"
    assert write_if_changed(path, "é") is True
    assert path.read_bytes() == "é".encode()
    before = path.stat().st_mtime_ns
    assert write_if_changed(path, "é".encode()) is False
    assert path.stat().st_mtime_ns == before
    assert write_if_changed(path, b"other") is True and path.read_bytes() == b"other"
