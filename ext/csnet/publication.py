"""Which pages are published: one definition for every layout and every output.

A page of any layout is published unless its front matter says ``published:`` with a "no"
(``false``, ``no``, ``off``, ``0``, ``n``, quoted or not, in any case), or with a value we cannot
read as yes or no (a typed ``csnet.published`` warning: anything not clearly published is left
out), or its ``date`` is after the build's as-of date (Jekyll's ``future: false``, which holds
for every collection). ``csnet_drafts = True`` (``-D csnet_drafts=1``; the older name
``news_drafts`` still works) publishes them all, for previews.

Unpublished pages are not part of the project: at ``config-inited`` we read the front matter
of every page (the block only, cached by file size and time) and leave the unpublished ones out
through ``exclude_patterns`` (csnet.leftout), before anything is read. So no output can leak
them: no page, list, feed, sitemap or search entry, PDF, plan export, redirect or share card,
because every one of those is made from the documents of the project. Sphinx re-reads every
page when the set changes (see csnet.leftout for why that is acceptable). A toctree entry naming
an unpublished page is dropped with an info line, not a warning: drafts in the navigation
are normal.

Sphinx never deletes what an earlier build wrote for a page that has gone (deleted, renamed or
unpublished): :func:`prune_outputs` does, from a list of what each build's documents own.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass
from pathlib import Path

from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.directives.other import TocTree
from sphinx.environment import BuildEnvironment
from sphinx.util import docname_join, logging
from sphinx.util.nodes import explicit_title_re

from .dates import build_date, parse_date
from .frontmatter import parse
from .leftout import EVENT, left_out
from .logs import Warn, warn
from .outputs import Ledger, is_website
from .settings import register, setting
from .site import PageInfo, Record, register_directives, site, state_version
from .urls.stale import prune_stale
from .urls.table import output_file
from .yesno import yes_or_no

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Facts:
    """What publication depends on, read from a page's front matter (cached per file)."""

    published: bool
    date: dt.date | None = None
    problem: str | None = None  # a ``published`` value that is neither yes nor no
    line: int = 1

    def live(self, today: dt.date) -> bool:
        return self.published and not (self.date and self.date > today)


def read_published(value) -> tuple[bool, str | None]:
    """A ``published`` value as ``(published, problem)``; what is not clearly yes is no."""
    clear = yes_or_no(value)
    if clear is not None:
        return clear, None
    shown = "empty" if value is None or value == "" else f"{value!r}"
    return False, (f"'published' is {shown}, which is neither yes nor no, so this page is left "
                   "out of the site. Write 'published: true' (or yes, on, 1) to publish it, "
                   "or 'published: false' (or no, off, 0) to keep it a draft")


def facts(info: PageInfo) -> Facts:
    """The publication facts of a page that was read (or scanned)."""
    published, problem = (True, None)
    if "published" in info.data:
        published, problem = read_published(info.data["published"])
    date = info.date.date if info.date else None
    return Facts(published, date, problem, info.front.line("published"))


def drafts_shown(config: Config) -> bool:
    """Preview everything: ``csnet_drafts`` (or its older name ``news_drafts``)."""
    return bool(config.csnet_drafts or config.news_drafts)


def is_published(info: PageInfo, today: dt.date, drafts: bool = False) -> bool:
    """Published, and not dated after ``today`` (unless drafts are shown)."""
    return drafts or facts(info).live(today)


def unpublished(env: BuildEnvironment) -> frozenset[str]:
    """The pages left out of this build (their sources are in ``docs/``)."""
    return frozenset(UNPUBLISHED.of(env))


@functools.cache
def scan(path: str, stamp: tuple[int, int]) -> Facts:
    """A page's publication facts, read from its front matter without the body (cached by
    path, size and time: every build scans every page)."""
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        head = []
        for number, line in enumerate(handle):
            head.append(line.rstrip("\n"))
            if number and line.rstrip() in ("---", "..."):
                break
            if not number and line.rstrip() != "---":
                return Facts(True)  # no front matter
    info = PageInfo(Path(path).stem, parse("\n".join(head)))
    info.date = parse_date(info.data.get("date"))[0]
    return facts(info)


def scanned(srcdir: str | Path, file: str) -> Facts:
    """:func:`scan` of ``file`` in ``srcdir`` (strings: a ``Path`` per page and build cost
    the preview about 0.1 s of every save at 800 pages)."""
    path = os.path.join(srcdir, file)
    stat = os.stat(path)
    return scan(path, (stat.st_size, stat.st_mtime_ns))


def find_unpublished(app: Sphinx, files: list[str]) -> tuple[str, list[str]]:
    """``csnet-leave-out``: the pages that are not published in this build."""
    config = app.config
    if drafts_shown(config):
        return "unpublished", []
    today = build_date(config.plan_as_of)
    return "unpublished", [
        file for file in files if file.endswith(".md")
        and app.env.path2doc(file) != config.root_doc
        and not scanned(app.srcdir, file).live(today)]


def report_unpublished(app: Sphinx, env: BuildEnvironment, added: set[str],
                       changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: warn about every ``published`` value that is neither yes nor no
    (every build: the page is missing from the site until it is fixed), and about a home page
    that is not published; re-read the pages whose toctrees name a page that went or came."""
    config = app.config
    files = left_out(env, "unpublished")
    root = str(env.doc2path(config.root_doc, False))
    pages = {str(env.doc2path(docname, False)) for docname in env.found_docs}
    for file in sorted({*files, *pages}):
        path = os.path.join(app.srcdir, file)
        if not file.endswith(".md") or not os.path.isfile(path):
            continue
        page = scanned(app.srcdir, file)
        where = f"{path}:{page.line}"
        if page.problem:
            warn(Warn.PUBLISHED, page.problem, where)
        if file == root and not drafts_shown(config) \
                and not page.live(build_date(config.plan_as_of)):
            warn(Warn.PUBLISHED, "the home page is always published (a site needs one); "
                 "remove 'published' or the future 'date' from it", where)
    hidden = {env.path2doc(file) for file in files}
    gone_or_back = hidden ^ unpublished(env)
    UNPUBLISHED.keep(env, sorted(hidden))
    return sorted(toctree_parents(env, gone_or_back | removed) - hidden)


def toctree_parents(env: BuildEnvironment, docnames: set[str]) -> set[str]:
    """Pages whose toctree names one of ``docnames`` (listed now, or left out as unpublished)."""
    topics = {listed_topic(docname) for docname in docnames}
    parents = {parent for parent, used in site(env).users().items() if used & topics}
    parents |= {parent for parent, children in env.toctree_includes.items()
                if docnames.intersection(children)}
    return parents


def listed_topic(docname: str) -> str:
    """The topic of a page whose toctree depends on whether ``docname`` is published."""
    return f"published:{docname}"


class PublishedTocTree(TocTree):
    """Sphinx's toctree, leaving out unpublished pages without a warning (a draft is normal in
    the navigation: it appears there when it is published)."""

    def parse_content(self, toctree) -> None:
        hidden = unpublished(self.env)
        if hidden:
            kept = StringList()
            for line, (source, offset) in zip(self.content, self.content.items, strict=True):
                docname = self.entry_docname(line.strip())
                if docname in hidden:
                    site(self.env).uses(self.env.docname, listed_topic(docname))
                    logger.info("%s: the toctree leaves out %s, which is not published",
                                self.env.docname, docname, location=toctree)
                    continue
                kept.append(line, source, offset)
            self.content = kept
        super().parse_content(toctree)

    def entry_docname(self, entry: str) -> str:
        """The document a toctree line names, as Sphinx's toctree reads it."""
        explicit = explicit_title_re.match(entry)
        ref = explicit.group(2) if explicit else entry
        for suffix in self.config.source_suffix:
            if ref.endswith(suffix):
                ref = ref.removesuffix(suffix)
                break
        return docname_join(self.env.docname, ref)


UNPUBLISHED: Record[list[str]] = Record(
    "unpublished", list, "the pages left out of this build as not published")
RELATIONS: Record[dict[str, list]] = Record(
    "relations", dict, "each page's previous, next and up links, to rewrite neighbours")
LINKED: Record[list[str] | None] = Record(
    "linked", lambda: None, "which pages every page links when they exist (about, copyright)")
OUTPUTS = Ledger("outputs", "the files the last build wrote beside pages (outputs:)",
                 per_builder=True)
#: pages Sphinx's page layout links from every page when they exist (``hasdoc``)
LINKED_FROM_EVERY_PAGE = frozenset({"about", "copyright"})


def neighbours_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: pages whose "previous", "next" or "up" link changed because a page
    came, went or moved (Sphinx rewrites only the pages it read, so the neighbours of a page
    that is gone kept links to it); every page when ``about`` or ``copyright`` came or went."""
    def titled(docname: str | None) -> tuple[str | None, str]:
        title = env.titles.get(docname) if docname else None
        return docname, title.astext() if title else ""

    now = {docname: [titled(related) for related in relations]
           for docname, relations in env.collect_relations().items()}
    moved = RELATIONS.changed(env, now)
    linked = sorted(LINKED_FROM_EVERY_PAGE & env.all_docs.keys())
    before = LINKED.of(env)
    LINKED.keep(env, linked)
    if before is not None and before != linked:
        return sorted(env.all_docs)
    return sorted(moved & env.all_docs.keys())


# -- output of pages that have gone ---------------------------------------------------------
def owned_outputs(app: Sphinx) -> list[str]:
    """Every file this build's documents own in the output: pages, copied sources, images
    and downloads (site-relative paths)."""
    env = app.env
    files = [output_file(app, docname) for docname in env.all_docs]
    if app.config.html_copy_source:
        for docname in env.all_docs:
            suffix = str(env.doc2path(docname, False))[len(docname):]
            if suffix != app.config.html_sourcelink_suffix:
                suffix += app.config.html_sourcelink_suffix
            files.append(f"_sources/{docname}{suffix}")
    files += [f"_images/{unique}" for _docs, unique in env.images.values()]
    files += [f"_downloads/{dest}" for _docs, dest in env.dlfiles.values()]
    return files


def prune_outputs(app: Sphinx) -> list:
    """``html-collect-pages`` (first, before redirects and archives are written): delete what
    an earlier build wrote for a page that is no longer in the project."""
    if is_website(app.builder):
        prune_stale(app, OUTPUTS, owned_outputs(app),
                    keep=lambda path: False)
    return []


@dataclass
class PublicationSettings:
    """csnet.publication: what is left out of the outputs."""

    csnet_drafts: bool | int = setting(
        False, "publish unpublished and future-dated pages too, for previews "
        "(-D csnet_drafts=1); never on the live site")
    news_drafts: bool | int = setting(
        False, "the same as csnet_drafts (the name the first versions used)")


#: Sphinx's directives this module replaces with checked ones (same options)
DIRECTIVES = {
    "toctree": PublishedTocTree,
}


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.site")
    app.setup_extension("csnet.leftout")
    register(app, PublicationSettings)
    app.connect(EVENT, find_unpublished)
    app.connect("env-get-outdated", report_unpublished)
    app.connect("env-get-updated", neighbours_changed)
    app.connect("html-collect-pages", prune_outputs, priority=100)
    register_directives(app, DIRECTIVES, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": state_version(UNPUBLISHED, RELATIONS, LINKED)}
