"""What the extensions ship besides code: their static files, and the MyST syntax they need.

A leaf module, so the sub-extensions need not import the package (``csnet/__init__.py``, which
loads them all) for it.
"""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).parent / "static"
#: MyST syntax the old site's content needs: kramdown ``{:.class}`` lines become ``{.class}``
MYST_EXTENSIONS = ("attrs_block", "attrs_inline", "colon_fence")
