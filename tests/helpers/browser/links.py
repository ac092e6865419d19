"""Every internal ``href``, ``src``, ``srcset`` and ``#anchor`` of a built page must resolve.

A link is internal when it has no scheme and no host (relative or site-relative); links to
the live site (``html_baseurl``) and other hosts are external and not fetched. A target
resolves as a static host would serve it: a file, or a folder with an ``index.html``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

LINK_ATTRS = ("href", "src", "srcset", "poster", "data")
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


@functools.cache
def parse(file: Path) -> BeautifulSoup:
    return BeautifulSoup(file.read_bytes(), "html.parser")


@functools.cache
def anchors(file: Path) -> frozenset[str]:
    soup = parse(file)
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    names = {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
    return frozenset(ids | names)


def target_file(out: Path, path: str) -> Path | None:
    """The file a static host serves for the site path ``path``, or None."""
    candidate = out / unquote(path).lstrip("/")
    if not candidate.resolve().is_relative_to(out.resolve()):
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def references(soup: BeautifulSoup):
    """``(tag, attribute, value)`` for every URL the page refers to."""
    for tag in soup.find_all(True):
        for attr in LINK_ATTRS:
            value = tag.get(attr)
            if not value or (attr == "data" and tag.name != "object"):
                continue
            if attr == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        yield tag, attr, candidate.split()[0]
            else:
                yield tag, attr, value.strip()


def broken_links(out: Path, file: Path, url: str) -> list[str]:
    """Human-readable problems with the internal references of the page ``file`` at ``url``."""
    problems = []
    for tag, attr, value in references(parse(file)):
        parts = urlsplit(value)
        where = f"<{tag.name} {attr}={value!r}>"
        if parts.scheme and parts.scheme not in SAFE_SCHEMES:
            problems.append(f"{where}: unsafe or unknown scheme {parts.scheme!r}")
            continue
        if parts.scheme or parts.netloc:
            continue  # external
        resolved = urlsplit(urljoin(url, value))
        target = target_file(out, resolved.path)
        if target is None:
            problems.append(f"{where}: no page or file at {resolved.path}")
        elif resolved.fragment and target.suffix == ".html" and \
                not resolved.fragment.startswith("/") and \
                unquote(resolved.fragment) not in anchors(target):  # "#/...": an app's route
            problems.append(f"{where}: no id {unquote(resolved.fragment)!r} in {resolved.path}")
    return problems
