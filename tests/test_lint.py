"""`council-reports lint` (lint.py): a hand-typed number in prose is an error."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from council_reports.cli import main
from council_reports.lint import hand_typed, lint

ROOT = Path(__file__).resolve().parents[1]


def test_placeholders_dates_links_and_constants_are_allowed():
    text = (
        "On 13 October 2025 ({pa_la}, see [DfE](https://example.org/2024)) pupils missing "
        "10% or more were persistently absent; reviews within 20 working days."
    )
    assert hand_typed(text, ("10% or more", "20 working days")) == []


def test_numbers_are_found():
    assert hand_typed("Persistent absence was 18.3% and 2,551 suspensions") == ["18.3%", "2,551"]


def test_a_month_and_year_is_a_date_but_a_bare_year_is_not():
    assert hand_typed("The protocol was relaunched in September 2024.") == []
    assert hand_typed("The protocol was relaunched in 2024.") == ["2024."]


def test_the_bundled_notebooks_and_cover_reports_are_clean():
    assert lint(ROOT) == []


def test_a_number_typed_into_a_notebook_fails_lint(tmp_path, monkeypatch, capsys):
    for name in ("notebooks", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    path = tmp_path / "notebooks" / "attendance_exclusions.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    markdown = next(c for c in notebook["cells"] if c["cell_type"] == "markdown")
    markdown["source"] = "Persistent absence fell to 17.9% this year."
    code = next(c for c in notebook["cells"] if "display(say(" in "".join(c["source"]))
    code["source"] = "display(say('We had 282 reports, {pa_la}'))"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    monkeypatch.setenv("COUNCIL_REPORTS_ROOT", str(tmp_path))
    assert main(["lint"]) == 1
    out = capsys.readouterr().out
    assert "number '17.9%' typed by hand in prose" in out
    assert "number '282' typed by hand in prose" in out
    assert "2 hand-typed number(s)" in out
