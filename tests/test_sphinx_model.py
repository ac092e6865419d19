"""Correct under Sphinx's model: parallel builds equal serial ones; incremental builds
refresh every page that shows changed data, and only those."""

from __future__ import annotations

import base64
import filecmp
import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import DOCS
from tests.helpers.sphinx import outputs, sphinx_build


@pytest.fixture
def site(tmp_path) -> Path:
    src = tmp_path / "docs"
    shutil.copytree(DOCS, src)
    return src


def test_parallel_output_equals_serial(site, tmp_path):
    serial, parallel = tmp_path / "j1", tmp_path / "j2"
    sphinx_build(site, serial, "-j", "1")
    sphinx_build(site, parallel, "-j", "2")
    one, two = outputs(serial), outputs(parallel)
    assert one.keys() == two.keys()
    different = [name for name in one if not filecmp.cmp(one[name], two[name], shallow=False)]
    assert different == []
    assert any(name.endswith("our-plan/index.html") for name in one)


ALWAYS_WRITTEN = {"genindex", "search"}  # Sphinx regenerates these on every build


def page_times(out: Path) -> dict[str, int]:
    times = {str(p.parent.relative_to(out)).replace(".", "index"): p.stat().st_mtime_ns
             for p in out.rglob("index.html")}
    return {page: time for page, time in times.items() if page not in ALWAYS_WRITTEN}


def rebuild(site: Path, out: Path, *args: str, epoch: str | None = None) -> tuple[set, str]:
    """Rebuild; return the pages whose HTML file was rewritten, and the log."""
    before = page_times(out)
    log = sphinx_build(site, out, *args, epoch=epoch)
    after = page_times(out)
    return {page for page, time in after.items() if before.get(page) != time}, log


def tick_first_open_milestone(plan: Path) -> None:
    text = plan.read_text("utf-8")
    marker = '- milestone: "Recruit a lead vice-chair for this work"'
    start = text.index(marker)
    position = text.index("complete: false", start)
    plan.write_text(text[:position] + "complete: true" + text[position + 15:], "utf-8")


def test_ticking_a_milestone_rewrites_the_pages_that_show_it(site, tmp_path):
    out = tmp_path / "out"
    sphinx_build(site, out)
    home = out / "index.html"
    assert "126 milestones: 12 complete" in home.read_text("utf-8")

    tick_first_open_milestone(site / "publication/our-plan.md")
    written, _ = rebuild(site, out)
    assert {"index", "publication/our-plan"} <= written
    assert not any(page.startswith("news/20") for page in written), written
    assert "126 milestones: 13 complete" in home.read_text("utf-8")
    plan_page = (out / "publication/our-plan/index.html").read_text("utf-8")
    assert "1 of 24 milestones complete" in plan_page


def test_editing_the_plan_body_does_not_rewrite_the_home_page(site, tmp_path):
    out = tmp_path / "out"
    sphinx_build(site, out)
    plan = site / "publication/our-plan.md"
    plan.write_text(plan.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    written, _ = rebuild(site, out)
    assert "publication/our-plan" in written
    assert "index" not in written


def test_a_new_day_refreshes_the_stale_note_without_rereading(site, tmp_path):
    """The plan is judged as of its 'updated:' day (15 November 2021); the build date only
    decides whether the page says that was more than six months ago."""
    out = tmp_path / "out"
    sphinx_build(site, out, epoch="1652572800")  # 2022-05-15: six months, not more
    home = out / "index.html"
    assert "Progress as of 15 November 2021" in home.read_text("utf-8")
    assert "has not been updated since" not in home.read_text("utf-8")
    same_day, _ = rebuild(site, out, epoch="1652572800")
    assert same_day == set()
    next_day, log = rebuild(site, out, epoch="1652659200")  # 2022-05-16
    assert {"index", "publication/our-plan"} <= next_day
    assert not any(page.startswith("news/20") for page in next_day), next_day
    assert re.search(r"0 added.*0 changed.*0 removed", log)  # nothing was re-read
    assert "This plan has not been updated since 15 November 2021" in home.read_text("utf-8")
    a_week_later, _ = rebuild(site, out, epoch="1653264000")  # 2022-05-23: still stale
    assert a_week_later == set()


def test_a_picture_naming_a_folder_is_warned_about_and_not_reread(site, tmp_path):
    """``![]()`` (the old site's conference speakers) or a folder: Sphinx notes the folder
    as a file the page depends on and re-reads the page on every build; ours warns once."""
    page = site / "rules/mission-statement.md"
    page.write_text(page.read_text("utf-8") + "\n![]()\n\n![Our banners](../rules)\n\n"
                    "{download}`The leaflets <.>`\n", "utf-8")
    out = tmp_path / "out"
    log = sphinx_build(site, out)
    for name in ("picture ''", "picture '../rules'", "download '.'"):
        assert re.search(rf"mission-statement\.md:\d+: WARNING: the {name} names no file, "
                         r"only a folder.*\[csnet\.image\]", log), (name, log)
    html = (out / "rules/mission-statement/index.html").read_text("utf-8")
    assert "[Picture: Our banners]" in html and "The leaflets" in html  # the words stay
    written, log = rebuild(site, out)
    assert re.search(r"0 added.*0 changed.*0 removed", log)  # not re-read on every build
    assert written == set()


def test_a_missing_picture_warns_once_and_its_page_is_reread_when_it_appears(site, tmp_path):
    """reference/developer.md#trap-endless-rereads: Sphinx re-reads a page naming a missing file
    on every build; ours
    re-reads it only once the file is there."""
    page = site / "rules/mission-statement.md"
    page.write_text(page.read_text("utf-8") + "\n![Our banner](/images/banner-new.png)\n\n"
                    "{download}`The leaflet <leaflet-new.pdf>`\n", "utf-8")
    out = tmp_path / "out"
    log = sphinx_build(site, out)
    assert re.search(r"mission-statement\.md:\d+: WARNING: the picture '/images/banner-new"
                     r"\.png' is not there: no file docs/images/banner-new\.png.*"
                     r"\[csnet\.image\]", log), log
    assert re.search(r"the download 'leaflet-new\.pdf' is not there.*\[csnet\.image\]", log)
    html = (out / "rules/mission-statement/index.html").read_text("utf-8")
    assert "Our banner" in html and "The leaflet" in html  # the words stay
    written, log = rebuild(site, out)
    assert re.search(r"0 added.*0 changed.*0 removed", log)  # not re-read for ever
    assert written == set()
    (site / "images").mkdir(exist_ok=True)
    (site / "images/banner-new.png").write_bytes(base64.b64decode(  # 1 x 1 pixel
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="))
    written, log = rebuild(site, out)
    assert "rules/mission-statement" in written
    html = (out / "rules/mission-statement/index.html").read_text("utf-8")
    assert re.search(r'<img alt="Our banner"[^>]+src="[^"]*banner-new\.png"', html)
    assert "banner-new.png' is not there" not in log  # the download still waits
    assert "leaflet-new.pdf' is not there" in log
