"""Words for readers in the site's ``language``: the ``csnet`` message catalog.

British English is the source (the msgids); ``<lang>/LC_MESSAGES/csnet.po`` beside this file
translates it (Welsh: ``cy``) and is compiled to the ``.mo`` Sphinx loads, as Sphinx ships its
own. The theme's template words are in the same folder's ``sphinx.po``, the catalog Jinja's
``_()`` reads (:mod:`csnet.theme`). ``nox -s messages`` extracts and compiles both.

Warnings, the preview and the content manager's forms stay English: they are for editors.
Dates follow the same language (:func:`date_locale`, used by :mod:`csnet.dates`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from sphinx import locale as sphinx_locale
from sphinx.application import Sphinx

CATALOG = "csnet"
LOCALE_DIR = Path(__file__).parent
#: British English unless ``language`` names another: "en" alone reads "15 November 2021"
DEFAULT_LOCALE = "en_GB"

_ = sphinx_locale.get_translation(CATALOG)
_language = DEFAULT_LOCALE


def N_(message: str) -> str:  # noqa: N802 - gettext's name for a marker
    """Mark ``message`` for the catalog where it is defined; ``_()`` translates it where it
    is shown (a module-level ``_()`` would fix the language of the first build)."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """``singular`` or ``plural`` (or Welsh's other forms) for ``count``, translated."""
    return sphinx_locale.get_translator(CATALOG).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` translated as meant in ``context`` (one English word, two Welsh ones)."""
    return sphinx_locale.get_translator(CATALOG).pgettext(context, message)


#: the nouns pages count, each with its singular and plural msgids
_COUNTED = {
    "event": lambda n: ngettext("{count} event", "{count} events", n),
    "milestone": lambda n: ngettext("{count} milestone", "{count} milestones", n),
    "objective": lambda n: ngettext("{count} objective", "{count} objectives", n),
    "page": lambda n: ngettext("{count} page", "{count} pages", n),
    "post": lambda n: ngettext("{count} post", "{count} posts", n),
}


def plural(count: int, word: str) -> str:
    """'1 milestone', '3 pages' ('3 carreg filltir', '3 tudalen'): ``word`` is one of
    event, milestone, objective, page or post."""
    return _COUNTED[word](count).format(count=count)


@cache
def _babel_locale(language: str) -> Locale:
    if language.lower() in ("", "en"):
        return Locale.parse(DEFAULT_LOCALE)
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LOCALE)


def date_locale() -> Locale:
    """The language dates are written in: this build's, like every ``_()`` word."""
    return _babel_locale(_language)


def use_language(app: Sphinx) -> None:
    """This build's words and dates in ``language``.

    Sphinx's translators are per process; a translator left by an earlier application (the
    preview restarts one, tests build several) would keep its language, so ours is made anew.
    """
    global _language
    _language = app.config.language or "en"
    sphinx_locale.translators.pop(("general", CATALOG), None)
    # a project's own locale_dirs first: its csnet.mo corrects ours or adds a language
    for directory in app.config.locale_dirs:
        app.add_message_catalog(CATALOG, str(Path(app.srcdir, directory)))
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))


def setup(app: Sphinx) -> dict:
    use_language(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
