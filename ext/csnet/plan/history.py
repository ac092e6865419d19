"""The plan over time, from the Git history of its file: one :class:`Revision` per commit that
changed its milestones.

Every tick of a milestone is a commit, so the repository already holds the plan's progress.
One ``git log`` on the main line (``--first-parent``: what the site showed, not each branch's
drafts) names the file's blob at each commit; the blobs not seen before come from one
``git cat-file --batch`` and are read with the project's own tolerant reader. What each blob
holds is cached by its id in the doctree folder, and the whole history by the file's last
commit, so a build whose plan did not change runs one ``git log -1`` and reads no blob. The
history depends only on commits, never on the build date: the same commit gives the same
chart. A shallow clone, a tarball or a file never committed has no history (``()``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..dates import parse_date
from ..frontmatter import parse, split
from ..frontmatter.compose import LOADER
from .as_of import _git, _repository
from .model import Plan
from .reader import as_text, is_done, read_plan
from .scan import Entry, scan

CACHE_VERSION = 1


class _QuickLoader(LOADER):
    """libyaml, dates kept as written (the model reads them, impossible ones too)."""


_QuickLoader.add_constructor("tag:yaml.org,2002:timestamp",
                             lambda loader, node: loader.construct_scalar(node))




@dataclass(frozen=True)
class Revision:
    commit: str  # "" for changes not yet committed
    date: dt.date
    entries: tuple[Entry, ...]

    @property
    def done(self) -> int:
        return sum(e.complete for e in self.entries)

    @property
    def total(self) -> int:
        return len(self.entries)


def entries(plan: Plan) -> tuple[Entry, ...]:
    """What the history compares: each readable milestone's objective, text, date and tick."""
    return tuple(sorted({Entry(str(o.name), str(m.name),
                               (m.date.iso() or m.date.raw) if m.date else "", m.complete)
                         for o, m in plan.milestones if not m.unreadable and not o.unreadable}))


def _quick_entries(text: str) -> tuple[Entry, ...] | None:
    """The entries of a revision that libyaml reads as it stands (most of them), without the
    tolerant reader's line-keeping and validation (a hundred times faster); ``None`` when it
    cannot, and the tolerant reader takes over."""
    body = _front(text)
    if body is None or "&" in body and "*" in body:  # aliases: the reader's limits apply
        return None
    scanned = scan(body)
    if scanned is not None:
        return tuple(sorted(scanned))
    try:
        data = yaml.load(body or "", Loader=_QuickLoader)  # noqa: S506 - a safe loader
        found = set()
        for objective in data.get("objectives") or []:
            name = as_text(objective["objective"])
            for item in objective.get("milestones") or []:
                date, _problem = parse_date(_date_text(item.get("date")))
                if not isinstance(item.get("milestone"), str):
                    return None
                found.add(Entry(name, as_text(item["milestone"]),
                                (date.iso() or date.raw) if date else "",
                                is_done(item.get("complete"))))
    except Exception:  # noqa: BLE001 - any surprise: the tolerant reader decides
        return None
    return tuple(sorted(found))


def _front(text: str) -> str | None:
    """The front matter of a committed revision (``split`` reads it line by line)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if not text.startswith("---\n"):
        return split(text)[0]
    end = text.find("\n---\n", 3)
    return text[4:end] if end > 0 else split(text)[0]


def _date_text(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def last_commit(path: Path) -> str:
    """The last commit on the main line that changed ``path``; "" without history."""
    if _repository(path.parent) is None:
        return ""
    return _git(path.parent, "log", "-1", "--first-parent", "--format=%H", "--",
                path.name) or ""


def read_history(path: Path, cache_dir: Path | None) -> tuple[Revision, ...]:
    """The file's revisions on the main line, oldest first, each differing from the one
    before it in its milestones."""
    folder = path.parent
    head = last_commit(path)
    if not head:
        return ()
    cache = _Cache(cache_dir, path)
    if cache.head == head:
        return cache.revisions
    log = _git(folder, "log", "--first-parent", "--diff-merges=first-parent", "--follow",
               "--no-abbrev", "--raw", "--format=%x00%H %cs", "--", path.name)
    commits: list[tuple[str, dt.date, str]] = []
    for record in (log or "").split("\0")[1:]:
        lines = record.strip().split("\n")
        commit, _, day = lines[0].partition(" ")
        raw = [line for line in lines[1:] if line.startswith(":")]
        if not raw:
            continue
        blob = raw[-1].split()[3]
        if set(blob) != {"0"}:  # not a deletion
            commits.append((commit, dt.date.fromisoformat(day), blob))
    missing = sorted({blob for *_, blob in commits} - cache.blobs.keys())
    for blob, text in _blobs(folder, missing):
        quick = _quick_entries(text)
        cache.blobs[blob] = quick if quick is not None else entries(
            read_plan(parse(text), "", "")[0])
    revisions: list[Revision] = []
    for commit, day, blob in reversed(commits):
        held = cache.blobs.get(blob)
        if held is None or (revisions and revisions[-1].entries == held):
            continue
        revisions.append(Revision(commit, day, held))
    cache.save(head, tuple(revisions))
    return tuple(revisions)


def _blobs(folder: Path, blobs: list[str]):
    """``(id, text)`` of each blob, from one ``git cat-file --batch``."""
    if not blobs:
        return
    try:
        done = subprocess.run(["git", "cat-file", "--batch"], cwd=folder, check=False,
                              input="\n".join(blobs).encode() + b"\n", capture_output=True,
                              timeout=60)
    except (OSError, subprocess.SubprocessError):
        return
    out, at = done.stdout, 0
    while at < len(out):
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) < 3:  # "<id> missing"
            continue
        size = int(header[2])
        yield header[0].decode(), out[at:at + size].decode("utf-8", "replace")
        at += size + 1


class _Cache:
    """What each blob held (by blob id) and the history up to the file's last commit, kept
    in one JSON file per plan in the doctree folder; entries are stored once and referred
    to by number, so 500 revisions of a 130-milestone plan stay small."""

    def __init__(self, folder: Path | None, path: Path) -> None:
        key = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]
        self.file = folder / f"csnet-plan-history-{key}.json" if folder else None
        self.head, self.revisions = "", ()
        self.blobs: dict[str, tuple[Entry, ...]] = {}
        try:
            data = json.loads(self.file.read_text("utf-8")) if self.file else {}
        except (OSError, ValueError):
            data = {}
        if data.get("version") != CACHE_VERSION:
            return
        table = [Entry(*item) for item in data["entries"]]
        self.blobs = {blob: tuple(table[i] for i in held) for blob, held in
                      data["blobs"].items()}
        self.head = data["head"]
        self.revisions = tuple(Revision(c, dt.date.fromisoformat(d), self.blobs[b])
                               for c, d, b in data["revisions"])

    def save(self, head: str, revisions: tuple[Revision, ...]) -> None:
        if self.file is None:
            return
        numbers: dict[Entry, int] = {}
        blobs = {blob: [numbers.setdefault(e, len(numbers)) for e in held]
                 for blob, held in self.blobs.items()}
        by_entries = {held: blob for blob, held in self.blobs.items()}
        data = {"version": CACHE_VERSION, "head": head,
                "entries": [[e.objective, e.name, e.date, e.complete] for e in numbers],
                "blobs": blobs,
                "revisions": [[r.commit, r.date.isoformat(), by_entries[r.entries]]
                              for r in revisions]}
        self.file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data), "utf-8")
        os.replace(temporary, self.file)  # parallel readers see the old file or the new
