"""One page per (layout, ``published`` spelling) and per future date, for the tests that
unpublished pages reach no output (tests/test_publication.py and its incremental twin)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import TESTS

LEAK, SHOWN = "xyzzyleak", "xyzzyshown"
LAYOUTS = ["news", "publication", "business-plan", "page", None, "rule"]
#: (YAML as a volunteer writes it after ``published:``, published?); None: no such line
SPELLINGS = [(text, False) for text in (
    "false", "False", "FALSE", "'false'", '"False"', "no", "No", "NO", "'no'", "0", "'0'",
    "off", "Off", "'off'", "n", "N", "'n'", "' no '", '" false "')]
SPELLINGS += [(text, True) for text in (
    "true", "'true'", "True", "yes", "'Yes'", "1", "'1'", "on", "'ON'", "y", "' yes '", None)]
#: values that are neither yes nor no: a warning, and left out
UNRECOGNISED = ["maybe", "'perhaps'", "[false]", "2021-01-01", "''", "", "2", "{no: 1}",
                "null"]
#: (date, published?) with no ``published`` line; the build's as-of date is 2022-03-01
DATES = [("2022-03-02", False), ("2030-01-01", False), ("'2099-12-31'", False),
         ("2022-03-01", True), ("2021-05-01", True)]


@dataclass(frozen=True)
class Case:
    layout: str | None
    published: str | None  # the YAML after "published:", None for no line
    date: str
    expected: bool
    number: int

    @property
    def slug(self) -> str:
        return f"{self.layout or 'none'}-c{self.number:03d}"

    @property
    def docname(self) -> str:
        return f"{'news' if self.layout == 'news' else 'pages'}/{self.slug}"

    @property
    def warns(self) -> bool:
        return self.published in UNRECOGNISED

    def __str__(self) -> str:
        return f"{self.layout or 'no layout'}|published: {self.published}|date: {self.date}"

    def source(self) -> str:
        word = SHOWN if self.expected else LEAK
        lines = ["---"]
        if self.layout:
            lines.append(f"layout: {self.layout}")
        lines += [f'title: "{word} {self.slug}"', f"date: {self.date}"]
        if self.published is not None:
            lines.append(f"published: {self.published}")
        lines += [f'excerpt: "{word} excerpt"', f"redirect_from: /old/{self.slug}/",
                  f"permalink: /perma/{self.slug}/"]
        if self.layout == "news":
            lines += [f"category: {word}-{self.slug}", f"image: ../{word[5:]}.svg",
                      f'image-alt: "{word} picture"']
        if self.layout == "business-plan":
            lines += ["objectives:", f'- objective: "{word} objective"',
                      '  description: "What we do."', "  team:", '  - name: "Ada"',
                      "  milestones:", f'  - milestone: "{word} milestone"',
                      "    date: 2022-06-30", "    complete: false"]
        lines += ["---", "", f"{word} body ![{word} picture](/{word[5:]}.svg)", ""]
        if not self.expected:
            lines.append("{download}`the file </leak.txt>`")
        return "\n".join(lines) + "\n"


def all_cases() -> list[Case]:
    rows = [(published, "2021-05-01", expected) for published, expected in SPELLINGS]
    rows += [(published, "2021-05-01", False) for published in UNRECOGNISED]
    rows += [(None, date, expected) for date, expected in DATES]
    rows += [("true", "2030-01-01", False)]  # published, but dated in the future
    cases = []
    for layout in LAYOUTS:
        for published, date, expected in rows:
            cases.append(Case(layout, published, date, expected, len(cases)))
    return cases


CASES = all_cases()
HIDDEN = [case for case in CASES if not case.expected]
LIVE = [case for case in CASES if case.expected]


def write_project(folder: Path, cases=CASES) -> Path:
    """``tests/roots/test-publication`` with one page per case."""
    srcdir = folder / "publication"
    shutil.copytree(TESTS / "roots" / "test-publication", srcdir)
    for case in cases:
        path = srcdir / f"{case.docname}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(case.source(), "utf-8")
    return srcdir
