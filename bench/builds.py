"""The clean builds every scenario makes: on the benchmark's day, both flavours in turn,
medians kept."""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import sys
from pathlib import Path

from . import sitegen
from .measure import Run
from .measure import sphinx as sphinx_build
from .report import Report

#: builds see the same "today", so the same posts are published in every run
ENV = {"SOURCE_DATE_EPOCH": str(int(dt.datetime.combine(
    sitegen.AS_OF, dt.time(), tzinfo=dt.UTC).timestamp()))}


def build(site: sitegen.Site, out: Path, jobs: str) -> Run:
    run = sphinx_build("dirhtml", site.root, out, jobs=jobs, env=ENV)
    if not run.ok:
        raise SystemExit(run.log)
    return run


def fresh(out: Path) -> Path:
    for path in (out, out.with_name(out.name + ".doctrees")):
        shutil.rmtree(path, ignore_errors=True)
    return out


def median_run(runs: list[Run]) -> Run:
    """The median of each figure over the repeats (wall, CPU and memory separately)."""
    return Run(statistics.median(r.seconds for r in runs),
               statistics.median(r.cpu_seconds for r in runs),
               statistics.median(r.peak_mb for r in runs), runs[-1].warnings, runs[-1].log)


def clean_builds(args, report: Report, label, sites: dict, jobs: str) -> dict[str, Path]:
    """Clean builds of both flavours, plain and ours in turn for each repeat (so a busy
    spell on the shared machine hits both alike), medians kept; returns the outputs."""
    runs: dict[str, list[Run]] = {flavour: [] for flavour in sites}
    outs = {}
    for _ in range(args.full_repeats):
        for flavour, site in sites.items():
            outs[flavour] = fresh(args.work / f"out-{flavour}-{site.root.name}-j{jobs}")
            runs[flavour].append(build(site, outs[flavour], jobs))
    for flavour, flavour_runs in runs.items():
        run = median_run(flavour_runs)
        report.full(label, jobs, flavour, run)
        print(f"full  {label!s:>11} -j {jobs:<4} {flavour:<5} {run.seconds:7.1f} s "
              f"({run.cpu_seconds:.1f} s CPU) {run.peak_mb:6.0f} MB {run.warnings} warnings",
              file=sys.stderr)
    return outs
