"""A resolved doctree made printable: one document among others in one HTML page.

Every anchor gets its document's prefix (two documents may both have ``#contents``), links
between the publication's documents point inside the PDF, pictures are read from their files
(never from the network), and the HTML is shaped for WeasyPrint's tags
(:mod:`csnet.pdf.tagging`).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes

from ..pictures import line_of
from .images import place, raw_images, remote
from .spaces import wrap_spaces_before_inlines
from .tagging import shape_for_tags


def prepare(builder, doctree: nodes.document, docname: str, images: dict[str, str]) -> None:
    """Make a resolved doctree printable and give its anchors the document's prefix
    (``builder``: the pdf builder, whose ``anchors`` are the publication's documents)."""
    for topic in list(doctree.findall(nodes.topic)):
        if "contents" in topic["classes"]:  # the PDF has its own contents page
            topic.parent.remove(topic)
    for image in list(doctree.findall(nodes.image)):
        place_image(builder, image, docname, images)
    docdir = Path(builder.env.doc2path(docname)).parent
    for raw in list(doctree.findall(nodes.raw)):
        if "html" in raw.get("format", "").split() and "<img" in raw.astext().lower():
            raw_images(raw, Path(builder.srcdir), docname, docdir)
    prefix = builder.anchors[docname]
    seen: set[str] = set()
    for node in doctree.findall(nodes.Element):
        ids = [f"{prefix}--{i}" for i in node["ids"]]
        node["ids"] = [i for i in ids if not (i in seen or seen.add(i))]
        if node.get("refid"):
            node["refid"] = f"{prefix}--{node['refid']}"
        if node.get("backrefs"):
            node["backrefs"] = [f"{prefix}--{i}" for i in node["backrefs"]]
    for node in doctree.findall(nodes.Element):
        if node.get("refid") and not isinstance(node, nodes.reference) and (
                node["refid"] not in seen):
            del node["refid"]  # e.g. a title's backlink to a contents list left out
    for reference in list(doctree.findall(nodes.reference)):
        if reference.get("refid"):
            uri = "#" + reference["refid"][len(prefix) + 2:]
            del reference["refid"]
        else:
            uri = reference.get("refuri", "")
        if uri.startswith("#"):
            reference["refuri"] = local_uri(uri, prefix, seen, builder.anchors,
                                            builder.config.html_baseurl)
        if not reference.get("refuri"):  # a dead link: keep its words
            reference.replace_self(nodes.inline("", "", *reference.children))
    shape_for_tags(doctree)
    wrap_spaces_before_inlines(doctree)


def local_uri(uri: str, prefix: str, ids: set[str], anchors: dict[str, str], baseurl: str) -> str:
    """``#doc-x#anchor`` (another document here) or ``#anchor`` -> the prefixed anchor.

    An anchor that is not here is a site path MyST could not resolve (``#/team``): it
    becomes a link to the website; anything else is no link at all (``""``).
    """
    parts = uri[1:].split("#")
    if len(parts) == 2 and parts[0] in anchors.values():
        return f"#{parts[0]}--{parts[1]}" if parts[1] else f"#{parts[0]}"
    if len(parts) == 1 and parts[0] in anchors.values():
        return uri
    if f"{prefix}--{parts[-1]}" in ids:
        return f"#{prefix}--{parts[-1]}"
    if parts[-1].startswith("/"):
        return baseurl.rstrip("/") + parts[-1]
    return ""


def place_image(builder, image: nodes.image, docname: str, images: dict[str, str]) -> None:
    """A picture read from its file (the builder's first image type it has), or a link when
    it is on another website; ``images`` records which document shows it."""
    uri = image["uri"]
    if uri.startswith("data:"):
        return
    where = (docname, line_of(image))
    if "://" in uri:  # the PDF must not depend on the network: a link instead
        remote(image, where)
        return
    candidates = image.get("candidates", {})
    chosen = next((candidates[t] for t in builder.supported_image_types if t in candidates),
                  candidates.get("*", uri))
    path = Path(builder.srcdir, chosen)
    if not place(image, path, where):
        return
    image["uri"] = path.as_uri()
    images[path.as_uri()] = docname
