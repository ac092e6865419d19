"""The parts of the developer guide that would drift if written by hand, read from the code:
the custom Sphinx events with the modules that emit and connect them, every transform and
post-transform in the order Sphinx runs them, and the layouts with their fields.

Events and transforms are found by reading the sub-extensions' source (``app.add_event``,
``app.emit``, ``app.connect``, ``app.add_transform``, ``app.add_post_transform``), so nothing
has to be registered twice; layouts come from :data:`csnet.layouts.LAYOUTS`. Used by the
maintainers' reference only (:mod:`csnet.reference`).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from . import MODULES
from .layouts import LAYOUTS
from .outputs import Ledger
from .site import Record

PACKAGE = Path(__file__).parent
#: the calls of ``app`` that declare, emit and listen to events, and add transforms
CALLS = {"add_event", "emit", "emit_firstresult", "connect", "add_transform",
         "add_post_transform"}


@dataclass
class Event:
    name: str
    declared_in: str = ""
    emitted_in: list[str] = field(default_factory=list)
    listeners: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Step:
    """One transform or post-transform, as Sphinx orders it."""

    priority: int
    kind: str  # "transform" (while reading) or "post-transform" (while writing)
    name: str  # module.Class
    summary: str
    only: str  # the builders or formats a post-transform is limited to, "" for all


def sources() -> list[tuple[str, Path]]:
    """``(module name, file)`` of every module of the sub-extensions (``csnet.MODULES``) and
    of the packages among them; not the importer or the preview, which are programs."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if ".".join(parts[:2]) in MODULES:
            found.append((name, path))
    return found


def calls(path: Path):
    """``(method, first argument, call)`` of every ``x.<method>(...)`` call in ``CALLS``."""
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in CALLS and node.args:
            yield node.func.attr, node.args[0], node


def _resolve(module: ModuleType, dotted: str):
    """The object ``dotted`` names in ``module``, also where ``setup()`` imported it itself
    (``from . import pictures`` then ``pictures.SizeImages``)."""
    first, *rest = dotted.split(".")
    value = getattr(module, first, None)
    if value is None:
        package = module.__name__ if hasattr(module, "__path__") else module.__package__
        value = importlib.import_module(f"{package}.{first}")
    for part in rest:
        value = getattr(value, part)
    return value


def _text(module: ModuleType, argument: ast.expr) -> str | None:
    """A call's first argument as a string: a literal or a module constant (``EVENT``)."""
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return argument.value
    if isinstance(argument, ast.Name):
        value = getattr(module, argument.id, None)
        return value if isinstance(value, str) else None
    return None


def events() -> list[Event]:
    """Every event a sub-extension declares, with who emits it and who listens."""
    found: dict[str, Event] = {}
    seen = []
    for name, path in sources():
        for method, argument, call in calls(path):
            event = _text(importlib.import_module(name), argument)
            if event is None:
                continue
            seen.append((name, method, event, call))
            if method == "add_event":
                found[event] = Event(event, declared_in=name)
    for name, method, event, call in seen:
        if event not in found:
            continue
        if method.startswith("emit"):
            found[event].emitted_in.append(name)
        elif method == "connect" and len(call.args) > 1:
            listener = call.args[1]
            found[event].listeners.append(f"{name} (a lambda)" if isinstance(
                listener, ast.Lambda) else f"{name}.{ast.unparse(listener)}")
    return sorted(found.values(), key=lambda event: event.name)


def steps() -> list[Step]:
    """Every transform and post-transform, in the order Sphinx applies them (by priority;
    transforms while a page is read, post-transforms when it is written)."""
    found = []
    for name, path in sources():
        for method, argument, _ in calls(path):
            if method not in ("add_transform", "add_post_transform"):
                continue
            cls = _resolve(importlib.import_module(name), ast.unparse(argument))
            doc = _sentence(vars(cls).get("__doc__") or getattr(cls, "run", cls.apply).__doc__)
            only = [*getattr(cls, "builders", ()), *getattr(cls, "formats", ())]
            found.append(Step(cls.default_priority,
                              "transform" if method == "add_transform" else "post-transform",
                              f"{cls.__module__}.{cls.__name__}", doc,
                              ", ".join(only)))
    return sorted(found, key=lambda step: (step.kind != "transform", step.priority, step.name))


def _sentence(doc: str | None) -> str:
    """The first sentence of a docstring, as plain text (no ``literal`` marks or roles)."""
    text = " ".join(inspect.cleandoc(doc or "").split("\n\n")[0].split())
    text = re.sub(r":\w+:`~?([^`]+)`", r"\1", text).replace("``", "")
    return re.split(r"(?<=\.)\s(?=[A-Z])", text, maxsplit=1)[0]


@dataclass(frozen=True)
class Kept:
    """One piece of build state: a site Domain record or a ledger file."""

    name: str  # the record's key, or the ledger's file name
    kind: str  # how it is kept
    declared_in: str
    holds: str  # its type, as declared
    about: str


def state() -> list[Kept]:
    """Where build state lives: every :class:`~csnet.site.Record` and
    :class:`~csnet.outputs.Ledger` declared at the top of a module, with its type."""
    found = []
    for name, path in sources():
        module = importlib.import_module(name)
        for node in ast.parse(path.read_text("utf-8")).body:
            target = node.target if isinstance(node, ast.AnnAssign) else (
                node.targets[0] if isinstance(node, ast.Assign) else None)
            value = getattr(module, target.id, None) if isinstance(target, ast.Name) else None
            if isinstance(value, Record):
                kind = "site Domain, " + ("per page" if value.per_page else "per build")
                holds = ast.unparse(node.annotation) if isinstance(node, ast.AnnAssign) else ""
                found.append(Kept(value.key, kind, name, holds.removeprefix("Record"),
                                  value.about))
            elif isinstance(value, Ledger):
                file = f"csnet-{value.name}{'-<builder>' if value.per_builder else ''}.json"
                found.append(Kept(file, "file in the doctree folder", name, "JSON",
                                  value.about))
    return sorted(found, key=lambda kept: (kept.kind, kept.name))


def _literal(text: str) -> nodes.literal:
    return nodes.literal(text, text)


def _row(*cells: list[nodes.Node] | str) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        parts = [nodes.Text(cell)] if isinstance(cell, str) else cell
        entry += nodes.paragraph("", "", *parts)
        row += entry
    return row


def _table(header: tuple[str, ...], rows: list[nodes.row], widths: tuple[int, ...],
           classes: list[str]) -> nodes.table:
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(header))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row(*header)
    body = nodes.tbody()
    body.extend(rows)
    group += [head, body]
    return table


def _names(names: list[str]) -> list[nodes.Node]:
    parts: list[nodes.Node] = []
    for index, name in enumerate(sorted(set(names))):
        parts += [nodes.Text(", ")] * bool(index) + [_literal(name)]
    return parts or [nodes.Text("none")]


class EventsReference(SphinxDirective):
    """The custom Sphinx events: where each is declared, emitted and listened to."""

    def run(self) -> list[nodes.Node]:
        rows = [_row([_literal(event.name)], [_literal(event.declared_in)],
                     _names(event.emitted_in), _names(event.listeners))
                for event in events()]
        return [_table(("Event", "Declared in", "Emitted in", "Listeners"), rows,
                       (20, 15, 15, 50), ["csnet-reference-events"])]


class TransformsReference(SphinxDirective):
    """Every transform and post-transform of the sub-extensions, in the order they run."""

    def run(self) -> list[nodes.Node]:
        rows = [_row(str(step.priority), step.kind, [_literal(step.name)],
                     step.summary + (f" Only for: {step.only}." if step.only else ""))
                for step in steps()]
        return [_table(("Priority", "Kind", "Class", "What it does"), rows,
                       (8, 12, 30, 50), ["csnet-reference-transforms"])]


class StateReference(SphinxDirective):
    """The site Domain's records and the ledger files beside the environment: where each is
    declared, what it holds and why."""

    def run(self) -> list[nodes.Node]:
        rows = [_row([_literal(kept.name)], kept.kind, [_literal(kept.declared_in)],
                     [_literal(kept.holds)] if kept.holds else "", kept.about)
                for kept in state()]
        return [_table(("Key or file", "Kept in", "Declared in", "Holds", "What for"), rows,
                       (20, 15, 15, 20, 30), ["csnet-reference-state"])]


class LayoutsReference(SphinxDirective):
    """Every layout a page can name, and its front-matter fields."""

    def run(self) -> list[nodes.Node]:
        rows = []
        for name, layout in sorted(LAYOUTS.items()):
            fields = []
            for index, item in enumerate(layout.fields):
                fields += [nodes.Text(", ")] * bool(index) + [_literal(item.key)]
                if item.required:
                    fields.append(nodes.Text(" (required)"))
            rows.append(_row([_literal(name)], layout.label, layout.description or "",
                             fields))
        return [_table(("Layout", "Label", "What it is for", "Fields"), rows,
                       (15, 15, 35, 35), ["csnet-reference-layouts"])]


DIRECTIVES = {
    "csnet-events-reference": EventsReference,
    "csnet-transforms-reference": TransformsReference,
    "csnet-layouts-reference": LayoutsReference,
    "csnet-state-reference": StateReference,
}
