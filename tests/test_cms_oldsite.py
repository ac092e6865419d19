"""Switch-over day for the content manager: the real old site's ``admin/config.yml`` imported
(its login into conf.py, its forms into cms-forms.yml) and the generated ``config.yml``
compared with it key by key; then, in Chromium, "Edit this page" on an imported post opens
its entry in the form volunteers know.

What cannot run offline: the real logins through GitHub and Netlify (README, "On the day").
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from csnet.cms_forms import DATE_PREFIX, layout_of
from csnet.importer.cms import END, FORMS, START, import_cms
from csnet.importer.report import Report

from tests.conftest import OLDSITE
from tests.helpers.browser.site import serve
from tests.helpers.cms import (
    CHROMIUM,
    DECAP_SERVER,
    DIST,
    axe_light_and_dark,
    chromium_page,
    config_of,
    decap_server,
    free_port,
    need,
    publish,
    serious,
    wait_for_file,
)
from tests.helpers.sphinx import build_app, warnings_of

OLD = yaml.safe_load((OLDSITE / "admin" / "config.yml").read_text("utf-8"))
#: old keys that differ on purpose, and why (every other old key must be equal)
KNOWN = {
    "logo_url": "the old site's address for its icon; the new site's header is Decap's own",
    "preview_path": "the new site's addresses, which the old ones redirect to",
    "preview_path_date_field": "the date is in the new folders (news/YYYY/MM/DD/)",
    "folder": "docs/ and the new site's folders",
}


@pytest.fixture(scope="module")
def built(oldsite, tmp_path_factory):
    """The imported old site built with /admin/ (as GitHub Actions would, without
    GITHUB_REPOSITORY: the old repository then stands)."""
    need(DIST / "decap-cms.js", "run `npm ci` in the repository root")
    saved = os.environ.pop("GITHUB_REPOSITORY", None)
    try:
        port = free_port()
        app = build_app(oldsite.docs, builddir=tmp_path_factory.mktemp("oldsite-cms"),
                        cms_assets=str(DIST), cms_local_backend=f"http://127.0.0.1:{port}/api/v1")
    finally:
        if saved is not None:
            os.environ["GITHUB_REPOSITORY"] = saved
    return app, config_of(Path(app.outdir)), port


def test_the_old_login_is_written_into_conf_py_and_config_yml(oldsite, built, tmp_path):
    app, config, _ = built
    conf = (oldsite.docs / "conf.py").read_text("utf-8")
    assert conf.count(START) == conf.count(END) == 1
    assert "cms_site_domain = 'civilservicelgbt.netlify.app'" in conf
    for key, value in OLD["backend"].items():  # every key of the old backend, unchanged
        assert config["backend"][key] == value, key
    assert not [w for w in warnings_of(app) if "csnet.config" in w]
    # importing again changes nothing (the block is the importer's; the rest is left alone)
    docs = tmp_path / "docs"
    docs.mkdir()
    edited = conf.replace("cms_enabled = True", "cms_enabled = True  # a maintainer's note")
    (docs / "conf.py").write_text(edited, "utf-8")
    written: dict[str, str] = {}
    import_cms(OLDSITE, docs, written.__setitem__, Report(str(OLDSITE)))
    assert (docs / "conf.py").read_text("utf-8") == edited
    assert written[FORMS] == (oldsite.docs / FORMS).read_text("utf-8")


def test_the_generated_config_matches_the_old_one_key_by_key(built):
    _, config, _ = built
    assert config["publish_mode"] == OLD["publish_mode"]
    assert config["site_url"].rstrip("/") == OLD["site_url"]
    assert config.get("show_preview_links", True) is OLD["show_preview_links"]
    assert config["media_folder"] == f"docs/{OLD['media_folder']}"
    assert config["public_folder"] == f"/{OLD['media_folder']}"
    assert config["slug"].items() >= OLD["slug"].items()
    compared = 0
    for old in OLD["collections"]:
        ours = [c for c in config["collections"] if c["label"] == old["label"]]
        if layout_of(old) == "page" and old["name"] != "pages":
            continue  # rules are pages here: one form for both (said in the import report)
        assert len(ours) == 1, f"no collection labelled {old['label']!r}"
        new = ours[0]
        for key, value in old.items():
            if key in KNOWN or key in ("name", "create", "fields"):
                continue
            if key == "label":
                assert new.get("label_singular") == value
            elif key == "slug" and "files" in new:
                continue  # pages are edited one by one: no new ones, no slug
            elif key == "slug":
                dated = "{{year}}" in new.get("path", "")
                assert new["slug"] == (value.removeprefix(DATE_PREFIX) if dated else value)
            else:
                assert new[key] == value, (old["name"], key)
        fields = new["files"][0]["fields"] if "files" in new else new["fields"]
        compared += compare_fields(old["fields"], fields, old["name"])
    assert compared > 60  # labels, hints and defaults of every form that carried over


def compare_fields(old: list[dict], new: list[dict], where: str) -> int:
    """Each old field's label, hint and default, and their order, in the new form."""
    names = [f["name"] for f in new]
    kept = [f["name"] for f in old if f["name"] in names and f["name"] != "layout"]
    assert [n for n in names if n in kept] == kept, f"{where}: the old order is not kept"
    count = 0
    for before in old:
        if before["name"] not in kept:
            continue
        after = new[names.index(before["name"])]
        assert after["label"] == before["label"], (where, before["name"])
        if "hint" in before:
            assert after["hint"] == before["hint"], (where, before["name"])
        if "default" in before and after["widget"] != "boolean":
            assert after["default"] == before["default"], (where, before["name"])
        elif "default" in before:
            assert after["default"] is (before["default"] == "true"), (where, before["name"])
        if "fields" in before:
            count += compare_fields(before["fields"], after["fields"], before["name"])
        count += 1
    return count


def test_what_cannot_carry_over_is_in_the_import_report(oldsite):
    items = [i for i in oldsite.report.items if i.file == "admin/config.yml"]
    details = "\n".join(f"{i.line}: {i.detail}" for i in items)
    assert "'YouTube video URL' (video) has no place" in details
    assert "the 'Rules' form: its pages are page pages here" in details
    lines = (OLDSITE / "admin" / "config.yml").read_text("utf-8").split("\n")
    video = next(i for i in items if "(video)" in i.detail and "'News article'" in i.detail)
    assert "News article" in lines[video.line - 1]


@pytest.mark.parametrize(("name", "value", "words"), [
    ("cms_site_domain", "https://civilservicelgbt.netlify.app/",
     "cms_site_domain = 'civilservicelgbt.netlify.app'"),
    ("cms_api_root", "api.github.com", "'https://api.github.com'"),
    ("cms_commit_messages", {"create": "Create {{slug}}", "publish": "x"}, "'publish'"),
    ("cms_forms", "../admin/config.yml", "'cms-forms.yml'"),
])
def test_a_bad_login_setting_is_a_located_warning(tmp_path, name, value, words):
    srcdir = tmp_path / "docs"
    srcdir.mkdir()
    (srcdir / "index.md").write_text("# Home\n", "utf-8")
    (srcdir / "conf.py").write_text(f"extensions = ['csnet']\ncms_enabled = True\n"
                                    f"{name} = {value!r}\n", "utf-8")
    app = build_app(srcdir, cms_assets=str(DIST))
    found = [w for w in warnings_of(app) if "csnet.config" in w]
    assert len(found) == 1 and "conf.py:3" in found[0] and words in found[0], found


def test_edit_this_page_opens_the_right_entry_in_the_form_volunteers_know(oldsite, built,
                                                                         tmp_path):
    """From a post and from an event, "Edit this page" opens the entry, in the old labels and
    order; axe finds nothing serious there; the event's new place is saved as one line."""
    need(CHROMIUM, "install Debian's chromium (apt-get install chromium; see .ci/run)")
    need(DECAP_SERVER, "run `npm ci` in the repository root")
    from playwright.sync_api import expect

    app, _, port = built
    out = Path(app.outdir)
    post = next(out.glob("news/2022/01/13/*/index.html")).parent.relative_to(out).as_posix()
    entry = re.search(r'href="([^"]*admin/#/collections/news/entries/([^"]+))"',
                      (out / post / "index.html").read_text("utf-8"))
    assert entry and entry.group(2) == post.removeprefix("news/")
    event = "event/2022-07-02-civil-service-at-pride-in-london-2022"
    repo = tmp_path / "repo"
    shutil.copytree(oldsite.docs, repo / "docs")
    before = (repo / "docs" / f"{event}.md").read_text("utf-8")
    findings = {}
    http, url = serve(out)
    try:
        with decap_server(repo, "fs", port), chromium_page() as (page, errors):
            page.goto(f"{url}/{post}/")
            page.get_by_role("link", name="Edit this page").click()
            page.get_by_role("button", name="Login").click(timeout=30_000)
            expect(page.get_by_label("Title", exact=True)).not_to_have_value("", timeout=30_000)
            labels = page.locator("label").evaluate_all("ls => ls.map(l => l.textContent)")
            order = [next(i for i, t in enumerate(labels) if t.startswith(name))
                     for name in ("Title", "Excerpt", "Publish date", "Author", "Body")]
            assert order == sorted(order), labels
            findings["post"] = axe_light_and_dark(page)

            page.goto("about:blank")
            page.goto(f"{url}/{event}/")
            page.get_by_role("link", name="Edit this page").click()
            expect(page.get_by_label("Title", exact=True)).to_have_value(
                "Civil Service at Pride in London 2022", timeout=30_000)
            place = page.get_by_label("Event location", exact=False)
            expect(place).to_have_value("London")
            expect(page.get_by_text("Civil Service LGBT+ Network").first).to_be_visible()
            findings["event"] = axe_light_and_dark(page)
            place.fill("London, Trafalgar Square")
            details = page.frame_locator("#preview-pane").locator("dl.csnet-event-details")
            expect(details).to_contain_text("London, Trafalgar Square")
            publish(page)
            saved = wait_for_file(repo / "docs" / f"{event}.md",
                                  lambda text: "Trafalgar" in text)
            assert errors == [], errors
    finally:
        http.shutdown()
        http.server_close()
    print("axe on the imported forms:", findings)
    assert not [serious(found) for found in findings.values() if serious(found)], findings
    assert saved == before.replace('location: "London"', 'location: "London, Trafalgar Square"')
