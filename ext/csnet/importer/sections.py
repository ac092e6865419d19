"""Contents lists for the imported pages: every folder in one, every page reachable.

Sphinx calls a page that no contents list (toctree) includes "not included in any toctree". A
folder of imported pages gets a hidden list on its own page, or an index page that lists it;
pages that no list includes go in a hidden list on the home page, in a block each import
rewrites. News posts and events are listed by the build itself.
"""

from __future__ import annotations

import fnmatch
import json
import posixpath
import re
from collections import Counter
from pathlib import Path

from ..layouts import COLLECTIONS as LAYOUT_COLLECTIONS
from .convert import Page
from .report import Item, Report

#: what a generated section index lists, by the layout of the pages in the folder
SECTION_LISTS = {"team": "```{team-list}\n```"}
#: layouts the build lists itself (news lists, the events index), in no contents list
LISTED = ("news", "event")
#: the index page for those, when the old site had none at that address
LISTED_INDEXES = {"event/index.md": ("Events", "```{events-index}\n```")}


def section_indexes(docs: Path, pages: dict[str, Page], manifest: dict,
                    report: Report) -> dict[str, str]:
    """Put every folder of imported pages (event/, team/, tools/...) in a contents list.

    The folder's page (``rules.md`` at ``/rules/``, often a Liquid loop, now a list) gains a
    hidden contents list of the folder; a folder without one gets an index page that lists
    its pages. News folders are listed by the news pages already. Returns the new indexes.
    """
    folders: dict[str, list[Page]] = {}
    for target, page in pages.items():
        if "/" in target and str(page.data.get("layout") or "page") not in LISTED:
            folders.setdefault(target.split("/", 1)[0], []).append(page)
    indexes: dict[str, str] = {}
    for name, (title, listing) in LISTED_INDEXES.items():
        folder = name.split("/")[0]
        if any(t.startswith(folder + "/") for t in pages) and name not in pages and not (
                f"{folder}.md" in pages or ((docs / name).exists() and name not in manifest)):
            indexes[name] = f"---\ntitle: {json.dumps(title)}\n---\n\n{listing}\n"
            report.items.append(Item("_config.yml", 1, "section index", "changed",
                                     f"docs/{name} lists the {folder}/ pages"))
    for folder, members in sorted(folders.items()):
        if all(page.data.get("published") is False for page in members):
            continue  # nothing there for members (the old editor tools): no index
        toctree = f"```{{toctree}}\n:hidden:\n:glob:\n\n{folder}/**\n```\n"
        owner = pages.get(f"{folder}.md") or pages.get(f"{folder}/index.md")
        if owner is not None:
            if owner.target == f"{folder}/index.md":
                toctree = toctree.replace(f"{folder}/**", "**")
            owner.text = owner.text.rstrip("\n") + "\n\n" + toctree
            report.items.append(Item(owner.document.site_path, 1, "section contents",
                                     "changed", f"lists the {len(members)} pages of "
                                     f"{folder}/ in a hidden contents list"))
            continue
        name = f"{folder}/index.md"
        if (docs / name).exists() and name not in manifest:
            continue  # someone's own index page
        # named after what most of its pages are: /topic/ holds topic pages and one old
        # news post given an address there, and is "Topics", not "News archive"
        usual = Counter((p.document.collection, str(p.data.get("layout") or "page"))
                        for p in members).most_common(1)[0][0]
        layout = usual[1]
        collection = LAYOUT_COLLECTIONS.get(usual[0])
        title = collection.label if collection else folder.replace("-", " ").capitalize()
        listing = SECTION_LISTS.get(layout, f"```{{page-list}}\n:under: {folder}\n```")
        indexes[name] = (f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n"
                         f"{listing}\n\n" + toctree.replace(f"{folder}/**", "**"))
        report.items.append(Item(members[0].document.site_path, 1, "section index", "changed",
                                 f"docs/{name} lists the {len(members)} pages of "
                                 f"{folder}/"))
    return indexes


_TOCTREE = re.compile(r"^(`{3,}|:{3,})\{toctree\}[^\n]*\n(.*?)^\1[ \t]*$", re.M | re.S)


#: the home page's block of imported pages that no other contents list includes
HOME_START = "% >>> csnet-import: old pages no other contents list includes (a hidden list)"
HOME_END = "% <<< csnet-import (this block is rewritten by each import; add pages above it)"


def home_contents(docs: Path, pages: dict[str, Page], report: Report,
                  indexes: set[str] = frozenset()) -> None:
    """Put imported pages that no contents list includes (top-level pages, new section
    indexes, pages in a folder whose index is not the importer's) in a hidden contents list
    on the home page, in a block each import rewrites, so the site has no page Sphinx calls
    "not included in any toctree". News posts and events are exempt: the build lists them
    itself (:mod:`csnet.pages` orphans them)."""
    home = docs / "index.md"
    current = home.read_text("utf-8") if home.is_file() else ""
    block = re.compile(rf"^{re.escape(HOME_START)}\n.*?^{re.escape(HOME_END)}\n?", re.M | re.S)
    entries = []  # (the page whose list it is, an entry or a glob pattern)
    for path in docs.rglob("*.md"):
        folder = path.parent.relative_to(docs).as_posix()
        owner = path.relative_to(docs).with_suffix("").as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in _TOCTREE.finditer(block.sub("", text) if path == home else text):
            for line in match.group(2).split("\n"):
                entry = line.strip()
                if entry and not entry.startswith(":"):
                    entry = entry.rsplit("<", 1)[-1].rstrip(">").strip()
                    entries.append((owner, posixpath.normpath(posixpath.join(folder, entry))
                                    .lstrip("/")))
    missing = []
    for target, page in sorted([*pages.items(), *((name, None) for name in indexes)]):
        docname = target[: -len(".md")]
        layout = str(page.data.get("layout") or "page") if page else "page"
        if docname == "index" or not (docs / target).is_file() or layout in LISTED or (
                page and page.data.get("published") is False) or any(
                owner != docname and fnmatch.fnmatchcase(docname, e) for owner, e in entries):
            continue  # a list's glob never includes the page it is on (as Sphinx's)
        missing.append(docname)
    if not home.is_file():
        return
    new = block.sub("", current).rstrip("\n") + "\n"
    if missing:
        listing = "\n".join(missing)
        new += f"\n{HOME_START}\n```{{toctree}}\n:hidden:\n\n{listing}\n```\n{HOME_END}\n"
        report.items.append(Item("index.md", 1, "navigation", "changed",
                                 f"docs/index.md: a hidden contents list of the {len(missing)} "
                                 "imported pages and section indexes no other list includes; "
                                 "move a page into a section's list to take it out"))
    if new != current:
        home.write_text(new, "utf-8")
