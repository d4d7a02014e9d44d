"""The SSDA903 children looked after return as sent: the DfE's CSVs, one folder per collection
year, every cell as text (``validate.ssda903`` checks codes, dates and how the files agree)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .files import read_csv

COLUMNS = {
    "header.csv": ("CHILD", "SEX", "DOB", "ETHNIC"),
    "episodes.csv": ("CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"),
    "uasc.csv": ("CHILD", "SEX", "DOB", "DUC"),
    "reviews.csv": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
}
MAY_BE_EMPTY = ("uasc.csv",)  # a year may have no unaccompanied asylum-seeking child


@dataclass(frozen=True)
class SSDA903:
    """One collection year's return: as text when read, dates parsed once validated."""

    header: pd.DataFrame
    episodes: pd.DataFrame
    uasc: pd.DataFrame
    reviews: pd.DataFrame


def read_ssda903(folder: Path) -> SSDA903:
    """The four files of one year's folder, each with the DfE columns the measures use."""
    tables = [
        read_csv(
            folder / name,
            columns,
            hint="each year needs " + ", ".join(COLUMNS) + ", with the DfE 903 column names",
            rows_required=name not in MAY_BE_EMPTY,
        )
        for name, columns in COLUMNS.items()
    ]
    return SSDA903(*tables)
