"""An LA against its statistical neighbours, as the DfE's Local Authority Interactive Tool
compares them: the neighbours' average is the plain mean of the neighbours that have a figure
(each LA counts once, whatever its size), and an LA's rank puts the best figure first by the
measure's polarity, ties sharing the better place. A neighbour with a DfE symbol (``c``, ``x``,
...) or no row that year has no figure: it is left out of both, and named, so a report can say
"the average of the 9 neighbours with a figure"."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ..numbers import Value, is_symbol
from ..periods import Period
from .benchmarks import rows_where, values_by


@dataclass(frozen=True)
class NeighbourAverage:
    """The neighbours' mean (None when none has a figure), which counted and which not."""

    value: float | None
    included: tuple[str, ...]
    left_out: tuple[str, ...]


@dataclass(frozen=True)
class Rank:
    """An LA's place among itself and the neighbours with a figure: 1 is best."""

    position: int
    out_of: int
    left_out: tuple[str, ...]


def _figure(value: Value) -> float | None:
    if value is None or is_symbol(value) or pd.isna(value):
        return None
    return float(value)


def figures(
    frame: pd.DataFrame, *, period: Period, indicator: str, **filters: str
) -> dict[str, Value]:
    """Every area's published value of one indicator in one year, by area code (the EES tidy
    form of ``validate.ees`` / ``validate.national``): the number, or the DfE symbol."""
    rows = rows_where(frame, period=str(period), indicator=indicator, **filters)
    return values_by(rows, "area_code")


def neighbour_average(values: Mapping[str, Value], neighbours: Sequence[str]) -> NeighbourAverage:
    """The mean of the neighbours' figures; neighbours without one are left out."""
    have = [(code, _figure(values.get(code))) for code in neighbours]
    included = tuple(code for code, figure in have if figure is not None)
    numbers = [figure for _, figure in have if figure is not None]
    return NeighbourAverage(
        sum(numbers) / len(numbers) if numbers else None,
        included,
        tuple(code for code, figure in have if figure is None),
    )


def rank_among_neighbours(
    la: str, values: Mapping[str, Value], neighbours: Sequence[str], polarity: str
) -> Rank | None:
    """Where ``la`` stands among itself and its neighbours with a figure: 1 is the highest
    figure when higher is better (polarity "High"), the lowest when lower is better ("Low").
    None when the measure has no better direction ("-") or the LA has no figure."""
    own = _figure(values.get(la))
    if own is None or polarity not in ("High", "Low"):
        return None
    others = [(code, _figure(values.get(code))) for code in neighbours]
    compared = [figure for _, figure in others if figure is not None]
    better = sum(1 for f in compared if (f > own if polarity == "High" else f < own))
    return Rank(
        better + 1, len(compared) + 1, tuple(code for code, figure in others if figure is None)
    )


@dataclass(frozen=True)
class Comparison:
    """One measure in one year: every area's figure, the LA's neighbours' average and the LA's
    place among them. ``order`` says which figure is 1st: the lowest when lower is better,
    else the highest (a measure with no better direction is placed by size, highest first)."""

    period: Period
    values: Mapping[str, Value]
    average: NeighbourAverage
    rank: Rank | None
    order: str  # "lowest" or "highest"

    @property
    def place(self) -> str:
        """The LA's place in words, ``3rd lowest of 11``; ``x`` without one."""
        from ..numbers import ordinal

        if self.rank is None:
            return "x"
        return f"{ordinal(self.rank.position)} {self.order} of {self.rank.out_of}"


def compare_with_neighbours(
    frame: pd.DataFrame,
    *,
    la: str,
    neighbours: Sequence[str],
    period: Period,
    indicator: str,
    polarity: str,
    **filters: str,
) -> Comparison:
    """An LA against its neighbours in one measure and year (``frame``: the tidy rows of the
    LA, its neighbours and whatever else the caller shows, such as its region and England)."""
    values = figures(frame, period=period, indicator=indicator, **filters)
    order = "lowest" if polarity == "Low" else "highest"
    rank = rank_among_neighbours(la, values, neighbours, "Low" if order == "lowest" else "High")
    return Comparison(period, values, neighbour_average(values, neighbours), rank, order)
