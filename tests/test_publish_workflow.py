"""The GitHub Actions workflow: it parses, lints clean, runs the README's commands, and deploys
only ``main``, with least privilege."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text("utf-8"))


def actionlint() -> str:
    """The pinned actionlint of the ``test`` extra (beside this Python, or on PATH)."""
    beside = Path(sys.executable).parent / "actionlint"
    found = str(beside) if beside.is_file() else shutil.which("actionlint")
    assert found, "actionlint is missing: pip install -e '.[test]'"
    return found


def lint(path: Path) -> subprocess.CompletedProcess:
    # shellcheck and pyflakes off: the same result whether or not they happen to be installed
    return subprocess.run([actionlint(), "-no-color", "-shellcheck=", "-pyflakes=", str(path)],
                          capture_output=True, text=True, timeout=60, check=False)


def test_actionlint_passes():
    result = lint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_mistakes(tmp_path):
    """The linter really reads our file: a typo in a job name and an input fail it."""
    broken = tmp_path / "broken.yml"
    text = WORKFLOW.read_text("utf-8").replace("needs: build", "needs: biuld")
    broken.write_text(text.replace("path: build/html", "paht: build/html"), "utf-8")
    result = lint(broken)
    assert result.returncode == 1
    assert '"biuld" which does not exist' in result.stdout
    assert 'input "paht" is not defined' in result.stdout


def readme_commands() -> set[str]:
    """``./nox`` command lines of the README's first shell block (its build and test commands)."""
    readme = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.S).group(1)
    return {line.split("#")[0].strip() for line in block.splitlines()
            if line.strip().startswith("./nox ")}


def run_lines(workflow: dict) -> list[str]:
    return [step["run"].strip() for job in workflow["jobs"].values()
            for step in job["steps"] if "run" in step]


def test_runs_the_readmes_commands(workflow):
    commands = readme_commands()
    assert {"./nox -s html pdf", "./nox -s tests"} <= commands
    assert {line for line in run_lines(workflow) if line.startswith("./nox ")} == commands


def steps_of(job: dict) -> list[str]:
    return [step.get("run") or step.get("uses") for step in job["steps"]]


def test_builds_every_change_and_deploys_only_main(workflow):
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as True
    assert triggers["push"]["branches"] == ["main"] and "pull_request" in triggers
    jobs = workflow["jobs"]
    build = jobs["build"]
    assert "if" not in build  # every event builds
    steps = {step.get("run") or step.get("uses"): step for step in build["steps"]}
    upload = steps["actions/upload-pages-artifact@v5"]
    assert upload["with"]["path"] == "build/html"
    assert upload["with"]["include-hidden-files"] is True  # .nojekyll
    for guarded in (upload["if"], jobs["deploy"]["if"], jobs["deploy-content"]["if"]):
        assert "github.event_name != 'pull_request'" in guarded
        assert "github.ref == 'refs/heads/main'" in guarded
    for name in ("deploy", "deploy-content"):
        assert jobs[name]["environment"]["name"] == "github-pages"
        assert steps_of(jobs[name]) == ["actions/deploy-pages@v5"]


def test_tests_guard_code_and_content_publishes_without_waiting(workflow):
    """Pull requests and pushes are tested; a push of code deploys only once the tests pass;
    a push of pages only, the daily and a manual rebuild deploy as soon as they are built."""
    jobs = workflow["jobs"]
    test = jobs["test"]
    assert "./nox -s tests" in steps_of(test)
    assert "github.event_name == 'pull_request'" in test["if"]
    assert "github.event_name == 'push'" in test["if"]
    assert sorted(jobs["deploy"]["needs"]) == ["build", "test"]
    assert "content-only != 'true'" in jobs["deploy"]["if"]
    assert jobs["deploy-content"]["needs"] == "build"
    assert "content-only == 'true'" in jobs["deploy-content"]["if"]
    assert jobs["build"]["outputs"]["content-only"] == \
        "${{ steps.changes.outputs.content-only }}"


def test_the_build_is_incremental_from_the_last_one(workflow):
    """The deploy restores the last build and picture copies, dates unchanged files as
    before, builds, and notes the commit; a change of code or settings starts anew."""
    build = workflow["jobs"]["build"]
    order = steps_of(build)
    restore, make, record = ("python3 .ci/reuse-build.py restore", "./nox -s html pdf",
                             "python3 .ci/reuse-build.py record")
    assert order.index(restore) < order.index(make) < order.index(record)
    caches = {tuple(step["with"]["path"].split()): step["with"] for step in build["steps"]
              if step.get("uses", "").startswith("actions/cache@")}
    assert order.index("actions/cache@v5") < order.index(restore)
    build_key = caches[("build",)]["key"]
    for part in ("ext/**", "docs/conf.py", "requirements/lock.txt"):
        assert part in build_key
    assert caches[("build",)]["restore-keys"] == build_key.rsplit("${{", 1)[0]
    assert ("~/.cache/csnet-publish",) in caches
    assert any(".nox" in paths for paths in caches)


def test_the_build_installs_only_what_it_needs(workflow):
    """No Chromium, Java or browser-test assets for the build: only the tests install them."""
    assert "bash .ci/run --build-only" in steps_of(workflow["jobs"]["build"])
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    build_only = script.split('"--build-only" ]', 1)[1].split("\nfi\n", 1)[0]
    assert "libpango-1.0-0" in build_only
    for heavy in ("chromium", "jre", "openjdk"):
        assert heavy not in build_only


def test_least_privilege_and_one_deployment_at_a_time(workflow):
    assert workflow["permissions"] == {}
    for name in ("build", "test"):
        assert workflow["jobs"][name]["permissions"] == {"contents": "read"}
    for name in ("deploy", "deploy-content"):
        assert workflow["jobs"][name]["permissions"] == {"pages": "write", "id-token": "write"}
    concurrency = workflow["concurrency"]
    assert "github.ref" in concurrency["group"]
    # a running deployment of main is never cancelled; pull requests are
    assert concurrency["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"


def test_set_up_is_the_ci_script(workflow):
    """The workflow installs what ``.ci/run`` installs, so CI and Actions cannot drift."""
    assert "bash .ci/run --install-only" in run_lines(workflow)
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "libpango-1.0-0" in script and "--install-only" in script


def test_rebuilds_daily_so_time_moves_on(workflow):
    """Future posts appear and events pass without an edit: a daily scheduled run that
    deploys (schedules run on main) and does not pin the build date."""
    schedule = workflow[True]["schedule"]
    assert len(schedule) == 1 and len(schedule[0]["cron"].split()) == 5
    minute, hour, day, month, weekday = schedule[0]["cron"].split()
    assert (day, month, weekday) == ("*", "*", "*") and minute.isdigit() and hour.isdigit()
    assert "SOURCE_DATE_EPOCH" not in json.dumps(workflow)
