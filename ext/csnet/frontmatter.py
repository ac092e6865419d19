"""One tolerant front-matter loader for every page, keeping the line of every value.

Jekyll (libyaml) accepts what PyYAML's pure loader rejects, such as a tab before a comment, and
volunteers write impossible dates that make PyYAML raise ``ValueError``. So we compose the YAML
into nodes ourselves, build plain Python values from them, keep timestamps as the text written
(:mod:`csnet.dates` reads them), and record ``path -> line`` so that every warning can name the
file and line of the value at fault.

A mistake costs at most the item it is in (reference/developer.md#trap-yaml): when YAML cannot
read the block, it
is read again key by key, and lists item by item (the shape of volunteers' files: a list of
objectives, each with a list of milestones). What still cannot be read is kept as written in
:attr:`FrontMatter.unreadable`, and its problem is described in words a volunteer knows, at the
line the mistake is on. Values that make YAML's constructors raise (``!!bool`` with no value,
``!!binary``, unknown tags), aliases that expand without limit and nesting too deep to read
are refused with a problem, never an exception.
"""

from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

_LOADER = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_TAB_BEFORE_COMMENT = re.compile(r"[ \t]*\t[ \t]*(?=#)")
_DELIMITER = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(---|\.\.\.)[ \t]*$")
#: a ``key:`` at the start of a line (after any indentation and ``- ``)
_KEY = re.compile(r"""^(?P<indent>[ ]*)(?P<key>"[^"\n]*"|'[^'\n]*'|[^\s#'"\-?:,\[\]{}][^#\n]*?)"""
                  r"""[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*$""")
#: ``key:value``: a colon with no space after it (not a URL's ``://``)
_GLUED = re.compile(r"^[ ]*(?:- )?[\w-]+:(?=[^\s:/])")
_CURLY = re.compile("[\u201c\u201d\u2018\u2019]")

#: how deep values may nest (brackets, or indentation): no page needs more, and the YAML
#: composer recurses (libyaml's overflows the C stack on about 100,000 brackets)
MAX_DEPTH = 50
#: values one alias may stand for, and values one page may hold ("billion laughs")
MAX_ALIAS_VALUES = 10_000
MAX_VALUES = 200_000
#: longer values are kept, with a warning: they are most likely pasted by mistake
MAX_TEXT = 100_000

Path = tuple  # of str keys and int indexes


#: how a warning says that Decap (/admin/) will refuse the page
#: (reference/developer.md#trap-decap-yaml)
CMS_CANNOT_OPEN = "the content manager cannot open this page"


class Problem(NamedTuple):
    """YAML that could not be read as written: the file line and what to do about it."""

    line: int
    message: str


@dataclass(frozen=True)
class Unreadable:
    """Lines YAML could not read, kept as written so the page can show them to the editor."""

    #: the key of the entry, when its ``key:`` line could be read
    key: str | None
    #: the lines as written
    source: str
    #: the first line of ``source`` in the file
    line: int
    #: the line the warning names
    error_line: int


@dataclass
class FrontMatter:
    """Front matter read from one page: values, where they were, and what went wrong."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[Path, int] = field(default_factory=dict)
    #: lines the block takes at the top of the file, delimiters included (0 when none)
    length: int = 0
    #: ``(line, message)`` for YAML that could not be read or values that were refused
    problems: list[Problem] = field(default_factory=list)
    #: what could not be read, by the path of the list or mapping it was in
    unreadable: dict[Path, list[Unreadable]] = field(default_factory=dict)
    #: lines of double-quoted text that start at the left edge, which Decap refuses
    edge_lines: list[int] = field(default_factory=list)

    def line(self, *path) -> int:
        """The 1-based line of ``path``, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and a lone ``\\r`` are line breaks to editors, YAML and MyST alike."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str) -> tuple[str | None, int]:
    """Return ``(yaml_text, length)`` of a leading ``---`` block, or ``(None, 0)``."""
    lines = normalise_newlines(text.lstrip("\ufeff")).split("\n")
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
    lines = _clean(yaml_text.split("\n"), front, nbsp=False)
    reader = _Reader(front, lines)
    try:
        try:
            root = reader.compose(0, lines)
        except yaml.YAMLError:
            if "\u00a0" not in yaml_text:
                raise
            front.problems.clear()
            reader.lines = lines = _clean(yaml_text.split("\n"), front, nbsp=True)
            root = reader.compose(0, lines)
    except yaml.YAMLError as error:
        before = len(front.problems)
        front.data = reader.mapping(0, lines, 0, ())
        if len(front.problems) == before:  # no piece failed alone: report the whole
            front.problem(*reader.explain(error, 0, lines))
        return front
    if root is None:
        return front
    if isinstance(root, yaml.MappingNode):
        front.data = reader.build(root, ())
    else:
        front.problem(2, "front matter should be 'key: value' lines, such as 'title: My page'")
    return front


# -- cleaning what editors paste -------------------------------------------------------------
_INVISIBLE_BREAKS = {"\u2028": "line separator (U+2028)", "\u2029": "paragraph separator "
                     "(U+2029)", "\x85": "next-line character (U+0085)"}
#: characters YAML refuses outright (control characters), and the breaks it counts as lines
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
                      "\u2028\u2029\x85]")


def _clean(lines: list[str], front: FrontMatter, nbsp: bool) -> list[str]:
    """Replace what YAML would miscount or refuse, and say so at its line.

    YAML counts U+2028, U+2029 and U+0085 as line breaks (editors do not), so they would shift
    every later line number; control characters make YAML refuse the whole block. With
    ``nbsp`` (the block cannot be read as it is), a non-breaking space where YAML needs a space,
    invisible to the editor, is read as a space.
    """
    cleaned = []
    for number, line in enumerate(lines, start=2):
        found = sorted(set(_REFUSED.findall(line)))
        if found:
            names = ", ".join(_INVISIBLE_BREAKS.get(c, f"control character U+{ord(c):04X}")
                              for c in found)
            front.problem(number, f"this line contains an invisible {names}, often pasted from "
                          "a web page or a word processor; it was read as a space. Delete it")
            line = _REFUSED.sub(" ", line)
        if nbsp and "\u00a0" in line:
            fixed = _nbsp_as_spaces(line)
            if fixed != line:
                front.problem(number, "this line contains a non-breaking space where YAML needs "
                              "an ordinary space (often pasted from a web page or a word "
                              "processor); it was read as a space. Retype the spaces on this "
                              "line")
                line = fixed
        cleaned.append(line)
    return cleaned


def _nbsp_as_spaces(line: str) -> str:
    """Non-breaking spaces in the indentation, after ``- `` or after ``key:``, as spaces."""
    indent = re.match(r"^[ \t\u00a0-]*", line).group(0)
    line = indent.replace("\u00a0", " ") + line[len(indent):]
    return re.sub(r"(?<=:)\u00a0+", lambda m: " " * len(m.group(0)), line)


# -- reading ---------------------------------------------------------------------------------
class _Refused(Exception):
    """A value we will not build (it expands too far, or contains itself)."""


class _DepthError(yaml.YAMLError):
    def __init__(self, line: int, column: int) -> None:
        self.problem = "nested too deeply"
        self.context = None
        self.context_mark = None
        self.problem_mark = yaml.Mark("<front matter>", 0, line, column, None, None)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _significant(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _is_item(line: str, indent: int) -> bool:
    rest = line[indent:]
    return _indent(line) == indent and (rest == "-" or rest.startswith(("- ", "-\t")))


_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_RESOLVER = yaml.resolver.Resolver()


class _Reader:
    """Composes and builds pieces of one block, keeping file lines true (+2: 1-based, ---)."""

    def __init__(self, front: FrontMatter, lines: list[str]) -> None:
        self.front = front
        self.lines = lines  # the whole block, as cleaned
        self.built = 0
        self.sizes: dict[int, float] = {}
        self.active: set[int] = set()
        self.seen: set[int] = set()
        self.exhausted = False

    # -- composing -------------------------------------------------------------------------
    def compose(self, offset: int, lines: list[str]):
        """Compose ``lines`` (which start at block line ``offset``) with true line numbers."""
        self.check_depth(offset, lines)
        text = "\n" * offset + "\n".join(lines)
        try:
            return yaml.compose(text, Loader=_LOADER)
        except yaml.YAMLError:
            if _LOADER is yaml.SafeLoader and "\t" in text:  # no libyaml: do what it does
                return yaml.compose(_TAB_BEFORE_COMMENT.sub(" ", text), Loader=_LOADER)
            raise
        except RecursionError:  # pragma: no cover - check_depth keeps nesting shallower
            raise _DepthError(offset, 0) from None

    @staticmethod
    def check_depth(offset: int, lines: list[str]) -> None:
        """Refuse nesting deeper than :data:`MAX_DEPTH` before YAML recurses into it."""
        depth = 0
        for number, line in enumerate(lines):
            block = len(line) - len(line.lstrip(" -?:"))
            if block > 4 * MAX_DEPTH and _significant(line):
                raise _DepthError(offset + number, block)
            for column, char in enumerate(line):
                if char in "[{":
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise _DepthError(offset + number, column)
                elif char in "]}":
                    depth = max(depth - 1, 0)

    # -- building values from nodes --------------------------------------------------------
    def build(self, node: yaml.Node, path: Path, start: int = 0):
        self.built += 1
        if self.built > MAX_VALUES:
            raise _Refused(f"the front matter holds more than {MAX_VALUES:,} values")
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
                raise _Refused("this value contains itself: an alias ('*name') is used inside "
                               "its own anchor ('&name'), so it would never end. Write the "
                               "value out instead")
            if key in self.seen and self.size(node) > MAX_ALIAS_VALUES:
                raise _Refused(f"the aliases ('*name') here stand for more than "
                               f"{MAX_ALIAS_VALUES:,} values; write the values out, or use "
                               "fewer aliases")
            self.seen.add(key)
            self.active.add(key)
            try:
                return self.build(node, path)
            finally:
                self.active.discard(key)
        except _Refused as refused:
            if line is None:
                raise
            self.refuse(line, refused)
            return _SKIP

    def refuse(self, line: int, refused: _Refused) -> None:
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
            previous = result.get(key, _SKIP)
            both_lists = isinstance(previous, list) and isinstance(value_node, yaml.SequenceNode)
            start = len(previous) if both_lists else 0
            if both_lists:
                value = self.build_list(value_node, (*path, key), start)
            else:
                value = self.child(value_node, (*path, key), line)
            if value is _SKIP:
                continue
            self.store(result, key, value, path, line, previous)

    def build_list(self, node: yaml.SequenceNode, path: Path, start: int):
        try:
            return self.build(node, path, start)
        except _Refused as refused:
            self.refuse(node.start_mark.line + 2, refused)
            return _SKIP

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
        if previous is not _SKIP:
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

    # -- recovering pieces of a block YAML cannot read ---------------------------------------
    def piece(self, offset: int, lines: list[str], path: Path, start: int = 0):
        """Read a value that failed as a whole: as a list, a mapping, or kept as written."""
        first = next((i for i, line in enumerate(lines) if _significant(line)), None)
        if first is None:
            return None
        indent = _indent(lines[first])
        if _is_item(lines[first], indent):
            return self.sequence(offset, lines, indent, path, start)
        if _KEY.match(lines[first]):
            item = next((i for i, line in enumerate(lines)
                         if _significant(line) and _indent(line) < indent), None)
            if item is not None and indent >= 2 and _is_item(lines[item], indent - 2):
                return self.undashed(offset, lines, first, item, indent - 2, path, start)
            return self.mapping(offset, lines, indent, path)
        after = next((i for i in range(first + 1, len(lines)) if _significant(lines[i]) and (
            _is_item(lines[i], _indent(lines[i])) or _KEY.match(lines[i]))), None)
        self.unreadable(offset, lines[:after], path, None)
        if after is None:  # nothing below it that looks like a list or a key
            return _SKIP
        return self.piece(offset + after, lines[after:], path, start)

    def undashed(self, offset, lines, first, item, indent, path, start) -> list:
        """A list whose first item has lost its ``- `` (the items below it have theirs)."""
        self.front.problem(offset + first + 2, f"this item has no '- ' in front of it, unlike "
                           f"the item on line {offset + item + 2}; it was read as if it had "
                           f"one. Write it as '- {lines[first].strip()}'")
        fixed = [*lines]
        fixed[first] = " " * indent + "- " + lines[first][indent + 2:]
        try:
            node = self.compose(offset, fixed)
        except yaml.YAMLError:
            return self.sequence(offset, fixed, indent, path, start)
        built = self.build_list(node, path, start) if isinstance(node, yaml.SequenceNode) else []
        return built if isinstance(built, list) else []

    def sequence(self, offset, lines, indent, path, start: int = 0) -> list:
        starts = [i for i, line in enumerate(lines) if _is_item(line, indent)]
        self.leading(offset, lines, starts, path)
        items: list = []
        for begin, end in _spans(starts, len(lines)):
            chunk = lines[begin:end]
            index = start + len(items)
            try:
                node = self.compose(offset + begin, chunk)
            except yaml.YAMLError as error:
                inner = [" " * (indent + 1) + chunk[0][indent + 1:], *chunk[1:]]
                if _KEY.match(inner[0]):  # "- key: value": read the item key by key
                    self.front.lines[(*path, index)] = offset + begin + 2
                    items.append(self.mapping(offset + begin, inner, _indent(inner[0]),
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
                  if _indent(line) == indent and _KEY.match(line) and not _is_item(line, indent)]
        result: dict[str, Any] = {}
        self.leading(offset, lines, starts, path, result)
        lines, starts = self.lost_dash(offset, lines, starts, indent)
        for begin, end in _spans(starts, len(lines)):
            chunk = lines[begin:end]
            try:
                node = self.compose(offset + begin, chunk)
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
            empty = not (_KEY.match(lines[before]).group("value") or "").strip()
            if not empty or any(_significant(x) for x in lines[before + 1:begin]):
                continue
            item = next((i for i in range(begin + 1, end) if _is_item(lines[i], indent)), None)
            if item is None:
                continue
            self.front.problem(offset + begin + 2, "this item has no '- ' in front of it, "
                               f"unlike the item on line {offset + item + 2}; it was read as if "
                               f"it had one. Write it as '- {lines[begin].strip()}'")
            lines = [*lines]
            lines[begin] = " " * indent + "- " + lines[begin][indent:]
            return lines, [s for s in starts if s != begin]
        return lines, starts

    def entry(self, offset: int, chunk: list[str], path: Path, result: dict, error) -> None:
        """A ``key: ...`` entry YAML cannot read: its nested value piece by piece, else as
        written (at the top level, a one-line value is kept as the text written)."""
        match = _KEY.match(chunk[0])
        key = match.group("key").strip("'\"")
        line = offset + 2
        inline = (match.group("value") or "").strip()
        rest = chunk[1:]
        if (not inline or inline.startswith("#")) and any(_significant(x) for x in rest):
            previous = result.get(key, _SKIP)
            start = len(previous) if isinstance(previous, list) else 0
            value = self.piece(offset + 1, rest, (*path, key), start)
            if value is not _SKIP:
                self.front.lines.setdefault((*path, key), line)
                self.store(result, key, value, path, line, previous)
            return
        self.unreadable(offset, chunk, path, key, error)
        try:  # the key's own line may be fine: keep it (an objective's name, a title)
            node = self.compose(offset, chunk[:1])
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
        if not any(_significant(line) for line in lines[:end]):
            return
        try:
            node = self.compose(offset, lines[:end])
        except yaml.YAMLError:
            node = None
        if result is not None and isinstance(node, yaml.MappingNode):
            self.pairs(node.value, path, result)
        else:
            self.unreadable(offset, lines[:end], path, None)

    def unreadable(self, offset, lines, path, key, error=None) -> None:
        while lines and not _significant(lines[-1]):
            lines = lines[:-1]
        first = next(i for i, text in enumerate(lines) if _significant(text))
        if error is None:
            try:
                self.compose(offset, lines)
            except yaml.YAMLError as found:
                error = found
        if error is None:  # readable alone, but not where it is: it does not line up
            line, message = _indentation(self.lines, offset + first, 0, "")
        else:
            line, message = self.explain(error, offset, lines)
        self.front.problem(line, message)
        written = textwrap.dedent("\n".join(self.lines[offset + first:offset + len(lines)]))
        self.front.unreadable.setdefault(path, []).append(
            Unreadable(key, written, offset + first + 2, line))

    # -- explaining ----------------------------------------------------------------------------
    def explain(self, error: yaml.YAMLError, offset: int, lines: list[str]) -> Problem:
        """The file line of the mistake behind ``error``, and what to do, in plain words."""
        return Problem(*_explain(error, self.lines, offset, offset + len(lines)))


_SKIP = object()


def _spans(starts: list[int], end: int):
    """``(begin, end)`` of each piece that starts at one of ``starts``."""
    return zip(starts, [*starts[1:], end][: len(starts)], strict=True)


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _explain(error, lines: list[str], start: int, end: int) -> tuple[int, str]:
    """Line (1-based, in the file) and message for ``error`` in block ``lines[start:end]``.

    YAML reports where it noticed the mistake, often a line later (a missing colon, an
    unclosed quote); the mistakes volunteers make have shapes we can recognise.
    """
    problem = str(getattr(error, "problem", "") or error)
    context = str(getattr(error, "context", "") or "")
    mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    at = min(max(mark.line if mark else start, start), max(end - 1, start))
    column = mark.column if mark else 0

    def said(index: int, message: str) -> tuple[int, str]:
        text = lines[index] if index < len(lines) else ""
        if _CURLY.search(text):
            message += (". This line contains a curly quote (“ ” ‘ ’), which YAML does not "
                        "read as a quote: type straight quotes (\" or ') instead")
        return index + 2, message

    if isinstance(error, _DepthError):
        return said(at, f"values here are nested more than {MAX_DEPTH} levels deep, which no "
                    "page needs; this part is left out. Check the brackets and indentation")
    for index in range(start, at + 1):
        quote = _unclosed_quote(lines[index]) if index < len(lines) else None
        if quote:
            return said(index, f"a quote ({quote}) opened on this line is never closed; add the "
                        f"closing {quote} at the end of the value")
    if "flow" in context and context_mark is not None:
        index = min(max(context_mark.line, start), at)
        opened = lines[index][context_mark.column:context_mark.column + 1] or "["
        closing = {"[": "]", "{": "}"}.get(opened, "]")
        return said(index, f"a '{opened}' opened on this line is never closed; add the "
                    f"closing '{closing}', or put the whole value in quotes if it is text")
    for index in range(start, min(at + 1, len(lines))):
        if _GLUED.match(lines[index]):
            return said(index, "put a space after the colon of the key; write it as "
                        f"'{lines[index].strip().replace(':', ': ', 1)}'")
    if "simple key" in context and context_mark is not None:
        index = min(max(context_mark.line, start), at)
        return said(index, "this line has no colon after the key; write it as "
                    f"'{_with_colon(lines[index])}'")
    if "cannot start any token" in problem and at < len(lines):
        char = lines[at][column:column + 1]
        if char == "\t":
            return said(at, "a tab is used for indentation here; YAML needs spaces. Replace "
                        "the tab with spaces that line it up with the lines above")
        return said(at, f"a value cannot begin with '{char}'; put the whole value in quotes")
    if "alias" in problem:
        return said(at, f"{problem}: an alias ('*name') must name an anchor ('&name') given "
                    "above it")
    if "mapping values are not allowed" in problem and at < len(lines):
        before = lines[at][:column]
        if re.search(r":[ \t]", before):
            return said(at, "this value contains ': ', which YAML reads as the start of a new "
                        "key; put the whole value in double quotes")
        previous = _previous(lines, at, start)
        if previous is not None and ":" not in lines[previous]:
            return said(previous, "this line has no colon after the key; write it as "
                        f"'{_with_colon(lines[previous])}'")
    return _indentation(lines, at, start, problem)


def _indentation(lines, at: int, start: int, problem: str) -> tuple[int, str]:
    """A line that does not line up: say which one, and with what it should line up."""
    problem = f" ({problem})" if problem else ""
    if at >= len(lines) or not _significant(lines[at]):
        return at + 2, f"YAML cannot read this part of the front matter{problem}"
    previous = _previous(lines, at, start)
    here = _indent(lines[at])
    if previous is None:
        return at + 2, f"YAML cannot read this line{problem}; check its indentation"
    dash = _dash_out_of_line(lines, previous, here)
    if dash is not None:
        return dash
    above = _content_column(lines[previous])
    what = _label(lines[previous])
    if here > above:
        return at + 2, (f"this line is indented more than the line above it ({here} spaces, "
                        f"not {above}); line it up with {what} on line {previous + 2}")
    return at + 2, (f"this line's indentation ({here} spaces) does not line up with the lines "
                    f"above it; line it up with {what} on line {previous + 2} ({above} spaces), "
                    "or with the key it belongs under")


def _dash_out_of_line(lines, dash: int, here: int) -> tuple[int, str] | None:
    """``- item`` written further left than the items above it, whose lines follow it."""
    text = lines[dash]
    column = _indent(text)
    if not _is_item(text, column):
        return None
    for index in range(dash - 1, -1, -1):
        other = lines[index]
        if _significant(other) and _is_item(other, _indent(other)) and _indent(other) > column:
            if _content_column(other) == here:
                return dash + 2, (
                    f"this '- ' is {column} spaces from the left, but the items above it "
                    f"(line {index + 2}) are {_indent(other)}; indent this line by "
                    f"{_indent(other) - column} more spaces")
            return None
    return None


def _previous(lines, at: int, start: int) -> int | None:
    for index in range(at - 1, -1, -1):
        if _significant(lines[index]):
            return index
    return None


def _content_column(line: str) -> int:
    """The column of the first key on ``line`` (after any ``- ``)."""
    return len(line) - len(line.lstrip(" -"))


def _label(line: str) -> str:
    match = _KEY.match(line.replace("-", " ", line.count("-", 0, _content_column(line))))
    return f"'{match.group('key')}:'" if match else "the line"


def _with_colon(line: str) -> str:
    stripped = line.strip()
    return re.sub(r"^((?:- )?[^\s:]+)\s+", r"\1: ", stripped, count=1)


def _unclosed_quote(line: str) -> str | None:
    """The quote that opens a value on ``line`` and is not closed on it, if any."""
    match = re.match(r"^[ ]*(?:- +)*(?:[^\s#'\"][^#:]*:[ \t]+)?(?:- +)?([\"'])", line)
    if not match:
        return None
    quote = match.group(1)
    rest = line[match.end():]
    if quote == '"':
        closed = re.search(r'(?<!\\)(?:\\\\)*"', rest)
    else:
        closed = re.search(r"'(?!')", rest.replace("''", ""))
    return None if closed else quote
