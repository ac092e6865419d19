"""The deploy's reuse of the last build (.ci/reuse-build.py), in a real git repository: only
files changed since the build stay newer than it; a build from an unknown commit is
dropped; content-only pushes are told apart from code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

SCRIPT = ROOT / ".ci" / "reuse-build.py"
LONG_AGO = 946684800


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


def run(repo: Path, command: str, **env: str) -> str:
    output = repo / "github-output"
    result = subprocess.run([sys.executable, str(SCRIPT), command], cwd=repo, check=True,
                            capture_output=True, text=True,
                            env={**os.environ, "GITHUB_OUTPUT": str(output), **env})
    return result.stdout + (output.read_text() if output.exists() else "")


def commit(repo: Path, files: dict[str, str]) -> str:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    git(repo, "add", "-A", "--", *files)
    git(repo, "commit", "-q", "-m", "change")
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    commit(tmp_path, {"docs/a.md": "# A\n", "docs/b.md": "# B\n", "docs/conf.py": "x = 1\n",
                      "ext/x.py": "x = 1\n"})
    return tmp_path


def test_only_files_changed_since_the_build_stay_newer(repo):
    (repo / "build" / "doctrees").mkdir(parents=True)
    (repo / "build" / "html").mkdir()
    assert "made from" in run(repo, "record")
    commit(repo, {"docs/a.md": "# A, edited\n"})
    said = run(repo, "restore")
    assert "incremental: 1 files changed" in said
    assert (repo / "docs/b.md").stat().st_mtime == LONG_AGO
    assert (repo / "ext/x.py").stat().st_mtime == LONG_AGO
    assert (repo / "docs/a.md").stat().st_mtime > LONG_AGO
    assert (repo / "build" / "html").is_dir()


@pytest.mark.parametrize("mark", [None, "0123456789abcdef0123456789abcdef01234567"])
def test_no_usable_build_means_a_clean_one(repo, mark):
    (repo / "build" / "doctrees").mkdir(parents=True)
    (repo / "build" / "html" / "index.html").parent.mkdir()
    (repo / "build" / "html" / "index.html").write_text("old")
    if mark:
        (repo / "build" / ".csnet-built-from").write_text(mark)
    assert "clean build" in run(repo, "restore")
    assert not (repo / "build" / "html").exists() and not (repo / "build" / "doctrees").exists()
    assert (repo / "docs/b.md").stat().st_mtime > LONG_AGO  # nothing dated as before


def test_content_only_pushes_and_rebuilds(repo):
    first = git(repo, "rev-parse", "HEAD")
    commit(repo, {"docs/a.md": "# A, edited\n"})
    assert "content-only=true" in run(repo, "changes", EVENT="push", BEFORE=first)
    assert "content-only=true" in run(repo, "changes", EVENT="schedule")
    assert "content-only=false" in run(repo, "changes", EVENT="pull_request", BEFORE=first)
    assert "content-only=false" in run(repo, "changes", EVENT="push", BEFORE="0" * 40)
    second = git(repo, "rev-parse", "HEAD")
    commit(repo, {"docs/conf.py": "x = 2\n"})
    assert "content-only=false" in run(repo, "changes", EVENT="push", BEFORE=second)
    third = git(repo, "rev-parse", "HEAD")
    commit(repo, {"docs/b.md": "# B, edited\n", "ext/x.py": "x = 2\n"})
    assert "content-only=false" in run(repo, "changes", EVENT="push", BEFORE=third)
