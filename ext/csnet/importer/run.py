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
from pathlib import Path

from .body import Note
from .convert import Page, convert, keep_whole, locate
from .jekyll import read_site
from .liquid import LiquidContext
from .report import EDITED, UNCHANGED, WRITTEN, Item, Report

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
    taken: dict[str, str] = {}
    written: dict[str, Page] = {}
    manifest_path = docs / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    for document in site.documents:
        if document.site_path not in texts:
            continue
        try:
            page = convert(site, document, texts[document.site_path],
                           urls[document.site_path], context)
        except Exception as error:  # a converter bug must not lose the page: keep it whole
            page = keep_whole(document, texts[document.site_path], urls[document.site_path],
                              error)
        _avoid_clash(page, taken, report)
        report.collections[document.collection] += 1
        report.add(document.site_path, notes[document.site_path] + page.notes)
        status = _write(page, docs, manifest, force)
        report.pages[document.site_path] = page.target
        written[page.target] = page
        report.statuses[status] += 1
        if status == EDITED:
            report.edited.append(page.target)
    _report_navigation(docs, written, report)
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
    target = docs / page.target
    data = page.text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    if target.exists():
        current = target.read_bytes()
        if current == data:
            manifest[page.target] = digest
            return UNCHANGED
        if not force and manifest.get(page.target) != hashlib.sha256(current).hexdigest():
            return EDITED
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    manifest[page.target] = digest
    return WRITTEN


_TOCTREE = re.compile(r"^(`{3,}|:{3,})\{toctree\}[^\n]*\n(.*?)^\1[ \t]*$", re.M | re.S)


def _report_navigation(docs: Path, pages: dict[str, Page], report: Report) -> None:
    """List imported pages no contents list includes: the build warns about each of them.

    News posts are exempt: the build lists them itself (:mod:`csnet.pages` orphans them).
    """
    entries = []
    for path in docs.rglob("*.md"):
        folder = path.parent.relative_to(docs).as_posix()
        for match in _TOCTREE.finditer(path.read_text(encoding="utf-8", errors="replace")):
            for line in match.group(2).split("\n"):
                entry = line.strip()
                if entry and not entry.startswith(":"):
                    entry = entry.rsplit("<", 1)[-1].rstrip(">").strip()
                    entries.append(posixpath.normpath(posixpath.join(folder, entry)).lstrip("/"))
    for target, page in sorted(pages.items()):
        docname = target[: -len(".md")]
        layout = str(page.data.get("layout") or "page")
        if layout == "news" or any(fnmatch.fnmatchcase(docname, e) for e in entries):
            continue
        report.items.append(Item(page.document.site_path, 1, "navigation", "check",
                                 f"docs/{target} is in no contents list (toctree) yet; add it "
                                 "to a section's index page (the build warns until then)"))


def _avoid_clash(page: Page, taken: dict[str, str], report: Report) -> None:
    """Two documents with one URL: the second gets a suffix, and the report says so."""
    target, n = page.target, 1
    while target in taken:
        n += 1
        target = page.target[: -len(".md")] + f"-{n}.md"
    if target != page.target:
        report.items.append(_problem(page.document.site_path,
                                     f"its URL {page.url}/ is also the URL of "
                                     f"{taken[page.target]}; written to {target}"))
        page.target = target
    taken[target] = page.document.site_path


def _problem(file: str, why: str) -> Item:
    return Item(file, 1, "site", "check", why)


def _why(error: Exception) -> str:
    return error.strerror if isinstance(error, OSError) and error.strerror else str(error)
