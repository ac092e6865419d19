"""Old URLs keep working: permalinks, ``redirect_from``, redirect pages and site-relative links.

Every page claims URLs: its own path (``docs/news/2021/11/15/our-plan.md`` is
``/news/2021/11/15/our-plan/``), its ``permalink`` or, without one, the Jekyll pattern of a
dated post (``/<collection>/:year/:month/:day/:title/`` from the front-matter date), and each
``redirect_from`` entry. Claims are checked when the page is read (a value that could leave the
output folder or inject markup is refused with a located warning); after reading, one table maps
every URL to its page, and two pages claiming one URL get a located warning.

From that table we write a small redirect page (``<url>/index.html`` with ``<meta
http-equiv="refresh">``, a visible link and ``<link rel="canonical">``) at every claimed URL that
is not a page itself, so any static host serves old URLs with or without the trailing slash. We
write these few lines of HTML ourselves rather than use sphinx-reredirects: it takes redirects
from ``conf.py`` only, does not escape targets, writes no canonical link or visible text, and its
absolute targets are one level off under ``dirhtml``.

Site-relative links in page bodies (``[plan](/publication/our-plan)``) are resolved before
MyST's resolver sees them: to the built page that owns the URL, or, when nothing owns it, to the
live site (``html_baseurl`` + path) with a located ``csnet.link`` warning, so no link is lost.
A page that links to ``/x`` uses the topic ``url:x``, so it is rewritten when ``/x`` moves.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import posixpath
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from stat import S_ISREG
from typing import Any
from urllib.parse import unquote, urlsplit

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from .addresses import live_url
from .locale import N_, _
from .logs import Warn, warn
from .order import Reading, Writing
from .outputs import Ledger, is_website, write_if_changed
from .site import PageInfo, Record, page_link, site, state_version

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
URLS: Record[dict[str, str]] = Record(
    "urls", dict, "every address on the site and the page at it (pages, archives, old URLs)")
REDIRECTED: Record[dict[str, str]] = Record(
    "redirects", dict, "each old address (redirect_from, permalink) and the page it leads to")
REDIRECT_TO: Record[dict[str, str]] = Record(
    "redirect_to", dict, "pages that only send readers on, and where (checked redirect_to)")
REDIRECTS = Ledger("redirects", "the redirect pages the last build wrote (csnet.urls)")
REDIRECTS_MADE_FROM = Ledger(
    "redirects-made-from", "what the redirects were made from, and each file as it was left")
_UNSAFE = re.compile(r"[\\<>\"'`\s\x00-\x1f\x7f?#]")
#: what no old address may hold (decoded). Spaces and apostrophes may: the old site served
#: them, and a static host looks ``/a%20b/`` up in the folder ``a b``. Never other space
#: characters, control characters, or quotes and brackets that could end an HTML attribute
_OLD_ADDRESS_UNSAFE = re.compile(r"[\\<>\"`\x00-\x1f\x7f-\x9f?#]|[^\S ]")
_NOT_IN_FILE_NAMES = re.compile(r"[|*:]")  # (Windows) file systems refuse these
#: the longest file or folder name most file systems allow (bytes), and a whole address
NAME_MAX, ADDRESS_MAX = 255, 2000
_DATED = re.compile(r"^(?P<collection>[\w-]+)/\d{4}/\d{2}/\d{2}/(?P<slug>[^/]+)$")


def normalize(value: Any) -> tuple[str | None, str | None]:
    """A URL path as a table key (``news/2021/x``, ``""`` for home): ``(key, problem)``."""
    text = str(value if value is not None else "").strip()
    if not text:
        return None, "is empty"
    if text.startswith("//") or _SCHEME.match(text):
        return None, ("must be a path on this website, such as /news/2021/10/05/old-name/, "
                      "not a web address")
    decoded = unquote(text)
    if _OLD_ADDRESS_UNSAFE.search(decoded) or _NOT_IN_FILE_NAMES.search(decoded):
        return None, ("contains characters that do not belong in a web address or a file "
                      "name (double quotes, <, >, |, *, :, backslashes, tabs, line breaks, "
                      "? or #)")
    parts = [part for part in decoded.split("/") if part]
    if any(part != part.strip(" ") for part in parts):
        return None, ("has a space at the start or end of a part between slashes, which "
                      "no one can type in a link; remove it")
    if any(part in (".", "..") for part in parts):
        return None, "must not contain '.' or '..': it would point outside the website"
    if any(len(part.encode()) > NAME_MAX for part in parts):
        return None, (f"has a part longer than {NAME_MAX} bytes between slashes, more than "
                      "a file name can hold; shorten it")
    if len(decoded.encode()) > ADDRESS_MAX:
        return None, f"is longer than {ADDRESS_MAX} characters; shorten it"
    if parts and parts[-1] == "index.html":
        parts.pop()
    return "/".join(parts), None


def look_alike(key: str) -> str | None:
    """Why an address could pass for another one: letters that Unicode folds into plainer
    ones (fullwidth ``/ａｄｍｉｎ/`` is ``/admin/``), or a word mixing Latin and other
    scripts' letters (a Cyrillic ``е`` in ``/nеws/``)."""
    if unicodedata.normalize("NFKC", key) != key:
        return (f"looks like {address(unicodedata.normalize('NFKC', key))} but is a different "
                "address (it has fullwidth or other look-alike letters); type it again in "
                "plain letters")
    for word in re.findall(r"[^\W\d_]+", key):
        scripts = {_script(letter) for letter in word}
        if len(scripts) > 1 and "LATIN" in scripts:
            return (f"mixes Latin letters with {'/'.join(sorted(scripts - {'LATIN'})).title()} "
                    f"ones in '{word}', so it looks like an address it is not; type it again "
                    "in one alphabet")
    return None


def _script(letter: str) -> str:
    """``LATIN``, ``CYRILLIC``, ``GREEK``...: the first word of the letter's Unicode name."""
    return unicodedata.name(letter, "UNKNOWN").split()[0]


def web_link(value: Any) -> tuple[str, str | None]:
    """A link typed by a volunteer as a page publishes it, and what was wrong with it:
    ``www.eventbrite.co.uk/e/1`` gains ``https://``; a path on this site stays; an
    address that only looks like a path (``//host``, ``/\\host``: browsers read both as
    another website) or has another scheme is ``""``."""
    text = str(value if value is not None else "").strip()
    if not text:
        return "", None
    if "\\" in text or text.startswith("//") or any(c in text for c in "\n\r\t<>\"`"):
        return "", ("is not a full web address (it would go to another website than it "
                    "seems); write it starting with https://")
    if text.startswith("/"):
        return text, None
    parts = urlsplit(text)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return text, None
    if not parts.scheme and re.match(r"^[\w-]+(\.[\w-]+)+(:\d+)?(/|$)", text):
        return f"https://{text}", f"has no https:// at its start; it is linked as https://{text}"
    return "", "must be a web address starting with https:// or a path on this website"


def redirect_problem(key: str) -> str | None:
    """Why no redirect page can be written at ``key``: only a page address can redirect
    (``/old/`` or ``/old.html``), not a file such as ``/feed.xml`` or ``/_static/x.js``,
    which the build writes itself and a static host serves as it is."""
    parts = key.split("/")
    if parts[0].startswith("_"):
        return ("is in a folder the build writes itself (its name starts with _); a "
                "redirect would replace its files")
    name = parts[-1]
    if "." in name and not name.endswith(".html"):
        return (f"names a file ({name}), not a page; a redirect can only be made at a "
                "page address (ending in / or .html)")
    return None


def address(key: str) -> str:
    """A table key as the address people know: ``/news/``, ``/404.html``, ``/``."""
    return "/" + key + ("" if not key or key.endswith(".html") else "/")


def page_key(docname: str) -> str:
    """The URL a document is built at, as a key: ``news/index`` -> ``news``."""
    if docname == "index":
        return ""
    return docname.removesuffix("/index")


def entries(value: Any) -> list[Any]:
    """``redirect_from`` and ``category`` are a list or one value."""
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list) else [value]


def read_claims(app: Sphinx, info: PageInfo) -> None:
    """``csnet-page-read``: the URLs this page claims, each checked, with its line."""
    claims: list[tuple[str, str, int]] = []
    front = info.front

    def claim(value: Any, kind: str, *path) -> None:
        key, problem = normalize(value)
        if not problem and key != page_key(info.docname):
            problem = redirect_problem(key)
        if not problem and look_alike(key):
            warn(Warn.URL, f"{kind} {str(value)!r} {look_alike(key)}",
                 (info.docname, front.line(*path)))
        if problem:
            warn(Warn.URL, f"{kind} {str(value)!r} {problem}; it is ignored",
                 (info.docname, front.line(*path)))
        elif key != page_key(info.docname):
            claims.append((key, kind, front.line(*path)))

    if info.get("permalink"):  # Jekyll served the permalink instead of the pattern
        claim(info.get("permalink"), "permalink", "permalink")
    elif _jekyll_pattern(info):
        claim(_jekyll_pattern(info), "date pattern", "date")
    for index, value in enumerate(entries(info.get("redirect_from"))):
        claim(value, "redirect_from", "redirect_from", index)
    info.urls = claims
    if info.get("redirect_to"):
        target = entries(info.get("redirect_to"))[0]
        problem = _target_problem(target)
        if problem:
            warn(Warn.URL, f"redirect_to {str(target)!r} {problem}; it is ignored",
                 (info.docname, front.line("redirect_to")))
        else:
            info.redirect_to = str(target).strip()


def _jekyll_pattern(info: PageInfo) -> str | None:
    """``/<collection>/:year/:month/:day/:title/`` of a dated page in a dated folder."""
    match = _DATED.match(info.docname)
    if not (match and info.date and info.date.date):
        return None
    return f"/{match['collection']}/{info.date.date:%Y/%m/%d}/{match['slug']}/"


def _target_problem(target: Any) -> str | None:
    text = str(target).strip()
    if text.startswith("/") and not text.startswith("//"):
        path, _, anchor = text.partition("#")
        if _UNSAFE.search(unquote(anchor)):
            return "has characters after # that cannot be part of a page address"
        return normalize(path)[1]
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or _UNSAFE.search(
            text.replace("?", "").replace("#", "")):
        return "must be a web address starting with https:// or a path on this website"
    return None


# -- the table ------------------------------------------------------------------------------
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
            owner = table.get(key, written.get(_file_for(key)))
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


# -- site-relative links in bodies --------------------------------------------------------
def _site_links(document: nodes.document):
    for node in document.findall(addnodes.pending_xref):
        target = node.get("reftarget", "")
        if (node.get("reftype") == "myst" and not node.get("refdomain")
                and target.startswith("/") and not target.startswith("//")):
            yield node, target


class NoteSiteLinks(SphinxTransform):
    """While reading: this page shows where ``/x`` leads, so it uses topic ``url:x``."""

    default_priority = Reading.NOTE_SITE_LINKS

    def apply(self, **kwargs) -> None:
        for _node, target in _site_links(self.document):
            key, _ = normalize(target.partition("#")[0])
            if key is not None:
                site(self.env).uses(self.env.docname, f"url:{key}")


class ResolveSiteLinks(SphinxPostTransform):
    """Before MyST's resolver (priority 9): ``/x`` links become links to the page at ``/x``."""

    default_priority = Writing.SITE_LINKS

    def run(self, **kwargs) -> None:
        for node, target in list(_site_links(self.document)):
            path, _, anchor = target.partition("#")
            docname = lookup(self.env, path)
            content = node[0].deepcopy() if len(node) else nodes.inline()
            if docname:
                reference = page_link(docname, anchor=anchor)
                text = site(self.env).pages.get(docname)
                fallback = text.title if text and text.title else target
            else:
                warn(Warn.LINK, f"the link {target!r} matches no page of this site; it points "
                     f"to {live_url(self.config, target)} instead. Correct the address, or add "
                     "it to a page's redirect_from", node)
                reference = nodes.reference("", "", internal=False,
                                            refuri=live_url(self.config, target))
                fallback = target
            if not content.astext():
                content = nodes.inline("", fallback)
            reference += content
            node.replace_self(reference)


# -- redirect pages -----------------------------------------------------------------------
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


def _file_for(key: str) -> str:
    return key if key.endswith(".html") else posixpath.join(key, "index.html")


def _relative(from_file: str, target_uri: str) -> str:
    """``target_uri`` (from the site root) as seen from the folder of ``from_file``."""
    path, sep, anchor = target_uri.partition("#")
    rel = posixpath.relpath(path or ".", posixpath.dirname(from_file) or ".")
    if not path or path.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel + sep + anchor


def write_redirects(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, after everything else is written: one redirect page per old URL
    that is not itself a page. It never replaces a file it did not write itself."""
    if exception or not is_website(app.builder):
        return
    env = app.env
    builder = app.builder
    # file -> (target uri from root, title, (docname, line)); own: pages that become redirects
    jobs: dict[str, tuple[str, str, tuple]] = {}
    own: set[str] = set()
    pages = site(env).pages
    lines = {(docname, key): line for docname, info in pages.items()
             for key, _, line in info.urls}
    for key, docname in REDIRECTED.of(env).items():
        jobs[_file_for(key)] = (builder.get_target_uri(docname), _title(pages, docname),
                                (docname, lines.get((docname, key))))
    for docname, target in REDIRECT_TO.of(env).items():
        info = pages[docname]
        page = output_file(app, docname)
        own.add(page)
        claimed = [(_file_for(key), line) for key, _, line in info.urls
                   if URLS.of(env).get(key) == docname]
        for file, line in ((page, info.front.line("redirect_to")), *claimed):
            jobs[file] = (_redirect_target(app, target), target, (docname, line))
    # all of what the pages say: when none of it changed, the redirects on disk are right
    made_from = hashlib.sha256(json.dumps(
        [sorted(jobs.items()), app.config.language, app.config.html_baseurl,
         noindex_page("", REDIRECT_HEAD, REDIRECT_BODY)]
    ).encode()).hexdigest()
    # what the last build wrote from, and each redirect's file as it left it: a redirect
    # whose file is as written is still ours, without reading 750 files on every rebuild
    before = REDIRECTS_MADE_FROM.load(app, {})
    unchanged = before.get("made_from") == f"{app.outdir}|{made_from}"
    stamps_before = before.get("stamps", {}) if unchanged else {}
    stamps: dict[str, list[int]] = {}
    ours = set(REDIRECTS.load(app, []))
    written = []
    for file, (target_uri, title, where) in sorted(jobs.items()):
        path = Path(app.outdir, file)
        if file in ours and (stamp := _stamp(path)) and stamp == stamps_before.get(file):
            stamps[file] = stamp
            written.append(file)
            continue
        problem = None if file in own else _overwrite_problem(app, path, file in ours)
        if problem:
            warn(Warn.URL, f"no redirect is written at /{file}: {problem}", where)
            continue
        absolute = _SCHEME.match(target_uri) is not None
        href = target_uri if absolute else _relative(file, target_uri)
        canonical = target_uri if absolute else live_url(app.config, target_uri)
        try:
            write_if_changed(path, redirect_html(app, href, canonical, title))
        except OSError as error:  # a name this file system cannot hold
            warn(Warn.URL, f"no redirect is written at /{file}: {error.strerror}", where)
            continue
        stamps[file] = _stamp(path)
        written.append(file)
    REDIRECTS_MADE_FROM.save(app, {"made_from": f"{app.outdir}|{made_from}", "stamps": stamps})
    prune_stale(app, REDIRECTS, written, keep=lambda path: not _is_redirect(path))


def _stamp(path: Path) -> list[int] | None:
    """A file as it is now (inode, size, modification time); ``None`` if it is not a file."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return [found.st_ino, found.st_size, found.st_mtime_ns] if S_ISREG(found.st_mode) else None


def _is_redirect(path: Path) -> bool:
    return path.is_file() and _says_moved(path.read_text("utf-8", errors="replace"))


def _says_moved(text: str) -> bool:
    """A redirect page of ours, in English or in this build's language."""
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
    if path.is_file() and not (ours and _says_moved(path.read_text("utf-8", errors="replace"))):
        return "the build writes a file of its own there, which a redirect would replace"
    return None


def prune_stale(app: Sphinx, ledger: Ledger, files: Iterable[str], keep) -> None:
    """Delete the files we wrote in an earlier build and not in this one (an old address
    taken out of ``redirect_from``, a category no post has any more), unless ``keep(path)``
    (a page now lives there). ``ledger`` keeps the list of what we wrote."""
    current = sorted(set(files))
    before = ledger.load(app, [])
    out = Path(app.outdir)
    for file in set(before) - set(current):
        path = out / file
        if path.is_file() and not keep(path):
            path.unlink()
            for folder in path.parents:  # and the folders left empty (a page's own folder)
                if folder == out or not folder.is_relative_to(out) or any(folder.iterdir()):
                    break
                folder.rmdir()
    ledger.save(app, current)


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


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.site")  # its domain and csnet-changed-topics
    app.setup_extension("csnet.pages")  # csnet-page-read
    # listeners return ``{url key: pagename}`` of pages made without a source (archives, feed)
    app.add_event("csnet-site-urls")
    app.connect("csnet-page-read", read_claims)
    app.connect("env-updated", build_table)
    app.connect("csnet-changed-topics", url_topics_changed)
    app.connect("build-finished", write_redirects, priority=900)  # last: see its docstring
    app.add_transform(NoteSiteLinks)
    app.add_post_transform(ResolveSiteLinks)
    return {"parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": state_version(URLS, REDIRECTED, REDIRECT_TO)}
