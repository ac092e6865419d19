"""Raw HTML in content keeps what pages need and loses what runs code.

Markdown lets a page hold raw HTML, and every volunteer account of the content manager can
write one: a ``<script>``, an ``onclick``, a ``javascript:`` link or an ``<iframe srcdoc>``
would run in every reader's browser, on the network's own address. Each raw HTML node (a
block, an inline tag, ``{raw} html``) is rewritten here, once, when the page is read, so the
website and the PDFs get the same: tables, ``details``, forms, pictures and links stay; videos
and podcasts of known hosts stay; what runs code, and tags we do not know, go, each removal a
``csnet.html`` warning at the line.

The rewrite goes tag by tag through the standard library's HTML tokenizer rather than through
a whole-document sanitizer such as nh3 (Ammonia) or bleach: raw HTML reaches us in pieces (a
``<details>`` opened in one node, its Markdown inside, ``</details>`` in another), and a
sanitizer that builds a document tree closes what a piece leaves open and drops the stray
closing tag, moving the page's structure. Everything is written back in one canonical form
(attributes quoted and escaped, text escaped, comments dropped), so what a browser parses is
what was checked.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from .logs import Warn, warn
from .order import Reading
from .paths.checks import mailto_problem
from .pictures import line_of

#: the tags raw HTML may use (HTML's text, table, list, media and form elements)
_TAG_NAMES = """
a abbr address article aside audio b bdi bdo big blockquote br button caption center cite code
col colgroup data dd del details dfn div dl dt em fieldset figcaption figure font footer form
h1 h2 h3 h4 h5 h6 header hgroup hr i iframe img input ins kbd label legend li main mark nav ol
optgroup option output p picture pre progress q rp rt ruby s samp section select small source
span strike strong sub summary sup table tbody td textarea tfoot th thead time tr track tt u ul
var video wbr
"""
TAGS = frozenset(_TAG_NAMES.split())
#: tags removed with what they hold: it is code, or a document of its own
WITH_CONTENT = frozenset({"script", "style", "template", "object", "embed", "applet", "noscript",
                          "iframe", "frame", "frameset", "noembed", "noframes", "xmp",
                          "plaintext", "title", "svg", "math"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})
#: attributes any allowed tag may have (``aria-*`` and ``data-*`` too)
COMMON = frozenset({"class", "id", "title", "lang", "dir", "role", "style", "hidden",
                    "tabindex"})
ATTRIBUTES = {
    "a": {"href", "target", "rel", "name", "download", "hreflang", "type"},
    "img": {"src", "alt", "width", "height", "loading", "srcset", "sizes", "align"},
    "iframe": {"src", "width", "height", "allow", "allowfullscreen", "frameborder",
               "loading", "referrerpolicy", "scrolling"},
    "video": {"src", "controls", "width", "height", "poster", "preload", "muted", "loop",
              "playsinline"},
    "audio": {"src", "controls", "preload", "loop", "muted"},
    "source": {"src", "srcset", "type", "media", "sizes"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "form": {"action", "method", "target", "accept-charset", "enctype", "name", "novalidate"},
    "input": {"type", "name", "value", "placeholder", "required", "checked", "disabled",
              "size", "maxlength", "minlength", "min", "max", "step", "pattern",
              "autocomplete", "readonly", "multiple", "accept", "list"},
    "button": {"type", "name", "value", "disabled"},
    "select": {"name", "required", "multiple", "disabled", "size"},
    "option": {"value", "selected", "disabled", "label"},
    "optgroup": {"label", "disabled"},
    "textarea": {"name", "rows", "cols", "placeholder", "required", "maxlength", "readonly"},
    "label": {"for"},
    "fieldset": {"disabled", "name"},
    "output": {"for", "name"},
    "td": {"colspan", "rowspan", "headers", "align", "valign", "width"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr", "align", "valign", "width"},
    "table": {"summary", "width", "border", "cellpadding", "cellspacing", "align"},
    "col": {"span", "width"}, "colgroup": {"span", "width"},
    "ol": {"start", "type", "reversed"}, "li": {"value"}, "details": {"open"},
    "time": {"datetime"}, "data": {"value"}, "progress": {"value", "max"},
    "q": {"cite"}, "blockquote": {"cite"}, "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"}, "font": {"color", "face", "size"},
    "p": {"align"}, "div": {"align"}, "h1": {"align"}, "h2": {"align"}, "h3": {"align"},
}
URL_ATTRIBUTES = frozenset({"href", "src", "action", "poster", "cite", "srcset"})
SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: the hosts whose players a page may embed (``<iframe src=...>``): videos, podcasts, forms
EMBED_HOSTS = ("youtube.com", "youtube-nocookie.com", "youtu.be", "vimeo.com", "anchor.fm",
               "spotify.com", "podcasters.spotify.com", "microsoftstream.com",
               "stream.microsoft.com", "sharepoint.com", "forms.office.com",
               "forms.microsoft.com", "docs.google.com", "google.com", "flickr.com")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")  # browsers ignore these inside a scheme


def url_problem(value: str) -> str | None:
    """Why an address in raw HTML could run code, or ``None`` (web, mail, phone, a path)."""
    for candidate in value.split(",") if "," in value else [value]:  # a srcset's entries
        compact = _INVISIBLE.sub("", html.unescape(candidate))
        scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", compact)
        if scheme and scheme.group(1).lower() not in SCHEMES:
            return f"a {scheme.group(1).lower()}: address"
        if compact.startswith(("/\\", "\\")):
            return "an address that only looks like a path"
        if mailto_problem(compact):
            return "an email link that adds recipients"
    return None


def embed_host(src: str) -> str | None:
    """The host of an ``<iframe>`` address when it is a known player, else ``None``."""
    try:
        parts = urlsplit(src.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() not in ("https", "") or not host or not src.strip().startswith(
            ("https://", "//")):
        return None
    return host if any(host == known or host.endswith("." + known)
                       for known in EMBED_HOSTS) else None


class _Rewriter(HTMLParser):
    """One raw HTML piece, tag by tag: kept tags written back with their allowed
    attributes, the rest left out; ``removed`` says what went."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.removed: list[str] = []
        self.skipping: list[str] = []  # the open tags whose content is left out

    def note(self, what: str) -> None:
        if what not in self.removed:
            self.removed.append(what)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start(tag, attrs, closed=True)

    def start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if self.skipping:
            if tag == self.skipping[-1] and not closed:
                self.skipping.append(tag)
            return
        values = dict(attrs)
        host = embed_host(values.get("src") or "") if tag == "iframe" else None
        if tag == "iframe" and host and "srcdoc" not in values:
            pass  # a player of a known host: kept, with its allowed attributes
        elif tag in WITH_CONTENT or tag not in TAGS:
            what = ("an <iframe> with srcdoc" if tag == "iframe" and "srcdoc" in values else
                    f"an <iframe> of {urlsplit(values.get('src') or '').hostname or 'no host'}"
                    " (not a known video or podcast host)" if tag == "iframe" else f"<{tag}>")
            self.note(what)
            if tag in WITH_CONTENT and tag not in VOID and not closed:
                self.skipping.append(tag)
            return
        kept = []
        for name, value in attrs:
            if name.startswith("on"):
                self.note(f"the {name} attribute (it runs code)")
            elif name not in COMMON and name not in ATTRIBUTES.get(tag, ()) and not (
                    name.startswith(("aria-", "data-")) and re.match(r"^[a-z0-9-]+$", name)):
                self.note(f"the {name} attribute of <{tag}>")
            elif name in URL_ATTRIBUTES and value and (problem := url_problem(value)):
                self.note(f"{problem} in {name}")
            elif name == "style" and value and re.search(r"expression|url\s*\(|@import|"
                                                         r"javascript", value, re.I):
                self.note("a style that loads or runs something")
            else:
                kept.append(name if value is None else
                            f'{name}="{html.escape(value, quote=True)}"')
        self.out.append(f"<{' '.join([tag, *kept])}>")
        if closed and tag not in VOID:
            self.out.append(f"</{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in TAGS and tag not in VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(html.escape(data, quote=False))

    def handle_entityref(self, name: str) -> None:
        if not self.skipping:
            self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if not self.skipping:
            self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        """Comments go: browsers and tokenizers disagree on where odd ones end."""

    def handle_decl(self, decl: str) -> None:
        self.note(f"<!{decl.split()[0] if decl.split() else decl}>")

    def handle_pi(self, data: str) -> None:
        self.note("<?...>")

    def unknown_decl(self, data: str) -> None:
        self.note("<![...]>")


def clean(text: str) -> tuple[str, list[str]]:
    """Raw HTML as it may be published, and what was removed (in words)."""
    rewriter = _Rewriter()
    rewriter.feed(text)
    rewriter.close()
    return "".join(rewriter.out), rewriter.removed


class CleanRawHTML(SphinxTransform):
    """Every raw HTML node of a page, cleaned once when the page is read (before the raw
    pictures and file links are made nodes of: csnet.pictures, 855-860)."""

    default_priority = Reading.CLEAN_RAW_HTML

    def apply(self, **kwargs) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            if "html" not in raw.get("format", "").split():
                continue
            text, removed = clean(raw.astext())
            if removed:
                warn(Warn.HTML, "raw HTML: left out " + "; ".join(removed) + ". Pages may "
                     "hold tables, details, forms, pictures, links and the videos of known "
                     "hosts, not scripts", (self.env.docname, line_of(raw)))
            if text != raw.astext():
                raw.clear()
                raw += nodes.Text(text)


def setup(app: Sphinx) -> dict:
    app.add_transform(CleanRawHTML)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
