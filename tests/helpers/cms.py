"""The content manager's test helpers: Decap's files, decap-server, Chromium on /admin/,
axe on its screens, and the Git repositories its saves go into (tests/test_cms*.py)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import yaml

from tests.helpers import AXE, CHROMIUM, DOCS, INSTALL_CHROMIUM, NPM_CI, ROOT, need
from tests.helpers.axe import AXE_TAGS
from tests.helpers.browser.site import serve
from tests.helpers.processes import free_port
from tests.helpers.sphinx import build_app

DIST = ROOT / "node_modules" / "decap-cms" / "dist"


DECAP_SERVER = ROOT / "node_modules" / ".bin" / "decap-server"


#: ``CMS_SCREENSHOTS=readme pytest tests/test_cms.py`` refreshes the README's pictures
SCREENSHOTS = os.environ.get("CMS_SCREENSHOTS")


def config_of(out: Path) -> dict:
    return yaml.safe_load((out / "admin" / "config.yml").read_text("utf-8"))


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"decap-server exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"decap-server did not listen on port {port}")


def build_copy(srcdir: Path, out: Path, port: int = 8081):
    return build_app(srcdir, builddir=out, cms_local_backend=f"http://127.0.0.1:{port}/api/v1",
                     cms_assets=str(DIST))


def without_lines(warnings: list[str]) -> set[str]:
    """Warnings without their line numbers (a saved file's lines move)."""
    return {re.sub(r"line \d+", "line", re.sub(r"^(\S+?):\d+:", r"\1:", w))
            for w in warnings}


def wait_for_file(path: Path, check=lambda text: True, seconds: float = 20) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.is_file():
            text = path.read_text("utf-8")
            if check(text):
                return text
        time.sleep(0.2)
    raise AssertionError(f"the CMS did not write {path}")


def open_cms(page, address: str) -> None:
    """A fresh load: moving between entries by the address alone keeps the last form's
    values in Decap's editor (they would be saved into the next entry)."""
    page.goto("about:blank")
    page.goto(address)


def expand(page, summary: str) -> None:
    """Open the collapsed list item whose summary is ``summary``, by keyboard, with the
    button named for it (cms-a11y.js names Decap's icon-only buttons)."""
    button = page.get_by_role("button", name=f"Open or close: {summary}", exact=True).first
    button.wait_for(timeout=30_000)
    button.focus()
    page.keyboard.press("Enter")


def picture(page, name: str, centre=None) -> None:
    """A README picture (1280 x 800), with ``centre`` (a locator) in the middle of it."""
    if SCREENSHOTS:
        if centre is not None:
            centre.evaluate("e => e.scrollIntoView({block: 'center'})")
        Path(SCREENSHOTS).mkdir(exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS, f"cms-{name}.png")),
                        clip={"x": 0, "y": 0, "width": 1280, "height": 800})


def publish(page) -> None:
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Publish now", exact=True).click()


def serious(findings: list[dict]) -> list[dict]:
    return [f for f in findings if f["impact"] in ("serious", "critical")]


def axe_light_and_dark(page) -> list[dict]:
    """axe in both colour schemes (Decap has one look; our page follows the scheme)."""
    found = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        found += axe(page)
    page.emulate_media(color_scheme="light")
    return found


def axe(page) -> list[dict]:
    """axe on the page and its frames (the preview pane is one)."""
    for frame in page.frames:
        frame.evaluate(AXE.read_text("utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                           AXE_TAGS)
    return [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"]),
             "html": [n["html"][:100] for n in v["nodes"][:3]]} for v in result["violations"]]


@contextlib.contextmanager
def decap_server(repo: Path, mode: str, port: int):
    """Decap's local backend on ``repo`` (``mode``: ``fs`` writes files, ``git`` keeps drafts
    on branches), listening on ``port``."""
    env = dict(os.environ, PORT=str(port), BIND_HOST="127.0.0.1", MODE=mode,
               GIT_REPO_DIRECTORY=str(repo), LOG_LEVEL="warn")
    server = subprocess.Popen([str(DECAP_SERVER)], env=env, cwd=repo,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, server)
        yield
    finally:
        server.terminate()
        server.wait(10)


@contextlib.contextmanager
def chromium_page():
    """A page in Debian's Chromium at 1280 x 900, and the script errors it meets."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            yield page, errors
        finally:
            browser.close()


@contextlib.contextmanager
def cms_session(tmp_path: Path, mode: str):
    """``docs/`` copied into a Git repository and built, decap-server on it, and Chromium on
    the built /admin/; yields ``(repo, the first build, the page, the site's address, page
    errors)``."""
    need(CHROMIUM, INSTALL_CHROMIUM)
    need(DIST / "decap-cms.js", NPM_CI)
    need(DECAP_SERVER, NPM_CI)
    need(AXE, NPM_CI)
    repo = tmp_path / "repo"
    shutil.copytree(DOCS, repo / "docs")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "docs")
    git(repo, "commit", "-q", "-m", "The bundled site")
    port = free_port()
    before = build_copy(repo / "docs", tmp_path / "before", port)
    assert before.statuscode == 0
    http, url = serve(Path(before.outdir))
    try:
        with decap_server(repo, mode, port), chromium_page() as (page, errors):
            yield repo, before, page, url, errors
    finally:
        http.shutdown()
        http.server_close()


def login(page, url: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{url}/admin/")
    page.get_by_role("button", name="Login").click(timeout=30_000)
    expect(page.get_by_text("News articles").first).to_be_visible(timeout=30_000)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout


def diff_lines(diff: str) -> list[str]:
    """The removed and added lines of a ``git diff``, without its headers."""
    return [line for line in diff.splitlines()
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def poll(check, seconds: float = 30):
    """``check()`` once it is truthy (the server commits after the browser says "saved")."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            result = check()
        except subprocess.CalledProcessError:
            result = None
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.3)


def drafts(repo: Path) -> list[str]:
    """The CMS's branches: one per entry in the editorial workflow."""
    return git(repo, "for-each-ref", "--format=%(refname:short)", "refs/heads/cms/").split()


def build_branch(repo: Path, branch: str, out: Path):
    """Build what ``branch`` holds (the server checks branches out in the working tree, so
    its files are read from Git, not from the folder). Only once Playwright has stopped: a
    build inside its session left it waiting for ever on exit."""
    tree = out / "src"
    tree.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", branch, "docs"], cwd=repo, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return build_copy(tree / "docs", out / "build")
