"""Reading a Jekyll site: its collections, ``_config.yml``, ``_data``, and each page's old URL.

A page's path in ``docs/`` is the URL the old site served it at, so links and bookmarks keep
working. We compute that URL as Jekyll did: the front-matter ``permalink`` when given, else the
collection's permalink pattern (from ``_config.yml``, or the network's defaults below) filled
from the front-matter date, else the date in the file name.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ..dates import parse_date
from ..layouts import COLLECTIONS as LAYOUT_COLLECTIONS

#: collection folder -> the URL pattern the network's old site used (csnet.layouts has them all)
COLLECTIONS = {name: collection.permalink for name, collection in LAYOUT_COLLECTIONS.items()}
#: folders that are Jekyll's machinery, not collections
NOT_COLLECTIONS = {"data", "includes", "layouts", "sass", "site", "drafts", "plugins"}
#: the addresses of ``_posts`` for each ``permalink:`` style of ``_config.yml`` (Jekyll's docs,
#: "Permalinks"); any other value with a "/" is a pattern of its own
POST_STYLES = {"date": "/:categories/:year/:month/:day/:title:output_ext",
               "pretty": "/:categories/:year/:month/:day/:title/",
               "ordinal": "/:categories/:year/:y_day/:title:output_ext",
               "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
               "none": "/:categories/:title:output_ext"}
SUFFIXES = (".md", ".markdown", ".html")
_LOADER = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
_DATED = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")
_PLACEHOLDER = re.compile(r":(year|month|day|i_month|i_day|short_year|y_day|week|short_day"
                          r"|title|slug|name|path|collection|categories|output_ext)\b")
_UNSAFE = re.compile(r"[\x00-\x1f<>\"|?*\\]|(^|/)\.\.?(/|$)")


@dataclass
class Document:
    """One file of a collection."""

    collection: str
    path: Path  # the file on disk
    name: str  # path inside the collection folder, "/"-separated, e.g. "about/team.md"

    @property
    def site_path(self) -> str:
        return f"_{self.collection}/{self.name}"


@dataclass
class JekyllSite:
    root: Path
    config: dict[str, Any] = field(default_factory=dict)
    #: collections of ``_config.yml`` the importer has no layout for (imported as pages)
    unknown: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file, what went wrong)

    def liquid_site(self) -> dict[str, Any]:
        """``site`` as Liquid saw it: the configuration plus ``site.data``."""
        return {**self.config, "data": self.data}

    @property
    def parse_block_html(self) -> bool:
        """kramdown read Markdown inside every HTML block (``kramdown: parse_block_html``)."""
        settings = self.config.get("kramdown")
        return isinstance(settings, dict) and settings.get("parse_block_html") is True

    def pattern(self, collection: str) -> str:
        configured = (self.config.get("collections") or {})
        settings = configured.get(collection) if isinstance(configured, dict) else None
        if isinstance(settings, dict) and isinstance(settings.get("permalink"), str):
            return settings["permalink"]
        style = self.config.get("permalink")
        if collection == "posts" and isinstance(style, str) and style.strip():
            return POST_STYLES.get(style.strip(), style if "/" in style else POST_STYLES["date"])
        return COLLECTIONS.get(collection, f"/{collection}/:path/")

    def defaults(self, document: Document) -> dict[str, Any]:
        """Front-matter values that ``defaults:`` in ``_config.yml`` gave this document."""
        values: dict[str, Any] = {}
        for entry in self.config.get("defaults") or []:
            if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict):
                continue
            scope = entry.get("scope") or {}
            kind = scope.get("type")
            prefix = str(scope.get("path") or "").strip("/")
            if kind and kind != document.collection:
                continue
            if prefix and not document.site_path.startswith(prefix):
                continue
            values.update(entry["values"])
        return values


def read_site(root: Path) -> JekyllSite:
    """The site's configuration, data files and collection documents (sorted, stable)."""
    site = JekyllSite(root)
    config = root / "_config.yml"
    if config.exists():
        try:
            site.config = yaml.load(config.read_text(encoding="utf-8-sig"), Loader=_LOADER) or {}
        except (yaml.YAMLError, ValueError, UnicodeDecodeError) as error:
            site.problems.append(("_config.yml", f"not readable YAML ({error}); ignored"))
    data_root = root / "_data"
    if data_root.is_dir():
        for path in sorted(data_root.rglob("*")):
            if not _linked(site, path) and path.is_file():
                _read_data(site, data_root, path)
    configured = site.config.get("collections")
    named = list(configured) if isinstance(configured, (dict, list)) else []
    site.unknown = sorted({str(name) for name in named if str(name) not in COLLECTIONS
                           and str(name) not in NOT_COLLECTIONS})
    for collection in [*COLLECTIONS, *site.unknown]:
        folder = root / f"_{collection}"
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in SUFFIXES and not _linked(site, path) and (
                path.is_file() or path.is_dir()
            ):
                name = path.relative_to(folder).as_posix()
                site.documents.append(Document(collection, path, name))
    return site


def _linked(site: JekyllSite, path: Path) -> bool:
    """Whether ``path`` is a symbolic link, or inside a linked folder, and so not imported:
    a link could bring any file of this computer (``/etc/passwd``) into ``docs/``. Each
    one is a line in the report."""
    real = path.resolve()
    if not path.is_symlink() and real == site.root.resolve() / path.relative_to(site.root):
        return False
    where = ("outside the old site's folder" if not real.is_relative_to(site.root.resolve())
             else "a link")
    site.problems.append((path.relative_to(site.root).as_posix(),
                          f"a symbolic link to {real} ({where}); not imported. Copy the file "
                          "in its place to import it"))
    return True


def _read_data(site: JekyllSite, data_root: Path, path: Path) -> None:
    keys = path.relative_to(data_root).with_suffix("").parts
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8-sig")
        if suffix in (".yml", ".yaml"):
            value = yaml.load(text, Loader=_LOADER)
        elif suffix == ".json":
            value = json.loads(text)
        elif suffix in (".csv", ".tsv"):
            value = list(csv.DictReader(text.splitlines(), delimiter="," if suffix == ".csv"
                                        else "\t"))
        else:
            return
    except (OSError, ValueError, yaml.YAMLError) as error:
        site.problems.append((path.relative_to(site.root).as_posix(),
                              f"data file not readable ({error}); Liquid sees it as empty"))
        return
    target = site.data
    for key in keys[:-1]:
        target = target.setdefault(key, {})
    target[keys[-1]] = value


def titleize(slug: str) -> str:
    """Jekyll's title for a document without one: 'our-plan' -> 'Our Plan'."""
    return " ".join(word.capitalize() for word in re.split(r"[-_\s]+", slug) if word)


_PRETTY = re.compile(r"[^\w.~!$&'()+,;=@]+")


def jekyll_slug(text: str) -> str:
    """Jekyll's ``slugify(mode: "pretty", cased: true)``, which made ``:title``: a ``slug``
    of 'a/b c' served at 'a-b-c', never nested folders or spaces."""
    return _PRETTY.sub("-", text).strip("-")


def slug_of(document: Document) -> tuple[str, str | None]:
    """``(slug, 'YYYY-MM-DD' from the file name or None)``."""
    stem = PurePosixPath(document.name).name.rsplit(".", 1)[0]
    dated = _DATED.match(stem)
    if dated:
        return dated.group(4), "-".join(dated.groups()[:3])
    return stem, None


def url_of(site: JekyllSite, document: Document,
           data: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    """The old URL of ``document`` and ``(action, note)`` on how it was found.

    A bad date is for a person to "check" (the build warns too); an unsafe permalink or a
    missing date "changed" where the page goes.
    """
    notes: list[tuple[str, str]] = []
    slug, file_date = slug_of(document)
    slug = jekyll_slug(str(data.get("slug") or slug)) or slug
    date = None
    if data.get("date") not in (None, ""):
        value, problem = parse_date(data["date"])
        if value and value.date:  # read as the build reads it, even with text after it
            date = value.date.isoformat()
        if problem:
            notes.append(("check", f"front-matter date: {problem}; the URL uses "
                          f"{date or ('the file name' if file_date else 'no date')}"))
    date = date or file_date
    permalink = data.get("permalink")
    pattern = permalink if isinstance(permalink, str) and permalink.strip() else None
    if pattern and _UNSAFE.search(pattern):
        notes.append(("changed", f"permalink {permalink!r} is not a safe path; placed at the "
                      "collection's usual URL instead"))
        pattern = None
    pattern = pattern or site.pattern(document.collection)
    if date is None and re.search(r":(year|month|day|i_month|i_day|short_year|y_day|week"
                                  r"|short_day)\b", pattern):
        notes.append(("changed", "no date in the front matter or the file name; placed "
                      "without one"))
        pattern = f"/{document.collection}/:title/"
    year, month, day = (date or "0000-00-00").split("-")
    path = document.name.rsplit(".", 1)[0]
    categories = data.get("categories", data.get("category")) or []
    if isinstance(categories, str):
        categories = categories.split()
    values = {
        "year": year, "month": month, "day": day, "i_month": str(int(month)),
        "i_day": str(int(day)), "short_year": year[2:], "title": slug, "slug": slug,
        "name": PurePosixPath(path).name, "path": path, "collection": document.collection,
        "categories": "/".join(str(c).lower() for c in categories), "output_ext": ".html",
    }
    if date:
        day_ = dt.date.fromisoformat(date)
        values.update(y_day=f"{day_.timetuple().tm_yday:03d}", week=f"{day_.isocalendar()[1]:02d}",
                      short_day=day_.strftime("%a"))
    url = _PLACEHOLDER.sub(lambda m: values[m.group(1)], pattern)
    url = "/" + re.sub(r"/{2,}", "/", url).strip("/")
    if re.search(r"\s|%20", url):
        notes.append(("changed", f"the old address {url}/ has a space; the page is at "
                      f"{_no_spaces(url)}/ and the old address redirects to it"))
    return url, notes


def _no_spaces(url: str) -> str:
    return re.sub(r"(?:\s|%20)+", "-", url)


def served_at(url: str) -> str:
    """Where a page with the old address ``url`` lives now (spaces become hyphens)."""
    return _no_spaces(url)


def docs_path(url: str) -> str:
    """'/news/2021/11/15/our-plan' -> 'news/2021/11/15/our-plan.md' (dirhtml serves it there)."""
    path = url.strip("/")
    for suffix in (".html", ".htm", ".md"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    return f"{path or 'index'}.md"
