"""Anchors and URL segments exactly as Jekyll's ``slugify`` (default mode) made them.

Old links such as ``our-plan#women-s-inclusion`` must keep working, so we reproduce Jekyll's
rule rather than a library's (python-slugify drops the apostrophe: ``womens-inclusion``).
"""

from __future__ import annotations

import re

_NOT_ALNUM = re.compile(r"[^\w]+|_+")


def slugify(text: str) -> str:
    """'Women's inclusion' -> 'women-s-inclusion' (Jekyll ``slugify``, mode "default")."""
    return _NOT_ALNUM.sub("-", str(text).lower()).strip("-")


def unique(slug: str, taken: set[str]) -> str:
    """Return ``slug``, or ``slug-2``, ``slug-3``... if already taken; record it."""
    candidate, n = slug or "item", 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate
