"""Typed warnings: every warning this project emits is ``csnet.<subtype>``.

Users silence one kind with ``suppress_warnings = ["csnet.date"]``; tests assert on the type.
"""

from __future__ import annotations

from enum import StrEnum

from sphinx.util import logging

WARNING_TYPE = "csnet"
logger = logging.getLogger("csnet")


class Warn(StrEnum):
    """The subtypes, one per kind of problem an editor can fix. Each carries what it means
    and what fixes it, for the maintainers' reference (``nox -s reference``)."""

    meaning: str
    fix: str

    def __new__(cls, value: str, meaning: str, fix: str) -> Warn:
        member = str.__new__(cls, value)
        member._value_ = value
        member.meaning, member.fix = meaning, fix
        return member

    YAML = ("yaml", "front matter that YAML cannot read",
            "correct the line the warning names (often a missing space after ':' or an "
            "unclosed quote); what could be read is still used")
    DATE = ("date", "a date that is not a real calendar date",
            "write the date as YYYY-MM-DD, for example 2022-03-01")
    MISSING_KEY = ("missing_key", "a key the plan needs is absent",
                   "add the key the warning names to the plan's front matter")
    WRONG_TYPE = ("wrong_type", "a plan value of the wrong kind (a list where text belongs)",
                  "write the value the way the warning shows")
    UNKNOWN_KEY = ("unknown_key", "a plan key we do not know, often a typo",
                   "correct the spelling the warning suggests, or remove the key")
    DUPLICATE = ("duplicate", "an exact duplicate milestone", "remove one of the two copies")
    REFERENCE = ("reference", "a directive names a plan or objective that does not exist",
                 "give the directive a page that holds a plan, or an objective's exact name")
    LINK = ("link", "a site-relative link (/x/) that matches no page",
            "correct the address, or add the old address to a page's redirect_from")
    URL = ("url", "an unsafe or clashing permalink or redirect",
           "give each page its own permalink, inside the site, with no '..'")
    IMAGE = ("image", "a news or profile picture problem, or a picture without a description",
             "add 'image-alt:' (or alt text) describing the picture; check the file exists")
    PATH = ("path", "a file named by a page is outside docs/, or a javascript: address",
            "keep files inside docs/ and use web addresses that start with https://")
    HTML = ("html", "raw HTML or a page setting that could run code in a reader's browser or "
            "while building (a script, an event handler, a page switching on MyST options)",
            "remove what the warning names; tables, details, forms and videos of known hosts "
            "are kept")
    PDF = ("pdf", "a problem while making a PDF, or a wrong pdf_documents entry",
           "correct the entry in pdf_documents, or the page the warning names")
    STALE_PLAN = ("stale_plan", "a plan last updated more than six months before the build",
                  "update the plan's statuses and its last_modified_at date")
    OPTION = ("option", "a directive option whose value cannot be used",
              "give the option a value the warning lists; the directive is shown without it")
    CONFIG = ("config", "a setting in conf.py that cannot be used",
              "correct the setting at the line the warning names; its default is used meanwhile")
    EVENT = ("event", "event data (times, registration) that cannot be read",
             "write times as HH:MM and dates as YYYY-MM-DD; give registration a web address")
    PUBLISHED = ("published", "a 'published' value that is neither yes nor no",
                 "write published: true or published: false")
    CMS = ("cms", "the content manager (/admin/) cannot be written as configured",
           "move the page that takes /admin/, or set cms_enabled = False")


def warn(subtype: Warn, message: str, location=None) -> None:
    """Log a typed warning at ``location`` (``(docname, line)`` or a path string)."""
    logger.warning(message, type=WARNING_TYPE, subtype=str(subtype), location=location)
