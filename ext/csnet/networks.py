"""``network-list``: the departmental and other networks of a data file, with their contacts.

The old site kept its list of networks in ``_data/networks.yml`` (department, network, email,
type, parent) and its theme listed them on the Networks page. Volunteers still edit one YAML
list (``docs/_data/networks.yml``, written by the importer), not a page of Markdown; the page
is rebuilt whenever the file changes (Sphinx's own dependency on a file). A value that cannot
be read is a ``csnet.yaml`` warning at its line; the entries that could be read are listed.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import frontmatter
from .locale import _
from .logs import Warn, warn
from .paths import OUTSIDE, is_inside
from .site import register_directives

DEFAULT_FILE = "/_data/networks.yml"


class NetworkList(SphinxDirective):
    """Every network of ``:file:`` (default ``/_data/networks.yml``), in the file's order:
    its department as a heading, its name, and a link to email it."""

    option_spec = {"file": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        name = self.options.get("file", DEFAULT_FILE).strip()
        relative, absolute = self.env.relfn2path(name, self.env.docname)
        path = Path(absolute)
        if not is_inside(path, self.env.srcdir):
            warn(Warn.PATH, f"network-list file {name!r} {OUTSIDE}", self.get_location())
            return []
        self.env.note_dependency(relative)
        if not path.is_file():
            warn(Warn.LINK, f"network-list: there is no file {name!r} in docs/; add the list "
                 "of networks there (department, network, email for each)",
                 self.get_location())
            return [nodes.paragraph("", _("No networks listed yet."), classes=["csnet-empty"])]
        read = frontmatter.parse("---\nnetworks:\n" + _indented(path) + "---\n")
        for line, problem in read.problems:
            warn(Warn.YAML, f"{problem} (the networks that could be read are listed)",
                 f"{path}:{max(1, line - 2)}")
        entries = read.data.get("networks")
        return render(entries if isinstance(entries, list) else [], self.get_location())


def _indented(path: Path) -> str:
    return "".join(f"  {line}\n" for line in path.read_text("utf-8", "replace").splitlines())


def render(entries: list, location: str) -> list[nodes.Node]:
    """The networks as format-neutral nodes: a list of headed items."""
    items = nodes.bullet_list(classes=["csnet-list", "csnet-network-list", "csnet-full"])
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        department = _text(entry.get("department"))
        network = _text(entry.get("network"))
        email = _text(entry.get("email"))
        if not (department or network):
            warn(Warn.YAML, "a network needs a 'department' or a 'network' name; it is left "
                 f"out ({entry!r})", location)
            continue
        item = nodes.list_item(classes=["csnet-list-item"])
        item += nodes.rubric(department or network, department or network,
                             classes=["csnet-item-title"], **{"heading-level": 2})
        if network and department:
            item += nodes.paragraph(network, network)
        if email:
            link = nodes.reference("", _("Email {network}").format(network=network or
                                                                     department),
                                   refuri=f"mailto:{email}")
            item += nodes.paragraph("", "", link, classes=["csnet-item-meta"])
        items += item
    if not len(items):
        return [nodes.paragraph("", _("No networks listed yet."), classes=["csnet-empty"])]
    return [items]


def _text(value) -> str:
    return "" if value is None or isinstance(value, (bool, dict, list)) else str(value).strip()


#: the directives this module adds (the reference lists each with its options)
DIRECTIVES = {"network-list": NetworkList}


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.site")
    register_directives(app, DIRECTIVES)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
