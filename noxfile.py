"""Sessions: html, pdf, tests, lint, serve, import, bench, messages, reference.

Environments are reused, and dependencies are installed only when ``pyproject.toml`` changed
since the last install, so a second ``nox -s html`` costs little more than ``sphinx-build``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["html", "pdf"]

ROOT = Path(__file__).parent
DOCS = ROOT / "docs"
BUILD = ROOT / "build"
#: exact versions for the site's builds, CI and the deploy (``nox -s lock`` refreshes it)
LOCK = "requirements/lock.txt"



def install(session: nox.Session, *extras: str) -> None:
    """Install the project (editable) with ``extras`` at the versions of the lock file.

    Skipped when neither ``pyproject.toml`` nor the lock changed since the last install."""
    spec = b"".join(ROOT.joinpath(name).read_bytes() for name in ("pyproject.toml", LOCK))
    stamp = Path(session.virtualenv.location, ".csnet-installed")
    digest = hashlib.sha256(spec + ",".join(extras).encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    target = f".[{','.join(extras)}]" if extras else "."
    session.install("-c", LOCK, "-e", target)
    stamp.write_text(digest)


@nox.session
def html(session: nox.Session) -> None:
    """Build the website into build/html (pass extra sphinx-build options after --)."""
    install(session)
    build_site(session, *session.posargs)


def build_site(session: nox.Session, *options: str) -> None:
    install_cms_files(ROOT, lambda *command: session.run(*command, external=True),
                      session.warn)
    session.run("sphinx-build", "-b", "dirhtml", "-j", "auto", "-d", str(BUILD / "doctrees"),
                str(DOCS), str(BUILD / "html"), *options)


#: where ``npm ci`` is recorded as done for the current package-lock.json
NPM_STAMP = Path("node_modules", ".csnet-npm-ci")


def install_cms_files(root: Path, run, warn) -> bool:
    """``npm ci`` in ``root`` when its ``package-lock.json`` changed since the last one, so
    the README's commands give the website its content manager (/admin/ is made from
    node_modules) on a fresh machine. ``run(*command)`` runs a command; ``warn(text)`` says
    what cannot be done. True when the files are there."""
    import shutil

    lock = root / "package-lock.json"
    if not lock.is_file():
        return False
    stamp = root / NPM_STAMP
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.is_file() and stamp.read_text() == digest:
        return True
    if shutil.which("npm") is None:
        warn("the content manager (/admin/) cannot be installed: npm is missing. Install "
             "Node.js (sudo apt-get install nodejs npm), then run this again")
        return False
    run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(root))
    stamp.parent.mkdir(exist_ok=True)  # a lock without packages makes no node_modules
    stamp.write_text(digest)
    return True


@nox.session
def pdf(session: nox.Session) -> None:
    """Write the PDF publications into build/pdf (and refresh the website's links to them).

    Shares build/doctrees with ``html``, so nothing is read twice. When build/html exists, an
    incremental website build follows: it copies the PDFs beside their pages and rewrites only
    the pages whose "Download this publication as a PDF (N pages, size)" link changed.
    """
    install(session, "pdf")
    # -j auto: the publications print on every core at once (csnet.pdf.builder)
    session.run("sphinx-build", "-b", "pdf", "-j", "auto", "-d", str(BUILD / "doctrees"),
                str(DOCS), str(BUILD / "pdf"), *session.posargs)
    if (BUILD / "html").is_dir():
        build_site(session, "-q")


@nox.session
def reference(session: nox.Session) -> None:
    """The maintainers' reference into build/reference: every directive, setting and warning
    type, generated from the code (csnet.reference); never part of the network's site."""
    install(session)
    session.run("sphinx-build", "-b", "html", "-W", "-d", str(BUILD / "reference-doctrees"),
                str(ROOT / "reference"), str(BUILD / "reference"), *session.posargs)


#: the whole suite on one worker per core; a module's tests that share a module-wide build stay
#: on one worker (tests/conftest.py groups them), the rest go wherever a worker is free
PARALLEL = ("-n", "auto", "--dist", "loadgroup")


@nox.session
def tests(session: nox.Session) -> None:
    """Check style with ruff, then run the test suite on parallel workers; with pytest options
    after -- (``-- tests/test_x.py -x``), only those, on one worker unless they say ``-n``.
    ``-- -m unit`` is the fast loop: every test that builds nothing (under a minute)."""
    install(session, "test")
    lint_code(session)
    if session.posargs:
        session.run("pytest", *session.posargs)
        return
    session.run("pytest", *PARALLEL, "-m", "not lighthouse")
    # page speed is measured alone: a build on the other worker cost the plan 94 of 95 points
    session.run("pytest", "-m", "lighthouse")


@nox.session
def lint(session: nox.Session) -> None:
    """Check style with ruff."""
    install(session, "dev")
    lint_code(session)


def lint_code(session: nox.Session) -> None:
    session.run("ruff", "check", "ext", "tests", "bench", "noxfile.py", "docs/conf.py")


@nox.session
def serve(session: nox.Session) -> None:
    """Live preview at http://127.0.0.1:8000: rebuilds what changed on every save, reloads the
    browser, shows each page's warnings at its top (``-- --help`` lists the options); the
    content manager at http://127.0.0.1:8000/admin/ edits docs/ through decap-server.

    It writes into build/preview, never build/html or build/doctrees, so ``nox -s html`` and
    ``nox -s pdf`` can run beside it."""
    install(session, "dev")
    with cms_local_backend(session):
        session.run("python", "-m", "csnet.preview", str(DOCS), "--out", str(BUILD / "preview"),
                    *session.posargs)


@contextlib.contextmanager
def cms_local_backend(session: nox.Session):
    """Run Decap's local backend (``decap-server`` on 127.0.0.1:8081, writing into this
    checkout) while the preview runs; without ``npm ci`` the preview runs without it."""
    import subprocess

    server = ROOT / "node_modules" / ".bin" / "decap-server"
    if not server.exists():
        session.warn("the content manager cannot save: run `npm ci` first (decap-server)")
        yield
        return
    env = {**os.environ, "PORT": "8081", "BIND_HOST": "127.0.0.1", "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(ROOT)}
    process = subprocess.Popen([str(server)], cwd=ROOT, env=env)
    session.log("content manager: http://127.0.0.1:8000/admin/ (saves into docs/)")
    try:
        yield
    finally:
        process.terminate()
        process.wait(10)


@nox.session(name="import")
def import_(session: nox.Session) -> None:
    """Import an old Jekyll site into docs/: nox -s import -- PATH/TO/SITE [--force]."""
    if not session.posargs:
        session.error("give the Jekyll site's folder: nox -s import -- PATH/TO/SITE")
    install(session, "import")
    session.run("csnet-import", "--docs", str(DOCS), *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmark against plain Sphinx, not a test: ``nox -s bench -- --sizes 100,1000 --quick``.

    Writes bench/results/latest.md; ``-- --help`` lists the options."""
    import sys

    install(session, "dev")  # the preview (watchfiles), the PDFs, the importer (the real site)
    # the Python running nox, so the benchmark can time `nox -s html` itself
    session.run("python", "-m", "bench", "--nox", sys.executable, *session.posargs)


#: the message catalogs (csnet.locale): the extensions' words, and the theme templates' words
LOCALE = "ext/csnet/locale"
CATALOGS = {"csnet": ("ext/csnet",), "sphinx": ("-F", f"{LOCALE}/templates.cfg", "ext/csnet/theme")}


@nox.session
def messages(session: nox.Session) -> None:
    """Refresh the translations after changing words: extract every _() into LOCALE/*.pot,
    bring each language's .po up to date (new words empty, changed ones fuzzy) and compile
    the .mo files the build reads. A new language: ``-- init cy`` (its code) first."""
    install(session)
    init = session.posargs[1:] if session.posargs[:1] == ["init"] else []
    for domain, sources in CATALOGS.items():
        template = f"{LOCALE}/{domain}.pot"
        session.run("pybabel", "extract", "--add-location=file", "--sort-output",
                    "--project=csnet-publish", "-c", "Translators:", "-o", template, *sources)
        for language in init:
            session.run("pybabel", "init", "-D", domain, "-i", template, "-d", LOCALE,
                        "-l", language)
        session.run("pybabel", "update", "-D", domain, "-i", template, "-d", LOCALE,
                    "--ignore-obsolete", "--no-fuzzy-matching")
        session.run("pybabel", "compile", "-D", domain, "-d", LOCALE, "--statistics")


@nox.session(venv_backend="none")
def lock(session: nox.Session) -> None:
    """Refresh requirements/lock.txt after editing pyproject.toml (uv; -- --upgrade: newest)."""
    session.run("uv", "pip", "compile", "pyproject.toml", "--all-extras", "--python-version",
                "3.11", "--python-platform", "x86_64-manylinux_2_36", "--no-header",
                "--annotation-style", "line", "-o", LOCK, *session.posargs, external=True)
