"""The Explore Education Statistics open-data standard, as rules over a CSV read as text.

Each rule raises DataError naming the file, the row as a spreadsheet shows it (header = row 1)
and the column, so an analyst can open the file and fix it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..numbers import SYMBOLS
from ..periods import Period

MANDATORY = ("time_period", "time_identifier", "geographic_level", "country_code", "country_name")
GEOGRAPHY = ("region_code", "region_name", "old_la_code", "new_la_code", "la_name")
LEVELS: Mapping[str, tuple[str, ...]] = {
    "National": (),
    "Regional": ("region_code", "region_name"),
    "Local authority": ("region_code", "region_name", "old_la_code", "new_la_code", "la_name"),
}
TIME_IDENTIFIERS = ("Academic year", "Financial year", "Calendar year", "Reporting year")
META_COLUMNS = ("col_name", "col_type", "label", "indicator_unit", "indicator_dp")
CODE_PATTERNS: Mapping[str, re.Pattern[str]] = {
    "country_code": re.compile(r"^E92000001$"),
    "region_code": re.compile(r"^E12\d{6}$"),
    "new_la_code": re.compile(r"^E(06|08|09|10)\d{6}$"),
    "old_la_code": re.compile(r"^\d{3}$"),
}
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _row(index: int) -> int:
    """Spreadsheet row of a 0-based data row: the header is row 1."""
    return index + 2


def check_columns(frame: pd.DataFrame, meta: pd.DataFrame, path: Path, meta_path: Path) -> None:
    """Mandatory columns are present and every other column is described by the metadata."""
    for column in MANDATORY:
        if column not in frame.columns:
            raise DataError(
                f"missing mandatory column {column!r}",
                file=path,
                row=1,
                column=column,
                hint="EES open data starts with " + ", ".join(MANDATORY),
            )
    for column in META_COLUMNS:
        if column not in meta.columns:
            raise DataError(
                f"metadata has no column {column!r}",
                file=meta_path,
                row=1,
                column=column,
                hint="an EES .meta.csv has columns " + ", ".join(META_COLUMNS),
            )
    described = set(meta["col_name"])
    for column in frame.columns:
        if column not in MANDATORY and column not in GEOGRAPHY and column not in described:
            raise DataError(
                f"column {column!r} is not described in {meta_path.name}",
                file=path,
                row=1,
                column=column,
                hint="add it to the .meta.csv as a Filter or an Indicator",
            )
    for index, row in meta.iterrows():
        if row["col_name"] not in frame.columns:
            raise DataError(
                f"metadata describes {row['col_name']!r}, which the data does not have",
                file=meta_path,
                row=_row(index),
                column="col_name",
            )
        if row["col_type"] not in ("Filter", "Indicator"):
            raise DataError(
                f"col_type {row['col_type']!r} is neither Filter nor Indicator",
                file=meta_path,
                row=_row(index),
                column="col_type",
            )
        if row["col_type"] == "Indicator" and not str(row["indicator_dp"]).isdigit():
            raise DataError(
                f"indicator_dp {row['indicator_dp']!r} is not a whole number of decimal places",
                file=meta_path,
                row=_row(index),
                column="indicator_dp",
            )


def check_rows(
    frame: pd.DataFrame,
    indicators: list[str],
    filters: list[str],
    path: Path,
    authorities: Mapping[str, Mapping[str, str]] | None = None,
) -> None:
    """Time, geography and values of every row; no two rows for the same thing."""
    seen: dict[tuple[str, ...], int] = {}
    key_columns = [c for c in (*MANDATORY[:3], *MANDATORY[3:4], *GEOGRAPHY, *filters) if c in frame]
    for index, row in enumerate(frame.to_dict("records")):
        where = {"file": path, "row": _row(index)}
        if Period.from_time_period(row["time_period"]) is None:
            raise DataError(
                f"time_period {row['time_period']!r} is not a year such as 202324",
                column="time_period",
                hint="write both years, e.g. 202324 for 2023/24",
                **where,
            )
        if row["time_identifier"] not in TIME_IDENTIFIERS:
            raise DataError(
                f"time_identifier {row['time_identifier']!r} is not one of {TIME_IDENTIFIERS}",
                column="time_identifier",
                **where,
            )
        level = row["geographic_level"]
        if level not in LEVELS:
            raise DataError(
                f"geographic_level {level!r} is not supported",
                column="geographic_level",
                hint="use " + ", ".join(LEVELS),
                **where,
            )
        for column in ("country_code", *LEVELS[level]):
            value = str(row.get(column, ""))
            pattern = CODE_PATTERNS.get(column)
            if not value or (pattern and not pattern.match(value)):
                raise DataError(
                    f"{level} row has {column} {value!r}",
                    column=column,
                    hint="use the ONS/DfE code for the area",
                    **where,
                )
        if level == "Local authority" and authorities is not None:
            _check_authority(row, authorities, where)
        for column in indicators:
            value = row[column]
            if not (_NUMBER.match(value) or value in SYMBOLS):
                raise DataError(
                    f"{column} is {value!r}, neither a number nor a DfE symbol",
                    column=column,
                    hint="write plain numbers without commas, or one of " + ", ".join(SYMBOLS),
                    **where,
                )
        key = tuple(str(row.get(c, "")) for c in key_columns)
        if key in seen:
            raise DataError(
                f"duplicate row: same time, area and filters as row {_row(seen[key])}",
                column="time_period",
                hint="keep one row per time period, area and breakdown",
                **where,
            )
        seen[key] = index


def _check_authority(
    row: Mapping[str, str], authorities: Mapping[str, Mapping[str, str]], where: dict
) -> None:
    known = authorities.get(row["old_la_code"])
    if known is None:
        raise DataError(
            f"unknown local authority code {row['old_la_code']!r}",
            column="old_la_code",
            hint="use the DfE three-digit LA code (data/reference/local_authorities.csv)",
            **where,
        )
    for column in ("new_la_code", "region_code"):
        if known[column] != row[column]:
            raise DataError(
                f"{column} {row[column]!r} does not match LA {row['old_la_code']} "
                f"({known['la_name']}: {known[column]})",
                column=column,
                **where,
            )
