"""The details box on an event page: when, where, who hosts, how to sign up, add to calendar.

A transform leaves a placeholder after the page header; what it says depends on the build
date (registration closes, the event passes), so it is filled in when the page is written.
"""

from __future__ import annotations

import datetime as dt

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform

from ..layouts import details
from ..locale import _
from ..order import Reading
from ..pages import under_header
from ..site import PageInfo, page_link, site
from .categories import category_links
from .model import Event
from .reading import event_of
from .words import moment_text, when_text


class event_details(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder for an event's details: its status depends on the build date."""


class EventDetails(SphinxTransform):
    """An event page gets its details box after the header, filled in at write time."""

    default_priority = Reading.EVENT_DETAILS

    def apply(self, **kwargs) -> None:
        info = site(self.env).pages.get(self.env.docname)
        if info is None or event_of(info) is None:
            return
        site(self.env).uses(self.env.docname, f"event:{info.docname}")
        under_header(self.document, event_details(docname=info.docname))


def details_nodes(env: BuildEnvironment, info: PageInfo, today: dt.date) -> list[nodes.Node]:
    """When, where, who hosts, how to sign up (or that it has passed), add to calendar."""
    event = event_of(info)
    status = event.status(today)
    pairs: list[tuple[str, nodes.Node]] = []
    if event.start:
        pairs.append((_("When"), nodes.inline("", when_text(event))))
    if event.location:
        pairs.append((_("Where"), nodes.inline("", event.location)))
    if event.host:
        pairs.append((_("Hosted by"), nodes.inline("", event.host)))
    register = registration(event, status)
    if register is not None:
        pairs.append((_("Registration") if status != "open" else _("How to register"),
                      register))
    if event.categories:
        pairs.append((_("Category") if len(event.categories) == 1 else _("Categories"),
                      category_links(env, event.categories)))
    result: list[nodes.Node] = [details(pairs, ["csnet-event-details", f"csnet-event-{status}"])]
    if status != "past" and event.start:
        paragraph = nodes.paragraph(classes=["csnet-add-to-calendar", "hide-when-printed"])
        paragraph += page_link(f"{info.docname}.ics", nodes.Text(_("Add to calendar")),
                               live_elsewhere=True, internal=False)
        paragraph += nodes.Text(_(" (an .ics file for Outlook, Google and Apple calendars)"))
        result.append(paragraph)
    return result


def registration(event: Event, status: str) -> nodes.Node | None:
    """How to sign up, with the deadline; or that registration or the event is over."""
    deadline = _(" by {deadline}").format(deadline=moment_text(event.deadline)) \
        if event.deadline else ""
    if status == "past":
        return nodes.inline("", _("This event has finished."), classes=["csnet-event-status"])
    if status == "closed":
        return nodes.inline("", _("Registration closed on {deadline}.").format(
            deadline=moment_text(event.deadline)))
    if event.no_register:
        return nodes.inline("", event.no_register)
    if event.link:
        node = nodes.inline()
        node += nodes.reference("", _("Register for this event"), refuri=event.link)
        if deadline:
            node += nodes.Text(deadline)
        return node
    if event.email:
        node = nodes.inline()
        before, _email, after = _("Email {email} to register{deadline}").partition("{email}")
        node += nodes.Text(before)
        node += nodes.reference("", event.email, refuri=f"mailto:{event.email}")
        node += nodes.Text(after.format(deadline=deadline))
        return node
    if event.deadline:
        return nodes.inline("", _("Registration closes on {deadline}.").format(
            deadline=moment_text(event.deadline)))
    return None
