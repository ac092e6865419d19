"""The import report: what was imported, converted, kept for a person to check, or not read.

Nothing is dropped silently: every construct that was removed or kept verbatim is listed with
its file and line, so an editor can check each by hand.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from .body import Note

#: statuses of a page: what happened to its file in docs/
WRITTEN, UNCHANGED, EDITED = "written", "unchanged", "not written (a page of docs/ is there)"
SAMPLE = "written over a bundled sample page"


@dataclass
class Item:
    file: str  # the source file, relative to the Jekyll site
    line: int
    construct: str
    action: str
    detail: str


@dataclass
class Report:
    source: str
    collections: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    constructs: Counter = field(default_factory=Counter)  # (construct, action) -> count
    items: list[Item] = field(default_factory=list)  # kept, removed, changed: for a person
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)  # docs/ files left alone
    pages: dict[str, str] = field(default_factory=dict)  # source file -> docs/ file
    assets: set[str] = field(default_factory=set)  # files copied from the old assets/

    @property
    def exit_code(self) -> int:
        """Non-zero only when a file could not be read at all."""
        return 1 if self.unreadable else 0

    def add(self, file: str, notes: list[Note]) -> None:
        """Count every note; list the ones a person should check, repeats folded into one."""
        listed: dict[tuple[str, str, str], list[int]] = {}
        for note in notes:
            self.constructs[(note.construct, note.action)] += 1
            if note.action != "converted":
                listed.setdefault((note.construct, note.action, note.detail), []).append(
                    note.line)
        for (construct, action, detail), lines in listed.items():
            if len(lines) > 1:
                where = ", ".join(map(str, sorted(set(lines))))
                detail += f" ({len(lines)} times, line{'s' if ',' in where else ''} {where})"
            self.items.append(Item(file, lines[0], construct, action, detail))

    def count(self, construct: str, action: str | None = None) -> int:
        return sum(n for (name, did), n in self.constructs.items()
                   if name == construct and action in (None, did))

    def text(self) -> str:
        total = sum(self.collections.values())
        lines = [f"Imported {total} documents from {self.source}"]
        lines += [f"  _{name}: {count}" for name, count in sorted(self.collections.items())]
        lines += [f"  {status}: {count}" for status, count in sorted(self.statuses.items())]
        if self.assets:
            lines.append(f"  files copied from assets/: {len(self.assets)}")
        lines.append("\nConstructs (count, what happened):")
        for (construct, action), count in sorted(self.constructs.items()):
            lines.append(f"  {count:5d}  {action:9s}  {construct}")
        sections = (("kept", "Kept verbatim in a marked block (check and rewrite by hand)"),
                    ("check", "To fix by hand (the build warns about these until then)"),
                    ("removed", "Removed (never shown on the old site)"),
                    ("changed", "Changed in front matter or URL"))
        for action, heading in sections:
            chosen = [item for item in self.items if item.action == action]
            if chosen:
                lines.append(f"\n{heading}:")
                lines += [f"  {i.file}:{i.line}: {i.construct}: {i.detail}" for i in chosen]
        if self.edited:
            lines.append("\nNot overwritten: a page the importer did not write is there, or "
                         "it was edited in docs/ since the last import (run again with --force "
                         "to replace them):")
            lines += [f"  {path}" for path in self.edited]
        if self.unreadable:
            lines.append("\nCould not be read:")
            lines += [f"  {path}: {why}" for path, why in self.unreadable]
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        return json.dumps({
            "source": self.source,
            "collections": dict(sorted(self.collections.items())),
            "statuses": dict(sorted(self.statuses.items())),
            "constructs": [{"construct": c, "action": a, "count": n}
                           for (c, a), n in sorted(self.constructs.items())],
            "items": [vars(item) for item in self.items],
            "edited": self.edited,
            "unreadable": [{"file": f, "why": w} for f, w in self.unreadable],
            "pages": self.pages,
            "assets": sorted(self.assets),
        }, indent=2, ensure_ascii=False) + "\n"
