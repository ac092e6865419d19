"""One tolerant front-matter loader for every page, keeping the line of every value.

Jekyll (libyaml) accepts what PyYAML's pure loader rejects, such as a tab before a comment, and
volunteers write impossible dates that make PyYAML raise ``ValueError``. So we compose the YAML
into nodes ourselves, build plain Python values from them, keep timestamps as the text written
(:mod:`csnet.dates` reads them), and record ``path -> line`` so that every warning can name the
file and line of the value at fault.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_TAB_BEFORE_COMMENT = re.compile(r"[ \t]*\t[ \t]*(?=#)")
_DELIMITER = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(---|\.\.\.)[ \t]*$")

Path = tuple  # of str keys and int indexes


@dataclass
class FrontMatter:
    """Front matter read from one page: values, where they were, and what went wrong."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[Path, int] = field(default_factory=dict)
    #: lines the block takes at the top of the file, delimiters included (0 when none)
    length: int = 0
    #: ``(line, message)`` for YAML that could not be read
    problems: list[tuple[int, str]] = field(default_factory=list)

    def line(self, *path) -> int:
        """The 1-based line of ``path``, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def split(text: str) -> tuple[str | None, int]:
    """Return ``(yaml_text, length)`` of a leading ``---`` block, or ``(None, 0)``."""
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or not _DELIMITER.match(lines[0]):
        return None, 0
    for index in range(1, len(lines)):
        if _END.match(lines[index]):
            return "\n".join(lines[1:index]), index + 1
    return None, 0


def parse(text: str) -> FrontMatter:
    """Read the front matter at the top of ``text`` (the whole page source)."""
    yaml_text, length = split(text)
    if yaml_text is None:
        return FrontMatter()
    front = FrontMatter(length=length)
    try:
        root = _compose(yaml_text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        front.problems.append((line, f"front matter is not valid YAML: {_describe(error)}"))
        _salvage(yaml_text, front)
        return front
    if root is None:
        return front
    data = _build(root, (), front.lines)
    if isinstance(data, dict):
        front.data = data
    else:
        front.problems.append((2, "front matter should be 'key: value' lines"))
    return front


def _compose(yaml_text: str):
    try:
        return yaml.compose(yaml_text, Loader=_LOADER)
    except yaml.YAMLError:
        if _LOADER is yaml.SafeLoader and "\t" in yaml_text:  # no libyaml: do what it does
            return yaml.compose(_TAB_BEFORE_COMMENT.sub(" ", yaml_text), Loader=_LOADER)
        raise


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _build(node: yaml.Node, path: Path, lines: dict[Path, int]):
    lines[path] = node.start_mark.line + 2  # +1 for 1-based, +1 for the opening ---
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(_scalar(key_node)) if isinstance(key_node, yaml.ScalarNode) else "?"
            if key == "<<":  # merge key: fold the merged mapping in
                merged = _build(value_node, path, {})
                if isinstance(merged, dict):
                    result = {**merged, **result}
                continue
            result[key] = _build(value_node, (*path, key), lines)
            lines[(*path, key)] = key_node.start_mark.line + 2  # the key's line, not the value's
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, index), lines) for index, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.ScalarNode):
    if node.tag == _TIMESTAMP:
        return node.value  # read later by csnet.dates, which never raises
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError):
        return node.value
    finally:  # the constructor caches every node it is given: without this, all pages' nodes
        _CONSTRUCTOR.constructed_objects.clear()  # stayed in memory for the whole build
        _CONSTRUCTOR.recursive_objects.clear()


_TOP_LEVEL = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*(?:#.*)?$")


def _salvage(yaml_text: str, front: FrontMatter) -> None:
    """Keep the simple ``key: value`` lines of broken front matter so titles survive."""
    for number, raw in enumerate(yaml_text.split("\n"), start=2):
        match = _TOP_LEVEL.match(raw)
        if not match or not match.group(2):
            continue
        key, value = match.groups()
        try:
            loaded = yaml.load(value, Loader=_LOADER)
        except (yaml.YAMLError, ValueError):
            loaded = None
        scalar = isinstance(loaded, str | int | float | bool) and not value.startswith("[")
        front.data[key] = loaded if scalar else value.strip("'\"")
        front.lines[(key,)] = number


def _describe(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    return f"{context}, {problem}" if context else problem


def blank_out(text: str, length: int) -> str:
    """Replace the first ``length`` lines with empty lines so body line numbers stay true."""
    if not length:
        return text
    lines = text.split("\n")
    return "\n" * length + "\n".join(lines[length:])
