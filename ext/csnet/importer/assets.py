"""Pictures and files under the old site's ``assets/``: copy what pages use, point pages at it.

The old site linked them as ``/assets/...`` from Markdown and raw ``<img>`` tags. Sphinx reads
a path starting with ``/`` as relative to ``docs/``, so each file a page references is copied to
the same path under ``docs/`` (``docs/assets/...``), and only those: the old folder held 128 MB,
much of it unused. Markdown images then work as written, and so do raw ``<img>`` tags wherever
they stand (inside links, figures, tables): the build makes them pictures (:mod:`csnet.pictures`),
so they stay raw HTML here (a Markdown image inside an HTML block would show as text). A
Markdown link to a file becomes a download. A reference to a file that is not there is reported
with its line.
"""

from __future__ import annotations

import re
import shutil
import urllib.parse
from pathlib import Path

from .body import Body

#: ``/assets/...`` (or the old site's full address of it) in Markdown or HTML
_REFERENCE = re.compile(r"""(?<=\(<)(/assets/[^<>\n]+)(?=>\))"""  # ](</assets/a b.png>)
                        r"""|(?:(?i:https?)://[^\s/"'()<>]+)?(/assets/[^\s"'()<>\]]+)""")
#: ``](</assets/a b.png>)``: Markdown's way of writing a path with a space
_ANGLED = re.compile(r"\]\(<(/assets/[^<>\n]+)>\)")
_MD_FILE_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\((/assets/[^\s)]+)\)")


def local_path(reference: str) -> str:
    """``/assets/a%20b.png?x=1`` -> ``assets/a b.png``: the file in the old site."""
    path = urllib.parse.unquote(reference.split("?", 1)[0].split("#", 1)[0])
    return path.lstrip("/")


def new_path(path: str) -> str:
    """Where the copy goes in ``docs/``: spaces become hyphens (MyST would encode them)."""
    return re.sub(r"\s+", "-", path)


def rewrite(body: Body, hosts: tuple[str, ...]) -> None:
    """Point references at the copies in ``docs/``; links to files become downloads."""

    def download(match: re.Match, line: int) -> str | None:
        path = "/" + new_path(local_path(match.group(2)))
        if re.search(r"\.(png|jpe?g|gif|svg|webp)$", path, re.I):
            return None
        body.note(line, "link to a file in /assets/", "converted", "a download link")
        text = match.group(1).replace("`", "'")
        return f"{{download}}`{text} <{path}>`"

    body.sub(_MD_FILE_LINK, download)

    def in_docs(match: re.Match, line: int) -> str | None:
        if not _ours(match.group(0), hosts):
            return None
        return "/" + new_path(local_path(match.group(1) or match.group(2)))

    body.sub(_ANGLED, lambda match, line: f"](/{new_path(local_path(match.group(1)))})")
    body.sub(_REFERENCE, in_docs)


def front_matter(front, hosts: tuple[str, ...]) -> list[tuple[int, str]]:
    """Front-matter values naming a file of the old site's assets (``image``, a topic's
    ``background``, a profile's photo), by path or full address: made ``/assets/...`` paths,
    which the build reads as files in ``docs/``. Returns ``(line, assets/...)`` of each."""
    found = []
    for key, value in list(front.data.items()):
        if not isinstance(value, str):
            continue
        match = _REFERENCE.fullmatch(value.strip())
        if not match or not _ours(match.group(0), hosts):
            continue
        path = local_path(match.group(1) or match.group(2))
        found.append((front.matter.line(key), path))
        if value != "/" + new_path(path):
            front.set(key, "/" + new_path(path), "the picture is copied from the old site's "
                      "assets into docs/, so it does not depend on the old website")
    return found


_IMG = re.compile(r"""!\[[^\]\n]*\]\(<?(https?://[^\s)>]+)|<img\b[^>]*?\bsrc\s*=\s*["']?"""
                  r"""(https?://[^\s"'>]+)""", re.I)


_PICTURE = re.compile(r"^(?i:https?)://\S+\.(?:png|jpe?g|gif|svg|webp)(?:[?#]\S*)?$", re.I)


def hotlinked(text: str, hosts: tuple[str, ...], values=()) -> list[str]:
    """Pictures ``text`` (or front-matter ``values``) show from other websites, which the old
    site hot-linked."""
    urls = [match.group(1) or match.group(2) for match in _IMG.finditer(text)]
    urls += [v.strip() for v in values if isinstance(v, str) and _PICTURE.match(v.strip())]
    return [url for url in dict.fromkeys(urls) if not _ours(url, hosts)]


def _ours(reference: str, hosts: tuple[str, ...]) -> bool:
    if reference.startswith("/"):
        return True
    host = urllib.parse.urlsplit(reference).netloc.lower()
    return bool(host) and host in hosts


def references(body: Body, hosts: tuple[str, ...]) -> list[tuple[int, str]]:
    """``(source line, assets/...)`` of every reference to the old site's assets."""
    found = []
    for index, line in enumerate(body.lines):
        for match in _REFERENCE.finditer(line):
            if _ours(match.group(0), hosts):
                found.append((body.origin[index], local_path(match.group(1) or match.group(2))))
    return found


def hosts_of(config: dict) -> tuple[str, ...]:
    """The old site's host names (``url`` in ``_config.yml``), with and without ``www.``."""
    host = urllib.parse.urlsplit(str(config.get("url") or "")).netloc.lower()
    bare = host.removeprefix("www.")
    return tuple(h for h in {host, bare, f"www.{bare}"} if h and h != "www.")


def copy(source: Path, docs: Path, path: str) -> bool:
    """Copy ``source/path`` to ``docs/path`` (only inside ``assets/``); False when missing."""
    root = (source / "assets").resolve()
    origin = (source / path).resolve()
    if not origin.is_relative_to(root) or not origin.is_file():
        return False
    target = docs / new_path(origin.relative_to(source.resolve()).as_posix())
    if target.is_file() and target.stat().st_size == origin.stat().st_size and (
            target.read_bytes() == origin.read_bytes()):
        return True
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(origin, target)
    return True
