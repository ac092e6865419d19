"""A small project of another organisation: a home page, a plan, a post and a draft."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.sphinx import write_files

PAGES = {
    "index.md": """\
        ---
        title: "Home"
        excerpt: "What we do, in one line."
        ---

        # Home

        Welcome.

        ```{toctree}
        :hidden:

        plan
        news/2022/02/01/hello
        draft
        ```
        """,
    "plan.md": """\
        ---
        layout: business-plan
        title: "Our plan"
        date: 2021-11-15
        objectives:
        - objective: "Reach more members"
          description: "Tell people we exist."
          milestones:
          - milestone: "Run a stall"
            date: 2022-06-30
            complete: false
        ---

        # Our plan

        ## Objectives
        """,
    "news/2022/02/01/hello.md": """\
        ---
        layout: news
        title: "Hello"
        date: 2022-02-01
        excerpt: "Our first post."
        redirect_from: /old-hello/
        ---

        # Hello

        First post.
        """,
    "draft.md": """\
        ---
        title: "Not yet"
        published: false
        ---

        # Not yet

        Secret draft text.
        """,
}


def make_project(directory: Path, conf: str, pages: dict[str, str] = PAGES) -> Path:
    return write_files(directory, {"conf.py": conf, **pages})
