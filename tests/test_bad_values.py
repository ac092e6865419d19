"""Values that used to crash the build: each is a typed, located warning (issue 11, part 2).

A real project (news posts, a page, a plan with directives) is built with every odd value
we know of in front matter, directive options and conf.py, and its output read back.
"""

from __future__ import annotations

import re
import shutil

import pytest
from bs4 import BeautifulSoup

from tests.helpers import TESTS
from tests.helpers.sphinx import build_app, warnings_of

POSTS = {
    "odd": """\
---
layout: news
title: [a, b]
author: {x: 1}
excerpt: [1]
image: [x]
image-alt: {a: b}
category: {a: 1}
date: 2022-03-01
redirect_from: {a: b}
permalink: [x]
tags: .nan
---

Odd one.
""",
    "odd2": """\
---
layout: news
title: 2021
author: 12
excerpt: .nan
category: [[a], null, 3, {b: c}]
date: 9999-12-31
meta-info: !!bool
---

Odd two.
""",
    "odd3": """\
---
layout: news
title: true
author: null
date: [2022-01-01]
redirect_from: [1, null, [x], {a: b}]
redirect_to: []
category: !!int ""
---

Odd three.
""",
}

KEYS = ("---\n? [a, b]\n: x\nnull: x\ntrue: y\n1: z\n? {a: 1}\n: v\ntitle: !!binary aGVsbG8=\n"
        "huge: " + "9" * 5000 + "\nbig: 1.0e+400\nexcerpt: \"" + "x" * 1_000_000 + "\"\n"
        "layout: {a: 1}\nlaughs: &a [*a]\nnest: " + "[" * 1000 + "]" * 1000 + "\n---\n\nKeys.\n")

PLAN = """\
---
layout: business-plan
title: "Odd plan"
objectives:
- objective: 2021
  team: {a: 1}
  milestones:
  - milestone: [x]
    date: 0000-01-01
  - milestone: Far
    date: 9999-12-31
  - milestone: Nan
    date: .nan
    complete: !!bool
- objective: {a: 1}
- [1, 2]
- null
---

```{milestones}
:from: not-a-date
:to: 0000-01-01
:due-within: 99999999999
:status: bogus
:limit: 0
```

```{objectives}
:status: nope
```

```{plan-summary}
:next: -1
```
"""


@pytest.fixture(scope="module")
def odd(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("odd") / "src"
    shutil.copytree(TESTS / "roots/test-news", srcdir)
    folder = srcdir / "news/2022/03/01"
    folder.mkdir(parents=True)
    for name, text in POSTS.items():
        (folder / f"{name}.md").write_text(text, "utf-8")
    (srcdir / "odd-keys.md").write_text(KEYS, "utf-8")
    (srcdir / "plan.md").write_text(PLAN, "utf-8")
    with open(srcdir / "index.md", "a", encoding="utf-8") as index:
        index.write("\n```{toctree}\n:hidden:\n\nodd-keys\nplan\n```\n")
    return build_app(srcdir, "html")


def found(app) -> list[tuple[str, int, str, str]]:
    result = []
    for warning in warnings_of(app):
        match = re.search(r"([\w/-]+)\.md:(\d+): WARNING: (.*) \[([\w.]+)\]$", warning)
        assert match, warning  # every warning names its file and line
        result.append((match[1].split("/src/")[-1], int(match[2]), match[4], match[3]))
    return result


def has(app, page: str, line: int, subtype: str, *words: str) -> bool:
    return any(p.endswith(page) and n == line and t == subtype and all(w in m for w in words)
               for p, n, t, m in found(app))


@pytest.mark.parametrize(("page", "line", "subtype", "words"), [
    ("odd", 3, "csnet.yaml", ("'title' should be text, not a list",)),
    ("odd", 4, "csnet.yaml", ("'author' should be text",)),
    ("odd", 11, "csnet.yaml", ("'permalink' should be text",)),
    ("odd", 12, "csnet.yaml", ("'.nan'", "special number")),
    ("odd2", 5, "csnet.yaml", ("'.nan'",)),
    ("odd2", 7, "csnet.date", ("the year 9999",)),
    ("odd2", 8, "csnet.yaml", ("not a valid '!!bool'",)),
    ("odd3", 3, "csnet.yaml", ("'title' should be text, not true or false",)),
    ("odd3", 5, "csnet.date", ("is not a date",)),
    ("odd3", 8, "csnet.yaml", ("not a valid '!!int'",)),
    ("odd-keys", 2, "csnet.yaml", ("a key must be a word",)),
    ("odd-keys", 7, "csnet.yaml", ("a key must be a word",)),
    ("odd-keys", 9, "csnet.yaml", ("binary data",)),
    ("odd-keys", 10, "csnet.yaml", ("999…' is not a valid '!!int'",)),
    ("odd-keys", 11, "csnet.yaml", ("special number",)),
    ("odd-keys", 12, "csnet.yaml", ("1,000,000 characters long",)),
    ("odd-keys", 13, "csnet.yaml", ("'layout' should be text",)),
    ("odd-keys", 14, "csnet.yaml", ("contains itself",)),
    ("odd-keys", 15, "csnet.yaml", ("nested more than 50 levels",)),
    ("plan", 9, "csnet.date", ("the year 0 is not between",)),
    ("plan", 11, "csnet.date", ("the year 9999",)),
    ("plan", 14, "csnet.yaml", ("not a valid '!!bool'",)),
    ("plan", 20, "csnet.option", ("':from:' 'not-a-date' is not a date",)),
    ("plan", 20, "csnet.option", ("':to:'", "year 0")),
    ("plan", 20, "csnet.option", ("':due-within:'", "from 0 to 36,500")),
    ("plan", 20, "csnet.option", ("':status:' 'bogus'",)),
    ("plan", 20, "csnet.option", ("':limit:' '0'",)),
    ("plan", 28, "csnet.option", ("':status:' unknown status nope",)),
    ("plan", 32, "csnet.option", ("':next:' '-1'",)),
])
def test_each_odd_value_is_a_located_typed_warning(odd, page, line, subtype, words):
    assert has(odd, page, line, subtype, *words), [w for w in found(odd) if w[0].endswith(page)]


def test_every_page_still_builds(odd):
    out = odd.outdir
    for page in ("news/2022/03/01/odd", "news/2022/03/01/odd2", "news/2022/03/01/odd3",
                 "odd-keys", "plan"):
        html = BeautifulSoup((out / f"{page}.html").read_text("utf-8"), "html.parser")
        assert html.find("main") or html.body.get_text().strip()
    text = (out / "news/2022/03/01/odd.html").read_text("utf-8")
    assert "[&#39;a&#39;" not in text and "['a', 'b']" not in text  # a list is no title
    assert "<h1>Odd" in text  # the file's name is the title instead
    plan = BeautifulSoup((out / "plan.html").read_text("utf-8"), "html.parser")
    assert len(plan.select("details.csnet-objective")) == 3  # "- null" is no objective
    # the directives with bad options are still shown, without the options
    assert plan.select_one(".csnet-plan-summary") is not None
    assert len(plan.select("table.csnet-milestones")) >= 2
    # a page with no usable title gets one: no "doesn't have a title" storm
    # (reference/developer.md#trap-endless-rereads)
    assert not [w for w in warnings_of(odd) if "toc.no_title" in w]


@pytest.mark.parametrize(("setting", "words"), [
    ('"2023-13-01"', "no month 13"),
    ('"next tuesday"', "is not a date"),
    ("2022", "should be a date in quotes"),
    ('"9999-12-31"', "the year 9999"),
])
def test_a_bad_plan_as_of_is_a_warning_naming_the_setting(tmp_path, setting, words):
    srcdir = tmp_path / "src"
    shutil.copytree(TESTS / "roots/test-plan-small", srcdir)
    conf = srcdir / "conf.py"
    lines = [line for line in conf.read_text("utf-8").split("\n")
             if not line.startswith("plan_as_of")]
    conf.write_text("\n".join([*lines, f"plan_as_of = {setting}", ""]), "utf-8")
    app = build_app(srcdir, "html")
    warnings = [w for w in warnings_of(app) if "csnet.config" in w]
    assert len(warnings) == 1, warnings_of(app)
    assert re.search(rf"conf\.py:{len(lines) + 1}: WARNING: plan_as_of = .*{words}", warnings[0])
    assert "as of the build date" in warnings[0]
    assert (app.outdir / "index.html").exists()
