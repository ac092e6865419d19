"""The URLs a page claims, checked when it is read: its permalink or dated pattern, its
``redirect_from`` entries and its ``redirect_to``, each with its line."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urlsplit

from sphinx.application import Sphinx

from ..logs import Warn, warn
from ..site import PageInfo
from .keys import entries, look_alike, normalize, page_key, redirect_problem

_UNSAFE = re.compile(r"[\\<>\"'`\s\x00-\x1f\x7f?#]")
_DATED = re.compile(r"^(?P<collection>[\w-]+)/\d{4}/\d{2}/\d{2}/(?P<slug>[^/]+)$")


def read_claims(app: Sphinx, info: PageInfo) -> None:
    """``csnet-page-read``: the URLs this page claims, each checked, with its line."""
    claims: list[tuple[str, str, int]] = []
    front = info.front

    def claim(value: Any, kind: str, *path) -> None:
        key, problem = normalize(value)
        if not problem and key != page_key(info.docname):
            problem = redirect_problem(key)
        if not problem and look_alike(key):
            warn(Warn.URL, f"{kind} {str(value)!r} {look_alike(key)}",
                 (info.docname, front.line(*path)))
        if problem:
            warn(Warn.URL, f"{kind} {str(value)!r} {problem}; it is ignored",
                 (info.docname, front.line(*path)))
        elif key != page_key(info.docname):
            claims.append((key, kind, front.line(*path)))

    if info.get("permalink"):  # Jekyll served the permalink instead of the pattern
        claim(info.get("permalink"), "permalink", "permalink")
    elif _jekyll_pattern(info):
        claim(_jekyll_pattern(info), "date pattern", "date")
    for index, value in enumerate(entries(info.get("redirect_from"))):
        claim(value, "redirect_from", "redirect_from", index)
    info.urls = claims
    if info.get("redirect_to"):
        target = entries(info.get("redirect_to"))[0]
        problem = _target_problem(target)
        if problem:
            warn(Warn.URL, f"redirect_to {str(target)!r} {problem}; it is ignored",
                 (info.docname, front.line("redirect_to")))
        else:
            info.redirect_to = str(target).strip()


def _jekyll_pattern(info: PageInfo) -> str | None:
    """``/<collection>/:year/:month/:day/:title/`` of a dated page in a dated folder."""
    match = _DATED.match(info.docname)
    if not (match and info.date and info.date.date):
        return None
    return f"/{match['collection']}/{info.date.date:%Y/%m/%d}/{match['slug']}/"


def _target_problem(target: Any) -> str | None:
    text = str(target).strip()
    if text.startswith("/") and not text.startswith("//"):
        path, _, anchor = text.partition("#")
        if _UNSAFE.search(unquote(anchor)):
            return "has characters after # that cannot be part of a page address"
        return normalize(path)[1]
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or _UNSAFE.search(
            text.replace("?", "").replace("#", "")):
        return "must be a web address starting with https:// or a path on this website"
    return None
