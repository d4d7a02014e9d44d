"""DfE Explore Education Statistics open-data CSVs (with their .meta.csv) as tidy tables.

Values are read as text and validated before any conversion, so a suppressed "c" stays "c":
in the tidy table each value has a number (``value``) or a DfE symbol (``symbol``), never both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..periods import Period
from ..validate import ees as rules
from .reference import local_authorities

# EES indicator_unit values and the ledger's units; EES leaves counts and rates blank.
_UNITS = {"%": "%", "": "number", "pp": "pp"}


@dataclass(frozen=True)
class Indicator:
    name: str
    label: str
    unit: str
    decimals: int


@dataclass(frozen=True)
class EesDataset:
    """One EES dataset: its rows as text, and what its filter and indicator columns mean."""

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


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise DataError("file not found", file=path, hint="check the data folder")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise DataError(f"not a readable CSV: {str(error).splitlines()[0]}", file=path) from None
    except pd.errors.EmptyDataError:
        raise DataError("the file is empty", file=path, row=1) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.map(str.strip)


def read_ees(path: Path, authorities: Mapping[str, Mapping[str, str]] | None = None) -> EesDataset:
    """Read and validate one EES CSV and the ``.meta.csv`` beside it."""
    meta_path = path.with_suffix(".meta.csv")
    frame, meta = _read_csv(path), _read_csv(meta_path)
    rules.check_columns(frame, meta, path, meta_path)
    filters = tuple(meta.loc[meta["col_type"] == "Filter", "col_name"])
    indicators = {
        row.col_name: Indicator(
            row.col_name, row.label, _UNITS.get(row.indicator_unit, "number"), int(row.indicator_dp)
        )
        for row in meta.loc[meta["col_type"] == "Indicator"].itertuples()
    }
    rules.check_rows(frame, list(indicators), list(filters), path, authorities)
    for column in rules.GEOGRAPHY:
        if column not in frame:
            frame[column] = ""
    frame["source_file"] = str(path)
    return EesDataset(path.name.removesuffix(".csv"), frame, filters, indicators)


def read_ees_folder(folder: Path, names: tuple[str, ...]) -> dict[str, EesDataset]:
    """Read the named datasets from ``folder``, adding rows from ``folder/synthetic`` if present.

    Rows for the same dataset from several files are validated file by file and then together,
    so a row repeated across files is caught too.
    """
    authorities = local_authorities(folder.parent / "reference")
    datasets: dict[str, EesDataset] = {}
    for name in names:
        parts = [read_ees(folder / f"{name}.csv", authorities)]
        extra = folder / "synthetic" / f"{name}.csv"
        if extra.is_file():
            parts.append(read_ees(extra, authorities))
        first = parts[0]
        frame = pd.concat([p.frame for p in parts], ignore_index=True)
        if len(parts) > 1:
            _check_across(frame, first, parts)
        datasets[name] = EesDataset(name, frame, first.filters, first.indicators)
    return datasets


def _check_across(frame: pd.DataFrame, first: EesDataset, parts: list[EesDataset]) -> None:
    for part in parts[1:]:
        if part.filters != first.filters or dict(part.indicators) != dict(first.indicators):
            path = Path(part.frame["source_file"].iloc[0])
            raise DataError(
                f"columns differ from {first.name}.csv",
                file=path,
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
        row = frame.loc[duplicated].iloc[0]
        raise DataError(
            "row repeats a row of another file for the same time, area and breakdown",
            file=row["source_file"],
            column="old_la_code",
            hint="keep each area's figures in one file",
        )
