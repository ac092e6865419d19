"""The content manager at /admin/: generated configuration, and a volunteer's session in it.

The browser test copies ``docs/`` into a temporary Git repository, builds it, serves the site
on loopback with Decap's own local backend (``decap-server``) pointed at the copy, and then, in
Debian's Chromium, writes a news post, ticks a milestone, adds its details and edits an
existing post's author through the CMS's forms. ``git diff`` shows that ticking changed that
milestone's ``complete`` line and nothing else (the plan's comments, quotes and tabs are kept:
our format, ``cms-frontmatter.js``), and the author edit its one line. Rebuilding the copy must
show all of it, with no new warning. A second session, on decap-server's Git mode, follows a
post through the editorial workflow: a draft and an entry in review live on a branch with
``published: false`` and stay out of the site until approved and published; commits say
``Create News article "..."`` and ``Update News article "..."``. axe checks the page this project
writes and each of Decap's screens a volunteer uses (collection list, a post, the plan with its
milestones, the editorial workflow board), light and dark: no serious or critical finding, with
our fixes from outside Decap (cms-a11y.js and .css); the plan's lists are opened and a milestone
ticked by keyboard. Every value type the forms write is round-tripped in
tests/test_cms_format.py.

Outside CI a missing Chromium or ``npm ci`` skips these tests; in CI (``CI`` set) it fails.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from csnet.frontmatter import parse

from tests.helpers import CHROMIUM, DOCS, INSTALL_CHROMIUM, NPM_CI, ROOT, need
from tests.helpers.cms import (
    DECAP_SERVER,
    DIST,
    axe,
    axe_light_and_dark,
    build_branch,
    build_copy,
    chromium_page,
    cms_session,
    config_of,
    decap_server,
    diff_lines,
    drafts,
    expand,
    free_port,
    git,
    login,
    open_cms,
    picture,
    poll,
    publish,
    serious,
    wait_for_file,
    without_lines,
)
from tests.helpers.processes import wait_for
from tests.helpers.sphinx import build_app, build_root, warnings_of

PLAN = "publication/our-plan.md"
MILESTONE = "Recruit and mobilise a mentoring programme team"
DETAILS = "Three volunteers joined.\nThe lead starts in January."  # multi-line text
EDITED_POST = "news/2022/01/13/helping-you-succeed-in-your-career.md"


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def field(fields: list[dict], name: str) -> dict:
    return next(f for f in fields if f["name"] == name)


# -- configuration, without a browser --------------------------------------------------------
@pytest.fixture(scope="module")
def docs_build(tmp_path_factory):
    need(DIST / "decap-cms.js", NPM_CI)
    out = tmp_path_factory.mktemp("cms-docs")
    app = build_app(DOCS, builddir=out)
    return app, Path(app.outdir)


def test_config_follows_the_project(docs_build):
    app, out = docs_build
    config = config_of(out)
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["commit_messages"]["create"] == 'Create {{collection}} "{{slug}}"'
    news = collection(config, "news")
    assert (news["folder"], news["path"]) == ("docs/news", "{{year}}/{{month}}/{{day}}/{{slug}}")
    assert news["label_singular"] == "News article"  # commit: Create News article "slug"
    assert news["filter"] == {"field": "layout", "value": "news"}
    assert field(news["fields"], "published")["default"] is False  # created as a draft
    assert field(news["fields"], "date")["format"] == "YYYY-MM-DD"
    assert field(news["fields"], "excerpt")["required"] is False
    # the archived posts are edited where they are, not created there
    assert collection(config, "news-archives")["create"] is False
    plan = collection(config, "our-plan")["files"][0]
    assert plan["file"] == f"docs/{PLAN}" and plan["preview_path"] == "publication/our-plan/"
    objectives = field(plan["fields"], "objectives")
    schema = json.loads((ROOT / "ext/csnet/plan/schema.json").read_text())
    required = set(schema["$defs"]["objective"]["required"])
    assert {f["name"] for f in objectives["fields"] if f["required"]} == required
    milestones = field(objectives["fields"], "milestones")
    assert field(milestones["fields"], "milestone")["required"] is True
    assert field(milestones["fields"], "complete")["widget"] == "boolean"
    assert field(milestones["fields"], "date")["widget"] == "datetime"
    pages = collection(config, "pages")["files"]
    assert {p["file"] for p in pages} >= {"docs/index.md", "docs/accessibility.md"}
    # every page is in exactly one collection
    covered = [p["file"] for c in config["collections"] for p in c.get("files", ())]
    assert len(covered) == len(set(covered))
    page = (out / "admin" / "index.html").read_text("utf-8")
    assert '<html lang="en-GB">' in page and 'href="config.yml"' in page
    assert (out / "admin" / "decap-cms.js").stat().st_size == (DIST / "decap-cms.js").stat().st_size
    assert "//" not in re.sub(r"https?://\S+\"", "", page.split("<script")[1])  # no CDN


def test_no_cms_without_its_files_and_never_in_other_builders(tmp_path):
    app = build_root(tmp_path, "news", cms_enabled=True, cms_assets=str(tmp_path / "none"))
    assert app.statuscode == 0
    assert not [w for w in warnings_of(app) if "csnet.cms" in w]  # not a content mistake
    said = [line for line in app.status.getvalue().splitlines() if "is left out" in line]
    assert len(said) == 1 and "npm ci" in said[0], app.status.getvalue()
    assert not (Path(app.outdir) / "admin").exists()
    assert (Path(app.outdir) / "index.html").exists()  # the rest of the site is built
    need(DIST / "decap-cms.js", NPM_CI)
    single = build_root(tmp_path / "single", "news", "singlehtml", cms_enabled=True,
                        cms_assets=str(DIST))
    assert not (Path(single.outdir) / "admin").exists()
    assert not [w for w in warnings_of(single) if "csnet.cms" in w]


def test_a_redirect_cannot_take_the_cms_address(tmp_path):
    need(DIST / "decap-cms.js", NPM_CI)
    srcdir = tmp_path / "news"
    shutil.copytree(ROOT / "tests" / "roots" / "test-news", srcdir)
    about = srcdir / "about.md"
    text = about.read_text("utf-8")
    about.write_text(text.replace("---\n", "---\nredirect_from: /admin/\n", 1)
                     if text.startswith("---") else f"---\nredirect_from: /admin/\n---\n{text}")
    app = build_app(srcdir, cms_enabled=True, cms_assets=str(DIST))
    assert any("/admin/" in w and "csnet.url" in w for w in warnings_of(app)), warnings_of(app)
    assert "Edit the website" in (Path(app.outdir) / "admin" / "index.html").read_text()


def test_the_github_backend_as_a_maintainer_switches_it_on(tmp_path):
    """The settings README "Switching it on" names, as Decap's GitHub backend reads them
    (decapcms.org/docs/backends-overview: repo, branch, base_url, auth_endpoint, auth_scope)."""
    need(DIST / "decap-cms.js", NPM_CI)
    app = build_root(tmp_path, "news", cms_enabled=True, cms_assets=str(DIST),
                     cms_repo="civil-service-lgbt/website", cms_branch="live",
                     cms_auth_url="https://oauth.example.org/", cms_auth_endpoint="/api/auth",
                     cms_auth_scope="public_repo")
    assert not [w for w in warnings_of(app) if "csnet.c" in w], warnings_of(app)
    config = config_of(Path(app.outdir))
    backend = config["backend"]
    assert {k: v for k, v in backend.items() if k != "commit_messages"} == {
        "name": "github", "repo": "civil-service-lgbt/website", "branch": "live",
        "auth_scope": "public_repo", "base_url": "https://oauth.example.org",
        "auth_endpoint": "api/auth"}
    assert backend["commit_messages"]["update"] == 'Update {{collection}} "{{slug}}"'
    assert config["publish_mode"] == "editorial_workflow"
    assert config["site_url"] == config["display_url"] == "https://example.org/site/"
    # decap-server only where Decap allows it (localhost); the live site logs in to GitHub
    assert config["local_backend"] == {"url": "http://127.0.0.1:8081/api/v1"}
    assert "edits local files only" not in app.status.getvalue()


def test_without_a_repository_the_cms_edits_local_files(tmp_path):
    """A volunteer's own build (no GITHUB_REPOSITORY): no repository, Netlify's login left
    alone, decap-server at the address given, and one line that says so."""
    need(DIST / "decap-cms.js", NPM_CI)
    app = build_root(tmp_path, "news", cms_enabled=True, cms_assets=str(DIST),
                     cms_local_backend="http://127.0.0.1:9999/api/v1", html_baseurl="")
    config = config_of(Path(app.outdir))
    assert {k: v for k, v in config["backend"].items() if k != "commit_messages"} == {
        "name": "github", "branch": "main", "auth_scope": "repo"}
    assert config["local_backend"] == {"url": "http://127.0.0.1:9999/api/v1"}
    assert "site_url" not in config and "display_url" not in config  # no address: no links
    said = [line for line in app.status.getvalue().splitlines() if "edits local files" in line]
    assert len(said) == 1, app.status.getvalue()
    assert not [w for w in warnings_of(app) if "csnet.c" in w], warnings_of(app)
    page = (Path(app.outdir) / "admin" / "index.html").read_text("utf-8")
    assert '<script type="module" src="cms-init.js">' in page
    start = (Path(app.outdir) / "admin" / "cms-init.js").read_text("utf-8")
    assert "registerCustomFormat('csnet-frontmatter'" in start and "CMS.init(" in start


#: a maintainer's mistakes in conf.py, and words each warning must hold to help
BAD_SETTINGS = {
    "cms_repo": ("https://github.com/civil-service-lgbt/website",
                 "cms_repo = 'civil-service-lgbt/website'"),
    "cms_branch": ("live site", "cannot be a Git branch name"),
    "cms_auth_url": ("https://oauth.example.org/decap", "cms_auth_endpoint = 'decap/auth'"),
    "cms_auth_endpoint": ("https://oauth.example.org/auth", "without the server's address"),
    "cms_auth_scope": ("admin", "'public_repo'"),
    "cms_local_backend": ("8081", "http://127.0.0.1:8081/api/v1"),
    "cms_docs_folder": ("../elsewhere", "inside the repository"),
}


def test_a_bad_cms_setting_is_a_located_warning_and_its_default_is_used(tmp_path):
    need(DIST / "decap-cms.js", NPM_CI)
    srcdir = tmp_path / "news"
    shutil.copytree(ROOT / "tests" / "roots" / "test-news", srcdir)
    conf = srcdir / "conf.py"
    lines = conf.read_text("utf-8").splitlines()
    bad = [f"{name} = {value!r}" for name, (value, _) in BAD_SETTINGS.items()]
    conf.write_text("\n".join([*lines, "cms_enabled = True", *bad, ""]), "utf-8")
    app = build_app(srcdir, cms_assets=str(DIST))
    warnings = warnings_of(app)
    first = len(lines) + 2
    for number, (name, (_, words)) in enumerate(BAD_SETTINGS.items(), start=first):
        mine = [w for w in warnings if f"conf.py:{number}: WARNING: {name} = " in w]
        assert len(mine) == 1, (name, warnings)
        assert "[csnet.config]" in mine[0] and words in mine[0], mine[0]
    assert app.statuscode == 0
    backend = config_of(Path(app.outdir))["backend"]  # the defaults, so still usable
    assert "repo" not in backend and "base_url" not in backend
    assert (backend["branch"], backend["auth_scope"]) == ("main", "repo")
    config = config_of(Path(app.outdir))
    assert config["local_backend"]["url"] == "http://127.0.0.1:8081/api/v1"
    assert collection(config, "news")["folder"] == "news/news"  # the source folder's name


@pytest.mark.parametrize(("name", "value"), [
    ("cms_repo", "civil-service-lgbt/website.github.io"), ("cms_branch", "cms/live-2026"),
    ("cms_auth_url", "https://decap-oauth.example.workers.dev"),
    ("cms_auth_url", "http://127.0.0.1:3000"), ("cms_auth_endpoint", "api/auth"),
    ("cms_docs_folder", "site/docs")])
def test_good_cms_settings_are_kept(tmp_path, name, value):
    app = build_root(tmp_path, "news", **{name: value})
    assert app.config[name] == value
    assert not [w for w in warnings_of(app) if "csnet.config" in w], warnings_of(app)


# -- a volunteer's session in the browser -----------------------------------------------------


def test_a_volunteer_writes_a_post_and_ticks_a_milestone(tmp_path):
    findings: dict[str, list] = {}
    with cms_session(tmp_path, "fs") as (repo, before, page, url, errors):
        from playwright.sync_api import expect

        srcdir = repo / "docs"
        untouched = (srcdir / EDITED_POST).read_text("utf-8")
        # our page alone (Decap's script held back): no violation is allowed
        page.route("**/decap-cms.js", lambda route: route.abort())
        page.goto(f"{url}/admin/")
        assert axe(page) == []
        page.unroute("**/decap-cms.js")

        login(page, url)
        findings["collections"] = axe_light_and_dark(page)
        picture(page, "collections")

        # 1. a new news post, through the form
        open_cms(page, f"{url}/admin/#/collections/news/new")
        page.get_by_label("Title", exact=True).fill("Pride picnic in the park")
        page.get_by_label("Date (optional)").fill("2022-06-25")
        page.get_by_label("Author (optional)").fill("Sam Volunteer")
        page.get_by_label("Summary (optional)").fill("Join us for food & games.")
        page.get_by_label("Category (optional)").fill("Pride, Events")
        page.get_by_label("Published (optional)").click()
        page.locator("[aria-label='markdown field'] [contenteditable=true]").click()
        page.keyboard.type("We meet at noon.\n\n- bring a blanket\n- bring a friend")
        # the preview pane: the site's stylesheets and markup, with what was typed
        preview = page.frame_locator("#preview-pane")
        expect(preview.locator("article.csnet-body h1")).to_have_text("Pride picnic in the park")
        expect(preview.locator(".byline .author")).to_have_text("By Sam Volunteer")
        expect(preview.locator("link[href$='_static/csnet.css']")).to_have_count(1)
        findings["editor"] = axe_light_and_dark(page)
        picture(page, "new-post", centre=page.get_by_label("Author (optional)"))
        page.get_by_role("button", name="Publish", exact=True).click()
        picture(page, "publish")
        page.get_by_text("Publish now", exact=True).click()
        created = list((srcdir / "news").glob("*/*/*/pride-picnic-in-the-park.md"))
        deadline = time.monotonic() + 20
        while not created and time.monotonic() < deadline:
            time.sleep(0.2)
            created = list((srcdir / "news").glob("*/*/*/pride-picnic-in-the-park.md"))
        assert created, "the CMS did not write the new post"
        post = wait_for_file(created[0], lambda t: "bring a friend" in t)

        # 2. tick a milestone of the plan: that line alone changes
        open_cms(page, f"{url}/admin/#/collections/our-plan/entries/publication-our-plan")
        # the preview link: the page's built address, on the site serving /admin/ (here, on
        # localhost, the copy's build; config.yml says https://www.civilservice.lgbt/)
        expect(page.get_by_role("link", name="View Live")).to_have_attribute(
            "href", f"{url}/publication/our-plan/", timeout=30_000)
        expand(page, "Mentoring programme")
        expand(page, MILESTONE)
        switch = milestone_field(page, "button", "complete-field")
        switch.focus()
        page.keyboard.press("Space")
        expect(switch).to_have_attribute("aria-checked", "true")
        row = page.frame_locator("#preview-pane").locator("tr", has_text=MILESTONE)
        expect(row).to_have_class(re.compile("status-complete"))  # the tick, as the site shows it
        picture(page, "milestone", centre=switch)
        findings["plan"] = axe_light_and_dark(page)
        publish(page)
        wait_for_file(srcdir / PLAN, lambda t: _ticked(t))
        ticked = git(repo, "diff", "--unified=0", "--", f"docs/{PLAN}")

        # then its details, as multi-line text (a key the milestone did not have)
        open_cms(page, f"{url}/admin/#/collections/our-plan/entries/publication-our-plan")
        expand(page, "Mentoring programme")
        expand(page, MILESTONE)
        milestone_field(page, "textarea", "details-field").fill(DETAILS)
        publish(page)
        plan_text = wait_for_file(srcdir / PLAN, lambda t: _ticked(t, DETAILS))

        # 3. an existing post: change its author only
        edited = change_author(page, url, srcdir)
        authored = git(repo, "diff", "--unified=0", "--", f"docs/{EDITED_POST}")
    print("axe in Decap's own interface:", json.dumps(findings))
    assert not {screen: serious(found) for screen, found in findings.items()
                if serious(found)}, findings

    # what the CMS wrote is what the build reads
    front = parse(post).data
    assert front["layout"] == "news" and front["published"] is True
    assert front["category"] == ["Pride", "Events"]
    assert str(front["date"]) == "2022-06-25"
    assert re.search(r"^[-*] bring a blanket\n[-*] bring a friend$", post, re.M), post
    # ticking changed that milestone's "complete" line and nothing else in the file
    assert diff_lines(ticked) == ["-    complete: false", "+    complete: true"], ticked
    hunk = re.search(r"^@@ -(\d+) \+(\d+) @@", ticked, re.M)
    original = (DOCS / PLAN).read_text("utf-8").splitlines()
    assert original[int(hunk.group(1)) - 3].endswith(f'"{MILESTONE}"')
    # the details went in under it, and every comment of the plan is still there
    plan = parse(plan_text).data
    assert len(plan["objectives"]) == len(parse((DOCS / PLAN).read_text()).data["objectives"])
    comments = [line for line in original if line.lstrip().startswith("#")]
    assert [line for line in plan_text.splitlines() if line in comments] == comments
    assert '# - objective: "Bullying and harrassment"' in plan_text
    # the post's author line alone changed: its date, permalink and text are as they were
    assert diff_lines(authored) == ['-author: "Dee"', '+author: "Dee Vice-Chair"'], authored
    assert parse(edited).data == {**parse(untouched).data, "author": "Dee Vice-Chair"}

    after = build_copy(srcdir, tmp_path / "after")
    assert after.statuscode == 0
    new_warnings = without_lines(warnings_of(after)) - without_lines(warnings_of(before))
    assert not new_warnings, new_warnings
    out = Path(after.outdir)
    folder = created[0].relative_to(srcdir).with_suffix("")
    html = (out / folder / "index.html").read_text("utf-8")
    assert "Pride picnic in the park" in html and "<li><p>bring a friend</p></li>" in html
    assert "By Sam Volunteer" in html and "25 June 2022" in html
    assert "Pride picnic in the park" in (out / "news" / "index.html").read_text("utf-8")
    plan_html = (out / "publication" / "our-plan" / "index.html").read_text("utf-8")
    row = re.search(rf'<tr class="([^"]*)"><td><p>{MILESTONE}</p>', plan_html)
    assert row and "status-complete" in row.group(1)
    assert errors == [], errors


def change_author(page, url: str, srcdir: Path) -> str:
    """Change :data:`EDITED_POST`'s author through its form; the file as the CMS saved it."""
    from playwright.sync_api import expect

    open_cms(page, f"{url}/admin/#/collections/news/entries/"
             "2022/01/13/helping-you-succeed-in-your-career")
    author = page.get_by_label("Author (optional)")
    expect(author).to_have_value("Dee", timeout=30_000)
    author.fill("Dee Vice-Chair")
    publish(page)
    return wait_for_file(srcdir / EDITED_POST,
                         lambda t: parse(t).data.get("author") == "Dee Vice-Chair")


def _ticked(text: str, details: str | None = None) -> bool:
    for objective in parse(text).data.get("objectives") or ():
        for milestone in objective.get("milestones") or ():
            if milestone.get("milestone") == MILESTONE:
                return milestone.get("complete") is True and milestone.get("details") == details
    return False


def milestone_field(page, tag: str, prefix: str):
    """A field of the milestone :data:`MILESTONE` (Decap's ids start with the field's name)."""
    name = page.locator(f"input[id^=milestone-field][value='{MILESTONE}']")
    return name.locator(f"xpath=following::{tag}[starts-with(@id, '{prefix}')][1]")


def test_an_entry_in_review_stays_a_draft_until_approved(tmp_path):
    title = "Pride picnic in the park"
    with cms_session(tmp_path, "git") as (repo, _, page, url, errors):
        from playwright.sync_api import expect

        login(page, url)
        open_cms(page, f"{url}/admin/#/collections/news/new")
        page.get_by_label("Title", exact=True).fill(title)
        page.get_by_label("Date (optional)").fill("2022-06-25")
        page.locator("[aria-label='markdown field'] [contenteditable=true]").click()
        page.keyboard.type("We meet at noon.")
        page.get_by_role("button", name="Save", exact=True).click()  # a draft
        branch = poll(lambda: drafts(repo))
        assert branch, "the CMS kept no draft branch"
        branch = branch[0]
        assert branch == "cms/news/2022/06/25/pride-picnic-in-the-park"
        path = "docs/news/2022/06/25/pride-picnic-in-the-park.md"
        draft = poll(lambda: git(repo, "show", f"{branch}:{path}"))  # committed after branching
        assert parse(draft).data["published"] is False  # created as a draft

        # in review: still on its branch, still published: false
        status = page.get_by_role("button", name=re.compile("^Status:"))
        status.click()
        page.get_by_text("In review", exact=True).click()
        expect(status).to_have_text(re.compile("In review"), timeout=30_000)
        assert poll(lambda: "pending_review" in git(
            repo, "config", f"branch.{branch}.description"))
        assert "pride-picnic" not in git(repo, "ls-tree", "-r", "--name-only", "main")
        git(repo, "tag", "in-review", branch)  # built below, once the browser is closed
        open_cms(page, f"{url}/admin/#/workflow")  # the board, with the entry in review
        expect(page.get_by_text(title).first).to_be_visible(timeout=30_000)
        picture(page, "workflow")
        assert not serious(axe_light_and_dark(page))
        open_cms(page, f"{url}/admin/#/collections/news/entries/2022/06/25/"
                 "pride-picnic-in-the-park")
        status = page.get_by_role("button", name=re.compile("^Status:"))

        # approved: the reviewer ticks Published, marks it ready and publishes
        page.get_by_label("Published (optional)").click()
        page.get_by_role("button", name="Save", exact=True).click()
        assert poll(lambda: parse(git(repo, "show", f"{branch}:{path}")).data
                    .get("published") is True)
        status.click()
        page.get_by_text("Ready", exact=True).click()
        expect(status).to_have_text(re.compile("Ready"), timeout=30_000)
        page.get_by_role("button", name="Publish", exact=True).click()
        page.once("dialog", lambda dialog: dialog.accept())  # "publish this entry?"
        page.get_by_text("Publish now", exact=True).click()
        assert poll(lambda: not drafts(repo))  # merged into main, its branch deleted
        assert errors == [], errors

    # what the entry in review held: a page the build leaves out (were it merged early)
    in_review = build_branch(repo, "in-review", tmp_path / "in-review")
    assert title not in (Path(in_review.outdir) / "news" / "index.html").read_text("utf-8")
    assert not (Path(in_review.outdir) / path[5:-3] / "index.html").exists()
    assert f"docs/{path[5:]}" in git(repo, "ls-tree", "-r", "--name-only", "in-review")
    published = git(repo, "show", f"main:{path}")
    assert parse(published).data["published"] is True
    messages = git(repo, "log", "--format=%s", "main").splitlines()
    slug = "2022/06/25/pride-picnic-in-the-park"
    assert f'Create News article "{slug}"' in messages
    assert f'Update News article "{slug}"' in messages
    site = build_branch(repo, "main", tmp_path / "published")
    assert title in (Path(site.outdir) / path[5:-3] / "index.html").read_text("utf-8")
    assert title in (Path(site.outdir) / "news" / "index.html").read_text("utf-8")


def test_a_save_in_the_local_cms_shows_in_the_preview(tmp_path):
    """``nox -s serve``: the preview and decap-server on one copy of ``docs/``. A save in the
    CMS is written into the folder, the preview rebuilds, and the entry's "View Live" link
    opens the preview's page with the change (not the live site, which cannot have it)."""
    need(CHROMIUM, INSTALL_CHROMIUM)
    need(DIST / "decap-cms.js", NPM_CI)
    need(DECAP_SERVER, NPM_CI)
    repo = tmp_path / "repo"
    shutil.copytree(DOCS, repo / "docs")
    cms_port, preview_port = free_port(), free_port()
    preview = subprocess.Popen(
        [sys.executable, "-m", "csnet.preview", str(repo / "docs"), "--out",
         str(tmp_path / "out"), "--port", str(preview_port),
         "-D", f"cms_local_backend=http://127.0.0.1:{cms_port}/api/v1",
         "-D", f"cms_assets={DIST}"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, env={"PYTHONPATH": str(ROOT / "ext"), "PATH": "/usr/bin:/bin"})
    url = f"http://127.0.0.1:{preview_port}"
    try:
        wait_for(f"{url}/_preview/status.json", preview)
        # the CMS is served as built: the preview's reload script would reload it, and lose
        # the form being filled in, on every rebuild its saves start
        with urllib.request.urlopen(f"{url}/admin/") as response:
            assert b"/_preview/" not in response.read()
        with decap_server(repo, "fs", cms_port), chromium_page() as (page, errors):
            from playwright.sync_api import expect

            login(page, url)
            change_author(page, url, repo / "docs")
            address = f"{url}/news/2022/01/13/helping-you-succeed-in-your-career/"
            expect(page.get_by_role("link", name="View Live")).to_have_attribute(
                "href", address, timeout=30_000)
            page.goto(address)
            # the page reloads itself when the rebuild the save started has finished
            expect(page.get_by_text("By Dee Vice-Chair")).to_be_visible(timeout=120_000)
            picture(page, "preview")
            assert errors == [], errors
    finally:
        preview.terminate()
        preview.wait(30)
