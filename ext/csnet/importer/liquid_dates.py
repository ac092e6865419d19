"""Liquid that compared the build date with a page's dates, as ``shown-between`` blocks.

``{% if site.time < page.closes %}`` showed its words until a day and was decided each time
the old site was built. The new build decides it at every build too: each branch becomes a
``shown-between`` block with the period in which the old site would have shown it. What is not
such a comparison is left to :mod:`csnet.importer.liquid` to keep and report.
"""

from __future__ import annotations

import re

from ..events.model import read_moment, uk_day
from .liquid_context import (
    RENDER_ERRORS,
    LiquidContext,
    assignments,
    is_now,
    render_plain,
    with_page_keys,
)

_BRANCH = re.compile(r"\{%-?\s*(if|unless|elsif|else|endif|endunless)\b(.*?)-?%\}", re.S)
_COMPARISON = re.compile(r"^(.+?)\s*(<=|>=|<|>)\s*(.+)$", re.S)
#: days as ISO text; a period ``(first day shown, first day no longer shown)``, None: no end
Period = tuple[str | None, str | None]


def date_window(source: str, tag: str, prelude: list[str], values: dict,
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
    assigned = dict(assignments(prelude))
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
        text = render_plain(text, prelude, values, context)
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
        now_left = is_now(left)
        if now_left == is_now(right):
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
    except RENDER_ERRORS:
        return None
    moment, problem = read_moment(value.strip())
    return uk_day(moment).isoformat() if moment and not problem else None
