"""Run one build as a child process and measure it: wall time, peak memory, warnings, and
which output pages it rewrote."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system, the build and its workers: less noisy than wall time
    peak_mb: float  # largest resident set of the build or any of its worker processes
    warnings: int
    log: str

    @property
    def ok(self) -> bool:
        return not self.log.startswith("FAILED")


def measure(cmd: list[str], *, cwd: Path | None = None, env: dict | None = None) -> Run:
    """Run ``cmd``; its peak RSS comes from ``wait4`` (the child and the workers it reaped,
    the same figure as ``/usr/bin/time -v``), so other builds on the machine never count."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    warnings = sum("WARNING" in line or "ERROR" in line for line in output.splitlines())
    if proc.returncode:
        output = f"FAILED ({proc.returncode}): {' '.join(map(str, cmd))}\n{output}"
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, warnings, output)


def sphinx(builder: str, src: Path, out: Path, *, jobs: str = "1",
           env: dict | None = None) -> Run:
    """``sphinx-build -b BUILDER -j JOBS -q`` with the doctrees kept beside ``out``."""
    doctrees = out.with_name(out.name + ".doctrees")
    return measure([sys.executable, "-m", "sphinx", "-b", builder, "-j", jobs, "-q",
                    "-d", str(doctrees), str(src), str(out)], env=env)


def pages(out: Path) -> dict[str, tuple[int, str]]:
    """``docname -> (mtime_ns, sha1)`` of every HTML page a dirhtml build wrote."""
    result = {}
    for path in out.rglob("*.html"):
        relative = path.relative_to(out).as_posix()
        docname = relative.removesuffix("index.html").rstrip("/") or "index"
        result[docname] = (path.stat().st_mtime_ns,
                           hashlib.sha1(path.read_bytes()).hexdigest())
    return result


def rewritten(before: dict, after: dict) -> set[str]:
    """Pages written again (new mtime) or added between two snapshots."""
    return {name for name, (mtime, _) in after.items()
            if name not in before or before[name][0] != mtime}


def doctrees(out: Path) -> dict[str, int]:
    """``docname -> mtime_ns`` of the doctrees beside ``out``: a page Sphinx re-read has a
    new one."""
    folder = out.with_name(out.name + ".doctrees")
    return {path.relative_to(folder).with_suffix("").as_posix(): path.stat().st_mtime_ns
            for path in folder.rglob("*.doctree")}
