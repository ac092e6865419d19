"""Commits made in tests at the dates the test names (a plan's history, the deploy's reuse)."""

from __future__ import annotations

import os
import subprocess


def git(folder, *args, date: str = "2022-01-10T12:00:00Z"):
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org"}
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)
