"""Collect the benchmark's figures and write them as Markdown tables, with the issue's
targets checked against them."""

from __future__ import annotations

from dataclasses import dataclass, field

from .measure import Run

LIMITS = {"time": 1.10, "memory": 1.15, "tick": 2.0, "plan_pdf": 3.0, "digest_s": 30.0,
          "digest_mb": 500.0, "nox": 2.0}
PLAN_PDF = "our-work-and-programmes.pdf"  # the plan's publication in docs/conf.py


@dataclass
class Report:
    machine: dict[str, str]
    fulls: dict[tuple[int, str], dict[str, Run]] = field(default_factory=dict)
    incrementals: list[tuple] = field(default_factory=list)
    plans: list[tuple] = field(default_factory=list)
    pdfs: list[tuple] = field(default_factory=list)
    nox_times: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    # -- recording -----------------------------------------------------------------------
    def full(self, size: int, jobs: str, flavour: str, run: Run) -> None:
        self.fulls.setdefault((size, jobs), {})[flavour] = run

    def incremental(self, size, jobs, flavour, change, seconds, pages, expected) -> None:
        """``seconds``: median ``(wall, CPU)`` of the repeats."""
        self.incrementals.append((size, jobs, flavour, change, seconds, pages, expected))

    def plan(self, flavour, objectives, milestones, run, tick, html_bytes, pages) -> None:
        self.plans.append((flavour, objectives, milestones, run, tick, html_bytes, pages))

    def pdf(self, label: str, run: Run, files: dict, own: float) -> None:
        """``own``: the seconds the builder reports for assembling and rendering."""
        self.pdfs.append((label, run, files, own))

    def nox(self, times: dict[str, float]) -> None:
        self.nox_times = times

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
        out += ["## Targets", "", "| target | measured | holds |", "| --- | --- | --- |"]
        out += [f"| {t} | {m} | {h} |" for t, m, h in self.targets()]
        if self.notes:
            out += ["", "## Notes", ""] + [f"- {note}" for note in self.notes]
        return "\n".join(out) + "\n"

    def _full_table(self) -> list[str]:
        rows = ["## Full HTML builds (dirhtml)", "",
                "| posts | -j | plain s | ours s | time ratio | CPU s plain / ours | CPU ratio "
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

        sizes = sorted(size for size, j in self.fulls if j == jobs)
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
                "as expected |",
                "| ---: | --- | --- | --- | ---: | ---: | --- | --- |"]
        for size, jobs, flavour, change, seconds, pages, _ in self.incrementals:
            verdict = self.verdict(size, jobs, flavour, change) or ""
            rows.append(f"| {size} | {jobs} | {flavour} | {change} | {seconds[0]:.2f} | "
                        f"{seconds[1]:.2f} | "
                        f"{_names(pages)} | {verdict} |")
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
        result = []
        at_1000 = {jobs: runs for (size, jobs), runs in self.fulls.items() if size == 1000}
        for label, attr, limit in (("time", "seconds", LIMITS["time"]),
                                   ("peak memory", "peak_mb", LIMITS["memory"])):
            ratios = {jobs: getattr(r["ours"], attr) / getattr(r["plain"], attr)
                      for jobs, r in at_1000.items()}
            cpu = {jobs: r["ours"].cpu_seconds / r["plain"].cpu_seconds
                   for jobs, r in at_1000.items()} if attr == "seconds" else {}
            result.append((f"extensions add ≤ {round(100 * (limit - 1))} % {label}, "
                           "1,000 posts",
                           ", ".join(f"-j {j}: {_percent(x)}"
                                     + (f" (CPU time {_percent(cpu[j])})" if cpu else "")
                                     for j, x in ratios.items()) or "not run (no size 1000)",
                           _holds(ratios and all(x <= limit for x in ratios.values()),
                                  bool(ratios))))
        result += self._tick_targets()
        result += self._pdf_targets()
        if self.nox_times:
            overhead = self.nox_times["nox -s html"] - self.nox_times["sphinx-build"]
            result.append(("`nox -s html` adds < 2 s", f"{overhead:.2f} s",
                           _holds(overhead < LIMITS["nox"], True)))
        else:
            result.append(("`nox -s html` adds < 2 s", "not measured", "unknown"))
        steps = {jobs: self.marginal(jobs, "extra") for jobs in
                 dict.fromkeys(j for _, j in self.fulls)}
        linear = [(j, s) for j, s in steps.items() if len(s) >= 2]
        result.append((
            "our cost linear in pages (extra CPU s per 1,000 more posts: last step ≤ 1.3 x "
            "the first, or ≤ 1 s)",
            "; ".join(f"-j {j}: {s[0][2]:.1f} → {s[-1][2]:.1f} s" for j, s in linear)
            or "needs three sizes",
            _holds(all(s[-1][2] <= max(1.3 * s[0][2], 1.0) for _, s in linear),
                   bool(linear))))
        return result

    def _tick_targets(self) -> list[tuple[str, str, str]]:
        result = []
        plain_edit = {(size, jobs): seconds for size, jobs, flavour, change, seconds, _, _
                      in self.incrementals if flavour == "plain" and change == "edit one post"}
        ticks = [(size, jobs, seconds, pages, expected) for size, jobs, flavour, change, seconds,
                 pages, expected in self.incrementals
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


def _percent(ratio: float) -> str:
    return f"{100 * (ratio - 1):+.0f} %"


def _holds(value, measured: bool) -> str:
    if not measured:
        return "unknown"
    return "yes" if value else "**no**"


def _names(pages: list[str], limit: int = 6) -> str:
    if not pages:
        return "none"
    shown = ", ".join(f"`{p}`" for p in pages[:limit])
    return shown + (f" and {len(pages) - limit} more" if len(pages) > limit else "") + \
        f" ({len(pages)})"
