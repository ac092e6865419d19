"""``python -m csnet.preview [SOURCE] [--out DIR] [--port N] [-D name=value]``."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from . import Previewer, serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m csnet.preview", description=__doc__)
    parser.add_argument("source", nargs="?", type=Path, default=Path("docs"),
                        help="the source folder (default: docs)")
    parser.add_argument("--out", type=Path, default=Path("build/preview"),
                        help="where the preview writes (default: build/preview, its own "
                             "folder, so it never shares build/doctrees with nox -s html/pdf)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("-j", "--jobs", type=int, default=1,
                        help="processes for the first build (default 1)")
    parser.add_argument("-D", dest="define", action="append", default=[], metavar="NAME=VALUE",
                        help="override a conf.py setting, as sphinx-build -D does")
    parser.add_argument("--no-drafts", action="store_true",
                        help="leave drafts out, as published builds do (default: show them, "
                             "marked as drafts)")
    args = parser.parse_args(argv)
    if not (args.source / "conf.py").is_file():
        parser.error(f"{args.source} has no conf.py: give the source folder, e.g. docs")
    overrides: dict = {"news_drafts": not args.no_drafts}
    for item in args.define:
        name, sep, value = item.partition("=")
        if not sep:
            parser.error(f"-D {item}: write it as NAME=VALUE")
        overrides[name] = value
    out = args.out.resolve()
    previewer = Previewer(args.source.resolve(), out / "html", out / "doctrees",
                          overrides=overrides, jobs=args.jobs)
    # stopped by a process manager (SIGTERM) as by Ctrl+C: the exit handlers run, so the
    # helper processes of a build (sphinx-sitemap's multiprocessing manager) stop with it
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        serve(previewer, args.host, args.port, ready=lambda text: print(text, flush=True))
    except OSError as error:
        print(f"The preview cannot listen on {args.host}:{args.port}: {error.strerror}. Is "
              "another preview running? Stop it, or pass --port 8001.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
