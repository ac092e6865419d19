"""The content manager at ``/admin/``: Decap CMS, configured from what the build knows.

Volunteers edit news, pages and the plan in a browser, as they did on the old site. After a
website build we write ``admin/index.html``, ``admin/config.yml`` and Decap's own files, copied
from ``node_modules/decap-cms/dist`` (pinned in ``package-lock.json``), so nothing loads from a
CDN. The configuration is generated, never hand-kept, so it cannot drift from the content:

* one collection per kind of page, from the pages this build read: news posts by the folder
  they live in (``docs/news/YYYY/MM/DD/slug.md``), publications, other pages one by one, and
  the business plan; each with the fields of its layout in :data:`csnet.layouts.LAYOUTS`;
* the plan's objectives and milestones from the plan's JSON Schema (required keys, types);
* preview links to each page's built address, commit messages in the old site's words.

Drafts: with the GitHub backend, Decap's editorial workflow keeps entries in draft, in review
and ready on a branch of their own with a pull request, so ``main`` (what the site is built
from) never holds them; "Publish" merges. A new entry is also created with ``published:
false`` (which :mod:`csnet.publication` honours for every layout): whoever approves it ticks
"Published", so an entry merged early still stays out of the site. The local backend
(``decap-server``, ``nox -s serve``) writes straight into ``docs/``, where ``published`` alone
marks a draft.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from . import STATIC
from .layouts import LAYOUTS, Field, Layout
from .logs import Warn, logger, warn
from .publication import WEBSITE_BUILDERS  # never in PDF or single-page builds
from .settings import register, setting
from .site import site
from .urls import noindex_page, write_if_changed

ADDRESS = "admin"  # the CMS answers at /admin/
BUNDLE = "decap-cms.js"  # with its chunks (``103.decap-cms.js``) and WebAssembly files
DIST = PurePosixPath("node_modules", "decap-cms", "dist")
#: the ``yaml`` library Decap itself reads front matter with (1.10, pinned in package.json),
#: as browser modules beside Decap's dist: our format edits the file's own text with it
YAML_DIST = PurePosixPath("yaml", "browser", "dist")
#: our format (csnet/static/cms-frontmatter.js): saving changes only the values edited, so
#: comments, quotes, key order and keys the form does not show are kept
FORMAT = "csnet-frontmatter"
FORMAT_SCRIPT = "cms-frontmatter.js"
START_SCRIPT = "cms-init.js"  # registers the format, starts Decap (preview links on localhost)
SCHEMA = Path(__file__).parent / "plan" / "schema.json"
_DATED = re.compile(r"^\d{4}/\d{2}/\d{2}/[^/]+$")
DATED_PATH = "{{year}}/{{month}}/{{day}}/{{slug}}"
#: where a new entry of a layout goes when no page of that layout exists yet
NEW_ENTRY_FOLDERS = {"news": ("news", DATED_PATH), "publication": ("publication", "{{slug}}")}
#: the old site's commit messages (``{{collection}}`` is the collection's singular label)
COMMIT_MESSAGES = {
    "create": 'Create {{collection}} "{{slug}}"',
    "update": 'Update {{collection}} "{{slug}}"',
    "delete": 'Delete {{collection}} "{{slug}}"',
    "uploadMedia": 'Upload "{{path}}"',
    "deleteMedia": 'Delete "{{path}}"',
}
DATE_FORMAT = "YYYY-MM-DD"  # what csnet.dates reads; the date picker writes it


# -- fields ----------------------------------------------------------------------------------
def widget(field: Field) -> dict[str, Any]:
    """One front-matter key as a Decap field (``required`` is explicit: Decap's default is
    true, and a key the build treats as optional must not become compulsory)."""
    spec: dict[str, Any] = {"name": field.key.rpartition(".")[2], "label": field.label,
                            "hint": field.hint, "required": field.required}
    kind = field.kind
    if kind == "date":
        spec |= {"widget": "datetime", "format": DATE_FORMAT, "date_format": DATE_FORMAT,
                 "time_format": False}
    elif kind == "datetime":
        spec |= {"widget": "datetime", "format": "YYYY-MM-DDTHH:mm:ss[Z]", "picker_utc": True}
    elif kind in ("boolean", "list", "markdown"):
        spec["widget"] = kind
    elif kind == "number":
        spec |= {"widget": "number", "value_type": "int"}
    elif kind == "url":
        spec |= {"widget": "string",
                 "pattern": [r"^(https?://|/)\S*$", "Start with https:// or with / for a page "
                             "of this website"]}
    elif kind == "email":
        spec |= {"widget": "string", "pattern": [r"^[^@\s]+@[^@\s]+$", "Write an email "
                                                 "address, such as name@example.org"]}
    else:  # text and image (a web address or a path: uploads are not set up)
        spec["widget"] = "string"
    return spec


def layout_fields(layout: Layout, defaults: dict[str, Any] | None = None) -> list[dict]:
    """A layout's fields for a form: its front-matter keys (dotted keys nested in objects),
    then the page's text. ``layout`` itself is hidden, so a new entry gets the right one."""
    defaults = defaults or {}
    fields: list[dict] = [{"name": "layout", "widget": "hidden", "default": layout.name}]
    groups: dict[str, dict] = {}
    for field in layout.fields:
        spec = widget(field)
        if field.key in defaults:
            spec["default"] = defaults[field.key]
        parent, _, _ = field.key.rpartition(".")
        if not parent:
            fields.append(spec)
            continue
        if parent not in groups:
            groups[parent] = {"name": parent, "label": parent.replace("-", " ").capitalize(),
                              "widget": "object", "required": False, "fields": []}
            fields.append(groups[parent])
        groups[parent]["fields"].append(spec)
    # raw only: Decap's rich-text mode rewrites what it does not know (MyST directives,
    # {.document-box} lines, even "- item" becomes "\\- item")
    fields.append({"name": "body", "label": "Text", "widget": "markdown", "required": False,
                   "modes": ["raw"], "hint": "Markdown, as in the files in docs/: "
                   "# Heading, **bold**, - list item, [link](/news/)"})
    return fields


#: labels and hints of the plan's keys; their structure and rules come from the schema
PLAN_WORDING = {
    "objectives": ("Objectives", "The plan's objectives, each with its milestones"),
    "objective": ("Objective", "The name of the objective"),
    "description": ("Description", "What the objective is about"),
    "details": ("Details", "More about it (optional)"),
    "complete": ("Complete", "Tick when it is done"),
    "team": ("Team", "Who works on it"),
    "name": ("Name", ""),
    "role": ("Role", "Optional"),
    "milestones": ("Milestones", "Steps with a target date; tick each when it is done"),
    "milestone": ("Milestone", "What will be done"),
    "date": ("Target date", "The date it should be done by"),
    "completed": ("Done on", "The day it was done (optional: the build takes the day it was "
                  "ticked from the history)"),
    "lead": ("Lead", "Who leads this milestone (optional)"),
    "health": ("Health", "How it is going: on track, at risk or off track (optional)"),
    "note": ("Note", "One line on how it is going (optional)"),
}


MULTILINE = {"description", "details"}


def schema_fields(schema: dict, node: dict, required: set[str] = frozenset()) -> list[dict]:
    """Decap fields for the properties of one JSON Schema object, keeping its constraints:
    ``required`` keys, patterns, arrays of objects as lists, booleans as toggles."""
    fields = []
    for name, prop in node.get("properties", {}).items():
        prop = _resolve(schema, prop)
        label, hint = PLAN_WORDING.get(name, (name.replace("-", " ").capitalize(), ""))
        spec: dict[str, Any] = {"name": name, "label": label, "required": name in required}
        if hint:
            spec["hint"] = hint
        types = prop.get("type", "string")
        types = set(types) if isinstance(types, list) else {types}
        if "array" in types:
            items = _resolve(schema, prop.get("items", {}))
            spec |= {"widget": "list", "collapsed": True,
                     "fields": schema_fields(schema, items, set(items.get("required", ())))}
            first = next(iter(items.get("properties", {})), None)
            if first:
                spec["summary"] = f"{{{{fields.{first}}}}}"
        elif "boolean" in types:
            spec |= {"widget": "boolean", "default": False}
        elif name in ("date", "completed"):
            spec |= {"widget": "datetime", "format": DATE_FORMAT, "date_format": DATE_FORMAT,
                     "time_format": False}
        else:
            spec["widget"] = "text" if name in MULTILINE else "string"
        if "pattern" in prop:
            spec["pattern"] = [prop["pattern"], prop.get("description", "Check the format")]
        fields.append(spec)
    return fields


def _resolve(schema: dict, node: dict) -> dict:
    ref = node.get("$ref", "")
    if ref.startswith("#/$defs/"):
        return schema["$defs"][ref.rpartition("/")[2]]
    return node


def plan_fields() -> list[dict]:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    label, hint = PLAN_WORDING["objectives"]
    items = _resolve(schema, schema["items"])
    return [{"name": "objectives", "label": label, "hint": hint, "widget": "list",
             "collapsed": True, "summary": "{{fields.objective}}", "required": False,
             "fields": schema_fields(schema, items, set(items.get("required", ())))}]


# -- collections -----------------------------------------------------------------------------
def _plural(label: str) -> str:
    return label if label.endswith("s") else f"{label}s"


def _name(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "pages"


def folder_collection(layout: Layout, folder: str, docs: str, dated: bool,
                      create: bool) -> dict[str, Any]:
    """Pages of one layout in one folder; new ones are created there (``news/YYYY/MM/DD``)."""
    base = f"{folder}/" if folder else ""
    defaults: dict[str, Any] = {"published": False}  # created as a draft, ticked when approved
    if layout.name == "news":
        defaults["date"] = "{{now}}"
    label = _plural(layout.label)
    if folder and NEW_ENTRY_FOLDERS.get(layout.name, (folder,))[0] != folder:
        label = f"{label} in {folder}/"
    return {
        "name": _name(f"{layout.name} {folder}") if folder != layout.name else _name(folder),
        "label": label, "label_singular": layout.label,
        "folder": f"{docs}/{folder}".rstrip("/"), "extension": "md", "format": FORMAT,
        "create": create, "path": DATED_PATH if dated else "{{slug}}",
        "filter": {"field": "layout", "value": layout.name},
        "preview_path": f"{base}{{{{dirname}}}}/{{{{filename}}}}/" if dated
        else f"{base}{{{{filename}}}}/",
        "preview_path_preserve_slashes": True,
        "summary": "{{title}}", "sortable_fields": ["title", "date"],
        "fields": layout_fields(layout, defaults),
    }


def collections(app: Sphinx, env: BuildEnvironment, docs: str) -> list[dict[str, Any]]:
    """One collection per kind of page, from the pages this build read."""
    pages = {d: info for d, info in site(env).pages.items() if d in env.all_docs}
    folders: dict[tuple[str, str], bool] = {}  # (layout, folder) -> dated
    one_by_one: dict[str, list[str]] = {}  # layout -> docnames edited as single files
    for docname, info in sorted(pages.items()):
        layout = info.layout if info.layout in LAYOUTS else "page"
        top, _, rest = docname.partition("/") if "/" in docname else ("", "", docname)
        if layout in ("page", "business-plan") or rest.endswith("index"):
            one_by_one.setdefault(layout, []).append(docname)
        else:
            dated = bool(_DATED.match(rest))
            folders[(layout, top)] = folders.get((layout, top), dated) or dated
    for layout, (folder, path) in NEW_ENTRY_FOLDERS.items():
        folders.setdefault((layout, folder), path == DATED_PATH)
    result = [folder_collection(LAYOUTS[layout], folder, docs, dated,
                                create=NEW_ENTRY_FOLDERS.get(layout, (folder,))[0] == folder)
              for (layout, folder), dated in sorted(folders.items(), key=_news_first)]
    for layout, label in (("business-plan", "Our plan"), ("page", "Pages")):
        files = [file_entry(app, env, pages[d], docs, layout) for d in one_by_one.get(layout, [])]
        if files:
            result.append({"name": _name(label), "label": label, "format": FORMAT,
                           "label_singular": LAYOUTS[layout].label, "files": files})
    return result


def _news_first(item: tuple[tuple[str, str], bool]) -> tuple:
    (layout, folder), _ = item
    return (layout != "news", folder != NEW_ENTRY_FOLDERS.get(layout, ("",))[0], layout, folder)


def file_entry(app: Sphinx, env: BuildEnvironment, info, docs: str, layout: str) -> dict:
    """One page edited on its own (the plan, the home page), with its layout's fields."""
    source = Path(env.doc2path(info.docname)).relative_to(app.srcdir).as_posix()
    fields = layout_fields(LAYOUTS[layout])
    if layout == "business-plan":
        fields[-1:-1] = plan_fields()
    uri = app.builder.get_target_uri(info.docname)
    return {"name": _name(info.docname), "label": info.title or info.docname,
            "file": f"{docs}/{source}", "preview_path": uri or "/", "fields": fields}


def github_backend(config: Config) -> dict[str, Any]:
    """Decap's GitHub backend: the repository and branch, the OAuth server that logs
    volunteers in (Netlify's when none is set), the scope it asks for, the old commit words."""
    backend: dict[str, Any] = {"name": "github"}
    if config.cms_repo:
        backend["repo"] = config.cms_repo
    backend |= {"branch": config.cms_branch, "auth_scope": config.cms_auth_scope}
    if config.cms_auth_url:
        backend["base_url"] = config.cms_auth_url.rstrip("/")
        backend["auth_endpoint"] = config.cms_auth_endpoint.strip("/")
    backend["commit_messages"] = COMMIT_MESSAGES
    return backend


def cms_config(app: Sphinx, env: BuildEnvironment) -> dict[str, Any]:
    """The whole ``config.yml``: backend, workflow, slugs and collections."""
    config = app.config
    docs = config.cms_docs_folder or Path(app.srcdir).name
    return {
        "backend": github_backend(config),
        # on localhost only: the local backend (decap-server) instead of GitHub
        "local_backend": {"url": config.cms_local_backend},
        "publish_mode": "editorial_workflow",
        # preview links ("View Live") and the header's link to the site; without an address
        # Decap shows neither. On localhost the page points them at the preview itself.
        **({"site_url": config.html_baseurl, "display_url": config.html_baseurl}
           if config.html_baseurl else {}),
        "locale": "en",
        "media_folder": f"{docs}/images",
        "public_folder": "/images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "editor": {"preview": False},
        "collections": collections(app, env, docs),
    }


# -- output ----------------------------------------------------------------------------------
PAGE_HEAD = """<meta name="generator" content="Decap CMS {version}">
<title>Edit the website · {project}</title>
<link rel="cms-config-url" type="text/yaml" href="config.yml">
"""
PAGE_BODY = """<noscript><h1>Edit the website</h1>
<p>The content manager of {project} needs JavaScript. Turn it on for this page, or edit the
files in <code>docs/</code> as the README explains.</p></noscript>
<script>window.CMS_MANUAL_INIT = true;</script>
<script src="{bundle}"></script>
<script type="module" src="{start}"></script>
"""


def find_assets(app: Sphinx) -> tuple[Path, Path] | None:
    """Decap's ``dist`` folder (``cms_assets``, else ``node_modules`` above the sources) and
    the ``yaml`` modules of the same ``node_modules``."""
    if app.config.cms_assets:
        candidates = [Path(app.confdir, app.config.cms_assets)]
    else:
        source = Path(app.srcdir).resolve()
        candidates = [folder / DIST for folder in (source, *source.parents)]
    for dist in candidates:
        modules = dist.parent.parent / YAML_DIST
        if (dist / BUNDLE).is_file() and (modules / "index.js").is_file():
            return dist, modules
    return None


def write_cms(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write ``/admin/`` (website builders only)."""
    if exception or not app.config.cms_enabled or app.builder.name not in WEBSITE_BUILDERS:
        return
    clash = next((d for d in (ADDRESS, f"{ADDRESS}/index") if d in app.env.all_docs), None)
    if clash:
        warn(Warn.CMS, f"the page {app.env.doc2path(clash, False)} takes the address "
             f"/{ADDRESS}/, where the content manager lives; move the page, or set "
             "cms_enabled = False in conf.py", app.env.doc2path(clash))
        return
    found = find_assets(app)
    if found is None:  # a set-up matter, not a content mistake: said once, not a warning
        logger.info(f"csnet.cms: the content manager (/admin/) is left out: its files were "
                    f"not found in {DIST} and node_modules/{YAML_DIST} (run `npm ci` in the "
                    "repository) or in cms_assets; the rest of the website is built as usual")
        return
    assets, modules = found
    out = Path(app.outdir, ADDRESS)
    (out / "yaml").mkdir(parents=True, exist_ok=True)
    wanted = {p.name for p in assets.iterdir()
              if p.name.endswith((BUNDLE, ".wasm")) or p.name == f"{BUNDLE}.LICENSE.txt"}
    for name in sorted(wanted):
        _copy_if_changed(assets / name, out / name)
    for module in sorted(modules.glob("*.js")):
        _copy_if_changed(module, out / "yaml" / module.name)
    for script in (FORMAT_SCRIPT, START_SCRIPT):
        _copy_if_changed(STATIC / script, out / script)
    version = _version(assets)
    project = html.escape(app.config.project)
    page = noindex_page(app.config.language or "en",
                        PAGE_HEAD.format(project=project, version=html.escape(version)),
                        PAGE_BODY.format(project=project, bundle=BUNDLE, start=START_SCRIPT))
    write_if_changed(out / "index.html", page)
    text = yaml.safe_dump(cms_config(app, app.env), sort_keys=False, allow_unicode=True,
                          width=100)
    header = "# Generated by csnet.cms at every build: do not edit\n"
    write_if_changed(out / "config.yml", header + text)


def _version(assets: Path) -> str:
    try:
        return json.loads((assets.parent / "package.json").read_text("utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return "(unknown version)"


def _copy_if_changed(source: Path, target: Path) -> None:
    stat = source.stat()
    if target.is_file() and target.stat().st_size == stat.st_size \
            and target.stat().st_mtime_ns >= stat.st_mtime_ns:
        return
    shutil.copy2(source, target)


def claim_address(app: Sphinx, env: BuildEnvironment) -> dict[str, str]:
    """``csnet-site-urls``: /admin/ is taken, so no redirect is written over it."""
    return {ADDRESS: ADDRESS} if app.config.cms_enabled else {}


# -- settings: each checked where conf.py sets it (csnet.settings) ---------------------------
#: GitHub's rules: an owner of letters, digits and single hyphens, a name of letters, digits,
#: ".", "-" and "_" (never "." or ".." alone)
_REPO = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}/(?!\.\.?$)[\w.-]{1,100}")
_GITHUB_ADDRESS = re.compile(r"(?:https?://)?(?:www\.)?github\.com/([^/\s]+/[^/\s]+?)(?:\.git)?/?")
AUTH_SCOPES = ("repo", "public_repo")  # what Decap's schema allows (backend.auth_scope)
LOOPBACK = ("localhost", "127.0.0.1", "::1")


def repo_problem(value: Any) -> str | None:
    if not isinstance(value, str) or value == "" or _REPO.fullmatch(value):
        return None
    address = _GITHUB_ADDRESS.fullmatch(value.strip())
    hint = f" (here: cms_repo = {address.group(1)!r})" if address else ""
    return (f"cms_repo = {value!r} is not a GitHub repository: write it as 'owner/name', the "
            f"end of its address https://github.com/owner/name{hint}")


def branch_problem(value: Any) -> str | None:
    """Git's own rules for a branch name (``git check-ref-format --branch``)."""
    if not isinstance(value, str):
        return None
    if value and not re.search(r"[\s~^:?*\[\\]|\.\.|@\{|//|^[/.-]|[/.]$|\.lock$|/\.", value) \
            and value != "@":
        return None
    return (f"cms_branch = {value!r} cannot be a Git branch name: write the branch the website "
            "is built from, such as 'main'")


def auth_url_problem(value: Any) -> str | None:
    """Decap takes the login window's answer only from exactly this origin (``e.origin ===
    base_url``), so with a path every login would wait for ever."""
    if not isinstance(value, str) or value == "":
        return None
    parts = urlsplit(value.rstrip("/"))
    secure = parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK)
    if not (secure and parts.hostname) or parts.query or parts.fragment or parts.username:
        return (f"cms_auth_url = {value!r} is not the address of an OAuth server: write it as "
                "'https://oauth.example.org' (https, no path)")
    if parts.path:
        return (f"cms_auth_url = {value!r} has a path: Decap compares it with the login "
                f"window's origin, so write only '{parts.scheme}://{parts.netloc}' here and "
                f"the path in cms_auth_endpoint = '{parts.path.strip('/')}/auth' (or whatever "
                "path the OAuth server's login has)")
    return None


def auth_endpoint_problem(value: Any) -> str | None:
    if not isinstance(value, str) or re.fullmatch(r"/?[\w.~-]+(/[\w.~-]+)*/?", value):
        return None
    return (f"cms_auth_endpoint = {value!r} is not a path on the OAuth server: write the path "
            "of its login without the server's address, such as 'auth' or 'api/auth'")


def auth_scope_problem(value: Any) -> str | None:
    if not isinstance(value, str) or value in AUTH_SCOPES:
        return None
    return (f"cms_auth_scope = {value!r} is not a GitHub scope Decap can ask for: write "
            "'public_repo' for a public repository, or 'repo'")


def local_backend_problem(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.hostname:
        return None
    return (f"cms_local_backend = {value!r} is not a web address: write decap-server's, such "
            "as 'http://127.0.0.1:8081/api/v1'")


def docs_folder_problem(value: Any) -> str | None:
    if not isinstance(value, str) or value == "" or (
            not PurePosixPath(value).is_absolute() and ".." not in PurePosixPath(value).parts
            and "\\" not in value):
        return None
    return (f"cms_docs_folder = {value!r} is not a folder inside the repository: write its "
            "path from the repository's top, such as 'docs'")


def note_local_only(app: Sphinx, config: Config) -> None:
    """``config-inited`` (after the checks): a build without a repository is normal on a
    volunteer's machine, so it is said once, not warned."""
    if config.cms_enabled and not config.cms_repo:
        logger.info("csnet.cms: cms_repo is empty, so /admin/ of this build edits local files "
                    "only (nox -s serve); builds on GitHub Actions fill it in")


@dataclass
class CmsSettings:
    """csnet.cms: the content manager at /admin/ (Decap CMS)."""

    cms_enabled: bool = setting(False, "write the content manager at /admin/", rebuild="")
    cms_repo: str = setting(
        "", "the GitHub repository the content manager commits to, as 'owner/name'; empty: "
        "local editing only (nox -s serve)", rebuild="", check=repo_problem,
        kind="'owner/name' in quotes", fix="Until then the content manager can only edit "
        "local files (nox -s serve)")
    cms_branch: str = setting("main", "the branch it commits to and opens pull requests "
                              "against: the one the website is built from", rebuild="",
                              check=branch_problem, kind="a branch name in quotes")
    cms_auth_url: str = setting(
        "", "the OAuth server for GitHub logins, as https://host (Decap's base_url); empty: "
        "Netlify's, which works only for a site hosted on Netlify", rebuild="",
        check=auth_url_problem, kind="an https:// address in quotes, without a path",
        fix="Until then logins go through Netlify's server, which serves only sites hosted "
        "on Netlify")
    cms_auth_endpoint: str = setting(
        "auth", "the path of the login on that server (Decap's auth_endpoint)", rebuild="",
        check=auth_endpoint_problem, kind="a path in quotes, such as 'auth'")
    cms_auth_scope: str = setting(
        "repo", "what a login may do on GitHub: 'repo' (public and private repositories) or "
        "'public_repo' (enough for a public repository)", rebuild="", check=auth_scope_problem,
        kind="'repo' or 'public_repo'")
    cms_local_backend: str = setting(
        "http://127.0.0.1:8081/api/v1", "decap-server's address (nox -s serve starts it); "
        "used only when /admin/ is opened on localhost", rebuild="",
        check=local_backend_problem, kind="an http:// address in quotes")
    cms_docs_folder: str = setting("", "the folder of the sources in the repository; empty: "
                                   "the source folder's name", rebuild="",
                                   check=docs_folder_problem,
                                   kind="a path inside the repository in quotes")
    cms_assets: str = setting("", "Decap's dist folder, relative to conf.py; empty: "
                              "node_modules/decap-cms/dist above it", rebuild="")


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.site")
    app.setup_extension("csnet.urls")  # its table of addresses, where /admin/ is claimed
    register(app, CmsSettings)
    app.connect("config-inited", note_local_only)
    app.connect("csnet-site-urls", claim_address)
    app.connect("build-finished", write_cms)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
