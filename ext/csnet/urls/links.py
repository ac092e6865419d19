"""Site-relative links in page bodies (``[plan](/publication/our-plan)``): noted while a
page is read (it uses topic ``url:x``), resolved when it is written, before MyST's resolver."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..addresses import live_url
from ..logs import Warn, warn
from ..order import Reading, Writing
from ..site import page_link, site
from .keys import normalize
from .table import lookup


def _site_links(document: nodes.document):
    for node in document.findall(addnodes.pending_xref):
        target = node.get("reftarget", "")
        if (node.get("reftype") == "myst" and not node.get("refdomain")
                and target.startswith("/") and not target.startswith("//")):
            yield node, target


class NoteSiteLinks(SphinxTransform):
    """While reading: this page shows where ``/x`` leads, so it uses topic ``url:x``."""

    default_priority = Reading.NOTE_SITE_LINKS

    def apply(self, **kwargs) -> None:
        for _node, target in _site_links(self.document):
            key, _ = normalize(target.partition("#")[0])
            if key is not None:
                site(self.env).uses(self.env.docname, f"url:{key}")


class ResolveSiteLinks(SphinxPostTransform):
    """Before MyST's resolver (priority 9): ``/x`` links become links to the page at ``/x``."""

    default_priority = Writing.SITE_LINKS

    def run(self, **kwargs) -> None:
        for node, target in list(_site_links(self.document)):
            path, _, anchor = target.partition("#")
            docname = lookup(self.env, path)
            content = node[0].deepcopy() if len(node) else nodes.inline()
            if docname:
                reference = page_link(docname, anchor=anchor)
                text = site(self.env).pages.get(docname)
                fallback = text.title if text and text.title else target
            else:
                warn(Warn.LINK, f"the link {target!r} matches no page of this site; it points "
                     f"to {live_url(self.config, target)} instead. Correct the address, or add "
                     "it to a page's redirect_from", node)
                reference = nodes.reference("", "", internal=False,
                                            refuri=live_url(self.config, target))
                fallback = target
            if not content.astext():
                content = nodes.inline("", fallback)
            reference += content
            node.replace_self(reference)
