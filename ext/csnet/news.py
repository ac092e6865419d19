"""News posts: which are published, in what order, and what each post shows.

One definition shared by listings, archives, the feed and the news PDF, so they always agree:
a post is a page with ``layout: news``; it is left out when ``published: false`` or dated after
the build date, unless ``news_drafts = True`` (or ``-D news_drafts=1``) is set.

Drafts are not even read: on ``env-get-outdated`` we look at the front matter of each post (a
cheap scan, cached by file size and time) and take unpublished ones out of the project, so no
page, search entry or listing can leak them; a post that became a draft has its old output
deleted. A post shows its ``image`` under the header, with ``image-alt`` as its text.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform

from .dates import parse_date
from .frontmatter import parse, split
from .logs import Warn, warn
from .site import PageInfo, site


def is_post(info: PageInfo) -> bool:
    return info.layout == "news"


#: layouts whose pages are left out while ``published: false`` or dated in the future
SCHEDULED = ("news", "event")


def is_published(info: PageInfo, today: dt.date, drafts: bool = False) -> bool:
    """Published, and not dated in the future (as Jekyll's ``future: false``)."""
    return drafts or _live(_facts(info), today)


def _facts(info: PageInfo) -> tuple[bool, dt.date | None]:
    """What publication depends on: the ``published`` flag and the calendar date."""
    return info.get("published", True) is not False, info.date.date if info.date else None


def _live(facts: tuple[bool, dt.date | None], today: dt.date) -> bool:
    published, date = facts
    return published and not (date and date > today)


def published_posts(env: BuildEnvironment, drafts: bool | None = None) -> list[PageInfo]:
    """Every published news post, newest first (undated last, then by title)."""
    drafts = env.config.news_drafts if drafts is None else drafts
    today = env.csnet_as_of
    posts = [
        info for docname, info in site(env).pages.items()
        if docname in env.all_docs and is_post(info) and is_published(info, today, drafts)
    ]
    return sorted(posts, key=_newest_first)


def _newest_first(info: PageInfo) -> tuple:
    date = info.date.date if info.date and info.date.date else dt.date.min
    return (-date.toordinal(), info.title.lower(), info.docname)


def _post_facts(path: Path, docname: str) -> tuple[bool, dt.date | None] | None:
    """A post's (or event's) publication facts, read without the body; ``None`` for other
    pages.

    Only these two values are cached with the environment, not the whole front matter.
    """
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        head = []
        for number, line in enumerate(handle):
            head.append(line.rstrip("\n"))
            if number and line.rstrip() in ("---", "..."):
                break
    text = "\n".join(head)
    if split(text)[0] is None or not any(layout in text for layout in SCHEDULED):
        return None
    info = PageInfo(docname, parse(text))
    if info.layout not in SCHEDULED:
        return None
    info.date = parse_date(info.data.get("date"))[0]
    return _facts(info)


def leave_out_drafts(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                     removed: set[str]) -> list[str]:
    """``env-get-outdated``: unpublished posts are not part of the project in this build."""
    if app.config.news_drafts:
        return []
    from .dates import build_date

    today = build_date(app.config.plan_as_of)
    cache: dict[str, tuple] = getattr(env, "csnet_post_scan", {})
    scanned: dict[str, tuple] = {}
    drafts = set()
    for docname in sorted(env.found_docs):
        path = Path(env.doc2path(docname))
        if path.suffix != ".md":
            continue
        stat = path.stat()
        stamp = (stat.st_size, stat.st_mtime_ns)
        entry = cache.get(docname)
        if entry is None or entry[0] != stamp:
            entry = (stamp, _post_facts(path, docname))
        scanned[docname] = entry
        if entry[1] is not None and not _live(entry[1], today):
            drafts.add(docname)
    env.csnet_post_scan = scanned
    for docname in drafts:
        env.project.docnames.discard(docname)
        added.discard(docname)
        changed.discard(docname)
        if docname in env.all_docs:
            removed.add(docname)
            _delete_output(app, docname)
    return []


def _delete_output(app: Sphinx, docname: str) -> None:
    """A post that became a draft must not stay online from an earlier build."""
    builder = app.builder
    if not hasattr(builder, "get_outfilename"):
        return
    out = builder.get_outfilename(docname)
    if os.path.isfile(out):
        os.remove(out)


def image_alt(info: PageInfo) -> str:
    """The post's ``image-alt``, or a description from its title (never an empty ``alt``)."""
    alt = str(info.get("image-alt", "")).strip()
    return alt or f"Picture for the news post “{info.title}”"


class PostImage(SphinxTransform):
    """Show a post's ``image`` after its header, described by ``image-alt``."""

    default_priority = 510  # after csnet.pages' header (500)

    def apply(self, **kwargs) -> None:
        info = site(self.env).pages.get(self.env.docname)
        if info is None or not is_post(info) or not info.get("image"):
            return
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None:
            return
        if not str(info.get("image-alt", "")).strip():
            warn(Warn.IMAGE, "the post has an 'image' but no 'image-alt'; add 'image-alt:' "
                 "describing the picture for people who cannot see it (for now it is "
                 f"described as: {image_alt(info)})",
                 (info.docname, info.front.line("image")))
        uri = image_uri(self.env._app, info)
        figure = nodes.figure(classes=["csnet-post-image"])
        figure += nodes.image(uri=uri, alt=image_alt(info))
        headers = [n for n in section.children
                   if "csnet-page-header" in n.get("classes", ())]
        position = section.index(headers[0]) + 1 if headers else 1
        section.insert(position, figure)


def image_uri(app: Sphinx, info: PageInfo) -> str:
    """Web addresses as given; site paths (``/images/x.png``) on the live site."""
    from .urls import live_url

    value = str(info.get("image")).strip()
    if value.startswith("/") and not value.startswith("//"):
        return live_url(app, value)
    return value


def setup(app: Sphinx) -> dict:
    app.add_config_value("news_drafts", False, "env", types=frozenset({bool, int}))
    app.connect("env-get-outdated", leave_out_drafts)
    app.add_transform(PostImage)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
