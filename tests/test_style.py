"""The repository's own checks, so CI runs them: ruff, and notebooks stored without outputs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CODE = ["src", "tests", "bench", "templates"]


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
