"""What a build writes: which builds make the website, files written only when changed, the
digest of what an output is made from, and the ledgers of what was written.

A leaf module (it imports nothing of ours), so every layer can ask it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: the builders whose output is the website; the PDF builder is HTML-format but writes PDFs,
#: and ``singlehtml`` or ``epub`` make one document, not a site with addresses to keep
WEBSITE_BUILDERS = ("html", "dirhtml")


def is_website(builder) -> bool:
    """Whether ``builder`` makes the website: the one answer for every website-only output
    (redirects, sitemap, feed, calendars and plan files, PDFs beside their pages, /admin/)."""
    return builder.name in WEBSITE_BUILDERS


def digest(data) -> str:
    """A fingerprint of what an output is made from (JSON data): when it is the same as the
    last build's, the output on disk is right and is not made again."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def write_if_changed(path: Path, data: str | bytes) -> bool:
    """Write ``data`` (text as UTF-8) unless the file already holds it, so a rebuild keeps the
    times of unchanged files; whether it wrote."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_file() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True


#: every ledger declared by a module, by name (:class:`Ledger` adds itself)
LEDGERS: dict[str, Ledger] = {}


@dataclass(frozen=True)
class Ledger:
    """A JSON file kept beside the environment (in the doctree folder) saying what the last
    build wrote and from what, so the next one remakes only what changed and deletes only
    files it wrote itself. Files, not the site Domain: they are written after the
    environment is pickled (``html-collect-pages``, ``build-finished``). Declared once at a
    module's top, so the developer guide lists every one. ``per_builder``: one file per
    builder (the website and the PDFs share a doctree folder but not an output folder)."""

    name: str
    about: str
    per_builder: bool = False

    def __post_init__(self) -> None:
        if LEDGERS.setdefault(self.name, self) is not self:
            raise ValueError(f"two modules declare the ledger {self.name!r}")

    def path(self, where) -> Path:
        """The file, for ``where``: the Sphinx application, or the builder writing."""
        builder = getattr(where, "builder", where)
        suffix = f"-{builder.name}" if self.per_builder else ""
        return Path(where.doctreedir, f"csnet-{self.name}{suffix}.json")

    def load(self, where, empty: Any) -> Any:
        """What the last build recorded, or ``empty`` (a first build, or a damaged file)."""
        try:
            return json.loads(self.path(where).read_text("utf-8"))
        except (OSError, ValueError):
            return empty

    def save(self, where, value: Any) -> None:
        write_if_changed(self.path(where), json.dumps(value, sort_keys=True))
