"""The Explore Education Statistics open-data standard, as rules over a CSV read as text, and
the checked files as tidy tables.

Each rule raises DataError naming the file, the row as a spreadsheet shows it (header = row 1)
and the column, so an analyst can open the file and fix it. Values are checked as text before
any conversion, so a suppressed "c" stays "c": in the tidy table each value has a number
(``value``) or a DfE symbol (``symbol``), never both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..load.ees import EesFile, Selection, read_ees_file
from ..load.ees import read_ees_folder as read_files
from ..load.reference import local_authorities
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
    "region_code": re.compile(r"^E12[0-9]{6}$"),
    "new_la_code": re.compile(r"^E(06|08|09|10)[0-9]{6}$"),
    "old_la_code": re.compile(r"^[0-9]{3}$"),
}
_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")  # the digits 0-9 only, as int() and float() are not
_WHOLE = re.compile(r"^[0-9]+$")
# EES indicator_unit values and the ledger's units; EES leaves counts and rates blank.
UNITS = {"%": "%", "": "number", "pp": "pp"}


@dataclass(frozen=True)
class Indicator:
    name: str
    label: str
    unit: str
    decimals: int

    def out_of_range(self, value: float) -> str | None:
        """Why a value cannot be this indicator's: a percentage outside 0-100, or a negative
        count or rate (a change in percentage points may be negative)."""
        if self.unit == "%" and not 0 <= value <= 100:
            return "is outside 0-100"
        if self.unit == "number" and value < 0:
            return "is negative"
        return None


def _row(index: int) -> int:
    """Spreadsheet row of a data row labelled ``index`` (``load.files.read_csv``): the header is
    row 1."""
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
        if row["col_type"] == "Indicator" and not _WHOLE.match(str(row["indicator_dp"])):
            raise DataError(
                f"indicator_dp {row['indicator_dp']!r} is not a whole number of decimal places",
                file=meta_path,
                row=_row(index),
                column="indicator_dp",
            )


def indicators_in(meta: pd.DataFrame) -> dict[str, Indicator]:
    """The indicators the metadata describes (after ``check_columns``)."""
    return {
        row.col_name: Indicator(
            row.col_name, row.label, UNITS.get(row.indicator_unit, "number"), int(row.indicator_dp)
        )
        for row in meta.loc[meta["col_type"] == "Indicator"].itertuples()
    }


def check_rows(
    frame: pd.DataFrame,
    indicators: Mapping[str, Indicator],
    filters: list[str],
    path: Path,
    authorities: Mapping[str, Mapping[str, str]] | None = None,
) -> None:
    """Time, geography and values of every row; no two rows for the same thing."""
    seen: dict[tuple[str, ...], int] = {}
    key_columns = [c for c in (*MANDATORY[:3], *MANDATORY[3:4], *GEOGRAPHY, *filters) if c in frame]
    for index, row in zip(frame.index, frame.to_dict("records"), strict=True):
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
        for column, indicator in indicators.items():
            value = row[column]
            if not (_NUMBER.match(value) or value in SYMBOLS):
                raise DataError(
                    f"{column} is {value!r}, neither a number nor a DfE symbol",
                    column=column,
                    hint="write plain numbers without commas, or one of " + ", ".join(SYMBOLS),
                    **where,
                )
            problem = indicator.out_of_range(float(value)) if _NUMBER.match(value) else None
            if problem:
                raise DataError(
                    f"{column} {value!r} {problem}",
                    column=column,
                    hint=f"{indicator.label}: check the figure against the release",
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


@dataclass(frozen=True)
class EesDataset:
    """One EES dataset, checked: its rows as text, and what its filter and indicator columns
    mean."""

    name: str
    frame: pd.DataFrame
    filters: tuple[str, ...]
    indicators: Mapping[str, Indicator]

    def tidy(self) -> pd.DataFrame:
        """One row per area, time period, breakdown and indicator."""
        frame = self.frame.copy()
        level = frame["geographic_level"]
        frame["area_code"] = frame["country_code"].where(
            level == "National",
            frame["region_code"].where(level == "Regional", frame["old_la_code"]),
        )
        frame["area_name"] = frame["country_name"].where(
            level == "National",
            frame["region_name"].where(level == "Regional", frame["la_name"]),
        )
        frame["period"] = [str(Period.from_time_period(t)) for t in frame["time_period"]]
        ids = [
            "period",
            "time_period",
            "geographic_level",
            "area_code",
            "area_name",
            "region_code",
            *self.filters,
            "source_file",
        ]
        long = frame.melt(
            id_vars=ids, value_vars=list(self.indicators), var_name="indicator", value_name="raw"
        )
        numeric = pd.to_numeric(long["raw"], errors="coerce")
        long["value"] = numeric
        long["symbol"] = long["raw"].where(numeric.isna(), "")
        long["unit"] = long["indicator"].map({k: i.unit for k, i in self.indicators.items()})
        long["label"] = long["indicator"].map({k: i.label for k, i in self.indicators.items()})
        long["decimals"] = long["indicator"].map(
            {k: i.decimals for k, i in self.indicators.items()}
        )
        long.insert(0, "dataset", self.name)
        return long.drop(columns="raw")


def check_file(
    file: EesFile, authorities: Mapping[str, Mapping[str, str]] | None = None
) -> EesDataset:
    """One EES file and its metadata, checked against the standard."""
    frame, meta = file.frame.copy(), file.meta
    check_columns(frame, meta, file.path, file.meta_path)
    filters = tuple(meta.loc[meta["col_type"] == "Filter", "col_name"])
    described = indicators_in(meta)
    check_rows(frame, described, list(filters), file.path, authorities)
    for column in GEOGRAPHY:
        if column not in frame:
            frame[column] = ""
    # resolved: a loader's results are cached and shared by builds that run in other folders
    frame["source_file"] = str(file.path.resolve())
    return EesDataset(file.name, frame, filters, described)


def read_ees(
    path: Path,
    authorities: Mapping[str, Mapping[str, str]] | None = None,
    selection: Selection | None = None,
) -> EesDataset:
    """Read and check one EES CSV and the ``.meta.csv`` beside it; with a ``selection``, only
    the rows it keeps are held and checked (every row is still read as a row of the file)."""
    return check_file(read_ees_file(path, selection), authorities)


def read_ees_folder(
    folder: Path, names: tuple[str, ...], selection: Selection | None = None
) -> dict[str, EesDataset]:
    """Read and check the named datasets in ``folder``, with the rows of ``folder/synthetic``
    (only those ``selection`` keeps, when given: the areas and years a build needs).

    Rows for the same dataset from several files are checked file by file and then together,
    so a row repeated across files is caught too.
    """
    authorities = local_authorities(folder.parent / "reference")
    datasets: dict[str, EesDataset] = {}
    for name, files in read_files(folder, names, selection).items():
        parts = [check_file(file, authorities) for file in files]
        first = parts[0]
        rows = [row for part in parts for row in part.frame.index]  # where each row was
        frame = pd.concat([p.frame for p in parts], ignore_index=True)
        if len(parts) > 1:
            _check_across(frame, first, parts, rows)
        datasets[name] = EesDataset(name, frame, first.filters, first.indicators)
    return datasets


def _check_across(
    frame: pd.DataFrame, first: EesDataset, parts: list[EesDataset], rows: list[int]
) -> None:
    for part in parts[1:]:
        if part.filters != first.filters or dict(part.indicators) != dict(first.indicators):
            raise DataError(
                f"columns differ from {first.name}.csv",
                file=part.frame["source_file"].iloc[0],
                row=1,
                hint="a synthetic file must have the same filters and indicators",
            )
    keys = [
        "time_period",
        "geographic_level",
        "country_code",
        "region_code",
        "old_la_code",
        *first.filters,
    ]
    duplicated = frame.duplicated(subset=keys)
    if duplicated.any():
        position = int(duplicated.to_numpy().nonzero()[0][0])
        raise DataError(
            "row repeats a row of another file for the same time, area and breakdown",
            file=frame["source_file"].iloc[position],
            row=_row(rows[position]),
            column="old_la_code",
            hint="keep each area's figures in one file",
        )
