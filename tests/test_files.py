"""Reading files as sent (load/files.py): what a spreadsheet writes is read as it shows it, and
what it should not hold is named (the bad-input corpus in tests/bad_inputs/ has the rest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from council_reports.errors import DataError
from council_reports.load.files import read_csv, read_records, workbook_grid


def write(tmp_path: Path, text: str, name: str = "table.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_cells_are_stripped_text_and_symbols_stay(tmp_path):
    path = write(tmp_path, "code, value \n 07 ,c\n")
    assert read_records(path, ("code", "value"), hint="h") == [{"code": "07", "value": "c"}]


def test_what_excel_writes_is_read(tmp_path):
    # a byte order mark, CRLF, empty cells after the last column and blank lines at the end
    path = write(tmp_path, "\ufeffa,b,,\r\n1,2,,\r\n3,4,,\r\n\r\n,,,\r\n")
    assert read_csv(path, ("a", "b"), hint="h").values.tolist() == [["1", "2"], ["3", "4"]]


def test_a_quoted_line_break_is_one_cell_and_rows_keep_their_numbers(tmp_path):
    path = write(tmp_path, 'a,b\n1,"two\nlines"\n3\n')
    with pytest.raises(DataError) as caught:
        read_records(path, hint="h")
    assert str(caught.value).endswith(
        "table.csv:3:b: row has 1 cells, the header has 2 (one cell "
        "per column; quote a cell that holds a comma)"
    )
    path = write(tmp_path, 'a,b\n1,"two\nlines"\n')
    assert read_records(path, hint="h") == [{"a": "1", "b": "two\nlines"}]


def test_a_header_only_file_may_be_allowed(tmp_path):
    path = write(tmp_path, "CHILD,DUC\n")
    assert read_csv(path, ("CHILD",), hint="h", rows_required=False).columns.tolist() == [
        "CHILD",
        "DUC",
    ]
    with pytest.raises(DataError, match=r"table.csv:2: the file has a header but no rows"):
        read_csv(path, hint="h")


def test_a_column_without_a_name_is_refused(tmp_path):
    path = write(tmp_path, "a,,c\n1,2,3\n")
    with pytest.raises(DataError, match=r"table.csv:1:B: a column has no name in the header row"):
        read_records(path, hint="h")


def test_a_workbook_sheet_keeps_its_merged_ranges_and_hidden_rows(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    for row in (["Title"], [], ["Label", "Count"], ["A", 1], ["B", 2]):
        sheet.append(row)
    sheet.merge_cells("A1:B1")  # a merged title above the table is fine
    path = tmp_path / "return.xlsx"
    book.save(path)
    grid = workbook_grid(path, "Data")
    header, rows = grid.table(3, ("Label", "Count"), hint="h", until_blank=True)
    assert [cell.ref for cell in header] == ["A3", "B3"]
    assert [(row["Label"].text, row["Count"].value, row["Count"].ref) for row in rows] == [
        ("A", 1, "B4"),
        ("B", 2, "B5"),
    ]
    sheet.row_dimensions[5].hidden = True
    book.save(path)
    with pytest.raises(DataError, match=r"return.xlsx:Data:A5: row 5 is hidden"):
        workbook_grid(path, "Data").table(3, (), hint="h", until_blank=True)
