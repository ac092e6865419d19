"""One page, twice on the old site: copies saved as ``x-2.md``, versions at one address.

A copy with the same title and words is imported once, and its address redirects to the page
kept; two documents that claim one URL both stay, the newest at the address and the older ones
beside it, marked as superseded by it (:mod:`csnet.importer.versions`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..frontmatter import split
from . import versions
from .convert import Page
from .report import Item, Report


@dataclass
class Copies:
    """Documents saved twice on the old site (``x.md`` and ``x-2.md``): one is imported."""

    dropped: set[str] = field(default_factory=set)
    kept: dict[str, list[str]] = field(default_factory=dict)  # kept file -> copies' URLs


_COPY = re.compile(r"^(.+)-(\d)$")


def duplicates(site, texts: dict[str, str], urls: dict[str, str], report: Report) -> Copies:
    """``-2`` (``-3``...) files whose title and text equal the original's, after spaces."""
    copies = Copies()
    by_path = {d.site_path: d for d in site.documents}
    for document in site.documents:
        stem, dot, suffix = document.site_path.rpartition(".")
        match = _COPY.match(stem)
        original = f"{match.group(1)}.{suffix}" if match and dot else None
        if original not in by_path or original not in texts or document.site_path not in texts:
            continue
        if _essence(texts[original]) != _essence(texts[document.site_path]):
            continue
        copies.dropped.add(document.site_path)
        copies.kept.setdefault(original, []).append(urls[document.site_path])
        report.items.append(Item(document.site_path, 1, "duplicate copy", "removed",
                                 f"the same page as {original}; not imported again, its "
                                 f"address {urls[document.site_path]}/ redirects there"))
    return copies


def _essence(text: str) -> str:
    """A page's title and words, without the lines that differ between copies (date, URL)."""
    front, length = split(text)
    title = re.search(r"^title:\s*(.*)$", front or "", re.M)
    body = "\n".join(text.split("\n")[length:])
    return (title.group(1).strip(" '\"") if title else "") + "\n" + " ".join(body.split())


def place(pages: list[Page], report: Report) -> dict[str, Page]:
    """Each page at its file; two documents with one URL: the newest keeps it (the current
    version), older ones get a suffix and are marked superseded by it, and the report says so."""
    placed: dict[str, Page] = {}
    claims: dict[str, list[Page]] = {}
    for page in pages:
        claims.setdefault(page.target, []).append(page)
    for target, claimants in claims.items():
        claimants.sort(key=versions.newest_first)
        for page in claimants[1:]:
            n = 2
            while page.target[: -len(".md")] + f"-{n}.md" in claims or \
                    page.target[: -len(".md")] + f"-{n}.md" in placed:
                n += 1
            page.target = page.target[: -len(".md")] + f"-{n}.md"
            page.url = f"{page.url}-{n}"
            versions.supersede(page, claimants[0], report,
                               f"its URL {claimants[0].url}/ is also the URL of "
                               f"{claimants[0].document.site_path}, a newer version; "
                               f"written to {page.target}")
            placed[page.target] = page
        placed[target] = claimants[0]
    return placed
