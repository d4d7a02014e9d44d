"""Rules shared by the checks of CSV tables read as text (``load.files.read_csv``): the first bad
cell of a column reported as ``file:row:column`` (the header is row 1, so frame row ``i`` is
file row ``i + 2``), dates, and rows that repeat."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..errors import DataError


def reject(
    frame: pd.DataFrame,
    bad: pd.Series,
    path: Path,
    column: str,
    problem: str,
    hint: str | None = None,
) -> None:
    """Raise for the first row where ``bad`` holds, quoting the cell as the file has it:
    ``LS 'C9' <problem>``, a parsed date as dd/mm/yyyy again, a blank cell as ``REC <problem>``."""
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        cell = frame.at[row, column]
        if isinstance(cell, pd.Timestamp):
            cell = cell.strftime("%d/%m/%Y")
        blank = cell == "" or (not isinstance(cell, str) and pd.isna(cell))
        raise DataError(
            f"{column} {problem}" if blank else f"{column} {cell!r} {problem}",
            file=path,
            row=row + 2,
            column=column,
            hint=hint,
        )


def parse_dates(
    frame: pd.DataFrame, path: Path, column: str, *, required: bool = False
) -> pd.Series:
    """A dd/mm/yyyy column as dates; blank is allowed unless ``required``."""
    parsed = pd.to_datetime(frame[column], format="%d/%m/%Y", errors="coerce")
    if required:
        reject(frame, frame[column] == "", path, column, "is blank", "this date is required")
    bad = parsed.isna() & (frame[column] != "")
    reject(frame, bad, path, column, "is not a date", "write dates as dd/mm/yyyy")
    return parsed


def unique(
    frame: pd.DataFrame, columns: Sequence[str], path: Path, what: str, hint: str | None = None
) -> None:
    """No two rows share ``columns``: the second is reported with the row it repeats."""
    seen: dict[tuple[object, ...], int] = {}
    for position, key in enumerate(frame[list(columns)].itertuples(index=False, name=None)):
        if key in seen:
            values = ", ".join(f"{c} {_quoted(v)}" for c, v in zip(columns, key, strict=True))
            raise DataError(
                f"{what} repeats row {seen[key] + 2} ({values})",
                file=path,
                row=position + 2,
                column=columns[0],
                hint=hint or "keep one row for each",
            )
        seen[key] = position


def _quoted(value: object) -> str:
    if isinstance(value, pd.Timestamp):
        return repr(value.strftime("%d/%m/%Y"))
    return repr(value)
