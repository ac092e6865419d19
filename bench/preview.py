"""The live preview, timed as a volunteer sees it: save a file, poll the server until the page
it serves shows the change (``python -m csnet.preview`` in its own process, as ``nox -s serve``
runs it). Targets (issues 16 and 23): an edited post <= 0.5 s, a ticked milestone <= 1.0 s
(the plan page served with it, from a finished build, so with every page showing plan
numbers), medians; and, stopped and started again on the same folders (a previous build
exists, with one post saved meanwhile), the first page served <= 5 s. Each save is made once
the preview has had its idle moment after the last one (as a volunteer reads the page before
saving again), so it is timed from the state a real next save finds.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from . import sitegen

TARGETS = {"edit one post": 0.5, "tick one milestone": 1.0, "first page, started again": 5.0}
_DONE = re.compile(r"(\d+) of \d+ milestones complete")


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def _completed(html: str) -> int:
    return sum(int(n) for n in _DONE.findall(html))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _until(check, timeout: float = 60.0) -> float:
    """Seconds until ``check()`` holds, polling every 5 ms."""
    start = time.perf_counter()
    while not check():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the preview never served the change")
        time.sleep(0.005)
    return time.perf_counter() - start


def measure_site(site: sitegen.Site, work: Path, repeats: int, env: dict,
                 cpu: dict | None = None) -> dict[str, list]:
    """Start the preview on ``site``, time each edit ``repeats`` times, then stop it, save a
    post, and time its start again until it serves the first page. ``cpu`` gets the CPU
    seconds the preview's process spent on each edit (steadier than wall time when other work
    shares the machine)."""
    times: dict[str, list] = {change: [] for change in TARGETS}
    _edits(site, work, repeats, env, times, {} if cpu is None else cpu)
    post = sorted(site.posts)[0] if site.posts else None
    for _ in range(repeats):
        if post:
            post.write_text(post.read_text("utf-8") + "\nSaved while stopped.\n", "utf-8")
        start = time.perf_counter()
        with _preview(site, work, env) as (base, _process):
            _until(lambda b=base: _get(b + "/") is not None, timeout=900)
        times["first page, started again"].append(time.perf_counter() - start)
    return times


@contextlib.contextmanager
def _preview(site: sitegen.Site, work: Path, env: dict):
    """A running ``python -m csnet.preview``; yields its address once it answers."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    preview = subprocess.Popen(
        [sys.executable, "-m", "csnet.preview", str(site.root), "--out", str(work),
         "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        _until(lambda: _reachable(base + "/_preview/status.json", preview), timeout=900)
        yield base, preview
    finally:
        preview.terminate()
        preview.wait(30)


def _cpu(pid: int) -> float:
    """CPU seconds (user and system) a process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _edits(site: sitegen.Site, work: Path, repeats: int, env: dict, times: dict,
           cpu: dict) -> None:
    with _preview(site, work, env) as (base, process):
        plan = base + "/publication/our-plan/"
        posts = sorted(site.posts) or [site.root / "news/2022/01/13/"
                                       "helping-you-succeed-in-your-career.md"]
        for number in range(repeats):
            post = posts[(len(posts) // 2 + number) % len(posts)]
            url = base + "/" + post.relative_to(site.root).with_suffix("").as_posix() + "/"
            _get(url)
            _settle(base)
            marker = f"Edited for the benchmark, save {number}."
            saved, used = time.perf_counter(), _cpu(process.pid)
            post.write_text(post.read_text("utf-8") + f"\n{marker}\n", "utf-8")
            _until(lambda u=url, m=marker: m in _get(u))
            times["edit one post"].append(time.perf_counter() - saved)
            cpu.setdefault("edit one post", []).append(_cpu(process.pid) - used)
            # the plan page served with the tick: the server waits for a build to finish
            # before it serves any page, so the home page's summary is of the same build (a
            # tick of a milestone due after the plan's as-of date leaves that summary as it is)
            before = _completed(_get(plan))
            _settle(base)
            start, used = time.perf_counter(), _cpu(process.pid)
            sitegen.tick_milestone(site)
            _until(lambda b=before: _completed(_get(plan)) > b)
            times["tick one milestone"].append(time.perf_counter() - start)
            cpu.setdefault("tick one milestone", []).append(_cpu(process.pid) - used)


def _settle(base: str) -> None:
    """Wait, as a volunteer reading the page does, until the preview has had its idle moment
    and written what the last save left (the search index, its saved state): each save is
    timed from the state a volunteer's next save finds, not from a backlog."""
    deadline = time.perf_counter() + 120
    while not json.loads(_get(base + "/_preview/status.json")).get("settled", True):
        if time.perf_counter() > deadline:
            raise TimeoutError("the preview never settled")
        time.sleep(0.1)


def _reachable(url: str, process: subprocess.Popen) -> bool:
    if process.poll() is not None:
        raise RuntimeError(f"the preview exited with {process.returncode}")
    try:
        _get(url)
        return True
    except OSError:
        return False


def run(work: Path, sizes: list[int], repeats: int, env: dict,
        real_shape: bool = True) -> list[tuple]:
    """``(site label, change, median seconds, target, times)`` for the bundled site, each
    generated size and the real site's shape (about 1,800 pages)."""
    rows = []
    shapes = [(0, {}), *((size, {}) for size in sizes)]
    shapes += [("real", {**sitegen.REAL_SHAPE})] if real_shape else []
    for size, shape in shapes:
        label = ("bundled docs/" if size == 0 else "real shape" if size == "real"
                 else f"{size:,} posts")
        site = sitegen.generate(work / f"site-preview-{size}", shape.pop("posts", size)
                                or 0, **shape)
        cpu: dict[str, list] = {}
        times = measure_site(site, work / f"out-preview-{size}", repeats, env, cpu)
        for change, values in times.items():
            median = statistics.median(values)
            rows.append((label, change, median, TARGETS[change], values))
            used = (f", the preview's CPU {statistics.median(cpu[change]):.3f} s"
                    if cpu.get(change) else "")
            print(f"prev  {label:<14} {change:<20} {median:6.3f} s (target "
                  f"{TARGETS[change]} s){used}", file=sys.stderr)
    return rows
