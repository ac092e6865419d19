"""The deploy's incremental build: reuse the last deploy's build/ (restored from the workflow's
cache) when it is safe, and say whether a push changed content only.

``python3 .ci/reuse-build.py restore``
    A checkout gives every file the time of the checkout, so Sphinx would take every page,
    template and picture for changed and rebuild everything. Files that did not change since
    the commit build/ was made from get an old time instead, and only the changed ones stay
    newer than the build; Sphinx then re-reads and rewrites exactly what changed (incremental
    output equals clean output: tests/test_sphinx_model.py). Without a usable build (none, or
    made from a commit not in this history), build/ is emptied: a clean build.
``python3 .ci/reuse-build.py record``
    After a successful build: note the commit it was made from, for the next run.
``python3 .ci/reuse-build.py changes``
    ``content-only=true`` in ``$GITHUB_OUTPUT`` for a scheduled or manual rebuild and for a
    push that changed only pages and files in docs/, not conf.py (these publish without
    waiting for the tests).

The cache key of build/ covers the code and the configuration (publish.yml), so a change to
either starts from nothing; Sphinx itself re-reads everything when a setting changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

BUILD = Path("build")
MARK = BUILD / ".csnet-built-from"
OUTPUTS = ("html", "pdf", "doctrees")
LONG_AGO = 946684800  # 2000-01-01: older than any build


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=False)


def restore() -> str:
    built_from = MARK.read_text().strip() if MARK.is_file() else ""
    if not built_from or not (BUILD / "doctrees").is_dir():
        return clean("no earlier build in the cache")
    if git("cat-file", "-e", f"{built_from}^{{commit}}").returncode:
        return clean(f"the cached build's commit {built_from[:12]} is not in this history")
    diff = git("diff", "--name-only", "--no-renames", built_from, "HEAD")
    if diff.returncode:
        return clean(diff.stderr.strip())
    changed = set(diff.stdout.split("\n"))
    files = [f for f in git("ls-files", "-z").stdout.split("\0") if f and f not in changed]
    for file in files:
        if os.path.isfile(file):
            os.utime(file, (LONG_AGO, LONG_AGO), follow_symlinks=False)
    return (f"incremental: {len(changed - {''})} files changed since {built_from[:12]}, "
            f"{len(files)} dated as before")


def clean(reason: str) -> str:
    for name in OUTPUTS:
        shutil.rmtree(BUILD / name, ignore_errors=True)
    return f"clean build: {reason}"


def record() -> str:
    head = git("rev-parse", "HEAD").stdout.strip()
    BUILD.mkdir(exist_ok=True)
    MARK.write_text(head + "\n")
    return f"build/ made from {head[:12]}"


def content_only() -> bool:
    event = os.environ.get("EVENT", "")
    if event in ("schedule", "workflow_dispatch"):
        return True
    before = os.environ.get("BEFORE", "")
    if event != "push" or not before.strip("0"):
        return False
    diff = git("diff", "--name-only", "--no-renames", before, "HEAD")
    names = [name for name in diff.stdout.split("\n") if name]
    return diff.returncode == 0 and bool(names) and all(
        name.startswith("docs/") and not name.endswith(".py") for name in names)  # conf.py


def main(command: str) -> int:
    if command == "changes":
        answer = "true" if content_only() else "false"
        with open(os.environ.get("GITHUB_OUTPUT", os.devnull), "a", encoding="utf-8") as out:
            out.write(f"content-only={answer}\n")
        print(f"content only: {answer}")
        return 0
    print({"restore": restore, "record": record}[command]())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
