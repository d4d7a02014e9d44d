"""The SSDA903 return checked before any measure reads it: the DfE code lists the measures rely
on, dates (dd/mm/yyyy, present where the DfE requires them, in order, not after the collection
year), one header row per child, and files that agree (every episode, review and UASC row for a
child in the header; a child's episodes neither repeated nor overlapping). Each problem is one
DataError naming file, row and column.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..load.ssda903 import SSDA903, read_ssda903
from ..periods import Period
from ..years import year_bounds
from .tables import parse_dates, reject, unique

# Dates each file holds, and whether the DfE requires them (an open episode has no DEC).
DATES = {
    "header.csv": {"DOB": True},
    "episodes.csv": {"DECOM": True, "DEC": False},
    "uasc.csv": {"DOB": True, "DUC": True},
    "reviews.csv": {"DOB": True, "REVIEW": True},
}
# Dates that cannot fall after the collection year ends (a child's DUC, when UASC status
# ceases at 18, may).
IN_YEAR = {"episodes.csv": ("DECOM", "DEC"), "reviews.csv": ("REVIEW",)}
SEX = {"1", "2", "M", "F", "U"}
CODES = {  # DfE 903 code lists (the values the measures use)
    ("header.csv", "SEX"): SEX,
    ("uasc.csv", "SEX"): SEX,
    ("header.csv", "ETHNIC"): {
        *("WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND"),
        *("APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"),
    },
    ("episodes.csv", "RNE"): {"S", "P", "L", "T", "U", "B"},
    ("episodes.csv", "CIN"): {f"N{n}" for n in range(1, 9)},
    ("reviews.csv", "REVIEW_CODE"): {f"PN{n}" for n in range(8)},
    ("episodes.csv", "LS"): {
        *("C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"),
    },
    ("episodes.csv", "REC"): {
        *("X1", "E11", "E12", "E13", "E14", "E15", "E16", "E17", "E2", "E3", "E41", "E45"),
        *("E46", "E47", "E48", "E4A", "E4B", "E5", "E6", "E7", "E8", "E9", ""),
    },
}
SEX_CODES_BEFORE_2024 = {"1": "M", "2": "F"}
CODE_HINT = "see the 903 guidance code list"


def _typed(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """One file's dates parsed and codes checked; SEX read as M/F/U whatever the year wrote."""
    frame = frame.copy()
    for column, required in DATES[path.name].items():
        frame[column] = parse_dates(frame, path, column, required=required)
    for (file, column), codes in CODES.items():
        if file == path.name and column in frame:
            reject(frame, ~frame[column].isin(codes), path, column, "is not a DfE code", CODE_HINT)
    if "SEX" in frame:  # 1/2 until 2023-24, M/F(/U) from 2024-25: the measures read M/F/U
        frame["SEX"] = frame["SEX"].replace(SEX_CODES_BEFORE_2024)
    return frame


def check_ssda903(raw: SSDA903, folder: Path) -> SSDA903:
    """One year's return (read as text from ``folder``), checked and with dates parsed."""
    header = _typed(raw.header, folder / "header.csv")
    episodes = _typed(raw.episodes, folder / "episodes.csv")
    uasc = _typed(raw.uasc, folder / "uasc.csv")
    reviews = _typed(raw.reviews, folder / "reviews.csv")
    unique(header, ["CHILD"], folder / "header.csv", "child", "one header row per child")
    for name, frame in (("episodes.csv", episodes), ("reviews.csv", reviews), ("uasc.csv", uasc)):
        orphans = ~frame["CHILD"].isin(header["CHILD"])
        reject(frame, orphans, folder / name, "CHILD", "has no row in header.csv")
    unique(uasc, ["CHILD"], folder / "uasc.csv", "child", "one UASC row per child")
    unique(reviews, ["CHILD", "REVIEW"], folder / "reviews.csv", "review")
    _check_episodes(episodes, header, folder / "episodes.csv")
    year = Period.from_time_period(folder.name.replace("-", ""))
    if year is not None:
        end = year_bounds(year.start_year)[1]
        for name, columns in IN_YEAR.items():
            frame = episodes if name == "episodes.csv" else reviews
            for column in columns:
                late = frame[column] > end
                reject(frame, late, folder / name, column, f"is after the {year} year ends")
    return SSDA903(header, episodes, uasc, reviews)


def _check_episodes(episodes: pd.DataFrame, header: pd.DataFrame, path: Path) -> None:
    """Each episode in order (begun after birth, ended with a reason, not before it began) and
    each child's episodes one after another."""
    unique(episodes, ["CHILD", "DECOM"], path, "episode", "one row per episode")
    born = episodes["CHILD"].map(header.set_index("CHILD")["DOB"])
    reject(episodes, episodes["DECOM"] < born, path, "DECOM", "is before the child's DOB")
    reject(episodes, episodes["DEC"] < episodes["DECOM"], path, "DEC", "is before DECOM")
    ended = episodes["DEC"].notna()
    reject(episodes, ended & (episodes["REC"] == ""), path, "REC", "is blank but DEC is set")
    reject(episodes, ~ended & (episodes["REC"] != ""), path, "REC", "is set but DEC is blank")
    ordered = episodes.reset_index().sort_values(["CHILD", "DECOM"])
    previous_end = ordered.groupby("CHILD")["DEC"].shift()
    has_previous = ordered.groupby("CHILD").cumcount() > 0
    # an episode overlaps when the one before it is still open or ends after it starts
    overlap = has_previous & (previous_end.isna() | (ordered["DECOM"] < previous_end))
    if overlap.any():
        row = int(ordered.loc[overlap, "index"].iloc[0])
        raise DataError(
            "episode starts before the child's previous episode ends",
            file=path,
            row=row + 2,
            column="DECOM",
        )


def load_ssda903(folder: Path) -> SSDA903:
    """Read and check one collection year's return."""
    return check_ssda903(read_ssda903(folder), folder)


def load_ssda903_years(root: Path) -> dict[str, SSDA903]:
    """Every collection year under ``root`` (folders named like 2024-25)."""
    return {p.name: load_ssda903(p) for p in sorted(root.iterdir()) if p.is_dir()}
