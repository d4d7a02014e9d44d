"""The report notebooks as papermill ran them; pytest-notebook guards their outputs.

Each build keeps its executed notebook (report.ipynb); it is compared with a reference in
tests/regression/ (an executed notebook stored as JSON, not .ipynb, which are stored without
outputs; SVG outputs left out). After an intended change, regenerate the references with
`COUNCIL_REPORTS_REGENERATE=1 .venv/bin/python -m pytest tests/test_notebooks.py` and review the
diff in git. A missing reference fails: it is never written and then passed.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from pytest_notebook.diffing import diff_notebooks, diff_to_string, filter_diff

from council_reports.errors import ParameterError
from council_reports.execute import execute
from tests.conftest import registered

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
REGRESSION = ROOT / "tests" / "regression"
IGNORE = ["/metadata", "/cells/*/metadata", "/cells/*/execution_count"]
CASES = [(Path(r.notebook).stem, r.id, str(r.test_target[1])) for r in registered()]


def comparable(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Leave out what depends on where the test runs (the injected data_dir) and the SVGs."""
    for cell in notebook.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = ""
        for output in cell.get("outputs", []):
            output.get("data", {}).pop("image/svg+xml", None)
    return notebook


@pytest.mark.parametrize(("notebook", "report", "period"), CASES)
def test_notebook_outputs_match_the_reference(built, notebook, report, period):
    executed = comparable(nbformat.read(built(report, period) / "report.ipynb", as_version=4))
    reference_path = REGRESSION / f"{notebook}-800-{period}.json"
    if os.environ.get("COUNCIL_REPORTS_REGENERATE"):
        reference_path.write_text(nbformat.writes(executed) + "\n", encoding="utf-8")
    assert reference_path.is_file(), (
        f"no reference {reference_path.name}: write it with COUNCIL_REPORTS_REGENERATE=1, review"
        " it and commit it"
    )
    reference = nbformat.reads(reference_path.read_text(encoding="utf-8"), as_version=4)
    diff = filter_diff(diff_notebooks(reference, executed), IGNORE)
    assert not diff, diff_to_string(reference, diff, use_color=False)


def test_unknown_la_inside_the_notebook_is_one_clean_error(tmp_path):
    target = {
        "report": "attendance",
        "la": "999",
        "period": "2023-24",
        "data_dir": os.path.relpath(ROOT / "data" / "attendance", tmp_path),
    }
    parameters = {"target": target, "output_dir": "."}
    with pytest.raises(ParameterError, match="no attendance data for LA '999' in 2023-24"):
        execute(
            ROOT / "notebooks" / "attendance_exclusions.ipynb",
            tmp_path / "out.ipynb",
            parameters,
            cwd=tmp_path,
        )
