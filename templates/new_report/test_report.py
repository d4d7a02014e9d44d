"""The example_report report: its data checks and its facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from council_reports.errors import DataError
from council_reports.framework import Target
from council_reports.ledger import Ledger
from council_reports.periods import Period
from council_reports.reports.example_report.content import ExampleReport
from council_reports.reports.example_report.data import load

HEADER = "period,la_code,group,children"


def write(folder: Path, *rows: str) -> Path:
    (folder / "counts.csv").write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    return folder


def test_a_count_that_is_not_a_whole_number_is_reported_with_its_row(tmp_path):
    write(tmp_path, "2024-25,800,Under 5,12", "2024-25,800,5 to 9,12.5")
    with pytest.raises(DataError) as error:
        load(tmp_path)
    assert (error.value.row, error.value.column) == (3, "children")


def test_the_facts_add_up_the_groups_of_the_la(tmp_path):
    write(
        tmp_path,
        "2023-24,800,Under 5,3",
        "2024-25,800,Under 5,4",
        "2024-25,800,5 to 9,6",
        "2024-25,801,Under 5,100",
    )
    target = Target("example_report", "800", Period.parse("2024-25"), tmp_path, Path("templates"))
    facts = Ledger()
    ExampleReport(target).record(facts)
    assert facts["children"].value == 10
    assert facts["children_previous"].value == 3
    assert facts["children_direction"].text() == "rose"
