"""The maintainers' reference, generated from the code so it cannot drift (as MyST-Parser's
``_docs.py`` does): every directive with its options, every ``conf.py`` setting with its type,
default and help, every option of the HTML theme (read from its own ``theme.toml``, comments
and all), every warning type with its meaning and fix; and for the developer guide, the
events, transforms, build state and layouts (:mod:`csnet.architecture`).

Not part of the ``csnet`` bundle: the reference project (``reference/``, ``nox -s reference``)
loads it, so the network's public site never shows it.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import tomllib
from pathlib import Path
from types import ModuleType

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import MODULES, architecture
from .logs import WARNING_TYPE, Warn
from .settings import Declared, declared
from .site import register_directives
from .theme import THEME


def modules() -> list[ModuleType]:
    return [importlib.import_module(name) for name in MODULES]


def settings_of(module: ModuleType) -> list[type]:
    """The settings dataclasses a module defines (those whose fields all have help)."""
    return [value for value in vars(module).values()
            if dataclasses.is_dataclass(value) and isinstance(value, type)
            and value.__module__ == module.__name__
            and all("help" in field.metadata for field in dataclasses.fields(value))]


def all_settings() -> list[tuple[str, Declared]]:
    return [(module.__name__, item) for module in modules()
            for group in settings_of(module) for item in declared(group)]


def all_directives() -> list[tuple[str, str, type[Directive]]]:
    """``(module, name, class)`` of every directive a module adds or replaces."""
    return [(module.__name__, name, directive) for module in modules()
            for name, directive in getattr(module, "DIRECTIVES", {}).items()]


def _literal(text: str) -> nodes.literal:
    return nodes.literal(text, text)


def _entry(term: list[nodes.Node], *paragraphs: list[nodes.Node] | str
           ) -> nodes.definition_list_item:
    item = nodes.definition_list_item()
    item += nodes.term("", "", *term)
    definition = nodes.definition()
    for paragraph in paragraphs:
        parts = [nodes.Text(paragraph)] if isinstance(paragraph, str) else paragraph
        definition += nodes.paragraph("", "", *parts)
    item += definition
    return item


def _summary(directive: type) -> str:
    """The first paragraph of the class's own docstring (not an inherited one), on one line."""
    doc = inspect.cleandoc(vars(directive).get("__doc__") or "")
    return " ".join(doc.split("\n\n")[0].split()).replace("``", "")


#: docutils' option converters, in words
CONVERTERS = {"unchanged": "text", "unchanged_required": "text, required", "flag": "no value",
              "int": "a whole number", "nonnegative_int": "a whole number",
              "class_option": "class names", "path": "a file", "uri": "a web address"}


class SettingsReference(SphinxDirective):
    """Every ``conf.py`` setting of every sub-extension."""

    def run(self) -> list[nodes.Node]:
        result = nodes.definition_list(classes=["csnet-reference-settings"])
        for module, item in all_settings():
            facts = [nodes.Text("Type "), _literal(item.type_names), nodes.Text(", default "),
                     _literal(repr(item.default)),
                     nodes.Text(f", from {module}; a change rebuilds "
                                f"{'every page' if item.rebuild == 'env' else 'no page'}.")]
            result += _entry([_literal(item.name)], item.help[0].upper() + item.help[1:] + ".",
                             facts, f"If it cannot be used: {item.fix}.")
        return [result]


def _converter(converter: object) -> str:
    name = getattr(converter, "__name__", "").strip("<>")
    return CONVERTERS.get(name, "a value" if name == "lambda" else name.replace("_", " "))


REPLACED = "The standard directive of this name, replaced by a checked one with its options"


class DirectivesReference(SphinxDirective):
    """Every directive, with its argument, content and options."""

    def run(self) -> list[nodes.Node]:
        result = nodes.definition_list(classes=["csnet-reference-directives"])
        for module, name, directive in all_directives():
            arguments = directive.required_arguments + directive.optional_arguments
            shape = (f"From {module}; {arguments or 'no'} argument{'s' * (arguments != 1)}, "
                     f"{'with' if directive.has_content else 'no'} content.")
            options = [nodes.Text("Options: ")]
            for index, (option, converter) in enumerate(sorted(
                    (directive.option_spec or {}).items())):
                if index:
                    options.append(nodes.Text(", "))
                options += [_literal(f":{option}:"),
                            nodes.Text(f" ({_converter(converter)})")]
            if len(options) == 1:
                options.append(nodes.Text("none"))
            result += _entry([_literal(f"{{{name}}}")], _summary(directive) or REPLACED,
                             shape, options)
        return [result]


def theme_options(theme_toml: Path) -> list[tuple[str, object, str]]:
    """``(name, default, meaning)`` of every option a theme declares, in its order: the
    defaults as Sphinx reads them, the meaning from the comment block directly above each."""
    text = theme_toml.read_text("utf-8")
    defaults = tomllib.loads(text).get("options", {})
    meanings: dict[str, str] = {}
    comment: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            comment.append(stripped.lstrip("#").strip())
            continue
        name = stripped.split("=", 1)[0].strip()
        if "=" in stripped and name in defaults and name not in meanings:
            meanings[name] = " ".join(comment)
        comment = []
    return [(name, default, meanings.get(name, "")) for name, default in defaults.items()]


class ThemeOptionsReference(SphinxDirective):
    """Every option of the csnet HTML theme, for ``html_theme_options`` in ``conf.py``."""

    def run(self) -> list[nodes.Node]:
        result = nodes.definition_list(classes=["csnet-reference-theme-options"])
        for name, default, meaning in theme_options(THEME / "theme.toml"):
            result += _entry([_literal(name)], meaning[:1].upper() + meaning[1:] + ".",
                             [nodes.Text("Default "), _literal(repr(default)),
                              nodes.Text(".")])
        return [result]


class WarningsReference(SphinxDirective):
    """Every warning type: what it means and what fixes it."""

    def run(self) -> list[nodes.Node]:
        result = nodes.definition_list(classes=["csnet-reference-warnings"])
        for kind in Warn:
            result += _entry([_literal(f"{WARNING_TYPE}.{kind}")],
                             kind.meaning[0].upper() + kind.meaning[1:] + ".",
                             f"Fix: {kind.fix}.")
        return [result]


#: the directives of the reference project (not in the reference: it is not for sites)
DIRECTIVES = {
    "csnet-settings-reference": SettingsReference,
    "csnet-directives-reference": DirectivesReference,
    "csnet-theme-options-reference": ThemeOptionsReference,
    "csnet-warnings-reference": WarningsReference,
}


def setup(app: Sphinx) -> dict:
    register_directives(app, {**DIRECTIVES, **architecture.DIRECTIVES})
    return {"parallel_read_safe": True, "parallel_write_safe": True}
