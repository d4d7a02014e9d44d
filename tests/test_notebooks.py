"""The report notebooks, executed by papermill; pytest-notebook guards their outputs.

The regression references in tests/regression/ are executed notebooks stored as JSON (not
.ipynb, which are stored without outputs), SVG outputs left out. After an intended change,
regenerate them with `COUNCIL_REPORTS_REGENERATE=1 make test` and review the diff in git.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
from pytest_notebook.diffing import diff_notebooks, diff_to_string, filter_diff

from council_reports.errors import ParameterError
from council_reports.execute import execute

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
REGRESSION = ROOT / "tests" / "regression"
IGNORE = ["/metadata", "/cells/*/metadata", "/cells/*/execution_count"]
CASES = [
    ("attendance_exclusions.ipynb", "attendance", {"la": "800", "period": "2023-24"}),
    ("bcssp_appendices.ipynb", "bcssp", {"la": "800", "period": "2023-24"}),
    ("iro_annual_report.ipynb", "iro", {"la": "800", "period": "2024-25"}),
]


def run(tmp_path: Path, notebook: str, data: str, parameters: dict) -> nbformat.NotebookNode:
    output = tmp_path / "out.ipynb"
    parameters = parameters | {
        "data_dir": os.path.relpath(ROOT / "data" / data, tmp_path),
        "output_dir": ".",
    }
    execute(ROOT / "notebooks" / notebook, output, parameters, cwd=tmp_path)
    return nbformat.read(output, as_version=4)


def comparable(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Leave out what depends on where the test runs (the injected data_dir) and the SVGs."""
    for cell in notebook.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = ""
        for output in cell.get("outputs", []):
            output.get("data", {}).pop("image/svg+xml", None)
    return notebook


@pytest.mark.parametrize(("notebook", "data", "parameters"), CASES)
def test_notebook_outputs_match_the_reference(tmp_path, notebook, data, parameters):
    executed = comparable(run(tmp_path, notebook, data, parameters))
    name = f"{Path(notebook).stem}-{parameters['la']}-{parameters['period']}.json"
    reference_path = REGRESSION / name
    if os.environ.get("COUNCIL_REPORTS_REGENERATE") or not reference_path.is_file():
        reference_path.write_text(nbformat.writes(executed) + "\n", encoding="utf-8")
        pytest.skip(f"wrote the reference {name}: review and commit it")
    reference = nbformat.reads(reference_path.read_text(encoding="utf-8"), as_version=4)
    diff = filter_diff(diff_notebooks(reference, executed), IGNORE)
    assert not diff, diff_to_string(reference, diff, use_color=False)


def test_facts_written_by_the_attendance_notebook(tmp_path):
    run(tmp_path, "attendance_exclusions.ipynb", "attendance", {"la": "800", "period": "2023-24"})
    facts = {f["id"]: f for f in json.loads((tmp_path / "facts.json").read_text())["facts"]}
    assert facts["pa_la"]["text"] == "18.3%"
    assert facts["susp_la"]["text"] == "13.03"
    assert (tmp_path / "figures" / "absence-pupils.svg").read_text().startswith("<svg")


def test_unknown_la_inside_the_notebook_is_one_clean_error(tmp_path):
    with pytest.raises(ParameterError, match="LA '999' is not in the data"):
        run(
            tmp_path,
            "attendance_exclusions.ipynb",
            "attendance",
            {"la": "999", "period": "2023-24"},
        )
