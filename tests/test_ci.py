"""CI checks what it says: the workflow is valid by GitHub's schema, runs on every change that can
change an output or a test, calls only make targets that exist and work here, caches pip on the
lock files, writes nothing but the review comment; `.ci/install-readers` installs each reader on
its own and, under CI=true, fails when one is missing, as every reader test does. --changed-since
picks the reports whose inputs changed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from council_reports.errors import ParameterError
from council_reports.planning import changed_reports
from council_reports.project import Project
from tests.readers import need

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "reports.yml"
LOCKS = sorted(path.name for path in ROOT.glob("requirements*.lock"))
# check-jsonschema as its command runs it, but without jsonschema's format checkers, which take
# seconds to import (TECH-NOTES, block_slow_imports) and which GitHub's workflow schema never uses
CHECK_JSONSCHEMA = (
    "from council_reports.execute import block_slow_imports; block_slow_imports(); "
    "from check_jsonschema import main; main()"
)


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(job: str) -> list[dict]:
    return workflow()["jobs"][job]["steps"]


def test_the_workflow_is_valid_by_githubs_schema(tmp_path):
    """check-jsonschema's own copy of GitHub's workflow schema (no network); a copy with a job's
    setting at the top, where GitHub would refuse it, shows the schema is really applied."""
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8") + "timeout-minutes: 30\n")
    schema = ["--builtin-schema", "vendor.github-workflows", "--output-format", "json"]
    result = subprocess.run(
        [sys.executable, "-c", CHECK_JSONSCHEMA, *schema, str(WORKFLOW), str(broken)],
        capture_output=True,
        text=True,
    )
    errors = json.loads(result.stdout)["errors"]
    assert {error["filename"] for error in errors} == {str(broken)}, errors


def _selected(patterns: list[str], path: str) -> bool:
    """GitHub's paths filter: the last pattern that matches decides (``!`` leaves a file out);
    ``*`` matches within a folder, ``**`` across folders."""
    selected = False
    for pattern in patterns:
        regex = re.escape(pattern.removeprefix("!"))
        if re.fullmatch(regex.replace(r"\*\*", ".*").replace(r"\*", "[^/]*"), path):
            selected = not pattern.startswith("!")
    return selected


def test_the_workflow_runs_on_every_change_but_the_prose_for_people():
    """Everything in the repository can change an output or a test (the tests, the CI scripts,
    the workflow itself, every lock file), except the README and docs/, which no build or test
    reads."""
    patterns = workflow()[True]["pull_request"]["paths"]  # YAML 1.1 reads the key "on" as True
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    left_out = [path for path in files if not _selected(patterns, path)]
    assert left_out
    assert [p for p in left_out if p != "README.md" and not p.startswith("docs/")] == []
    for path in ("tests/test_ci.py", ".ci/install-readers", ".github/workflows/reports.yml"):
        assert _selected(patterns, path), path
    assert all(_selected(patterns, lock) for lock in LOCKS)


def test_only_the_comment_job_may_write_and_it_runs_no_pull_request_code():
    """Read-only everywhere; the job that may comment checks nothing out and runs nothing of the
    pull request's, and only for a pull request from this repository (a fork's gets the review
    as an artifact). Never pull_request_target, which runs a fork's code with a write token."""
    flow = workflow()
    assert list(flow[True]) == ["pull_request"]
    assert flow["permissions"] == {"contents": "read"}
    writes = {
        name: job["permissions"] for name, job in flow["jobs"].items() if "permissions" in job
    }
    assert writes == {"comment": {"pull-requests": "write"}}
    comment = flow["jobs"]["comment"]
    assert "github.event.pull_request.head.repo.full_name == github.repository" in comment["if"]
    assert [step["uses"].split("@")[0] for step in comment["steps"]] == [
        "actions/download-artifact",
        "actions/github-script",
    ]
    script = comment["steps"][1]["with"]["script"]
    assert "review/review.md" in script and "updateComment" in script  # in place, not one a push
    uploads = [s["with"] for s in steps("review") if s.get("uses", "").startswith("actions/upload")]
    review = next(upload for upload in uploads if upload["name"] == "review")
    assert review["path"].split() == ["build/review.md", "build/review.html"]


def test_every_python_setup_caches_pip_on_every_lock_file():
    flow = workflow()
    setups = [
        step["with"]
        for job in flow["jobs"].values()
        for step in job["steps"]
        if step.get("uses", "").startswith("actions/setup-python")
    ]
    assert len(setups) == 3
    for setup in setups:
        assert setup["cache"] == "pip"
        assert sorted(setup["cache-dependency-path"].split()) == LOCKS


def test_the_tests_run_in_ci_with_ci_true():
    (run,) = [step for step in steps("test") if step.get("run") == "make test"]
    assert run["env"]["CI"] == "true"


def test_workflow_runs_only_make_targets_that_exist():
    runs = [
        step["run"] for job in workflow()["jobs"].values() for step in job["steps"] if "run" in step
    ]
    targets = re.findall(r"^([a-z-]+):", (ROOT / "Makefile").read_text(), flags=re.M)
    called = [m for run in runs for m in re.findall(r"\bmake ([a-z-]+)", run)]
    assert called == ["test", "reports-changed", "collect", "review"]
    assert set(called) <= set(targets)
    for target in called:  # each one parses and expands (dry run)
        result = subprocess.run(
            ["make", "-n", target, "BASE=HEAD", "SHARD=1/2", "SHARDS=shards/build-1"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


def test_changed_since_picks_reports_by_their_inputs(tmp_path):
    for name in ("data", "notebooks", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    project = Project(tmp_path, tmp_path / "data", tmp_path / "build")
    assert changed_reports(project, ["attendance"], "HEAD") == []
    data = tmp_path / "data" / "attendance" / "absence_by_geography.csv"
    data.write_text(data.read_text() + "\n", encoding="utf-8")
    assert changed_reports(project, ["attendance"], "HEAD") == ["attendance"]


@pytest.mark.parametrize("since", ["--output=data/reference/README.md", "-p", "no-such-branch"])
def test_changed_since_takes_only_a_revision_never_an_option(tmp_path, since):
    shutil.copytree(ROOT / "data" / "reference", tmp_path / "data" / "reference")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    before = (tmp_path / "data/reference/README.md").read_bytes()
    project = Project(tmp_path, tmp_path / "data", tmp_path / "build")
    with pytest.raises(ParameterError, match="is not a git revision of this repository"):
        changed_reports(project, ["attendance"], since)
    assert (tmp_path / "data/reference/README.md").read_bytes() == before


def test_a_missing_reader_skips_on_a_desk_and_fails_under_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"^no-such-reader missing"):
        need("sh", "no-such-reader")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"^no-such-reader missing: under CI=true"):
        need("sh", "no-such-reader")
    need("sh")  # there: neither


# What each Debian package puts in place (paths under the fake machine's root), for a fake apt-get
PACKAGES = {
    "chromium": ["bin/chromium"],
    "libreoffice-writer-nogui": ["lo/program/soffice", "lo/share/registry/writer.xcd"],
    "libreoffice-impress-nogui": ["lo/program/soffice", "lo/share/registry/impress.xcd"],
    "libreoffice-calc-nogui": ["lo/program/soffice", "lo/share/registry/calc.xcd"],
    "poppler-utils": ["bin/pdftotext", "bin/pdfinfo", "bin/pdftoppm"],
    "qpdf": ["bin/qpdf"],
}
FAKE_APT_GET = """
import os, sys
from pathlib import Path

root = Path(os.environ["MACHINE"])
if sys.argv[1] == "update":
    sys.exit(0)
package = sys.argv[-1]
with open(root / "apt.log", "a") as log:
    print(package, file=log)
if package in os.environ["FAIL"].split():
    sys.exit(f"E: Unable to locate package {package}")
for path in PACKAGES[package]:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).touch(mode=0o755)
"""
# The test environment's python: `playwright install chromium` and the check that it is there
FAKE_PLAYWRIGHT = """
import os, sys
from pathlib import Path

chromium = Path(os.environ["MACHINE"]) / "ms-playwright" / "chrome"
if sys.argv[1:] == ["-m", "playwright", "install", "--with-deps", "chromium"]:
    chromium.parent.mkdir(exist_ok=True)
    chromium.touch()
else:  # the check, read from stdin
    sys.exit(not chromium.is_file())
"""


@pytest.fixture
def machine(tmp_path):
    """``machine(fail=..., ci=...)``: run .ci/install-readers on a machine that has none of the
    readers, a fake apt-get that cannot install the packages named in ``fail``, and root; return
    (exit status, its lines, the packages apt-get was asked for)."""
    repo, path, system = tmp_path / "repo", tmp_path / "bin", tmp_path / "system"
    (repo / ".ci").mkdir(parents=True)
    shutil.copy(ROOT / ".ci" / "install-readers", repo / ".ci")
    for folder in (path, system, repo / ".venv" / "bin"):
        folder.mkdir(parents=True, exist_ok=True)
    for tool in ("bash", "dirname", "readlink", "mktemp", "rm", "grep", "tail"):
        (system / tool).symlink_to(shutil.which(tool))
    (path / "soffice").symlink_to(tmp_path / "lo" / "program" / "soffice")  # there once installed
    scripts = {
        path / "apt-get": f"PACKAGES = {PACKAGES!r}\n{FAKE_APT_GET}",
        path / "id": "print(0)",
        repo / ".venv" / "bin" / "python": FAKE_PLAYWRIGHT,
    }
    for script, text in scripts.items():
        script.write_text(f"#!{sys.executable}\n{text}")
        script.chmod(0o755)

    def run(fail: str = "", ci: bool = False) -> tuple[int, list[str], list[str]]:
        (tmp_path / "apt.log").write_text("")
        environment = {"PATH": f"{path}:{system}", "MACHINE": str(tmp_path), "FAIL": fail}
        result = subprocess.run(
            [shutil.which("bash"), str(repo / ".ci" / "install-readers")],
            env=environment | ({"CI": "true"} if ci else {}),
            capture_output=True,
            text=True,
        )
        asked = (tmp_path / "apt.log").read_text().split()
        return result.returncode, result.stderr.splitlines(), asked

    return run


def test_install_readers_installs_each_reader_on_its_own_and_ci_fails_on_one_missing(machine):
    code, lines, asked = machine(fail="chromium libreoffice-impress-nogui qpdf", ci=True)
    assert code == 1
    if lines[0].startswith("note: chromium: apt-get install chromium failed"):  # Debian
        lines = lines[1:]
    assert lines == [
        "installed chromium: Playwright's own build (python -m playwright install chromium)",
        "installed libreoffice-writer (apt-get install libreoffice-writer-nogui)",
        "error: libreoffice-impress is missing and could not be installed (apt-get install "
        "libreoffice-impress-nogui: E: Unable to locate package libreoffice-impress-nogui)",
        "installed libreoffice-calc (apt-get install libreoffice-calc-nogui)",
        "installed poppler (apt-get install poppler-utils)",
        "error: qpdf is missing and could not be installed (apt-get install qpdf: E: Unable to "
        "locate package qpdf)",
        "error: CI=true and libreoffice-impress qpdf missing: the tests that read with them "
        "cannot run",
    ]
    assert asked[-5:] == [*list(PACKAGES)[1:]]  # one package at a time (and Debian's chromium)
    code, lines, asked = machine(fail="qpdf")  # not CI: the tests that need qpdf will skip
    assert (code, asked) == (0, ["libreoffice-impress-nogui", "qpdf"])
    assert lines[-1] == "note: qpdf missing: the tests that need them skip, saying which"
    assert machine(ci=True) == (0, ["installed qpdf (apt-get install qpdf)"], ["qpdf"])
    assert machine(ci=True) == (0, [], [])  # all there: nothing asked of apt-get
