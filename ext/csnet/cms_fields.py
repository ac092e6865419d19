"""The forms of the content manager: one collection per kind of page, from the pages the
build read, each with the fields of its layout (:data:`csnet.layouts.LAYOUTS`), and the plan's
objectives and milestones from its JSON Schema (required keys, types). :mod:`csnet.cms` writes
them into ``config.yml``; :mod:`csnet.cms_forms` lays the old site's wording over them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .layouts import LAYOUTS, Field, Layout
from .plan.model import Health
from .site import site

#: our format (csnet/static/cms-frontmatter.js): saving changes only the values edited, so
#: comments, quotes, key order and keys the form does not show are kept
FORMAT = "csnet-frontmatter"
SCHEMA = Path(__file__).parent / "plan" / "schema.json"
_DATED = re.compile(r"^\d{4}/\d{2}/\d{2}/[^/]+$")
DATED_PATH = "{{year}}/{{month}}/{{day}}/{{slug}}"
#: where a new entry of a layout goes when no page of that layout exists yet
NEW_ENTRY_FOLDERS = {"news": ("news", DATED_PATH), "publication": ("publication", "{{slug}}")}
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
        elif name == "health":  # a choice, so a volunteer cannot type one the build refuses
            spec |= {"widget": "select", "options": [h.value.lower() for h in Health]}
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
        "name": collection_name(layout.name, folder),
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


#: layouts whose pages are edited one by one, and the label of their collection
SINGLE_FILES = {"business-plan": "Our plan", "page": "Pages"}


def place(docname: str, layout: str) -> tuple[str, str, str, bool]:
    """Where a page is edited: its layout, top folder, the rest of its name, and whether it
    is a single file (a page, the plan, a section's index) rather than one of a folder."""
    layout = layout if layout in LAYOUTS else "page"
    top, _, rest = docname.partition("/") if "/" in docname else ("", "", docname)
    return layout, top, rest, layout in SINGLE_FILES or rest.endswith("index")


def entry_address(docname: str, layout: str) -> str | None:
    """The page's entry in /admin/ (``#/collections/news/entries/2022/01/13/slug``), as
    :func:`collections` names it; ``None`` for pages no collection lists."""
    layout, top, rest, single = place(docname, layout)
    if single:
        label = SINGLE_FILES.get(layout)
        return f"#/collections/{_name(label)}/entries/{_name(docname)}" if label else None
    return f"#/collections/{collection_name(layout, top)}/entries/{rest}"


def collection_name(layout: str, folder: str) -> str:
    """``news`` for news/, ``news-archives`` for archives/, ``team-top`` for the top folder
    (never the same as ``team`` for team/)."""
    return _name(folder) if folder == layout else _name(f"{layout} {folder or 'top'}")


def collections(app: Sphinx, env: BuildEnvironment, docs: str) -> list[dict[str, Any]]:
    """One collection per kind of page, from the pages this build read."""
    pages = {d: info for d, info in site(env).pages.items() if d in env.all_docs}
    folders: dict[tuple[str, str], bool] = {}  # (layout, folder) -> dated
    one_by_one: dict[str, list[str]] = {}  # layout -> docnames edited as single files
    for docname, info in sorted(pages.items()):
        layout, top, rest, single = place(docname, info.layout)
        if single:
            one_by_one.setdefault(layout, []).append(docname)
        else:
            dated = bool(_DATED.match(rest))
            folders[(layout, top)] = folders.get((layout, top), dated) or dated
    for layout, (folder, path) in NEW_ENTRY_FOLDERS.items():
        folders.setdefault((layout, folder), path == DATED_PATH)
    result = [folder_collection(LAYOUTS[layout], folder, docs, dated,
                                create=NEW_ENTRY_FOLDERS.get(layout, (folder,))[0] == folder)
              for (layout, folder), dated in sorted(folders.items(), key=_news_first)]
    for layout, label in SINGLE_FILES.items():
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
