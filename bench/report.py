"""Collect the benchmark's figures and write them as Markdown tables, with the issue's
targets checked against them."""

from __future__ import annotations

from dataclasses import dataclass, field

from .measure import Run
from .targets import LIMITS, Targets, listed, verdict_of


@dataclass
class Report(Targets):
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
                        f"{listed(pages)} | {verdict} | {listed(reread)} |")
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
                        f"{listed(pages)} |")
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
                        f"{verdict_of(median <= target, True, f'{median - target:.2f} s')} |")
        return rows + [""]

    def _preview_targets(self) -> list[tuple[str, str, str]]:
        return [(f"preview, {label}: {change} <= {target} s", f"{median:.3f} s (median)",
                 verdict_of(median <= target, True, f"{median - target:.2f} s"))
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
                 verdict_of(seconds <= limit, True, f"{seconds - limit:.0f} s") if seconds > limit
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
