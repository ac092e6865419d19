"""``./nox`` on a machine with only Python: it installs nox and the system packages the
chosen sessions need (as root or through sudo), or names the command where it cannot."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers import ROOT

PYTHON = "/usr/bin/python3"  # Debian's own, as a bare machine has it (not a virtual env's)


def bare_run(tmp_path: Path, *args: str, path: str = "/usr/bin:/bin", timeout: str = "300",
             **env: str):
    """Run ./nox with an empty environment: no nox on PATH, no virtual env, a new HOME."""
    clean = {"PATH": path, "HOME": str(tmp_path / "home"), "LANG": "C.UTF-8",
             "CSNET_BOOTSTRAP_VENV": str(tmp_path / "bootstrap"), **env}
    return subprocess.run([str(ROOT / "nox"), *args], capture_output=True, text=True,
                          env=clean, check=False, timeout=int(timeout))


def fake_command(folder: Path, name: str, script: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(f"#!/bin/sh\n{script}\n")
    (folder / name).chmod(0o755)


@pytest.fixture(scope="module")
def bootstrapped(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("bare")
    assert Path(PYTHON).exists(), "Debian's python3 is needed (.ci/run installs python3-venv)"
    assert not any(Path(p, "nox").exists() for p in ("/usr/bin", "/bin"))
    return tmp_path, bare_run(tmp_path, "-l")


def test_installs_its_own_nox_and_runs_it(bootstrapped):
    tmp_path, result = bootstrapped
    assert result.returncode == 0, result.stderr
    assert "installing nox 2026.10.20" in result.stderr
    assert "* html" in result.stdout and "- tests" in result.stdout  # noxfile's sessions
    assert "- reference" in result.stdout  # the maintainers' reference, not a default
    assert (tmp_path / "bootstrap" / "bin" / "nox").exists()


def test_second_run_uses_the_installed_nox(bootstrapped):
    tmp_path, _ = bootstrapped
    again = bare_run(tmp_path, "--version")
    assert again.returncode == 0 and (again.stdout + again.stderr).strip() == "2026.10.20"
    assert "installing" not in again.stderr


def system_fakes(tmp_path: Path, *, root: bool) -> tuple[Path, Path]:
    """Stand-ins for what installs system packages, which record each call and fail (a test
    must not install anything): ``id`` (root or not), ``apt-get``, ``sudo`` and ``bash`` (to
    run ``.ci/run``); returns the folder for PATH and the log of calls."""
    fakes, log = tmp_path / "fakes", tmp_path / "calls"
    uid = 0 if root else 1000
    fake_command(fakes, "id", f'[ "$1" = -u ] && echo {uid} || exec /usr/bin/id "$@"')
    for name in ("apt-get", "bash"):
        fake_command(fakes, name, f'echo "{name} $*" >> {log}; exit 1')
    return fakes, log


def calls(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def test_missing_pango_is_installed_by_the_ci_set_up(tmp_path):
    fakes, log = system_fakes(tmp_path, root=True)
    fake_command(fakes, "ldconfig", "exit 0")  # a library cache that lists nothing
    result = bare_run(tmp_path, "-s", "html", "pdf", path=f"{fakes}:/usr/bin:/bin")
    assert calls(log) == ["bash .ci/run --build-only"]  # Pango, fonts, Node.js, npm ci
    assert "the Pango text library" in result.stderr and "installing it" in result.stderr
    assert result.returncode == 3  # the stand-in failed: it says how to do it by hand
    assert "sudo bash .ci/run --build-only" in result.stderr
    assert not (tmp_path / "bootstrap").exists()  # before installing anything of its own


def test_missing_venv_module_is_installed_with_apt_get(tmp_path):
    fakes, log = system_fakes(tmp_path, root=True)
    fake_command(fakes, "python3", f'case "$*" in *ensurepip*) exit 1;; esac; exec {PYTHON} "$@"')
    result = bare_run(tmp_path, "-l", path=f"{fakes}:/usr/bin:/bin")
    assert calls(log) == ["apt-get update -qq"]  # the update failed, so no install was tried
    assert result.returncode == 3
    assert "sudo apt-get install python3-venv" in result.stderr


def test_without_root_or_sudo_it_names_the_command(tmp_path):
    fakes, log = system_fakes(tmp_path, root=False)
    assert not Path("/usr/bin/sudo").exists(), "this check needs a machine without sudo"
    fake_command(fakes, "python3", f'case "$*" in *ensurepip*) exit 1;; esac; exec {PYTHON} "$@"')
    result = bare_run(tmp_path, "-l", path=f"{fakes}:/usr/bin:/bin")
    assert calls(log) == []  # nothing it could not do was tried
    assert result.returncode == 3
    assert "sudo apt-get install python3-venv" in result.stderr


def test_missing_test_tools_are_installed_by_the_ci_set_up(tmp_path):
    fakes, log = system_fakes(tmp_path, root=True)
    fake_command(fakes, "ldconfig", "echo libpango-1.0.so.0")
    tools = tmp_path / "tools"  # every command of /usr/bin but chromium (/bin is /usr/bin)
    tools.mkdir()
    for entry in os.scandir("/usr/bin"):
        if entry.name != "chromium" and not (fakes / entry.name).exists():
            (tools / entry.name).symlink_to(entry.path)
    result = bare_run(tmp_path, "-s", "tests", path=f"{fakes}:{tools}", timeout="60")
    assert calls(log) == ["bash .ci/run --install-only"]
    assert result.returncode == 3
    assert "chromium" in result.stderr and "sudo bash .ci/run --install-only" in result.stderr
