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

CSV_HINT = "save it from Excel as 'CSV UTF-8 (Comma delimited)'"
XLSX_HINT = "save it from Excel as 'Excel Workbook (.xlsx)'"
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
        return "" if self.value is None else str(self.value).strip()

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


def is_blank(row: Sequence[Cell]) -> bool:
    return all(cell.text == "" for cell in row)


@dataclass(frozen=True)
class Grid:
    """A CSV file or a workbook's sheet as rows of cells (``rows[i]`` is row ``i + 1``), with
    what a table read from it must not hold: merged ranges, hidden rows and columns."""

    file: Path
    rows: list[list[Cell]]
    sheet: str | None = None
    merged: tuple[tuple[str, int, int, int], ...] = ()  # (A8:B9, first row 8, last 9, column 1)
    hidden_rows: frozenset[int] = field(default_factory=frozenset)
    hidden_columns: frozenset[int] = field(default_factory=frozenset)

    def error(self, message: str, row: int | None = None, hint: str | None = None) -> DataError:
        if self.sheet is not None:
            return DataError(
                message,
                file=self.file,
                sheet=self.sheet,
                column=None if row is None else f"A{row}",
                hint=hint,
            )
        return DataError(message, file=self.file, row=row, hint=hint)

    def find(self, first: str, hint: str) -> int:
        """The number of the header row: the first row whose first cell reads ``first``."""
        for number, row in enumerate(self.rows, start=1):
            if row and row[0].text == first:
                return number
        raise self.error(f"no table headed {first!r}", hint=hint)

    def table(
        self, header_row: int, required: Iterable[str], *, hint: str, until_blank: bool
    ) -> tuple[list[Cell], list[dict[str, Cell]]]:
        """The header cells at ``header_row`` and the rows below as {column name: cell}.

        Every column has a name, used once, and the ``required`` ones are there; every row has
        as many cells as the header (empty cells after the last aside). With ``until_blank``
        the table ends at its first blank row (a return may have notes below it); otherwise a
        blank row may only end the file. No cell of the table is merged or hidden.
        """
        header = _trim(self.rows[header_row - 1])
        _check_header(header, required, hint)
        names = [cell.text for cell in header]
        body: list[dict[str, Cell]] = []
        for number in range(header_row + 1, len(self.rows) + 1):
            row = self.rows[number - 1]
            if is_blank(row):
                if until_blank or all(is_blank(r) for r in self.rows[number:]):
                    break
                raise self.error("blank row inside the table", number, "delete the blank row")
            cells = list(row)
            if len(cells) < len(names) and self.sheet is None:
                raise DataError(
                    f"row has {len(cells)} cells, the header has {len(names)}",
                    file=self.file,
                    row=number,
                    column=names[len(cells)],
                    hint="one cell per column; quote a cell that holds a comma",
                )
            extra = [cell for cell in cells[len(names) :] if cell.text]
            if extra:
                raise extra[0].error(
                    "a value beyond the table's last column",
                    hint="one cell per column; quote a cell that holds a comma",
                )
            cells = cells[: len(names)] + [
                Cell(None, self.file, number, letter(i), self.sheet)
                for i in range(len(cells) + 1, len(names) + 1)
            ]
            body.append(
                {
                    name: Cell(c.value, c.file, c.row, c.letter, c.sheet, name)
                    for name, c in zip(names, cells, strict=True)
                }
            )
        self._check_plain(header_row, header_row + len(body), len(names))
        return header, body

    def _check_plain(self, first_row: int, last_row: int, columns: int) -> None:
        """No merged range touches the table, and none of its rows or columns is hidden."""
        for text, top, bottom, left in self.merged:
            if top <= last_row and bottom >= first_row and left <= columns:
                raise DataError(
                    f"cells {text} are merged",
                    file=self.file,
                    sheet=self.sheet,
                    column=text.split(":")[0],
                    hint="unmerge them and write the value in every cell",
                )
        for row in sorted(self.hidden_rows):
            if first_row <= row <= last_row:
                raise self.error(
                    f"row {row} is hidden", row, "unhide it, or delete it if it is not data"
                )
        for column in sorted(self.hidden_columns):
            if column <= columns:
                raise DataError(
                    f"column {letter(column)} is hidden",
                    file=self.file,
                    sheet=self.sheet,
                    column=f"{letter(column)}{first_row}",
                    hint="unhide it, or delete it if it is not data",
                )


def _trim(row: Sequence[Cell]) -> list[Cell]:
    """A row without the empty cells after its last value."""
    cells = list(row)
    while cells and cells[-1].text == "":
        cells.pop()
    return cells


def _check_header(header: Sequence[Cell], required: Iterable[str], hint: str) -> None:
    seen: set[str] = set()
    for cell in header:
        if not cell.text:
            raise cell.error("a column has no name in the header row", hint=hint)
        if cell.text in seen:
            raise cell.error(f"column {cell.text!r} appears twice in the header row", hint=hint)
        seen.add(cell.text)
    for name in required:
        if name not in seen:
            first = header[0]
            if first.sheet is not None:
                raise first.error(f"table header lacks {name!r}", hint=hint)
            raise DataError(
                f"missing column {name!r}", file=first.file, row=first.row, column=name, hint=hint
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
        raise DataError("the file is a workbook or other zip archive, not text", file=path)
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
    """A CSV file's rows as cells (column letters; names come with a table's header). A blank
    line is an empty row, so every row keeps the number a spreadsheet gives it."""
    reader = csv.reader(io.StringIO(read_text(path, hint), newline=""), strict=True)
    rows: list[list[Cell]] = []
    try:
        for record in reader:
            number = len(rows) + 1
            rows.append([Cell(v, path, number, letter(i)) for i, v in enumerate(record, start=1)])
    except csv.Error as error:
        raise DataError(
            f"not a readable CSV: {error}", file=path, row=len(rows) + 1, hint=CSV_HINT
        ) from None
    return Grid(path, rows)


def _header_and_records(
    path: Path, columns: Iterable[str], hint: str, rows_required: bool
) -> tuple[list[str], list[dict[str, str]]]:
    grid = csv_grid(path)
    if not grid.rows or is_blank(grid.rows[0]):
        raise DataError("the first row is blank: it is the header", file=path, row=1, hint=hint)
    header, body = grid.table(1, columns, hint=hint, until_blank=False)
    if not body and rows_required:
        raise DataError("the file has a header but no rows", file=path, row=2, hint=hint)
    names = [cell.text for cell in header]
    return names, [{name: row[name].text for name in names} for row in body]


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
    """A workbook's sheet as rows of cells, with its merged ranges and hidden rows and columns."""
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
    rows = [
        [Cell(value, path, number, letter(col), sheet) for col, value in enumerate(row, start=1)]
        for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1)
    ]
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


def _open_workbook(path: Path, data: bytes):
    from openpyxl import load_workbook

    try:
        # not read_only: merged ranges and hidden rows are known only to a fully loaded sheet
        return load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # whatever a damaged or foreign file makes openpyxl raise
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise DataError(
            f"not a readable Excel workbook (damaged or cut short?): {reason}",
            file=path,
            hint=XLSX_HINT,
        ) from None


def check_links(folder: Path, root: Path) -> None:
    """Refuse a link under ``folder`` (to a file or a folder), or ``folder`` itself, that leads
    outside ``root``: data is read only from the data folder, whatever a link names."""
    real_root = root.resolve()
    paths = [folder]
    for parent, folders, files in os.walk(folder):
        paths += [Path(parent) / name for name in (*folders, *files)]
    for path in paths:  # only a link can lead out of a folder inside the root
        if not path.resolve().is_relative_to(real_root):
            raise DataError(
                f"links to {path.resolve()}, outside the data folder {root}",
                file=path,
                hint="copy the file into the data folder instead of linking to it",
            )
