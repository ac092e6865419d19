"""The old site's content manager (``admin/config.yml``): its login into ``conf.py``, its forms
beside it, so volunteers log in as before and meet the forms they know.

The backend's settings go into a block of ``conf.py`` that this module owns (between
:data:`START` and :data:`END`; rewritten in place, never duplicated, nothing else touched);
the collections go into ``docs/cms-forms.yml`` (``cms_forms``, read by :mod:`csnet.cms_forms`).
Whatever cannot carry over is an item of the import report.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..cms_fields import folder_collection
from ..cms_forms import carry_all
from ..cms_settings import COMMIT_KINDS
from ..layouts import LAYOUTS
from .report import Item, Report

OLD_CONFIG = "admin/config.yml"
FORMS = "cms-forms.yml"
START = "# >>> csnet-import: the old site's content manager login, from its admin/config.yml"
END = "# <<< csnet-import (this block is rewritten by each import; edit above it instead)"
#: Decap's GitHub backend key -> our setting (csnet.cms_settings)
SETTINGS = {"repo": "cms_repo", "branch": "cms_branch", "api_root": "cms_api_root",
            "site_domain": "cms_site_domain", "base_url": "cms_auth_url",
            "auth_endpoint": "cms_auth_endpoint", "auth_scope": "cms_auth_scope",
            "commit_messages": "cms_commit_messages"}
#: the old file's top-level keys the forms file keeps
FORM_KEYS = ("media_folder", "public_folder", "slug", "collections")


def import_cms(source: Path, docs: Path, write, report: Report) -> None:
    """Carry ``source/admin/config.yml`` over; ``write(name, text)`` writes a file in docs/ as
    the importer writes pages (the manifest keeps a volunteer's edits)."""
    path = source / OLD_CONFIG
    if not path.is_file():
        return
    text = path.read_text("utf-8", errors="replace")
    try:
        old = yaml.safe_load(text)
    except yaml.YAMLError as error:
        report.items.append(Item(OLD_CONFIG, _line(error), "content manager", "check",
                                 f"not read ({error}); set cms_* in conf.py by hand"))
        return
    if not isinstance(old, dict):
        return
    backend = old.get("backend") if isinstance(old.get("backend"), dict) else {}
    if backend.get("name") == "github":
        _write_block(docs / "conf.py", backend, text, report)
    else:
        report.items.append(Item(OLD_CONFIG, 1, "content manager", "check",
                                 f"the old login uses Decap's {backend.get('name')!r} backend; "
                                 "this site writes GitHub's: set cms_* in conf.py by hand"))
    forms = {key: old[key] for key in FORM_KEYS if key in old}
    write(FORMS, "# The old site's forms (admin/config.yml), written by csnet-import; "
          "conf.py's cms_forms names this file\n"
          + yaml.safe_dump(forms, sort_keys=False, allow_unicode=True, width=100))
    generated = {"slug": {}, "collections": [
        folder_collection(LAYOUTS[name], name, docs.name, name == "news", create=True)
        for name in sorted(LAYOUTS)]}
    for note in carry_all(generated, forms, docs.name):
        report.items.append(Item(OLD_CONFIG, _line_of(text, note), "content manager form",
                                 "changed", note))


def _write_block(conf: Path, backend: dict, text: str, report: Report) -> None:
    lines = [START]
    for key, value in backend.items():
        name = SETTINGS.get(key)
        if key == "name":
            continue
        if name is None:
            report.items.append(Item(OLD_CONFIG, _line_of(text, f"{key}:"), "content manager",
                                     "removed", f"backend.{key} has no setting here; left out"))
            continue
        if name == "cms_commit_messages" and isinstance(value, dict):
            value = {k: v for k, v in value.items() if k in COMMIT_KINDS}
        if name == "cms_repo":  # the repository GitHub Actions builds, else the old one
            lines.append(f'cms_repo = os.environ.get("GITHUB_REPOSITORY") or {value!r}')
        elif isinstance(value, dict):  # one key a line: conf.py is linted (100 columns)
            lines += [f"{name} = {{", *(f"    {k!r}: {v!r}," for k, v in value.items()), "}"]
        else:
            lines.append(f"{name} = {value!r}")
    lines += [f"cms_forms = {FORMS!r}", END]
    block = "\n".join(lines) + "\n"
    current = conf.read_text("utf-8")
    found = re.search(rf"^{re.escape(START)}\n.*?^{re.escape(END)}\n", current, re.M | re.S)
    if found:
        new = current[:found.start()] + block + current[found.end():]
    else:
        new = current.rstrip("\n") + "\n\n" + block
    if "import os" not in new:
        new = "import os\n" + new
    if new != current:
        conf.write_text(new, "utf-8")


def _line(error: yaml.YAMLError) -> int:
    mark = getattr(error, "problem_mark", None)
    return mark.line + 1 if mark else 1


def _line_of(text: str, note: str) -> int:
    """The line of the old file a note is about: its form's label, else the start."""
    label = re.search(r"'([^']+)'", note)
    if label:
        for number, line in enumerate(text.split("\n"), start=1):
            if label.group(1) in line:
                return number
    return 1
