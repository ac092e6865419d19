"""Wrap the space before an inline element with it, so WeasyPrint can break the line there.

WeasyPrint 70 cannot break a line at a space that ends a text run just before an inline
element (``us: <strong>we're``): when that space is where the line should end, it falls back
to the paragraph's first break opportunity, leaving the first word alone on a line ("With /
an ambitious plan ..."; WeasyPrint issues #2016, #325). A space at the start of an inline
element breaks normally; a plain ``<span>`` around the space and the element
(``us:<span> <strong>we're</strong></span>``) gives one without moving the space into a
link's underline or a code's shaded box, and prints the same.
"""

from __future__ import annotations

from docutils import nodes


def wrap_spaces_before_inlines(doctree: nodes.document) -> None:
    """Put each inline element that follows a space in a plain inline with that space."""
    for element in list(doctree.findall(nodes.Inline)):
        if not isinstance(element, nodes.Element):
            continue
        before = element.previous_sibling()
        if not isinstance(before, nodes.Text):
            continue
        kept = before.rstrip()
        if kept == before:
            continue
        parent = element.parent
        if kept:
            parent.replace(before, nodes.Text(kept))
        else:  # only a space between two inline elements
            parent.remove(before)
        parent.replace(element, nodes.inline("", before[len(kept):], element))
