"""Plain Python values from composed YAML nodes, each value's line kept.

Refuses what would stop or swamp a build (aliases that expand without limit, tags whose
constructors raise, binary data, values that contain themselves) with a problem at its line,
and reports a key given twice (reference/developer.md#trap-yaml).
"""

from __future__ import annotations

import math
from typing import Any

import yaml

from .model import (
    CMS_CANNOT_OPEN,
    MAX_ALIAS_VALUES,
    MAX_TEXT,
    MAX_VALUES,
    FrontMatter,
    Path,
)

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class Refused(Exception):
    """A value we will not build (it expands too far, or contains itself)."""


#: what a value that is left out builds to (``None`` is a value: ``key:`` with nothing after)
SKIP = object()


_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_RESOLVER = yaml.resolver.Resolver()


class Builder:
    """Builds values from one block's nodes, keeping file lines true (+2: 1-based, ---), and
    counting what it builds against the page's budget."""

    def __init__(self, front: FrontMatter, lines: list[str]) -> None:
        self.front = front
        self.lines = lines  # the whole block, as cleaned
        self.built = 0
        self.sizes: dict[int, float] = {}
        self.active: set[int] = set()
        self.seen: set[int] = set()
        self.exhausted = False

    def build(self, node: yaml.Node, path: Path, start: int = 0):
        self.built += 1
        if self.built > MAX_VALUES:
            raise Refused(f"the front matter holds more than {MAX_VALUES:,} values")
        self.front.lines.setdefault(path, node.start_mark.line + 2)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            self.pairs(node.value, path, result)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.child(item, (*path, start + index))
                    for index, item in enumerate(node.value)]
        return self.scalar(node)

    def child(self, node: yaml.Node, path: Path, line: int | None = None):
        """Build ``node`` unless it contains itself or expands too far. With ``line`` (the
        value of a key), refusing it is a problem there and the key is left out; without (a
        list item), the refusal goes up to the value the list is in: one warning, not nine."""
        key = id(node)
        try:
            if key in self.active:
                raise Refused("this value contains itself: an alias ('*name') is used inside "
                               "its own anchor ('&name'), so it would never end. Write the "
                               "value out instead")
            if key in self.seen and self.size(node) > MAX_ALIAS_VALUES:
                raise Refused(f"the aliases ('*name') here stand for more than "
                               f"{MAX_ALIAS_VALUES:,} values; write the values out, or use "
                               "fewer aliases")
            self.seen.add(key)
            self.active.add(key)
            try:
                return self.build(node, path)
            finally:
                self.active.discard(key)
        except Refused as refused:
            if line is None:
                raise
            self.refuse(line, refused)
            return SKIP

    def refuse(self, line: int, refused: Refused) -> None:
        if not self.exhausted:  # past the page's budget, one warning is enough
            self.front.problem(line, f"{refused}; this value is left out")
        self.exhausted = self.built > MAX_VALUES

    def size(self, node: yaml.Node) -> float:
        """How many values ``node`` expands to, aliases counted each time (memoised)."""
        key = id(node)
        if key in self.sizes:
            return self.sizes[key]
        self.sizes[key] = math.inf  # a node inside itself never ends
        children = (
            [v for pair in node.value for v in pair] if isinstance(node, yaml.MappingNode)
            else node.value if isinstance(node, yaml.SequenceNode) else []
        )
        total = 1.0
        for child in children:
            total += self.size(child)
            if total > MAX_VALUES:
                break
        self.sizes[key] = total
        return total

    def pairs(self, pairs, path: Path, result: dict) -> None:
        for key_node, value_node in pairs:
            line = key_node.start_mark.line + 2
            if not isinstance(key_node, yaml.ScalarNode):
                self.front.problem(line, "a key must be a word followed by a colon, not a list "
                                   "or a 'key: value' group; this entry is left out")
                continue
            key = key_node.value  # as written: 'off:' is the key "off", not False
            if key == "<<" and key_node.tag == "tag:yaml.org,2002:merge":
                merged = self.child(value_node, (*path, "<<"), line)
                for part in merged if isinstance(merged, list) else [merged]:
                    if isinstance(part, dict):
                        for name, value in part.items():
                            result.setdefault(name, value)
                continue
            previous = result.get(key, SKIP)
            both_lists = isinstance(previous, list) and isinstance(value_node, yaml.SequenceNode)
            start = len(previous) if both_lists else 0
            if both_lists:
                value = self.build_list(value_node, (*path, key), start)
            else:
                value = self.child(value_node, (*path, key), line)
            if value is SKIP:
                continue
            self.store(result, key, value, path, line, previous)

    def build_list(self, node: yaml.SequenceNode, path: Path, start: int):
        try:
            return self.build(node, path, start)
        except Refused as refused:
            self.refuse(node.start_mark.line + 2, refused)
            return SKIP

    def check_quoted_lines(self, node: yaml.ScalarNode) -> None:
        """Decap's YAML reader refuses a double-quoted value whose next lines start at the
        left edge (reference/developer.md#trap-decap-yaml); this one reads it, so only the
        volunteer who opens the
        page in /admin/ would learn, as "line 1, column 1"."""
        edge = [index + 2 for index in range(node.start_mark.line + 1, node.end_mark.line + 1)
                if index < len(self.lines) and self.lines[index].strip()
                and not self.lines[index][0].isspace()]
        if edge:
            self.front.problem(edge[0], f"{CMS_CANNOT_OPEN}: this line continues the quoted "
                               "text above it but starts at the left edge; indent it (and "
                               "the lines after it) with two spaces")
            self.front.edge_lines += edge

    def store(self, result: dict, key: str, value, path: Path, line: int, previous) -> None:
        """Set ``key``; a key given twice is a problem at the second one
        (reference/developer.md#trap-yaml)."""
        if previous is not SKIP:
            first = self.front.lines.get((*path, key), line)
            if isinstance(previous, list) and isinstance(value, list):
                value = previous + value
                outcome = ("both lists are used, this one after the first; to keep one list, "
                           f"delete this '{key}:' line and line up its items with the first")
            else:
                outcome = ("this value is used and the first is ignored, as Jekyll does; "
                           "delete the one you do not want")
                if path and isinstance(path[-1], int):
                    outcome += ", or, if this line starts a new item, write '- ' before it"
            self.front.problem(line, f"'{key}:' is given twice here (first on line {first}): "
                               f"{outcome}. {CMS_CANNOT_OPEN.capitalize()}: it refuses a key "
                               "given twice")
        else:
            self.front.lines[(*path, key)] = line  # the key's line, not the value's
        result[key] = value

    def scalar(self, node: yaml.ScalarNode):
        line = node.start_mark.line + 2
        if node.style == '"':
            self.check_quoted_lines(node)
        if len(node.value) > MAX_TEXT:
            self.front.problem(line, f"this value is {len(node.value):,} characters long, far "
                               "more than a page shows; check that nothing was pasted by "
                               "mistake")
        if node.tag == _TIMESTAMP:
            return node.value  # read later by csnet.dates, which never raises
        try:
            value = _CONSTRUCTOR.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            self.front.problem(line, f"the tag '{_tag(node.tag)}' is not one YAML knows, so it "
                               "is ignored; remove the tag")
            untagged = _RESOLVER.resolve(yaml.ScalarNode, node.value, (True, False))
            if untagged == node.tag or untagged == _TIMESTAMP:
                return node.value
            return self.scalar(yaml.ScalarNode(untagged, node.value, node.start_mark,
                                               node.end_mark, node.style))
        except Exception:  # noqa: BLE001 - PyYAML raises KeyError, IndexError... on bad tags
            self.front.problem(line, f"'{_clip(node.value)}' is not a valid '{_tag(node.tag)}' "
                               "value; the text is used as written. Remove the tag, or "
                               "correct the value")
            return node.value or None
        finally:  # the constructor caches every node it is given: without this, all pages'
            _CONSTRUCTOR.constructed_objects.clear()  # nodes stayed in memory for the build
            _CONSTRUCTOR.recursive_objects.clear()
        if isinstance(value, bytes):
            self.front.problem(line, "binary data ('!!binary') cannot be shown on a page; the "
                               "text is used as written. Remove the '!!binary' tag")
            return node.value
        if isinstance(value, float) and not math.isfinite(value):
            self.front.problem(line, f"'{_clip(node.value)}' is read by YAML as a special number "
                               "(infinity or 'not a number'); the text is used as written. "
                               "Put it in quotes if you meant text")
            return node.value
        return value


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")
