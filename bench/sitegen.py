"""Synthetic sites of any size, in the shapes of the real content, for the benchmark.

A generated site is a copy of ``docs/`` (the real home page, indexes, plan, mission statement
and posts, so it follows whatever the project's pages and ``conf.py`` do) plus ``posts``
synthetic news posts with Jekyll-style front matter in every shape volunteers write (quoted
and unquoted dates, ISO timestamps, a tab before a comment, ``redirect_from`` as a list or one
string, commented-out keys, unpublished and future posts), and optionally a generated plan of
``objectives`` x ``milestones`` in the seed plan's shape.

The *plain* flavour is the same pages for plain Sphinx + MyST (``extensions =
["myst_parser"]``, Sphinx's ``basic`` theme, on which ours is built): news posts are marked
``orphan`` (our extension does that), pages whose title lives only in front matter get the
``# title`` line our extension injects, and tabs before comments become spaces so PyYAML's
pure loader can read the front matter (reference/developer.md#trap-yaml). The pages our build
leaves out (unpublished, or dated after the benchmark's day) are left out of the plain build too,
so both build the same pages. Nothing lists every post in a
toctree (reference/developer.md#trap-quadratic-navigation).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from csnet.frontmatter import parse
from csnet.publication import scanned

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PLAN = Path("publication/our-plan.md")
#: the day every benchmark build is made on (SOURCE_DATE_EPOCH): posts and events dated
#: after it are not published yet
AS_OF = dt.date(2025, 6, 1)

_TAB_BEFORE_COMMENT = re.compile(r"[ \t]*\t[ \t]*(?=#)")
_H1 = re.compile(r"^#[ \t]+\S", re.MULTILINE)

PLAIN_CONF = '''
# -- benchmark: plain Sphinx + MyST, none of our extensions --------------------------------
extensions = ["myst_parser"]
# Sphinx's basic theme, which ours (csnet, registered by our extension) is built on
html_theme = "basic"
html_theme_options = {}
'''

WORDS = (
    "network", "members", "volunteers", "mentoring", "programme", "allies", "career",
    "development", "inclusion", "conference", "departments", "leaders", "forum", "survey",
    "events", "socials", "pride", "history", "month", "trans", "bisexual", "wellbeing",
    "policy", "champions", "regional", "hubs", "research", "evidence", "workplace", "guidance",
    "training", "civil", "servants", "government", "accessibility", "digital", "newsletter",
    "committee", "chair",
)

TOPICS = ("Mentoring", "Pride", "Careers", "Allies", "Events", "Research", "Wellbeing",
          "Regional networks", "Trans inclusion", "Bi visibility")
AUTHORS = ("John Peart", "Dee", "Jonathan Kerr", "Tom Seddon", "Civil Service LGBT+ Network")


@dataclass
class Site:
    """A generated site and the files the incremental benchmarks edit."""

    root: Path
    plain: bool
    posts: list[Path] = field(default_factory=list)
    plan: Path | None = None
    events: list[Path] = field(default_factory=list)

    def pages_showing_plan(self) -> set[str]:
        """Docnames whose source shows plan data (the only pages a tick may rewrite)."""
        shown = set()
        for path in self.root.rglob("*.md"):
            text = path.read_text(encoding="utf-8")
            if (re.search(r"^(```|:::)\{(objectives|objective|milestones|plan-summary)\}",
                          text, re.MULTILINE)
                    or re.search(r"^layout:\s*business-plan", text, re.MULTILINE)):
                shown.add(path.relative_to(self.root).with_suffix("").as_posix())
        return shown


def generate(dest: Path, posts: int, *, plain: bool = False, objectives: int | None = None,
             milestones: int = 8, seed: int = 2021, events: int = 0, team: int = 0) -> Site:
    """Write a site with ``posts`` synthetic news posts (and ``events`` events, in both of the
    old site's schemas, with an events index; ``team`` volunteers' profiles, the plan's team
    names among them, with the team page) into ``dest`` (replaced if present)."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(DOCS, dest, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    rng = random.Random(seed)
    site = Site(dest, plain, plan=dest / PLAN if (dest / PLAN).exists() else None)
    if objectives is not None:
        site.plan = dest / PLAN
        site.plan.write_text(plan_page(rng, objectives, milestones), encoding="utf-8")
    for index in range(posts):
        date, url, text = news_post(rng, index)
        path = dest / f"{url.strip('/')}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        site.posts.append(path)
    for index in range(events):
        path = dest / "event" / f"event-{index}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(event_page(rng, index), encoding="utf-8")
        site.events.append(path)
    for index in range(team):
        path = dest / "team" / f"volunteer-{index}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(team_page(rng, index), encoding="utf-8")
    if team:
        (dest / "team" / "index.md").write_text(TEAM_INDEX, encoding="utf-8")
    if events:
        (dest / "event" / "index.md").write_text(EVENTS_INDEX, encoding="utf-8")
        index = dest / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + EVENTS_ON_HOME, encoding="utf-8")
    if plain:
        make_plain(dest)
    return site


def make_plain(dest: Path) -> None:
    """Turn the site in ``dest`` into the same pages for plain Sphinx + MyST (see the module
    doc). Our build leaves unpublished pages out, as Jekyll does; so must plain Sphinx."""
    unpublished = sorted(
        path.relative_to(dest).as_posix() for path in dest.rglob("*.md")
        if path.name != "index.md" or path.parent != dest
        if not scanned(dest, path.relative_to(dest).as_posix()).live(AS_OF))
    conf = dest / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + PLAIN_CONF
                    + f"exclude_patterns += {unpublished!r}\n", encoding="utf-8")
    for path in dest.rglob("*.md"):
        path.write_text(for_plain_myst(path.read_text(encoding="utf-8")), encoding="utf-8")


def for_plain_myst(text: str) -> str:
    """The page as plain MyST needs it to show what our extension shows (see module doc)."""
    front = parse(text)
    if not front.length:
        return text
    lines = text.lstrip("\ufeff").split("\n")
    head = [_TAB_BEFORE_COMMENT.sub(" ", line) for line in lines[: front.length]]
    body = lines[front.length:]
    if front.data.get("layout") in ("news", "event", "team"):
        head.insert(1, "orphan: true")
    title = str(front.data.get("title") or "").strip()
    if title and not _H1.search("\n".join(body)):
        body = ["", f"# {title}", *body]
    return "\n".join(head + body)




def sentence(rng: random.Random, low: int = 8, high: int = 22) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def news_post(rng: random.Random, index: int) -> tuple[dt.date, str, str]:
    """One post: its date, its URL (``/news/:year/:month/:day/:title``, where the file goes),
    and its text: front matter in one of the Jekyll shapes, and a kramdown-like body."""
    date = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(9 * 365))
    url = f"/news/{date:%Y/%m/%d}/{'-'.join(rng.sample(WORDS, 4))}-{index}"
    title = f"{rng.choice(TOPICS)}: {sentence(rng, 3, 7).rstrip('.')}"
    shape = index % 4
    date_text = (f"{date}T00:00:00.00Z", f"{date}\t\t# YYYY-MM-DD", f"'{date}'", str(date))
    front = ["---"]
    if shape == 1:
        front.append("# Adding or removing a '#' in front of a line will toggle it off and on.")
    front += [
        "layout: news",
        f'title: "{title}"',
        f'excerpt: "{sentence(rng, 12, 25)}"',
        f"date: {date_text[shape]}",
        f'author: "{rng.choice(AUTHORS)}"',
    ]
    if shape == 0:
        front += [f"permalink: {url}", "redirect_from:", f"- {url}-old",
                  f"- {url.lstrip('/')}-older", "category:", "- news",
                  f"- {rng.choice(TOPICS).lower()}"]
    elif shape == 1:
        front += ["# category:", "# - ", '# image: ""', f"permalink: {url}/"]
    elif shape == 2:
        front += [f"redirect_from: {url.lstrip('/')}-before", "category: news",
                  "preview: false", "published: true"]
    else:
        front += ['image: "https://www.civilservice.lgbt/images/store/news.png"',
                  f'image-alt: "{sentence(rng, 4, 8)}"']
    if index % 50 == 7:
        front.append("published: false")
    front.append("---")
    body = ["", paragraph(rng), "", paragraph(rng)]
    for section in range(rng.randint(1, 3)):
        body += ["", f"## {sentence(rng, 2, 5).rstrip('.')}", "", paragraph(rng)]
        if section == 0:
            body += [""] + [f"- {sentence(rng, 4, 10)}" for _ in range(rng.randint(2, 5))]
        if section == 1:
            body += ["", "{.document-box}", f"> {paragraph(rng)}"]
    body += ["", f"You can [read our plan](/publication/our-plan) and "
             f"[our mission statement](/rules/mission-statement/). {sentence(rng)}", ""]
    return date, url, "\n".join(front + body)


#: the real site's shape at about 1,800 pages (the old site's 1,801 documents: mostly news and
#: archived posts, events, team profiles), for ``nox -s bench -- --real-shape``
REAL_SHAPE = {"posts": 1000, "events": 600, "team": 180}
TEAM_INDEX = """---
title: "Our team"
---

```{team-list}
```
"""


def team_page(rng: random.Random, index: int) -> str:
    """A volunteer's profile: the plan's team names first (so the plan links them)."""
    name = AUTHORS[index] if index < len(AUTHORS) else f"Volunteer {index}"
    return "\n".join(["---", "layout: team", f'title: "{name}"', f'person-name: "{name}"',
                      f'role: "{rng.choice(("Chair", "Vice-chair", "Project lead", "Volunteer"))}"',
                      f'project: "{rng.choice(TOPICS)}"', f"region: {rng.choice(REGIONS)}",
                      f"archive: {'true' if index % 4 == 3 else 'false'}", "---", "",
                      paragraph(rng), ""])


EVENTS_INDEX = """---
title: "Events"
---

```{events-index}
```
"""
#: the home page's next events; the events index from its contents (hidden, as a section)
EVENTS_ON_HOME = """

```{upcoming-events}
```

```{toctree}
:hidden:

event/index
```
"""
REGIONS = ("london", "wales", "scotland", "north-west", "online", "northern-ireland")


def event_page(rng: random.Random, index: int) -> str:
    """One event, half in the newer ``event:`` schema and half in the older flat keys, from
    2016 to 2027 (so both upcoming and past ones), with a registration link or email."""
    start = dt.datetime(2016, 1, 1, 9, tzinfo=dt.UTC) + dt.timedelta(
        days=rng.randrange(12 * 365), minutes=30 * rng.randrange(20))
    end = start + dt.timedelta(hours=rng.choice((1, 2, 3)))
    deadline = start - dt.timedelta(days=rng.randrange(1, 10))
    posted = (start - dt.timedelta(days=rng.randrange(10, 60))).date()
    stamp = "%Y-%m-%dT%H:%M:%SZ"
    front = ["---", "layout: event", f'title: "{sentence(rng, 3, 6).rstrip(".")}"',
             f'excerpt: "{sentence(rng, 8, 16)}"', f"date: {posted}",
             f"category: {rng.choice(REGIONS)}"]
    if index % 2:
        front += ["event:", f"  start: {start:{stamp}}", f"  end: {end:{stamp}}",
                  f"  deadline: {deadline:{stamp}}", f'  host: "{rng.choice(AUTHORS)}"',
                  f'  location: "{rng.choice(TOPICS)} hub"',
                  f'  link: "https://example.org/register/{index}"']
    else:
        front += [f"start-date: {start:{stamp}}", f"end-date: {end:{stamp}}",
                  f'location: "{rng.choice(TOPICS)} hub"',
                  f"registration-close-date: {deadline.date()}",
                  f'email: "events{index}@example.org"']
    front.append("---")
    return "\n".join(front + ["", paragraph(rng), "", paragraph(rng), ""])


def edit_event(site: Site) -> Path:
    """Change the words of one event (its list entries stay the same)."""
    path = site.events[len(site.events) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n\nEdited for the benchmark.\n", encoding="utf-8")
    return path


def plan_page(rng: random.Random, objectives: int, milestones: int) -> str:
    """A business plan in the seed's shape: comment banners, tabs before comments, teams,
    milestones out of date order, some complete; the body of the real plan page."""
    real = (DOCS / PLAN).read_text(encoding="utf-8")
    body = "\n".join(real.split("\n")[parse(real).length:])
    lines = [
        "---", "layout: business-plan", "date: 2021-11-15 # YYYY-MM-DD",
        'title: "Our work and programmes"',
        'excerpt: "This document explains the work and programmes that we have planned."',
        'author: "Civil Service LGBT+ Network"', "", "permalink: /publication/our-plan",
        "redirect_from:", "- /our-plan", "- /business-plan", "", "objectives:", "",
    ]
    for number in range(objectives):
        name = f"{rng.choice(TOPICS)} objective {number + 1}"
        lines += [
            "#" * (len(name) + 6), f"## {name.upper()} ##", "#" * (len(name) + 6),
            f'- objective: "{name}"\t# Name of objective',
            f'  description: "{sentence(rng, 12, 30)}"',
            "  complete: false",
            "  team:",
            *[f'  - name: "{rng.choice(AUTHORS)}"' for _ in range(rng.randint(1, 3))],
            "  milestones:",
        ]
        for _ in range(milestones):
            date = dt.date(2021, 10, 1) + dt.timedelta(days=rng.randrange(800))
            lines += [
                f'  - milestone: "{sentence(rng, 5, 12).rstrip(".")}"',
                f"    date: {date}\t\t# YYYY-MM-DD – target date for achieving milestone",
                f"    complete: {'true' if rng.random() < 0.3 else 'false'}",
            ]
    lines.append("---")
    return "\n".join(lines) + "\n" + body


# -- edits the incremental benchmarks make ------------------------------------------------

def edit_post(site: Site) -> Path:
    """Add a sentence to the middle post's body (a page nothing else shows)."""
    path = sorted(site.posts)[len(site.posts) // 2]
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence, edited.\n",
                    encoding="utf-8")
    return path


def tick_milestone(site: Site) -> Path:
    """Change the plan's first incomplete milestone to ``complete: true``."""
    path = site.plan
    lines = path.read_text(encoding="utf-8").split("\n")
    in_milestone = False
    for number, line in enumerate(lines):
        if re.match(r"\s*- milestone:", line):
            in_milestone = True
        elif in_milestone and re.match(r"\s+complete:\s*false\b", line):
            lines[number] = line.replace("false", "true", 1)
            path.write_text("\n".join(lines), encoding="utf-8")
            return path
        elif re.match(r"- objective:", line):
            in_milestone = False
    raise ValueError(f"{path}: no incomplete milestone to tick")


def add_missing_image(site: Site) -> Path:
    """Give the first post a picture that is not there (plain Sphinx re-reads such a page on
    every build: reference/developer.md#trap-endless-rereads; the benchmark counts the pages
    each rebuild re-reads)."""
    path = sorted(site.posts)[0]
    path.write_text(path.read_text(encoding="utf-8")
                    + "\n![A picture that was never uploaded](/images/not-there.png)\n",
                    encoding="utf-8")
    return path
