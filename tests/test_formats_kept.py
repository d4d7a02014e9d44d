"""Building one format never removes another (issue 22): ``--to pdf`` after a full build keeps
the HTML and Word documents made from the same inputs, and when the inputs have changed it
removes them knowingly and says so."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from council_reports.cli import main
from tests.conftest import copy_project, digests

pytestmark = pytest.mark.slow
DOCUMENTS = ("report", "cover-report")


def build(out: Path, *args: str) -> int:
    arguments = ["build", "attendance", "--la", "800", "--period", "2023-24", "--out", str(out)]
    return main([*arguments, "--renderer", "pandoc-typst", *args])


@pytest.fixture
def project(built, tmp_path, monkeypatch) -> Path:
    """A project of our own holding a full build of attendance 2023-24."""
    root = copy_project(tmp_path)
    monkeypatch.setenv("COUNCIL_REPORTS_ROOT", str(root))
    shutil.copytree(built("attendance", "2023-24"), root / "build" / "attendance/2023-24/800")
    return root


def _formats(target: Path) -> list[str]:
    return json.loads((target / "manifest.json").read_text(encoding="utf-8"))["formats"]


def test_a_format_of_a_full_build_is_up_to_date_and_forcing_it_keeps_the_others(project, capsys):
    target = project / "build" / "attendance/2023-24/800"
    before = digests(target)
    capsys.readouterr()
    assert build(project / "build", "--to", "pdf") == 0
    assert capsys.readouterr().out.strip().endswith("800: up to date")
    assert build(project / "build", "--to", "pdf", "--force") == 0
    after = digests(target)
    for name in (f"{document}.{fmt}" for document in DOCUMENTS for fmt in ("html", "docx", "pdf")):
        assert after[name] == before[name], name  # kept, and the PDF made again the same
    assert _formats(target) == ["html", "docx", "pdf"]
    assert "note:" not in capsys.readouterr().err


def test_after_an_edit_one_format_is_made_and_the_outdated_others_are_removed_and_named(
    project, capsys
):
    target = project / "build" / "attendance/2023-24/800"
    notebook = project / "notebooks" / "attendance_exclusions.ipynb"
    cells = json.loads(notebook.read_text(encoding="utf-8"))
    prose = next(c for c in cells["cells"] if c["cell_type"] == "markdown")
    prose["source"] = "".join(prose["source"]) + "\n\nA sentence written today."
    notebook.write_text(json.dumps(cells, indent=1) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert build(project / "build", "--to", "pdf") == 0
    text = " ".join(p.extract_text() for p in PdfReader(target / "report.pdf").pages)
    assert "A sentence written today." in " ".join(text.split())
    assert not any((target / f"{d}.{f}").exists() for d in DOCUMENTS for f in ("html", "docx"))
    err = capsys.readouterr().err
    assert "removed cover-report.docx, cover-report.html, report.docx, report.html:" in err
    assert "made from inputs that have changed since" in err
    assert _formats(target) == ["pdf"]
    assert build(project / "build", "--to", "html") == 0  # the PDF is current: kept
    assert (target / "report.pdf").is_file() and (target / "report.html").is_file()
    assert _formats(target) == ["html", "pdf"]
    capsys.readouterr()
    assert build(project / "build", "--to", "pdf,html") == 0
    assert capsys.readouterr().out.strip().endswith("800: up to date")
