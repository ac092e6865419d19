"""What a build writes: which builds make the website, and files written only when changed.

A leaf module (it imports nothing of ours), so every layer can ask it.
"""

from __future__ import annotations

from pathlib import Path

#: the builders whose output is the website; the PDF builder is HTML-format but writes PDFs,
#: and ``singlehtml`` or ``epub`` make one document, not a site with addresses to keep;
#: ``csnet-preview`` is the live preview's ``dirhtml`` (csnet.preview.builder)
WEBSITE_BUILDERS = ("html", "dirhtml", "csnet-preview")


def is_website(builder) -> bool:
    """Whether ``builder`` makes the website: the one answer for every website-only output
    (redirects, sitemap, feed, calendars and plan files, PDFs beside their pages, /admin/)."""
    return builder.name in WEBSITE_BUILDERS


def write_if_changed(path: Path, data: str | bytes) -> bool:
    """Write ``data`` (text as UTF-8) unless the file already holds it, so a rebuild keeps the
    times of unchanged files; whether it wrote."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_file() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True
