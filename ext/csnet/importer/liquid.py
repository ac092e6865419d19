"""Liquid in bodies: render what the data decides, keep what the build time decided.

Jekyll ran Liquid over every page before kramdown, so ``{{ page.excerpt }}`` became the
excerpt and ``{% for member in site.data.team %}`` became a list. We render the same templates
with python-liquid (a maintained implementation of Shopify's Liquid, the language Jekyll uses)
against the page's front matter, ``_config.yml`` and ``_data``. Templates that read what only
existed while the old site was being built (its list of posts, the build time) cannot be
rendered once: they are kept verbatim in a marked block and reported.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from collections.abc import Mapping
from typing import Any

from liquid import Environment
from liquid.exceptions import LiquidError

from ..dates import parse_date
from ..events.model import read_moment, uk_day
from ..layouts import COLLECTIONS as LAYOUT_COLLECTIONS
from ..slugs import slugify
from .body import Body, fence_for, kept_block, kept_inline

_TOKEN = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}|\{\{-?.*?-?\}\}", re.S)
_BLOCKS = {"if", "unless", "for", "case", "capture", "raw", "comment", "tablerow", "highlight"}
#: ``site`` keys that only existed while Jekyll was building (besides collection names)
_BUILD_KEYS = {"time", "posts", "pages", "documents", "html_pages", "static_files",
               "related_posts", "categories", "tags", "collections"}
_NOW = re.compile(r"""['"](now|today)['"]""")
_INCLUDES = {"include", "include_relative"}
_LINK = re.compile(r"\{%-?\s*link\s+(.*?)\s*-?%\}", re.S)
#: what a template or one of Jekyll's filters above may raise on odd data
_RENDER_ERRORS = (LiquidError, TypeError, ValueError, AttributeError, KeyError)


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


def segments(text: str) -> list[tuple[int, int, str]]:
    """Top-level Liquid constructs as ``(start, end, tag)``: a block with its end, or one tag."""
    found: list[tuple[int, int, str]] = []
    stack: list[tuple[str, int]] = []
    for match in _TOKEN.finditer(text):
        name = match.group(1) or "{{"
        if stack and stack[-1][0] in ("raw", "comment", "highlight") and name != (
            "end" + stack[-1][0]
        ):
            continue  # literal text until the block ends
        if name in _BLOCKS:
            stack.append((name, match.start()))
            continue
        if name.startswith("end") and stack and stack[-1][0] == name[3:]:
            opened, start = stack.pop()
            if not stack:
                found.append((start, match.end(), opened))
            continue
        if not stack:
            found.append((match.start(), match.end(), name))
    for name, start in stack[:1]:  # an unclosed block: the rest of the body
        found.append((start, len(text), name))
    return sorted(found)


def render(body: Body, page: Mapping[str, Any], context: LiquidContext) -> None:
    """Render every top-level Liquid construct of ``body`` in place."""
    text = body.text
    if "{{" not in text and "{%" not in text:
        return
    spans = segments(text)
    if not spans:
        return
    values = {"site": context.site, "page": page}
    prelude: list[str] = []  # assign/capture seen so far, for the constructs after them
    replacements: dict[int, str] = {}
    for start, end, tag in spans:
        source = text[start:end]
        line = body.line_of(text.count("\n", 0, start))
        alone = _alone_on_lines(text, start, end)
        new = _one(body, source, tag, line, values, prelude, context,
                   alone or "\n\n" in source or text[max(0, start - 2):start] == "](")
        if not alone and "\n\n" in source and new.startswith("`" * 4):
            new = f"\n\n{new}\n\n"  # a kept block that spans paragraphs stands on its own
        replacements[start] = new
    body.splice([(start, end, replacements[start]) for start, end, _ in spans])


def _one(body: Body, source: str, tag: str, line: int, values: dict, prelude: list[str],
         context: LiquidContext, block: bool) -> str:
    construct = f"Liquid {{% {tag} %}}" if tag != "{{" else "Liquid {{ }}"
    if tag == "highlight":
        return _highlight(body, source, line)
    if tag == "comment":
        body.note(line, construct, "removed", "a Liquid comment, never shown on the old site")
        return ""
    if tag in ("assign", "capture"):
        prelude.append(source)
        body.note(line, construct, "converted", "used by the Liquid after it")
        return ""
    if tag == "link":
        target = _LINK.match(source).group(1)
        if target in context.urls:
            body.note(line, construct, "converted", context.urls[target])
            return context.urls[target]
        return _keep(body, source, line, construct, block,
                     f"links to {target}, which is not among the imported pages")
    if tag in _INCLUDES or tag == "post_url":
        why = ("includes a file from the old site's _includes folder, which the new build "
               "does not have" if tag in _INCLUDES else "links to a post in _posts, which "
               "is not imported")
        return _keep(body, source, line, construct, block, why)
    try:
        template = context.env.from_string("".join(prelude) + source)
    except LiquidError as error:
        return _keep(body, source, line, construct, block, f"not valid Liquid: {error}")
    try:  # what this construct reads itself, not what the assigns before it read
        alone = context.env.from_string(source)
    except LiquidError:
        alone = template
    build = _build_dependency(alone, source, context) or _uses_now(source, prelude)
    if build and tag == "for" and build.removeprefix("site.") in LOOP_LISTS:
        limit = re.search(r"\blimit\s*:\s*(\d+)", source.split("%}", 1)[0])
        directive = collection_list(build.removeprefix("site."),
                                    int(limit.group(1)) if limit else None)
        body.note(line, construct, "converted", f"a list of {build}, now made by the build "
                  f"at every build: {directive.split(chr(10))[0]}")
        return f"\n\n{directive}\n\n"
    if build in ("the time it was built", "site.time") and tag in ("if", "unless"):
        window = _date_window(source, tag, prelude, values, context)
        if window is not None:
            body.note(line, construct, "converted", "content shown between dates, judged "
                      "when the site is built ({shown-between})")
            return f"\n\n{window}\n\n"
    if build in ("the time it was built", "site.time") and tag in ("if", "unless"):
        return _keep(body, source, line, construct, block,
                     f"depends on the day the old site was built ({build}), in a form the "
                     "importer cannot turn into content shown between dates")
    if build:
        return _keep(body, source, line, construct, block,
                     f"depends on the old site's build ({build}), so it cannot be computed once")
    try:
        output = template.render(**values)
    except _RENDER_ERRORS as error:
        return _keep(body, source, line, construct, block, f"could not be rendered: {error}")
    missing = _undefined(template, values)
    meant = [name for name in missing if "." not in name and name in values["page"]]
    if meant:
        try:
            output = template.render(**with_page_keys(values, meant))
        except _RENDER_ERRORS as error:
            return _keep(body, source, line, construct, block, f"could not be rendered: {error}")
        body.note(line, construct, "check", f"{output.strip()[:60]!r}: the old site printed "
                  f"nothing here ({', '.join(meant)} needs 'page.' in Liquid); the page's own "
                  "value is shown, as the sentence means. Check it reads right")
        return output
    if missing and tag == "{{" and not output.strip() and not block:  # (not a link's address)
        return _keep(body, source, line, construct, block, f"prints {', '.join(missing)}, "
                     "which the old site never defined, so the sentence around it reads with "
                     "a gap. Write the words it should say instead")
    detail = repr(output.strip()[:60])
    if missing:
        detail += f"; not defined (empty, as on the old site): {', '.join(missing)}"
    body.note(line, construct, "converted", detail)
    return output


_EMPTY_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\(\s*\)")


def empty_links(body: Body) -> None:
    """``[Facebook]({{ site.facebook-url }})`` with no such setting: a link to nowhere.
    Its words stay, as text, and the report asks for the address."""

    def text(match: re.Match, line: int) -> str:
        body.note(line, "link without an address", "check", f"[{match.group(1)}]: its "
                  "address came from Liquid the old site never defined; it is plain text "
                  f"now. Write the address: [{match.group(1)}](https://...)")
        return match.group(1)

    body.sub(_EMPTY_LINK, text)


#: collections whose Liquid loops become a listing directive (the build makes the list)
LOOP_LISTS = {"news", "archives", "posts", "publications", "events", "team", "rules",
              "topics", "tools", "notices", "consultations", "manuals", "programmes",
              "membership", "conference", "pages"}


def collection_list(collection: str, limit: int | None = None) -> str:
    """The directive that lists a collection's pages as the old loop did."""
    if collection in ("news", "archives", "posts"):
        return "```{news-list}\n" + (f":limit: {limit}\n" if limit else "") + "```"
    if collection == "publications":
        return "```{publication-list}\n```"
    if collection == "events":
        return "```{events-index}\n```"
    if collection == "team":
        return "```{team-list}\n```"
    info = LAYOUT_COLLECTIONS[collection]
    if info.layout != "page":
        return f"```{{page-list}}\n:layout: {info.layout}\n```"
    folder = info.permalink.strip("/").split("/")[0]
    return f"```{{page-list}}\n:under: {folder}\n```"


_BRANCH = re.compile(r"\{%-?\s*(if|unless|elsif|else|endif|endunless)\b(.*?)-?%\}", re.S)
_COMPARISON = re.compile(r"^(.+?)\s*(<=|>=|<|>)\s*(.+)$", re.S)
_ASSIGNED = re.compile(r"\{%-?\s*assign\s+([\w-]+)\s*=\s*(.*?)\s*-?%\}"
                       r"|\{%-?\s*capture\s+([\w-]+)\s*-?%\}(.*?)\{%-?\s*endcapture\s*-?%\}",
                       re.S)
#: days as ISO text; a period ``(first day shown, first day no longer shown)``, None: no end
Period = tuple[str | None, str | None]


def _date_window(source: str, tag: str, prelude: list[str], values: dict,
                 context: LiquidContext) -> str | None:
    """An ``if``/``unless`` on the build date as ``shown-between`` blocks, one per branch.

    Each condition compares ``now`` (``site.time`` or ``'now'``, directly, through an assign
    or capture, or as ``| date: '%s'``) with a date the page or a literal gives, joined by
    ``and`` or ``or``; ``elsif`` and ``else`` branches show in the periods the conditions
    before them leave. Anything else: ``None`` (the construct is kept and reported).
    """
    branches = _branches(source, tag)
    if branches is None:
        return None
    assigned = {}
    for match in _ASSIGNED.finditer("".join(prelude)):
        name = match.group(1) or match.group(3)
        assigned[name] = match.group(2) if match.group(1) else match.group(4)
    remaining: list[Period] = [(None, None)]
    blocks = []
    for keyword, condition, text in branches:
        if keyword == "else":
            shown = remaining
        else:
            periods = _periods(condition, assigned, values, context)
            if periods is None:
                return None
            if keyword == "unless":
                periods = _complement(periods)
            shown = _intersect(remaining, periods)
            remaining = _intersect(remaining, _complement(periods))
        text = _render_plain(text, prelude, values, context)
        if text is None:
            return None
        if text.strip():
            blocks += [_shown_between(text.strip(), period) for period in shown]
    return "\n\n".join(blocks)


def _branches(source: str, tag: str) -> list[tuple[str, str, str]] | None:
    """``[(if|unless|elsif|else, condition, text)]`` of the outer block; nested blocks are
    part of their branch's text."""
    result: list[list[str]] = []
    depth, position = 0, 0
    for match in _BRANCH.finditer(source):
        name = match.group(1)
        if name in ("if", "unless"):
            depth += 1
            if depth > 1:
                continue
        elif name in ("endif", "endunless"):
            depth -= 1
            if depth > 0:
                continue
        elif depth > 1:
            continue
        if result:
            result[-1][2] = source[position:match.start()]
        if depth == 0:
            break
        result.append([name, match.group(2).strip(), ""])
        position = match.end()
    if not result or result[0][0] != tag or depth != 0:
        return None
    return [tuple(branch) for branch in result]


def _periods(condition: str, assigned: dict, values: dict,
             context: LiquidContext) -> list[Period] | None:
    """When ``condition`` holds, as periods; ``None`` when it is not about the build date."""
    if re.search(r"\bcontains\b|==|!=|<>", condition):
        return None
    joins = re.findall(r"\s(and|or)\s", condition)
    if len(set(joins)) > 1:
        return None  # Liquid reads mixed and/or right to left: left for a person
    result: list[Period] | None = None
    for part in re.split(r"\s(?:and|or)\s", condition):
        comparison = _COMPARISON.match(part.strip())
        if not comparison:
            return None
        left, operator, right = (assigned.get(side.strip(), side.strip())
                                 for side in comparison.groups())
        now_left = _is_now(left)
        if now_left == _is_now(right):
            return None
        day = _day_of(right if now_left else left, values, context)
        if day is None:
            return None
        # "now < day" holds until that day; "now > day" from it
        period = [(None, day)] if (operator in ("<", "<=")) == now_left else [(day, None)]
        if result is None:
            result = period
        elif joins[0] == "and":
            result = _intersect(result, period)
        else:
            result = _complement(_intersect(_complement(result), _complement(period)))
    return result


def _intersect(first: list[Period], second: list[Period]) -> list[Period]:
    found = []
    for a_from, a_until in first:
        for b_from, b_until in second:
            start = max((d for d in (a_from, b_from) if d), default=None)
            end = min((d for d in (a_until, b_until) if d), default=None)
            if start is None or end is None or start < end:
                found.append((start, end))
    return sorted(found, key=lambda period: period[0] or "")


def _complement(periods: list[Period]) -> list[Period]:
    result, start = [], None
    for begin, end in sorted(periods, key=lambda period: period[0] or ""):
        if begin is not None and (start is None or start < begin):
            result.append((start, begin))
        if end is None:
            return result
        start = end if start is None else max(start, end)
    return result + [(start, None)]


def _shown_between(text: str, period: Period) -> str:
    options = "".join(f":{name}: {day}\n" for name, day in zip(("from", "until"), period,
                                                                            strict=True) if day)
    fence = ":" * max(3, max((len(r) for r in re.findall(r"^:{3,}", text, re.M)),
                             default=0) + 1)
    return f"{fence}{{shown-between}}\n{options}\n{text}\n{fence}"


def _uses_now(source: str, prelude: list[str]) -> str:
    """A variable an earlier assign or capture set to the build time makes this depend on it."""
    for match in _ASSIGNED.finditer("".join(prelude)):
        name = match.group(1) or match.group(3)
        value = match.group(2) if match.group(1) else match.group(4)
        if _is_now(value) and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", source):
            return "the time it was built"
    return ""


def _is_now(expression: str) -> bool:
    return bool(_NOW.search(expression)) or "site.time" in expression


def _day_of(expression: str, values: dict, context: LiquidContext):
    """The calendar day (UK) of a date expression, evaluated with the page's data."""
    expression = expression.strip()
    if expression.startswith("{{"):
        expression = expression.strip("{}- ")
    expression = expression.split("|", 1)[0].strip()
    root = re.match(r"[\w-]+", expression)
    try:
        value = context.env.from_string("{{ " + expression + " }}").render(
            **with_page_keys(values, [root.group(0)] if root else []))
    except _RENDER_ERRORS:
        return None
    moment, problem = read_moment(value.strip())
    return uk_day(moment).isoformat() if moment and not problem else None


def with_page_keys(values: dict, names: list[str]) -> dict:
    """``values`` and, for each name not defined, the page's front-matter key of that name:
    ``{{ registration-close }}`` printed nothing in Jekyll (it needs ``page.``), but the page
    that wrote it meant its own ``registration-close``."""
    page = values.get("page") or {}
    extra = {name: page[name] for name in names if name not in values and name in page}
    return {**values, **extra} if extra else values


def _render_plain(text: str, prelude: list[str], values: dict, context: LiquidContext):
    if "{%" not in text and "{{" not in text:
        return text
    try:
        template = context.env.from_string("".join(prelude) + text)
        if _build_dependency(context.env.from_string(text), text, context) or _uses_now(
                text, prelude):
            return None
        return template.render(**values)
    except _RENDER_ERRORS:
        return None


def _build_dependency(template, source: str, context: LiquidContext) -> str:
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


def _undefined(template, values: dict) -> list[str]:
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


def _highlight(body: Body, source: str, line: int) -> str:
    opening, _, rest = source.partition("%}")
    language = opening.split()[2] if len(opening.split()) > 2 else ""
    code = rest.rsplit("{%", 1)[0].strip("\n")
    fence = fence_for(code)
    body.note(line, "Liquid {% highlight %}", "converted", "a fenced code block")
    return f"{fence}{language}\n{code}\n{fence}"


def _keep(body: Body, source: str, line: int, construct: str, block: bool, why: str) -> str:
    body.note(line, construct, "kept", why)
    # highlighted as Jinja, the same {% %} syntax: Pygments' Liquid lexer fails on "<" and
    # the build would warn about every kept comparison
    return kept_block(source, why, "jinja") if block else kept_inline(source)


def _alone_on_lines(text: str, start: int, end: int) -> bool:
    before = text[text.rfind("\n", 0, start) + 1:start]
    after_end = text.find("\n", end)
    after = text[end:after_end if after_end >= 0 else len(text)]
    return not before.strip() and not after.strip()
