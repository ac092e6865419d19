"""Redirect pages: a few lines of HTML at every claimed URL that is not a page itself.

Written last (``build-finished``), so every file the build makes is already there and none is
replaced; skipped when what they are made from is unchanged and their files are as written.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
from pathlib import Path
from stat import S_ISREG

from sphinx.application import Sphinx

from ..addresses import is_web_address, live_url
from ..locale import N_, _
from ..logs import Warn, warn
from ..outputs import Ledger, digest, is_website, write_if_changed
from ..site import PageInfo, site
from .keys import file_for
from .stale import prune_stale
from .table import REDIRECT_TO, REDIRECTED, URLS, lookup, output_file

REDIRECTS = Ledger("redirects", "the redirect pages the last build wrote (csnet.urls)")
REDIRECTS_MADE_FROM = Ledger(
    "redirects-made-from", "what the redirects were made from, and each file as it was left")


def noindex_page(lang: str, head: str, body: str) -> str:
    """A page of ours outside the theme (a redirect, the content manager's) that search engines
    leave out; ``head`` and ``body`` are HTML the caller escaped."""
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}">\n<head>\n'
            '<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="robots" content="noindex">\n{head}</head>\n<body>\n{body}'
            '</body>\n</html>\n')


REDIRECT_HEAD = """<title>{title}</title>
<link rel="canonical" href="{canonical}">
<meta http-equiv="refresh" content="0; url={target}">
<script>location.replace({target_js} + location.hash)</script>
"""
REDIRECT_BODY = """<main>
<h1>{moved}</h1>
<p>{now_at}</p>
</main>
"""


MOVED = N_("This page has moved")


def redirect_html(app: Sphinx, target: str, canonical: str, title: str) -> str:
    """A redirect page that works without JavaScript and tells people where to go."""
    head = REDIRECT_HEAD.format(
        title=html.escape(title),
        canonical=html.escape(canonical),
        target=html.escape(target),
        # a JavaScript string inside <script>: no HTML escaping there, no "</" either
        target_js=json.dumps(target).replace("<", "\\u003c").replace(">", "\\u003e")
        .replace("&", "\\u0026"),
    )
    body = REDIRECT_BODY.format(
        moved=html.escape(_(MOVED)),
        now_at=html.escape(_("It is now at {page}.")).replace(
            "{page}", f'<a href="{html.escape(target)}">{html.escape(title)}</a>'))
    return noindex_page(app.config.language or "en", head, body)


def _relative(from_file: str, target_uri: str) -> str:
    """``target_uri`` (from the site root) as seen from the folder of ``from_file``."""
    path, sep, anchor = target_uri.partition("#")
    rel = posixpath.relpath(path or ".", posixpath.dirname(from_file) or ".")
    if not path or path.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel + sep + anchor


#: a job: the target URI from the site root, the title, and where it was asked (docname, line)
Job = tuple[str, str, tuple]


def write_redirects(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, after everything else is written: one redirect page per old URL
    that is not itself a page. It never replaces a file it did not write itself."""
    if exception or not is_website(app.builder):
        return
    jobs, own = redirect_jobs(app)
    # all of what the pages say: when none of it changed, the redirects on disk are right
    made_from = f"{app.outdir}|" + digest(
        [sorted(jobs.items()), app.config.language, app.config.html_baseurl,
         noindex_page("", REDIRECT_HEAD, REDIRECT_BODY)])
    # what the last build wrote from, and each redirect's file as it left it: a redirect
    # whose file is as written is still ours, without reading 750 files on every rebuild
    before = REDIRECTS_MADE_FROM.load(app, {})
    unchanged = before.get("made_from") == made_from
    stamps = _write_jobs(app, jobs, own, before.get("stamps", {}) if unchanged else {})
    REDIRECTS_MADE_FROM.save(app, {"made_from": made_from, "stamps": stamps})
    prune_stale(app, REDIRECTS, stamps, keep=lambda path: not _is_redirect(path))


def redirect_jobs(app: Sphinx) -> tuple[dict[str, Job], set[str]]:
    """``{file: job}`` of every redirect page to write, and the files of the pages that
    become redirects themselves (``redirect_to``): those replace the page, by design."""
    env, builder = app.env, app.builder
    jobs: dict[str, Job] = {}
    own: set[str] = set()
    pages = site(env).pages
    lines = {(docname, key): line for docname, info in pages.items()
             for key, _, line in info.urls}
    for key, docname in REDIRECTED.of(env).items():
        jobs[file_for(key)] = (builder.get_target_uri(docname), _title(pages, docname),
                               (docname, lines.get((docname, key))))
    for docname, target in REDIRECT_TO.of(env).items():
        info = pages[docname]
        page = output_file(app, docname)
        own.add(page)
        claimed = [(file_for(key), line) for key, _, line in info.urls
                   if URLS.of(env).get(key) == docname]
        for file, line in ((page, info.front.line("redirect_to")), *claimed):
            jobs[file] = (_redirect_target(app, target), target, (docname, line))
    return jobs, own


def _write_jobs(app: Sphinx, jobs: dict[str, Job], own: set[str],
                stamps_before: dict[str, list[int]]) -> dict[str, list[int] | None]:
    """Write each redirect page whose file is not as the last build left it; ``{file:
    stamp}`` of every redirect that is now on disk (a file it may not replace is warned
    about and left)."""
    stamps: dict[str, list[int] | None] = {}
    ours = set(REDIRECTS.load(app, []))
    for file, (target_uri, title, where) in sorted(jobs.items()):
        path = Path(app.outdir, file)
        if file in ours and (stamp := _stamp(path)) and stamp == stamps_before.get(file):
            stamps[file] = stamp
            continue
        problem = None if file in own else _overwrite_problem(app, path, file in ours)
        if problem:
            warn(Warn.URL, f"no redirect is written at /{file}: {problem}", where)
            continue
        absolute = is_web_address(target_uri)
        href = target_uri if absolute else _relative(file, target_uri)
        canonical = target_uri if absolute else live_url(app.config, target_uri)
        try:
            write_if_changed(path, redirect_html(app, href, canonical, title))
        except OSError as error:  # a name this file system cannot hold
            warn(Warn.URL, f"no redirect is written at /{file}: {error.strerror}", where)
            continue
        stamps[file] = _stamp(path)
    return stamps


def _stamp(path: Path) -> list[int] | None:
    """A file as it is now (inode, size, modification time); ``None`` if it is not a file."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return [found.st_ino, found.st_size, found.st_mtime_ns] if S_ISREG(found.st_mode) else None


def _is_redirect(path: Path) -> bool:
    """A redirect page of ours, in English or in this build's language."""
    if not path.is_file():
        return False
    text = path.read_text("utf-8", errors="replace")
    return MOVED in text or _(MOVED) in text


def _overwrite_problem(app: Sphinx, path: Path, ours: bool) -> str | None:
    """Why writing a redirect at ``path`` would destroy something, or ``None``.

    Redirects are written last, so every file the build makes is already there: a file we
    did not write as a redirect in an earlier build (or that no longer is one) is a page, a
    static file, an image, a download, a PDF, an export or the feed, and stays."""
    for parent in path.relative_to(app.outdir).parents:
        if parent.parts and Path(app.outdir, parent).is_file():
            return f"/{parent.as_posix()} is a file the build writes"
    if path.is_dir():
        return "a folder the build writes is there"
    if path.is_file() and not (ours and _is_redirect(path)):
        return "the build writes a file of its own there, which a redirect would replace"
    return None


def _title(pages: dict[str, PageInfo], docname: str) -> str:
    info = pages.get(docname)
    return info.title if info and info.title else docname


def _redirect_target(app: Sphinx, target: str) -> str:
    """``redirect_to`` as a URI from the site root, or the web address as given."""
    if target.startswith("/"):
        path, _, anchor = target.partition("#")
        docname = lookup(app.env, path)
        if docname:
            return app.builder.get_target_uri(docname) + (f"#{anchor}" if anchor else "")
        return live_url(app.config, target)
    return target
