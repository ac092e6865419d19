"""Source files that are not pages of this build, left out the way Sphinx leaves out its own.

csnet.publication (unpublished and future-dated pages) and csnet.paths (links to files outside
``docs/``) each answer the ``csnet-leave-out`` event with the files they refuse, from one scan of
the source folder at ``config-inited``. Each file becomes an entry of ``exclude_patterns``, which
Sphinx's own ``Project.discover`` honours: Sphinx then never lists, reads or writes those pages,
and treats a page that went as removed and one that came back as added. Nothing edits Sphinx's
list of documents.

The cost: ``exclude_patterns`` is an ``env`` setting, so a ``sphinx-build`` whose left-out files
differ from the last build's re-reads every page (incremental still equals clean). A published
build runs from a clean checkout anyway; the preview shows drafts, so saving a page does not
change the set, and its long-lived application calls :func:`refresh` before each build, since
``config-inited`` runs once per application.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.project import EXCLUDE_PATHS
from sphinx.util.matching import get_matching_files

EVENT = "csnet-leave-out"
#: the config value that remembers what we added, by reason: {"unpublished": [paths]}
RECORD = "csnet_left_out"


def glob_escape(path: str) -> str:
    """A pattern matching exactly ``path`` in Sphinx's glob syntax (``[``, ``*``, ``?``)."""
    return "".join(f"[{c}]" if c in "[*?" else c for c in path)


def left_out(config: Config, reason: str) -> list[str]:
    """The source files (relative to ``docs/``) left out of this build for ``reason``."""
    return list(config[RECORD].get(reason, ()))


def refresh(app: Sphinx, config: Config | None = None) -> None:
    """Ask every ``csnet-leave-out`` listener which source files to leave out, and make
    ``exclude_patterns`` the user's patterns plus exactly those files."""
    config = config or app.config
    ours = {glob_escape(path) for paths in config[RECORD].values() for path in paths}
    users = [pattern for pattern in config.exclude_patterns if pattern not in ours]
    suffixes = tuple(config.source_suffix)
    files = [path for path in get_matching_files(
        app.srcdir, config.include_patterns,
        [*users, *config.templates_path, *EXCLUDE_PATHS]) if path.endswith(suffixes)]
    record: dict[str, list[str]] = {}
    for answer in app.emit(EVENT, files):
        if answer:
            reason, paths = answer
            record[reason] = sorted(set(record.get(reason, ())) | set(paths))
    config[RECORD] = record
    added = [glob_escape(path) for paths in record.values() for path in paths]
    # a new list: conf.py's lists are shared by every application in a process
    config.exclude_patterns = users + [pattern for pattern in added if pattern not in users]


def docname_of(config: Config, path: str) -> str:
    """The document name Sphinx gives the source file ``path`` (as ``Project.path2doc``)."""
    for suffix in config.source_suffix:
        if path.endswith(suffix):
            return path.removesuffix(suffix)
    return path


def setup(app: Sphinx) -> dict:
    app.add_event(EVENT)
    app.add_config_value(RECORD, {}, "env", types=frozenset({dict}),
                         description="filled in by the build: the source files left out "
                         "(unpublished, outside docs/), by reason; never set it")
    # after Sphinx merges the extensions' source suffixes into source_suffix (800)
    app.connect("config-inited", refresh, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
