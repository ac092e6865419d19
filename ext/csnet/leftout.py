"""Source files that are not pages of this build, left out the way Sphinx leaves out its own.

csnet.publication (unpublished and future-dated pages) and csnet.paths (links to files outside
``docs/``) each answer the ``csnet-leave-out`` event with the files they refuse, from one scan of
the source folder. Each file becomes an entry of ``exclude_patterns``, which Sphinx's own
``Project.discover`` honours: Sphinx then never lists, reads or writes those pages, and itself
treats a page that went as removed and one that came back as added. Nothing edits Sphinx's
list of documents.

When: at ``builder-inited``, after Sphinx compared this build's configuration with the last
one's, and the patterns are taken out again at ``env-updated``, before the environment (and its
configuration) is pickled. ``exclude_patterns`` is an ``env`` setting, so patterns kept in the
configuration would make Sphinx re-read every page whenever a page is (un)published or a
future post goes live; this way only the pages that show it are rewritten (the
``env-get-outdated`` listeners return them), and incremental still equals clean. The preview's
long-lived application calls :func:`refresh` before each build (``builder-inited`` runs once
per application).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.project import EXCLUDE_PATHS
from sphinx.util.matching import get_matching_files

from .site import Record, state_version

EVENT = "csnet-leave-out"
LEFT_OUT: Record[dict[str, list[str]]] = Record(
    "left_out", dict, "the source files this build leaves out, by reason: {'unpublished': [paths]}")


def glob_escape(path: str) -> str:
    """A pattern matching exactly ``path`` in Sphinx's glob syntax (``[``, ``*``, ``?``)."""
    return "".join(f"[{c}]" if c in "[*?" else c for c in path)


def left_out(env: BuildEnvironment, reason: str) -> list[str]:
    """The source files (relative to ``docs/``) left out of this build for ``reason``."""
    return list(LEFT_OUT.of(env).get(reason, ()))


def users_patterns(app: Sphinx) -> list[str]:
    """``exclude_patterns`` without the ones :func:`refresh` added."""
    ours = {glob_escape(path) for paths in LEFT_OUT.of(app.env).values()
            for path in paths}
    return [pattern for pattern in app.config.exclude_patterns if pattern not in ours]


def refresh(app: Sphinx) -> None:
    """Ask every ``csnet-leave-out`` listener which source files to leave out, and make
    ``exclude_patterns`` the user's patterns plus exactly those files."""
    config = app.config
    users = users_patterns(app)
    suffixes = tuple(config.source_suffix)
    files = [path for path in get_matching_files(
        app.srcdir, config.include_patterns,
        [*users, *config.templates_path, *EXCLUDE_PATHS]) if path.endswith(suffixes)]
    record: dict[str, list[str]] = {}
    for answer in app.emit(EVENT, files):
        if answer:
            reason, paths = answer
            record[reason] = sorted(set(record.get(reason, ())) | set(paths))
    LEFT_OUT.keep(app.env, record)
    added = [glob_escape(path) for paths in record.values() for path in paths]
    # a new list: conf.py's lists are shared by every application in a process
    config.exclude_patterns = users + [pattern for pattern in added if pattern not in users]


def restore(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: the user's patterns again, before Sphinx pickles the configuration."""
    app.config.exclude_patterns = users_patterns(app)


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.site")  # the record lives in the site Domain
    app.add_event(EVENT)
    app.connect("builder-inited", refresh)
    app.connect("env-updated", restore)
    return {"parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": state_version(LEFT_OUT)}
