"""The SSDA903 children looked after return: the DfE's CSVs, one folder per collection year.

Dates are dd/mm/yyyy; codes are checked against the DfE code lists the measures rely on; an
episode, review or UASC row for a child missing from the header, or two episodes of one child
that overlap, is an error naming file, row and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..validate.tables import parse_dates, read_text_csv, reject

COLUMNS = {
    "header.csv": ("CHILD", "SEX", "DOB", "ETHNIC"),
    "episodes.csv": ("CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"),
    "uasc.csv": ("CHILD", "SEX", "DOB", "DUC"),
    "reviews.csv": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
}
DATES = {
    "header.csv": ("DOB",),
    "episodes.csv": ("DECOM", "DEC"),
    "uasc.csv": ("DOB", "DUC"),
    "reviews.csv": ("DOB", "REVIEW"),
}
CODES = {  # DfE 903 code lists (the values the measures use)
    ("header.csv", "SEX"): {"1", "2", "M", "F", "U"},
    ("uasc.csv", "SEX"): {"1", "2", "M", "F", "U"},
    ("header.csv", "ETHNIC"): {
        *("WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND"),
        *("APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"),
    },
    ("episodes.csv", "RNE"): {"S", "P", "L", "T", "U", "B"},
    ("episodes.csv", "CIN"): {f"N{n}" for n in range(1, 9)},
    ("reviews.csv", "REVIEW_CODE"): {f"PN{n}" for n in range(8)},
    ("episodes.csv", "LS"): {
        "C1",
        "C2",
        "D1",
        "E1",
        "J1",
        "J2",
        "J3",
        "L1",
        "L2",
        "L3",
        "V2",
        "V3",
        "V4",
    },
    ("episodes.csv", "REC"): {
        "X1",
        "E11",
        "E12",
        "E13",
        "E14",
        "E15",
        "E16",
        "E17",
        "E2",
        "E3",
        "E41",
        "E45",
        "E46",
        "E47",
        "E48",
        "E4A",
        "E4B",
        "E5",
        "E6",
        "E7",
        "E8",
        "E9",
        "",
    },
}

SEX_CODES_BEFORE_2024 = {"1": "M", "2": "F"}


@dataclass(frozen=True)
class SSDA903:
    """One collection year's return, dates parsed."""

    header: pd.DataFrame
    episodes: pd.DataFrame
    uasc: pd.DataFrame
    reviews: pd.DataFrame


def _read(folder: Path, name: str) -> pd.DataFrame:
    path = folder / name
    frame = read_text_csv(
        path,
        COLUMNS[name],
        hint="each year needs " + ", ".join(COLUMNS),
        column_hint="use the DfE 903 column names",
    )
    for column in DATES[name]:
        frame[column] = parse_dates(frame, path, column)
    for (file, column), codes in CODES.items():
        if file == name:
            reject(
                frame,
                ~frame[column].isin(codes),
                path,
                column,
                "is not a DfE code",
                "see the 903 guidance code list",
            )
    if "SEX" in frame:  # 1/2 until 2023-24, M/F(/U) from 2024-25: the measures read M/F/U
        frame["SEX"] = frame["SEX"].replace(SEX_CODES_BEFORE_2024)
    return frame


def load_ssda903(folder: Path) -> SSDA903:
    tables = {name: _read(folder, name) for name in COLUMNS}
    header, episodes = tables["header.csv"], tables["episodes.csv"]
    for name in ("episodes.csv", "reviews.csv", "uasc.csv"):
        frame = tables[name]
        orphans = ~frame["CHILD"].isin(header["CHILD"])
        reject(frame, orphans, folder / name, "CHILD", "has no row in header.csv")
    ordered = episodes.reset_index().sort_values(["CHILD", "DECOM"])
    previous_end = ordered.groupby("CHILD")["DEC"].shift()
    has_previous = ordered.groupby("CHILD").cumcount() > 0
    # an episode overlaps when the one before it is still open or ends after it starts
    overlap = has_previous & (previous_end.isna() | (ordered["DECOM"] < previous_end))
    if overlap.any():
        row = int(ordered.loc[overlap, "index"].iloc[0])
        raise DataError(
            "episode starts before the child's previous episode ends",
            file=folder / "episodes.csv",
            row=row + 2,
            column="DECOM",
        )
    return SSDA903(header, episodes, tables["uasc.csv"], tables["reviews.csv"])


def load_ssda903_years(root: Path) -> dict[str, SSDA903]:
    """Every collection year under ``root`` (folders named like 2024-25)."""
    return {p.name: load_ssda903(p) for p in sorted(root.iterdir()) if p.is_dir()}
