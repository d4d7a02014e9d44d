"""The report's data: counts of children by group, one row per year, LA and group, checked."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from ...framework import Target, cached_load

if TYPE_CHECKING:
    import pandas as pd

COUNTS = "counts.csv"
COLUMNS = ("period", "la_code", "group", "children")


def coverage(data_dir: Path) -> dict[str, tuple[str, ...]]:
    """Periods and LAs in the counts, read with the csv module (fast; no validation)."""
    found: dict[str, set[str]] = defaultdict(set)
    path = data_dir / COUNTS
    if path.is_file():
        with path.open(newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                found[row.get("period", "")].add(row.get("la_code", ""))
    return {period: tuple(sorted(las)) for period, las in sorted(found.items())}


@cached_load
def load(data_dir: Path) -> pd.DataFrame:
    """The counts, every cell checked: a bad one stops the build with its row and column."""
    from ...load.files import read_csv
    from ...validate.tables import reject

    path = data_dir / COUNTS
    frame = read_csv(path, COLUMNS, hint="see the data folder's README")
    rules = (
        ("period", r"\d{4}-\d{2}", "is not a year", "write a year such as 2024-25"),
        ("la_code", r"\d{3}", "is not an LA code", "the DfE three-digit code, such as 800"),
        ("children", r"\d+", "is not a whole number", "write a count, such as 42"),
    )
    for column, pattern, problem, hint in rules:
        reject(frame, ~frame[column].str.fullmatch(pattern), path, column, problem, hint)
    return frame.astype({"children": int})


def check(target: Target) -> None:
    """The data loads and checks (the framework checks that it holds the target's LA and
    period)."""
    load(target.data_dir)
