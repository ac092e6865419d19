"""What a list shows: its query, the pages it finds, and a digest of them for rewrites.

A query is a small dict (``{"kind": "news", "limit": 3}``) and a topic
(``list:news;limit=3``) that the page showing it uses. Lists are computed once per build after
reading (:func:`cached`), not once per page that shows one.
"""

from __future__ import annotations

from collections import Counter
from functools import partial

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..layouts import PUBLICATION_LAYOUTS
from ..news import image_alt, published_posts
from ..outputs import digest
from ..paths.front_image import page_image
from ..publication import drafts_shown, is_published
from ..site import PageInfo, Record, site
from ..slugs import slugify
from ..urls.keys import entries

LIST_DIGESTS: Record[dict[str, str]] = Record(
    "list_digests", dict, "what each page list showed, as a digest, to rewrite its pages")


def superseded(info: PageInfo) -> str:
    """The address of the page that replaces this older version (``superseded-by``), or ""."""
    return info.text("superseded-by")


def categories(info: PageInfo) -> list[str]:
    """A post's ``category`` (a list or one string), tidied."""
    return [str(c).strip() for c in entries(info.get("category")) if str(c).strip()]


def topic_of(query: dict) -> str:
    """One topic per distinct query, e.g. ``list:news;category=events;limit=3``."""
    return "list:" + ";".join([query["kind"]] + [f"{k}={query[k]}" for k in sorted(query)
                                                  if k not in ("kind", "style")]
                              + [f"style={query.get('style', 'full')}"])


def query_of(topic: str) -> dict:
    kind, *pairs = topic.removeprefix("list:").split(";")
    query: dict = {"kind": kind}
    for pair in pairs:
        key, _, value = pair.partition("=")
        query[key] = int(value) if key == "limit" else value
    return query


def drop_cache(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: no cache while reading, nor a stale one from the last build
    of an application kept in memory (the preview)."""
    site(env).list_cache = None


def clear_cache(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated`` (before the URL table asks for archive pages): all pages are read;
    lists are computed once per build from here on."""
    site(env).list_cache = {}


def cached(env: BuildEnvironment, key: str, compute):
    """``compute(env)`` once per build (after reading), not once per page that needs it."""
    cache = site(env).list_cache
    if cache is None:
        return compute(env)
    if key not in cache:
        cache[key] = compute(env)
    return cache[key]


def posts(env: BuildEnvironment) -> list[PageInfo]:
    """:func:`published_posts`, computed once per build, not once per page that lists them
    (which made a build quadratic in the number of posts)."""
    return cached(env, "posts", published_posts)


def _groups(env: BuildEnvironment) -> dict[tuple[str, str], list[PageInfo]]:
    """Published posts by ``("year", "2021")`` and ``("category", slug)``, newest first: one
    pass over the posts instead of one per archive page."""
    groups: dict[tuple[str, str], list[PageInfo]] = {}
    for post in posts(env):
        if post.date and post.date.date:
            groups.setdefault(("year", str(post.date.date.year)), []).append(post)
        for slug in dict.fromkeys(map(slugify, categories(post))):
            groups.setdefault(("category", slug), []).append(post)
    return groups


def run_query(env: BuildEnvironment, query: dict) -> list[PageInfo]:
    """The pages a query shows, in the order shown (once per build and query: its digest,
    its pages and its archive page ask the same)."""
    return cached(env, topic_of(query), partial(_run_query, query=query))


def _run_query(env: BuildEnvironment, query: dict) -> list[PageInfo]:
    if query["kind"] == "publications":
        return current_publications(env, query)
    if query["kind"] == "pages":
        return sorted((info for docname, info in site(env).pages.items()
                       if docname in env.all_docs and _in_page_list(info, query, env)),
                      key=lambda info: (info.title.lower(), info.docname))
    found = posts(env)
    groups = cached(env, "groups", _groups)
    for key in ("year", "category"):
        if key in query:
            group = {id(p) for p in groups.get((key, str(query[key])), ())}
            found = [p for p in found if id(p) in group]
    return found[: query["limit"]] if query.get("limit") else found


def current_publications(env: BuildEnvironment, query: dict) -> list[PageInfo]:
    """Publications A-Z, or newest first (``order=newest``), limited; never a version with
    ``superseded-by``, and one entry per title (its newest version): a list names each
    publication once."""
    pages = sorted((info for docname, info in site(env).pages.items()
                    if docname in env.all_docs and info.layout in PUBLICATION_LAYOUTS
                    and not superseded(info)),
                   key=lambda info: (-_day(info), info.docname))
    newest = list({info.title.strip().lower(): info for info in reversed(pages)}.values())
    if query.get("order") != "newest":
        newest.sort(key=lambda info: (info.title.lower(), info.docname))
    else:
        newest.sort(key=lambda info: (-_day(info), info.title.lower(), info.docname))
    return newest[: query["limit"]] if query.get("limit") else newest


def _day(info: PageInfo) -> int:
    return info.date.date.toordinal() if info.date and info.date.date else 0


def _in_page_list(info: PageInfo, query: dict, env: BuildEnvironment) -> bool:
    under = query.get("under", "").strip("/")
    if under and not info.docname.startswith(under + "/"):
        return False
    if query.get("layout") and info.layout != query["layout"]:
        return False
    if query.get("category") and query["category"] not in map(slugify, categories(info)):
        return False
    return info.docname.rsplit("/", 1)[-1] != "index" and is_published(
        info, site(env).as_of, drafts_shown(env.config))


def topic_pages(env: BuildEnvironment) -> dict[str, tuple[str, bool]]:
    """``{category slug: (title, is a region)}`` from the site's topic pages: a page with
    ``layout: topic`` names its ``category``, and ``topic-type: region`` makes it a region
    (as the old site's topic pages did), so the regions come from the content."""
    found: dict[str, tuple[str, bool]] = {}
    for docname, info in sorted(site(env).pages.items()):
        if docname not in env.all_docs or info.layout != "topic":
            continue
        region = str(info.get("topic-type") or "").strip().lower() == "region"
        for name in entries(info.get("category")):
            slug = slugify(str(name))
            if slug and (slug not in found or region):
                found[slug] = (info.title or str(name), region)
    return found


def shown(env: BuildEnvironment, query: dict) -> list:
    """What a list displays of each page: the digest of this decides rewrites."""
    if query["kind"] == "archives":
        return archive_counts(env)
    compact = query.get("style") == "compact"
    return [
        [info.docname, info.title, info.date.raw if info.date else ""]
        + ([] if compact else [str(info.get("author", "")), str(info.get("excerpt", "")),
                               page_image(info), image_alt(info)])
        for info in run_query(env, query)
    ]


def archive_counts(env: BuildEnvironment) -> list:
    """``[[year, count]...], [[category, slug, count]...]`` of published posts."""
    return cached(env, "archive_counts", _archive_counts)


def _archive_counts(env: BuildEnvironment) -> list:
    years: Counter = Counter()
    names: dict[str, str] = {}
    cats: Counter = Counter()
    topics = topic_pages(env)
    for post in posts(env):
        if post.date and post.date.date:
            years[post.date.date.year] += 1
        for category in categories(post):
            slug = slugify(category)
            names.setdefault(slug, topics.get(slug, (category,))[0])
            cats[slug] += 1
    return [sorted(([y, n] for y, n in years.items()), reverse=True),
            sorted([names[s], s, n] for s, n in cats.items())]


def lists_changed(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """``csnet-changed-topics``: lists whose shown data differs from the last build's."""
    used = {topic for topics in site(env).users().values() for topic in topics
            if topic.startswith("list:")}
    return LIST_DIGESTS.changed(
        env, {topic: digest(shown(env, query_of(topic))) for topic in used})
