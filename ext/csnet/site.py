"""What every page's front matter says, stored the way Sphinx can cache and merge it.

A :class:`SiteDomain` holds one :class:`PageInfo` per document, plus the data dependencies
between pages: a page that *shows* data (a plan summary on the home page, a news list) records
``uses(topic)``, and the page the data comes from records ``provides(topic, digest)``. After
reading, :func:`pages_to_rewrite` answers Sphinx's ``env-get-updated`` with exactly the pages
whose shown data changed, so incremental builds never show stale plans or lists
(reference/developer.md#trap-stale-aggregates)
and never rewrite pages that did not change. Merging copies only the documents a parallel
worker read (reference/developer.md#trap-parallel-merge).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from .addresses import live_url, relative_link
from .bundle import MYST_EXTENSIONS, STATIC
from .dates import DateValue, as_of_problem, build_date
from .frontmatter.model import FrontMatter
from .settings import register, setting

if TYPE_CHECKING:  # types only: the base never loads a feature
    from .events.model import Event
    from .plan.model import Plan

T = TypeVar("T")


@dataclass
class PageInfo:
    """One page's front matter, read once and kept with its line numbers."""

    docname: str
    front: FrontMatter
    title: str = ""
    date: DateValue | None = None
    #: what the features read from the front matter once, at ``csnet-page-read``
    plan: Plan | None = None  # csnet.plan, on business-plan pages
    event: Event | None = None  # csnet.events, on event pages
    image: str = ""  # csnet.paths: the checked picture ("": none, or refused)
    image_local: bool = False  # csnet.paths: the picture is a file in docs/
    redirect_to: str = ""  # csnet.urls: the page only sends readers on to this address
    #: csnet.urls: the addresses this page claims, ``(address, "permalink"|..., line)``
    urls: list[tuple[str, str, int]] = field(default_factory=list)
    #: csnet.timed: the ``shown-between`` windows on the page, ``(from, until)``
    timed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def data(self) -> dict[str, Any]:
        return self.front.data

    @property
    def layout(self) -> str:
        return str(self.data.get("layout") or "page")

    def get(self, key: str, default=None):
        value = self.data.get(key, default)
        return default if value is None else value

    def text(self, key: str, default: str = "") -> str:
        """A value meant as text: numbers and dates as written, stripped; anything else (a
        list, a 'key: value' group, true/false) gives ``default`` (pages.py warned)."""
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, str | int | float | dt.date):
            return default
        return str(value).strip() or default


#: every record declared by a module, by key (:class:`Record` adds itself)
RECORDS: dict[str, Record] = {}


@dataclass(frozen=True)
class Record(Generic[T]):
    """Build state a feature keeps in the site Domain for the next build, declared beside the
    code that makes it, as ``sphinx.ext.todo`` declares its ``todos``: the key, how to make
    it empty, and a version to raise when its shape changes (the declaring extension returns
    :func:`state_version` as its ``env_version``, so Sphinx drops an environment pickled
    with an older shape). Read and written only through the typed accessors below.
    ``per_page``: a ``{docname: value}`` table, dropped when its page is read again and
    merged from parallel readers by docname."""

    key: str
    empty: Callable[[], T]
    about: str
    version: int = 1
    per_page: bool = False

    def __post_init__(self) -> None:
        if RECORDS.setdefault(self.key, self) is not self:
            raise ValueError(f"two modules declare the site record {self.key!r}")

    def of(self, env: BuildEnvironment) -> T:
        """The value kept in ``env`` (an empty one in a first build)."""
        data = site(env).data
        if self.key not in data:
            data[self.key] = self.empty()
        return data[self.key]

    def keep(self, env: BuildEnvironment, value: T) -> None:
        site(env).data[self.key] = value

    def changed(self, env: BuildEnvironment, now: dict[str, Any]) -> set[str]:
        """The keys of ``now`` (a digest, a status) whose value differs from the last build's,
        or that came or went; ``now`` is kept for the next build. For aggregate data no single
        page provides (a team list, event statuses, list contents)."""
        before = self.of(env)
        self.keep(env, now)  # type: ignore[arg-type]
        return {topic for topic in now.keys() | before.keys()  # type: ignore[union-attr]
                if now.get(topic) != before.get(topic)}  # type: ignore[union-attr]


def state_version(*records: Record) -> int:
    """An extension's ``env_version``: changes when the shape of any of its records does."""
    return 1 + sum(record.version for record in records)


class SiteDomain(Domain):
    """Site-wide page data; not a markup domain (it has no roles or directives)."""

    name = "csnet"
    label = "Civil Service LGBT+ Network pages"
    data_version = 4  # 4: the features' records (csnet.site.Record), typed PageInfo fields
    initial_data: dict[str, Any] = {}  # each key is a Record, made empty when first asked

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        #: ``(docname, topic) -> digest`` of documents being re-read, from before the read
        self.previous: dict[tuple[str, str], str] = {}
        #: documents read in this build, set by ``env-before-read-docs``
        self.read: set[str] = set()
        #: lists computed once per build after reading (csnet.listing; ``None``: no cache)
        self.list_cache: dict[str, Any] | None = None
        #: sitemap_excludes as configured, while csnet.publish holds sphinx-sitemap back
        self.sitemap_excludes: list[str] | None = None
        #: pages this build makes besides the documents (archive pages), for the sitemap
        self.pages_made: set[str] = set()
        #: the URL table of the build before this one (csnet.urls)
        self.previous_urls: dict[str, str] = {}
        #: the as-of date of the build before this one (``None`` in a first build)
        self.previous_as_of: dt.date | None = None

    @property
    def as_of(self) -> dt.date | None:
        """The date statuses and future posts are judged by, kept with the environment so the
        next build sees when it moves on (``None`` before the first read)."""
        return AS_OF.of(self.env)

    @property
    def pages(self) -> dict[str, PageInfo]:
        return PAGES.of(self.env)

    def clear_doc(self, docname: str) -> None:
        for topic, digest in PROVIDES.of(self.env).pop(docname, {}).items():
            self.previous.setdefault((docname, topic), digest)
        for record in RECORDS.values():
            if record.per_page and record.key in self.data:
                self.data[record.key].pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for record in RECORDS.values():
            theirs = otherdata.get(record.key) if record.per_page else None
            for docname in docnames if theirs else ():
                if docname in theirs:
                    record.of(self.env)[docname] = theirs[docname]

    def resolve_any_xref(self, *args, **kwargs) -> list:
        return []

    # -- dependencies -------------------------------------------------------------------
    def awaits(self, docname: str, file: str) -> None:
        """``docname`` names ``file`` (a path in the source folder), which is not there."""
        AWAITS.of(self.env).setdefault(docname, set()).add(file)

    def awaited(self) -> dict[str, set[str]]:
        return AWAITS.of(self.env)

    def uses(self, docname: str, topic: str) -> None:
        USES.of(self.env).setdefault(docname, set()).add(topic)

    def users(self) -> dict[str, set[str]]:
        """``{docname: topics}``: the data each page shows."""
        return USES.of(self.env)

    def provides(self, docname: str, topic: str, digest: str) -> None:
        PROVIDES.of(self.env).setdefault(docname, {})[topic] = digest

    def changed_topics(self) -> set[str]:
        now = {
            (docname, topic): digest
            for docname, topics in PROVIDES.of(self.env).items()
            for topic, digest in topics.items()
        }
        changed = {key[1] for key, digest in self.previous.items() if now.get(key) != digest}
        changed |= {key[1] for key in now if key not in self.previous and key[0] in self.read}
        return changed


def site(env: BuildEnvironment) -> SiteDomain:
    return env.domains["csnet"]


PAGES: Record[dict[str, PageInfo]] = Record(
    "pages", dict, "each page's front matter, read once", per_page=True)
USES: Record[dict[str, set[str]]] = Record(
    "uses", dict, "the data topics each page shows", per_page=True)
PROVIDES: Record[dict[str, dict[str, str]]] = Record(
    "provides", dict, "the digest of each data topic a page is the source of", per_page=True)
AWAITS: Record[dict[str, set[str]]] = Record(
    "awaits", dict, "files in docs/ a page names that are not there (csnet.paths)",
    per_page=True)
AS_OF: Record[dt.date | None] = Record(
    "as_of", lambda: None, "the date statuses and future posts are judged by")


# -- links made before the builder is known ---------------------------------------------------
LINK_TARGET = "csnet_link_target"


def page_link(target: str, *children: nodes.Node, anchor: str = "", internal: bool = True,
              live_elsewhere: bool = False, **attributes) -> nodes.reference:
    """A link to a page, a generated page or a file on the site (``events/x.ics``), made by a
    post-transform, which has no builder: :func:`address_links` gives it its address.
    ``live_elsewhere``: outside HTML, the same path on the live site."""
    return nodes.reference("", "", *children, internal=internal, **attributes,
                           **{LINK_TARGET: (target, anchor, live_elsewhere)})


def address_links(app: Sphinx, doctree: nodes.Node, docname: str) -> None:
    """``doctree-resolved``: the address of each :func:`page_link`, as seen from ``docname``,
    from the builder this event is handed (as ``sphinx.ext.todo`` links its lists)."""
    for node in list(doctree.findall(nodes.reference)):
        if LINK_TARGET not in node.attributes:
            continue
        target, anchor, live_elsewhere = node.attributes.pop(LINK_TARGET)
        if live_elsewhere and app.builder.format != "html":
            node["refuri"], node["internal"] = live_url(app.config, f"/{target}"), False
            continue
        node["refuri"] = relative_link(app.builder, docname, target) + (
            f"#{anchor}" if anchor else "")


def _before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    domain = site(env)
    domain.previous_as_of = domain.as_of
    domain.read = set(docnames)
    domain.pages_made = set()
    AS_OF.keep(env, build_date(app.config.plan_as_of))


@dataclass
class SiteSettings:
    """csnet.site: the date every module judges by."""

    plan_as_of: str | dt.date | None = setting(
        None, "the date plan statuses, drafts and upcoming events are judged by (YYYY-MM-DD); "
        "unset: the build date, or SOURCE_DATE_EPOCH for reproducible builds",
        check=as_of_problem, kind="a date in quotes (YYYY-MM-DD) or None",
        fix="Write it as YYYY-MM-DD in quotes, for example plan_as_of = \"2022-03-01\", or "
        "remove it; statuses are judged as of the build date instead")


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: pages that show data whose source changed in this build."""
    domain = site(env)
    changed = domain.changed_topics()
    for topics in app.emit("csnet-changed-topics", env):
        changed |= set(topics or ())
    domain.previous = {}
    domain.read = set()
    if not changed:
        return []
    return sorted(
        docname
        for docname, topics in domain.users().items()
        if topics & changed and docname in env.all_docs
    )


def user_set(config: Config, name: str) -> bool:
    """Whether conf.py or ``-D`` gave ``name`` a value other than its registered default."""
    default = config.values[name].default
    return config[name] != (default(config) if callable(default) else default)


def use_myst(app: Sphinx, config: Config) -> None:
    """The MyST syntax the old site's content needs, for every module."""
    # a new list, not an in-place append: conf.py's lists are shared by every app in a process
    enabled = list(config.myst_enable_extensions)
    config.myst_enable_extensions = enabled + [e for e in MYST_EXTENSIONS if e not in enabled]


def ship_static(app: Sphinx, *names: str) -> None:
    """Copy only these files of csnet's static folder into ``_static``: a project that loads
    one module gets its files, not the others (nor this network's branding)."""
    def add(app: Sphinx, config: Config) -> None:
        paths = [str(STATIC / name) for name in names]
        config.html_static_path = [*config.html_static_path,
                                   *(path for path in paths if path not in config.html_static_path)]

    app.connect("config-inited", add)


def register_directives(app: Sphinx, directives: dict[str, type], *,
                        override: bool = False) -> None:
    """Add a module's ``DIRECTIVES`` (the table the maintainers' reference reads)."""
    for name, directive in directives.items():
        app.add_directive(name, directive, override=override)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")  # pages are MyST Markdown with front matter
    app.setup_extension("csnet.locale")  # words and dates in the site's language
    app.connect("config-inited", use_myst)
    ship_static(app, "csnet.css")
    app.add_css_file("csnet.css")  # page headers, plan cards, the old site's content classes
    app.add_domain(SiteDomain)
    register(app, SiteSettings)
    # listeners return topics that changed for reasons other than one page's digest
    # (the build date moved on, the set of latest posts changed): ``(app, env) -> set``
    app.add_event("csnet-changed-topics")
    app.connect("env-before-read-docs", _before_read)
    app.connect("env-get-updated", pages_to_rewrite)
    app.connect("doctree-resolved", address_links, priority=400)  # before others read them
    return {"parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": state_version(PAGES, USES, PROVIDES, AWAITS, AS_OF)}
