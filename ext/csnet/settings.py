"""Typed settings: one dataclass per sub-extension holds each ``conf.py`` value's default,
type and help, as MyST-Parser's ``MdParserConfig`` does, so registration, checking and the
maintainers' reference (``nox -s reference``) cannot disagree.

A value of the wrong type, or one its ``check`` refuses, is a ``csnet.config`` warning at its
line in ``conf.py`` that names the setting and the fix; the default is then used, so no value
in ``conf.py`` stops the build. Checks run at ``config-inited`` before Sphinx's own type check
(priority 800), which therefore never sees a value we already reported.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable
from copy import deepcopy
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from .logs import Warn, warn

#: ``check(value) -> problem`` (a sentence naming the setting) or ``None`` when usable
Check = Callable[[Any], str | None]


def setting(default: Any, help: str, *, rebuild: str = "env", check: Check | None = None,
            kind: str = "", fix: str = "") -> Any:
    """A dataclass field for one ``conf.py`` value. ``kind`` says in words what the value
    should be, ``fix`` what to do about a bad one (both for messages and the reference);
    ``check`` sees every value, of any type; ``rebuild`` is Sphinx's ("env", "html", "")."""
    return dataclasses.field(default_factory=lambda: deepcopy(default), metadata={
        "help": help, "rebuild": rebuild, "check": check, "kind": kind, "fix": fix})


@dataclasses.dataclass(frozen=True)
class Declared:
    """One setting as registered with Sphinx."""

    name: str
    default: Any
    types: frozenset[type]
    help: str
    rebuild: str
    kind: str
    check: Check | None
    fix: str

    @property
    def type_names(self) -> str:
        return " or ".join(sorted("None" if t is type(None) else t.__name__ for t in self.types))


def declared(settings: type) -> list[Declared]:
    """The settings of one dataclass, types read from its annotations."""
    hints = typing.get_type_hints(settings)
    result = []
    for field in dataclasses.fields(settings):
        hint = hints[field.name]
        parts = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        kinds = frozenset(typing.get_origin(part) or part for part in parts)
        meta = field.metadata
        result.append(Declared(field.name, field.default_factory(), kinds, meta["help"],
                               meta["rebuild"], meta["kind"] or _kind_words(kinds),
                               meta["check"], meta["fix"] or _fix_words(field.name,
                                                                        field.default_factory())))
    return result


def _kind_words(kinds: frozenset[type]) -> str:
    words = {str: "text in quotes", bool: "True or False", int: "a whole number",
             list: "a list in [brackets]", tuple: "a list in [brackets]", type(None): "None"}
    return " or ".join(dict.fromkeys(words.get(kind, kind.__name__) for kind in kinds))


def register(app: Sphinx, settings: type) -> None:
    """Declare every setting of ``settings`` with Sphinx and check them when conf.py is read."""
    for item in declared(settings):
        app.add_config_value(item.name, item.default, item.rebuild, types=item.types,
                             description=item.help)

    def check(app: Sphinx, config: Config) -> None:
        for item in declared(settings):
            value = config[item.name]
            problem = item.check(value) if item.check else None
            if problem is None and not isinstance(value, tuple(item.types)):
                problem = f"{item.name} = {value!r} cannot be used: it should be {item.kind}"
            if problem is None:
                continue
            warn(Warn.CONFIG, f"{problem}. {item.fix}", conf_location(app, item.name))
            config[item.name] = item.default

    app.connect("config-inited", check, priority=400)


def _fix_words(name: str, default: Any) -> str:
    return f"Correct {name} in conf.py, or remove it; until then {default!r} is used"


def conf_location(app: Sphinx, name: str) -> str:
    """``conf.py:LINE`` of the last line that sets ``name`` (the path alone when none does:
    the value came from ``-D``)."""
    conf = Path(app.confdir) / "conf.py"
    location = str(conf)
    try:
        lines = conf.read_text("utf-8").split("\n")
    except OSError:
        lines = []
    for number, line in enumerate(lines, start=1):
        if re.match(rf"\s*{re.escape(name)}\s*=", line):
            location = f"{conf}:{number}"
    return location
