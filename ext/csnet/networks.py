"""``network-list`` and ``group-list``: the networks and email groups of the site's data files.

The old site kept its list of networks in ``_data/networks.yml`` (department, network, email,
type, parent) and its email groups in ``_data/groups.yml`` (type, name, category, description,
email, url); its theme listed the networks on the Networks page and each topic page offered
its region's or programme's group. Volunteers still edit one YAML list each
(``docs/_data/*.yml``, written by the importer), not a page of Markdown; a page is rebuilt
whenever its file changes (Sphinx's own dependency on a file). A value that cannot be read is
a ``csnet.yaml`` warning at its line; the entries that could be read are listed.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import frontmatter
from .locale import _
from .logs import Warn, warn
from .paths.checks import OUTSIDE, is_inside
from .site import register_directives

DEFAULT_FILE = "/_data/networks.yml"
GROUPS_FILE = "/_data/groups.yml"


class DataList(SphinxDirective):
    """A list read from a YAML data file of ``docs/`` (``:file:``, else ``default_file``)."""

    option_spec = {"file": directives.unchanged_required}
    default_file = ""
    what = ""  # "networks": in warnings and the empty list's words

    def entries(self) -> list[dict] | None:
        """The file's entries that are mappings; ``None`` when there is no file to read."""
        name = self.options.get("file", self.default_file).strip()
        relative, absolute = self.env.relfn2path(name, self.env.docname)
        path = Path(absolute)
        if not is_inside(path, self.env.srcdir):
            warn(Warn.PATH, f"{self.name} file {name!r} {OUTSIDE}", self.get_location())
            return None
        self.env.note_dependency(relative)
        if not path.is_file():
            warn(Warn.LINK, f"{self.name}: there is no file {name!r} in docs/; add the list "
                 f"of {self.what} there", self.get_location())
            return None
        read = frontmatter.parse("---\nentries:\n" + _indented(path) + "---\n")
        for line, problem in read.problems:
            warn(Warn.YAML, f"{problem} (the {self.what} that could be read are listed)",
                 f"{path}:{max(1, line - 2)}")
        found = read.data.get("entries")
        return [e for e in found if isinstance(e, dict)] if isinstance(found, list) else []


class NetworkList(DataList):
    """Every network of ``:file:`` (default ``/_data/networks.yml``), in the file's order:
    its department as a heading, its name, and a link to email it."""

    default_file = DEFAULT_FILE
    what = "networks (department, network, email for each)"

    def run(self) -> list[nodes.Node]:
        entries = self.entries()
        if entries is None:
            return [nodes.paragraph("", _("No networks listed yet."), classes=["csnet-empty"])]
        return render(entries, self.get_location())


class GroupList(DataList):
    """The email groups of ``:file:`` (default ``/_data/groups.yml``), or only those of one
    ``:category:`` (a topic page's region or programme): each with what it is for and how to
    join and leave it, as the old theme showed them."""

    option_spec = {**DataList.option_spec, "category": directives.unchanged}
    default_file = GROUPS_FILE
    what = "email groups (name, category, description, email for each)"

    def run(self) -> list[nodes.Node]:
        entries = self.entries() or []
        category = self.options.get("category", "").strip().lower()
        if category:
            entries = [e for e in entries if _text(e.get("category")).lower() == category]
        return render_groups(entries, self.get_location())


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
        if email and not _is_address(email):
            warn(Warn.YAML, f"the network {network or department!r} has an email that is not "
                 f"one address ({email!r}); write it as name@example.gov.uk", location)
        elif email:
            link = nodes.reference("", _("Email {network}").format(network=network or
                                                                     department),
                                   refuri=f"mailto:{email}")
            item += nodes.paragraph("", "", link, classes=["csnet-item-meta"])
        items += item
    if not len(items):
        return [nodes.paragraph("", _("No networks listed yet."), classes=["csnet-empty"])]
    return [items]


def _is_address(email: str) -> bool:
    """One plain address: nothing a mail link could carry further (``?cc=``, a second ``@``)."""
    return re.fullmatch(r"[^@\s?&/:,;]+@[^@\s?&/:,;]+\.[^@\s?&/:,;]+", email) is not None


def _text(value) -> str:
    return "" if value is None or isinstance(value, (bool, dict, list)) else str(value).strip()


def render_groups(entries: list, location: str) -> list[nodes.Node]:
    """Each group with its description and mail links to join and leave it: the addresses
    Google Groups answers (``name+subscribe@``, ``name+unsubscribe@``), as the old theme
    wrote them, and the group's own page when it has one."""
    items = nodes.bullet_list(classes=["csnet-list", "csnet-group-list", "csnet-full"])
    for entry in entries:
        name, email = _text(entry.get("name")), _text(entry.get("email"))
        if not name or not _is_address(email):
            warn(Warn.YAML, "an email group needs a 'name' and an 'email' address; it is left "
                 f"out ({entry!r})", location)
            continue
        item = nodes.list_item(classes=["csnet-list-item"])
        item += nodes.rubric(name, _("{name} email group").format(name=name),
                             classes=["csnet-item-title"], **{"heading-level": 3})
        description = _text(entry.get("description"))
        if description:
            item += nodes.paragraph(description, description)
        user, _at, host = email.partition("@")
        actions = nodes.paragraph(classes=["csnet-item-meta"])
        for index, (words, action) in enumerate((
                (_("Join the {name} group by email"), "subscribe"),
                (_("Leave the {name} group"), "unsubscribe"))):
            if index:
                actions += nodes.Text(" · ")
            actions += nodes.reference("", words.format(name=name),
                                       refuri=f"mailto:{user}+{action}@{host}"
                                              f"?subject={action.upper()}")
        url = _text(entry.get("url"))
        if url.startswith("https://"):
            actions += nodes.Text(" · ")
            actions += nodes.reference("", _("The group's page"), refuri=url)
        item += actions
        items += item
    return [items] if len(items) else []


#: the directives this module adds (the reference lists each with its options)
DIRECTIVES = {"network-list": NetworkList, "group-list": GroupList}


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.site")
    register_directives(app, DIRECTIVES)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
