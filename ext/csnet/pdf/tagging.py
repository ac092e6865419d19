"""The HTML given to WeasyPrint shaped so its tagged PDF passes an independent PDF/UA check.

``page-validation`` (PyPI; it passes the veraPDF corpus, reference/developer.md#trap-pdf-ua) fails
two
things WeasyPrint 70 writes (Kozea/WeasyPrint#2482):

- a list item holding paragraphs (a loose Markdown list: ``<li><p>``) is tagged ``LI > P``,
  where PDF/UA allows only ``Lbl`` and ``LBody`` (``LI-KIDS-001``); its words in the item
  itself are tagged ``LBody``. So each such paragraph gives its words to the item, a line
  break between two paragraphs;
- a link whose words hold inline markup (``<a><span>``, Sphinx's internal references,
  ``[**bold**](...)``) gets its annotation tagged inside a ``Span`` rather than the
  ``Link`` (``LINK-LINK-TAG-001``). So a link's words are printed as plain words.

Both change only the PDF, and only how the words are marked up: every word stays.
"""

from __future__ import annotations

from docutils import nodes


def shape_for_tags(doctree: nodes.document) -> None:
    for item in list(doctree.findall(nodes.list_item)):
        paragraphs = [child for child in item.children if isinstance(child, nodes.paragraph)]
        for index, paragraph in enumerate(paragraphs):
            words = [nodes.raw("", "<br>", format="html")] if index else []
            item.replace(paragraph, nodes.inline("", "", *words, *paragraph.children,
                                                 classes=paragraph["classes"]))
    for reference in list(doctree.findall(nodes.reference)):
        if any(isinstance(child, nodes.Element) for child in reference.children) and not any(
                isinstance(node, nodes.image) for node in reference.findall(nodes.image)):
            reference[:] = [nodes.Text(reference.astext())]
