"""Blocks for the home page (or any page) that a volunteer can rearrange: ``hero``,
``call-to-action`` and ``email-signup``.

````md
```{hero}
We connect more than 2,000 LGBT+ civil servants and allies across the UK.
```

```{call-to-action} Join the network
:link: /join-us/
:button: Join us
Membership is free and open to every civil servant.
```
````

Both make format-neutral nodes (containers, a rubric heading, a paragraph with a link), so the
PDF and any theme show them; the site's theme styles them. Calls to action that follow each
other are grouped (``csnet-actions``) so the theme can set them side by side. A ``:link:`` is a
path on the site (resolved as links in pages are: to the page, or to the live site with a
``csnet.link`` warning), a page's file (``news/index.md``) or an ``https:`` / ``mailto:`` address.

``email-signup`` is a call to action to the sign-up page; the site's theme turns its link into
an email form when the theme option ``signup_action`` names where the form posts
(:mod:`csnet.theme.signup`), so PDFs and other themes still show a working link.
"""

from __future__ import annotations

import re

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from .locale import N_, _
from .logs import Warn, warn
from .order import Reading
from .pages import ancestors
from .site import register_directives

_WEB = re.compile(r"^(https?:|mailto:)", re.I)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class Hero(SphinxDirective):
    """The page's opening statement: the mission in a sentence, in a band of its own."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        hero = nodes.container(classes=["csnet-hero"], is_div=True)
        self.set_source_info(hero)
        hero += self.parse_content_to_nodes()
        return [hero]


class CallToAction(SphinxDirective):
    """A titled invitation (join, volunteer, sign up) with one button-like link."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {"link": directives.unchanged_required, "button": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        title = self.arguments[0].strip()
        action = nodes.container(classes=["csnet-action"], is_div=True)
        self.set_source_info(action)
        action += nodes.rubric(title, title, classes=["csnet-action-title"])
        action += self.parse_content_to_nodes()
        target = (self.options.get("link") or "").strip()
        label = (self.options.get("button") or "").strip() or title
        link = self.link(target, label)
        if link is not None:
            action += nodes.paragraph("", "", link, classes=["csnet-action-link"])
        return [action]

    def link(self, target: str, label: str) -> nodes.Node | None:
        if not target:
            warn(Warn.LINK, f"the call to action {self.arguments[0]!r} has no ':link:'; add "
                 "one, such as ':link: /join-us/', so readers can act on it",
                 self.get_location())
            return None
        if _WEB.match(target):
            return nodes.reference(label, label, refuri=target)
        if _SCHEME.match(target) or target.startswith("//"):
            warn(Warn.LINK, f"the call to action {self.arguments[0]!r} links to {target!r}; "
                 "use a path on this site (/join-us/) or an https: or mailto: address",
                 self.get_location())
            return None
        # a site path or a page's file: resolved like a Markdown link (csnet.urls, MyST)
        xref = addnodes.pending_xref("", nodes.inline(label, label), refdomain=None,
                                     reftype="myst", reftarget=target,
                                     refdoc=self.env.docname, refexplicit=True, refwarn=True)
        self.set_source_info(xref)
        return xref


class EmailSignup(CallToAction):
    """The email sign-up panel: a call to action (title, text, link to the sign-up page)
    marked ``csnet-signup``, for the theme to give a form."""

    required_arguments = 0
    optional_arguments = 1
    TITLE = N_("Sign up for our emails")

    def run(self) -> list[nodes.Node]:
        if not self.arguments:
            self.arguments = [_(self.TITLE)]
        self.options.setdefault("button", _("Sign up"))
        panel = super().run()
        panel[0]["classes"].append("csnet-signup")
        return panel


class GroupActions(SphinxTransform):
    """Calls to action next to each other share one ``csnet-actions`` container; each title
    is a heading one level under the section it is in."""

    default_priority = Reading.GROUP_ACTIONS

    def apply(self, **kwargs) -> None:
        for action in self.document.findall(_is_panel):
            depth = sum(1 for a in ancestors(action) if isinstance(a, nodes.section))
            action[0]["heading-level"] = min(depth + 1, 6)
        for first in list(self.document.findall(_is_action)):
            parent = first.parent
            if parent is None or "csnet-actions" in parent.get("classes", ()):
                continue
            index = parent.index(first)
            run = [first]
            for sibling in parent.children[index + 1:]:
                if not _is_action(sibling):
                    break
                run.append(sibling)
            group = nodes.container(classes=["csnet-actions"], is_div=True)
            for node in run:
                parent.remove(node)
            group.extend(run)
            parent.insert(index, group)


def _is_panel(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and "csnet-action" in node.get("classes", ())


def _is_action(node: nodes.Node) -> bool:
    """A call to action that sits beside its neighbours (a sign-up panel stands alone)."""
    return _is_panel(node) and "csnet-signup" not in node["classes"]


#: the directives this module adds (the reference lists each with its options)
DIRECTIVES = {
    "hero": Hero,
    "call-to-action": CallToAction,
    "email-signup": EmailSignup,
}


def setup(app: Sphinx) -> dict:
    app.setup_extension("csnet.urls")
    register_directives(app, DIRECTIVES)
    app.add_transform(GroupActions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
