"""A plain static server of the preview's output, plus what only the preview shows.

Every file of the output folder is served as it is. The pages of ``docs/`` get, at serve
time and never on disk, a box at the top of the content with the page's warnings (line,
message, fix), the last failed rebuild, a draft notice and a link to the site-wide list at
``/_preview/warnings/``, and a small script that reloads the page when a rebuild finishes
(server-sent events, as ``sphinx-autobuild`` reloads through a web socket). Other HTML is
left alone while the site builds: the content manager under ``/admin/`` would otherwise reload,
losing its form, on every save it makes.
"""

from __future__ import annotations

import json
import re
from functools import partial
from html import escape
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .builds import Previewer, State
from .problems import Problem

HERE = Path(__file__).parent
PREFIX = "/_preview/"
ASSETS = {"preview.css": "text/css", "preview.js": "text/javascript"}
LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")
KEEPALIVE = 15.0  # seconds between comments on an idle event stream

# the top of the page's content: our theme's article, pydata's, else the main landmark
_CONTENT_START = (
    re.compile(rb'<article\b[^>]*class="[^"]*\b(csnet-body|bd-article)\b[^"]*"[^>]*>'),
    re.compile(rb"<main\b[^>]*>"), re.compile(rb"<body\b[^>]*>"))
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # open event streams never keep the process alive
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], previewer: Previewer) -> None:
        self.previewer = previewer
        super().__init__(address, partial(PreviewHandler, directory=str(previewer.outdir)))

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"


class PreviewHandler(SimpleHTTPRequestHandler):
    server: PreviewServer

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass  # the terminal is for build messages

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a reload always shows the new build
        super().end_headers()

    def parse_request(self) -> bool:
        """Only requests for this computer's own address: a web page the volunteer visits
        could otherwise point its own name at 127.0.0.1 (DNS rebinding) and read the
        drafts and warnings from the preview."""
        if not super().parse_request():
            return False
        bound, port = self.server.server_address[:2]
        names = {*LOCAL_NAMES, f"[{bound}]" if ":" in bound else bound}  # (--host 192.0.2.1)
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in {f"{name}:{port}" for name in names}:
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST,
                            "The preview answers only http://127.0.0.1 and http://localhost")
            return False
        return True

    def translate_path(self, path: str) -> str:
        """The file a request names, only if it is really in the output folder: never
        a symbolic link, which could show any file of this computer."""
        file = Path(super().translate_path(path))
        root = Path(self.directory).resolve()
        try:
            inside = file.resolve() == root / file.relative_to(self.directory)
        except ValueError:
            inside = False
        return str(file) if inside else str(root / "_preview-refused-link")  # "not found"

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path.startswith(PREFIX):
            return self._preview_route(path.removeprefix(PREFIX))
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            if not path.endswith("/"):
                return super().do_GET()  # the base class redirects to the folder's URL
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            return self._page(file)
        return super().do_GET()

    # -- pages ---------------------------------------------------------------------------
    def _page(self, file: Path) -> None:
        previewer = self.server.previewer
        with previewer.lock:  # never a half-written page
            html = file.read_bytes()
            state = previewer.state
            docname = previewer.docname_of(file)
        if docname is not None or state.failure:  # a failed rebuild shows on every page
            html = inject(html, state, docname)
        self._send(html, "text/html; charset=utf-8")

    def _preview_route(self, route: str) -> None:
        state = self.server.previewer.state
        if route in ASSETS:
            return self._send((HERE / route).read_bytes(), ASSETS[route])
        if route in ("warnings", "warnings/"):
            urls = self.server.previewer.urls()
            return self._send(warnings_page(state, urls).encode(), "text/html; charset=utf-8")
        if route == "events":
            return self._events()
        if route == "status.json":
            body = {"build": state.build, "seconds": state.seconds,
                    "failure": state.failure and state.failure.summary,
                    "problems": len(state.problems),
                    "settled": not self.server.previewer.pending}  # idle work done
            return self._send(json.dumps(body).encode(), "application/json")
        self.send_error(HTTPStatus.NOT_FOUND)

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: ``build N`` after each build newer than the page's."""
        query = parse_qs(urlsplit(self.path).query)
        try:
            seen = int(query.get("since", ["0"])[0])
        except ValueError:
            seen = 0
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        try:
            while True:
                state = self.server.previewer.wait_for_build(seen, KEEPALIVE)
                if state.build > seen:
                    seen = state.build
                    self.wfile.write(f"event: build\ndata: {seen}\n\n".encode())
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


# -- what is added to each page ----------------------------------------------------------
def inject(html: bytes, state: State, docname: str | None) -> bytes:
    """The page with the preview's stylesheet, its box at the top of the content and the
    reload script; published builds never go through here."""
    box = notice(state, docname).encode()
    for pattern in _CONTENT_START:
        match = pattern.search(html)
        if match:
            html = html[: match.end()] + box + html[match.end():]
            break
    else:
        html = box + html
    css = f'<link rel="stylesheet" href="{PREFIX}preview.css">'.encode()
    script = f'<script src="{PREFIX}preview.js" data-build="{state.build}" defer></script>'
    html = _HEAD_END.sub(lambda m: css + m.group(0), html, count=1)
    match = _BODY_END.search(html)
    at = match.start() if match else len(html)
    return html[:at] + script.encode() + html[at:]


def notice(state: State, docname: str | None) -> str:
    """The box: a failed rebuild, this page's problems, a draft notice, the site's count."""
    parts = []
    if state.failure:
        parts.append(
            '<div class="csnet-preview-failure" role="alert">'
            '<p class="csnet-preview-title"><strong>The preview could not rebuild the site.'
            '</strong> What you see is the last build that worked.</p>'
            f'<p><code>{escape(state.failure.summary)}</code></p>'
            "<p>Correct the file and save it again: the preview tries again on every save. "
            "The terminal running <code>nox -s serve</code> shows the details too.</p>"
            "<details><summary>Technical details</summary>"
            f"<pre>{escape(state.failure.details)}</pre></details></div>")
    problems = state.pages.get(docname, []) if docname is not None else []
    if problems:
        count = _count(len(problems), "problem")
        parts.append(
            f'<p class="csnet-preview-title" id="csnet-preview-title"><strong>This page has '
            f"{count} to fix.</strong> Each says where it is and what to do:</p>"
            f'<ul class="csnet-preview-problems">{"".join(map(_item, problems))}</ul>')
    if docname in state.drafts:
        parts.append(
            '<p class="csnet-preview-draft"><strong>Draft.</strong> The published site leaves '
            "this post out (it has <code>published: false</code> or a date after today); the "
            "preview shows it so you can check it.</p>")
    total = len(state.problems)
    elsewhere = (f"{_count(total, 'problem')} on the whole site" if total
                 else "no problems on the whole site")
    parts.append(
        f'<p class="csnet-preview-status">Preview, built at {escape(state.finished)}: '
        f'<a href="{PREFIX}warnings/">{elsewhere}</a>. Published pages never show this box.'
        "</p>")
    kind = ("csnet-preview-has-failure" if state.failure else
            "csnet-preview-has-problems" if problems else "csnet-preview-ok")
    label = ' aria-labelledby="csnet-preview-title"' if problems else ' aria-label="Preview"'
    return f'<section class="csnet-preview {kind}"{label}>{"".join(parts)}</section>'


def _item(problem: Problem) -> str:
    where = f"Line {problem.line}" if problem.line else "In this page"
    kind = f' <span class="csnet-preview-kind">[{escape(problem.kind)}]</span>' \
        if problem.kind else ""
    return (f"<li><strong>{where}</strong> of <code>{escape(problem.path)}</code>: "
            f"{escape(problem.message)}{kind}</li>")


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def warnings_page(state: State, urls: dict[str, str]) -> str:
    """``/_preview/warnings/``: every current warning of the site, by file."""
    by_file: dict[str, list[Problem]] = {}
    for problem in state.problems:
        by_file.setdefault(problem.path or "(the site's configuration)", []).append(problem)
    sections = []
    for path, problems in sorted(by_file.items()):
        docname = problems[0].docname
        heading = escape(path)
        if docname in urls:
            heading = f'<a href="{escape(urls[docname])}">{heading}</a>'
        items = "".join(
            f"<li><strong>{f'Line {p.line}' if p.line else 'The file'}</strong>: "
            f"{escape(p.message)}"
            + (f' <span class="csnet-preview-kind">[{escape(p.kind)}]</span>' if p.kind else "")
            + "</li>" for p in problems)
        sections.append(f"<h2>{heading}</h2><ul class=\"csnet-preview-problems\">{items}</ul>")
    failure = notice(State(state.build, state.seconds, {}, frozenset(), state.failure,
                           state.finished), None) if state.failure else ""
    body = "".join(sections) or "<p>No warnings: every page built cleanly.</p>"
    title = f"Problems on the site ({len(state.problems)})"
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{title} - preview</title>'
        f'<link rel="stylesheet" href="{PREFIX}preview.css"></head>'
        f'<body class="csnet-preview-list"><main><h1>{title}</h1>{failure}'
        "<p>Each warning names the file, the line and how to fix it. This list is rebuilt "
        'on every save. <a href="/">Back to the site</a>.</p>'
        f'{body}</main><script src="{PREFIX}preview.js" data-build="{state.build}" defer>'
        "</script></body></html>")
