"""The preview's builder (``csnet-preview``): the site's ``dirhtml``, minus what no one sees
until the preview is idle.

Sphinx's ``Builder.build()`` pickles the whole environment, and the HTML builder's ``finish()``
rewrites the whole search index, ``objects.inv``, ``.buildinfo``, the index and search pages
on every build: at the real site's size more than half of a one-post save, for files a
volunteer looking at the page they saved never reads. This builder writes the pages a save
changed exactly as ``dirhtml`` does (same classes, same events, same order) and leaves the
rest to :meth:`PreviewBuilder.settle`, which the preview calls when it has been idle a moment
and when it stops: then the search index, inventory and build info are written and the
environment is pickled where Sphinx keeps it, so the next start resumes from it.

The search index in memory carries over from save to save (Sphinx would load the one on disk,
which is only written when idle), so every page a save writes is in it when it is written.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable

from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.util import logging
from sphinx.util.build_phase import BuildPhase
from sphinx.util.console import bold
from sphinx.util.parallel import SerialTasks, parallel_available

from ..publish import DirectoryHTMLBuilder

NAME = "csnet-preview"
logger = logging.getLogger(__name__)


class PreviewBuilder(DirectoryHTMLBuilder):
    """``dirhtml`` (our subclass, with its ``404.html``), with the site-wide files and the
    environment's pickle left for :meth:`settle`."""

    name = NAME

    def __init__(self, app: Sphinx, env) -> None:
        super().__init__(app, env)
        self.sphinx = app  # Sphinx keeps its own reference private
        #: the environment changed since it was last pickled
        self.unsaved_env = False
        #: pages were written since the site-wide files were last written
        self.unsettled = False
        self.kept_indexer = None
        #: the newest template's time when every page's file was last checked
        self.checked_templates: float | None = None

    def prepare_writing(self, docnames) -> None:
        """Templates and Sphinx's search script are told ``dirhtml``, whose pages these are
        (its search results link to folders; the theme's search form posts to one)."""
        super().prepare_writing(docnames)
        self.globalcontext["builder"] = DirectoryHTMLBuilder.name

    # -- each save -----------------------------------------------------------------------
    def build(self, docnames: Iterable[str] | None, summary: str | None = None,
              method: str = "update") -> None:
        """Sphinx's ``Builder.build()`` step for step (read, outdated dependents, consistency
        check, write, finish), without pickling the environment: :meth:`settle` does."""
        if summary:
            logger.info(bold("building [%s]: ") + summary, self.name)
        with logging.pending_warnings():  # as Sphinx reads: warnings after the progress line
            updated = set(self.read())
        updated.update(self.env.check_dependents(self.sphinx, updated))
        if updated:
            self.unsaved_env = True
            self.phase = BuildPhase.CONSISTENCY_CHECK
            self.env.check_consistency()
        self.phase = BuildPhase.RESOLVING
        if docnames and docnames != ["__all__"]:
            docnames = set(docnames) & self.env.found_docs
        self.parallel_ok = (parallel_available and self.sphinx.parallel > 1
                            and self.allow_parallel
                            and self.sphinx.is_parallel_allowed("write"))
        self.finish_tasks = SerialTasks()
        self.write(docnames, updated, method)
        self.finish()
        self.finish_tasks.join()

    def get_outdated_docs(self):
        """At this application's first build, and after a template changed, Sphinx's check of
        every page's file against its source (and against the build info). After that, every
        page was written from the environment as it then was, so a page is out of date only
        when it is read again or shows data that changed, and ``read()`` and the
        ``env-get-updated`` listeners already give ``write()`` those: no stat of 1,800 pages
        and their files on each save."""
        templates = self.templates.newest_template_mtime() if self.templates else 0.0
        if templates != self.checked_templates:
            yield from super().get_outdated_docs()
            self.checked_templates = templates

    def finish(self) -> None:
        """What a save must show: the pages extensions make (archive pages, which list the
        saved post) and the pictures of the pages written. The rest waits for :meth:`settle`."""
        self.finish_tasks.add_task(self.gen_pages_from_extensions)
        self.finish_tasks.add_task(self.copy_image_files)
        self.unsettled = True

    def load_indexer(self, docnames) -> None:
        """The last build's search index, still in memory, rather than the file on disk,
        which is only rewritten by :meth:`settle`."""
        if self.kept_indexer is None:
            super().load_indexer(docnames)
        else:
            self.indexer = self.kept_indexer
            self.indexer.prune(set(self.env.all_docs).difference(docnames))
        self.kept_indexer = self.indexer

    # -- when idle, and when the preview stops -----------------------------------------------
    @property
    def pending(self) -> bool:
        """Whether :meth:`settle` has anything to do."""
        return self.unsettled or self.unsaved_env

    def settle(self) -> bool:
        """Write what :meth:`finish` left (the search and index pages, the search index,
        ``objects.inv``, ``.buildinfo``) and pickle the environment as Sphinx does; whether
        there was anything to do."""
        done = self.pending
        if self.unsettled:
            self.phase = BuildPhase.RESOLVING
            self.finish_tasks = SerialTasks()
            self.finish_tasks.add_task(self.gen_indices)
            self.finish_tasks.add_task(self.gen_additional_pages)
            self.finish_tasks.add_task(self.write_buildinfo)
            self.handle_finish()
            self.finish_tasks.join()
            self.unsettled = False
        if self.unsaved_env:
            self.save_env()
        return done

    def save_env(self) -> None:
        """The environment where ``sphinx-build`` and the next preview look for it, written
        whole or not at all (the preview may be stopped while it writes)."""
        path = self.doctreedir / ENV_PICKLE_FILENAME
        part = path.with_name(path.name + ".part")
        with open(part, "wb") as file:
            pickle.dump(self.env, file, pickle.HIGHEST_PROTOCOL)
        os.replace(part, path)
        self.unsaved_env = False


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.publish")
    app.add_builder(PreviewBuilder)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
