"""Cells a spreadsheet shows as text: what we write for Excel or LibreOffice to open never runs.

A spreadsheet reads a CSV cell (or a text cell typed in) that starts with ``=``, ``+``, ``-`` or
``@`` as a formula, and one starting with a tab or carriage return can hide one: a label from a
return such as ``=HYPERLINK(...)`` or ``=cmd|...`` would run on the reader's machine. OWASP's
rule for CSV injection: put a single quote before such a text, which the spreadsheet shows as
text and does not display. A number stays a number (``-1.5``, and ``+15.7`` as a change is
written), so the figures still add up in the reader's spreadsheet.

One rule, ``spreadsheet_text``, for every CSV we write (``rows_to_csv``, ``frame_to_csv``: the
tables' CSVs and their index); the workbook writes text cells as text (``present.workbook``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A number as a spreadsheet reads one: a sign, digits (with thousands commas), decimals, an
# exponent, a per cent sign. Anything else that starts like a formula is text.
_NUMBER = re.compile(
    r"[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?%?"
)


def spreadsheet_text(text: str) -> str:
    """``text`` as a cell a spreadsheet shows as text: a single quote before a text that would
    start a formula; a number written as text (``+15.7``), and any other text, as it is."""
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _cell(value: object) -> object:
    return spreadsheet_text(value) if isinstance(value, str) else value


def rows_to_csv(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text (``\\n`` line ends): every text cell through ``spreadsheet_text``,
    numbers (ints and Decimals, a minus sign included) written as they are."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def frame_to_csv(frame: pd.DataFrame) -> str:
    """A table as CSV text (no index, ``\\n`` line ends), every text cell and column name
    through ``spreadsheet_text``; numbers as pandas writes them."""
    safe = frame.rename(columns=lambda name: _cell(str(name)))
    for column in safe.select_dtypes(include=["object", "string"]).columns:
        safe[column] = safe[column].map(_cell)
    return safe.to_csv(index=False, lineterminator="\n")
