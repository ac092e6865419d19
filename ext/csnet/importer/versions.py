"""Versions of one publication: the newest at its address, the older ones marked superseded.

The old site kept each year's plan as a new file, sometimes at the address of the last one
(Jekyll then served whichever it wrote last), and each with the same title. Members should find
the current version at the address and in the lists, and an older one should say that it is
old and where the current one is: its front matter gets ``superseded-by:`` with the current
page's address (the build shows the notice, leaves it out of lists, and the plan's history
reads the same key).
"""

from __future__ import annotations

import datetime as dt
import json
import re

from ..dates import parse_date
from .report import Item, Report

#: the front-matter key an older version carries: the address of the current one
KEY = "superseded-by"
#: layouts of which a site has one current document (its plan)
ONE_CURRENT = ("business-plan",)
PUBLICATIONS = ("publication", "business-plan")


def date_of(page) -> dt.date:
    value, _problem = parse_date(page.data.get("date"))
    return value.date if value and value.date else dt.date.min


def newest_first(page) -> tuple:
    return (-date_of(page).toordinal(), page.document.site_path)


def mark(pages: dict, report: Report) -> None:
    """Among publications of the same title, and among plans, the newest is current."""
    groups: dict[tuple[str, str], list] = {}
    for page in pages.values():
        layout = str(page.data.get("layout") or "")
        if layout not in PUBLICATIONS or page.data.get("published") is False:
            continue
        title = " ".join(str(page.data.get("title") or "").casefold().split())
        key = ("layout", layout) if layout in ONE_CURRENT else ("title", title)
        if key[1]:
            groups.setdefault(key, []).append(page)
    for (kind, _value), members in groups.items():
        members.sort(key=newest_first)
        for page in members[1:]:
            if KEY not in page.data:
                supersede(page, members[0], report, "an older version of "
                          f"{members[0].document.site_path} (the same "
                          f"{'kind of plan' if kind == 'layout' else 'title'}, an earlier date)")


def supersede(page, current, report: Report, why: str) -> None:
    """Mark ``page`` an older version of ``current``; it keeps its own address."""
    address = current.url.rstrip("/") + "/"
    page.text = set_key(page.text, KEY, address)
    page.data[KEY] = address
    if isinstance(page.data.get("permalink"), str):
        page.text = set_key(page.text, "permalink", page.url.rstrip("/") + "/")
        page.data["permalink"] = page.url.rstrip("/") + "/"
    report.items.append(Item(page.document.site_path, 1, "older version", "changed",
                             f"{why}; marked '{KEY}: {address}', so it says so and links "
                             "to the current one"))


def set_key(text: str, key: str, value: str) -> str:
    """``text`` with the front-matter line ``key: value`` replaced, or added at its end."""
    end = text.find("\n---", 3)
    if not text.startswith("---\n") or end < 0:
        return f"---\n{key}: {json.dumps(value)}\n---\n\n{text}"
    front = text[:end]
    line = f"{key}: {json.dumps(value)}"
    pattern = re.compile(rf"^{re.escape(key)}[ \t]*:[^\n]*$", re.M)
    if pattern.search(front):
        return pattern.sub(lambda _match: line, front, count=1) + text[end:]
    return f"{front}\n{line}{text[end:]}"
