"""The repository's own checks, so CI runs them: ruff on the code and the notebooks (the same
rules, as `make lint` runs it), and notebooks stored without outputs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from council_reports.lint import SOURCES

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CODE = ["src", "tests", "bench", "templates", "notebooks"]


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def test_ruff_check_and_format():
    check = run(str(BIN / "ruff"), "check", *CODE)
    assert check.returncode == 0, check.stdout
    formatted = run(str(BIN / "ruff"), "format", "--check", *CODE)
    assert formatted.returncode == 0, formatted.stdout


def test_notebooks_are_stored_without_outputs():
    notebooks = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    result = run(str(BIN / "nbstripout"), "--verify", *notebooks)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_pre_commit_hook_lints_prose_whenever_a_file_the_lint_reads_changes():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    files = re.compile(hooks["council-reports-lint"]["files"])
    read = [path.relative_to(ROOT).as_posix() for glob, _ in SOURCES for path in ROOT.glob(glob)]
    assert read
    assert [path for path in [*read, "pyproject.toml"] if not files.search(path)] == []
