"""The checks of the content manager's settings (``cms_*`` in ``conf.py``, declared in
:class:`csnet.cms.CmsSettings`), each run where the value is set.

They are Decap's GitHub backend keys under names of ours, so the old site's login (its
``admin/config.yml``: Netlify's OAuth service for a site on GitHub Pages) can be written here
unchanged; ``csnet-import`` writes them from the old file (:mod:`csnet.importer.cms`).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config

from .logs import logger

#: the old site's commit messages (``{{collection}}`` is the collection's singular label)
COMMIT_MESSAGES = {
    "create": 'Create {{collection}} "{{slug}}"',
    "update": 'Update {{collection}} "{{slug}}"',
    "delete": 'Delete {{collection}} "{{slug}}"',
    "uploadMedia": 'Upload "{{path}}"',
    "deleteMedia": 'Delete "{{path}}"',
}
#: the messages Decap's schema knows (backend.commit_messages)
COMMIT_KINDS = ("create", "update", "delete", "uploadMedia", "deleteMedia", "openAuthoring")

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
    problem = https_problem("cms_auth_url", value, "https://oauth.example.org")
    if problem or not isinstance(value, str) or value == "":
        return problem
    parts = urlsplit(value.rstrip("/"))
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


def https_problem(name: str, value: Any, example: str) -> str | None:
    """An https:// address (http:// on loopback) with no query, fragment or password."""
    if not isinstance(value, str) or value == "":
        return None
    parts = urlsplit(value.rstrip("/"))
    secure = parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK)
    if not (secure and parts.hostname) or parts.query or parts.fragment or parts.username:
        return (f"{name} = {value!r} is not the address of a server: write it as "
                f"{example!r}")
    return None


def api_root_problem(value: Any) -> str | None:
    return https_problem("cms_api_root", value, "https://api.github.com")


_HOST = re.compile(r"(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}"
                   r"[a-z0-9])?)+")


def site_domain_problem(value: Any) -> str | None:
    """Netlify finds the OAuth app by this name alone: no scheme, no path."""
    if not isinstance(value, str) or value == "" or _HOST.fullmatch(value):
        return None
    host = urlsplit(value if "//" in value else f"//{value}").hostname or ""
    hint = f" (here: cms_site_domain = {host!r})" if _HOST.fullmatch(host) else ""
    return (f"cms_site_domain = {value!r} is not a site name: write the Netlify site's domain "
            f"alone, such as 'example.netlify.app', without https:// or a path{hint}")


def commit_messages_problem(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    wrong = [k for k, v in value.items() if k not in COMMIT_KINDS or not isinstance(v, str)]
    if not wrong:
        return None
    return (f"cms_commit_messages = {value!r} has {', '.join(map(repr, wrong))}, which Decap "
            "cannot use: "
            f"the keys are {', '.join(COMMIT_KINDS)} and each value is text in quotes")


def forms_problem(value: Any) -> str | None:
    if not isinstance(value, str) or value == "" or (
            not PurePosixPath(value).is_absolute() and ".." not in PurePosixPath(value).parts):
        return None
    return (f"cms_forms = {value!r} is not a file beside conf.py: write its name, such as "
            "'cms-forms.yml' (csnet-import writes it from the old site's admin/config.yml)")


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
