"""Write only what is safe to write: the manifest of what the importer wrote.

A manifest in ``docs/`` records the hash of every file the importer wrote. A page whose file no
longer has that hash was edited by someone since, and is left alone unless ``force`` is given;
a page whose new text equals the file is not rewritten, so running twice changes nothing. A
bundled sample page (``sample: true``) gives way to the old site's page at its address.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .convert import Page
from .report import EDITED, SAMPLE, UNCHANGED, WRITTEN, Item, Report

MANIFEST = ".import-manifest.json"


def load_manifest(docs: Path) -> dict[str, str]:
    """``{file name: hash}`` of what the last import wrote into ``docs``."""
    path = docs / MANIFEST
    return json.loads(path.read_text()) if path.exists() else {}


def save_manifest(docs: Path, manifest: dict[str, str]) -> None:
    """Write the manifest back, only when it changed (so a second run changes nothing)."""
    path = docs / MANIFEST
    text = json.dumps(dict(sorted(manifest.items())), indent=1) + "\n"
    if manifest and (not path.exists() or path.read_text() != text):
        path.write_text(text)


def write_page(page: Page, docs: Path, manifest: dict, force: bool) -> str:
    """Write a converted page; at a section's index file when that is its address."""
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


def report_samples(docs: Path, imported: set[str], report: Report) -> None:
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
