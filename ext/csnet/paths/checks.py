"""What a path or an address in a page may be: a file inside ``docs/`` (symbolic links
followed), and no address that runs code or writes to more people than it shows. Plain
checks, asked by every part of this package and by the features that take paths."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from sphinx.environment import BuildEnvironment

from ..addresses import SCHEME, is_web_address

_SCRIPT_SCHEMES = ("javascript", "vbscript", "data")
NO_FILE = "names no file, only a folder: give the file's name after the folder"
OUTSIDE = ("is outside the site's folder (docs/); only files inside it can be used. Copy "
           "the file into docs/ and give its path from there")


def is_inside(path: str | Path, srcdir: str | Path) -> bool:
    """Whether ``path``, with every symbolic link followed, is inside ``srcdir``."""
    return Path(path).resolve().is_relative_to(Path(srcdir).resolve())


def script_scheme(uri: str) -> str | None:
    """``javascript``, ``vbscript`` or ``data`` when ``uri`` would run or embed code."""
    match = SCHEME.match("".join(uri.split()))  # browsers ignore spaces in "java script:"
    scheme = match.group(1).lower() if match else None
    return scheme if scheme in _SCRIPT_SCHEMES else None


def mailto_problem(uri: str) -> str | None:
    """Why a ``mailto:`` link would write to more people than it shows (``?cc=``, ``bcc``,
    ``to``). A ``subject`` and a ``body`` are fine: the reader sees them before sending, and
    the old site's email groups are joined with a prepared "SUBSCRIBE" message."""
    if not uri.lower().startswith("mailto:"):
        return None
    fields = {name.lower() for name, _ in parse_qsl(urlsplit(uri).query,
                                                     keep_blank_values=True)}
    added = sorted(fields & {"cc", "bcc", "to"})
    return (f"is an email link that also sets {', '.join(added)}: it would write to other "
            "people than it shows") if added else None


def file_problem(env: BuildEnvironment, uri: str, docname: str | None = None) -> str | None:
    """Why the file a page names (as Sphinx resolves it) may not be used, or ``None``."""
    if is_web_address(uri):
        scheme = script_scheme(uri)
        return f"is a {scheme}: address, which could run code in the reader's browser" \
            if scheme else None
    try:
        absolute = env.relfn2path(uri, docname)[1]
    except (OSError, ValueError) as error:  # a NUL byte, a name too long
        return f"cannot be a file name ({error})"
    return None if is_inside(absolute, env.srcdir) else OUTSIDE
