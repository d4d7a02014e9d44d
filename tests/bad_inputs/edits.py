"""Ways to damage a copy of a data file, as a partner, a spreadsheet or a disk might."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook


def rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, table: list[list[str]], encoding: str = "utf-8") -> None:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(table)
    path.write_text(text.getvalue(), encoding=encoding)


def set_cell(path: Path, row: int, column: str, value: str, header: int = 1) -> None:
    """Set the cell at spreadsheet ``row`` in the ``column`` named in row ``header``."""
    table = rows(path)
    table[row - 1][table[header - 1].index(column)] = value
    write_rows(path, table)


def set_column(path: Path, column: str, value: str, where: tuple[str, str] | None = None) -> None:
    """Set ``column`` in every row (or those whose ``where[0]`` column reads ``where[1]``)."""
    table = rows(path)
    at = table[0].index(column)
    for row in table[1:]:
        if where is None or row[table[0].index(where[0])] == where[1]:
            row[at] = value
    write_rows(path, table)


def repeat_row(path: Path, row: int) -> None:
    """Append a copy of spreadsheet ``row`` at the end."""
    table = rows(path)
    write_rows(path, [*table, list(table[row - 1])])


def drop_last_cell(path: Path, row: int) -> None:
    table = rows(path)
    table[row - 1] = table[row - 1][:-1]
    write_rows(path, table)


def keep_header_only(path: Path) -> None:
    write_rows(path, rows(path)[:1])


def insert_blank_row(path: Path, row: int) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines[: row - 1], "\n", *lines[row - 1 :]]), encoding="utf-8")


def reencode(path: Path, encoding: str) -> None:
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))


def truncate(path: Path, fraction: float = 0.5) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])


def edit_sheet(path: Path, sheet: str, cell: str, value: object) -> None:
    book = load_workbook(path)
    book[sheet][cell] = value
    book.save(path)


def merge_cells(path: Path, sheet: str, cells: str) -> None:
    book = load_workbook(path)
    book[sheet].merge_cells(cells)
    book.save(path)


def hide_row(path: Path, sheet: str, row: int) -> None:
    book = load_workbook(path)
    book[sheet].row_dimensions[row].hidden = True
    book.save(path)


def hide_column(path: Path, sheet: str, column: str) -> None:
    book = load_workbook(path)
    book[sheet].column_dimensions[column].hidden = True
    book.save(path)


def append_sheet_row(path: Path, sheet: str, after: int, values: list[object]) -> None:
    """Insert a row of ``values`` below row ``after`` of a sheet."""
    book = load_workbook(path)
    book[sheet].insert_rows(after + 1)
    for column, value in enumerate(values, start=1):
        book[sheet].cell(after + 1, column, value)
    book.save(path)


def zip_of_text(path: Path) -> None:
    """A zip archive that is not a workbook (as a .docx or a zipped folder would be)."""
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
