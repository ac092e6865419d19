"""Import a whole site: read every document, convert it, and write only what is safe to write.

The steps in order; each job has its module: :mod:`csnet.importer.convert` (one document),
:mod:`csnet.importer.copies` (a page the old site had twice), :mod:`csnet.importer.sections`
and :mod:`csnet.importer.menus` (contents lists and menus), :mod:`csnet.importer.manifest`
(what may be written).
"""

from __future__ import annotations

from pathlib import Path

from . import assets, versions
from .body import Note
from .cms import import_cms
from .convert import Page, convert, keep_whole, locate
from .copies import Copies, duplicates, place
from .jekyll import JekyllSite, read_site
from .liquid_context import LiquidContext
from .manifest import load_manifest, report_samples, save_manifest, write_file, write_page
from .menus import menu_redirects, write_menus
from .report import EDITED, SAMPLE, Item, Report
from .sections import home_contents, section_indexes


def import_site(source: Path, docs: Path, force: bool = False) -> Report:
    """Import the Jekyll site at ``source`` into the Sphinx source folder ``docs``."""
    site = read_site(source)
    report = Report(str(source))
    for file, why in site.problems:
        report.items.append(_problem(file, why))
    texts, urls, notes = _read_documents(site, report)
    context = LiquidContext(site.liquid_site(), {d.collection for d in site.documents},
                            {path: url + "/" for path, url in urls.items()})
    for name in site.unknown:
        report.items.append(Item("_config.yml", 1, "collection", "check",
                                 f"_{name} is a collection the importer has no layout for; its "
                                 f"documents are imported as plain pages at "
                                 f"{site.pattern(name)}"))
    copies = duplicates(site, texts, urls, report)
    manifest = load_manifest(docs)
    converted = _convert_documents(site, texts, urls, notes, context, copies, report)
    written = place(converted, report)
    versions.mark(written, report)
    indexes = section_indexes(docs, written, manifest, report)
    menu_redirects(site, docs, written, indexes, report)
    _write_pages(source, docs, written, manifest, force, report)
    for name, text in indexes.items():
        status = write_file(docs, name, text, manifest, force)
        if status == EDITED:
            report.edited.append(name)
    write_menus(site, docs, manifest, force, report)
    report_samples(docs, set(written) | set(indexes), report)
    home_contents(docs, written, report, set(indexes))
    import_cms(source, docs, lambda name, text: write_file(docs, name, text, manifest, force),
               report)
    save_manifest(docs, manifest)
    return report


def _read_documents(site: JekyllSite, report: Report) -> tuple[
        dict[str, str], dict[str, str], dict[str, list[Note]]]:
    """Every document's text, old URL and notes so far, by its path in the old site."""
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
    return texts, urls, notes


def _convert_documents(site: JekyllSite, texts: dict[str, str], urls: dict[str, str],
                       notes: dict[str, list[Note]], context: LiquidContext, copies: Copies,
                       report: Report) -> list[Page]:
    """Each document read and not a dropped copy, converted (or kept whole if that failed)."""
    converted: list[Page] = []
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
    return converted


def _write_pages(source: Path, docs: Path, written: dict[str, Page], manifest: dict,
                 force: bool, report: Report) -> None:
    """Each placed page, its data files and the assets it uses, unless someone edited them."""
    for page in written.values():
        status = write_page(page, docs, manifest, force)
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


def _problem(file: str, why: str) -> Item:
    return Item(file, 1, "site", "check", why)


def _why(error: Exception) -> str:
    return error.strerror if isinstance(error, OSError) and error.strerror else str(error)
