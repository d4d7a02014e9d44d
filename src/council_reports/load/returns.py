"""Partner returns for the BCSSP appendices as sent: workbooks and CSVs with a header block
(title, agency, period, notes) above their table. A table is found by its header row, not by a
fixed offset, and read as cells that know where they were (``training_kpis.xlsx:Training
KPIs:F12``, ``police.csv:7:current``); ``validate.returns`` checks what they hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .files import Cell, Grid, csv_grid, text, workbook_grid

HINT = "each period needs every return data/bcssp/README.md lists"


@dataclass(frozen=True)
class ReturnTable:
    """A return's table: its header cells and rows by column name, and its header block's note
    (e.g. "SYNTHETIC ...")."""

    header: list[Cell]
    rows: list[dict[str, Cell]]
    note: str

    @property
    def names(self) -> list[str]:
        return [cell.text for cell in self.header]


def _table(grid: Grid, header: Sequence[str], note: str) -> ReturnTable:
    hint = "the table's header row reads " + ", ".join(header)
    row = grid.find(header[0], hint)
    cells, rows = grid.table(row, header, hint=hint, until_blank=True)
    if not rows:
        raise grid.error(f"the table headed {header[0]!r} has no rows", row + 1, hint)
    return ReturnTable(cells, rows, note)


def read_sheet_table(path: Path, sheet: str, header: Sequence[str]) -> ReturnTable:
    """The table headed ``header`` on a workbook's sheet; the note is the cell right of the
    header block's "Note"."""
    grid = workbook_grid(path, sheet, HINT)
    note = next((text(r[1]) for r in grid.rows if len(r) > 1 and text(r[0]) == "Note"), "")
    return _table(grid, header, note)


def read_csv_table(path: Path, header: Sequence[str]) -> ReturnTable:
    """The table headed ``header`` in a CSV; the note is its second line, after a ``#``."""
    grid = csv_grid(path, HINT)
    second = text(grid.rows[1][0]) if len(grid.rows) > 1 and grid.rows[1] else ""
    note = second.lstrip("# ") if second.startswith("#") else ""
    return _table(grid, header, note)


def read_reference(path: Path, columns: Sequence[str]) -> ReturnTable:
    """A BCSSP reference list (data/reference/bcssp_agencies.csv, bcssp_kpis.csv): a CSV whose
    first row is its header, as cells."""
    hint = "see data/reference/README.md"
    grid = csv_grid(path, hint)
    if not grid.rows:
        raise grid.error("the file holds no rows", hint=hint)
    cells, rows = grid.table(1, columns, hint=hint, until_blank=False)
    if not rows:
        raise grid.error("the file has a header but no rows", 2, hint)
    return ReturnTable(cells, rows, "")
