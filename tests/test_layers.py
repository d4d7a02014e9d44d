"""The package's layers (pyproject.toml's import-linter contracts): load -> validate -> measures ->
present -> render, the framework, build on top and the reports above all, every module in a
layer; no layer skips the one below it, measures read no file, reports are independent of each
other and no layer imports a report; the neutral modules import no layer."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": str(LINT_IMPORTS.parent), "PYTHONPATH": str(root / "src")},
    )


def test_every_layer_imports_only_those_below_it():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 5 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "imported"),
    [
        ("load/files.py", "from ..validate import tables"),
        ("validate/tables.py", "from ..measures import benchmarks"),
        ("numbers.py", "from .load import files"),
        ("present/tables.py", "from ..reports.iro import base"),  # a layer knows no report
        ("build.py", "from .reports.attendance import data"),
        ("present/tables.py", "from ..load import files"),  # present skips validate
        ("measures/benchmarks.py", "from ..load import files"),  # measures read no file
        ("reports/iro/base.py", "from ..attendance import data"),  # reports are independent
    ],
)
def test_a_forbidden_import_is_caught(tmp_path, module, imported):
    copy = tmp_path / "project"
    shutil.copytree(ROOT / "src", copy / "src")
    shutil.copy(ROOT / "pyproject.toml", copy)
    path = copy / "src" / "council_reports" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{imported}  # noqa\n", encoding="utf-8")
    result = _lint_imports(copy)
    assert result.returncode == 1
    assert "broken" in result.stdout
