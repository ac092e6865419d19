"""WeasyPrint, in-process: fonts, print CSS, the logger trap and the missing-Pango message.

WeasyPrint logs a missing ``alt``, an unreadable image or a broken internal link as ERROR but
still writes the PDF (reference/developer.md#trap-weasyprint); :func:`render` collects those
records so the builder can
fail the build with the page named. WeasyPrint needs Pango, a system library: without it the
import fails with a cryptic ``OSError``, which :func:`weasyprint` turns into the install command.
"""

from __future__ import annotations

import logging
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from sphinx.errors import SphinxError

HERE = Path(str(resources.files(__package__)))
FONTS = HERE / "fonts"
FAMILY = "Atkinson Hyperlegible"
# unicode-range of each subset, from the font package's unicode.json (@fontsource 5.3.0)
SUBSETS = {
    "latin": "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,"
             "U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD",
    "latin-ext": "U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,"
                 "U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,"
                 "U+2113,U+2C60-2C7F,U+A720-A7FF",
}
PANGO_HELP = (
    "WeasyPrint, which makes the PDFs, needs the Pango text library, and it could not be "
    "loaded ({error}). Install it with:\n"
    "  sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0\n"
    "(Fedora: sudo dnf install pango; macOS: brew install pango), or run .ci/run, which "
    "installs everything the project needs."
)


class PDFError(SphinxError):
    category = "PDF error"


def weasyprint():
    """The ``weasyprint`` module, or a :class:`PDFError` saying how to install Pango."""
    try:
        import weasyprint as module
    except OSError as error:  # cffi could not dlopen a system library
        raise PDFError(PANGO_HELP.format(error=error)) from error
    return module


def font_css(url=Path.as_uri, display: str = "") -> str:
    """``@font-face`` rules for the bundled font, so every machine prints the same letters;
    ``url(path)`` gives each file's address (the website's stylesheet serves them too)."""
    rules = []
    extra = f"font-display: {display}; " if display else ""
    for subset, unicode_range in SUBSETS.items():
        for weight in (400, 700):
            for style in ("normal", "italic"):
                path = FONTS / f"atkinson-hyperlegible-{subset}-{weight}-{style}.woff2"
                rules.append(
                    f"@font-face {{ font-family: '{FAMILY}'; font-style: {style}; "
                    f"font-weight: {weight}; {extra}src: url('{url(path)}') format('woff2'); "
                    f"unicode-range: {unicode_range}; }}"
                )
    return "\n".join(rules)


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    errors: list[str]  # WeasyPrint's ERROR records: the PDF must not be published
    warnings: list[str]
    anchor_pages: dict[str, int]  # anchor -> the page (from 0) it is on
    refused: dict[str, str] = field(default_factory=dict)  # address -> why it was not read


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@cache
def _stylesheets(extra: tuple[Path, ...]):
    """Fonts and print CSS, parsed once per process (they are the same for every PDF)."""
    wp = weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    sheets = [wp.CSS(string=font_css(), font_config=fonts)]
    sheets += [wp.CSS(filename=str(path), font_config=fonts) for path in extra]
    return fonts, sheets


def guarded_fetcher(roots: tuple[Path, ...]):
    """A WeasyPrint URL fetcher that reads only files inside ``roots`` (the build's own
    files: ``docs/``, the output folder, our fonts and stylesheets) and pictures written
    into the page (``data:``). WeasyPrint's own opens any ``file:`` address, so
    ``<a rel="attachment" href="file:///proc/self/environ">`` put the build's environment
    (in CI, the deploy token) into the PDF (reference/developer.md#trap-weasyprint). Everything
    else, the network
    included (the PDFs are made offline and reproducibly), is refused and recorded in
    ``refused``; WeasyPrint then leaves the resource out and the builder warns."""
    wp = weasyprint()
    allowed = tuple(root.resolve() for root in roots)

    class Fetcher(wp.URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"})
            self.refused: dict[str, str] = {}

        def fetch(self, url, headers=None):
            problem = self.problem(url)
            if problem:
                self.refused.setdefault(url, problem)
                raise ValueError(f"{url} refused: {problem}")
            return super().fetch(url, headers)

        def problem(self, url: str) -> str | None:
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                return None
            if scheme != "file":
                return "it is on another website, and the PDF is made without the network"
            parsed = urllib.parse.urlsplit(url)
            if parsed.netloc not in ("", "localhost"):
                return "it is on another computer"
            try:  # '%00' decodes to a NUL byte, which no file name holds
                path = Path(urllib.request.url2pathname(parsed.path)).resolve()
            except (ValueError, OSError):
                return "its address is not a file's name"
            if not any(path.is_relative_to(root) for root in allowed):
                return "it is outside the site's folder (docs/)"
            return None

    return Fetcher()


def refusal_of(message: str, refused: dict[str, str]) -> str | None:
    """The address a WeasyPrint complaint is about, when our fetcher refused it."""
    return next((url for url in refused if url in message), None)


def render(html: str, base_url: str, stylesheets: tuple[Path, ...],
           roots: tuple[Path, ...] = ()) -> Rendered:
    """Lay out ``html`` as a tagged PDF/UA-1 document, capturing WeasyPrint's complaints.

    Only files inside ``roots`` and the stylesheets' folders are read; what was refused is
    in :attr:`Rendered.refused` (and not among the errors: the PDF is written without it).
    """
    wp = weasyprint()
    fonts, sheets = _stylesheets(stylesheets)
    fetcher = guarded_fetcher((*roots, HERE, *{path.parent for path in stylesheets}))
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        document = wp.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=sheets, font_config=fonts, pdf_variant="pdf/ua-1")
        pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=True)
    finally:
        logger.removeHandler(handler)
    messages = [(r.levelno, r.getMessage()) for r in handler.records]
    errors = [m for level, m in messages if level >= logging.ERROR
              and not refusal_of(m, fetcher.refused)]
    warnings = [m for level, m in messages if level < logging.ERROR]
    anchor_pages = {name: number for number, page in enumerate(document.pages)
                    for name in page.anchors}
    return Rendered(pdf, len(document.pages), errors, warnings, anchor_pages,
                    dict(fetcher.refused))
