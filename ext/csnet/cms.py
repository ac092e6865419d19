"""The content manager at ``/admin/``: Decap CMS, configured from what the build knows.

Volunteers edit news, pages and the plan in a browser, as they did on the old site. After a
website build we write ``admin/index.html``, ``admin/config.yml`` and Decap's own files, copied
from ``node_modules/decap-cms/dist`` (pinned in ``package-lock.json``), so nothing loads from a
CDN. The configuration is generated, never hand-kept, so it cannot drift from the content:

* one collection per kind of page, from the pages this build read (:mod:`csnet.cms_fields`),
  with the old site's wording laid over them after an import (:mod:`csnet.cms_forms`);
* the old site's login: Decap's GitHub backend keys, set and checked in conf.py
  (:mod:`csnet.cms_settings`); preview links to each page's built address;
* an "Edit this page" link in every page's footer, to its entry here.

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
import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError

from .bundle import STATIC
from .cms_fields import collections, entry_address
from .cms_forms import carry_all
from .cms_settings import (
    COMMIT_MESSAGES,
    api_root_problem,
    auth_endpoint_problem,
    auth_scope_problem,
    auth_url_problem,
    branch_problem,
    commit_messages_problem,
    docs_folder_problem,
    forms_problem,
    local_backend_problem,
    note_local_only,
    repo_problem,
    site_domain_problem,
)
from .logs import Warn, logger, warn
from .outputs import is_website, write_if_changed
from .settings import conf_location, register, setting
from .site import site
from .urls.redirects import noindex_page
from .yesno import yes_or_no

ADDRESS = "admin"  # the CMS answers at /admin/
BUNDLE = "decap-cms.js"  # with its chunks (``103.decap-cms.js``) and WebAssembly files
DIST = PurePosixPath("node_modules", "decap-cms", "dist")
#: the ``yaml`` library Decap itself reads front matter with (1.10, pinned in package.json),
#: as browser modules beside Decap's dist: our format edits the file's own text with it
YAML_DIST = PurePosixPath("yaml", "browser", "dist")
FORMAT_SCRIPT = "cms-frontmatter.js"
START_SCRIPT = "cms-init.js"  # registers the format, starts Decap (preview links on localhost)
#: fixes from outside for what axe finds in Decap's screens: names (script), contrast (style)
A11Y = ("cms-a11y.js", "cms-a11y.css")
PREVIEW_SCRIPT = "cms-preview.js"  # the preview pane in the site's look


def edit_link(app: Sphinx, docname: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: the footer's "Edit this page" opens the page's entry."""
    info = site(app.env).pages.get(docname)
    if app.config.cms_enabled and info is not None and doctree is not None \
            and is_website(app.builder) and find_assets(app):
        address = entry_address(docname, info.layout)
        if address:
            context["csnet_edit"] = context["pathto"](f"{ADDRESS}/", 1) + address


def github_backend(config: Config) -> dict[str, Any]:
    """Decap's GitHub backend: the repository and branch, the OAuth server that logs
    volunteers in (Netlify's when none is set: then ``site_domain`` names the Netlify site
    whose OAuth app it uses), the scope it asks for, the commit words."""
    backend: dict[str, Any] = {"name": "github"}
    if config.cms_repo:
        backend["repo"] = config.cms_repo
    backend["branch"] = config.cms_branch
    if config.cms_api_root:
        backend["api_root"] = config.cms_api_root.rstrip("/")
    if config.cms_site_domain:
        backend["site_domain"] = config.cms_site_domain
    if config.cms_auth_url:
        backend["base_url"] = config.cms_auth_url.rstrip("/")
        backend["auth_endpoint"] = config.cms_auth_endpoint.strip("/")
    backend["auth_scope"] = config.cms_auth_scope
    backend["commit_messages"] = config.cms_commit_messages
    return backend


def cms_config(app: Sphinx, env: BuildEnvironment) -> dict[str, Any]:
    """The whole ``config.yml``: backend, workflow, slugs and collections."""
    config = app.config
    docs = config.cms_docs_folder or Path(app.srcdir).name
    result = {
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
        "editor": {"preview": True},  # in the site's stylesheets: cms-preview.js
        "collections": collections(app, env, docs),
    }
    forms = read_forms(app)
    if forms:
        carry_all(result, forms, docs)
    return result


def read_forms(app: Sphinx) -> dict | None:
    """The old site's collections (``cms_forms``), or ``None`` with a located warning."""
    name = app.config.cms_forms
    if not name:
        return None
    path = Path(app.confdir, name)
    try:
        forms = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, ValueError, yaml.YAMLError) as error:
        warn(Warn.CONFIG, f"cms_forms = {name!r} cannot be read ({error}): run csnet-import "
             "again to write it, or remove cms_forms; the forms keep their own wording",
             conf_location(app, "cms_forms"))
        return None
    return forms if isinstance(forms, dict) else None


# -- output ----------------------------------------------------------------------------------
PAGE_HEAD = """<meta name="generator" content="Decap CMS {version}">
<title>Edit the website · {project}</title>
<link rel="cms-config-url" type="text/yaml" href="config.yml">
<link rel="stylesheet" href="{a11y}">
"""
PAGE_BODY = """<noscript><h1>Edit the website</h1>
<p>The content manager of {project} needs JavaScript. Turn it on for this page, or edit the
files in <code>docs/</code> as the volunteers' guide (<code>reference/volunteers.md</code>)
explains.</p></noscript>
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
    if exception or not app.config.cms_enabled or not is_website(app.builder):
        return
    clash = next((d for d in (ADDRESS, f"{ADDRESS}/index") if d in app.env.all_docs), None)
    if clash:
        warn(Warn.CMS, f"the page {app.env.doc2path(clash, False)} takes the address "
             f"/{ADDRESS}/, where the content manager lives; move the page, or set "
             "cms_enabled = False in conf.py", app.env.doc2path(clash))
        return
    found = find_assets(app)
    if found is None:
        left_out(app)
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
    for script in (FORMAT_SCRIPT, START_SCRIPT, PREVIEW_SCRIPT, *A11Y):
        _copy_if_changed(STATIC / script, out / script)
    version = _version(assets)
    project = html.escape(app.config.project)
    page = noindex_page(app.config.language or "en",
                        PAGE_HEAD.format(project=project, version=html.escape(version),
                                         a11y=A11Y[1]),
                        PAGE_BODY.format(project=project, bundle=BUNDLE, start=START_SCRIPT))
    write_if_changed(out / "index.html", page)
    text = yaml.safe_dump(cms_config(app, app.env), sort_keys=False, allow_unicode=True,
                          width=100)
    header = "# Generated by csnet.cms at every build: do not edit\n"
    write_if_changed(out / "config.yml", header + text)


def left_out(app: Sphinx) -> None:
    """Say that /admin/ is left out: loudly (a ``csnet.cms`` warning; on CI, ``CI=true``, an
    error that stops the build) when the sources are in a checkout whose
    ``package-lock.json`` names the files, so the website is never published without its
    content manager unnoticed; as a note in a project without one (a test's copy)."""
    source = Path(app.srcdir).resolve()
    checkout = next((folder for folder in (source, *source.parents)
                     if (folder / "package-lock.json").is_file()), None)
    text = (f"the content manager (/admin/) is left out: its files were not found in {DIST} "
            f"and node_modules/{YAML_DIST} or in cms_assets")
    if checkout is None:
        logger.info(f"csnet.cms: {text} (run `npm ci` in the repository); the rest of the "
                    "website is built as usual")
        return
    text += (f". Run `npm ci` in {checkout} (`./nox -s html` does it for you), then build "
             "again")
    if yes_or_no(os.environ.get("CI", "")):
        raise ExtensionError(text)
    warn(Warn.CMS, text)


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


# -- settings: each checked where conf.py sets it (csnet.settings, csnet.cms_settings) -----
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
        "Netlify's (https://api.netlify.com), which needs cms_site_domain", rebuild="",
        check=auth_url_problem, kind="an https:// address in quotes, without a path",
        fix="Until then logins go through Netlify's OAuth service (cms_site_domain)")
    cms_site_domain: str = setting(
        "", "with Netlify's OAuth service: the Netlify site whose GitHub OAuth app logs "
        "volunteers in (Decap's site_domain), such as 'example.netlify.app'; it need not host "
        "this website", rebuild="", check=site_domain_problem,
        kind="a domain in quotes, without https://")
    cms_api_root: str = setting(
        "", "GitHub's API (Decap's api_root); empty: https://api.github.com", rebuild="",
        check=api_root_problem, kind="an https:// address in quotes")
    cms_commit_messages: dict = setting(
        COMMIT_MESSAGES, "Decap's commit_messages: the words of each commit, by kind "
        "(create, update, delete, uploadMedia, deleteMedia, openAuthoring)", rebuild="",
        check=commit_messages_problem, kind="a {'kind': 'message'} dictionary")
    cms_forms: str = setting(
        "", "a file beside conf.py with the old site's admin/config.yml collections, whose "
        "labels, hints, field order, defaults and slugs the forms keep (csnet-import writes "
        "it); empty: the forms' own wording", rebuild="", check=forms_problem,
        kind="a file name in quotes")
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
    app.connect("html-page-context", edit_link)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
