"""Import a whole site: read every document, convert, and write only what is safe to write.

A manifest in ``docs/`` records the hash of every file the importer wrote. A page whose file no
longer has that hash was edited by someone since, and is left alone unless ``force`` is given;
a page whose new text equals the file is not rewritten, so running twice changes nothing.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import posixpath
import re
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..frontmatter import split
from ..layouts import COLLECTIONS as LAYOUT_COLLECTIONS
from . import assets, versions
from .body import Note
from .cms import import_cms
from .convert import Page, convert, keep_whole, locate
from .jekyll import read_site
from .liquid import LiquidContext
from .report import EDITED, SAMPLE, UNCHANGED, WRITTEN, Item, Report

MANIFEST = ".import-manifest.json"


def import_site(source: Path, docs: Path, force: bool = False) -> Report:
    """Import the Jekyll site at ``source`` into the Sphinx source folder ``docs``."""
    site = read_site(source)
    report = Report(str(source))
    for file, why in site.problems:
        report.items.append(_problem(file, why))
    texts: dict[str, str] = {}
    urls: dict[str, str] = {}
    notes: dict[str, list[Note]] = {}
    for document in site.documents:
        path = document.site_path
        try:
            texts[path], notes[path] = decode(document.path.read_bytes())
        except (OSError, ValueError) as error:
            report.unreadable.append((path, _why(error)))
            continue
        urls[path], problems = locate(site, document, texts[path])
        notes[path] += problems
    context = LiquidContext(site.liquid_site(), {d.collection for d in site.documents},
                            {path: url + "/" for path, url in urls.items()})
    for name in site.unknown:
        report.items.append(Item("_config.yml", 1, "collection", "check",
                                 f"_{name} is a collection the importer has no layout for; its "
                                 f"documents are imported as plain pages at "
                                 f"{site.pattern(name)}"))
    copies = duplicates(site, texts, urls, report)
    converted: list[Page] = []
    manifest_path = docs / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    for document in site.documents:
        if document.site_path not in texts or document.site_path in copies.dropped:
            continue
        try:
            page = convert(site, document, texts[document.site_path],
                           urls[document.site_path], context,
                           tuple(copies.kept.get(document.site_path, ())))
        except Exception as error:  # a converter bug must not lose the page: keep it whole
            page = keep_whole(document, texts[document.site_path], urls[document.site_path],
                              error)
        report.collections[document.collection] += 1
        report.add(document.site_path, notes[document.site_path] + page.notes)
        converted.append(page)
    written = _place(converted, report)
    versions.mark(written, report)
    indexes = _section_indexes(docs, written, manifest, report)
    _menu_redirects(site, docs, written, indexes, report)
    for page in written.values():
        status = _write(page, docs, manifest, force)
        report.pages[page.document.site_path] = page.target
        report.statuses[status] += 1
        if status == EDITED:
            report.edited.append(page.target)
        elif status == SAMPLE:
            report.items.append(Item(page.document.site_path, 1, "sample page", "changed",
                                     f"docs/{page.target} was a bundled sample (sample: true); "
                                     "the old site's page replaces it"))
        for name, text in page.files.items():
            if write_file(docs, name, text, manifest, force) == EDITED:
                report.edited.append(name)
        _copy_assets(source, docs, page, report)
    for name, text in indexes.items():
        status = write_file(docs, name, text, manifest, force)
        if status == EDITED:
            report.edited.append(name)
    _write_menus(site, docs, manifest, force, report)
    _report_samples(docs, set(written) | set(indexes), report)
    _home_contents(docs, written, report, set(indexes))
    import_cms(source, docs, lambda name, text: write_file(docs, name, text, manifest, force),
               report)
    text = json.dumps(dict(sorted(manifest.items())), indent=1) + "\n"
    if manifest and (not manifest_path.exists() or manifest_path.read_text() != text):
        manifest_path.write_text(text)
    return report


def decode(data: bytes) -> tuple[str, list[Note]]:
    """UTF-8 (BOM dropped), else Windows-1252 as Word saved it; binary data is refused."""
    if b"\x00" in data:
        raise ValueError("binary data, not a text file")
    notes = []
    if data.startswith(b"\xef\xbb\xbf"):
        notes.append(Note(1, "zero-width character or U+FEFF", "removed", "at the start"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "Latin-1"
        notes.append(Note(1, "file encoding", "changed", f"not UTF-8; read as {encoding}"))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notes.append(Note(1, "line endings", "changed", "Windows line endings made Unix ones"))
    return text, notes


def _write(page: Page, docs: Path, manifest: dict, force: bool) -> str:
    section = page.target[: -len(".md")] + "/index.md"
    if (docs / section).exists():  # the same URL as a section's index page: that file
        page.target = section
    return write_file(docs, page.target, page.text, manifest, force)


def write_file(docs: Path, name: str, text: str, manifest: dict, force: bool) -> str:
    """Write ``docs/name`` unless someone edited it since the importer last wrote it."""
    target = docs / name
    data = text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    if target.exists():
        current = target.read_bytes()
        if current == data:
            manifest[name] = digest
            return UNCHANGED
        if not force and manifest.get(name) != hashlib.sha256(current).hexdigest():
            if not is_sample(current):
                return EDITED
            target.write_bytes(data)
            manifest[name] = digest
            return SAMPLE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    manifest[name] = digest
    return WRITTEN


_SAMPLE = re.compile(rb"\A---\n(?:(?!---\n)[^\n]*\n)*?sample[ \t]*:[ \t]*true[ \t]*(?:#[^\n]*)?\n")


def _report_samples(docs: Path, imported: set[str], report: Report) -> None:
    """Bundled sample pages the old site had no page for stay, but are not the network's: the
    report asks a person to delete them (or keep one by deleting its marker)."""
    for path in sorted(docs.rglob("*.md")):
        name = path.relative_to(docs).as_posix()
        if name not in imported and is_sample(path.read_bytes()):
            report.items.append(Item(f"docs/{name}", 1, "sample page", "check", "a page "
                                     "bundled as an example, and the old site has none at "
                                     "its address (it may be an older copy of one it has): "
                                     "delete it, or delete its 'sample: true' line to keep it"))


def is_sample(data: bytes) -> bool:
    """A page the project ships as an example (``sample: true`` in its front matter): the
    real site's page at the same address replaces it. Delete the line to keep your edits."""
    return bool(_SAMPLE.match(data.replace(b"\r\n", b"\n")))


_TOCTREE = re.compile(r"^(`{3,}|:{3,})\{toctree\}[^\n]*\n(.*?)^\1[ \t]*$", re.M | re.S)


#: the home page's block of imported pages that no other contents list includes
HOME_START = "% >>> csnet-import: old pages no other contents list includes (a hidden list)"
HOME_END = "% <<< csnet-import (this block is rewritten by each import; add pages above it)"


def _home_contents(docs: Path, pages: dict[str, Page], report: Report,
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


def _copy_assets(source: Path, docs: Path, page: Page, report: Report) -> None:
    """Copy the files under ``assets/`` the page uses; report each one that is not there."""
    missing: dict[str, list[int]] = {}
    for line, path in page.assets:
        if assets.copy(source, docs, path):
            report.assets.add(path)
        else:
            missing.setdefault(path, []).append(line)
    for path, lines in missing.items():
        report.items.append(Item(page.document.site_path, lines[0], "file in /assets/",
                                 "check", f"/{path} is not in the old site's assets folder; "
                                 "find the file and put it at docs/" + assets.new_path(path)))


MENUS = "_data/menus.yml"


def _write_menus(site, docs: Path, manifest: dict, force: bool, report: Report) -> None:
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


def _menu_redirects(site, docs: Path, pages: dict[str, Page], indexes: dict[str, str],
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


#: what a generated section index lists, by the layout of the pages in the folder
SECTION_LISTS = {"team": "```{team-list}\n```"}
#: layouts the build lists itself (news lists, the events index), in no contents list
LISTED = ("news", "event")
#: the index page for those, when the old site had none at that address
LISTED_INDEXES = {"event/index.md": ("Events", "```{events-index}\n```")}


def _section_indexes(docs: Path, pages: dict[str, Page], manifest: dict,
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


def _place(pages: list[Page], report: Report) -> dict[str, Page]:
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


def _problem(file: str, why: str) -> Item:
    return Item(file, 1, "site", "check", why)


def _why(error: Exception) -> str:
    return error.strerror if isinstance(error, OSError) and error.strerror else str(error)
