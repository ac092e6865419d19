"""``python -m bench`` (``nox -s bench``): this project's build against plain Sphinx + MyST.

Every figure comes from one run on one machine: full builds at each size and ``-j``, edits
and rebuilds, a large plan, the PDFs, and ``nox -s html`` over bare ``sphinx-build``. The
report prints as Markdown tables and is written to ``bench/results/latest.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import runpy
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import sphinx

from . import deploy, history, hotspots, jekyll, oldsite, preview, sitegen
from .builds import ENV, build, clean_builds, fresh, median_run
from .measure import doctrees, measure, pages, rewritten
from .measure import sphinx as sphinx_build
from .report import Report

ROOT = sitegen.ROOT
def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    report = Report(machine())
    if args.profile:
        return hotspots.run(args)
    if args.deploy:
        report.deploy(deploy.run(args.work, ENV), deploy.NOT_HERE)
        return finish(args, report)
    if args.oldsite_only:
        oldsite.run(args, report)
        return finish(args, report)
    # the bundled site, then each of --preview-sizes
    report.preview(preview.run(args.work, args.preview_sizes, max(args.repeats, 5),
                               {**os.environ, **ENV}, real_shape=args.real_shape))
    if args.preview_only:
        return finish(args, report)
    if args.real_shape:
        real_shape_scenario(args, report)
    oldsite.run(args, report)
    for size in args.sizes:
        full_and_incremental(args, report, size)
    if args.events:
        events_scenario(args, report)
    jekyll_scenario(args, report)
    plan_scenario(args, report)
    pdf_scenario(args, report)
    if args.nox:
        nox_overhead(args, report)
    else:
        report.note("`nox -s html` overhead: not measured (run through `nox -s bench`, or "
                    "pass `--nox PATH-TO-PYTHON-WITH-NOX`).")
    return finish(args, report)


def finish(args, report: Report) -> int:
    text = report.markdown(args)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"written to {args.out}", file=sys.stderr)
    return 0


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="nox -s bench --", description=__doc__)
    parser.add_argument("--sizes", default=None,
                        help="numbers of synthetic posts, e.g. 100,1000,3000 (default; "
                             "100,1000 with --quick)")
    parser.add_argument("--jobs", default=None,
                        help="sphinx-build -j values, e.g. 1,auto (default; auto with --quick)")
    parser.add_argument("--history-commits", type=int, default=500,
                        help="commits of the plan file whose history is read (default 500)")
    parser.add_argument("--quick", action="store_true",
                        help="a couple of minutes: fewer sizes and -j values, one repeat, a "
                             "smaller digest")
    parser.add_argument("--repeats", type=int, default=None,
                        help="rebuilds per incremental figure, the median is kept "
                             "(default 3; 1 with --quick)")
    parser.add_argument("--full-repeats", type=int, default=None,
                        help="clean builds per flavour, size and -j, plain and ours in turn, "
                             "the median is kept (default 2; 1 with --quick)")
    parser.add_argument("--plan", default="100x30", help="objectives x milestones of the large "
                        "plan scenario")
    parser.add_argument("--digest-posts", type=int, default=None,
                        help="posts in the news-digest PDF (default 175, about 300 pages; 30 "
                             "with --quick)")
    parser.add_argument("--nox", default=None,
                        help="a Python that has nox, to time `nox -s html` (set by the session)")
    parser.add_argument("--profile", type=int, default=None, metavar="POSTS",
                        help="instead of the benchmark: cProfile one -j 1 build of our site "
                             "with POSTS posts and list the hot spots in ext/csnet")
    parser.add_argument("--preview-sizes", default="1000",
                        help="generated posts of the live-preview timing, besides the bundled "
                             "site (default 1000; '' for none)")
    parser.add_argument("--preview-only", action="store_true",
                        help="time only the live preview (a few minutes)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/csnet-bench"),
                        help="where the generated sites and builds go (default /tmp/csnet-bench)")
    parser.add_argument("--events", type=int, default=1000,
                        help="events in the events scenario (0: leave it out)")
    parser.add_argument("--deploy", action="store_true",
                        help="instead of the benchmark: time the publish workflow's build job, "
                             "step by step, after a one-post change (bench/deploy.py)")
    parser.add_argument("--no-real-shape", dest="real_shape", action="store_false",
                        help="leave out the clean builds of the real site's shape (about "
                             "1,800 pages: posts, events, team profiles)")
    parser.add_argument("--oldsite", type=Path, default=ROOT.parent / "shared" / "oldsite",
                        help="the old Jekyll site to import and build as the real site "
                             "(default ../shared/oldsite; skipped when absent)")
    parser.add_argument("--oldtheme", type=Path,
                        default=ROOT.parent / "shared" / "oldsite-theme",
                        help="the old theme's files, for Jekyll's build of the old site")
    parser.add_argument("--oldsite-only", action="store_true",
                        help="only the real site: import, clean builds, Jekyll, PDFs")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "latest.md")
    args = parser.parse_args(argv)
    args.sizes = [int(s) for s in (args.sizes or ("100,1000" if args.quick
                                                  else "100,1000,3000")).split(",")]
    args.jobs = (args.jobs or ("auto" if args.quick else "1,auto")).split(",")
    args.repeats = args.repeats or (1 if args.quick else 3)
    args.full_repeats = args.full_repeats or (1 if args.quick else 2)
    args.digest_posts = args.digest_posts or (30 if args.quick else 175)
    args.plan = tuple(int(n) for n in args.plan.lower().split("x"))
    args.preview_sizes = [int(s) for s in args.preview_sizes.split(",") if s.strip()]
    return args


def machine() -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit or "unknown",
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": f"{int(memory) / 1024 / 1024:.0f} GiB",
        "load": "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg()),
        "python": platform.python_version(),
        "sphinx": sphinx.__version__,
    }


def full_and_incremental(args, report: Report, size: int) -> None:
    """Full builds of both flavours at each ``-j``, then edits and rebuilds on each."""
    def generate() -> dict[str, sitegen.Site]:
        made = {flavour: sitegen.generate(args.work / f"site-{flavour}-{size}", size,
                                          plain=flavour == "plain")
                for flavour in ("plain", "ours")}
        # a page with a warning must not be re-read (reference/developer.md#trap-endless-rereads)
        for site in made.values():
            sitegen.add_missing_image(site)
        return made

    for jobs in args.jobs:
        sites = generate()  # each -j starts from the same sources
        outs = clean_builds(args, report, size, sites, jobs)
        incremental(args, report, size, jobs, sites, outs)


def incremental(args, report, size, jobs, sites, outs) -> None:
    """Each change, then a rebuild, ``--repeats`` times; plain and ours in turn."""
    edits = {"nothing changed": None, "edit one post": sitegen.edit_post,
             "tick one milestone": sitegen.tick_milestone}
    baseline: dict[str, set[str]] = {}
    for change, edit in edits.items():
        times = {flavour: [] for flavour in sites}
        seen: dict[str, tuple[set, set, set]] = {}
        for _ in range(args.repeats):
            for flavour, site in sites.items():
                out = outs[flavour]
                before, read_before = pages(out), doctrees(out)
                changed = edit(site) if edit else None
                run = build(site, out, jobs)
                times[flavour].append((run.seconds, run.cpu_seconds))
                if flavour not in seen:
                    reread = {name for name, mtime in doctrees(out).items()
                              if read_before.get(name) != mtime}
                    expected = ({_docname(site, changed)} if edit is sitegen.edit_post
                                else site.pages_showing_plan() if edit else set())
                    seen[flavour] = (rewritten(before, pages(out)), expected, reread)
        for flavour, (pages_rewritten, expected, reread) in seen.items():
            if edit is None:
                baseline[flavour] = pages_rewritten
            wall, cpu = (statistics.median(column)
                         for column in zip(*times[flavour], strict=True))
            report.incremental(size, jobs, flavour, change, (wall, cpu),
                               sorted(pages_rewritten - baseline[flavour] if edit
                                      else pages_rewritten), sorted(expected), sorted(reread))
            print(f"incr  {size:>5} posts -j {jobs:<4} {flavour:<5} {change:<20} "
                  f"{wall:6.2f} s ({cpu:.2f} s CPU), {len(pages_rewritten)} pages, "
                  f"{len(reread)} re-read", file=sys.stderr)


def _docname(site: sitegen.Site, path: Path) -> str:
    return path.relative_to(site.root).with_suffix("").as_posix()


def jekyll_scenario(args, report: Report) -> None:
    """The same generated posts as a minimal Jekyll site: clean, and after touching one."""
    if not jekyll.available():
        report.note("Jekyll peer: not measured, `jekyll` is not installed (Debian: "
                    "`apt-get install jekyll`).")
        return
    for size in args.sizes:
        site = sitegen.generate(args.work / f"site-jekyll-from-{size}", size)
        source, posts = jekyll.generate(args.work / f"site-jekyll-{size}", site)
        out = args.work / f"out-jekyll-{size}"
        clean = [jekyll.build(source, out, clean=True) for _ in range(args.full_repeats)]
        touched = []
        for _ in range(args.repeats):
            jekyll.touch_post(posts)
            touched.append(jekyll.build(source, out, clean=False))
        report.jekyll(size, median_run(clean), median_run(touched))
        print(f"jekyll {size:>5} posts {median_run(clean).seconds:6.2f} s clean, "
              f"{median_run(touched).seconds:5.2f} s after touching one post", file=sys.stderr)


def plan_scenario(args, report: Report) -> None:
    """A plan of K objectives x M milestones: full build, and ticking one milestone."""
    objectives, milestones = args.plan
    for flavour in ("plain", "ours"):
        site = sitegen.generate(args.work / f"site-{flavour}-plan", 10, plain=flavour == "plain",
                                objectives=objectives, milestones=milestones)
        out = fresh(args.work / f"out-{flavour}-plan")
        run = build(site, out, "1")
        plan_html = out / "publication" / "our-plan" / "index.html"
        before = pages(out)
        sitegen.tick_milestone(site)
        tick = build(site, out, "1")
        report.plan(flavour, objectives, milestones, run, tick,
                    plan_html.stat().st_size, sorted(rewritten(before, pages(out))))
        if flavour == "ours":
            report.chart(objectives, milestones, chart_seconds(site.root / sitegen.PLAN), run)
            cold, warm, count = history.seconds(site.root / sitegen.PLAN, args.history_commits)
            report.note(
                f"Plan history ({args.history_commits} commits, {count} revisions, "
                f"{objectives}x{milestones} plan): {cold:.2f} s cold (every blob read, "
                f"{100 * cold / run.seconds:.1f} % of this site's {run.seconds:.1f} s build), "
                f"{warm * 1000:.0f} ms from the cache ({100 * warm / run.seconds:.2f} %); "
                "target < 2 %.")
        print(f"plan  {objectives}x{milestones} {flavour:<5} {run.seconds:6.1f} s full, "
              f"{tick.seconds:5.2f} s tick", file=sys.stderr)


def chart_seconds(source: Path, repeats: int = 20) -> float:
    """The timeline chart's own cost: drawing it for the plan in ``source``, median of
    ``repeats`` (issue 12: it must not make the build noticeably slower)."""
    import datetime as dt
    import time

    from csnet.frontmatter import parse
    from csnet.plan.chart import timeline_svg
    from csnet.plan.reader import read_plan

    plan, _problems = read_plan(parse(source.read_text()), "publication/our-plan", "Our plan")
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        timeline_svg(plan, dt.date(2026, 1, 1), "bench-chart")
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def real_shape_scenario(args, report: Report) -> None:
    """Clean builds of a site of the real site's shape and size (sitegen.REAL_SHAPE), plain
    and ours, at each ``-j``: issue 23's anchor (ours <= 1.10 x plain, CPU and memory)."""
    sites = {flavour: sitegen.generate(args.work / f"site-{flavour}-real", plain=flavour ==
                                       "plain", **sitegen.REAL_SHAPE)
             for flavour in ("plain", "ours")}
    pages = sum(1 for _ in sites["ours"].root.rglob("*.md"))
    for jobs in args.jobs:
        clean_builds(args, report, f"real shape, {pages:,} pages", sites, jobs)


def events_scenario(args, report: Report) -> None:
    """A site of N events: clean builds at each ``-j`` (beside the post sizes in the
    targets), the rebuild after editing one event, and (ours) the next day's rebuild, when
    events pass and lists change without an edit."""
    label = f"{args.events} events"
    sites = {flavour: sitegen.generate(args.work / f"site-{flavour}-events", 0,
                                       plain=flavour == "plain", events=args.events)
             for flavour in ("plain", "ours")}
    for jobs in args.jobs:
        outs = clean_builds(args, report, label, sites, jobs)
    rows = {}
    for flavour, site in sites.items():
        out = outs[flavour]
        before = pages(out)
        sitegen.edit_event(site)
        edit = build(site, out, "1")
        rows[flavour] = [edit, len(rewritten(before, pages(out)))]
        if flavour == "ours":
            before = pages(out)
            tomorrow = {"SOURCE_DATE_EPOCH": str(int(ENV["SOURCE_DATE_EPOCH"]) + 86400)}
            run = sphinx_build("dirhtml", site.root, out, jobs="1", env=tomorrow)
            rows[flavour] += [run, len(rewritten(before, pages(out)))]
    plain, ours = rows["plain"], rows["ours"]
    report.note("\n".join([
        f"| {label}, rebuilds at `-j 1` | plain Sphinx + MyST | ours |", "| --- | ---: | ---: |",
        f"| after editing one event: time, pages rewritten | {plain[0].seconds:.2f} s, "
        f"{plain[1]} | {ours[0].seconds:.2f} s, {ours[1]} |",
        f"| the next day, nothing edited: time, pages rewritten | (not shown) | "
        f"{ours[2].seconds:.2f} s, {ours[3]} |"]))


#: one publication in a child process: ``csnet.pdf.build_publications``, then its seconds
PDF_RUN = """
import json, sys
from csnet.pdf import build_publications
src, out, doctrees, name = sys.argv[1:]
made = build_publications(src, out, names=[name], doctreedir=doctrees)
print(json.dumps({name: result.seconds for name, result in made.items()}))
"""


def pdf_scenario(args, report: Report) -> None:
    """Each publication of the real content, then the news digest of ``--digest-posts`` posts.

    As ``nox -s html pdf`` does, the HTML build comes first and the PDF build reuses its
    doctrees; each publication is then built alone in its own process to time it."""
    site = sitegen.generate(args.work / "site-pdf", 0)
    documents = runpy.run_path(str(site.root / "conf.py")).get("pdf_documents", [])
    digest = next((d for d in documents if (d[4] if len(d) > 4 else {}).get("posts")), None)
    jobs = [(site, d[1], d[1]) for d in documents]
    if digest:
        posts = sitegen.generate(args.work / "site-pdf-digest", args.digest_posts)
        jobs.append((posts, digest[1], f"{digest[1]}, {args.digest_posts} posts"))
    built = set()
    for target, name, label in jobs:
        html = args.work / f"out-{target.root.name}-html"
        if target.root not in built:
            build(target, fresh(html), "auto")
            built.add(target.root)
        out = args.work / f"out-{target.root.name}-pdf"
        shutil.rmtree(out, ignore_errors=True)
        run = measure([sys.executable, "-c", PDF_RUN, str(target.root), str(out),
                       str(html.with_name(html.name + ".doctrees")), name], env=ENV)
        if not run.ok:
            report.note(f"PDF {label} failed:\n\n```\n{run.log[-2000:]}\n```")
            continue
        own = json.loads(run.log.strip().splitlines()[-1])
        report.pdf(label, run, _pdf_pages(out), sum(own.values()))
        print(f"pdf   {label:<40} {run.seconds:6.1f} s {run.peak_mb:6.0f} MB", file=sys.stderr)


def _pdf_pages(out: Path) -> dict[str, tuple[int, float]]:
    """``file -> (pages, MB)`` of each PDF written, read with poppler's pdfinfo."""
    result = {}
    for path in sorted(out.rglob("*.pdf")):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        count = next((int(line.split()[1]) for line in info.splitlines()
                      if line.startswith("Pages:")), 0)
        result[path.name] = (count, path.stat().st_size / 1e6)
    return result


def nox_overhead(args, report: Report) -> None:
    """``nox -s html`` against the ``sphinx-build`` it runs, both on an up-to-date build."""
    nox = [args.nox, "-m", "nox", "-s", "html"]
    warm = measure(nox, cwd=ROOT)  # creates or refreshes the environment
    if not warm.ok:
        report.note(f"`nox -s html` failed, overhead not measured:\n\n```\n{warm.log[-2000:]}"
                    "\n```")
        return
    bare = [str(ROOT / ".nox" / "html" / "bin" / "sphinx-build"), "-b", "dirhtml", "-j", "auto",
            "-d", str(ROOT / "build" / "doctrees"), str(ROOT / "docs"), str(ROOT / "build" /
                                                                             "html")]
    runs = {"nox -s html": [], "sphinx-build": []}
    for _ in range(max(args.repeats, 3)):
        runs["nox -s html"].append(measure(nox, cwd=ROOT).seconds)
        runs["sphinx-build"].append(measure(bare, cwd=ROOT).seconds)
    report.nox({name: statistics.median(times) for name, times in runs.items()})


if __name__ == "__main__":
    raise SystemExit(main())
