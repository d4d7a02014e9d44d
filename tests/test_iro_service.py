"""Measures from the IRO service's own records (measures/iro_service.py)."""

from __future__ import annotations

import pandas as pd

from council_reports.reports.iro.measures import caseloads, share


def test_caseload_is_children_in_care_per_full_time_iro_at_each_quarter_end():
    staffing = pd.DataFrame({"quarter": ["Q1", "Q2"], "fte": [4.0, 5.0]})
    in_care = pd.Series({"Q1": 200, "Q2": 220, "Q3": 230})
    table = caseloads(staffing, in_care)
    assert table["in_care"].tolist() == [200, 220]
    assert table["caseload"].tolist() == [50, 44]


def test_share_of_nothing_is_not_available():
    assert share(10, 26) == 10 / 26 * 100
    assert share(0, 0) is None


def test_synthetic_notes_name_files_in_the_folder_and_never_a_path(tmp_path):
    import pytest

    from council_reports.errors import DataError
    from council_reports.reports.iro.service_records import read_synthetic_notes

    assert read_synthetic_notes(tmp_path) == {}  # no SYNTHETIC.txt: nothing made up
    (tmp_path / "staffing.csv").write_text("year\n")
    notes = tmp_path / "SYNTHETIC.txt"
    notes.write_text("# a comment\n\nstaffing.csv: the full-time equivalents\n")
    assert read_synthetic_notes(tmp_path) == {"staffing.csv": "the full-time equivalents"}
    for line, message in (
        ("../../etc/passwd: everything", r"SYNTHETIC.txt:1:file: file '../../etc/passwd' is not"),
        ("staffing.csv", r"SYNTHETIC.txt:1:file: the line does not name a file"),
        ("staffing.csv:  ", r"SYNTHETIC.txt:1:file: the line does not name a file"),
    ):
        notes.write_text(line + "\n")
        with pytest.raises(DataError, match=message):
            read_synthetic_notes(tmp_path)


def test_midway_reviews_are_blank_only_while_paused(tmp_path):
    import pytest

    from council_reports.errors import DataError
    from council_reports.reports.iro.service_records import read_midway_reviews

    path = tmp_path / "midway_reviews.csv"
    header = "year,quarter,status,due,completed,source\n"
    path.write_text(header + "2024-25,Q3,in place,98,49,s\n2024-25,Q4,paused,,,s\n")
    assert read_midway_reviews(path)["completed"].tolist()[0] == 49
    for row, message in (
        ("2024-25,Q3,in place,98,,s", r"midway_reviews.csv:2:completed: completed is blank"),
        (
            "2024-25,Q3,in place,98,99,s",
            r"midway_reviews.csv:2:completed: completed 99 is more than the 98 reviews due",
        ),
        ("2024-25,Q3,stopped,98,49,s", r"midway_reviews.csv:2:status: status 'stopped' is not"),
    ):
        path.write_text(header + row + "\n")
        with pytest.raises(DataError, match=message):
            read_midway_reviews(path)
