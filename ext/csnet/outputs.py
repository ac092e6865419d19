"""What a build writes: which builds make the website, files written only when changed, and the
digest of what an output is made from.

A leaf module (it imports nothing of ours), so every layer can ask it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

#: the builders whose output is the website; the PDF builder is HTML-format but writes PDFs,
#: and ``singlehtml`` or ``epub`` make one document, not a site with addresses to keep
WEBSITE_BUILDERS = ("html", "dirhtml")


def is_website(builder) -> bool:
    """Whether ``builder`` makes the website: the one answer for every website-only output
    (redirects, sitemap, feed, calendars and plan files, PDFs beside their pages, /admin/)."""
    return builder.name in WEBSITE_BUILDERS


def digest(data) -> str:
    """A fingerprint of what an output is made from (JSON data): when it is the same as the
    last build's, the output on disk is right and is not made again."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def write_if_changed(path: Path, data: str | bytes) -> bool:
    """Write ``data`` (text as UTF-8) unless the file already holds it, so a rebuild keeps the
    times of unchanged files; whether it wrote."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_file() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True
