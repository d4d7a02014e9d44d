"""Benchmarking an LA against its region and England, the way DfE statistics are compared.

Works on the tidy tables of ``load.ees`` (one row per area, period, breakdown and indicator;
a number in ``value`` or a DfE symbol in ``symbol``). Comparisons use the figures as published
(rounded to the indicator's decimal places): 2.3% against 2.3% is "in line with", whatever the
unrounded data says, because that is what a reader of the tables sees.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..numbers import Value, round_half_up
from ..periods import Period

ENGLAND = ("E92000001", "England")


@dataclass(frozen=True)
class Areas:
    """An LA and the areas it is compared with."""

    la_code: str
    la_name: str
    region_code: str
    region_name: str

    @property
    def codes(self) -> tuple[str, str, str]:
        return (self.la_code, self.region_code, ENGLAND[0])

    @property
    def names(self) -> tuple[str, str, str]:
        return (self.la_name, self.region_name, ENGLAND[1])


def areas_for(frame: pd.DataFrame, la_code: str) -> Areas:
    """The LA's name and region as its own rows in the data give them."""
    rows = frame.loc[
        (frame["geographic_level"] == "Local authority") & (frame["area_code"] == la_code)
    ]
    if rows.empty:
        known = sorted(
            frame.loc[frame["geographic_level"] == "Local authority", "area_code"].unique()
        )
        raise ParameterError(
            f"LA {la_code!r} is not in the data", hint="LAs in the data: " + ", ".join(known)
        )
    first = rows.iloc[0]
    region = frame.loc[frame["area_code"] == first["region_code"], "area_name"]
    return Areas(
        la_code,
        first["area_name"],
        first["region_code"],
        region.iloc[0] if not region.empty else first["region_code"],
    )


def value_of(cell: pd.Series) -> Value:
    """The published value of one tidy row: the number, or the DfE symbol."""
    return cell["symbol"] if cell["symbol"] else float(cell["value"])


def values_by(rows: pd.DataFrame, *keys: str) -> dict[Any, Value]:
    """Each tidy row's published value (as ``value_of``) by its ``keys`` columns: a tuple of
    them, or the one column's value. Column by column, not a Series per row: reports look up
    thousands of cells."""
    values = [s if s else float(v) for v, s in zip(rows["value"], rows["symbol"], strict=True)]
    index = rows[keys[0]] if len(keys) == 1 else zip(*(rows[k] for k in keys), strict=True)
    return dict(zip(index, values, strict=True))


def lookup(
    frame: pd.DataFrame, *, area: str, period: Period, indicator: str, **filters: str
) -> Value:
    """The one published value for an area, period, indicator and breakdown."""
    rows = rows_where(frame, area_code=area, period=str(period), indicator=indicator, **filters)
    if len(rows) != 1:
        where = ", ".join(f"{k}={v}" for k, v in filters.items())
        raise LookupError(f"{len(rows)} rows for {indicator} in {area} {period} {where}".rstrip())
    return value_of(rows.iloc[0])


def compare(value: Value, benchmark: Value, decimals: int) -> str | None:
    """``above``, ``below`` or ``in line with`` as the published figures read; None if either
    is a symbol (nothing can be said about a suppressed figure)."""
    if isinstance(value, str) or isinstance(benchmark, str) or value is None or benchmark is None:
        return None
    ours, theirs = round_half_up(value, decimals), round_half_up(benchmark, decimals)
    if ours == theirs:
        return "in line with"
    return "above" if ours > theirs else "below"


def could_be_the_same(first: float, first_places: int, second: float, second_places: int) -> bool:
    """Whether two published figures could be the same number rounded (half up) to different
    places: 5.1 (1 dp) and 5.15 (2 dp) could both be 5.148, so one is not a revision of the
    other; 18.8 and 20.7 cannot."""
    from decimal import Decimal

    half = Decimal(5).scaleb(-first_places - 1) + Decimal(5).scaleb(-second_places - 1)
    return abs(Decimal(repr(float(first))) - Decimal(repr(float(second)))) < half


def change(current: Value, previous: Value, decimals: int) -> float | None:
    """Change between published figures (so 18.3 against 18.1 is 0.2, not 0.2049)."""
    if isinstance(current, str) or isinstance(previous, str) or current is None or previous is None:
        return None
    return float(round_half_up(current, decimals) - round_half_up(previous, decimals))


def percent_change(current: Value, previous: Value, decimals: int | None = None) -> float | None:
    """Relative change in per cent: 282 against 178 is 58.43..., or 58.4 to ``decimals`` places,
    rounded half away from zero; None from 0 or a symbol."""
    if isinstance(current, str) or isinstance(previous, str) or not previous or current is None:
        return None
    percent = (float(current) - float(previous)) / float(previous) * 100
    return percent if decimals is None else float(round_half_up(percent, decimals))


def direction(
    delta: float | None, *, up: str = "rose", down: str = "fell", same: str = "did not change"
) -> str | None:
    """A verb for a change computed by ``change``."""
    if delta is None:
        return None
    return up if delta > 0 else down if delta < 0 else same


def latest_periods(
    frame: pd.DataFrame, la_code: str, period: Period, count: int = 2, **filters: str
) -> tuple[Period, ...]:
    """The ``count`` latest periods up to ``period`` with figures for the LA, newest first.

    Some DfE tables lag a year (outcomes for children in need are published a year after the
    absence and exclusion statistics), so a table shows the latest years it has.
    """
    found = periods_with_figures(frame, la_code, **filters)
    return tuple(sorted((p for p in found if p <= period), reverse=True)[:count])


def periods_with_figures(frame: pd.DataFrame, la_code: str, **filters: str) -> set[Period]:
    """Every period the frame has a figure for the LA in (a symbol other than x counts), in
    its rows whose ``filters`` columns hold the values given (a breakdown)."""
    shown = (_column(frame, "area_code") == la_code) & (_column(frame, "symbol") != "x")
    for column, wanted in filters.items():
        shown &= _column(frame, column) == wanted
    return {Period.parse(p) for p in set(_column(frame, "period")[shown])}


def rows_where(frame: pd.DataFrame, **wanted: str) -> pd.DataFrame:
    """The rows whose columns hold the values given (``area_code="800"``)."""
    mask = np.ones(len(frame), dtype=bool)
    for column, value in wanted.items():
        mask &= _column(frame, column) == value
    return frame.loc[mask]


def _column(frame: pd.DataFrame, name: str) -> np.ndarray:
    """A text column as a plain array: compared element by element ten times faster than
    pandas' text arrays are, which counts when every section of every LA's report asks."""
    return frame[name].to_numpy(dtype=object)


def comparison(
    frame: pd.DataFrame,
    areas: Areas,
    periods: tuple[Period, ...],
    indicators: tuple[str, ...],
    **filters: str | tuple[str, ...],
) -> pd.DataFrame:
    """The tidy rows for the LA, its region and England in the given periods, in that order."""
    mask = (
        np.isin(_column(frame, "area_code"), areas.codes)
        & np.isin(_column(frame, "period"), [str(p) for p in periods])
        & np.isin(_column(frame, "indicator"), indicators)
    )
    for column, wanted in filters.items():
        mask &= np.isin(_column(frame, column), (wanted,) if isinstance(wanted, str) else wanted)
    area = {c: i for i, c in enumerate(areas.codes)}
    period = {str(p): i for i, p in enumerate(periods)}
    indicator = {c: i for i, c in enumerate(indicators)}
    columns = (_column(frame, name)[mask] for name in ("indicator", "area_code", "period"))
    keys = zip(*columns, np.flatnonzero(mask), strict=True)
    order = sorted(keys, key=lambda k: (indicator[k[0]], area[k[1]], period[k[2]]))  # stable
    return frame.take([k[3] for k in order]).reset_index(drop=True)


def highest(values: Mapping[str, Value], decimals: int) -> list[str]:
    """The groups with the highest published figure, in the order given: every group tied at
    the top (as rounded to ``decimals`` places), none when no figure is a number."""
    published = {
        group: round_half_up(value, decimals)
        for group, value in values.items()
        if isinstance(value, int | float)
    }
    if not published:
        return []
    top = max(published.values())
    return [group for group, value in published.items() if value == top]


def groups_compared(
    values: Mapping[str, Value], benchmarks: Mapping[str, Value], decimals: int, word: str
) -> list[str]:
    """The groups whose figure is ``word`` ("above", "below", "in line with") the benchmark
    for the same group, as ``compare`` reads the published figures."""
    return [
        group
        for group, value in values.items()
        if compare(value, benchmarks.get(group), decimals) == word
    ]
