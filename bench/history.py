"""What reading a plan's Git history costs (issue 26): a plan file with N commits, each
ticking one milestone (or re-dating one, when none is left to tick), read cold (every blob
parsed) and warm (the cache holds the file's last commit: one ``git log -1``)."""

from __future__ import annotations

import re
import subprocess
import tempfile
import time
from pathlib import Path


def make_repository(plan: Path, folder: Path, commits: int) -> Path:
    """A repository whose one file has ``commits`` revisions, written by ``git fast-import``
    (seconds, not minutes)."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True)
    lines = plan.read_text("utf-8").split("\n")
    ticks = [n for n, line in enumerate(lines) if re.match(r"\s+complete:\s*false\b", line)]
    dates = [n for n, line in enumerate(lines) if re.match(r"\s+date:\s*\d{4}-", line)]
    stream = []
    for number in range(commits):
        if number and ticks:
            at = ticks.pop(0)
            lines[at] = lines[at].replace("false", "true", 1)
        elif number:
            at = dates[number % len(dates)]
            lines[at] = re.sub(r"\d{4}-", lambda m: str(int(m[0][:4]) + 1) + "-", lines[at],
                               count=1)
        data = "\n".join(lines).encode()
        when = 1_600_000_000 + number * 86_400
        message = f"update {number}".encode()
        stream += [b"commit refs/heads/main",
                   f"committer Bench <bench@example.org> {when} +0000".encode(),
                   b"data %d" % len(message), message,
                   b"M 100644 inline plan.md", b"data %d" % len(data), data, b""]
    subprocess.run(["git", "fast-import", "--quiet"], cwd=folder, check=True,
                   input=b"\n".join(stream) + b"\n")
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=folder, check=True)
    return folder / "plan.md"


def seconds(plan: Path, commits: int) -> tuple[float, float, int]:
    """``(cold, warm, revisions)`` for a history of ``commits`` commits of ``plan``."""
    from csnet.plan.history import read_history

    with tempfile.TemporaryDirectory() as work:
        path = make_repository(plan, Path(work) / "repo", commits)
        cache = Path(work) / "doctrees"
        start = time.perf_counter()
        revisions = read_history(path, cache)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        read_history(path, cache)
        warm = time.perf_counter() - start
    return cold, warm, len(revisions)
