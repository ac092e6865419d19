"""The peer volunteers compare us with: the same generated posts built by Debian's ``jekyll``.

A minimal Jekyll site (issue 16): each generated post in ``_posts/`` with its front matter
as volunteers wrote it (Jekyll reads the tab before a comment, unpublished posts stay out),
the same permalinks (``/news/:year/:month/:day/:title/``, or the post's own ``permalink``),
one layout with the title and the content, and a home page listing the latest ten posts.
None of our pages (plan, indexes, mission statement): Jekyll cannot read MyST directives,
so Jekyll does less work than we do and the ratio flatters it. Not a test: where ``jekyll``
is not installed the benchmark says so and goes on.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from . import sitegen
from .measure import Run, measure

CONFIG = """title: "Civil Service LGBT+ Network (benchmark)"
permalink: /news/:year/:month/:day/:title/
markdown: kramdown
exclude: [vendor, Gemfile, Gemfile.lock]
"""
LAYOUT = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{{ page.title | escape }}</title></head>
<body><main><h1>{{ page.title | escape }}</h1>{{ content }}</main></body></html>
"""
HOME = """---
layout: default
title: Home
---
<ul>{% for post in site.posts limit:10 %}
<li><a href="{{ post.url }}">{{ post.title | escape }}</a> {{ post.excerpt | strip_html }}</li>
{% endfor %}</ul>
"""


def available() -> str | None:
    """The ``jekyll`` command, or ``None`` when it is not installed."""
    return shutil.which("jekyll")


def version() -> str:
    """``jekyll 4.3.1``, as the installed command says it."""
    return subprocess.run([available(), "--version"], capture_output=True,
                          text=True).stdout.strip()


def generate(dest: Path, site: sitegen.Site) -> tuple[Path, list[Path]]:
    """The Jekyll site of ``site``'s posts in ``dest``; returns it and its post files."""
    shutil.rmtree(dest, ignore_errors=True)
    (dest / "_layouts").mkdir(parents=True)
    (dest / "_posts").mkdir()
    (dest / "_config.yml").write_text(CONFIG, encoding="utf-8")
    for layout in ("default", "news"):
        (dest / "_layouts" / f"{layout}.html").write_text(LAYOUT, encoding="utf-8")
    (dest / "index.html").write_text(HOME, encoding="utf-8")
    posts = []
    for path in sorted(site.posts):
        relative = path.relative_to(site.root).parts  # news/YYYY/MM/DD/slug.md
        year, month, day, name = relative[-4:]
        post = dest / "_posts" / f"{year}-{month}-{day}-{name}"
        post.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        posts.append(post)
    return dest, posts


def build(source: Path, out: Path, *, clean: bool) -> Run:
    """``jekyll build``; ``clean``: from an empty output and no cache."""
    if clean:
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(source / ".jekyll-cache", ignore_errors=True)
    run = measure([available(), "build", "--quiet", "-s", str(source), "-d", str(out)])
    if not run.ok:
        raise SystemExit(run.log)
    return run


def touch_post(posts: list[Path]) -> None:
    """The same edit as :func:`sitegen.edit_post`: a sentence added to the middle post."""
    path = posts[len(posts) // 2]
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence, edited.\n",
                    encoding="utf-8")
