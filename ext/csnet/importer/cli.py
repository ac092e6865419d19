"""``csnet-import SITE``: import an old Jekyll site into ``docs/`` and print the report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .run import import_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="csnet-import",
        description="Import every collection of a Jekyll site (_news, _posts, _events, _team "
        "and the rest; unknown ones as plain pages), the files under assets/ its pages use, and "
        "its menus into docs/ as MyST pages, at their old URLs.",
    )
    parser.add_argument("site", type=Path, help="the Jekyll site's folder")
    parser.add_argument("--docs", type=Path, default=Path("docs"),
                        help="the Sphinx source folder to write into (default: docs)")
    parser.add_argument("--force", action="store_true",
                        help="overwrite pages edited in docs/ since the last import")
    parser.add_argument("--report", type=Path, help="also write the report as JSON here")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        parser.error(f"{args.site} is not a folder")
    report = import_site(args.site, args.docs, force=args.force)
    sys.stdout.write(report.text())
    if args.report:
        args.report.write_text(report.to_json(), encoding="utf-8")
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())
