"""Front matter for every page: read it ourselves, give the page its title and header.

myst-parser drops a whole front-matter block when PyYAML cannot read it
(reference/developer.md#trap-myst-front-matter), and a
page whose title lives only in front matter has no title in Sphinx. So on ``source-read`` we
parse the block with :mod:`csnet.frontmatter`, report its problems at their lines, store it in
the site domain, and hand MyST the body with the block replaced by blank lines (so every line
number stays true), plus a ``# title`` line when the body has no top-level heading.

MyST reads front matter too, for its own keys: ``myst`` (per-page options, substitutions,
``html_meta``) and the older top-level ``html_meta`` and ``substitutions``. So the block it
gets holds those keys, as *our* loader recovered them, on one line of JSON (which is YAML):
MyST never sees YAML it cannot read, so a broken block gets our one located warning and no
"Malformed YAML" from MyST, and what could be read still works. The other keys are the
site's (title, date, layout...): given to MyST they would become docinfo fields and a second
title, so it does not get them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from .dates import parse_date
from .frontmatter import normalise_newlines, parse
from .frontmatter.model import FrontMatter
from .locale import _
from .logs import Warn, warn
from .order import Reading
from .site import PageInfo, site

_FENCE = re.compile(r"^(`{3,}|~{3,})")
_H1 = re.compile(r"^#[ \t]+\S")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|!$&])")  # & : "&amp;" stays as typed


def _h1_titles(body: str):
    """The text of each top-level ``# heading`` outside code fences, in order."""
    fence = None
    for line in body.split("\n"):
        opened = _FENCE.match(line)
        if opened:
            marker = opened.group(1)[0]
            fence = None if fence == marker else fence or marker
        elif fence is None and _H1.match(line):
            yield line.lstrip("#").strip()


#: keys whose value is shown as text: a list or a 'key: value' group there is a mistake
TEXT_KEYS = ("title", "excerpt", "author", "layout", "image", "image-alt", "permalink")


def read_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: parse, report, store; give MyST a body it can always read."""
    if not str(app.env.doc2path(docname)).endswith(".md"):
        return
    text = normalise_newlines(source[0].lstrip("\ufeff"))
    front = parse(text)
    for line, problem in front.problems:
        warn(Warn.YAML, f"front matter: {problem}", (docname, line))
    body = "\n".join(text.split("\n")[front.length:])
    info = PageInfo(docname, front)
    refused = set()
    for key in TEXT_KEYS:  # left out, so that no page, list or feed shows "['a', 'b']"
        value = front.data.get(key)
        if value is not None and not isinstance(value, str) and not info.text(key):
            warn(Warn.YAML, f"front matter '{key}' should be text, not {_kind(value)}; "
                 f"write it as {key}: \"...\" (it is left out)", (docname, front.line(key)))
            del front.data[key]
            refused.add(key)
    title = info.text("title") or next(_h1_titles(body), "")
    if not title and "title" in refused:  # as Jekyll does: a title from the file's name
        title = docname.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ").capitalize()
    info.title = title
    if "date" in front.data:
        info.date, problem = parse_date(front.data["date"])
        if problem:
            warn(Warn.DATE, f"front matter 'date': {problem}", (docname, front.line("date")))
    domain = site(app.env)
    domain.pages[docname] = info
    app.emit("csnet-page-read", info)
    if info.layout == "news" or info.get("orphan") is True:
        # news: listed by the news index; orphan pages (the accessibility statement): footer
        app.env.metadata[docname]["orphan"] = True
    if not front.length:
        source[0] = text
        return
    lines = myst_front_matter(front, docname) + text.split("\n")[front.length:]
    if title and next(_h1_titles(body), None) is None:  # (a body heading wins)
        heading = "# " + _MARKDOWN_SPECIAL.sub(r"\\\1", title)
        if lines[front.length - 1]:  # no blank line left: the body moves down one line
            lines.insert(front.length, heading)
        else:
            lines[front.length - 1] = heading
    source[0] = "\n".join(lines)


#: the front-matter keys MyST itself reads (its per-page options; the older top-level forms)
MYST_KEYS = ("myst", "html_meta", "substitutions")


#: the per-page MyST options a page may set; the others (``enable_extensions`` switching on
#: Jinja substitutions, which can run code while building) are the site's, in conf.py
PAGE_MYST = ("html_meta", "substitutions", "heading_anchors")


def page_myst(front: FrontMatter, docname: str) -> dict:
    """MyST's own keys of a page, without what only conf.py may set, each refusal warned
    about at its line: per-page options other than :data:`PAGE_MYST`, and ``http-equiv``
    meta tags (a ``refresh`` sends every visitor elsewhere)."""
    own = {key: front.data[key] for key in MYST_KEYS if key in front.data}
    if isinstance(own.get("myst"), dict):
        for key in [k for k in own["myst"] if k not in PAGE_MYST]:
            warn(Warn.HTML, f"front matter 'myst: {key}' changes how pages are read, which only "
                 f"the site's settings (conf.py: myst_{key}) may do; it is ignored",
                 (docname, front.line("myst", key)))
            own["myst"] = {k: v for k, v in own["myst"].items() if k != key}
    for path in (("html_meta",), ("myst", "html_meta")):
        parent = own.get(path[0])
        meta = parent.get("html_meta") if len(path) == 2 and isinstance(parent, dict) \
            else parent if len(path) == 1 else None
        if not isinstance(meta, dict):
            continue
        for key in [k for k in meta if str(k).strip().lower().startswith("http-equiv")]:
            warn(Warn.HTML, f"front matter 'html_meta: {key}' would change how browsers treat "
                 "the page (a refresh sends visitors elsewhere); it is left out",
                 (docname, front.line(*path, key)))
            del meta[key]
    return own


def myst_front_matter(front: FrontMatter, docname: str) -> list[str]:
    """The block's lines as MyST gets them: its own keys as our loader read them (less what
    a page may not set), on one line, then empty lines, so the body keeps its line numbers."""
    own = page_myst(front, docname)
    if not own or front.length < 3:
        return [""] * front.length
    block = ["---", json.dumps(own, ensure_ascii=False, default=str), "---"]
    return block + [""] * (front.length - len(block))


def _kind(value) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "'key: value' lines"
    return type(value).__name__


def is_page_header(node) -> bool:
    """The header :class:`PageHeader` made; other modules add links to it."""
    return isinstance(node, nodes.container) and "csnet-page-header" in node["classes"]


def ancestors(node: nodes.Node) -> Iterator[nodes.Node]:
    """The nodes ``node`` is inside, nearest first."""
    while node.parent is not None:
        node = node.parent
        yield node


# -- the slots at the top of a page: one answer for every module that adds to them -----------
def top_section(document: nodes.Node) -> nodes.section | None:
    """The section the page's title heads: where the header and what follows it go."""
    return next(iter(document.findall(nodes.section)), None)


def under_header(document: nodes.Node, node: nodes.Node) -> bool:
    """Put ``node`` right under the page's header (under the title on a page without one):
    the slot for a picture, a layout's details, a notice. What a later transform puts there
    comes first, so priorities (:mod:`csnet.order`) decide the order. False: no title."""
    section = top_section(document)
    if section is None:
        return False
    headers = [index for index, child in enumerate(section.children) if is_page_header(child)]
    section.insert(headers[-1] + 1 if headers else 1, node)
    return True


def into_header(document: nodes.Node, node: nodes.Node) -> bool:
    """Add ``node`` at the end of the page's header (a link to the page's PDF or files), or
    under the title on a page without one. False: no title."""
    header = next(document.findall(is_page_header), None)
    if header is None:
        return under_header(document, node)
    header.append(node)
    return True


class PageHeader(SphinxTransform):
    """Put the excerpt as a lead paragraph and "By … · Published …" under the title."""

    default_priority = Reading.PAGE_HEADER

    def apply(self, **kwargs) -> None:
        info = site(self.env).pages.get(self.env.docname)
        if info is None:
            return
        section = top_section(self.document)
        if section is None or not isinstance(section[0], nodes.title):
            return
        # is_div: a plain <div>, not Bootstrap's .container (which would reset its layout)
        header = nodes.container(classes=["csnet-page-header"], is_div=True)
        excerpt = info.text("excerpt")
        if excerpt:
            header += nodes.paragraph(excerpt, excerpt, classes=["lead"])
        byline = []
        if info.get("meta-info", True) is not False:
            if info.text("author"):
                byline.append(nodes.inline("", _("By {author}").format(author=info.text("author")),
                                           classes=["author"]))
            if info.date:
                byline.append(nodes.inline("", _("Published {date}").format(date=info.date.long()),
                                           classes=["published"]))
        if byline:
            paragraph = nodes.paragraph(classes=["byline"])
            for index, part in enumerate(byline):
                if index:
                    paragraph += nodes.Text(" · ")
                paragraph += part
            header += paragraph
        if len(header):
            section.insert(1, header)


class SupersededNotice(SphinxTransform):
    """An older version (``superseded-by: /publication/our-plan/``) says so under its
    header and links to the current one."""

    default_priority = Reading.SUPERSEDED_NOTICE

    def apply(self, **kwargs) -> None:
        info = site(self.env).pages.get(self.env.docname)
        target = info.text("superseded-by") if info else ""
        if not target:
            return
        before, _link, after = _("This is not the current version. {link}").partition(
            "{link}")
        label = _("Read the current version")
        paragraph = nodes.paragraph("", before)
        paragraph += addnodes.pending_xref("", nodes.inline(label, label), refdomain=None,
                                           reftype="myst", reftarget=target,
                                           refdoc=self.env.docname, refexplicit=True,
                                           refwarn=True)
        paragraph += nodes.Text(after)
        title = _("Earlier version")
        notice = nodes.admonition("", nodes.title(title, title), paragraph,
                                  classes=["csnet-superseded", "note"])
        notice.source, notice.line = self.env.doc2path(self.env.docname), \
            info.front.line("superseded-by")
        under_header(self.document, notice)


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.site")
    app.add_event("csnet-page-read")  # (info: PageInfo) after a page's front matter is stored
    app.connect("source-read", read_front_matter)
    app.add_transform(PageHeader)
    app.add_transform(SupersededNotice)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
