"""The network's real site as members will see it: the old Jekyll site (``--oldsite``,
``../shared/oldsite`` by default) imported into a copy of ``docs/`` and built clean by us, by
plain Sphinx + MyST on the same pages (:func:`bench.sitegen.make_plain`) and, where Debian's
``jekyll`` and the old site's plugins are installed, by Jekyll with the old theme
(``--oldtheme``), as the site was built before. Then the PDFs of the imported site, from the
HTML build's doctrees, as ``nox -s html pdf`` makes them (issue 23: the real site's PDFs in
<= 50 % of the time and <= 500 MiB they took before it).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from csnet.importer import import_site

from . import jekyll, sitegen
from .builds import ENV, build, clean_builds, fresh, median_run
from .measure import Run, measure
from .report import Report

#: the PDF build of the imported real site before issue 23 (3 PDFs, the news digest one of
#: 652 pages): seconds and peak MiB, as the issue measured them
PDF_BEFORE = (41.9, 870.0)
PDF_LIMITS = (0.5 * PDF_BEFORE[0], 500.0)
#: the old site's Jekyll plugins (its remote theme is given as local files instead)
PLUGINS = ("jekyll-sitemap", "jekyll-feed", "jekyll-redirect-from")
JEKYLL_CONFIG = f"remote_theme: null\nplugins: [{', '.join(PLUGINS)}]\n"
#: every publication of the imported site, in one child process printing on every core
#: (as ``nox -s pdf``, ``-j auto``)
PDF_RUN = """
import os, sys
from csnet.pdf import build_publications
src, out, doctrees = sys.argv[1:]
build_publications(src, out, doctreedir=doctrees, parallel=os.cpu_count() or 1)
"""


def run(args, report: Report) -> None:
    """Import, build both flavours clean at each ``-j``, Jekyll, then the PDFs."""
    if not args.oldsite.is_dir():
        report.note(f"The real site: not measured, no old site at {args.oldsite} "
                    "(`--oldsite PATH`).")
        return
    ours = imported(args.oldsite, args.work / "site-ours-oldsite")
    plain = args.work / "site-plain-oldsite"
    shutil.rmtree(plain, ignore_errors=True)
    shutil.copytree(ours.root, plain)
    sitegen.make_plain(plain)
    sites = {"plain": sitegen.Site(plain, True), "ours": ours}
    pages = sum(1 for _ in ours.root.rglob("*.md"))
    label = f"real site, {pages:,} pages"
    outs = {}
    for jobs in args.jobs:
        outs = clean_builds(args, report, label, sites, jobs)
    peer = jekyll_build(args, report)
    if peer is not None:
        versus_jekyll(report, label, peer)
    pdfs(args, report, ours, outs["ours"])


def versus_jekyll(report: Report, label: str, peer: Run) -> None:
    """Issue 23, beyond the anchor: our clean build of the real site (the fastest ``-j``) in
    no more than Jekyll's time with the old theme, on the same machine."""
    ours = min((runs["ours"] for (site, _), runs in report.fulls.items()
                if site == label and "ours" in runs), key=lambda run: run.seconds)
    plain = min((runs["plain"] for (site, _), runs in report.fulls.items()
                 if site == label and "plain" in runs), key=lambda run: run.seconds)
    report.note(f"{jekyll.version().capitalize()} with the old theme, the old site's every "
                f"document, clean: {peer.seconds:.1f} s wall, {peer.cpu_seconds:.1f} s CPU, "
                f"{peer.peak_mb:.0f} MB; ours {ours.seconds:.1f} s, plain Sphinx + MyST on "
                f"the same pages {plain.seconds:.1f} s (Sphinx's floor: "
                f"{plain.seconds / peer.seconds:.1f} x Jekyll).")
    report.target("clean build of the real site in no more than Jekyll's time (old theme)",
                  f"{ours.seconds:.1f} s against {peer.seconds:.1f} s "
                  f"({ours.seconds / peer.seconds:.2f} x)",
                  "holds" if ours.seconds <= peer.seconds
                  else f"**misses by** {ours.seconds - peer.seconds:.1f} s")


def imported(oldsite: Path, dest: Path) -> sitegen.Site:
    """A copy of ``docs/`` with the old site imported into it, as on switch-over day."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(sitegen.DOCS, dest, ignore=shutil.ignore_patterns(
        "_build", "__pycache__", ".import-manifest.json"))
    import_site(oldsite, dest)
    return sitegen.Site(dest, False)


def jekyll_build(args, report: Report) -> Run | None:
    """The old site built clean by Jekyll with the old theme's layouts, includes and styles
    (median of ``--full-repeats``); ``None`` (said in the report) where it cannot be."""
    missing = [] if jekyll.available() else ["jekyll"]
    missing += [plugin for plugin in PLUGINS if jekyll.available() and not has_gem(plugin)]
    if missing or not args.oldtheme.is_dir():
        why = ", ".join(missing) or f"no old theme at {args.oldtheme}"
        report.note(f"Jekyll on the real site: not measured ({why}; Debian: `apt-get install "
                    "jekyll ruby-jekyll-feed ruby-jekyll-sitemap ruby-jekyll-redirect-from`).")
        return None
    source = args.work / "site-jekyll-oldsite"
    shutil.rmtree(source, ignore_errors=True)
    shutil.copytree(args.oldsite, source)
    for folder in ("_layouts", "_includes", "_sass", "assets"):
        if (args.oldtheme / folder).is_dir():
            shutil.copytree(args.oldtheme / folder, source / folder, dirs_exist_ok=True)
    for name in ("Gemfile", "Gemfile.lock"):  # Debian's gems, not bundler's
        (source / name).unlink(missing_ok=True)
    (source / "_config.bench.yml").write_text(JEKYLL_CONFIG, encoding="utf-8")
    out = args.work / "out-jekyll-oldsite"
    runs = []
    for _ in range(args.full_repeats):
        fresh(out)
        shutil.rmtree(source / ".jekyll-cache", ignore_errors=True)
        runs.append(measure([jekyll.available(), "build", "--quiet", "--config",
                             "_config.yml,_config.bench.yml", "-d", str(out)], cwd=source))
        if not runs[-1].ok:
            report.note(f"Jekyll on the real site failed:\n\n```\n{runs[-1].log[-1500:]}\n```")
            return None
    run = median_run(runs)
    print(f"full  real site, Jekyll {run.seconds:7.1f} s ({run.cpu_seconds:.1f} s CPU) "
          f"{run.peak_mb:6.0f} MB", file=sys.stderr)
    return run


def has_gem(name: str) -> bool:
    """Whether Ruby can load the Jekyll plugin ``name`` (a Debian ``ruby-*`` package)."""
    return subprocess.run(["ruby", "-e", f"require 'jekyll'; require '{name}'"],
                          capture_output=True).returncode == 0


def pdfs(args, report: Report, site: sitegen.Site, html: Path) -> None:
    """Every publication of the imported site, clean, from the HTML build's doctrees."""
    if not html.is_dir():
        build(site, fresh(html), "auto")
    out = args.work / "out-oldsite-pdf"
    shutil.rmtree(out, ignore_errors=True)
    run = measure([sys.executable, "-c", PDF_RUN, str(site.root), str(out),
                   str(html.with_name(html.name + ".doctrees"))], env=ENV)
    if not run.ok:
        report.note(f"PDFs of the real site failed:\n\n```\n{run.log[-2000:]}\n```")
        return
    files = sorted(out.rglob("*.pdf"))
    seconds_limit, memory_limit = PDF_LIMITS
    holds = run.seconds <= seconds_limit and run.peak_mb <= memory_limit
    report.target(
        f"the real site's PDFs <= 50 % of {PDF_BEFORE[0]} s and <= {memory_limit:.0f} MiB",
        f"{run.seconds:.1f} s ({100 * run.seconds / PDF_BEFORE[0]:.0f} %), "
        f"{run.peak_mb:.0f} MiB, {len(files)} PDFs",
        "holds" if holds else "**misses by** " + ", ".join(
            part for part in (
                f"{run.seconds - seconds_limit:.1f} s" if run.seconds > seconds_limit else "",
                f"{run.peak_mb - memory_limit:.0f} MiB" if run.peak_mb > memory_limit else "")
            if part))
    print(f"pdf   real site, {len(files)} PDFs {run.seconds:6.1f} s {run.peak_mb:6.0f} MB",
          file=sys.stderr)
