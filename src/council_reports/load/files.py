"""Files as sent: bytes to text to rows of cells, each cell kept as it was written with where it
was read (file, sheet, row, column), before any rule about its meaning is applied.

Every problem with a file as a file is one DataError naming it: missing, not a regular file,
empty, not UTF-8 text (UTF-8 with or without a byte order mark is read; UTF-16, Latin-1 and
binary files are named as such), a workbook that is not one, quoting that never ends, a table
without its header, a row with more or fewer cells than its header, a blank row inside a table,
merged cells or hidden rows and columns in a table we read (they hide or repeat values, so they
are refused rather than guessed at), and a cell holding what no text of ours may (a control
character, a number in digits other than 0-9, a character the report's fonts cannot draw:
``characters``). A workbook is read by ``xlsx``, as values and within limits. Files are read as
streams, line by line, so a large file is never held whole. Validation (``validate/``) then
checks what cells mean.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..characters import SUSPECT, problem
from ..errors import DataError
from .xlsx import Workbook, letter

if TYPE_CHECKING:
    import pandas as pd

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

    def check(self) -> None:
        """Refuse text no cell of ours may hold (``characters.problem``)."""
        if isinstance(self.value, str):
            found = problem(self.value)
            if found:
                raise self.error(*found)

    def error(self, message: str, hint: str | None = None) -> DataError:
        """A DataError located at this cell: ``file:sheet:F12`` or ``file:7:column``."""
        if self.sheet is not None:
            return DataError(message, file=self.file, sheet=self.sheet, column=self.ref, hint=hint)
        return DataError(
            message, file=self.file, row=self.row, column=self.name or self.letter, hint=hint
        )


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
    what a table read from it must not hold: merged ranges, hidden rows and columns, and the
    rows holding text beyond printable ASCII, whose cells ``table`` checks one by one."""

    file: Path
    rows: list[list[object]]
    sheet: str | None = None
    merged: tuple[tuple[str, int, int, int], ...] = ()  # (A8:B9, first row 8, last 9, column 1)
    hidden_rows: frozenset[int] = field(default_factory=frozenset)
    hidden_columns: frozenset[int] = field(default_factory=frozenset)
    suspect: frozenset[int] = field(default_factory=frozenset)  # rows to check cell by cell

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
        below = enumerate(self.rows[header_row:], start=header_row + 1)
        return [n for n, _ in self.checked(header_row, width, below, until_blank=until_blank)]

    def checked(
        self,
        header_row: int,
        width: int,
        rows: Iterable[tuple[int, list[object]]],
        *,
        until_blank: bool,
    ) -> Iterator[tuple[int, list[object]]]:
        """``body`` over numbered rows as they come (a file read as a stream): each yielded
        once checked; the header is ``rows[header_row - 1]`` of this grid."""
        header = self.rows[header_row - 1]
        blank = None  # the first blank row, an error if any row follows it
        for number, row in rows:
            if not (row and isinstance(row[0], str) and row[0].strip()) and is_blank(row):
                if until_blank:
                    return
                blank = blank or number
                continue
            if blank is not None:
                raise self.error("blank row inside the table", blank, "delete the blank row")
            if len(row) < width and self.sheet is None:
                raise DataError(
                    f"row has {len(row)} cells, the header has {width}",
                    file=self.file,
                    row=number,
                    column=text(header[len(row)]),
                    hint=ROW_HINT,
                )
            if len(row) > width and _width(row) > width:
                last = _width(row)
                raise Cell(row[last - 1], self.file, number, letter(last), self.sheet).error(
                    "a value beyond the table's last column", ROW_HINT
                )
            yield number, row

    def table(
        self, header_row: int, required: Iterable[str], *, hint: str, until_blank: bool
    ) -> tuple[list[Cell], list[dict[str, Cell]]]:
        """The header cells at ``header_row`` and the rows below as {column name: cell}, no
        cell of them merged or hidden (see ``header`` and ``body``), and no cell of the grid
        holding what a cell may not (``Cell.check``)."""
        names = self.header(header_row, required, hint)
        numbers = self.body(header_row, len(names), until_blank=until_blank)
        self._check_plain(header_row, numbers[-1] if numbers else header_row, len(names))
        for number in sorted(self.suspect):
            named = number in numbers
            for column, _ in enumerate(self.rows[number - 1], start=1):
                name = names[column - 1] if named and column <= len(names) else None
                self.cell(number, column, name).check()
        header = [self.cell(header_row, c) for c in range(1, len(names) + 1)]
        rows = [
            {name: self.cell(n, c, name) for c, name in enumerate(names, start=1)} for n in numbers
        ]
        return header, rows

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


def _open(path: Path, hint: str | None):
    """A regular file opened for reading (a folder, device or pipe is refused before reading)."""
    if not path.exists():
        raise DataError("file not found", file=path, hint=hint)
    if not path.is_file():
        raise DataError("not a regular file", file=path, hint="replace it with the data file")
    try:
        return path.open("rb")
    except OSError as error:
        raise DataError(f"cannot read the file: {error.strerror or error}", file=path) from None


def text_lines(path: Path, hint: str | None = None) -> Iterator[str]:
    """A text file's lines as read, line ends kept: UTF-8, with or without a byte order mark;
    anything else is named (UTF-16, a workbook, binary, a byte that is not UTF-8 and its row)."""
    with _open(path, hint or CSV_HINT) as handle:
        try:
            head = handle.read(_SAMPLE)
        except OSError as error:
            raise DataError(f"cannot read the file: {error.strerror or error}", file=path) from None
        if not head:
            raise DataError("the file is empty (0 bytes)", file=path, hint=hint or CSV_HINT)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise DataError("the file is UTF-16 text, not UTF-8", file=path, hint=CSV_HINT)
        if head.startswith(_ZIP):
            raise DataError(
                "the file is a workbook or other zip archive, not text", file=path, hint=CSV_HINT
            )
        if b"\x00" in head:
            raise DataError("the file is binary, not text", file=path, hint=CSV_HINT)
        handle.seek(0)
        # newline="": a row ends at \n, \r\n or a lone \r (old Macs), and a quoted one stays
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        try:
            yield from text
        except UnicodeDecodeError:
            raise _not_utf8(path) from None


def _not_utf8(path: Path) -> DataError:
    """The first byte of ``path`` that is not UTF-8, and its row (each line decoded alone: a
    UTF-8 character never holds the byte of a line break)."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as error:
                return DataError(
                    f"not UTF-8 text: byte 0x{raw[error.start]:02x} cannot be read"
                    " (saved as Latin-1 or Windows-1252?)",
                    file=path,
                    row=number,
                    hint=CSV_HINT,
                )
    return DataError("not UTF-8 text", file=path, hint=CSV_HINT)


def read_text(path: Path, hint: str | None = None) -> str:
    """A text file as text (see ``text_lines``), no line holding what text of ours may not."""
    lines = []
    for number, line in enumerate(text_lines(path, hint), start=1):
        found = problem(line.rstrip("\r\n"))
        if found:
            raise DataError(found[0], file=path, row=number, hint=found[1])
        lines.append(line)
    return "".join(lines)


def csv_rows(
    path: Path, hint: str | None = None, suspect: set[int] | None = None
) -> Iterator[tuple[int, list[str]]]:
    """A CSV file's rows as they are read, numbered as a spreadsheet numbers them (a quoted
    line break stays in its cell, so the row after it keeps its number); the numbers of rows
    holding text beyond printable ASCII, whose cells need ``Cell.check``, are added to
    ``suspect``."""
    flagged = [False]

    def lines() -> Iterator[str]:
        for line in text_lines(path, hint):
            if SUSPECT.search(line):
                flagged[0] = True
            yield line

    reader = csv.reader(lines(), strict=True)
    try:
        for number, row in enumerate(reader, start=1):
            if flagged[0]:
                flagged[0] = False
                if suspect is not None:
                    suspect.add(number)
            yield number, row
    except csv.Error as error:
        raise DataError(
            f"not a readable CSV: {error}", file=path, row=reader.line_num, hint=CSV_HINT
        ) from None


def csv_grid(path: Path, hint: str | None = None) -> Grid:
    """A CSV file's rows of text. A blank line is an empty row, so every row keeps the number a
    spreadsheet gives it."""
    suspect: set[int] = set()
    rows: list[list[object]] = [list(row) for _, row in csv_rows(path, hint, suspect)]
    return Grid(path, rows, suspect=frozenset(suspect))


# Which rows to hold: given the header's column names, the test each row (its cells as written,
# in the header's order) must pass. Every row read is still checked as a row.
Keep = Callable[[Sequence[str]], Callable[[Sequence[str]], bool]]


def _header_and_records(
    path: Path, columns: Iterable[str], hint: str, rows_required: bool, keep: Keep | None = None
) -> tuple[list[str], list[list[str]], list[int]]:
    """The header and the rows below it as stripped text, read as a stream and checked row by
    row as ``Grid.body`` checks a table; with ``keep``, only the rows it accepts are kept (each
    row read is still checked)."""
    flagged: set[int] = set()
    rows = csv_rows(path, suspect=flagged)  # the file as a file: CSV_HINT
    first = next(rows, None)
    if first is None or is_blank(first[1]):
        raise DataError("the first row is blank: it is the header", file=path, row=1, hint=hint)
    header = Grid(path, [list(first[1])])
    names = header.header(1, columns, hint)
    if 1 in flagged:
        for column, name in enumerate(names, start=1):
            Cell(name, path, 1, letter(column)).check()
    width = len(names)
    wanted = keep(names) if keep is not None else None
    records: list[list[str]] = []
    numbers: list[int] = []  # each record's row in the file
    read = 0
    for number, row in header.checked(1, width, rows, until_blank=False):  # type: ignore[arg-type]
        read += 1
        if number in flagged:
            for column, name in enumerate(names, start=1):
                Cell(row[column - 1], path, number, letter(column), None, name).check()
        if wanted is None or wanted(row):  # type: ignore[arg-type]
            records.append([text(value) for value in row[:width]])
            numbers.append(number)
    if not read and rows_required:
        raise DataError("the file has a header but no rows", file=path, row=2, hint=hint)
    return names, records, numbers


def read_records(
    path: Path, columns: Iterable[str] = (), *, hint: str, rows_required: bool = True
) -> list[dict[str, str]]:
    """A CSV whose first row is its header, as one {column: stripped text} per row (so "c"
    and "07" stay as written). The ``columns`` must be in the header; a header with no rows
    below it is refused unless ``rows_required`` is False."""
    names, records, _ = _header_and_records(path, columns, hint, rows_required)
    return [dict(zip(names, record, strict=True)) for record in records]


def read_csv(
    path: Path,
    columns: Iterable[str] = (),
    *,
    hint: str,
    rows_required: bool = True,
    keep: Keep | None = None,
) -> pd.DataFrame:
    """``read_records`` as a frame of text, whose row labelled ``i`` is row ``i + 2`` of the file
    (the header is row 1). With ``keep`` (``Keep``) only the rows it chooses are held, the file
    read as a stream, and the labels still say where each row was."""
    import pandas as pd

    names, records, numbers = _header_and_records(path, columns, hint, rows_required, keep)
    index = None if keep is None else pd.Index([number - 2 for number in numbers])
    return pd.DataFrame(records, columns=names, index=index, dtype=str)


def workbook_grid(path: Path, sheet: str, hint: str | None = None) -> Grid:
    """A workbook's sheet as rows of values, with its merged ranges and hidden rows and
    columns (``xlsx``: the sheet alone is read, as values, within limits)."""
    with _open(path, hint) as handle:
        head = handle.read(_SAMPLE)
    if not head:
        raise DataError("the file is empty (0 bytes)", file=path, hint=hint)
    if not head.startswith(_ZIP):
        what = "binary" if b"\x00" in head else "text (a CSV file renamed?)"
        raise DataError(
            f"not an Excel workbook (.xlsx): the file is {what}", file=path, hint=XLSX_HINT
        )
    book = Workbook(path)
    try:
        read = book.read(sheet)
    finally:
        book.close()
    suspect = {
        number
        for number, row in enumerate(read.rows, start=1)
        if any(isinstance(value, str) and SUSPECT.search(value) for value in row)
    }
    return Grid(
        path,
        read.rows,
        sheet,
        merged=tuple(read.merged),
        hidden_rows=frozenset(read.hidden_rows),
        hidden_columns=frozenset(read.hidden_columns),
        suspect=frozenset(suspect),
    )


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
