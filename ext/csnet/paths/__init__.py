"""No path in content reaches outside the site's folder (``docs/``).

Sphinx copies whatever file a body image or download names into the output
(reference/developer.md#trap-paths-outside:
``![x](../../../../etc/passwd)`` put the server's ``/etc/passwd`` into ``_images/``), and
docutils' ``include``, ``literalinclude``, ``raw`` and ``csv-table`` read any file they are
given. So every way a page names a file is checked where Sphinx allows it, against the real
file (symbolic links followed), before anything is read or copied:

- images, figures and downloads (Markdown, ``{image}``, ``{figure}``, ``{download}``,
  HTML ``<img>``, sphinx-design card images, a news post's front-matter ``image``): a
  transform that runs before Sphinx's image and download collectors (``doctree-read``)
  replaces a node that points outside with its text (the caption, description or link text);
- ``{include}`` in Markdown: MyST reads the file itself, so the ``include-read`` event
  empties it;
- ``include`` (also in ``{eval-rst}``, where ``:literal:`` and ``:code:`` read the file
  without that event: reference/developer.md#trap-paths-outside), ``{literalinclude}`` (and its
  ``:diff:``), ``{raw}``
  and ``{csv-table}`` with ``:file:``: the directives check the path before reading; their
  ``:url:`` option (fetching from the network while building) is refused;
- a page that is a symbolic link to a file outside ``docs/`` is left out of the build;
- a picture or download whose file is not there is a ``csnet.image`` warning and its words
  stay; the page is re-read when the file appears, not on every build (Sphinx re-reads a
  page with a missing file on every build, for ever:
  reference/developer.md#trap-endless-rereads).

Each refusal is a ``csnet.path`` warning naming the line. Links with ``javascript:``,
``vbscript:`` or ``data:`` addresses (an ``{image}`` ``:target:``, a reference) become
their text, with the same warning.

The parts: :mod:`.checks` (what a path or address may be), :mod:`.front_image`,
:mod:`.refuse` (pictures, downloads and links in the doctree), :mod:`.reads` (the directives
that read files) and :mod:`.symlinks` (pages that are links outside ``docs/``).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from ..leftout import EVENT
from ..site import register_directives
from .front_image import front_image
from .reads import DIRECTIVES, empty_outside_include
from .refuse import RefuseOutsideFiles, reread_when_files_appear
from .symlinks import find_outside_pages, report_outside_pages


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.pages")  # the csnet-page-read event
    app.connect("csnet-page-read", front_image)
    app.connect("include-read", empty_outside_include)
    app.setup_extension("csnet.leftout")
    app.connect(EVENT, find_outside_pages)
    app.connect("env-get-outdated", report_outside_pages)
    app.connect("env-get-outdated", reread_when_files_appear)
    app.add_transform(RefuseOutsideFiles)
    register_directives(app, DIRECTIVES, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
