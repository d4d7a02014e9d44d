"""Rules shared by the CSV loaders: a file read as text with its required columns, and the
first bad cell of a column reported as ``file:row:column`` (the header is row 1)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..errors import DataError


def read_text_csv(
    path: Path, columns: Iterable[str], *, hint: str, column_hint: str
) -> pd.DataFrame:
    """Every cell as text (so "c" or "07" stay as written), after checking the file and its
    required columns exist."""
    if not path.is_file():
        raise DataError("file not found", file=path, hint=hint)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in columns:
        if column not in frame.columns:
            raise DataError(
                f"missing column {column!r}", file=path, row=1, column=column, hint=column_hint
            )
    return frame


def reject(
    frame: pd.DataFrame,
    bad: pd.Series,
    path: Path,
    column: str,
    problem: str,
    hint: str | None = None,
) -> None:
    """Raise for the first row where ``bad`` holds, quoting the cell as the file has it:
    ``LS 'C9' <problem>``, a parsed date as dd/mm/yyyy again."""
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        cell = frame.at[row, column]
        if isinstance(cell, pd.Timestamp):
            cell = cell.strftime("%d/%m/%Y")
        raise DataError(
            f"{column} {cell!r} {problem}",
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
    bad = parsed.isna() & ((frame[column] != "") | required)
    reject(frame, bad, path, column, "is not a date", "write dates as dd/mm/yyyy")
    return parsed
