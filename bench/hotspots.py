"""``nox -s bench -- --profile POSTS``: cProfile one in-process ``-j 1`` build of a generated
site and list the hot spots, ours first."""

from __future__ import annotations

import cProfile
import os
import pstats
from pathlib import Path

from . import sitegen
from .builds import ENV, fresh

ROOT = sitegen.ROOT


def run(args) -> int:
    """cProfile one in-process ``-j 1`` build; print where the time goes, ours first."""
    from sphinx.cmd.build import build_main

    site = sitegen.generate(args.work / f"site-ours-{args.profile}", args.profile)
    out = fresh(args.work / f"out-profile-{args.profile}")
    os.environ.update(ENV)
    profiler = cProfile.Profile()
    profiler.runcall(build_main, ["-b", "dirhtml", "-q", "-d", str(out) + ".doctrees",
                                  str(site.root), str(out)])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    dump = args.out.with_name(f"profile-{args.profile}.pstats")
    profiler.dump_stats(dump)
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    ours = {key: value for key, value in stats.stats.items() if "/csnet/" in key[0]}
    own = sum(value[2] for value in ours.values())
    print(f"total {total:.1f} s; time spent in ext/csnet's own lines: {own:.2f} s "
          f"({100 * own / total:.1f} %); stats in {dump}\n")
    print("ext/csnet functions by cumulative time (includes what they call):")
    for (file, line, name), value in sorted(ours.items(), key=lambda kv: -kv[1][3])[:25]:
        print(f"  {value[3]:7.2f} s cum {value[2]:6.2f} s own {value[1]:7d} calls  "
              f"{Path(file).relative_to(ROOT / 'ext')}:{line} {name}")
    print("\nwhole build, top 25 by cumulative time:")
    stats.sort_stats("cumulative").print_stats(25)
    return 0
