"""Building the attendance report end to end (build.py, cli.py): the seed's published figures
from the data through to the rendered HTML, Word and PDF; reproducible, atomic, incremental."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from council_reports.cli import main

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
OUTPUTS = (
    "report.ipynb",
    "report.qmd",
    "report.html",
    "report.docx",
    "report.pdf",
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


def docx_cells(path: Path) -> list[str]:
    return [c.text for t in Document(path).tables for r in t.rows for c in r.cells]


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build")
    assert build(out, "--la", "800", "--period", "2023-24") == 0
    return out / "attendance" / "2023-24" / "800"


def test_every_output_is_there(built):
    for name in OUTPUTS:
        assert (built / name).is_file(), name
    assert (built / "tables" / "absence-geography.csv").is_file()
    assert (built / "figures" / "absence-geography.svg").is_file()


def test_facts_carry_the_published_figures(built):
    facts = {f["id"]: f for f in json.loads((built / "facts.json").read_text())["facts"]}
    assert facts["pa_la"]["value"] == 18.3 and facts["pa_la"]["text"] == "18.3%"
    assert facts["pa_region"]["value"] == 20.8
    assert facts["pa_england"]["value"] == 20.0
    assert facts["pa_la_previous"]["value"] == 18.1
    assert facts["susp_la"]["text"] == "13.03"
    assert facts["susp_la_previous"]["text"] == "9.28"
    assert facts["pa_vs_england"]["value"] == "below"
    assert facts["severe_vs_england"]["value"] == "in line with"  # 2.3% against 2.3%
    assert facts["pa_la"]["source"] == "absence_by_geography"


def test_html_shows_the_figures_and_keeps_symbols(built):
    html = (built / "report.html").read_text(encoding="utf-8")
    for text in ("18.3%", "20.8%", "20.0%", "13.03", "15.16", "11.31"):
        assert text in html
    assert "<td>c</td>" in html or '"right">c<' in html or ">c</td>" in html
    assert "suppressed to protect confidentiality" in html
    assert 'alt="Bar chart of' in html
    assert "https://cdn" not in html and "<script src=" not in html


def test_docx_tables_hold_the_figures(built):
    cells = docx_cells(built / "report.docx")
    assert "18.3%" in cells and "20.8%" in cells and "13.03" in cells and "c" in cells


def test_pdf_text_holds_the_figures(built):
    text = "".join(page.extract_text() for page in PdfReader(built / "report.pdf").pages)
    assert "18.3%" in text and "13.03" in text


def test_cover_report_quotes_the_ledger(built):
    cover = (built / "cover-report.html").read_text(encoding="utf-8")
    assert "13 October 2025" in cover and "THE ISSUE" in cover and "CONSULTATION" in cover
    assert "persistent absence in Bath and North East Somerset was 18.3%" in cover


def test_outputs_never_hold_identifiers(built):
    # aggregate statistics only: no UPNs (a letter and 12 digits) or postcodes
    import re

    for name in ("report.ipynb", "report.html", "facts.json"):
        text = (built / name).read_text(encoding="utf-8")
        assert not re.search(r"\b[A-Z]\d{12}\b", text)
        assert not re.search(r"\bBA\d{1,2} \d[A-Z]{2}\b", text)


def test_manifest_records_inputs_and_outputs(built):
    manifest = json.loads((built / "manifest.json").read_text())
    assert manifest["report"] == "attendance" and manifest["la"] == "800"
    assert "data/attendance/absence_by_geography.csv" in manifest["inputs"]
    assert "notebooks/attendance_exclusions.ipynb" in manifest["inputs"]
    assert manifest["renderer"]["name"] == "pandoc-typst"
    assert manifest["outputs"]["report.html"] == digests(built)["report.html"]
    assert "pandas" in manifest["packages"]


def test_two_builds_are_byte_identical_and_a_noop_is_skipped(built, tmp_path, capsys):
    assert build(tmp_path, "--la", "800", "--period", "2023-24") == 0
    again = tmp_path / "attendance" / "2023-24" / "800"
    assert digests(again) == digests(built)
    capsys.readouterr()
    assert build(tmp_path, "--la", "800", "--period", "2023-24") == 0
    assert "up to date" in capsys.readouterr().out


def test_bad_data_is_one_line_and_the_previous_build_survives(built, tmp_path, capsys):
    out = tmp_path / "build"
    shutil.copytree(built, out / "attendance" / "2023-24" / "800")
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
    assert err == [
        f"error: {path}:3:time_identifier: time_identifier 'Academic yr' is not one of "
        "('Academic year', 'Financial year', 'Calendar year', 'Reporting year')"
    ]
    assert digests(out / "attendance" / "2023-24" / "800") == before
    assert [p.name for p in (out / "attendance" / "2023-24").iterdir()] == ["800"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--la", "999", "--period", "2023-24"),
            "error: no attendance data for LA '999' in 2023-24 (LAs: 800, 801, 802, 803)",
        ),
        (
            ("--la", "800", "--period", "2023/24"),
            "error: period '2023/24' is not a year such as 2023-24",
        ),
        (
            ("--la", "800", "--period", "2023-24", "--to", "rtf"),
            "error: unknown format rtf (formats:",
        ),
    ],
)
def test_bad_parameters_are_one_line(tmp_path, capsys, args, message):
    assert build(tmp_path, *args) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1


def test_any_la_in_the_data_builds_and_says_synthetic(tmp_path):
    assert build(tmp_path, "--la", "801", "--period", "2023-24", "--to", "html") == 0
    html = (tmp_path / "attendance" / "2023-24" / "801" / "report.html").read_text(encoding="utf-8")
    assert "Bristol" in html and "Contains synthetic data." in html


def test_bcssp_appendices_carry_the_published_figures(tmp_path):
    out = tmp_path / "build"
    assert build(out, "--la", "800", "--period", "2023-24", report="bcssp") == 0
    built = out / "bcssp" / "2023-24" / "800"
    html = html_text(built / "report.html")
    assert "a change of +104 (+58.4%)" in html
    assert "1,603 safeguarding concerns were raised about 1,086 people" in html
    assert '<td class="rag-red" style="text-align: right;">33 R</td>' in html  # letter + colour
    cells = docx_cells(built / "report.docx")
    assert "+168.8%" in cells and "+108" in cells and "172" in cells
    assert "74 A" in cells and "90 G" in cells
    assert "81%" in cells and "59%" in cells and "57%" in cells and "23%" in cells
    assert "282 missing children reports" in html_text(built / "cover-report.html")


def test_a_malformed_return_fails_cleanly_and_keeps_the_previous_build(tmp_path, capsys):
    from openpyxl import load_workbook

    out, data = tmp_path / "build", tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    args = [
        "build",
        "bcssp",
        "--la",
        "800",
        "--period",
        "2023-24",
        "--out",
        str(out),
        "--data",
        str(data),
        "--to",
        "html",
        "--renderer",
        "pandoc-typst",
    ]
    assert main(args) == 0
    before = digests(out / "bcssp" / "2023-24" / "800")
    path = data / "bcssp" / "2023-24" / "training_kpis.xlsx"
    book = load_workbook(path)
    book["Training KPIs"]["F12"] = 120
    book.save(path)
    capsys.readouterr()
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "error: training_kpis.xlsx:Training KPIs:F12: Oxford Health, KPI 1.6 is 120, "
        "outside 0-100 (percentages run from 0 to 100)"
    ]
    assert digests(out / "bcssp" / "2023-24" / "800") == before


FAKE_QUARTO = """#!/bin/sh
# Stands in for quarto: logs its arguments, writes the file named after --output.
echo "$@" >> "$QUARTO_LOG"
[ "$1" = "--version" ] && { echo 1.9.0; exit 0; }
while [ $# -gt 1 ]; do [ "$1" = "--output" ] && echo "rendered by fake quarto" > "$2"; shift; done
"""


def test_with_quarto_on_path_the_build_runs_its_commands_and_adds_revealjs(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "quarto").write_text(FAKE_QUARTO)
    (bin_dir / "quarto").chmod(0o755)
    log = tmp_path / "quarto.log"
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    monkeypatch.setenv("QUARTO_LOG", str(log))
    monkeypatch.delenv("COUNCIL_REPORTS_RENDERER", raising=False)
    out = tmp_path / "build"
    assert main(["build", "iro", "--out", str(out), "--la", "800", "--period", "2024-25"]) == 0
    built = out / "iro" / "2024-25" / "800"
    commands = [line for line in log.read_text().splitlines() if line.startswith("render")]
    assert commands == [
        f"render {document}.qmd --to council-{fmt} --output {document}.{suffix}"
        for document, formats in (
            ("report", ("html", "docx", "typst")),
            ("cover-report", ("html", "docx", "typst")),
            ("slides", ("pptx", "revealjs")),
        )
        for fmt in formats
        for suffix in [{"typst": "pdf", "revealjs": "html"}.get(fmt, fmt)]
    ]
    assert (built / "slides.html").read_text() == "rendered by fake quarto\n"
    manifest = json.loads((built / "manifest.json").read_text())
    assert "quarto 1.9.0" in json.dumps(manifest)
