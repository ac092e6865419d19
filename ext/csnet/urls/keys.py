"""An address as a key of the site's table of URLs, what may be one, and the web links a
volunteer types (:func:`web_link`).

Plain functions on text, shared by the claims a page makes, the table, the links in page
bodies and the redirect pages: ``/news/`` and ``news/index.html`` are one key, ``news``.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from typing import Any
from urllib.parse import unquote, urlsplit

from ..addresses import is_web_address

#: what no old address may hold (decoded). Spaces and apostrophes may: the old site served
#: them, and a static host looks ``/a%20b/`` up in the folder ``a b``. Never other space
#: characters, control characters, or quotes and brackets that could end an HTML attribute
_OLD_ADDRESS_UNSAFE = re.compile(r"[\\<>\"`\x00-\x1f\x7f-\x9f?#]|[^\S ]")
_NOT_IN_FILE_NAMES = re.compile(r"[|*:]")  # (Windows) file systems refuse these
#: the longest file or folder name most file systems allow (bytes), and a whole address
NAME_MAX, ADDRESS_MAX = 255, 2000


def normalize(value: Any) -> tuple[str | None, str | None]:
    """A URL path as a table key (``news/2021/x``, ``""`` for home): ``(key, problem)``."""
    text = str(value if value is not None else "").strip()
    if not text:
        return None, "is empty"
    if is_web_address(text):
        return None, ("must be a path on this website, such as /news/2021/10/05/old-name/, "
                      "not a web address")
    decoded = unquote(text)
    if _OLD_ADDRESS_UNSAFE.search(decoded) or _NOT_IN_FILE_NAMES.search(decoded):
        return None, ("contains characters that do not belong in a web address or a file "
                      "name (double quotes, <, >, |, *, :, backslashes, tabs, line breaks, "
                      "? or #)")
    parts = [part for part in decoded.split("/") if part]
    if any(part != part.strip(" ") for part in parts):
        return None, ("has a space at the start or end of a part between slashes, which "
                      "no one can type in a link; remove it")
    if any(part in (".", "..") for part in parts):
        return None, "must not contain '.' or '..': it would point outside the website"
    if any(len(part.encode()) > NAME_MAX for part in parts):
        return None, (f"has a part longer than {NAME_MAX} bytes between slashes, more than "
                      "a file name can hold; shorten it")
    if len(decoded.encode()) > ADDRESS_MAX:
        return None, f"is longer than {ADDRESS_MAX} characters; shorten it"
    if parts and parts[-1] == "index.html":
        parts.pop()
    return "/".join(parts), None


def look_alike(key: str) -> str | None:
    """Why an address could pass for another one: letters that Unicode folds into plainer
    ones (fullwidth ``/ａｄｍｉｎ/`` is ``/admin/``), or a word mixing Latin and other
    scripts' letters (a Cyrillic ``е`` in ``/nеws/``)."""
    if unicodedata.normalize("NFKC", key) != key:
        return (f"looks like {address(unicodedata.normalize('NFKC', key))} but is a different "
                "address (it has fullwidth or other look-alike letters); type it again in "
                "plain letters")
    for word in re.findall(r"[^\W\d_]+", key):
        scripts = {_script(letter) for letter in word}
        if len(scripts) > 1 and "LATIN" in scripts:
            return (f"mixes Latin letters with {'/'.join(sorted(scripts - {'LATIN'})).title()} "
                    f"ones in '{word}', so it looks like an address it is not; type it again "
                    "in one alphabet")
    return None


def _script(letter: str) -> str:
    """``LATIN``, ``CYRILLIC``, ``GREEK``...: the first word of the letter's Unicode name."""
    return unicodedata.name(letter, "UNKNOWN").split()[0]


def web_link(value: Any) -> tuple[str, str | None]:
    """A link typed by a volunteer as a page publishes it, and what was wrong with it:
    ``www.eventbrite.co.uk/e/1`` gains ``https://``; a path on this site stays; an
    address that only looks like a path (``//host``, ``/\\host``: browsers read both as
    another website) or has another scheme is ``""``."""
    text = str(value if value is not None else "").strip()
    if not text:
        return "", None
    if "\\" in text or text.startswith("//") or any(c in text for c in "\n\r\t<>\"`"):
        return "", ("is not a full web address (it would go to another website than it "
                    "seems); write it starting with https://")
    if text.startswith("/"):
        return text, None
    parts = urlsplit(text)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return text, None
    if not parts.scheme and re.match(r"^[\w-]+(\.[\w-]+)+(:\d+)?(/|$)", text):
        return f"https://{text}", f"has no https:// at its start; it is linked as https://{text}"
    return "", "must be a web address starting with https:// or a path on this website"


def redirect_problem(key: str) -> str | None:
    """Why no redirect page can be written at ``key``: only a page address can redirect
    (``/old/`` or ``/old.html``), not a file such as ``/feed.xml`` or ``/_static/x.js``,
    which the build writes itself and a static host serves as it is."""
    parts = key.split("/")
    if parts[0].startswith("_"):
        return ("is in a folder the build writes itself (its name starts with _); a "
                "redirect would replace its files")
    name = parts[-1]
    if "." in name and not name.endswith(".html"):
        return (f"names a file ({name}), not a page; a redirect can only be made at a "
                "page address (ending in / or .html)")
    return None


def address(key: str) -> str:
    """A table key as the address people know: ``/news/``, ``/404.html``, ``/``."""
    return "/" + key + ("" if not key or key.endswith(".html") else "/")


def page_key(docname: str) -> str:
    """The URL a document is built at, as a key: ``news/index`` -> ``news``."""
    if docname == "index":
        return ""
    return docname.removesuffix("/index")


def entries(value: Any) -> list[Any]:
    """``redirect_from`` and ``category`` are a list or one value."""
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list) else [value]


def file_for(key: str) -> str:
    """The file a key's page or redirect is written to: ``news/index.html``, ``404.html``."""
    return key if key.endswith(".html") else posixpath.join(key, "index.html")
