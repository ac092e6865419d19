"""The live preview (csnet.preview): one Sphinx application rebuilt in memory, warnings per
page kept across rebuilds, crashes survived, and nothing of it in published builds."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from csnet.preview import Previewer, PreviewServer, serve

from tests.helpers import DOCS, ROOT
from tests.helpers.processes import fetch, free_port, wait_for
from tests.helpers.sphinx import edit_source, search_index_data

PLAN = "publication/our-plan.md"
POST = "news/2022/01/13/helping-you-succeed-in-your-career.md"
#: files every build rewrites with build-specific content, or that only the preview has
VOLATILE = {".buildinfo", ".buildinfo.bak"}


def quiet_previewer(src: Path, out: Path, **overrides) -> Previewer:
    """A previewer whose application lives until the test ends (close it before an earlier
    one: docutils registrations are a stack)."""
    return Previewer(src, out / "html", out / "doctrees",
                     overrides={"news_drafts": True, **overrides},
                     status=io.StringIO(), warning=io.StringIO())


@pytest.fixture
def previewers():
    made: list[Previewer] = []

    def make(src: Path, out: Path, **overrides) -> Previewer:
        made.append(quiet_previewer(src, out, **overrides))
        return made[-1]

    yield make
    for previewer in reversed(made):
        previewer.close()


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    src = tmp_path / "docs"
    shutil.copytree(DOCS, src)
    return src


def output(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file() and p.name not in VOLATILE}


def clean_build(src: Path, out: Path, **overrides) -> dict[str, bytes]:
    with quiet_previewer(src, out, **overrides) as previewer:
        state = previewer.rebuild()
    assert state.failure is None, state.failure
    return output(out / "html")


def test_incremental_rebuilds_on_one_app_equal_a_clean_build(docs, tmp_path, previewers):
    """The same application rebuilt after each edit writes what a fresh build writes."""
    previewer = previewers(docs, tmp_path / "preview")
    app = None
    edits = [
        (POST, "## ", "Edited in the preview.\n\n## "),
        (PLAN, "complete: false", "complete: true"),
        ("index.md", "## Latest publications", "## Our publications"),
    ]
    previewer.rebuild()
    app = previewer.app
    for path, old, new in edits:
        edit_source(docs / path, old, new)
        state = previewer.rebuild({(docs / path).resolve()})
        assert state.failure is None, state.failure
        assert previewer.app is app, "an edit to a page must not start a new application"
    # a new post, then the same post deleted
    new_post = docs / "news/2022/01/20/new-post.md"
    new_post.parent.mkdir(parents=True)
    new_post.write_text("---\nlayout: news\ntitle: A new post\ndate: 2022-01-20\n---\n\nHello.\n")
    previewer.rebuild({new_post})
    assert "A new post" in (tmp_path / "preview/html/index.html").read_text("utf-8")
    previewer.settle()  # idle: the search index and the other site-wide files are written
    preview = output(tmp_path / "preview/html")
    clean = clean_build(docs, tmp_path / "clean")
    assert preview.keys() == clean.keys()
    for files in (preview, clean):  # a deleted post leaves Sphinx's empty word lists behind
        files["searchindex.js"] = search_index_data(files["searchindex.js"].decode("utf-8"))
    differ = sorted(name for name in clean if preview[name] != clean[name])
    assert not differ, f"incremental output differs from a clean build in {differ}"


def test_warnings_are_kept_per_page_and_renewed_when_it_is_rebuilt(docs, tmp_path, previewers):
    previewer = previewers(docs, tmp_path / "preview")
    state = previewer.rebuild()
    plan = state.pages["publication/our-plan"]
    date = next(p for p in plan if p.kind == "csnet.date")
    assert (date.line, date.path) == (255, PLAN)
    assert "2022-06-31" in date.message and "Correct it" in date.message

    # another page rebuilt: the plan's warnings stay
    edit_source(docs / POST, "## ", "Edited.\n\n## ")
    state = previewer.rebuild({docs / POST})
    assert date in state.pages["publication/our-plan"]

    # broken YAML in the post: a located warning on that page
    edit_source(docs / POST, "layout: news", "layout: news\ntitle: [unclosed")
    state = previewer.rebuild({docs / POST})
    yaml = [p for p in state.pages["news/2022/01/13/helping-you-succeed-in-your-career"]
            if p.kind == "csnet.yaml"]
    assert yaml and yaml[0].line is not None and yaml[0].path == POST
    assert date in state.pages["publication/our-plan"]

    # the plan fixed: its date warning goes, the others stay
    edit_source(docs / PLAN, "2022-06-31", "2022-06-30")
    state = previewer.rebuild({docs / PLAN})
    kinds = [p.kind for p in state.pages.get("publication/our-plan", [])]
    assert "csnet.date" not in kinds
    assert "csnet.duplicate" in kinds
    assert yaml[0] in state.pages["news/2022/01/13/helping-you-succeed-in-your-career"]


def test_a_preview_started_again_resumes_from_the_last_one(docs, tmp_path):
    """Started again on the same folders, the preview reads only the pages saved while it was
    stopped (not the whole site before the first page is served), still shows the warnings of
    the pages it did not read again, and writes what a clean build writes."""
    out = tmp_path / "preview"
    with quiet_previewer(docs, out) as first:
        date = next(p for p in first.rebuild().pages["publication/our-plan"]
                    if p.kind == "csnet.date")
    doctrees = {p: p.stat().st_mtime_ns for p in (out / "doctrees").rglob("*.doctree")}
    edit_source(docs / POST, "## ", "Saved while the preview was stopped.\n\n## ")
    with quiet_previewer(docs, out) as second:
        state = second.rebuild()
        assert state.failure is None, state.failure
    reread = {p.relative_to(out / "doctrees").as_posix() for p, mtime in doctrees.items()
              if p.stat().st_mtime_ns != mtime}
    assert reread == {POST.replace(".md", ".doctree")}
    assert date in state.pages["publication/our-plan"]  # kept, though the plan was not read
    assert output(out / "html") == clean_build(docs, tmp_path / "clean")


def test_a_saved_page_is_what_sphinx_build_writes(docs, tmp_path, previewers):
    """The preview's own builder writes a saved page, and the pages that show it, byte for
    byte as ``sphinx-build -b dirhtml`` writes them from the same sources; once idle, every
    file of the site is as ``sphinx-build`` writes it too."""
    previewer = previewers(docs, tmp_path / "preview")
    assert previewer.rebuild().failure is None
    assert previewer.settle()  # the first idle moment
    html = tmp_path / "preview/html"
    index = html / "searchindex.js"
    before = {p: p.stat().st_mtime_ns for p in html.rglob("*.html")}
    edit_source(docs / POST, "## ", "Edited in the preview, quokkaword.\n\n## ")
    assert previewer.rebuild({docs / POST}).failure is None
    written = {p.relative_to(html).as_posix() for p in html.rglob("*.html")
               if p.stat().st_mtime_ns != before.get(p)}
    post = POST.removesuffix(".md") + "/index.html"
    assert written == {post}  # no list shows a post's body
    assert "quokkaword" not in search_index_data(index.read_text("utf-8"))["terms"]  # yet
    build = sphinx_build(docs, tmp_path / "built", tmp_path / "built-doctrees",
                         "-D", "news_drafts=1")
    assert build.wait(600) == 0, build.communicate()[0]
    built = output(tmp_path / "built")
    saved = output(html)
    assert "Edited in the preview, quokkaword." in saved[post].decode("utf-8")
    assert [name for name in sorted(written) if saved[name] != built[name]] == []
    assert previewer.settle()  # idle
    assert "quokkaword" in search_index_data(index.read_text("utf-8"))["terms"]
    settled = output(html)
    for files in (settled, built):
        files["searchindex.js"] = search_index_data(files["searchindex.js"].decode("utf-8"))
    ours = {"_preview", "sitemap.xml"}  # sitemap: left out of the preview (sitemap_excludes)
    assert settled.keys() - built.keys() <= ours and built.keys() - settled.keys() <= ours
    assert [name for name in sorted(settled.keys() & built.keys())
            if settled[name] != built[name]] == []


def test_the_state_saved_when_idle_lets_a_restart_resume(docs, tmp_path):
    """A save pickles nothing; the preview's idle moment (the real loop of ``serve``) saves
    the environment and the warnings, and a preview started on what it left (as if it had
    been killed then) reads nothing again and serves the saved page."""
    out = tmp_path / "preview"
    pickle = out / "doctrees/environment.pickle"
    previewer = quiet_previewer(docs, out)
    stop = threading.Event()
    serving = threading.Thread(target=serve, args=(previewer,),
                               kwargs={"port": 0, "stop": stop, "ready": lambda text: None,
                                       "idle": 0.5})
    serving.start()
    try:
        wait_until(lambda: pickle.is_file() and previewer.state.build == 1)
        saved = pickle.stat().st_mtime_ns
        text = (docs / POST).read_text("utf-8")  # saved now, as an editor saves
        (docs / POST).write_text(text.replace("## ", "Saved before the idle moment.\n\n## ", 1))
        wait_until(lambda: previewer.state.build == 2)
        assert previewer.state.failure is None
        wait_until(lambda: pickle.stat().st_mtime_ns != saved)  # idle: saved
        with previewer.lock:  # a copy of the folders as the idle moment left them
            shutil.copytree(out, tmp_path / "left")
    finally:
        stop.set()
        serving.join(60)
        previewer.close()
    doctrees = {p: p.stat().st_mtime_ns for p in (tmp_path / "left/doctrees").rglob("*.doctree")}
    with quiet_previewer(docs, tmp_path / "left") as started:
        state = started.rebuild()
        assert state.failure is None, state.failure
        assert state.pages == previewer.state.pages  # the warnings, kept with the state
    assert [p for p, mtime in doctrees.items() if p.stat().st_mtime_ns != mtime] == []
    page = tmp_path / "left/html" / POST.removesuffix(".md") / "index.html"
    assert "Saved before the idle moment." in page.read_text("utf-8")


def wait_until(check, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def site_with_extension(src: Path, name: str, code: str, *extensions: str) -> Path:
    """A site in ``src`` whose conf.py loads ``extensions`` and the local extension ``name``
    (``code`` is its module, in ``_ext/``)."""
    (src / "_ext").mkdir(parents=True)
    (src / "_ext" / f"{name}.py").write_text(code)
    (src / "conf.py").write_text(
        "import sys, pathlib\nsys.path.insert(0, str(pathlib.Path(__file__).parent / '_ext'))\n"
        f"extensions = {[*extensions, name]!r}\n")
    return src


def crashing_site(tmp_path: Path) -> Path:
    """A small site with a local extension that raises on a page saying CRASH: a real
    exception in a real rebuild, as a broken local extension gives."""
    src = site_with_extension(
        tmp_path / "site", "crashy",
        "def check(app, doctree):\n"
        "    if 'CRASH' in doctree.astext():\n"
        "        raise RuntimeError('the crashy extension met CRASH')\n\n"
        "def setup(app):\n"
        "    app.connect('doctree-read', check)\n"
        "    return {'parallel_read_safe': True}\n", "csnet")
    with open(src / "conf.py", "a") as conf:
        conf.write("html_theme = 'csnet'\n")
    (src / "index.md").write_text("---\ntitle: Home\n---\n\n# Home\n\nWelcome.\n\n"
                                  "```{toctree}\n:hidden:\n\nother\n```\n")
    (src / "other.md").write_text("---\ntitle: Other\n---\n\n# Other\n\nFine.\n")
    return src


def test_a_crash_in_a_rebuild_is_reported_and_the_next_save_recovers(tmp_path, previewers):
    src = crashing_site(tmp_path)
    previewer = previewers(src, tmp_path / "preview")
    assert previewer.rebuild().failure is None
    page = tmp_path / "preview/html/other/index.html"
    assert "Fine." in page.read_text("utf-8")

    edit_source(src / "other.md", "Fine.", "Fine. CRASH")
    state = previewer.rebuild({src / "other.md"})
    assert state.failure is not None
    assert "RuntimeError: the crashy extension met CRASH" in state.failure.summary
    assert state.failure.summary.startswith("other.md: ")  # the page it was reading
    assert "crashy.py" in state.failure.details
    assert "Fine." in page.read_text("utf-8"), "the last good page stays served"

    edit_source(src / "other.md", "Fine. CRASH", "Mended.")
    state = previewer.rebuild({src / "other.md"})
    assert state.failure is None
    assert "Mended." in page.read_text("utf-8")

    # conf.py itself broken: no application can be made; the next good save recovers
    conf = src / "conf.py"
    good = conf.read_text()
    conf.write_text(good + "extensions = [\n")
    state = previewer.rebuild({conf})
    assert state.failure is not None
    assert "syntax error in your configuration file" in state.failure.summary
    assert "(conf.py, line 5)" in state.failure.summary
    conf.write_text(good + "html_title = 'Renamed site'\n")
    state = previewer.rebuild({conf})
    assert state.failure is None
    assert "Renamed site" in page.read_text("utf-8"), "a changed conf.py is read again"


# -- the server ------------------------------------------------------------------------------
@pytest.fixture
def served(docs, tmp_path, previewers):
    previewer = previewers(docs, tmp_path / "preview")
    previewer.rebuild()
    server = PreviewServer(("127.0.0.1", 0), previewer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield previewer, server.url.rstrip("/")
    server.shutdown()
    server.server_close()


def test_pages_are_served_with_their_warnings_and_the_reload_script(served, tmp_path):
    previewer, url = served
    html = fetch(url + "/publication/our-plan/")
    box = re.search(r'<section class="csnet-preview.*?</section>', html, re.S).group(0)
    assert "This page has 4 problems to fix" in box  # date, duplicate, not updated, link
    assert "<strong>Line 255</strong> of <code>publication/our-plan.md</code>" in box
    assert "June 2022 has 30 days. Correct it, for example to 2022-06-30" in box
    assert html.index("csnet-preview") > html.index('<article class="csnet-body">')
    assert '/_preview/warnings/' in box
    assert 'src="/_preview/preview.js"' in html
    # only in the response: the file on disk is the plain page
    on_disk = (tmp_path / "preview/html/publication/our-plan/index.html").read_text("utf-8")
    assert "csnet-preview" not in on_disk and "_preview/" not in on_disk

    listing = fetch(url + "/_preview/warnings/")
    total = len(previewer.state.problems)
    assert f"Problems on the site ({total})" in listing
    assert '<a href="/publication/our-plan/">publication/our-plan.md</a>' in listing
    assert "2022-06-31" in listing
    # other files are served as they are
    assert fetch(url + "/feed.xml").startswith("<?xml")
    # so is HTML that is no page of docs/: the content manager at /admin/ (written when
    # `npm ci` was run) would reload, losing its form, after every rebuild its saves start
    admin = tmp_path / "preview/html/admin/index.html"
    admin.parent.mkdir(exist_ok=True)
    admin.write_text("<!DOCTYPE html><html><head></head><body><p>CMS</p></body></html>")
    assert fetch(url + "/admin/") == admin.read_text()


def test_the_event_stream_announces_each_build(served, docs):
    previewer, url = served
    seen = previewer.state.build
    events: list[str] = []

    def listen():
        with urllib.request.urlopen(f"{url}/_preview/events?since={seen}", timeout=30) as r:
            for line in r:
                if line.startswith(b"data:"):
                    events.append(line.decode().split(":", 1)[1].strip())
                    return

    listener = threading.Thread(target=listen)
    listener.start()
    time.sleep(0.2)
    edit_source(docs / POST, "## ", "Edited.\n\n## ")
    previewer.rebuild({docs / POST})
    listener.join(20)
    assert events == [str(seen + 1)]


def test_a_failed_rebuild_shows_in_every_page(tmp_path, previewers):
    src = crashing_site(tmp_path)
    previewer = previewers(src, tmp_path / "preview")
    previewer.rebuild()
    edit_source(src / "other.md", "Fine.", "CRASH")
    previewer.rebuild({src / "other.md"})
    server = PreviewServer(("127.0.0.1", 0), previewer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        html = fetch(server.url)
    finally:
        server.shutdown()
        server.server_close()
    assert 'role="alert"' in html
    assert "The preview could not rebuild the site." in html
    assert "RuntimeError: the crashy extension met CRASH" in html


def status_of(url: str, path: str, host: str) -> int:
    """The status the preview answers a request with this ``Host:`` header."""
    import http.client

    address = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


def test_only_this_computers_names_are_answered(served):
    """DNS rebinding: a web page whose own name points at 127.0.0.1 reads nothing."""
    _, url = served
    port = urllib.parse.urlsplit(url).port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        assert status_of(url, "/", host) == 200, host
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1.evil.example:{port}",
                 "127.0.0.1", f"localhost:{port + 1}", ""):
        assert status_of(url, "/", host) == 421, host
        assert status_of(url, "/_preview/warnings/", host) == 421, host


def test_a_symbolic_link_in_the_output_folder_is_not_served(served, tmp_path):
    previewer, url = served
    secret = tmp_path / "secret.txt"
    secret.write_text("DEPLOY_TOKEN=x")
    (previewer.outdir / "leak.txt").symlink_to(secret)
    (previewer.outdir / "leakdir").symlink_to(tmp_path, target_is_directory=True)
    for path in ("/leak.txt", "/leakdir/secret.txt", "/leakdir/"):
        with pytest.raises(urllib.error.HTTPError) as error:
            fetch(url + path)
        assert error.value.code == 404, path
    assert "DEPLOY_TOKEN" not in fetch(url + "/")


def test_drafts_are_shown_marked_as_drafts(docs, tmp_path, previewers):
    draft = docs / "news/2022/02/01/a-draft.md"
    draft.parent.mkdir(parents=True)
    draft.write_text("---\nlayout: news\ntitle: Not yet\ndate: 2022-02-01\npublished: false\n"
                     "---\n\nSoon.\n")
    previewer = previewers(docs, tmp_path / "preview")
    state = previewer.rebuild()
    assert "news/2022/02/01/a-draft" in state.drafts
    from csnet.preview.server import notice
    assert "<strong>Draft.</strong>" in notice(state, "news/2022/02/01/a-draft")
    assert "Draft." not in notice(state, "news/2022/01/13/helping-you-succeed-in-your-career")



def test_a_preview_without_drafts_follows_publishing(docs, tmp_path, previewers):
    """``--no-drafts``: the one long-lived application leaves a page out when it is
    unpublished and brings it back when it is published, save by save, and a ``published``
    value that is neither yes nor no is reported on every rebuild."""
    draft = docs / "news/2022/02/01/a-draft.md"
    draft.parent.mkdir(parents=True)
    draft.write_text("---\nlayout: news\ntitle: Not yet\ndate: 2022-02-01\npublished: false\n"
                     "---\n\nSoon.\n")
    previewer = previewers(docs, tmp_path / "preview", news_drafts=False)
    page = tmp_path / "preview/html/news/2022/02/01/a-draft/index.html"
    previewer.rebuild()
    app = previewer.app
    assert not page.exists()
    edit_source(draft, "published: false", "published: true")
    previewer.rebuild({draft})
    assert previewer.app is app and "Soon." in page.read_text("utf-8")
    edit_source(draft, "published: true", "published: maybe")
    previewer.rebuild({draft})
    assert previewer.app is app and not page.exists()
    previewer.rebuild()
    assert previewer.warning.getvalue().count("a-draft.md:5: WARNING: 'published' is") == 2
    from csnet.site import site

    assert site(app.env).data["left_out"]["unpublished"] == ["news/2022/02/01/a-draft.md"]
    assert "news/2022/02/01/a-draft.md" not in app.config.exclude_patterns  # taken out again

# -- published builds and concurrent builds ----------------------------------------------
def sphinx_build(src: Path, out: Path, doctrees: Path, *extra: str,
                 quiet: bool = True) -> subprocess.Popen:
    import os

    return subprocess.Popen(
        [sys.executable, "-m", "sphinx", "-b", "dirhtml", *(["-q"] if quiet else []),
         "-d", str(doctrees), str(src), str(out), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "ext")})


def test_published_builds_hold_nothing_of_the_preview(tmp_path):
    """``nox -s html``'s command: no warning box, no reload script, no /_preview/ link."""
    build = sphinx_build(DOCS, tmp_path / "html", tmp_path / "doctrees", "-j", "auto")
    log = build.communicate(timeout=600)[0]
    assert build.returncode == 0, log
    pages = list((tmp_path / "html").rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        text = page.read_text("utf-8")
        assert "csnet-preview" not in text and "/_preview/" not in text, page


def slow_site(tmp_path: Path) -> Path:
    """A site whose reading waits until the test creates the file ``$GO`` (a local extension),
    and notes when each build read, so that a second build surely starts while the first
    holds the doctrees, however slowly the machine starts it."""
    src = site_with_extension(
        tmp_path / "slow", "slow",
        "import os, pathlib, time\n\ndef pause(app, env, docnames):\n"
        "    with open(os.environ['READ_LOG'], 'a') as log:\n"
        "        log.write(f'start {app.outdir.name}\\n'); log.flush()\n"
        "        go, deadline = pathlib.Path(os.environ['GO']), time.monotonic() + 300\n"
        "        while not go.exists() and time.monotonic() < deadline:\n"
        "            time.sleep(0.05)\n"
        "        log.write(f'end {app.outdir.name}\\n')\n\n"
        "def setup(app):\n    app.connect('env-before-read-docs', pause)\n"
        "    return {'parallel_read_safe': True}\n", "csnet.buildlock")
    (src / "index.rst").write_text("Home\n====\n\nWelcome.\n")
    return src


def test_two_builds_on_the_same_doctrees_take_turns(tmp_path, monkeypatch):
    """Two real processes: the second says whom it waits for and reads only after the first
    is done, so neither reads what the other is half-way through writing."""
    src = slow_site(tmp_path)
    doctrees = tmp_path / "doctrees"
    monkeypatch.setenv("READ_LOG", str(tmp_path / "reads.log"))
    monkeypatch.setenv("GO", str(tmp_path / "go"))
    first = sphinx_build(src, tmp_path / "one", doctrees)
    lock = doctrees / ".csnet-build.lock"
    deadline = time.monotonic() + 60
    while not (lock.is_file() and lock.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.05)
    second = sphinx_build(src, tmp_path / "two", doctrees, quiet=False)
    said = []  # the first build reads on only once the second says it waits
    while (line := second.stdout.readline()) and "waiting for it to finish" not in line:
        said.append(line)
    (tmp_path / "go").touch()
    second_log = "".join(said) + line + second.communicate(timeout=120)[0]
    first_log = first.communicate(timeout=120)[0]
    assert first.returncode == 0, first_log
    assert second.returncode == 0, second_log
    assert f"another build is using {doctrees} (process {first.pid}:" in second_log
    assert "waiting for it to finish" in second_log
    reads = (tmp_path / "reads.log").read_text().split("\n")
    assert reads[:4] == ["start one", "end one", "start two", "end two"]


def test_a_build_that_waits_too_long_is_refused_clearly(tmp_path):
    from csnet import buildlock

    doctrees = tmp_path / "doctrees"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from csnet import buildlock; "
         f"buildlock.acquire({str(doctrees)!r}); print('held', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True, env={"PYTHONPATH": str(ROOT / "ext")})
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(buildlock.BuildDirectoryBusy) as refused:
            buildlock.acquire(doctrees, wait=0.5)
        assert f"another build is using {doctrees.resolve()} (process {holder.pid}:" in str(
            refused.value)
        assert "Stop it or wait for it to finish, then build again." in str(refused.value)
    finally:
        holder.kill()
        holder.wait()
    buildlock.acquire(doctrees, wait=5)  # the kernel let go of the killed holder's lock
    buildlock.release(doctrees)


def test_the_preview_and_a_published_build_run_side_by_side(docs, tmp_path):
    """The preview writes into its own folders: a website build beside it succeeds, both
    times, and neither output is harmed."""
    port = free_port()
    preview = subprocess.Popen(
        [sys.executable, "-m", "csnet.preview", str(docs), "--out", str(tmp_path / "preview"),
         "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={"PYTHONPATH": str(ROOT / "ext"), "PATH": "/usr/bin:/bin"})
    try:
        wait_for(f"http://127.0.0.1:{port}/_preview/status.json", preview)
        edit_source(docs / POST, "## ", "Saved while building.\n\n## ")
        build = sphinx_build(docs, tmp_path / "html", tmp_path / "doctrees")
        assert build.wait(600) == 0, build.communicate()[0]
        page = f"http://127.0.0.1:{port}/news/2022/01/13/helping-you-succeed-in-your-career/"
        deadline = time.monotonic() + 60
        while "Saved while building." not in fetch(page) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "Saved while building." in fetch(page)
        assert json.loads(fetch(f"http://127.0.0.1:{port}/_preview/status.json"))[
            "failure"] is None
    finally:
        preview.terminate()
        preview.wait(30)


def children_of(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def test_a_stopped_preview_leaves_no_process_behind(docs, tmp_path):
    # sphinx-sitemap's multiprocessing manager outlived a preview stopped with SIGTERM
    port = free_port()
    preview = subprocess.Popen(
        [sys.executable, "-m", "csnet.preview", str(docs), "--out", str(tmp_path / "preview"),
         "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={"PYTHONPATH": str(ROOT / "ext"), "PATH": "/usr/bin:/bin"})
    wait_for(f"http://127.0.0.1:{port}/_preview/status.json", preview)
    helpers = children_of(preview.pid)
    assert helpers, "the build starts sphinx-sitemap's manager process"
    preview.terminate()
    assert preview.wait(30) == 0
    deadline = time.monotonic() + 10
    while (alive := {pid for pid in helpers if running(pid)}) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert alive == set()


