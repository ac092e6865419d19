"""The forms volunteers know: the old site's ``admin/config.yml`` laid over the generated one.

``csnet-import`` keeps the old collections in a file beside ``conf.py`` (``cms_forms``). Where
one describes a kind of page this site has (by the old folder: :data:`csnet.layouts.COLLECTIONS`),
its form keeps the old collection's label, its fields' labels, hints and defaults in the old
order, its slug rule and ``identifier_field``; fields only the new site has (the plan's, an
event's picture description, "Published") sit after the old field they follow in our order.
What cannot carry over is said in words: :func:`carry` returns it, the importer reports it.
"""

from __future__ import annotations

import re
from typing import Any

from .layouts import COLLECTIONS

#: placeholders of a Jekyll post's file name, which the new site puts in folders instead
DATE_PREFIX = "{{year}}-{{month}}-{{day}}-"
#: field keys carried as they are (widgets and formats stay ours: the build reads them)
CARRIED = ("label", "hint")


def layout_of(old: dict) -> str | None:
    """The layout an old collection's documents have here (``_news/`` -> ``news``)."""
    folder = str(old.get("folder", "")).strip("/").lstrip("_")
    found = COLLECTIONS.get(folder)
    return found.layout if found else None


def _home(old: dict) -> str:
    """The folder of the old collection's addresses (``/event/:name/`` -> ``event``)."""
    folder = str(old.get("folder", "")).strip("/").lstrip("_")
    first = COLLECTIONS[folder].permalink.strip("/").split("/")[0]
    return "" if first.startswith(":") else first


def old_forms(forms: dict) -> dict[str, dict]:
    """The old collection that describes each layout: the one named after it (``events`` for
    ``event``) when several share a layout, else the first."""
    chosen: dict[str, dict] = {}
    for old in forms.get("collections") or ():
        if not isinstance(old, dict) or not isinstance(old.get("fields"), list):
            continue
        layout = layout_of(old)
        folder = str(old.get("folder", "")).strip("/").lstrip("_")
        if layout and (layout not in chosen or folder in (layout, f"{layout}s")):
            chosen[layout] = old
    return chosen


def carry_fields(ours: list[dict], old: list[dict], where: str) -> tuple[list[dict], list[str]]:
    """Our fields in the old order with the old wording; ours alone after their predecessor."""
    by_name = {f["name"]: f for f in ours}
    notes: list[str] = []
    placed: list[dict] = []
    for before in old:
        if not isinstance(before, dict) or "name" not in before:
            continue
        name = before["name"]
        field = by_name.get(name)
        if name == "layout" and field is not None:
            continue  # hidden and ours: it files the entry in the right collection
        if field is None:
            notes.append(f"{where}: the field {before.get('label', name)!r} ({name}) has no "
                         "place in the new site's pages; the form leaves it out (values in "
                         "the files are kept)")
            continue
        field.update({k: before[k] for k in CARRIED if k in before})
        if "default" in before:
            value = _default(field, before["default"])
            if value is None:
                notes.append(f"{where}: the default {before['default']!r} of {name} does not "
                             f"fit its new kind ({field['widget']}); left out")
            else:
                field["default"] = value
        if isinstance(before.get("fields"), list) and isinstance(field.get("fields"), list):
            field["fields"], inner = carry_fields(field["fields"], before["fields"],
                                                  f"{where}, {name}")
            notes += inner
        placed.append(field)
    result = list(placed)
    for index, field in enumerate(ours):
        if _index(result, field) is not None:
            continue
        after = next((i for i in (_index(result, f) for f in reversed(ours[:index]))
                      if i is not None), -1)
        result.insert(after + 1, field)
    return result, notes


def _index(fields: list[dict], field: dict) -> int | None:
    return next((i for i, f in enumerate(fields) if f is field), None)


def _default(field: dict, value: Any) -> Any:
    """An old default in the form our widget saves (``'false'`` for a toggle is False)."""
    widget = field.get("widget")
    if widget == "boolean":
        text = str(value).strip().lower()
        return {"true": True, "false": False}.get(text)
    if widget == "list":
        return value if isinstance(value, list) else [value]
    if widget in ("string", "text", "markdown", "hidden") and isinstance(value, str | int | float):
        return str(value)
    return None


def carry(collection: dict, old: dict, main: bool) -> list[str]:
    """Lay one old collection over ours (``main``: the one new entries are created in, which
    also takes the old label and slug rule); what could not carry over, in words."""
    where = f"the {old.get('label', old.get('name'))!r} form"
    notes: list[str] = []
    entries = collection.get("files") or [collection]
    for entry in entries:
        entry["fields"], found = carry_fields(entry["fields"], old["fields"], where)
        notes = notes or found
    if not main:
        return notes
    if "label" in old:
        collection["label"] = old["label"]
        collection["label_singular"] = old.get("label_singular", old["label"])
    if old.get("identifier_field") and any(
            f["name"] == old["identifier_field"] for f in collection["fields"]):
        collection["identifier_field"] = old["identifier_field"]
    slug = old.get("slug")
    if isinstance(slug, str) and "files" not in collection:
        dated = "{{year}}" in collection.get("path", "")
        if dated and slug.startswith(DATE_PREFIX):
            slug = slug[len(DATE_PREFIX):]
        if re.search(r"\{\{(year|month|day)\}\}", slug) and dated:
            notes.append(f"{where}: its file names ({old['slug']}) become folders here "
                         f"({collection['path']})")
        else:
            collection["slug"] = slug
    return notes


def carry_all(config: dict, forms: dict, docs: str) -> list[str]:
    """Lay every old collection over the generated ``config`` and take the old media folder
    and slug rules; what could not carry over, in words."""
    chosen = old_forms(forms)
    notes: list[str] = []
    by_layout: dict[str, list[dict]] = {}
    for collection in config["collections"]:
        entries = collection.get("files") or [collection]
        by_layout.setdefault(entries[0]["fields"][0].get("default"), []).append(collection)
    for layout, old in chosen.items():
        ours = by_layout.get(layout, [])
        home = f"{docs}/{_home(old)}".rstrip("/")  # where the old pages' addresses lead
        main = next((c for c in ours if c.get("folder") == home), ours[0] if ours else None)
        for collection in ours:
            found = carry(collection, old, main=collection is main)
            notes += found if collection is main else []
    for old in forms.get("collections") or ():
        if isinstance(old, dict) and layout_of(old) is None:
            notes.append(f"the {old.get('label', old.get('name'))!r} form: the new site has "
                         f"no pages from {old.get('folder')}; left out")
        elif isinstance(old, dict) and chosen.get(layout_of(old)) is not old:
            notes.append(f"the {old.get('label', old.get('name'))!r} form: its pages are "
                         f"{layout_of(old)} pages here, edited with the "
                         f"{chosen[layout_of(old)].get('label')!r} form")
    if isinstance(forms.get("media_folder"), str):
        folder = forms["media_folder"].strip("/")
        config["media_folder"] = f"{docs}/{folder}"  # the importer copies assets/ into docs/
        config["public_folder"] = forms.get("public_folder") or f"/{folder}"
    if isinstance(forms.get("slug"), dict):
        config["slug"] |= forms["slug"]
    return notes
