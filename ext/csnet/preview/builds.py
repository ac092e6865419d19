"""One Sphinx application, kept in memory and rebuilt incrementally on every save.

``app.build()`` again on the same application is Sphinx's own incremental build (the one
``sphinx-build`` runs against a pickled environment), minus the new process and the unpickling:
Sphinx finds what changed by file times, re-reads only that, and rewrites the pages that show
it (our ``env-get-updated`` listeners add aggregate pages). A build that raises is reported, and
the next attempt starts a new application with a fresh environment, as Sphinx itself does
after a failed build (it deletes the pickled environment). A change to ``conf.py`` or to a
Python file under the source folder also needs a new application, since Sphinx reads them once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import docutils_namespace, patch_docutils
from sphinx.util.tags import Tags

from .. import buildlock, leftout
from ..news import is_post, is_published
from ..site import site
from .builder import NAME as PREVIEW_BUILDER
from .problems import PROBLEMS, Problem, ProblemLog, load_problems, save_problems


@dataclass
class Failure:
    """A rebuild that raised: what to show in the page and print in the terminal."""

    summary: str  # "SyntaxError: invalid syntax (conf.py, line 3)"
    details: str  # the traceback


@dataclass
class State:
    """What the server shows, replaced as a whole after each build (readers need no lock)."""

    build: int = 0  # increases after every build attempt; the browser reloads on a change
    seconds: float = 0.0
    pages: dict[str, list[Problem]] = field(default_factory=dict)
    drafts: frozenset[str] = frozenset()
    failure: Failure | None = None
    finished: str = ""  # local time of the last build, "14:03:12"

    @property
    def problems(self) -> list[Problem]:
        return [p for problems in self.pages.values() for p in problems]


class Previewer:
    """Builds ``srcdir`` into ``outdir`` with one long-lived Sphinx application."""

    def __init__(self, srcdir: Path, outdir: Path, doctreedir: Path, *,
                 builder: str = PREVIEW_BUILDER, overrides: dict | None = None, jobs: int = 1,
                 status=sys.stdout, warning=sys.stderr) -> None:
        self.srcdir, self.outdir, self.doctreedir = srcdir, outdir, doctreedir
        # no sitemap: sphinx-sitemap takes every page through a queue in another process, a
        # round trip each (about 0.5 s of every save at 800 pages), for a file no one reads
        # in a preview (sitemap_excludes is sphinx-sitemap's own setting)
        self.overrides = {"sitemap_excludes": ["*"], **(overrides or {})}
        self.builder, self.jobs = builder, jobs
        self.status, self.warning = status, warning
        self.app: Sphinx | None = None
        self.log: ProblemLog | None = None
        self.pages: dict[str, list[Problem]] = {}
        self.state = State()
        #: held while building: the server waits on it, so it never serves a half-written page
        self.lock = threading.Lock()
        self.changed = threading.Condition()
        self._namespace = contextlib.ExitStack()
        self._saved: set[Path] = set()

    # -- building ------------------------------------------------------------------------
    def rebuild(self, changed: set[Path] | None = None) -> State:
        """Build what changed since the last build (everything the first time)."""
        start = time.perf_counter()
        with self.lock:
            failure = None
            try:
                if self.app is None or _needs_new_app(self.srcdir, changed or set()):
                    self._new_app()
                elif "csnet.leftout" in self.app.extensions:
                    leftout.refresh(self.app)  # conf.py's config-inited ran once, at the start
                buildlock.acquire(self.doctreedir)
                self._forget_page_assets()
                self._saved = changed or set()
                self.log.start()
                try:
                    self.app.build()
                finally:
                    self.log.finish()
                    self.pages = self.log.pages  # kept until a later build renews them
            except KeyboardInterrupt:  # stopped mid-build: never save this half-built state
                self._drop_app()
                raise
            except Exception as error:  # noqa: BLE001 - a crash must never stop the preview
                summary = _summary(error)
                if (page := self._page_of(error)) is not None:
                    summary = f"{page}: {summary}"
                failure = Failure(summary, "".join(traceback.format_exception(error)))
                print(f"\nThe preview's build failed, the next save tries again:\n"
                      f"{failure.details}", file=self.warning, flush=True)
                self._drop_app()  # as Sphinx does: the next build starts afresh
            finally:
                buildlock.release(self.doctreedir)
            self._publish(failure, time.perf_counter() - start)
        return self.state

    @property
    def pending(self) -> bool:
        """Whether the last saves left work for the idle moment (:meth:`settle`)."""
        return self.app is not None and getattr(self.app.builder, "pending", False)

    def settle(self) -> bool:
        """When the preview is idle, and before it stops: write what the builder left out
        of each save (search index, inventory, build info) and save the environment and its
        warnings, so that the next start resumes from this state; whether it did anything."""
        with self.lock:
            app = self.app
            if not self.pending:
                return False
            try:
                buildlock.acquire(self.doctreedir)
                done = app.builder.settle()
                if done:  # the warnings of the environment just saved, for the next start
                    save_problems(self.doctreedir / PROBLEMS, self.pages)
            except Exception as error:  # noqa: BLE001 - as a failed rebuild: shown, then anew
                print(f"\nThe preview could not save its state, the next save rebuilds:\n"
                      f"{''.join(traceback.format_exception(error))}", file=self.warning,
                      flush=True)
                self._drop_app()
                return False
            finally:
                buildlock.release(self.doctreedir)
        return done

    def _page_of(self, error: BaseException) -> str | None:
        """The source file Sphinx was reading or writing when ``error`` was raised (the
        innermost ``docname`` of the traceback), as a path from the site's folder."""
        docname = None
        for cause in (error, getattr(error, "orig_exc", None)):
            for frame, _line in traceback.walk_tb(getattr(cause, "__traceback__", None)):
                value = frame.f_locals.get("docname")
                if isinstance(value, str) and value:
                    docname = value
        if docname is None or self.app is None:
            return None
        try:
            return Path(self.app.env.doc2path(docname)).relative_to(self.srcdir).as_posix()
        except (ValueError, KeyError):
            return docname

    def _new_app(self) -> None:
        self._drop_app()
        self._namespace = contextlib.ExitStack()
        # as sphinx-build does: docutils registrations live and die with the application
        self._namespace.enter_context(patch_docutils(self.srcdir))
        self._namespace.enter_context(docutils_namespace())
        # the environment the last preview saved with its warnings, if any: the first page
        # is served once what changed since is rebuilt, not after a build of the whole site
        # (Sphinx starts afresh when the settings changed, and deletes it after a failure)
        resume = (self.doctreedir / PROBLEMS).is_file()
        try:
            self.app = Sphinx(self.srcdir, self.srcdir, self.outdir, self.doctreedir,
                              self.builder, confoverrides=self._confoverrides(),
                              status=self.status,
                              warning=self.warning, freshenv=not resume, parallel=self.jobs)
        except BaseException:
            self._namespace.close()
            raise
        self.log = ProblemLog(self.app)
        if resume:  # the warnings of the pages it will not read again
            self.log.pages = load_problems(self.doctreedir / PROBLEMS)
        self._assets = (list(self.app.registry.css_files), list(self.app.registry.js_files))
        self.app.connect("env-get-outdated", self._reread_saved)

    def _confoverrides(self) -> dict:
        """The settings given, and for the preview's own builder the extension that brings
        it, after those of conf.py (read as Sphinx reads it, since an override replaces the
        list)."""
        if self.builder != PREVIEW_BUILDER:
            return dict(self.overrides)
        extensions = self.overrides.get("extensions")
        if extensions is None:
            extensions = Config.read(self.srcdir, overrides={}, tags=Tags()).extensions
        elif isinstance(extensions, str):
            extensions = extensions.split(",")
        return {**self.overrides, "extensions": [*extensions, "csnet.preview.builder"]}

    def _forget_page_assets(self) -> None:
        """Scripts and styles added while writing one page (the theme adds each page's name
        as an inline script) stay in the application's registry, and the next build would
        put them on every page (the builder keeps the last page's, too): start each build with
        the lists as they were made, as a new ``sphinx-build`` process does."""
        css, js = self._assets
        self.app.registry.css_files[:] = css
        self.app.registry.js_files[:] = js
        builder = self.app.builder
        if hasattr(builder, "init_js_files"):  # the HTML builders' own lists, as at init()
            builder.init_css_files()
            builder.init_js_files()

    def _reread_saved(self, app, env, added, changed, removed) -> set[str]:
        """Files the watcher saw saved are re-read even if their time did not move on
        (saved while Sphinx was reading them, or restored by git with an old time)."""
        return {docname for path in self._saved if (docname := env.path2doc(path))}

    def close(self) -> None:
        """Save what is left to save (:meth:`settle`), then end the application and its
        docutils registrations (last made, first closed)."""
        try:
            self.settle()
        finally:
            self._drop_app()

    def __enter__(self) -> Previewer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _drop_app(self) -> None:
        self.app, self.log = None, None
        self._namespace.close()

    def _publish(self, failure: Failure | None, seconds: float) -> None:
        pages = self.pages
        drafts = _drafts(self.app) if self.app is not None and failure is None \
            else self.state.drafts
        self.state = State(self.state.build + 1, seconds, pages, drafts, failure,
                           dt.datetime.now().strftime("%H:%M:%S"))
        with self.changed:
            self.changed.notify_all()

    def wait_for_build(self, after: int, timeout: float) -> State:
        """Block until a build newer than ``after`` has finished (or ``timeout``)."""
        with self.changed:
            self.changed.wait_for(lambda: self.state.build > after, timeout)
        return self.state

    def docname_of(self, outfile: Path) -> str | None:
        """The page a served file shows, if it is one of Sphinx's pages."""
        if self.app is None:
            return None
        try:
            relative = outfile.resolve().relative_to(self.outdir.resolve()).as_posix()
        except ValueError:
            return None
        if self.builder in ("dirhtml", PREVIEW_BUILDER):
            name = relative.removesuffix("index.html").rstrip("/") or "index"
            name = name if relative.endswith("index.html") else name.removesuffix(".html")
        else:
            name = relative.removesuffix(".html")
        return name if name in self.app.env.all_docs else None


    def urls(self) -> dict[str, str]:
        """The site address of each page that has warnings."""
        app = self.app
        if app is None:
            return {}
        return {docname: "/" + app.builder.get_target_uri(docname)
                for docname in self.state.pages if docname in app.env.all_docs}


def _summary(error: BaseException) -> str:
    """The error an editor can act on: what an extension raised, not Sphinx's wrapper."""
    cause = getattr(error, "orig_exc", None) or error
    text = f"{type(cause).__name__}: {str(cause).strip()}"
    if cause is not error and (event := re.search(r"for event '([^']+)'", str(error))):
        text += f" (while Sphinx ran '{event.group(1)}')"
    return text


def _needs_new_app(srcdir: Path, changed: set[Path]) -> bool:
    """conf.py and local extensions are read once per application."""
    return any(path.suffix == ".py" and srcdir in path.parents for path in changed)


def _drafts(app: Sphinx) -> frozenset[str]:
    """Posts the preview shows that a published build leaves out."""
    env = app.env
    today = site(env).as_of or dt.date.today()
    if "csnet" not in env.domains:
        return frozenset()
    return frozenset(docname for docname, info in site(env).pages.items()
                     if is_post(info) and not is_published(info, today))
