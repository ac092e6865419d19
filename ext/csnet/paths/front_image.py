"""A page's front-matter ``image``, checked once when the page is read: every list, share
card and feed asks :func:`page_image` for the checked value."""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

from ..addresses import is_web_address
from ..logs import Warn, warn
from .checks import file_problem


def front_image(app: Sphinx, info) -> None:
    """``csnet-page-read``: a front-matter ``image`` is a web address, a path on the live
    site (``/images/x.png``) or a file inside ``docs/``; anything else is dropped here,
    so no page, list, share card or feed uses it."""
    value = info.get("image")
    if value in (None, ""):
        return
    uri = str(value).strip()
    problem = None
    if is_web_address(uri):
        if not re.match(r"^(https?:)?//", uri, re.I):
            problem = "must be a web address starting with https:// or a path to a picture"
    elif uri.startswith("/"):
        if any(part == ".." for part in uri.split("/")):
            problem = "must not contain '..': it would point outside the website"
        else:  # a picture in docs/ at that path (the importer copies them): this site's own
            info.image_local = Path(app.env.relfn2path(uri)[1]).is_file()
    else:
        problem = file_problem(app.env, uri, info.docname)
        # a post shows its picture (and prints it in the news PDF): the file must be there;
        # other pages only name it in their share card, as an address beside the page
        if not problem and info.layout == "news" and not Path(
                app.env.relfn2path(uri, info.docname)[1]).is_file():
            problem = ("is not a file in docs/; give the path of the picture from this page's "
                       "folder, or a web address starting with https://")
    if problem:
        warn(Warn.PATH, f"image {uri!r} {problem}; it is left out",
             (info.docname, info.front.line("image")))
        info.image = ""
    else:
        info.image = uri


def page_image(info) -> str:
    """The page's checked front-matter ``image`` (``""`` when it has none or was refused)."""
    return info.image if info is not None else ""
