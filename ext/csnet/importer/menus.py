"""The old site's header and footer menus: written for the theme, and their addresses kept.

Jekyll themes read their menus from ``_config.yml``; the new theme reads
``docs/_data/menus.yml``. A menu item naming an address no page has any more (a collection's
folder moved) makes the page now at that place claim it (``redirect_from``).
"""

from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path

import yaml

from .convert import Page
from .manifest import write_file
from .report import Item, Report

MENUS = "_data/menus.yml"


def write_menus(site, docs: Path, manifest: dict, force: bool, report: Report) -> None:
    """The old header and footer menus, for the theme: ``docs/_data/menus.yml``."""
    menus = menus_of(site.config)
    if not menus:
        return
    text = ("# The old site's menus (from its _config.yml), read by the theme. Edit freely.\n"
            + yaml.safe_dump(menus, allow_unicode=True, sort_keys=False))
    status = write_file(docs, MENUS, text, manifest, force)
    report.items.append(Item("_config.yml", 1, "menus", "changed",
                             f"{', '.join(menus)} written to docs/{MENUS} ({status})"))


def menus_of(config: dict) -> dict[str, list[dict[str, str]]]:
    """Top-level lists of ``{title/name/text/display-text, url/link/href}`` whose key names a
    menu, without the items the old theme hid (``hidden: true``)."""
    found: dict[str, list[dict[str, str]]] = {}

    def entries(value) -> list[dict[str, str]] | None:
        if not isinstance(value, list) or not value:
            return None
        items = []
        for entry in value:
            if not isinstance(entry, dict):
                return None
            if entry.get("hidden") is True or str(entry.get("hidden")).lower() == "true":
                continue  # the old theme did not show it
            title = next((entry[k] for k in ("title", "name", "text", "label", "display-text")
                          if k in entry), None)
            url = next((entry[k] for k in ("url", "link", "href") if k in entry), None)
            if title is None or url is None:
                return None
            items.append({"title": str(title), "url": str(url)})
        return items

    for key, value in config.items():
        if not re.search(r"menu|nav", str(key), re.I):
            continue
        if entries(value):
            found[str(key)] = entries(value)
        elif isinstance(value, dict):
            for name, inner in value.items():
                if entries(inner):
                    found[f"{name}"] = entries(inner)
    return found


def menu_redirects(site, docs: Path, pages: dict[str, Page], indexes: dict[str, str],
                   report: Report) -> None:
    """Old menu addresses lead to pages: a menu item naming a collection whose pages are in
    another folder (``/events/`` for ``_events`` at ``/event/:name/``) makes that folder's
    index claim the address (``redirect_from``), so the menu and old bookmarks reach it; an
    address no page has is reported (the build warns about it in docs/_data/menus.yml)."""
    def key(target: str) -> str:  # docs/x/index.md, docs/x.md -> "x"
        return re.sub(r"(^|/)index$", "", target[: -len(".md")])

    known = {key(t) for t in (*pages, *indexes)} | {p.url.strip("/") for p in pages.values()}
    for page in pages.values():  # the old addresses a page keeps (redirect_from)
        old = page.data.get("redirect_from")
        known |= {str(u).strip().strip("/") for u in (old if isinstance(old, list) else [old])
                  if u}
    folders: dict[str, str] = {}  # collection -> the folder its pages are in
    for target, page in sorted(pages.items()):
        if "/" in target:
            folders.setdefault(page.document.collection, target.split("/", 1)[0])
    for menu, entries in menus_of(site.config).items():
        for entry in entries:
            url = entry["url"].strip()
            if not url.startswith("/") or url.startswith("//"):
                continue
            wanted = urllib.parse.unquote(url.split("#", 1)[0].split("?", 1)[0]).strip("/")
            if wanted in known or (docs / f"{wanted}.md").is_file() or (
                    docs / wanted / "index.md").is_file():
                continue
            folder = folders.get(wanted)
            index = next((name for name in (f"{folder}/index.md", f"{folder}.md")
                          if folder and name in (*indexes, *pages)), None)
            claimed = None
            if index in indexes:
                claimed = indexes[index] = _with_redirect(indexes[index], url)
            elif index is not None:
                claimed = _with_redirect(pages[index].text, url)
                if claimed:
                    pages[index].text = claimed
            if claimed:
                known.add(wanted)
                report.items.append(Item("_config.yml", 1, "menu address", "changed",
                                         f"{menu} item {entry['title']!r}: {url} redirects "
                                         f"to docs/{index} (redirect_from)"))
            else:
                report.items.append(Item("_config.yml", 1, "menu address", "check",
                                         f"{menu} item {entry['title']!r} links {url}, which "
                                         "no imported page has; add a page there or correct "
                                         f"the url in docs/{MENUS}"))


def _with_redirect(text: str, url: str) -> str | None:
    """``text`` with ``redirect_from: url`` in its front matter (None if it has one)."""
    end = text.find("\n---\n", 3)
    if not text.startswith("---\n") or end < 0 or re.search(r"^redirect_from\s*:",
                                                              text[:end], re.M):
        return None
    return f"{text[:end]}\nredirect_from: {json.dumps(url)}{text[end:]}"
