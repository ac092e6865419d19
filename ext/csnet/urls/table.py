"""One table of every URL of the site and the page that serves it, made after reading.

Two pages claiming one URL, or two URLs that differ only by case, are warned about here;
``redirect_to`` values that lead nowhere or round a loop are dropped.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..logs import Warn, warn
from ..site import Record, site
from .keys import address, file_for, normalize, page_key

URLS: Record[dict[str, str]] = Record(
    "urls", dict, "every address on the site and the page at it (pages, archives, old URLs)")
REDIRECTED: Record[dict[str, str]] = Record(
    "redirects", dict, "each old address (redirect_from, permalink) and the page it leads to")
REDIRECT_TO: Record[dict[str, str]] = Record(
    "redirect_to", dict, "pages that only send readers on, and where (checked redirect_to)")


def build_table(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: map every URL to its page; warn where two pages claim one URL, or a
    claim is where the build writes a page of its own (``/404.html``, ``/genindex/``)."""
    site(env).previous_urls = URLS.of(env)
    table = {page_key(docname): docname for docname in env.all_docs}
    for generated in app.emit("csnet-site-urls", env):  # archive pages, the feed
        for key, pagename in (generated or {}).items():
            table.setdefault(key, pagename)
    written = _page_files(app, table.values())
    redirects: dict[str, str] = {}
    claimed_at: dict[str, tuple[str, str, int]] = {}
    pages = site(env).pages
    for docname in sorted(pages):
        if docname not in env.all_docs:
            continue
        for key, kind, line in pages[docname].urls:
            owner = table.get(key, written.get(file_for(key)))
            if owner == docname:
                continue
            if owner is not None:
                first = claimed_at.get(key)
                where = (f"the {first[1]} of {env.doc2path(first[0], False)} (line {first[2]})"
                         if first else f"the page {env.doc2path(owner, False)}"
                         if owner in env.all_docs else f"the page /{key} the build makes")
                warn(Warn.URL, f"{kind} {address(key)} is already claimed by {where}; change "
                     "one of them", (docname, line))
                continue
            table[key] = docname
            redirects[key] = docname
            claimed_at[key] = (docname, kind, line)
    _warn_case_clashes(env, table, claimed_at)
    URLS.keep(env, table)
    REDIRECTED.keep(env, redirects)
    REDIRECT_TO.keep(env, _checked_redirect_to(env, table))


def _warn_case_clashes(env: BuildEnvironment, table: dict[str, str],
                       claimed_at: dict[str, tuple[str, str, int]]) -> None:
    """Two addresses that differ only by case (``/News/`` and ``/news/``) are two folders
    on the web server, but one on macOS and Windows disks and in zip downloads, where
    one page overwrites the other."""
    groups: dict[str, list[str]] = {}
    for key in sorted(table):
        groups.setdefault(key.casefold(), []).append(key)
    for keys in groups.values():
        # a page's own address (its file name) stays; the claims beside it are warned about
        keys.sort(key=lambda k: (k in claimed_at, k))
        for key in keys[1:]:
            docname, kind, line = claimed_at.get(key, (table[key], "address", None))
            if docname not in env.all_docs:
                continue
            warn(Warn.URL, f"the {kind} {address(key)} differs from {address(keys[0])} only "
                 "by capital letters; on Windows and macOS, and in a zip download, one "
                 "overwrites the other. Give one of them another name",
                 (docname, line) if line else docname)


def _page_files(app: Sphinx, pagenames: Iterable[str]) -> dict[str, str]:
    """``{output file: pagename}`` of the pages the builder writes, its own included."""
    if not hasattr(app.builder, "get_outfilename"):
        return {}
    return {output_file(app, pagename): pagename
            for pagename in (*pagenames, "genindex", "search", "py-modindex")
            if "." not in pagename.rpartition("/")[2]}


def output_file(app: Sphinx, pagename: str) -> str:
    """The file the HTML builder writes ``pagename`` to, from the output folder
    (``news/x/index.html``): string work on the builder's path, which our ``dirhtml``
    remembers, since making ``Path`` objects for every page cost 0.1 s of each rebuild."""
    outfile, outdir = str(app.builder.get_outfilename(pagename)), str(app.outdir)
    if outfile.startswith(outdir + os.sep):
        return outfile[len(outdir) + 1:].replace(os.sep, "/")
    return Path(outfile).relative_to(outdir).as_posix()


def _checked_redirect_to(env: BuildEnvironment, table: dict[str, str]) -> dict[str, str]:
    """``{docname: target}`` of the ``redirect_to`` values that lead somewhere: not to the
    page itself, not round a loop of redirects; a site path that matches no page warns."""
    pages = site(env).pages
    targets = {docname: info.redirect_to for docname, info in pages.items()
               if info.redirect_to and docname in env.all_docs}
    leads_to: dict[str, str | None] = {}
    for docname, target in targets.items():
        if target.startswith("/"):
            key, _ = normalize(target.partition("#")[0])
            leads_to[docname] = table.get(key)
            if leads_to[docname] is None:
                warn(Warn.URL, f"redirect_to {target!r} matches no page of this site; it "
                     f"leads to the same address on the live site. Correct the address",
                     (docname, pages[docname].front.line("redirect_to")))
    checked = {}
    for docname, target in sorted(targets.items()):
        seen, step = [docname], leads_to.get(docname)
        while step in targets and step not in seen:
            seen.append(step)
            step = leads_to.get(step)
        if step == docname:
            through = " -> ".join(env.doc2path(d, False).as_posix() for d in (*seen, docname))
            what = ("this page itself" if len(seen) == 1 else
                    f"a loop of redirects ({through})")
            warn(Warn.URL, f"redirect_to {target!r} leads back to {what}; the page is "
                 "shown instead. Point it at the page that replaced it",
                 (docname, pages[docname].front.line("redirect_to")))
            continue
        checked[docname] = target
    return checked


def url_topics_changed(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """``csnet-changed-topics``: a URL that moved to another page, or appeared, or went."""
    before = site(env).previous_urls
    now = URLS.of(env)
    return {f"url:{key}" for key in before.keys() | now.keys()
            if before.get(key) != now.get(key)}


def lookup(env: BuildEnvironment, path: str) -> str | None:
    """The docname that serves a site-relative ``path`` (``/publication/our-plan``), if any."""
    key, problem = normalize(path)
    if problem:
        return None
    return URLS.of(env).get(key)
