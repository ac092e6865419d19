"""Import the network's old Jekyll site into ``docs/`` as MyST pages at their old URLs.

Not a Sphinx extension: a command (``csnet-import``, ``nox -s import``) run once per import.
One module per concern: :mod:`.jekyll` reads the site and computes URLs, :mod:`.front` keeps the
front matter, :mod:`.text`, :mod:`.liquid` (with :mod:`.liquid_context` and
:mod:`.liquid_dates`), :mod:`.html`, :mod:`.kramdown` and :mod:`.headings` convert bodies (in
the order :mod:`.convert` gives), :mod:`.run` runs the steps, :mod:`.copies` settles pages the
old site had twice, :mod:`.sections` and :mod:`.menus` make contents lists and menus,
:mod:`.manifest` writes safely and :mod:`.report` says what happened.
"""

from .run import import_site

__all__ = ["import_site"]
