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

Here is the one way in, :func:`parse` (and :func:`split`, for the block's text alone); its
parts, each a leaf that imports nothing of ours but the others: :mod:`.model` (what a reading
gives), :mod:`.clean` (what editors paste), :mod:`.compose` (YAML text to nodes),
:mod:`.build` (nodes to values), :mod:`.recover` (a block read piece by piece),
:mod:`.explain` (YAML's errors in plain words) and :mod:`.shape` (how a line looks).
"""

from __future__ import annotations

import re

import yaml

from .clean import clean
from .compose import compose
from .model import FrontMatter
from .recover import Reader

_DELIMITER = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(---|\.\.\.)[ \t]*$")


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
    lines = clean(yaml_text.split("\n"), front, nbsp=False)
    reader = Reader(front, lines)
    try:
        try:
            root = compose(0, lines)
        except yaml.YAMLError:
            if "\u00a0" not in yaml_text:
                raise
            front.problems.clear()
            reader.lines = lines = clean(yaml_text.split("\n"), front, nbsp=True)
            root = compose(0, lines)
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

