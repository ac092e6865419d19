"""Smaller copies of local pictures (csnet.theme.pictures): written once, named by content,
offered in a ``srcset`` with the column's ``sizes``; the same under ``-j 2``; remote, small and
vector pictures untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageDraw

from tests.helpers import TESTS
from tests.helpers.sphinx import build_app, edit_source, warnings_of

PAGE = """\
---
orphan: true
---

# Pictures

![Lines in colour](photo.jpg)

![A wide chart](chart.png)

![A line drawing](drawing.png)

![A small blue box](picture.png)

![A remote photo](https://example.org/big.jpg)

![A mark](../_static/our-mark.svg)
"""


def draw(path: Path, size: tuple[int, int], seed: int = 0) -> None:
    """A busy picture (lines) that compresses like a photo, not like a flat colour."""
    picture = Image.new("RGB", size, "white")
    pen = ImageDraw.Draw(picture)
    for x in range(0, size[0], 23):
        pen.line((x, 0, size[0] - x, size[1]), fill=((x + seed) % 255, 90, 170), width=5)
    picture.save(path)


@pytest.fixture
def site(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-theme", src)
    (src / "about" / "pictures.md").write_text(PAGE)
    draw(src / "about" / "photo.jpg", (2000, 1000))
    noise = [Image.effect_noise((700, 350), 60).point(lambda v, i=i: v // 2 + 40 * i)
             for i in range(3)]
    Image.merge("RGB", noise).save(src / "about" / "chart.png")  # a photo kept as PNG
    draw(src / "about" / "drawing.png", (700, 350))  # flat colours: copies would be heavier
    return src


def images_of(out: Path) -> dict[str, dict]:
    page = BeautifulSoup((out / "about/pictures/index.html").read_text(), "html.parser")
    return {img["alt"]: img.attrs for img in page.select("main img")}


def test_large_pictures_get_smaller_copies_in_a_srcset(site):
    app = build_app(site)
    out = Path(app.outdir)
    images = images_of(out)
    photo = images["Lines in colour"]
    candidates = [part.strip().split(" ") for part in photo["srcset"].split(",")]
    widths = [int(width[:-1]) for _, width in candidates]
    assert widths == [320, 640, 960, 1280, 2000]  # 1920 is too close to the photo's 2000
    assert candidates[-1][0] == photo["src"] == "../../_images/photo.jpg"
    assert (photo["width"], photo["height"]) == ("2000", "1000")
    assert photo["sizes"] == "(max-width: 48.5rem) calc(100vw - 2.5rem), 46rem"
    for url, width in candidates[:-1]:
        copy = out / "about/pictures" / url
        with Image.open(copy) as picture:
            assert picture.format == "JPEG"
            assert picture.size == (int(width[:-1]), int(width[:-1]) // 2)
        assert copy.stat().st_size < (site / "about/photo.jpg").stat().st_size
        assert copy.stat().st_mode & 0o044 == 0o044  # the web server may read it
    chart = [c.strip().split(" ")[1] for c in images["A wide chart"]["srcset"].split(",")]
    assert chart == ["320w", "700w"]  # 640 px would save too little of 700
    # too small to shrink, on another host, vector, or no lighter when smaller: as they were
    for alt in ("A small blue box", "A remote photo", "A mark", "A line drawing"):
        assert "srcset" not in images[alt] and "sizes" not in images[alt], alt
    assert images["A remote photo"]["src"] == "https://example.org/big.jpg"
    assert images["A remote photo"]["loading"] == "lazy"
    assert "loading" not in photo  # the page's first picture may be above the fold
    assert not [w for w in warnings_of(app) if "pictures.md" in w]


def test_copies_are_written_once_and_follow_an_edited_picture(site):
    out = Path(build_app(site).outdir)
    copies = sorted((out / "_images").glob("photo-*w-*.jpg"))
    assert len(copies) == 4
    written = {path.name: path.stat().st_mtime_ns for path in copies}
    edit_source(site / "about/pictures.md", "# Pictures", "# Our pictures")
    build_app(site)
    assert "Our pictures" in (out / "about/pictures/index.html").read_text()
    assert {path.name: path.stat().st_mtime_ns for path in copies} == written, \
        "an unchanged picture was encoded again"
    for path in copies:  # the output folder emptied under a running preview
        path.unlink()
    edit_source(site / "about/pictures.md", "# Our pictures", "# Pictures")
    build_app(site)
    assert all(path.is_file() for path in copies)
    draw(site / "about/photo.jpg", (2000, 1000), seed=100)  # the picture itself changes
    build_app(site)
    srcset = images_of(out)["Lines in colour"]["srcset"]
    assert not any(name in srcset for name in written)
    assert all((out / "about/pictures" / part.split()[0]).is_file()
               for part in srcset.split(","))


def test_parallel_build_writes_the_same_pages_and_copies(tmp_path, site):
    serial = Path(build_app(site, builddir=tmp_path / "serial").outdir)
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("dirhtml", srcdir=site, builddir=tmp_path / "parallel",
                        parallel=2, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    parallel = Path(app.outdir)
    assert app.parallel == 2
    for name in ("about/pictures/index.html",):
        assert (serial / name).read_bytes() == (parallel / name).read_bytes()
    files = sorted(p.name for p in (serial / "_images").iterdir())
    assert files == sorted(p.name for p in (parallel / "_images").iterdir())
    for name in files:
        assert (serial / "_images" / name).read_bytes() == \
            (parallel / "_images" / name).read_bytes(), name


def test_a_clean_build_takes_its_copies_from_the_cache(tmp_path, site, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("CSNET_PICTURE_CACHE", str(cache))
    first = Path(build_app(site, builddir=tmp_path / "first").outdir)
    names = sorted(path.name for path in (first / "_images").glob("photo-*w-*.jpg"))
    assert names == sorted(path.name for path in cache.glob("photo-*w-*.jpg"))
    # mark one cached copy: a clean build that encoded the photo again would not show it
    marked = cache / names[0]
    marked.unlink()  # not through a link into the first build's output
    draw(marked, (320, 160), seed=7)
    clean = Path(build_app(site, builddir=tmp_path / "clean").outdir)
    assert (clean / "_images" / names[0]).read_bytes() == marked.read_bytes()
    assert sorted(path.name for path in (clean / "_images").glob("photo-*w-*.jpg")) == names
    assert not list((clean / "_images").glob(".csnet-*")), "a temporary file was left"


def test_a_cache_that_cannot_be_written_costs_only_the_encoding(tmp_path, site, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("CSNET_PICTURE_CACHE", str(blocked / "pictures"))
    app = build_app(site)
    assert len(list((Path(app.outdir) / "_images").glob("photo-*w-*.jpg"))) == 4
    assert "srcset" in images_of(Path(app.outdir))["Lines in colour"]
