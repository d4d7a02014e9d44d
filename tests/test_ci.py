"""The CI workflow calls only make targets that exist and work here; --changed-since picks the
reports whose inputs changed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from council_reports.build import changed_reports
from council_reports.errors import ParameterError
from council_reports.project import Project
from tests.readers import need

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "reports.yml"


def test_workflow_runs_only_make_targets_that_exist():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    runs = [
        step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step
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
