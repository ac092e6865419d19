"""Which PDFs to make: ``pdf_documents`` in ``conf.py``, read like ``latex_documents``.

Each entry is ``(start document, file name, title, author, options)``; title and author may be
``None`` (then the start document's front matter, or ``project``/``author``, gives them).
Options (all optional)::

    before: ["rules/mission-statement"]  # documents printed before the start document
    after: ["rules/code-of-conduct"]     # ... and after it
    posts: True                          # then every published news post, newest first
    by_year: True                        # one PDF per year of posts: news-2023.pdf, ...
    contents_depth: 3                    # 1: documents, 2: their sections, 3: objectives too
    subject: "..."                       # PDF subject (default: the start page's excerpt)
    objective_per_page: True             # each objective card starts a page (default: they
                                         # share pages, a short one never split)

A wrong entry is reported (``csnet.pdf``) and left out; the other publications are still made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..locale import _
from ..logs import Warn, warn
from ..news import published_posts
from ..publication import unpublished
from ..site import site

logger = logging.getLogger(__name__)
OPTIONS = {"before": list, "after": list, "posts": bool, "contents_depth": int, "subject": str,
           "objective_per_page": bool, "by_year": bool}


@dataclass(frozen=True)
class Publication:
    start: str
    filename: str
    title: str | None = None
    author: str | None = None
    options: dict[str, Any] = field(default_factory=dict)

    def docnames(self, env: BuildEnvironment) -> list[str]:
        """The documents in print order; documents that do not exist are reported, and
        unpublished ones left out (without its start page, a publication is not made)."""
        names = [*self.options.get("before", []), self.start, *self.options.get("after", [])]
        found = []
        for name in names:
            name = str(name).strip("/")
            if name in env.all_docs:
                found.append(name)
            elif name in unpublished(env):
                logger.info(f"{self.filename}: {name} is not published, so it is left out")
            else:
                warn(Warn.PDF, f"conf.py: pdf_documents: '{self.filename}' names the document "
                     f"'{name}', which does not exist; give its path in docs/ without '.md'")
        if self.options.get("posts"):
            year = self.options.get("year")
            found.extend(info.docname for info in published_posts(env)
                         if info.docname not in found and (year is None or _year(info) == year))
        return found

    def resolved_title(self, env: BuildEnvironment) -> str:
        info = site(env).pages.get(self.start)
        return self.title or (info.title if info else "") or env.config.project

    def resolved_author(self, env: BuildEnvironment) -> str:
        info = site(env).pages.get(self.start)
        return self.author or (info.get("author") if info else None) or env.config.author


def _year(info) -> int | None:
    return info.date.date.year if info.date and info.date.date else None


def by_year(items: list[Publication], env: BuildEnvironment) -> list[Publication]:
    """Each ``by_year`` publication as one per year of published posts, newest first
    (``news.pdf`` -> ``news-2023.pdf``, "...: 2023"): a year of news is something a person
    prints; every post since the network began is not. Each keeps its ``series``."""
    result = []
    for publication in items:
        if not publication.options.get("by_year"):
            result.append(publication)
            continue
        years = sorted({y for info in published_posts(env) if (y := _year(info))},
                       reverse=True)
        stem = publication.filename.removesuffix(".pdf")
        title = publication.resolved_title(env)
        for year in years:
            result.append(Publication(
                publication.start, f"{stem}-{year}.pdf",
                _("{title}: {year}").format(title=title, year=year), publication.author,
                {**publication.options, "year": year, "series": publication.filename}))
    return result


def publications(config: Config, report: bool = True) -> list[Publication]:
    """The valid entries of ``pdf_documents``; each invalid one is reported and skipped."""
    result = []
    say = warn if report else _quiet
    for index, entry in enumerate(config.pdf_documents or []):
        where = f"conf.py: pdf_documents[{index}]"
        if not isinstance(entry, list | tuple) or not 2 <= len(entry) <= 5:
            say(Warn.PDF, f"{where} should be (start document, file name, title, author, "
                f"options), not {entry!r}")
            continue
        start, filename, title, author, options = (*entry, None, None, None)[:5]
        if not isinstance(options or {}, dict):
            say(Warn.PDF, f"{where}: the options should be a dict ({{'posts': True}}), "
                f"not {options!r}")
            continue
        options = dict(options or {})
        problems = [f"unknown option '{key}' (known: {', '.join(OPTIONS)})"
                    for key in options if key not in OPTIONS]
        problems += [f"option '{key}' should be {kind.__name__}"
                     for key, kind in OPTIONS.items()
                     if key in options and not isinstance(options[key], kind)]
        if not str(filename).endswith(".pdf") or "/" in str(filename):
            problems.append(f"file name '{filename}' should be a plain name ending in .pdf")
        if problems:
            say(Warn.PDF, f"{where}: " + "; ".join(problems))
            continue
        result.append(Publication(str(start).strip("/"), str(filename), title, author, options))
    return result


def _quiet(*args) -> None:
    """Report nothing (the entry was reported when the configuration was read)."""
