"""The Explore Education Statistics open-data standard, as rules over a CSV read as text, and
the checked files as tidy tables.

Each rule raises DataError naming the file, the row as a spreadsheet shows it (header = row 1)
and the column, so an analyst can open the file and fix it. Values are checked as text before
any conversion, so a suppressed "c" stays "c": in the tidy table each value has a number
(``value``) or a DfE symbol (``symbol``), never both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
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
    """Time, geography and values of every row; no two rows for the same thing. The rules are
    checked a column at a time, each distinct value once; the first row breaking one, and the
    first rule it breaks, are reported, as reading the file row by row would find them."""
    rules = _rules(frame, indicators, filters, authorities)
    broken = [(rule, mask) for rule, mask in rules if mask.any()]
    if broken:
        first = min(int(mask.argmax()) for _, mask in broken)
        rule = next(rule for rule, mask in broken if mask[first])
        raise rule(frame.iloc[first].to_dict(), {"file": path, "row": _row(frame.index[first])})


Rule = Callable[[Mapping[str, str], dict[str, Any]], DataError]


def _where(values: pd.Series, test: Callable[[str], bool]) -> np.ndarray:
    """Where ``test`` is true of a column's value, each distinct value asked once."""
    items = values.tolist()
    verdicts = {value: test(value) for value in set(items)}
    return np.fromiter((verdicts[value] for value in items), dtype=bool, count=len(items))


def _rules(
    frame: pd.DataFrame,
    indicators: Mapping[str, Indicator],
    filters: list[str],
    authorities: Mapping[str, Mapping[str, str]] | None,
) -> Iterator[tuple[Rule, np.ndarray]]:
    """Each rule a row must keep, in the order a row is checked, with the rows breaking it."""

    def column(name: str) -> pd.Series:
        return frame[name].astype(str) if name in frame else pd.Series("", index=frame.index)

    yield (
        lambda row, where: DataError(
            f"time_period {row['time_period']!r} is not a year such as 202324",
            column="time_period",
            hint="write both years, e.g. 202324 for 2023/24",
            **where,
        ),
        _where(frame["time_period"], lambda v: Period.from_time_period(v) is None),
    )
    yield (
        lambda row, where: DataError(
            f"time_identifier {row['time_identifier']!r} is not one of {TIME_IDENTIFIERS}",
            column="time_identifier",
            **where,
        ),
        ~frame["time_identifier"].isin(TIME_IDENTIFIERS).to_numpy(),
    )
    level = frame["geographic_level"]
    yield (
        lambda row, where: DataError(
            f"geographic_level {row['geographic_level']!r} is not supported",
            column="geographic_level",
            hint="use " + ", ".join(LEVELS),
            **where,
        ),
        ~level.isin(list(LEVELS)).to_numpy(),
    )
    for name in ("country_code", *LEVELS["Local authority"]):
        needed = _where(level, lambda lv, name=name: name in ("country_code", *LEVELS.get(lv, ())))
        pattern = CODE_PATTERNS.get(name)
        bad = _where(column(name), lambda v, p=pattern: not v or bool(p and not p.match(v)))
        yield (
            lambda row, where, name=name: DataError(
                f"{row['geographic_level']} row has {name} {str(row.get(name, ''))!r}",
                column=name,
                hint="use the ONS/DfE code for the area",
                **where,
            ),
            needed & bad,
        )
    if authorities is not None:
        local = (level == "Local authority").to_numpy()
        codes = column("old_la_code")
        yield _unknown_authority, local & ~codes.isin(list(authorities)).to_numpy()
        for name in ("new_la_code", "region_code"):
            expected = codes.map(lambda c, n=name: authorities.get(c, {}).get(n))
            yield (
                lambda row, where, name=name: _mismatch(row, authorities, name, where),
                local & expected.notna().to_numpy() & (expected != column(name)).to_numpy(),
            )
    for name, indicator in indicators.items():
        values = frame[name]
        yield (
            lambda row, where, name=name: DataError(
                f"{name} is {row[name]!r}, neither a number nor a DfE symbol",
                column=name,
                hint="write plain numbers without commas, or one of " + ", ".join(SYMBOLS),
                **where,
            ),
            _where(values, lambda v: not (_NUMBER.match(v) or v in SYMBOLS)),
        )
        yield (
            lambda row, where, name=name, indicator=indicator: DataError(
                f"{name} {row[name]!r} {indicator.out_of_range(float(row[name]))}",
                column=name,
                hint=f"{indicator.label}: check the figure against the release",
                **where,
            ),
            _where(
                values,
                lambda v, i=indicator: bool(_NUMBER.match(v)) and bool(i.out_of_range(float(v))),
            ),
        )
    keys = frame[[c for c in (*MANDATORY[:4], *GEOGRAPHY, *filters) if c in frame]].astype(str)

    def duplicate(row: Mapping[str, str], where: dict[str, Any]) -> DataError:
        first = (keys == [str(row[c]) for c in keys.columns]).all(axis=1).to_numpy().argmax()
        return DataError(
            f"duplicate row: same time, area and filters as row {_row(frame.index[first])}",
            column="time_period",
            hint="keep one row per time period, area and breakdown",
            **where,
        )

    yield duplicate, keys.duplicated().to_numpy()


def _unknown_authority(row: Mapping[str, str], where: dict[str, Any]) -> DataError:
    return DataError(
        f"unknown local authority code {row['old_la_code']!r}",
        column="old_la_code",
        hint="use the DfE three-digit LA code (data/reference/local_authorities.csv)",
        **where,
    )


def _mismatch(
    row: Mapping[str, str],
    authorities: Mapping[str, Mapping[str, str]],
    column: str,
    where: dict[str, Any],
) -> DataError:
    known = authorities[row["old_la_code"]]
    return DataError(
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
    """Read and check the named datasets in ``folder`` (only the rows ``selection`` keeps, when
    given: the areas and years a build needs)."""
    authorities = local_authorities(folder.parent / "reference")
    return {
        name: check_file(file, authorities)
        for name, file in read_files(folder, names, selection).items()
    }
