"""The plan as data: milestones as an iCalendar file and the whole plan as JSON.

Written next to the plan page of HTML builds (``.../our-plan/milestones.ics`` and
``plan.json``), and linked from it. The calendar is made by the ``icalendar`` library: one
all-day event per dated milestone, with stable UIDs so that calendar apps update rather than
duplicate events when the file is imported again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import posixpath
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from ..locale import _
from ..outputs import Ledger, is_website
from ..pages import into_header
from ..site import site
from ..slugs import slugify
from ..urls.stale import prune_stale
from .model import Plan

CALENDAR = "milestones.ics"
EXPORTS = Ledger("plan-exports", "the plans' calendar and data files the last build wrote",
                 per_builder=True)
EXPORTS_MADE_FROM = Ledger("plan-exports-made-from", "what each plan's exports were made from")
DATA = "plan.json"


def site_host(config) -> str:
    """The site's own host (``html_baseurl``), which makes its calendar UIDs unique; without
    one, the project's name (``*.invalid`` is never anyone's domain, RFC 2606)."""
    host = urlsplit(config.html_baseurl or "").hostname
    return host or f"{slugify(config.project) or 'project'}.invalid"


def calendar(plan: Plan, today: dt.date, domain: str) -> bytes:
    import icalendar  # imported here: only HTML builds with a plan write calendars

    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{domain}//{plan.title}//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", plan.title)
    stamp = dt.datetime.combine(today, dt.time(), dt.UTC)
    for objective, milestone in plan.milestones:
        if not (milestone.date and milestone.date.date):
            continue
        event = icalendar.Event()
        key = f"{plan.docname}|{objective.name}|{milestone.name}|{milestone.date.raw}"
        event.add("uid", hashlib.sha1(key.encode()).hexdigest() + f"@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", milestone.date.date)
        event.add("dtend", milestone.date.date + dt.timedelta(days=1))
        event.add("summary", milestone.name)
        status = milestone.status_text(plan.as_of or today)
        event.add("description", f"{objective.name}: {status}. {milestone.details}".strip())
        event.add("categories", [objective.name])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()


def plan_json(plan: Plan, today: dt.date) -> str:
    data = plan.as_json()
    as_of = plan.as_of or today
    data["as_of"] = as_of.isoformat()
    for raw, objective in zip(data["objectives"], plan.objectives, strict=True):
        raw["status"] = objective.status(as_of).value
        for raw_m, milestone in zip(raw["milestones"], objective.milestones, strict=True):
            raw_m["status"] = milestone.status(as_of).value
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def export_paths(builder, docname: str) -> tuple[str, str]:
    """Site-relative paths of a plan's calendar and data files, beside its page.

    ``dirhtml`` gives each page a folder (``publication/our-plan/milestones.ics``); other
    HTML builders get files named after the page (``plan.ics``, ``plan.json``).
    """
    uri = builder.get_target_uri(docname)
    if uri.endswith("/") or not uri:
        return uri + CALENDAR, uri + DATA
    stem = posixpath.splitext(uri)[0]
    return f"{stem}.ics", f"{stem}.json"


def write_exports(app: Sphinx, exception) -> None:
    """``build-finished``: write each plan's calendar and data (HTML builders only)."""
    if exception or not is_website(app.builder) or site(app.env).as_of is None:
        return
    made_from = EXPORTS_MADE_FROM.load(app, {})
    written = []
    for info in site(app.env).pages.values():
        if info.plan is None or info.docname not in app.env.all_docs:
            continue
        paths = export_paths(app.builder, info.docname)
        written += paths
        ics, data = (Path(app.outdir, p) for p in paths)
        text = plan_json(info.plan, site(app.env).as_of)
        # the calendar's event ids use the dates as written, which the JSON normalises
        raw = "".join(m.date.raw for _, m in info.plan.milestones if m.date)
        stamp = hashlib.sha256((text + raw).encode()).hexdigest()
        key = f"{ics.parent}|{info.docname}"  # builders sharing doctrees write elsewhere
        # unchanged since the last build, statuses included: skip the calendar, whose
        # rendering was a large part of every rebuild at 1,000 posts
        if ics.is_file() and data.is_file() and made_from.get(key) == stamp:
            continue
        ics.parent.mkdir(parents=True, exist_ok=True)
        ics.write_bytes(calendar(info.plan, site(app.env).as_of, site_host(app.config)))
        data.write_text(text, "utf-8")
        made_from[key] = stamp
    EXPORTS_MADE_FROM.save(app, made_from)
    # the exports of a plan that has gone (or was unpublished) are not left online
    prune_stale(app, EXPORTS, written, keep=lambda path: False)


def link_exports(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: on a plan's own page, link its calendar and data files (HTML
    only), beside the page where the builder that this event is handed puts them."""
    builder = app.builder
    info = site(app.env).pages.get(docname)
    if not is_website(builder) or info is None or info.plan is None or not doctree.children:
        return
    here = builder.get_target_uri(docname)
    paragraph = nodes.paragraph(classes=["csnet-plan-downloads"])
    paragraph += nodes.Text(_("Use this plan elsewhere: "))
    labels = (_("milestones as a calendar file (iCalendar, for Outlook and phones)"),
              _("the plan as data (JSON)"))
    for index, (path, label) in enumerate(
        zip(export_paths(builder, info.docname), labels, strict=True)
    ):
        if index:
            paragraph += nodes.Text("; ")
        paragraph += nodes.reference("", label, refuri=relative_uri(here, path))
    paragraph += nodes.Text(".")
    if not into_header(doctree, paragraph):
        doctree.insert(1, paragraph)
