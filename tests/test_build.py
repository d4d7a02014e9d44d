"""Building a report end to end (build.py, staging.py, cli.py): the published figures from the
data through to HTML, Word and PDF; reproducible, atomic, locked, incremental by step."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from council_reports.cli import main
from tests.conftest import copy_project, digests
from tests.readers import have

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
OUTPUTS = (
    "report.ipynb",
    "report.qmd",
    "report.html",
    "report.docx",
    "report.pdf",
    "cover-report.qmd",
    "cover-report.html",
    "cover-report.docx",
    "cover-report.pdf",
    "facts.json",
    "manifest.json",
)


def build(out: Path, *args: str, report: str = "attendance") -> int:
    return main(["build", report, "--out", str(out), "--renderer", "pandoc-typst", *args])


def html_text(path: Path) -> str:
    """The HTML with its white space folded, so phrases read as they do on the page."""
    return " ".join(path.read_text(encoding="utf-8").split())


@pytest.fixture
def attendance(built) -> Path:
    return built("attendance", "2023-24")


def test_every_output_is_there(attendance):
    for name in OUTPUTS:
        assert (attendance / name).is_file(), name
    assert (attendance / "tables" / "absence-geography.csv").is_file()
    assert (attendance / "figures" / "absence-sessions.svg").is_file()
    assert (attendance / "figures" / "absence-pupils.svg").is_file()
    assert (attendance.stat().st_mode & 0o077) == (0o777 & ~_umask() & 0o077)  # not 0700


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_facts_carry_the_published_figures(attendance):
    facts = {f["id"]: f for f in json.loads((attendance / "facts.json").read_text())["facts"]}
    assert facts["pa_la"]["value"] == 18.3 and facts["pa_la"]["text"] == "18.3%"
    assert facts["pa_region"]["value"] == 20.8 and facts["pa_england"]["value"] == 20.0
    assert facts["susp_la"]["text"] == "13.03" and facts["susp_la_previous"]["text"] == "9.28"
    assert facts["pa_vs_england"]["value"] == "below"
    assert facts["severe_vs_england"]["value"] == "in line with"  # 2.3% against 2.3%
    assert facts["pa_la"]["source"] == "absence_by_geography"
    # every table cell is a fact with a readable id
    cell = facts["absence-geography.percentage_of_persistent_absentees_10_or_more_missed.change"]
    assert cell["text"] == "0.2 percentage points" and cell["source"] == "table absence-geography"


def test_html_word_and_pdf_show_the_figures(attendance):
    html = (attendance / "report.html").read_text(encoding="utf-8")
    for text in ("18.3%", "20.8%", "20.0%", "13.03", "15.16", "11.31"):
        assert text in html
    assert "suppressed to protect confidentiality" in html
    assert 'alt="' in html and "https://cdn" not in html and "<script" not in html
    cells = [
        c.text for t in Document(attendance / "report.docx").tables for r in t.rows for c in r.cells
    ]
    assert "18.3%" in cells and "20.8%" in cells and "13.03" in cells and "c" in cells
    text = (
        subprocess.run(
            ["pdftotext", str(attendance / "report.pdf"), "-"], capture_output=True, text=True
        ).stdout
        if have("pdftotext")
        else "".join(page.extract_text() for page in PdfReader(attendance / "report.pdf").pages)
    )
    assert "18.3%" in text and "13.03" in text


def test_cover_report_quotes_the_ledger_and_lists_what_goes_with_it(attendance):
    cover = html_text(attendance / "cover-report.html")
    assert "13 October 2025" in cover and "THE ISSUE" in cover and "CONSULTATION" in cover
    assert "persistent absence in Bath and North East Somerset was 18.3%" in cover
    assert (
        'List of attachments</td> <td style="text-align: left;">School attendance and '
        "exclusions: academic year 2023/24</td>" in cover
    )
    for word in ("council-reports", "manifest", "rebuilt"):
        assert word not in cover


def test_outputs_never_hold_identifiers(attendance):
    for name in ("report.ipynb", "report.html", "facts.json"):
        text = (attendance / name).read_text(encoding="utf-8")
        assert not re.search(r"\b[A-Z]\d{12}\b", text)  # UPNs
        assert not re.search(r"\bBA\d{1,2} \d[A-Z]{2}\b", text)  # postcodes


def test_manifest_records_inputs_outputs_and_keys(attendance):
    manifest = json.loads((attendance / "manifest.json").read_text())
    assert manifest["report"] == "attendance" and manifest["la"] == "800"
    assert "data/attendance/absence_by_geography.csv" in manifest["inputs"]
    assert "notebooks/attendance_exclusions.ipynb" in manifest["inputs"]
    assert manifest["renderer"]["name"] == "pandoc-typst"
    assert manifest["outputs"]["report.html"] == digests(attendance)["report.html"]
    assert manifest["publish"] == "committee" and len(manifest["execute_key"]) == 64
    assert "pandas" in manifest["packages"]


def test_two_builds_are_byte_identical_and_a_noop_is_skipped(attendance, tmp_path, capsys):
    assert build(tmp_path, "--la", "800", "--period", "2023-24") == 0
    again = tmp_path / "attendance" / "2023-24" / "800"
    assert digests(again) == digests(attendance)
    capsys.readouterr()
    assert build(tmp_path, "--la", "800", "--period", "2023-24") == 0
    assert capsys.readouterr().out.strip().endswith("800: up to date")


def test_a_prose_edit_renders_again_without_running_the_notebook(
    attendance, tmp_path, monkeypatch, capsys
):
    """Only the Markdown changed: no notebook runs, and the result is the bytes a full build of
    the edited notebook gives."""
    root = copy_project(tmp_path)
    monkeypatch.setenv("COUNCIL_REPORTS_ROOT", str(root))
    out = root / "build"
    target = out / "attendance" / "2023-24" / "800"
    shutil.copytree(attendance, target)
    notebook = root / "notebooks" / "attendance_exclusions.ipynb"
    cells = json.loads(notebook.read_text(encoding="utf-8"))
    prose = next(c for c in cells["cells"] if c["cell_type"] == "markdown")
    prose["source"] = "".join(prose["source"]) + "\n\nA sentence written today."
    notebook.write_text(json.dumps(cells, indent=1) + "\n", encoding="utf-8")

    def no_run(*args, **kwargs):
        raise AssertionError("the notebook ran")

    monkeypatch.setattr("council_reports.execute.execute", no_run)
    capsys.readouterr()
    assert build(out, "--la", "800", "--period", "2023-24") == 0
    assert "800: rendered in" in capsys.readouterr().out
    assert "A sentence written today." in html_text(target / "report.html")
    rendered = digests(target)
    assert rendered["cover-report.pdf"] == digests(attendance)["cover-report.pdf"]  # copied
    monkeypatch.undo()
    monkeypatch.setenv("COUNCIL_REPORTS_ROOT", str(root))
    assert build(out, "--la", "800", "--period", "2023-24", "--force") == 0
    assert digests(target) == rendered


def test_bad_data_is_one_line_and_the_previous_build_survives(attendance, tmp_path, capsys):
    out = tmp_path / "build"
    shutil.copytree(attendance, out / "attendance" / "2023-24" / "800")
    before = digests(out / "attendance" / "2023-24" / "800")
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "attendance" / "absence_by_geography.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("Academic year", "Academic yr", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = build(out, "--la", "800", "--period", "2023-24", "--data", str(data), "--force")
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err[-1].startswith(f"error: {path}:3:time_identifier: time_identifier 'Academic yr'")
    assert len([line for line in err if line.startswith("error")]) == 1
    assert digests(out / "attendance" / "2023-24" / "800") == before
    assert [p.name for p in (out / "attendance" / "2023-24").iterdir()] == ["800"]


@pytest.mark.parametrize(
    ("args", "environment", "message"),
    [
        (
            ("--la", "999", "--period", "2023-24"),
            {},
            "error: no data for LA 999 (153 LAs have data, 201 to 943",  # every LA in England
        ),
        (("--la", "800", "--period", "2023/24"), {}, "error: period '2023/24' is not a year"),
        (("--la", "800", "--period", "2023-24", "--to", "rtf"), {}, "error: unknown format rtf"),
        (("--la", "800", "--period", "2023-24", "--to", ","), {}, "error: no format to build"),
        (
            ("--la", "800", "--period", "2023-24"),
            {"SOURCE_DATE_EPOCH": "garbage"},
            "error: SOURCE_DATE_EPOCH is 'garbage'",
        ),
        (
            ("--la", "800", "--period", "2023-24"),
            {"SOURCE_DATE_EPOCH": "-99999999999"},
            "error: SOURCE_DATE_EPOCH is '-99999999999'",
        ),
    ],
)
def test_bad_parameters_are_one_line(tmp_path, capsys, monkeypatch, args, environment, message):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert build(tmp_path, *args) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1
    assert not any(tmp_path.rglob("*.ipynb"))


def test_debris_of_a_killed_build_is_cleared_and_a_failed_notebook_does_not_outlive_a_good_build(
    attendance, tmp_path
):
    out = tmp_path / "build"
    folder = out / "attendance" / "2023-24"
    shutil.copytree(attendance, folder / "800")
    (folder / ".800.staging-abc123").mkdir()
    (folder / ".800.staging-abc123" / "report.html").write_text("half written")
    (folder / ".800.old-4242").mkdir()
    (folder / ".800.failed.ipynb").write_text("{}")
    assert build(out, "--la", "800", "--period", "2023-24", "--force") == 0
    assert sorted(p.name for p in folder.iterdir()) == ["800"]


def _command(out: Path, *args: str) -> list[str]:
    return [
        str(Path(sys.executable).parent / "council-reports"),
        "build",
        "attendance",
        "--out",
        str(out),
        "--renderer",
        "pandoc-typst",
        *args,
    ]


def test_two_processes_on_one_target_never_clobber_each_other(attendance, tmp_path):
    out = tmp_path / "build"
    folder = out / "attendance" / "2023-24"
    args = ("--la", "800", "--period", "2023-24", "--force", "--to", "html")
    first, second = (
        subprocess.Popen(_command(out, *args), stderr=subprocess.PIPE, text=True) for _ in range(2)
    )
    assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["800"]
    assert "18.3%" in (folder / "800" / "report.html").read_text(encoding="utf-8")


def test_sigterm_mid_build_leaves_the_previous_build_and_nothing_else(attendance, tmp_path):
    out = tmp_path / "build"
    folder = out / "attendance" / "2023-24"
    shutil.copytree(attendance, folder / "800")
    before = digests(folder / "800")
    process = subprocess.Popen(
        _command(out, "--la", "800", "--period", "2023-24", "--force"),
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not any(folder.glob(".800.staging-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 130
    assert "interrupted: the previous build is unchanged" in process.stderr.read()
    assert sorted(p.name for p in folder.iterdir()) == ["800"]
    assert digests(folder / "800") == before


def test_a_read_only_build_folder_is_one_line(tmp_path, capsys, read_only_build_folder):
    out = tmp_path / "build"
    read_only_build_folder()
    assert build(out, "--la", "800", "--period", "2023-24") == 2
    err = capsys.readouterr().err
    assert err == f"error: {out / 'attendance' / '2023-24'}: Permission denied\n"


def test_a_full_disk_while_the_notebook_runs_is_one_line(attendance, tmp_path, capsys, monkeypatch):
    out = tmp_path / "build"
    shutil.copytree(attendance, out / "attendance" / "2023-24" / "800")
    before = digests(out / "attendance" / "2023-24" / "800")

    def full(self):
        raise OSError(errno.ENOSPC, "No space left on device", str(self.folder / "facts.json"))

    monkeypatch.setattr("council_reports.notebook.NotebookReport.save", full)
    assert build(out, "--la", "800", "--period", "2023-24", "--force") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].endswith("facts.json: No space left on device")
    assert sum(line.startswith("error:") for line in err) == 1
    assert digests(out / "attendance" / "2023-24" / "800") == before
    assert sorted(p.name for p in (out / "attendance" / "2023-24").iterdir()) == ["800"]


def test_any_la_in_england_builds_from_published_figures(tmp_path):
    assert build(tmp_path, "--la", "801", "--period", "2023-24", "--to", "html") == 0
    html = (tmp_path / "attendance" / "2023-24" / "801" / "report.html").read_text(encoding="utf-8")
    assert "Bristol" in html and "Contains synthetic data." not in html


FAKE_QUARTO = """#!/bin/sh
# Stands in for quarto: logs its arguments, writes the file named after --output.
echo "$@" >> "$QUARTO_LOG"
[ "$1" = "--version" ] && { echo 1.9.0; exit 0; }
while [ $# -gt 1 ]; do [ "$1" = "--output" ] && echo "rendered by fake quarto" > "$2"; shift; done
"""


def test_with_quarto_on_path_the_build_runs_its_command_lines(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "quarto").write_text(FAKE_QUARTO)
    (bin_dir / "quarto").chmod(0o755)
    log = tmp_path / "quarto.log"
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    monkeypatch.setenv("QUARTO_LOG", str(log))
    monkeypatch.delenv("COUNCIL_REPORTS_RENDERER", raising=False)
    out = tmp_path / "build"
    assert (
        main(["build", "attendance", "--out", str(out), "--la", "800", "--period", "2023-24"]) == 0
    )
    commands = sorted(line for line in log.read_text().splitlines() if line.startswith("render"))
    assert commands == sorted(
        f"render {document}.qmd --to council-{fmt} --output {document}.{suffix}"
        for document in ("report", "cover-report")
        for fmt, suffix in (("html", "html"), ("docx", "docx"), ("typst", "pdf"))
    )
    manifest = json.loads((out / "attendance" / "2023-24" / "800" / "manifest.json").read_text())
    assert "quarto 1.9.0" in json.dumps(manifest)
