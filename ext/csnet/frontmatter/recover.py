"""Reading a block YAML cannot read as a whole: key by key, and lists item by item.

A mistake then costs only the item it is in (reference/developer.md#trap-yaml). What still
cannot be read is kept as written, with its problem explained at the line the mistake is on.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

import yaml

from .build import SKIP, Builder
from .compose import compose
from .explain import explain_error, indentation
from .model import Path, Problem, Unreadable
from .shape import KEY, indent_of, is_item, significant


class Reader(Builder):
    """Reads the pieces of one block that YAML cannot read together, building each piece that
    it can (:class:`~.build.Builder`) and keeping the rest as written."""

    def piece(self, offset: int, lines: list[str], path: Path, start: int = 0):
        """Read a value that failed as a whole: as a list, a mapping, or kept as written."""
        first = next((i for i, line in enumerate(lines) if significant(line)), None)
        if first is None:
            return None
        indent = indent_of(lines[first])
        if is_item(lines[first], indent):
            return self.sequence(offset, lines, indent, path, start)
        if KEY.match(lines[first]):
            item = next((i for i, line in enumerate(lines)
                         if significant(line) and indent_of(line) < indent), None)
            if item is not None and indent >= 2 and is_item(lines[item], indent - 2):
                return self.undashed(offset, lines, first, item, indent - 2, path, start)
            return self.mapping(offset, lines, indent, path)
        after = next((i for i in range(first + 1, len(lines)) if significant(lines[i]) and (
            is_item(lines[i], indent_of(lines[i])) or KEY.match(lines[i]))), None)
        self.unreadable(offset, lines[:after], path, None)
        if after is None:  # nothing below it that looks like a list or a key
            return SKIP
        return self.piece(offset + after, lines[after:], path, start)

    def undashed(self, offset, lines, first, item, indent, path, start) -> list:
        """A list whose first item has lost its ``- `` (the items below it have theirs)."""
        self.no_dash(offset, lines, first, item)
        fixed = [*lines]
        fixed[first] = " " * indent + "- " + lines[first][indent + 2:]
        try:
            node = compose(offset, fixed)
        except yaml.YAMLError:
            return self.sequence(offset, fixed, indent, path, start)
        built = self.build_list(node, path, start) if isinstance(node, yaml.SequenceNode) else []
        return built if isinstance(built, list) else []

    def sequence(self, offset, lines, indent, path, start: int = 0) -> list:
        starts = [i for i, line in enumerate(lines) if is_item(line, indent)]
        self.leading(offset, lines, starts, path)
        items: list = []
        for begin, end in _spans(starts, len(lines)):
            chunk = lines[begin:end]
            index = start + len(items)
            try:
                node = compose(offset + begin, chunk)
            except yaml.YAMLError as error:
                inner = [" " * (indent + 1) + chunk[0][indent + 1:], *chunk[1:]]
                if KEY.match(inner[0]):  # "- key: value": read the item key by key
                    self.front.lines[(*path, index)] = offset + begin + 2
                    items.append(self.mapping(offset + begin, inner, indent_of(inner[0]),
                                              (*path, index)))
                else:
                    self.unreadable(offset + begin, chunk, path, None, error)
                continue
            if isinstance(node, yaml.SequenceNode):
                built = self.build_list(node, path, index)
                items.extend(built if isinstance(built, list) else [])
        return items

    def mapping(self, offset, lines, indent, path) -> dict:
        starts = [i for i, line in enumerate(lines)
                  if indent_of(line) == indent and KEY.match(line) and not is_item(line, indent)]
        result: dict[str, Any] = {}
        self.leading(offset, lines, starts, path, result)
        lines, starts = self.lost_dash(offset, lines, starts, indent)
        for begin, end in _spans(starts, len(lines)):
            chunk = lines[begin:end]
            try:
                node = compose(offset + begin, chunk)
            except yaml.YAMLError as error:
                self.entry(offset + begin, chunk, path, result, error)
                continue
            if isinstance(node, yaml.MappingNode):
                self.pairs(node.value, path, result)
        return result

    def lost_dash(self, offset, lines, starts, indent):
        """``key:`` with nothing after it, then ``name: x`` where its first ``- name: x`` item
        should be (the dash deleted), then the other items: the list of ``key:``, repaired."""
        for number, (begin, end) in enumerate(_spans(starts, len(lines))):
            if number == 0:
                continue
            before = starts[number - 1]
            empty = not (KEY.match(lines[before]).group("value") or "").strip()
            if not empty or any(significant(x) for x in lines[before + 1:begin]):
                continue
            item = next((i for i in range(begin + 1, end) if is_item(lines[i], indent)), None)
            if item is None:
                continue
            self.no_dash(offset, lines, begin, item)
            lines = [*lines]
            lines[begin] = " " * indent + "- " + lines[begin][indent:]
            return lines, [s for s in starts if s != begin]
        return lines, starts

    def no_dash(self, offset: int, lines: list[str], undashed: int, item: int) -> None:
        """The problem of an item written without its ``- ``, read as if it had one."""
        self.front.problem(offset + undashed + 2, "this item has no '- ' in front of it, "
                           f"unlike the item on line {offset + item + 2}; it was read as if "
                           f"it had one. Write it as '- {lines[undashed].strip()}'")

    def entry(self, offset: int, chunk: list[str], path: Path, result: dict, error) -> None:
        """A ``key: ...`` entry YAML cannot read: its nested value piece by piece, else as
        written (at the top level, a one-line value is kept as the text written)."""
        match = KEY.match(chunk[0])
        key = match.group("key").strip("'\"")
        line = offset + 2
        inline = (match.group("value") or "").strip()
        rest = chunk[1:]
        if (not inline or inline.startswith("#")) and any(significant(x) for x in rest):
            previous = result.get(key, SKIP)
            start = len(previous) if isinstance(previous, list) else 0
            value = self.piece(offset + 1, rest, (*path, key), start)
            if value is not SKIP:
                self.front.lines.setdefault((*path, key), line)
                self.store(result, key, value, path, line, previous)
            return
        self.unreadable(offset, chunk, path, key, error)
        try:  # the key's own line may be fine: keep it (an objective's name, a title)
            node = compose(offset, chunk[:1])
        except yaml.YAMLError:
            node = None
        if isinstance(node, yaml.MappingNode):
            self.pairs(node.value, path, result)
        elif not path:  # a top-level value: keep the text written, so titles survive
            text = re.sub(r"[ \t]+#.*$", "", inline).strip("'\"“”‘’ ")
            self.front.lines[(key,)] = line
            result[key] = text

    def leading(self, offset, lines, starts, path, result: dict | None = None) -> None:
        """Lines before the first key or item of a piece: read if they are entries of a
        mapping written another way (``? key``), else kept as written."""
        end = starts[0] if starts else len(lines)
        if not any(significant(line) for line in lines[:end]):
            return
        try:
            node = compose(offset, lines[:end])
        except yaml.YAMLError:
            node = None
        if result is not None and isinstance(node, yaml.MappingNode):
            self.pairs(node.value, path, result)
        else:
            self.unreadable(offset, lines[:end], path, None)

    def unreadable(self, offset, lines, path, key, error=None) -> None:
        while lines and not significant(lines[-1]):
            lines = lines[:-1]
        first = next(i for i, text in enumerate(lines) if significant(text))
        if error is None:
            try:
                compose(offset, lines)
            except yaml.YAMLError as found:
                error = found
        if error is None:  # readable alone, but not where it is: it does not line up
            line, message = indentation(self.lines, offset + first, 0, "")
        else:
            line, message = self.explain(error, offset, lines)
        self.front.problem(line, message)
        written = textwrap.dedent("\n".join(self.lines[offset + first:offset + len(lines)]))
        self.front.unreadable.setdefault(path, []).append(
            Unreadable(key, written, offset + first + 2, line))

    # -- explaining ----------------------------------------------------------------------------
    def explain(self, error: yaml.YAMLError, offset: int, lines: list[str]) -> Problem:
        """The file line of the mistake behind ``error``, and what to do, in plain words."""
        return Problem(*explain_error(error, self.lines, offset, offset + len(lines)))


def _spans(starts: list[int], end: int):
    """``(begin, end)`` of each piece that starts at one of ``starts``."""
    return zip(starts, [*starts[1:], end][: len(starts)], strict=True)
