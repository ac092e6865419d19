"""Typed warnings: every warning this project emits is ``csnet.<subtype>``.

Users silence one kind with ``suppress_warnings = ["csnet.date"]``; tests assert on the type.
"""

from __future__ import annotations

from enum import StrEnum

from sphinx.util import logging

WARNING_TYPE = "csnet"
logger = logging.getLogger("csnet")


class Warn(StrEnum):
    """The subtypes, one per kind of problem an editor can fix."""

    YAML = "yaml"  # front matter that YAML cannot read
    DATE = "date"  # a date that is not a real calendar date
    MISSING_KEY = "missing_key"  # a required plan key is absent
    WRONG_TYPE = "wrong_type"  # a plan value of the wrong kind
    UNKNOWN_KEY = "unknown_key"  # a plan key we do not know (often a typo)
    DUPLICATE = "duplicate"  # an exact duplicate milestone
    REFERENCE = "reference"  # a directive names a plan or objective that does not exist
    LINK = "link"  # a site-relative link that matches no page
    URL = "url"  # an unsafe or clashing permalink / redirect
    IMAGE = "image"  # a news image problem
    PATH = "path"  # a file named by a page is outside docs/, or a javascript: address
    PDF = "pdf"  # a problem while making a PDF
    PUBLISHED = "published"  # a 'published' value that is neither yes nor no


def warn(subtype: Warn, message: str, location=None) -> None:
    """Log a typed warning at ``location`` (``(docname, line)`` or a path string)."""
    logger.warning(message, type=WARNING_TYPE, subtype=str(subtype), location=location)
