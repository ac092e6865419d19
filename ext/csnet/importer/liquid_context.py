"""The Liquid the importer renders with, and what a template reads.

Jekyll's filters (``relative_url``, ``date_to_string``...) and ``where_exp`` on top of
python-liquid; the ``site`` a template sees (``_config.yml`` and ``_data``); and the questions
asked of a template before it is rendered: does it read what only existed while the old site
was being built (its list of posts, the build time), and which names does it leave undefined.
Both :mod:`csnet.importer.liquid` and :mod:`csnet.importer.liquid_dates` ask them.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from collections.abc import Iterator, Mapping
from typing import Any

from liquid import Environment
from liquid.exceptions import LiquidError

from ..dates import parse_date
from ..slugs import slugify

#: ``site`` keys that only existed while Jekyll was building (besides collection names)
_BUILD_KEYS = {"time", "posts", "pages", "documents", "html_pages", "static_files",
               "related_posts", "categories", "tags", "collections"}
_NOW = re.compile(r"""['"](now|today)['"]""")
_ASSIGNED = re.compile(r"\{%-?\s*assign\s+([\w-]+)\s*=\s*(.*?)\s*-?%\}"
                       r"|\{%-?\s*capture\s+([\w-]+)\s*-?%\}(.*?)\{%-?\s*endcapture\s*-?%\}",
                       re.S)
#: what a template or one of Jekyll's filters above may raise on odd data
RENDER_ERRORS = (LiquidError, TypeError, ValueError, AttributeError, KeyError)


class LiquidContext:
    """What templates may read: ``site`` (config + data) and the names of collections."""

    def __init__(self, site: Mapping[str, Any], collections: set[str], urls: Mapping[str, str]):
        self.site = site
        self.build_keys = _BUILD_KEYS | collections
        self.urls = urls  # "_news/2021-11-15-x.md" -> "/news/2021/11/15/x/" for {% link %}
        self.env = Environment()
        self.env.filters.update(_jekyll_filters(site))
        self.env.filters["where_exp"] = self.where_exp

    def where_exp(self, items, name, expression) -> list:
        """Jekyll's ``where_exp``: the items for which a Liquid condition holds, judged by
        Liquid itself (``network.email``, ``network.type == "x" and network.email != ""``)."""
        condition = self.env.from_string("{% if " + str(expression) + " %}1{% endif %}")
        return [item for item in items or [] if condition.render(**{str(name): item}) == "1"]


def _jekyll_filters(site: Mapping[str, Any]) -> dict[str, Any]:
    """The filters Jekyll adds to Liquid that pages use (jekyllrb.com/docs/liquid/filters)."""
    base = str(site.get("baseurl") or "").rstrip("/")
    root = str(site.get("url") or "").rstrip("/")

    def date_text(value, pattern: str) -> str:
        parsed, _ = parse_date(value)
        return parsed.date.strftime(pattern) if parsed and parsed.date else str(value)

    def relative_url(value) -> str:
        path = str(value)
        return path if "://" in path else f"{base}/{path.lstrip('/')}"

    def sentence(values, connector: str = "and") -> str:
        items = [str(v) for v in values or []]
        if len(items) < 3:
            return f" {connector} ".join(items)
        return f"{', '.join(items[:-1])}, {connector} {items[-1]}"

    return {
        "relative_url": relative_url,
        "absolute_url": lambda value: root + relative_url(value),
        "date_to_string": lambda value: date_text(value, "%d %b %Y"),
        "date_to_long_string": lambda value: date_text(value, "%d %B %Y"),
        "date_to_xmlschema": lambda value: date_text(value, "%Y-%m-%dT00:00:00+00:00"),
        "slugify": lambda value, mode="default": slugify(str(value)),
        "xml_escape": lambda value: html.escape(str(value), quote=False),
        "cgi_escape": lambda value: urllib.parse.quote_plus(str(value)),
        "uri_escape": lambda value: urllib.parse.quote(str(value), safe="/:?#[]@!$&'()*+,;="),
        "jsonify": lambda value: json.dumps(value, default=str, ensure_ascii=False),
        "markdownify": str,  # the result lands in Markdown anyway
        "smartify": str,
        "number_of_words": lambda value: len(str(value).split()),
        "array_to_sentence_string": sentence,
    }


def assignments(prelude: list[str]) -> Iterator[tuple[str, str]]:
    """``(name, value)`` of each ``assign`` and ``capture`` seen so far, in order."""
    for match in _ASSIGNED.finditer("".join(prelude)):
        name = match.group(1) or match.group(3)
        yield name, match.group(2) if match.group(1) else match.group(4)


def uses_now(source: str, prelude: list[str]) -> str:
    """A variable an earlier assign or capture set to the build time makes this depend on it."""
    for name, value in assignments(prelude):
        if is_now(value) and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", source):
            return "the time it was built"
    return ""


def is_now(expression: str) -> bool:
    return bool(_NOW.search(expression)) or "site.time" in expression


def build_dependency(template, source: str, context: LiquidContext) -> str:
    """What of the old site's build the template reads (``site.posts``...), "" if nothing."""
    if _NOW.search(source):
        return "the time it was built"
    for variables in template.analyze().globals.values():
        for variable in variables:
            path = [str(part) for part in variable.segments]
            if path[0] == "site" and len(path) > 1 and path[1] in context.build_keys:
                return "site." + path[1]
            if path[0] == "paginator":
                return "paginator"
    return ""


def with_page_keys(values: dict, names: list[str]) -> dict:
    """``values`` and, for each name not defined, the page's front-matter key of that name:
    ``{{ registration-close }}`` printed nothing in Jekyll (it needs ``page.``), but the page
    that wrote it meant its own ``registration-close``."""
    page = values.get("page") or {}
    extra = {name: page[name] for name in names if name not in values and name in page}
    return {**values, **extra} if extra else values


def render_plain(text: str, prelude: list[str], values: dict, context: LiquidContext):
    """A branch's text rendered; ``None`` when it reads the build or cannot be rendered."""
    if "{%" not in text and "{{" not in text:
        return text
    try:
        template = context.env.from_string("".join(prelude) + text)
        if build_dependency(context.env.from_string(text), text, context) or uses_now(
                text, prelude):
            return None
        return template.render(**values)
    except RENDER_ERRORS:
        return None


def undefined(template, values: dict) -> list[str]:
    """The names the template reads that ``values`` does not define."""
    missing = []
    for variables in template.analyze().globals.values():
        for variable in variables:
            path = list(variable.segments)
            value: Any = values
            for part in path:
                found = isinstance(value, Mapping) and part in value
                found = found or (isinstance(value, list) and isinstance(part, int)
                                  and part < len(value))
                if found:
                    value = value[part]
                elif part in ("size", "first", "last"):
                    break
                else:
                    missing.append(".".join(str(p) for p in path))
                    break
    return sorted(set(missing))
