"""The warnings of the preview's builds, per page, kept across incremental rebuilds.

A logging handler on Sphinx's ``sphinx`` logger sees every warning as a structured record
(location, type, subtype, message), before Sphinx's own handler turns the location into text.
A page that a rebuild does not touch keeps its warnings; a page that is re-read gets fresh
reading warnings, a page that is re-written fresh writing warnings.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.application import Sphinx
from sphinx.util.build_phase import BuildPhase
from sphinx.util.logging import NAMESPACE, is_suppressed_warning

SITE = ""  # the "page" of warnings that belong to no page (configuration, templates)
#: the warnings of the last build, beside its saved environment, for the next preview's start
PROBLEMS = "csnet-preview-problems.json"


@dataclass(frozen=True)
class Problem:
    """One warning: where it is, what kind, and what to do (the message says the fix)."""

    docname: str  # "" when it belongs to no page
    path: str  # the file, relative to the source folder
    line: int | None
    kind: str  # "csnet.date", "myst.header", "" ...
    message: str
    phase: str  # "read", "check" or "write": which rebuilds renew it

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


def _phase(app: Sphinx) -> str:
    phase = getattr(app.builder, "phase", BuildPhase.READING) if app.builder else None
    if phase in (BuildPhase.RESOLVING, BuildPhase.WRITING):
        return "write"
    if phase == BuildPhase.CONSISTENCY_CHECK:
        return "check"
    return "read"


class ProblemLog(logging.Handler):
    """Collects one app's warnings into :attr:`pages` (``docname -> [Problem]``)."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(logging.WARNING)
        self.app = app
        self.pages: dict[str, list[Problem]] = {}
        self._new: list[Problem] = []
        self._read: set[str] = set()
        self._written: set[str] = set()
        self._checked = False
        app.connect("env-before-read-docs", self._reading)
        app.connect("env-purge-doc", lambda app, env, docname: self._read.add(docname))
        app.connect("env-check-consistency", self._checking)
        app.connect("html-page-context", self._writing)

    # -- the build's progress ------------------------------------------------------------
    def start(self) -> None:
        """Before each build: attach to Sphinx's logger (its handlers are reset per app)."""
        self._new, self._read, self._written, self._checked = [], set(), set(), False
        logger = logging.getLogger(NAMESPACE)
        if self not in logger.handlers:
            # first, so the record's location is still the (docname, line) or node it was given
            logger.handlers.insert(0, self)

    def finish(self) -> None:
        """After each build (also a failed one): fresh warnings replace those they renew."""
        renewed = {"read": self._read, "write": self._written,
                   "check": set(self.app.env.all_docs) if self._checked else set()}
        kept = {docname: [p for p in problems if docname not in renewed[p.phase]]
                for docname, problems in self.pages.items()}
        kept.pop(SITE, None)  # site-wide warnings come back with the build that causes them
        for problem in self._new:
            kept.setdefault(problem.docname, []).append(problem)
        alive = set(self.app.env.all_docs) | {SITE}
        self.pages = {d: sorted(set(p), key=_order) for d, p in kept.items() if p and d in alive}
        logging.getLogger(NAMESPACE).removeHandler(self)

    def _reading(self, app, env, docnames) -> None:
        self._read.update(docnames)

    def _checking(self, app, env) -> None:
        self._checked = True

    def _writing(self, app, pagename, templatename, context, doctree) -> None:
        self._written.add(pagename)

    # -- records -------------------------------------------------------------------------
    def emit(self, record: logging.LogRecord) -> None:
        # Sphinx re-sends the warnings it held back while reading: count each record once
        if getattr(record, "csnet_preview_seen", False):
            return
        record.csnet_preview_seen = True
        kind_type, subtype = getattr(record, "type", None), getattr(record, "subtype", None)
        suppressed = self.app.config.suppress_warnings
        if kind_type and is_suppressed_warning(kind_type, subtype, suppressed):
            return
        docname, path, line = self._location(getattr(record, "location", None))
        kind = ".".join(filter(None, (kind_type, subtype)))
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            message = f"ERROR: {message}"
        self._new.append(Problem(docname, path, line, kind, message, _phase(self.app)))

    def _location(self, location) -> tuple[str, str, int | None]:
        """``(docname, path, line)`` of whatever Sphinx accepts as a warning's location."""
        env = self.app.env
        source, line = None, None
        if isinstance(location, tuple):
            docname, line = location
            if docname:
                source = env.doc2path(docname)
        elif isinstance(location, nodes.Node):
            source, line = get_source_line(location)
        elif isinstance(location, str) and location:
            head, sep, tail = location.rpartition(":")
            if sep and (tail.isdigit() or not tail):
                source, line = head, int(tail) if tail else None
            else:
                source = location if ("/" in location or Path(location).suffix) \
                    else env.doc2path(location)
        if not source:
            return SITE, "", None
        source = str(source).split(":docstring of ")[0]
        docname = env.path2doc(source) or ""
        try:
            path = Path(source).resolve().relative_to(Path(self.app.srcdir).resolve())
        except ValueError:
            path = Path(source)
        return docname, path.as_posix(), line


def save_problems(path: Path, pages: dict[str, list[Problem]]) -> None:
    """Kept with the environment Sphinx saved: a preview started from it shows the warnings
    of pages it does not read again."""
    data = [asdict(p) for problems in pages.values() for p in problems]
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = path.with_name(path.name + ".new")
    fresh.write_text(json.dumps(data), "utf-8")
    fresh.replace(path)


def load_problems(path: Path) -> dict[str, list[Problem]]:
    """What :func:`save_problems` kept (nothing, if it cannot be read)."""
    try:
        data = json.loads(path.read_text("utf-8"))
        problems = [Problem(**row) for row in data]
    except (OSError, ValueError, TypeError):
        return {}
    pages: dict[str, list[Problem]] = {}
    for problem in problems:
        pages.setdefault(problem.docname, []).append(problem)
    return pages


def _order(problem: Problem) -> tuple:
    return (problem.path, problem.line or 0, problem.kind, problem.message)
