"""``nox -s bench -- --deploy``: the publish workflow's build job, step by step, on this machine.

A git repository holding a generated site of the real site's shape (sitegen.REAL_SHAPE) is
built once, as the last deploy left it, and its build/ and picture copies are packed as
actions/cache packs them (tar + zstd). Then one post is edited and committed, the checkout is
imitated (every file dated now, build/ gone), and the job's own steps run and are timed:
unpack the cache, ``.ci/reuse-build.py restore``, the HTML and PDF builds (the commands
``nox -s html pdf`` runs), ``record``, packing the site for Pages. What happens on GitHub's
side (starting the container, the checkout, apt-get, the upload and the Pages deployment) is
not measured here and is listed as such.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from . import sitegen
from .measure import Run, measure

SCRIPT = sitegen.ROOT / ".ci" / "reuse-build.py"
#: the job's steps that run on GitHub's side only
NOT_HERE = ("start the python:3.11-bookworm container", "checkout (full history)",
            "apt-get install of Pango and fonts", "restore nox's environments (cache hit)",
            "upload the Pages artifact", "deploy-pages")


def run(work: Path, env: dict) -> list[tuple[str, Run]]:
    """``[(step, Run)]`` of the deploy after a one-post change (the first build not shown)."""
    repo = work / "deploy"
    shutil.rmtree(repo, ignore_errors=True)
    site = sitegen.generate(repo / "docs", **sitegen.REAL_SHAPE)
    env = {**env, "CSNET_PICTURE_CACHE": str(work / "deploy-pictures")}
    shutil.rmtree(work / "deploy-pictures", ignore_errors=True)
    (work / "deploy-pictures").mkdir(parents=True)  # packed even when no picture needs copies
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "the last deploy")
    for _step, command in build_commands(repo):  # the last deploy's build
        _check(measure(command, cwd=repo, env=env))
    _check(measure([sys.executable, str(SCRIPT), "record"], cwd=repo))
    cache = work / "deploy-cache.tar.zst"
    pack = _check(measure(["tar", "--zstd", "-cf", str(cache), "build",
                           "-C", str(work), "deploy-pictures"], cwd=repo))

    post = site.posts[len(site.posts) // 2]
    post.write_text(post.read_text("utf-8") + "\nOne more sentence, for the deploy.\n", "utf-8")
    _git(repo, "commit", "-q", "-am", "one post edited")
    now = time.time()
    for path in repo.rglob("*"):  # a fresh checkout: every file dated now
        if ".git" not in path.parts and path.is_file():
            os.utime(path, (now, now))
    shutil.rmtree(repo / "build")
    shutil.rmtree(work / "deploy-pictures")

    steps = [("unpack the cache (build/, picture copies)",
              measure(["sh", "-c", f"tar --zstd -xf {cache} -C {repo} build && "
                                   f"tar --zstd -xf {cache} -C {work} deploy-pictures"]))]
    steps.append(("date unchanged files as before (.ci/reuse-build.py restore)",
                  measure([sys.executable, str(SCRIPT), "restore"], cwd=repo)))
    for step, command in build_commands(repo):
        steps.append((step, measure(command, cwd=repo, env=env)))
    steps.append(("note the commit (record)",
                  measure([sys.executable, str(SCRIPT), "record"], cwd=repo)))
    steps.append(("pack the website for Pages (tar)",
                  measure(["tar", "-cf", str(work / "deploy-pages.tar"), "-C",
                           str(repo / "build" / "html"), "."])))
    steps.append(("save the cache (tar + zstd)", pack))
    for _step, result in steps:
        _check(result)
    return steps


def build_commands(repo: Path) -> list[tuple[str, list[str]]]:
    """The sphinx-build commands of ``nox -s html pdf`` (noxfile.build_site and pdf)."""
    build = repo / "build"
    common = ["-d", str(build / "doctrees"), str(repo / "docs")]
    return [("build the website (sphinx-build -b dirhtml -j auto)",
             [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-j", "auto", "-q", *common,
              str(build / "html")]),
            ("build the PDFs (sphinx-build -b pdf -j auto)",
             [sys.executable, "-m", "sphinx", "-b", "pdf", "-j", "auto", "-q", *common,
              str(build / "pdf")]),
            ("the website again, linking the PDFs",
             [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-j", "auto", "-q", *common,
              str(build / "html")])]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org",
                    *args], cwd=repo, check=True, capture_output=True)


def _check(result: Run) -> Run:
    if not result.ok:
        raise SystemExit(result.log[-3000:])
    return result
