"""Reading built HTML pages."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup


def heading_skips(page_html: str) -> list[str]:
    """Where a page's headings skip a level (h1 then h3: WCAG 1.3.1, axe's heading-order),
    or do not start at h1; ``[]`` for a page that only redirects."""
    soup = BeautifulSoup(page_html, "html.parser")
    if soup.find("meta", attrs={"http-equiv": re.compile("^refresh$", re.I)}):
        return []
    skips, previous = [], 0
    for heading in soup.find_all(re.compile(r"^h[1-6]$")):
        level = int(heading.name[1])
        if level > previous + 1:
            skips.append(f"h{previous} -> h{level} {heading.get_text(' ', strip=True)!r}")
        previous = level
    return skips
