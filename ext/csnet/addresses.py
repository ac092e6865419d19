"""Addresses between pages, as the builder being run lays them out, and on the live site.

A leaf module (it imports nothing of ours): :mod:`csnet.site` links pages with it, and
:mod:`csnet.urls` builds the site's table of addresses on it.
"""

from __future__ import annotations

import re

from sphinx.config import Config
from sphinx.util.osutil import relative_uri

#: ``https:``, ``mailto:``, ``javascript:``: a scheme, as browsers read one
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def is_web_address(uri: str) -> bool:
    """``https://...``, ``//host/...`` or another scheme: not a file or page of ours."""
    return uri.startswith("//") or SCHEME.match(uri) is not None


def relative_link(builder, fromdoc: str, pagename: str) -> str:
    """The link from a page to a document, a generated page, or a file such as feed.xml."""
    if "." in pagename.rpartition("/")[2]:
        return relative_uri(builder.get_target_uri(fromdoc), pagename)
    return builder.get_relative_uri(fromdoc, pagename)


def live_url(config: Config, path: str) -> str:
    """The same path on the live site, so a link we cannot resolve still goes somewhere."""
    base = config.html_baseurl or ""
    return base.rstrip("/") + "/" + path.lstrip("/") if base else path
