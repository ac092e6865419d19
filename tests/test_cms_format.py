"""The content manager's own format (``admin/cms-frontmatter.js``), run as the site serves it.

Decap reads and saves every page through this format, so what it writes is what the CMS
writes. Node runs the built file (and the ``yaml`` modules copied beside it) on real pages:
nothing edited means nothing changed; a ticked milestone changes one line; random edits keep
every comment and read back, through the build's own front-matter reader, as the values the
form held; new entries of every layout, with each field in the shape its widget writes, build
without a warning.
"""

from __future__ import annotations

import difflib
import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from csnet.cms_fields import layout_fields, plan_fields
from csnet.frontmatter import parse
from csnet.layouts import LAYOUTS

from tests.helpers import DOCS, NPM_CI, ROOT, TESTS, need
from tests.helpers.sphinx import build_app, warnings_of

DIST = ROOT / "node_modules" / "decap-cms" / "dist"
DRIVER = TESTS / "cms" / "format_driver.mjs"
NODE = shutil.which("node")
PLAN = DOCS / "publication" / "our-plan.md"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A built test project with the CMS: its /admin/ folder and its config."""
    need(NODE, "Node.js: apt-get install nodejs (see .ci/run)")
    need(DIST / "decap-cms.js", NPM_CI)
    srcdir = tmp_path_factory.mktemp("cms-format") / "events"
    shutil.copytree(TESTS / "roots" / "test-events", srcdir)
    app = build_app(srcdir, cms_enabled=True, cms_assets=str(DIST))
    admin = Path(app.outdir) / "admin"
    assert (admin / "cms-frontmatter.js").is_file() and (admin / "yaml" / "index.js").is_file()
    return srcdir, admin, yaml.safe_load((admin / "config.yml").read_text("utf-8"))


def run(site, requests: list[dict], strict: bool = True) -> list[dict]:
    _, admin, _ = site
    done = subprocess.run([NODE, str(DRIVER), str(admin / "cms-frontmatter.js")],
                          input=json.dumps(requests), capture_output=True, text=True,
                          timeout=120, check=True)
    answers = json.loads(done.stdout)
    errors = [a["error"] for a in answers if "error" in a]
    assert not (strict and errors), errors[:1]
    return answers


def read(site, texts: list[str], strict: bool = True) -> list[dict | None]:
    """The form's values; ``None`` for YAML Decap cannot open (it says so, and saves nothing)"""
    return [a.get("values") for a in run(site, [{"read": t} for t in texts], strict)]


def write(site, pairs: list[tuple[dict, str | None]], order=()) -> list[str]:
    return [a["text"] for a in run(site, [{"write": v, "file": f, "order": list(order)}
                                          for v, f in pairs])]


def pages() -> list[Path]:
    return sorted([*DOCS.rglob("*.md"), *(TESTS / "roots").rglob("*.md")])


def test_a_page_saved_with_nothing_edited_is_unchanged(site):
    files = pages()
    texts = [p.read_text("utf-8") for p in files]
    values = read(site, texts, strict=False)  # the test roots' broken YAML does not open
    readable = [(p, t, v) for p, t, v in zip(files, texts, values, strict=True) if v is not None]
    saved = write(site, [(v, t) for _, t, v in readable])
    changed = [str(p) for (p, t, _), s in zip(readable, saved, strict=True) if s != t]
    assert changed == []
    assert len(readable) > 100  # the bundled site's pages and the test projects'


def test_ticking_a_milestone_changes_only_its_line(site):
    text = PLAN.read_text("utf-8")
    (values,) = read(site, [text])
    milestone = values["objectives"][0]["milestones"][1]
    assert milestone["complete"] is False
    milestone["complete"] = True
    (saved,) = write(site, [(values, text)])
    diff = [line for line in difflib.unified_diff(text.splitlines(), saved.splitlines(),
                                                  lineterm="", n=0)
            if not line.startswith(("---", "+++", "@@"))]
    assert diff == ["-    complete: false", "+    complete: true"]
    line = next(i for i, (a, b) in enumerate(zip(text.splitlines(),
                                                          saved.splitlines(), strict=True))
                if a != b)
    assert text.splitlines()[line - 2].endswith('"Recruit and mobilise a mentoring programme team"')


# -- random edits -----------------------------------------------------------------------------
TRICKY = ["yes", "no", "on", "off", "true", "null", "~", "123", "1.5", "0x1F", "", " leading",
          "a: b", "# not a comment", "- dash", "quote \" and '", "two\nlines", "ends\n",
          "é ✓ and emoji 🏳️‍🌈", "tab\there", "@at", "`tick", "%pct", "{brace}", "[x]",
          "*star", "&amp", "!bang", "|pipe", ">gt", "2022-01-01", "key: value # c", "x" * 150]


def mutate(rng: random.Random, values: dict) -> tuple[dict, bool]:
    """A few edits a form can make; says whether any removed an item (and its comments)."""
    values = json.loads(json.dumps(values))
    removed = False
    objectives = values["objectives"]
    for _ in range(rng.randint(1, 4)):
        objective = rng.choice(objectives)
        milestones = objective.setdefault("milestones", [])
        kind = rng.choice(["text", "tick", "add-key", "add-item", "remove-item", "top",
                           "add-objective", "list"])
        if kind == "text":
            objective[rng.choice(["objective", "description"])] = rng.choice(TRICKY)
        elif kind == "tick" and milestones:
            item = rng.choice(milestones)
            item["complete"] = not item.get("complete")
        elif kind == "add-key" and milestones:
            rng.choice(milestones)["details"] = rng.choice(TRICKY)
        elif kind == "add-item":
            milestones.append({"milestone": rng.choice(TRICKY) or "New", "date": "2026-01-31",
                               "complete": rng.random() < 0.5})
        elif kind == "remove-item" and milestones:
            milestones.pop(rng.randrange(len(milestones)))
            removed = True
        elif kind == "top":
            values[rng.choice(["title", "excerpt", "author"])] = rng.choice(TRICKY)
        elif kind == "add-objective":
            objectives.append({"objective": "New work", "description": rng.choice(TRICKY),
                               "complete": False, "team": [{"name": "Sam"}],
                               "milestones": [{"milestone": "Start", "date": "2026-02-01",
                                               "complete": False}]})
        elif kind == "list":
            values["redirect_from"] = [*values.get("redirect_from", []), "/new/address"]
    return values, removed


def comment_lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n---", 1)[0].splitlines()
            if line.strip().startswith("#")]


def test_random_edits_keep_comments_and_read_back_as_edited(site):
    text = PLAN.read_text("utf-8")
    (values,) = read(site, [text])
    rng = random.Random(15)
    cases = [mutate(rng, values) for _ in range(60)]
    saved = write(site, [(edited, text) for edited, _ in cases])
    comments = comment_lines(text)
    assert "# - objective: \"Bullying and harrassment\"\t# Name of objective" in comments
    for (edited, removed), result in zip(cases, saved, strict=True):
        front = parse(result)
        assert front.problems == [], result
        expected = {k: v for k, v in edited.items() if k != "body"}
        assert front.data == expected, "\n".join(difflib.unified_diff(
            text.splitlines(), result.splitlines(), lineterm="", n=1))
        assert result.split("\n---\n", 1)[1] == text.split("\n---\n", 1)[1]  # the text
        if not removed:  # every comment is kept, in order
            assert [c for c in comment_lines(result) if c in comments] == comments
        else:
            kept = comment_lines(result)
            assert all(c in kept for c in comments if "Bullying" in c or c.startswith("##"))


# -- every field type, as the widgets write it -------------------------------------------------
def widget_value(field: dict, rng: random.Random, layout: str):
    """A value in the shape Decap's widget for ``field`` gives the format."""
    kind = field["widget"]
    if kind == "hidden":
        return field["default"]
    if kind == "object":
        return {f["name"]: widget_value(f, rng, layout) for f in field["fields"]}
    if kind == "list" and "fields" in field:  # objectives, milestones, team members
        return [{f["name"]: widget_value(f, rng, layout) for f in field["fields"]}]
    if kind == "list" and field["name"] == "redirect_from":
        return [f"/old/{layout}/", f"/older/{layout}/"]
    if kind == "list":
        return ["careers", "events"]
    if kind == "boolean":
        return True
    if kind == "select":
        return rng.choice(field["options"])
    if kind == "number":
        return 3  # value_type: int
    if kind == "datetime":
        if field.get("time_format") is False:
            return "2025-10-20"  # dayjs(...).format("YYYY-MM-DD"), before plan_as_of
        return "2025-11-14T16:30:00Z"  # dayjs.utc(...).format("YYYY-MM-DDTHH:mm:ss[Z]")
    if kind == "text":
        return "First line: of it.\nSecond line, yes."
    if field["name"] == "image":
        return "https://example.org/picture.png"
    if field["name"] in ("link",) or "pattern" in field and "https" in field["pattern"][0]:
        return "https://example.org/sign-up?a=1&b=2"
    if "pattern" in field:
        return "someone@example.org"
    return rng.choice(["Pride & <joy>", "yes", "Café: open", "2025"])


def test_new_entries_of_every_layout_build_without_a_warning(site):
    srcdir, _, config = site
    rng = random.Random(7)
    folder_collections = [c for c in config["collections"] if "folder" in c]
    assert {c["filter"]["value"] for c in folder_collections} >= {"event", "team", "news"}
    written = {}
    for name in sorted(LAYOUTS):
        layout = LAYOUTS[name]
        collection = next((c for c in folder_collections if c["filter"]["value"] == name), None)
        if collection:  # in its collection's folder (team/, event/), with its form's fields
            fields = collection["fields"]
            folder = srcdir / collection["folder"].partition("/")[2]
        else:  # no page of that layout here: the fields the generator gives it
            fields, folder = layout_fields(layout, {"published": False}), srcdir / "written"
            if name == "business-plan":
                fields[-1:-1] = plan_fields()
        values = {f["name"]: widget_value(f, rng, name) for f in fields
                  if f["name"] != "body"}
        values["body"] = "Some **text**.\n\n- a list\n- of two\n"
        values["published"] = True
        written[name] = (values, [f["name"] for f in fields], folder / f"written-{name}.md")
    listed = "\n".join(path.relative_to(srcdir).with_suffix("").as_posix()
                        for _, _, path in written.values())
    (srcdir / "written.md").write_text(f"---\norphan: true\n---\n# Written\n\n"
                                       f"```{{toctree}}\n{listed}\n```\n", "utf-8")
    for values, order, path in written.values():
        (text,) = write(site, [(values, None)], order)
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, "utf-8")
    app = build_app(srcdir, builddir=srcdir.parent / "written-build")
    mine = [w for w in warnings_of(app) if "written" in w]
    assert mine == [], "\n".join(mine)
    for values, _, path in written.values():
        text = path.read_text("utf-8")
        assert parse(text).data == {k: v for k, v in values.items() if k != "body"}, text
        assert text.endswith("- a list\n- of two\n")
        assert re.match(r"---\nlayout: ", text), text  # the form's order: layout first
    event = (Path(app.outdir) / "event" / "written-event" / "index.html").read_text("utf-8")
    assert "Friday 14 November 2025, 4.30pm" in event and "Some <strong>text</strong>" in event


def test_an_edited_event_keeps_its_other_keys_and_builds(site):
    """Nested objects (``event:``), a category turned from one word into a list, a key the
    form does not know: the build reads them all without a warning."""
    srcdir, _, _ = site
    path = srcdir / "event" / "social.md"
    text = path.read_text("utf-8").replace("date: 2025-10-01\n",
                                           "date: 2025-10-01\nsponsor: Acme  # not in the form\n")
    (values,) = read(site, [text])
    values["category"] = ["london", "socials"]
    values["event"]["location"] = "The New Bar: upstairs"
    values["event"]["no-register"] = "Just come along"
    del values["event"]["deadline"]
    (saved,) = write(site, [(values, text)])
    assert "sponsor: Acme  # not in the form\n" in saved
    assert 'host: "London region"\n' in saved  # untouched values keep their quotes
    assert "deadline" not in saved
    path.write_text(saved, "utf-8")
    app = build_app(srcdir, builddir=srcdir.parent / "edited-build")
    assert [w for w in warnings_of(app) if "social" in w] == []
    front = parse(saved).data
    assert front["category"] == ["london", "socials"] and front["sponsor"] == "Acme"
    assert front["event"]["location"] == "The New Bar: upstairs"
    html = (Path(app.outdir) / "event" / "social" / "index.html").read_text("utf-8")
    assert "The New Bar: upstairs" in html and "Just come along" in html
