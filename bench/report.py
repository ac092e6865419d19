"""Collect the benchmark's figures and write them as Markdown tables, with the issue's
targets checked against them."""

from __future__ import annotations

from dataclasses import dataclass, field

from .measure import Run

#: issues 16 and 23: clean build CPU at -j 1, wall at -j auto, peak memory, rebuilds (CPU),
#: ours / plain; the deploy of a one-page change, seconds
LIMITS = {"cpu_j1": 1.10, "wall_auto": 1.10, "memory": 1.10, "rebuild": 1.10,
          "tick": 2.0, "plan_pdf": 3.0, "digest_s": 30.0, "digest_mb": 500.0, "nox": 2.0,
          "deploy": 180.0}
PLAN_PDF = "our-work-and-programmes.pdf"  # the plan's publication in docs/conf.py


@dataclass
class Report:
    machine: dict[str, str]
    fulls: dict[tuple[int, str], dict[str, Run]] = field(default_factory=dict)
    incrementals: list[tuple] = field(default_factory=list)
    plans: list[tuple] = field(default_factory=list)
    pdfs: list[tuple] = field(default_factory=list)
    charts: list[tuple] = field(default_factory=list)
    nox_times: dict[str, float] = field(default_factory=dict)
    previews: list[tuple] = field(default_factory=list)  # bench.preview.run's rows
    jekylls: dict[int, tuple[Run, Run]] = field(default_factory=dict)  # posts -> clean, touched
    notes: list[str] = field(default_factory=list)
    #: targets a scenario checks itself: ``(target, measured, holds or misses by)``
    checked: list[tuple[str, str, str]] = field(default_factory=list)
    deploys: tuple = ()  # ([(step, Run)], steps on GitHub's side only)

    # -- recording -----------------------------------------------------------------------
    def full(self, site: int | str, jobs: str, flavour: str, run: Run) -> None:
        """``site``: a number of posts, or a label such as ``"1000 events"``."""
        self.fulls.setdefault((site, jobs), {})[flavour] = run

    def incremental(self, size, jobs, flavour, change, seconds, pages, expected,
                    reread=()) -> None:
        """``seconds``: median ``(wall, CPU)`` of the repeats; ``reread``: the pages whose
        doctree the first rebuild wrote again."""
        self.incrementals.append((size, jobs, flavour, change, seconds, pages, expected,
                                  list(reread)))

    def jekyll(self, size: int, clean: Run, touched: Run) -> None:
        self.jekylls[size] = (clean, touched)

    def plan(self, flavour, objectives, milestones, run, tick, html_bytes, pages) -> None:
        self.plans.append((flavour, objectives, milestones, run, tick, html_bytes, pages))

    def chart(self, objectives: int, milestones: int, seconds: float, build: Run) -> None:
        """The timeline chart's drawing time beside the full build of its site."""
        self.charts.append((objectives, milestones, seconds, build))

    def pdf(self, label: str, run: Run, files: dict, own: float) -> None:
        """``own``: the seconds the builder reports for assembling and rendering."""
        self.pdfs.append((label, run, files, own))

    def nox(self, times: dict[str, float]) -> None:
        self.nox_times = times

    def preview(self, rows: list[tuple]) -> None:
        self.previews = rows

    def deploy(self, steps: list[tuple[str, Run]], elsewhere: tuple[str, ...]) -> None:
        """The publish workflow's build job after a one-post change (bench/deploy.py)."""
        self.deploys = (steps, elsewhere)

    def target(self, target: str, measured: str, verdict: str) -> None:
        self.checked.append((target, measured, verdict))

    def note(self, text: str) -> None:
        self.notes.append(text)

    # -- writing -------------------------------------------------------------------------
    def markdown(self, args) -> str:
        out = ["# Benchmark: this project's build against plain Sphinx + MyST", ""]
        out += [f"- **{key}**: {value}" for key, value in self.machine.items()]
        if float(self.machine["load"].split()[0]) > 1:
            out.append("- **the machine was busy** (load above): wall times are noisy; the "
                       "CPU times and peak memory are the steadier figures")
        out += [f"- **command**: `nox -s bench -- --sizes {','.join(map(str, args.sizes))} "
                f"--jobs {','.join(args.jobs)} --repeats {args.repeats}`", "",
                "Plain: the same pages with `extensions = [\"myst_parser\"]` and Sphinx's "
                "`basic` theme (ours is built on it). Ratios are ours / plain. Peak memory is "
                "the largest resident set of the build or any worker process (`wait4`, as "
                "`/usr/bin/time -v`).", ""]
        out += self._full_table() + self._linearity() + self._incremental_table()
        out += self._plan_table() + self._pdf_table() + self._nox_table()
        out += self._preview_table() + self._jekyll_table() + self._deploy_table()
        out += ["## Targets", "", "| target | measured | holds |", "| --- | --- | --- |"]
        out += [f"| {t} | {m} | {h} |" for t, m, h in self.targets()]
        if self.notes:
            out += ["", "## Notes", ""] + [f"- {note}" for note in self.notes]
        return "\n".join(out) + "\n"

    def _full_table(self) -> list[str]:
        rows = ["## Full HTML builds (dirhtml)", "",
                "| site | -j | plain s | ours s | time ratio | CPU s plain / ours | CPU ratio "
                "| plain MB | ours MB | memory ratio | warnings plain / ours |",
                "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
        for (size, jobs), runs in self.fulls.items():
            plain, ours = runs["plain"], runs["ours"]
            rows.append(f"| {size} | {jobs} | {plain.seconds:.1f} | {ours.seconds:.1f} | "
                        f"{ours.seconds / plain.seconds:.2f} | {plain.cpu_seconds:.1f} / "
                        f"{ours.cpu_seconds:.1f} | {ours.cpu_seconds / plain.cpu_seconds:.2f} | "
                        f"{plain.peak_mb:.0f} | "
                        f"{ours.peak_mb:.0f} | {ours.peak_mb / plain.peak_mb:.2f} | "
                        f"{plain.warnings} / {ours.warnings} |")
        return rows + [""]

    def marginal(self, jobs: str, flavour: str) -> list[tuple[int, int, float]]:
        """CPU seconds per 1,000 extra posts between consecutive sizes; flavour ``extra``:
        ours less plain, the cost of our extensions alone."""
        def cpu(size: int) -> float:
            runs = self.fulls[size, jobs]
            if flavour == "extra":
                return runs["ours"].cpu_seconds - runs["plain"].cpu_seconds
            return runs[flavour].cpu_seconds

        sizes = sorted(size for size, j in self.fulls
                       if j == jobs and isinstance(size, int))
        return [(a, b, 1000 * (cpu(b) - cpu(a)) / (b - a))
                for a, b in zip(sizes, sizes[1:], strict=False)]

    def _linearity(self) -> list[str]:
        rows = ["CPU time per 1,000 extra posts between consecutive sizes (linear when it "
                "stays flat as sites grow; *extra* is ours less plain, our extensions' own "
                "cost):", ""]
        for jobs in dict.fromkeys(j for _, j in self.fulls):
            for flavour in ("plain", "ours", "extra"):
                steps = ", ".join(f"{a}→{b}: {s:.1f} s" for a, b, s in
                                  self.marginal(jobs, flavour))
                rows.append(f"- `-j {jobs}` {flavour}: {steps or 'needs two sizes'}")
        return rows + [""]

    def _incremental_table(self) -> list[str]:
        rows = ["## Rebuilds after one change", "",
                "Pages rewritten: HTML files with a new mtime, less those a rebuild with "
                "nothing changed rewrites too (genindex, search). As expected: our build "
                "rewrote the edited post, or for a tick every page whose source shows the "
                "plan, and nothing else beyond what plain Sphinx rewrites for the same change "
                "(the toctree parents of a changed page).", "",
                "| posts | -j | build | change | seconds | CPU s | pages rewritten | "
                "as expected | pages re-read |",
                "| ---: | --- | --- | --- | ---: | ---: | --- | --- | --- |"]
        for size, jobs, flavour, change, seconds, pages, _, reread in self.incrementals:
            verdict = self.verdict(size, jobs, flavour, change) or ""
            rows.append(f"| {size} | {jobs} | {flavour} | {change} | {seconds[0]:.2f} | "
                        f"{seconds[1]:.2f} | "
                        f"{_names(pages)} | {verdict} | {_names(reread)} |")
        return rows + [""]

    def verdict(self, size, jobs, flavour, change) -> str | None:
        """For our build: did it rewrite the expected pages, and beyond what plain Sphinx
        rewrites for the same change (the toctree parents of a changed page), nothing else?"""
        rows = {row[2]: row for row in self.incrementals if row[:2] == (size, jobs)
                and row[3] == change}
        if flavour != "ours" or change == "nothing changed" or "plain" not in rows:
            return None
        pages, expected, sphinx = (set(rows["ours"][5]), set(rows["ours"][6]),
                                   set(rows["plain"][5]))
        stale, extra = expected - pages, pages - sphinx - expected
        if not stale and not extra:
            return "yes"
        return "**no**: " + "; ".join(
            part for part in (stale and f"not rewritten {', '.join(sorted(stale))}",
                              extra and f"also rewritten {', '.join(sorted(extra))}") if part)

    def _plan_table(self) -> list[str]:
        if not self.plans:
            return []
        rows = ["## A large plan", "",
                "A site of 10 posts whose plan has the objectives x milestones shown. Plain "
                "Sphinx shows none of the plan (it has no plan directives): the difference "
                "is the cost of rendering it.", "",
                "| build | plan | full s | peak MB | tick one milestone s | plan page KB | "
                "pages rewritten by the tick |",
                "| --- | --- | ---: | ---: | ---: | ---: | --- |"]
        for flavour, objectives, milestones, run, tick, size, pages in self.plans:
            rows.append(f"| {flavour} | {objectives} x {milestones} | {run.seconds:.1f} | "
                        f"{run.peak_mb:.0f} | {tick.seconds:.2f} | {size / 1024:.0f} | "
                        f"{_names(pages)} |")
        return rows + [""]

    def _pdf_table(self) -> list[str]:
        if not self.pdfs:
            return []
        rows = ["## PDFs", "",
                "One publication at a time, each in a new process that reuses the doctrees "
                "of an HTML build (as `nox -s html pdf`). Seconds: the whole process; "
                "render: what the builder reports for assembling and rendering the PDF.",
                "", "| publication | seconds | render s | CPU s | peak MB | pages | MB |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for label, run, files, own in self.pdfs:
            pages = sum(count for count, _ in files.values())
            size = sum(mb for _, mb in files.values())
            rows.append(f"| {label} | {run.seconds:.1f} | "
                        f"{own:.1f} | {run.cpu_seconds:.1f} | "
                        f"{run.peak_mb:.0f} | {pages} | {size:.1f} |")
        return rows + [""]

    def _preview_table(self) -> list[str]:
        if not self.previews:
            return []
        rows = ["## Live preview (`nox -s serve`): save -> the page served with the change", "",
                "Polled over HTTP every 5 ms from the save until the new text is served (for a "
                "tick: the plan page, served only from a finished build, so with every page "
                "showing plan numbers). Each site in its own `python -m csnet.preview` "
                "process.", "",
                "| site | change | median s | runs s | target s | holds |",
                "| --- | --- | ---: | --- | ---: | --- |"]
        for label, change, median, target, values in self.previews:
            rows.append(f"| {label} | {change} | {median:.3f} | "
                        f"{', '.join(f'{v:.2f}' for v in values)} | {target} | "
                        f"{_holds(median <= target, True, f'{median - target:.2f} s')} |")
        return rows + [""]

    def _preview_targets(self) -> list[tuple[str, str, str]]:
        return [(f"preview, {label}: {change} <= {target} s", f"{median:.3f} s (median)",
                 _holds(median <= target, True, f"{median - target:.2f} s"))
                for label, change, median, target, _ in self.previews]

    def _jekyll_table(self) -> list[str]:
        if not self.jekylls:
            return []
        rows = ["## The peer: the same posts built by Jekyll", "",
                "`jekyll build` (Debian's jekyll; minimal layouts, the same permalinks, a "
                "home page of the latest posts; none of our other pages). Ours: the clean "
                "build at `-j auto` (wall) and the rebuild after editing one post at `-j 1`; "
                "below 1 we are faster.", "",
                "| posts | Jekyll clean s | ours clean s | ours / Jekyll | Jekyll after "
                "touching one post s | ours s | ours / Jekyll |",
                "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for size, (clean, touched), (ours_clean, ours_touched) in self._versus_jekyll():
            rows.append(f"| {size} | {clean:.2f} | {ours_clean:.2f} | "
                        f"{ours_clean / clean:.2f} | {touched:.2f} | {ours_touched:.2f} | "
                        f"{ours_touched / touched:.2f} |")
        return rows + [""]

    def _versus_jekyll(self):
        """``(posts, (Jekyll clean, touched), (ours clean, touched))`` in seconds."""
        for size, (clean, touched) in sorted(self.jekylls.items()):
            fulls = [runs["ours"].seconds for (s, _), runs in self.fulls.items() if s == size]
            edits = [seconds[0] for s, jobs, flavour, change, seconds, *_ in self.incrementals
                     if (s, flavour, change) == (size, "ours", "edit one post")]
            if fulls and edits:
                yield size, (clean.seconds, touched.seconds), (min(fulls), min(edits))

    def _deploy_table(self) -> list[str]:
        if not self.deploys:
            return []
        steps, elsewhere = self.deploys
        rows = ["## The deploy after a one-post change (`nox -s bench -- --deploy`)", "",
                "The publish workflow's build job, its steps run here in order on a site of "
                "the real site's shape, from the last deploy's build restored from the cache.",
                "", "| step | s | CPU s | MB |", "| --- | ---: | ---: | ---: |"]
        rows += [f"| {step} | {run.seconds:.2f} | {run.cpu_seconds:.2f} | {run.peak_mb:.0f} |"
                 for step, run in steps]
        rows.append(f"| **measured here** | **{self._deploy_seconds():.1f}** | | |")
        rows += [f"| {step} | not measured here (GitHub) | | |" for step in elsewhere]
        return rows + [""]

    def _deploy_seconds(self) -> float:
        return sum(run.seconds for _step, run in self.deploys[0]) if self.deploys else 0.0

    def _deploy_targets(self) -> list[tuple[str, str, str]]:
        if not self.deploys:
            return []
        seconds, limit = self._deploy_seconds(), LIMITS["deploy"]
        return [("publish to live <= 3 minutes after a one-page change",
                 f"{seconds:.1f} s measured here (cache, build, packing), leaving "
                 f"{limit - seconds:.0f} s for GitHub's steps: "
                 + ", ".join(self.deploys[1]),
                 _holds(seconds <= limit, True, f"{seconds - limit:.0f} s") if seconds > limit
                 else "holds here; GitHub's steps not measured")]

    def _nox_table(self) -> list[str]:
        if not self.nox_times:
            return []
        nox, bare = self.nox_times["nox -s html"], self.nox_times["sphinx-build"]
        return ["## `nox -s html` with its environment in place", "",
                "Both on an up-to-date build of `docs/` (median of the repeats).", "",
                "| command | seconds |", "| --- | ---: |",
                f"| `nox -s html` | {nox:.2f} |", f"| bare `sphinx-build` | {bare:.2f} |",
                f"| overhead | {nox - bare:.2f} |", ""]

    # -- targets -------------------------------------------------------------------------
    def targets(self) -> list[tuple[str, str, str]]:
        """Issue 16's targets first, then issue 6's that the benchmark still checks."""
        result = self._preview_targets() + self._deploy_targets() + self._clean_targets()
        result += self._rebuild_targets()
        steps = {jobs: self.marginal(jobs, "extra") for jobs in
                 dict.fromkeys(j for _, j in self.fulls)}
        linear = [(j, s) for j, s in steps.items() if len(s) >= 2]
        result.append((
            "navigation out of every page's render cost (developer guide, "
            "trap-quadratic-navigation): our extra CPU per 1,000 more posts stays flat "
            "(last step ≤ 1.3 x the first, or ≤ 1 s)",
            "; ".join(f"-j {j}: {s[0][2]:.1f} → {s[-1][2]:.1f} s" for j, s in linear)
            or "needs three sizes",
            _holds(all(s[-1][2] <= max(1.3 * s[0][2], 1.0) for _, s in linear),
                   bool(linear))))
        result += self._jekyll_targets() + self.checked
        result += self._tick_targets()
        result += self._pdf_targets()
        result += self._chart_targets()
        if self.nox_times:
            overhead = self.nox_times["nox -s html"] - self.nox_times["sphinx-build"]
            result.append(("`nox -s html` adds < 2 s", f"{overhead:.2f} s",
                           _holds(overhead < LIMITS["nox"], True)))
        else:
            result.append(("`nox -s html` adds < 2 s", "not measured", "unknown"))
        return result

    def _clean_targets(self) -> list[tuple[str, str, str]]:
        """Per site (100, 1,000, 3,000 posts, 1,000 events): CPU at ``-j 1``, wall at
        ``-j auto``, peak memory at each ``-j``."""
        result = []
        sites = list(dict.fromkeys(site for site, _ in self.fulls))
        for site in sites:
            name = f"{site:,} posts" if isinstance(site, int) else site
            runs = {jobs: r for (s, jobs), r in self.fulls.items() if s == site}
            for jobs, attr, limit, what in (("1", "cpu_seconds", LIMITS["cpu_j1"], "CPU"),
                                            ("auto", "seconds", LIMITS["wall_auto"], "wall")):
                r = runs.get(jobs)
                ratio = r and getattr(r["ours"], attr) / getattr(r["plain"], attr)
                result.append((f"clean build, {name}: {what} at `-j {jobs}` ≤ {limit:.2f} x "
                               "plain", f"{ratio:.2f} x ({getattr(r['ours'], attr):.1f} s / "
                               f"{getattr(r['plain'], attr):.1f} s)" if r else "not run",
                               _holds(r and ratio <= limit, bool(r),
                                      f"{ratio - limit:.2f} x" if r else "")))
            memory = {jobs: r["ours"].peak_mb / r["plain"].peak_mb for jobs, r in runs.items()}
            result.append((f"clean build, {name}: peak memory ≤ {LIMITS['memory']:.2f} x plain",
                           ", ".join(f"-j {j}: {x:.2f} x" for j, x in memory.items()),
                           _holds(all(x <= LIMITS["memory"] for x in memory.values()), True,
                                  f"{max(memory.values()) - LIMITS['memory']:.2f} x")))
        return result

    def _rebuild_targets(self) -> list[tuple[str, str, str]]:
        """Rebuilds ≤ 1.10 x plain (judged on CPU time, the steadier figure on a shared
        machine; wall shown too), the pages rewritten, the pages re-read."""
        result = []
        by_key = {(size, jobs, flavour, change): row for size, jobs, flavour, change, *row
                  in self.incrementals}
        sizes = list(dict.fromkeys(row[0] for row in self.incrementals))
        jobs_seen = list(dict.fromkeys(row[1] for row in self.incrementals))
        for change in ("nothing changed", "edit one post"):
            for size in sizes:
                parts, ok = [], []
                for jobs in jobs_seen:
                    ours, plain = (by_key.get((size, jobs, f, change)) for f in ("ours", "plain"))
                    if not (ours and plain):
                        continue
                    cpu, wall = (ours[0][i] / plain[0][i] for i in (1, 0))
                    parts.append(f"-j {jobs}: CPU {cpu:.2f} x (wall {wall:.2f} x; "
                                 f"{ours[0][0]:.2f} s / {plain[0][0]:.2f} s)")
                    ok.append(cpu <= LIMITS["rebuild"])
                what = "one post touched" if change == "edit one post" else change
                result.append((f"rebuild, {size:,} posts, {what}: ≤ {LIMITS['rebuild']:.2f} x "
                               "plain (CPU)", "; ".join(parts) or "not run",
                               _holds(all(ok), bool(ok))))
        verdicts = [(size, jobs, change, self.verdict(size, jobs, "ours", change))
                    for size, jobs, flavour, change, *_ in self.incrementals
                    if flavour == "ours" and change != "nothing changed"]
        untouched = [(size, jobs, row[1]) for (size, jobs, flavour, change), row
                     in by_key.items() if flavour == "ours" and change == "nothing changed"]
        extra = [(s, j, pages) for s, j, pages in untouched
                 if set(pages) - set(by_key.get((s, j, "plain", "nothing changed"),
                                                [None, []])[1])]
        wrong = [v for v in verdicts if v[3] != "yes"]
        result.append((
            "aggregate pages (archives, lists, feed, home page) rewritten only when what they "
            "show changed",
            f"{len(verdicts) - len(wrong)} of {len(verdicts)} edits and ticks rewrote exactly "
            "the pages showing the change; with nothing changed, "
            + ("nothing beyond plain's rewrites" if not extra else
               "; ".join(f"{s} -j {j}: {_names(sorted(p))}" for s, j, p in extra))
            + "".join(f"; {s} -j {j} {c}: {v}" for s, j, c, v in wrong),
            _holds(not wrong and not extra, bool(verdicts))))
        reread = {(size, jobs, flavour): row[3] for (size, jobs, flavour, change), row
                  in by_key.items() if change == "nothing changed"}
        ours = {k: v for k, v in reread.items() if k[2] == "ours"}
        result.append((
            "no page re-read on every build because of a warning (developer guide, "
            "trap-endless-rereads; the generated sites have a post with a missing picture)",
            "pages re-read with nothing changed: " + ", ".join(
                f"{s} -j {j}: ours {len(v)}, plain {len(reread.get((s, j, 'plain'), []))}"
                for (s, j, _), v in ours.items()),
            _holds(all(not v for v in ours.values()), bool(ours))))
        return result

    def _jekyll_targets(self) -> list[tuple[str, str, str]]:
        if not self.jekylls:
            return [("the peer: our time over Jekyll's, clean and after touching one post",
                     "not measured (jekyll not installed)", "unknown")]
        return [(f"the peer, {size:,} posts: our time over Jekyll's (below 1: we are faster)",
                 f"clean {ours[0] / jekyll[0]:.2f} x ({ours[0]:.1f} s / {jekyll[0]:.1f} s); "
                 f"one post touched {ours[1] / jekyll[1]:.2f} x ({ours[1]:.2f} s / "
                 f"{jekyll[1]:.2f} s)",
                 "we beat it " + (" and ".join(w for w, r in (("clean", ours[0] / jekyll[0]),
                                                            ("touched", ours[1] / jekyll[1]))
                                              if r < 1) or "nowhere"))
                for size, jekyll, ours in self._versus_jekyll()]

    def _chart_targets(self) -> list[tuple[str, str, str]]:
        """Issue 12: the plan's timeline chart must not make the build noticeably slower."""
        rows = [(f"{o}x{m}: {seconds * 1000:.1f} ms ({seconds / build.cpu_seconds:.2%} of the "
                 f"site's {build.cpu_seconds:.1f} s CPU)", seconds / build.cpu_seconds)
                for o, m, seconds, build in self.charts]
        return [("the plan's timeline chart costs ≤ 1 % of its site's clean build (drawn once "
                 "per plan)", "; ".join(text for text, _ in rows) or "not run",
                 _holds(all(share <= 0.01 for _, share in rows), bool(rows)))]

    def _tick_targets(self) -> list[tuple[str, str, str]]:
        result = []
        plain_edit = {(size, jobs): seconds for size, jobs, flavour, change, seconds, *_
                      in self.incrementals if flavour == "plain" and change == "edit one post"}
        ticks = [(size, jobs, seconds, pages, expected) for size, jobs, flavour, change, seconds,
                 pages, expected, _ in self.incrementals
                 if flavour == "ours" and change == "tick one milestone"]
        ratios = [(size, jobs, seconds[0] / plain_edit[size, jobs][0],
                   seconds[1] / plain_edit[size, jobs][1])
                  for size, jobs, seconds, _, _ in ticks if (size, jobs) in plain_edit]
        result.append(("a tick rebuilds in ≤ 2 x plain Sphinx's rebuild after editing one page",
                       ", ".join(f"{s} posts -j {j}: {r:.2f} x (CPU time {c:.2f} x)"
                                 for s, j, r, c in ratios)
                       or "not run",
                       _holds(all(r <= LIMITS["tick"] for _, _, r, _ in ratios),
                              bool(ratios))))
        exact = [self.verdict(size, jobs, "ours", "tick one milestone") == "yes"
                 for size, jobs, _, _, _ in ticks]
        result.append(("a tick rewrites only the pages that show the plan",
                       f"{sum(exact)} of {len(exact)} runs exact",
                       _holds(all(exact), bool(exact))))
        return result

    def _pdf_targets(self) -> list[tuple[str, str, str]]:
        plan = next((r for r in self.pdfs if r[0] == PLAN_PDF), None)
        digest = next((r for r in self.pdfs if "posts" in r[0]), None)
        result = [("plan PDF < 3 s", f"{plan[1].seconds:.1f} s for the process, "
                   f"{plan[3]:.1f} s rendering" if plan else "not made",
                   _holds(plan and plan[1].seconds < LIMITS["plan_pdf"], bool(plan)))]
        if digest:
            pages = sum(count for count, _ in digest[2].values())
            measured = f"{digest[1].seconds:.1f} s, {digest[1].peak_mb:.0f} MB, {pages} pages"
            big = pages >= 250  # --digest-posts 175 makes about 300 pages
        result.append(("300-page digest < 30 s and < 500 MB",
                       measured if digest else "not made",
                       _holds(digest and digest[1].seconds < LIMITS["digest_s"]
                              and digest[1].peak_mb < LIMITS["digest_mb"],
                              bool(digest) and big)))
        return result


def _holds(value, measured: bool, by: str = "") -> str:
    """"holds", "**misses by** ``by``" (how far from the target), or "unknown"."""
    if not measured:
        return "unknown"
    return "holds" if value else f"**misses by {by}**" if by else "**misses**"


def _names(pages: list[str], limit: int = 6) -> str:
    if not pages:
        return "none"
    shown = ", ".join(f"`{p}`" for p in pages[:limit])
    return shown + (f" and {len(pages) - limit} more" if len(pages) > limit else "") + \
        f" ({len(pages)})"
