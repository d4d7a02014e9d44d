"""Files as sent: bytes to text to rows of cells, each cell kept as it was written with where it
was read (file, sheet, row, column), before any rule about its meaning is applied.

Every problem with a file as a file is one DataError naming it: missing, not a regular file,
empty, not UTF-8 text (UTF-8 with or without a byte order mark is read; UTF-16, Latin-1 and
binary files are named as such), a workbook that is not one, quoting that never ends, a table
without its header, a row with more or fewer cells than its header, a blank row inside a table,
merged cells or hidden rows and columns in a table we read (they hide or repeat values, so they
are refused rather than guessed at). Validation (``validate/``) then checks what cells mean.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DataError

if TYPE_CHECKING:
    import pandas as pd
    from openpyxl import Workbook

CSV_HINT = "save it from Excel as 'CSV UTF-8 (Comma delimited)'"
XLSX_HINT = "save it from Excel as 'Excel Workbook (.xlsx)'"
ROW_HINT = "one cell per column; quote a cell that holds a comma"
_ZIP = b"PK\x03\x04"  # every .xlsx is a zip archive
_SAMPLE = 8192  # bytes looked at to tell text from binary


@dataclass(frozen=True)
class Cell:
    """One value as read, and where: a workbook cell is ``sheet`` and ``letter``+``row`` (F12);
    a CSV cell is ``row`` and its column's ``name`` once its table's header is known."""

    value: object  # text in a CSV; text, a number, a date or None in a workbook
    file: Path
    row: int  # as a spreadsheet shows it: the first row is 1
    letter: str
    sheet: str | None = None
    name: str | None = None

    @property
    def ref(self) -> str:
        return f"{self.letter}{self.row}"

    @property
    def text(self) -> str:
        """The value as text, stripped; an empty cell is ``""``."""
        return text(self.value)

    def error(self, message: str, hint: str | None = None) -> DataError:
        """A DataError located at this cell: ``file:sheet:F12`` or ``file:7:column``."""
        if self.sheet is not None:
            return DataError(message, file=self.file, sheet=self.sheet, column=self.ref, hint=hint)
        return DataError(
            message, file=self.file, row=self.row, column=self.name or self.letter, hint=hint
        )


def letter(column: int) -> str:
    """The spreadsheet letter of a 1-based column number: 1 -> A, 28 -> AB."""
    name = ""
    while column:
        column, rest = divmod(column - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def text(value: object) -> str:
    """A value as text, stripped; an empty cell is ``""``."""
    return "" if value is None else str(value).strip()


def is_blank(row: Sequence[object]) -> bool:
    return all(text(value) == "" for value in row)


def _width(row: Sequence[object]) -> int:
    """How many cells a row has up to its last value."""
    width = len(row)
    while width and text(row[width - 1]) == "":
        width -= 1
    return width


@dataclass(frozen=True)
class Grid:
    """A CSV file or a workbook's sheet as rows of values (``rows[i]`` is row ``i + 1``), with
    what a table read from it must not hold: merged ranges, hidden rows and columns."""

    file: Path
    rows: list[list[object]]
    sheet: str | None = None
    merged: tuple[tuple[str, int, int, int], ...] = ()  # (A8:B9, first row 8, last 9, column 1)
    hidden_rows: frozenset[int] = field(default_factory=frozenset)
    hidden_columns: frozenset[int] = field(default_factory=frozenset)

    def cell(self, row: int, column: int, name: str | None = None) -> Cell:
        """The cell at 1-based ``row`` and ``column`` (empty beyond the row's end)."""
        values = self.rows[row - 1]
        value = values[column - 1] if column <= len(values) else None
        return Cell(value, self.file, row, letter(column), self.sheet, name)

    def error(self, message: str, row: int | None = None, hint: str | None = None) -> DataError:
        if self.sheet is not None:
            where = None if row is None else f"A{row}"
            return DataError(message, file=self.file, sheet=self.sheet, column=where, hint=hint)
        return DataError(message, file=self.file, row=row, hint=hint)

    def find(self, first: str, hint: str) -> int:
        """The number of the header row: the first row whose first cell reads ``first``."""
        for number, row in enumerate(self.rows, start=1):
            if row and text(row[0]) == first:
                return number
        raise self.error(f"no table headed {first!r}", hint=hint)

    def header(self, row: int, required: Iterable[str], hint: str) -> list[str]:
        """The column names at ``row``: each named, none twice, the ``required`` ones there."""
        names = [text(value) for value in self.rows[row - 1][: _width(self.rows[row - 1])]]
        for column, name in enumerate(names, start=1):
            if not name:
                raise self.cell(row, column).error("a column has no name in the header row", hint)
            if name in names[: column - 1]:
                raise self.cell(row, column).error(
                    f"column {name!r} appears twice in the header row", hint
                )
        for name in required:
            if name not in names:
                if self.sheet is not None:
                    raise self.cell(row, 1).error(f"table header lacks {name!r}", hint)
                raise DataError(
                    f"missing column {name!r}", file=self.file, row=row, column=name, hint=hint
                )
        return names

    def body(self, header_row: int, width: int, *, until_blank: bool) -> list[int]:
        """The numbers of the rows below the header: each as wide as the header (empty cells
        after the last aside). With ``until_blank`` the table ends at its first blank row (a
        return may have notes below it); otherwise a blank row may only end the file."""
        numbers = []
        for number in range(header_row + 1, len(self.rows) + 1):
            row = self.rows[number - 1]
            if is_blank(row):
                if until_blank or all(is_blank(r) for r in self.rows[number:]):
                    break
                raise self.error("blank row inside the table", number, "delete the blank row")
            if len(row) < width and self.sheet is None:
                raise DataError(
                    f"row has {len(row)} cells, the header has {width}",
                    file=self.file,
                    row=number,
                    column=text(self.rows[header_row - 1][len(row)]),
                    hint=ROW_HINT,
                )
            if _width(row) > width:
                raise self.cell(number, _width(row)).error(
                    "a value beyond the table's last column", ROW_HINT
                )
            numbers.append(number)
        return numbers

    def table(
        self, header_row: int, required: Iterable[str], *, hint: str, until_blank: bool
    ) -> tuple[list[Cell], list[dict[str, Cell]]]:
        """The header cells at ``header_row`` and the rows below as {column name: cell}, no
        cell of them merged or hidden (see ``header`` and ``body``)."""
        names = self.header(header_row, required, hint)
        numbers = self.body(header_row, len(names), until_blank=until_blank)
        self._check_plain(header_row, numbers[-1] if numbers else header_row, len(names))
        header = [self.cell(header_row, c) for c in range(1, len(names) + 1)]
        rows = [
            {name: self.cell(n, c, name) for c, name in enumerate(names, start=1)} for n in numbers
        ]
        return header, rows

    def records(
        self, header_row: int, required: Iterable[str], hint: str
    ) -> tuple[list[str], list[dict[str, str]]]:
        """The column names and each row below as {name: text}: ``table`` without cells, for
        files of many rows."""
        names = self.header(header_row, required, hint)
        rows = [self.rows[n - 1] for n in self.body(header_row, len(names), until_blank=False)]
        return names, [
            {name: text(value) for name, value in zip(names, row, strict=False)} for row in rows
        ]

    def _check_plain(self, first_row: int, last_row: int, columns: int) -> None:
        """No merged range touches the table, and none of its rows or columns is hidden."""
        for merged, top, bottom, left in self.merged:
            if top <= last_row and bottom >= first_row and left <= columns:
                raise DataError(
                    f"cells {merged} are merged",
                    file=self.file,
                    sheet=self.sheet,
                    column=merged.split(":")[0],
                    hint="unmerge them and write the value in every cell",
                )
        for row in sorted(self.hidden_rows):
            if first_row <= row <= last_row:
                raise self.error(
                    f"row {row} is hidden", row, "unhide it, or delete it if it is not data"
                )
        for column in sorted(self.hidden_columns):
            if column <= columns:
                raise self.cell(first_row, column).error(
                    f"column {letter(column)} is hidden",
                    "unhide it, or delete it if it is not data",
                )


def read_bytes(path: Path, hint: str | None = None) -> bytes:
    """A regular, non-empty file's bytes (a folder, device or pipe is refused before reading)."""
    if not path.exists():
        raise DataError("file not found", file=path, hint=hint)
    if not path.is_file():
        raise DataError("not a regular file", file=path, hint="replace it with the data file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DataError(f"cannot read the file: {error.strerror or error}", file=path) from None
    if not data:
        raise DataError("the file is empty (0 bytes)", file=path, hint=hint)
    return data


def read_text(path: Path, hint: str | None = None) -> str:
    """A text file as text: UTF-8, with or without a byte order mark; anything else is named."""
    hint = hint or CSV_HINT
    data = read_bytes(path, hint)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError("the file is UTF-16 text, not UTF-8", file=path, hint=CSV_HINT)
    if data.startswith(_ZIP):
        raise DataError(
            "the file is a workbook or other zip archive, not text", file=path, hint=CSV_HINT
        )
    if b"\x00" in data[:_SAMPLE]:
        raise DataError("the file is binary, not text", file=path, hint=CSV_HINT)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataError(
            f"not UTF-8 text: byte 0x{data[error.start]:02x} cannot be read"
            " (saved as Latin-1 or Windows-1252?)",
            file=path,
            row=data[: error.start].count(b"\n") + 1,
            hint=CSV_HINT,
        ) from None


def csv_grid(path: Path, hint: str | None = None) -> Grid:
    """A CSV file's rows of text. A blank line is an empty row, so every row keeps the number a
    spreadsheet gives it."""
    reader = csv.reader(io.StringIO(read_text(path, hint), newline=""), strict=True)
    rows: list[list[object]] = []
    try:
        rows.extend(reader)
    except csv.Error as error:
        raise DataError(
            f"not a readable CSV: {error}", file=path, row=reader.line_num, hint=CSV_HINT
        ) from None
    return Grid(path, rows)


def _header_and_records(
    path: Path, columns: Iterable[str], hint: str, rows_required: bool
) -> tuple[list[str], list[dict[str, str]]]:
    grid = csv_grid(path)
    if not grid.rows or is_blank(grid.rows[0]):
        raise DataError("the first row is blank: it is the header", file=path, row=1, hint=hint)
    names, records = grid.records(1, columns, hint)
    if not records and rows_required:
        raise DataError("the file has a header but no rows", file=path, row=2, hint=hint)
    return names, records


def read_records(
    path: Path, columns: Iterable[str] = (), *, hint: str, rows_required: bool = True
) -> list[dict[str, str]]:
    """A CSV whose first row is its header, as one {column: stripped text} per row (so "c"
    and "07" stay as written). The ``columns`` must be in the header; a header with no rows
    below it is refused unless ``rows_required`` is False."""
    return _header_and_records(path, columns, hint, rows_required)[1]


def read_csv(
    path: Path, columns: Iterable[str] = (), *, hint: str, rows_required: bool = True
) -> pd.DataFrame:
    """``read_records`` as a frame of text: row ``i`` of the frame is row ``i + 2`` of the
    file."""
    import pandas as pd

    names, records = _header_and_records(path, columns, hint, rows_required)
    return pd.DataFrame(records, columns=names, dtype=str)


def workbook_grid(path: Path, sheet: str, hint: str | None = None) -> Grid:
    """A workbook's sheet as rows of values, with its merged ranges and hidden rows and
    columns."""
    data = read_bytes(path, hint)
    if not data.startswith(_ZIP):
        what = "binary" if b"\x00" in data[:_SAMPLE] else "text (a CSV file renamed?)"
        raise DataError(
            f"not an Excel workbook (.xlsx): the file is {what}", file=path, hint=XLSX_HINT
        )
    book = _open_workbook(path, data)
    if sheet not in book.sheetnames:
        raise DataError(
            f"no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})",
            file=path,
            hint="keep the sheet names of the return template",
        )
    worksheet = book[sheet]
    rows: list[list[object]] = [list(row) for row in worksheet.iter_rows(values_only=True)]
    hidden_columns = {
        number
        for dimension in worksheet.column_dimensions.values()
        if dimension.hidden and dimension.min
        for number in range(dimension.min, (dimension.max or dimension.min) + 1)
    }
    grid = Grid(
        path,
        rows,
        sheet,
        merged=tuple(
            (str(r), r.min_row, r.max_row, r.min_col) for r in worksheet.merged_cells.ranges
        ),
        hidden_rows=frozenset(n for n, d in worksheet.row_dimensions.items() if d.hidden),
        hidden_columns=frozenset(hidden_columns),
    )
    book.close()
    return grid


def _open_workbook(path: Path, data: bytes) -> Workbook:
    from openpyxl import load_workbook

    try:
        # not read_only: merged ranges and hidden rows are known only to a fully loaded sheet
        return load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # whatever a damaged or foreign file makes openpyxl raise
        said = str(error.args[0]) if error.args else ""  # a KeyError's str() adds quotes
        reason = said.splitlines()[0] if said else type(error).__name__
        raise DataError(
            f"not a readable Excel workbook: {reason}",
            file=path,
            hint=XLSX_HINT,
        ) from None


def check_links(folder: Path, root: Path) -> None:
    """Refuse a link under ``folder`` (to a file or a folder), or ``folder`` itself, that leads
    outside ``root``: data is read only from the data folder, whatever a link names."""
    real_root = root.resolve()
    paths = [folder]
    for parent, folders, files in os.walk(folder):  # os.walk does not follow linked folders
        paths += [Path(parent) / name for name in (*folders, *files)]
    # only a link can lead out of a folder inside the root: resolve those (and the folder)
    for path in [folder, *(p for p in paths if p.is_symlink())]:
        if not path.resolve().is_relative_to(real_root):
            raise DataError(
                f"links to {path.resolve()}, outside the data folder {root}",
                file=path,
                hint="copy the file into the data folder instead of linking to it",
            )
