"""Files that directives read themselves: ``include`` (MyST's and docutils'),
``literalinclude``, ``raw`` and ``csv-table``, checked before anything is read."""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst.directives.misc import Raw, adapt_path
from docutils.parsers.rst.directives.tables import CSVTable
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..logs import Warn, warn
from .checks import OUTSIDE, is_inside

_INCLUDE_LINE = re.compile(r"^\s*(?:`{3,}|~{3,}|:{3,})\s*\{include\}\s*(?P<arg>.+?)\s*$"
                           r"|^\s*\.\.\s+include::\s*(?P<rst>.+?)\s*$")


def empty_outside_include(app: Sphinx, relative_path: Path, parent_docname: str,
                          content: list[str]) -> None:
    """``include-read``: the text of a file outside ``docs/`` is never used."""
    if is_inside(Path(app.srcdir, relative_path), app.srcdir):
        return
    docname = app.env.docname or parent_docname
    warn(Warn.PATH, f"the included file {relative_path.as_posix()!r} {OUTSIDE}; it is left "
         "out", (docname, _include_line(app.env, docname, Path(app.srcdir, relative_path))))
    content[0] = ""


def _include_line(env: BuildEnvironment, docname: str, target: Path) -> int | None:
    """The line of the ``{include}`` that names ``target`` (the event does not say)."""
    try:
        lines = Path(env.doc2path(docname)).read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return None
    wanted = target.resolve()
    for number, line in enumerate(lines, 1):
        match = _INCLUDE_LINE.match(line)
        if match:
            argument = match.group("arg") or match.group("rst")
            try:
                if Path(env.relfn2path(argument, docname)[1]) == wanted:
                    return number
            except (OSError, ValueError):
                continue
    return None


class CheckedFileOption(SphinxDirective):
    """Mixin for directives that read the file in ``:file:`` or fetch ``:url:``."""

    def refused(self) -> str | None:
        if "url" in self.options:
            return (f"'{self.name}' with ':url:' fetches from the network while the site is "
                    "built; save the file in docs/ and use ':file:' instead")
        if "file" in self.options:
            path = adapt_path(self.options["file"], self.state.document.current_source,
                              getattr(self.state.document.settings, "root_prefix", ""))
            if not is_inside(Path(self.env.srcdir, path), self.env.srcdir):
                return f"the file {self.options['file']!r} {OUTSIDE}"
        return None

    def run(self) -> list[nodes.Node]:
        problem = self.refused()
        if problem:
            warn(Warn.PATH, f"{problem}; it is left out", self.get_location())
            return []
        return super().run()


class CheckedRaw(CheckedFileOption, Raw):
    pass


class CheckedCSVTable(CheckedFileOption, CSVTable):
    pass


class CheckedArgument(CheckedFileOption):
    """Mixin for directives that read the file named in their argument."""

    def refused(self) -> str | None:
        named = [self.arguments[0]] + ([self.options["diff"]] if "diff" in self.options else [])
        for name in named:
            if name.startswith("<") and name.endswith(">"):
                continue  # docutils' own bundled files (``<isonum.txt>``)
            try:
                absolute = self.env.relfn2path(name)[1]
            except (OSError, ValueError) as error:
                return f"the file {name!r} cannot be a file name ({error})"
            if not is_inside(absolute, self.env.srcdir):
                return f"the file {name!r} {OUTSIDE}"
        return super().refused()


class CheckedLiteralInclude(CheckedArgument, LiteralInclude):
    pass


class CheckedInclude(CheckedArgument, Include):
    """``include`` with ``:literal:`` or ``:code:`` reads the file without the
    ``include-read`` event (reference/developer.md#trap-paths-outside): the path is checked before
    it is read."""


#: Sphinx's directives this module replaces with checked ones (same options)
DIRECTIVES = {
    "raw": CheckedRaw,
    "csv-table": CheckedCSVTable,
    "literalinclude": CheckedLiteralInclude,
    "include": CheckedInclude,
}
