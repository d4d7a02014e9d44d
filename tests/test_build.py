"""Building the attendance report end to end (build.py, cli.py): the seed's published figures
from the data through to the rendered HTML, Word and PDF; reproducible, atomic, incremental."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from council_reports.cli import main
from council_reports.numbers import format_value

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
    # alt text says each chart's point briefly (present/charts.py); the tables hold the figures
    alts = re.findall(r'<img [^>]*alt="([^"]*)"', html)
    assert alts and all(0 < len(alt) < 250 and "England" in alt for alt in alts)
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


def test_iro_report_from_the_903_return_without_identifiers(tmp_path):
    import re

    out = tmp_path / "build"
    assert build(out, "--la", "800", "--period", "2024-25", report="iro") == 0
    built = out / "iro" / "2024-25" / "800"
    html = html_text(built / "report.html")
    assert "220 children were in care at 31 March 2025, an increase of 1.4% on the 217" in html
    assert "Contains synthetic data." in html
    assert "467 of the 501 reviews held in the year (93.2%) were on time" in html
    assert "137 of the 220 children in care were placed more than 20 miles from home" in html
    assert "60 children in care per 10,000 children, against 67 in England" in html
    # the DRP log began in October 2024: its quarters, not the year, and no zeros for Q1-Q2
    assert "The DRP log began in October 2024: IROs used the DRP 54 times in Q3 to Q4." in html
    # the published text's "46% female (increase of 9%)" is 8 percentage points; UASC 8%, once
    assert (
        "54% of children in care were male (62% a year before) and 46% female (38% a year before):"
        " a change of +8 percentage points." in html
    )
    assert (
        "18 of the 220 children in care (8%) were unaccompanied asylum-seeking children: 17 aged 16"
        " or over and 16 male" in html
    )
    import zipfile

    with zipfile.ZipFile(built / "slides.pptx") as slides:
        text = "".join(
            slides.read(n).decode() for n in slides.namelist() if n.startswith("ppt/slides/")
        )
    assert "220 children in care at 31 March (+1.4% on the year before)" in text
    assert "467 of 501 reviews on time (93.2%)" in text
    with zipfile.ZipFile(built / "slides.pptx") as slides:  # the report's charts, alt text too
        assert sum(n.startswith("ppt/media/") for n in slides.namelist()) == 7
        assert 'descr="Bar chart of Reviews on time. Reviews on time: Q1 91.0%' in text
    cells = docx_cells(built / "report.docx")
    assert "+15.7%" in cells and "228" in cells and "155" not in cells  # 155 is prose, not a cell
    assert "Excellent" in cells  # the internal audit's assessments (report 14.2)
    text = "".join(page.extract_text() for page in PdfReader(built / "report.pdf").pages)
    assert "+15.7%" in text
    # the service's records and targets: social work reports, participation, 2025-26 targets
    assert (
        "40% of review records were distributed within 20 working days, against this"
        " year\u2019s target of 85%" in html
    )
    assert "45% of reviews had the social work report three working days before" in html
    assert "62% of reviews included the child" in html
    # the 2025-26 targets beside each measure's 2024-25 value, as the ledger holds it
    facts = {f["id"]: f["value"] for f in json.loads((built / "facts.json").read_text())["facts"]}
    percent = [c for c in cells if c.endswith("%")]
    for target, measure in (
        (90, "reviews_on_time_share"),
        (75, "records_on_time_share"),
        (90, "sw_reports_on_time_share"),
    ):
        decimals = 1 if measure == "reviews_on_time_share" else 0  # as the report states each
        row = [f"{target}%", format_value(facts[measure], "%", decimals)]
        assert any(percent[i : i + 2] == row for i in range(len(percent))), row
    assert format_value(facts["reviews_on_time_share"], "%", 1) == "93.2%"
    for path in built.rglob("*"):
        if path.suffix in {".docx", ".pptx"}:
            with zipfile.ZipFile(path) as package:
                content = "".join(
                    package.read(n).decode("utf-8", "replace")
                    for n in package.namelist()
                    if n.endswith(".xml")
                )
        elif path.suffix == ".pdf":
            content = "".join(page.extract_text() for page in PdfReader(path).pages)
        elif path.suffix in {".ipynb", ".html", ".qmd", ".json", ".csv", ".md"}:
            content = path.read_text(encoding="utf-8")
        else:
            continue
        assert "SYN0" not in content, path  # child identifiers
        assert not re.search(r"\b\d{2}/\d{2}/(19|20)\d{2}\b", content), path  # dates of birth
        assert not re.search(r"\bB[AS]?\d{1,2} \d[A-Z]{2}\b", content), path  # postcodes
        assert not re.search(r"\b[A-HJ-NP-RT-Z]\d{12}\b", content), path  # UPNs


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


def test_iro_report_explains_why_the_stock_does_not_add_up(tmp_path):
    out = tmp_path / "build"
    assert build(out, "--la", "800", "--period", "2022-23", "--to", "html", report="iro") == 0
    html = html_text(out / "iro" / "2022-23" / "800" / "report.html")
    assert "The 197 in care a year before, plus 95 starts, less 65 ends, make 227, not 228" in html
