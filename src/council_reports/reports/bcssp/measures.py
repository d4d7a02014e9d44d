"""Measures for the BCSSP appendices: training KPI ratings, summaries, 12-month and yearly
changes, and whether the parts a return gives for a total add up to it."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

import pandas as pd

from ...measures.benchmarks import percent_change


class Reading(Enum):
    """How "15% below the KPI" is read.

    POINTS: 15 percentage points below (a KPI of 80% is Red below 65%).
    RELATIVE: 15% of the KPI below it (a KPI of 80% is Red below 68%).
    The partnership's key says only "more than 15% below the KPI" and the published report
    shows the colours, not the rule, so the default is POINTS, the usual reading for targets set
    in per cent; the setting is one argument wherever ratings are made.
    """

    POINTS = "points"
    RELATIVE = "relative"


@dataclass(frozen=True)
class Rating:
    """A rating as the key names it: a word, and the letter or symbol a table cell shows, so a
    rating never depends on colour alone."""

    name: str
    letter: str


RED = Rating("Red", "R")
AMBER = Rating("Amber", "A")
GREEN = Rating("Green", "G")
BLUE = Rating("Blue", "N/A")
NIL = Rating("Nil or narrative response", "/")
TBC = Rating("To be confirmed", "TBC")
RATINGS = (GREEN, AMBER, RED, BLUE, NIL, TBC)
SLACK = 15.0


def targets(kpis: pd.DataFrame) -> dict[str, float]:
    """The agreed target of each KPI in the KPI list (kpi, target_percent), by KPI."""
    return dict(zip(kpis["kpi"], kpis["target_percent"], strict=True))


def rate(
    value: float | None, symbol: str, target: float, reading: Reading = Reading.POINTS
) -> Rating:
    """Rate one agency's figure against a KPI by the partnership's key: Green met or exceeded;
    Amber below but not more than 15% below; Red more than 15% below; Blue N/A; "/" nil or
    narrative response. Exactly 15% below is Amber ("more than" is Red)."""
    if symbol == "N/A":
        return BLUE
    if symbol == "/":
        return NIL
    if symbol == "TBC":
        return TBC
    if value is None or pd.isna(value):
        raise ValueError("a KPI value is either a number or a symbol")
    if value >= target:
        return GREEN
    floor = target - SLACK if reading is Reading.POINTS else target * (1 - SLACK / 100)
    return AMBER if value >= floor else RED


def rate_all(
    kpis: pd.DataFrame, targets: dict[str, float], reading: Reading = Reading.POINTS
) -> pd.DataFrame:
    """The KPI return with each cell's rating, against the agreed targets (``targets`` by KPI)."""
    rated = kpis.copy()
    rated["agreed_target"] = rated["kpi"].map(targets)
    rated["rating"] = [
        rate(row.value, row.symbol, row.agreed_target, reading).name for row in rated.itertuples()
    ]
    return rated


def target_mismatches(kpis: pd.DataFrame, targets: dict[str, float]) -> pd.DataFrame:
    """KPIs whose target in the return differs from the agreed target."""
    given = kpis.drop_duplicates("kpi")[["kpi", "target"]]
    given = given.assign(agreed_target=given["kpi"].map(targets))
    return given.loc[given["target"] != given["agreed_target"]].reset_index(drop=True)


def summary(rated: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per agency (``by="agency"``) or per KPI (``by="kpi"``), in the return's order: the figures
    given (cells with a percentage), and how many rated Green (met), Amber and Red."""
    figures = rated.loc[rated["symbol"] == ""]
    counts = pd.crosstab(figures[by], figures["rating"]).reindex(
        columns=[GREEN.name, AMBER.name, RED.name], fill_value=0
    )
    counts.columns = ["met", "amber", "red"]
    counts.insert(0, "rated", counts.sum(axis=1))
    order = list(dict.fromkeys(rated[by]))
    return counts.reindex(order, fill_value=0).rename_axis(by).reset_index()


def rating_counts(rated: pd.DataFrame) -> dict[str, int]:
    """How many cells of the return have each rating, by the rating's name."""
    counts = rated["rating"].value_counts()
    return {rating.name: int(counts.get(rating.name, 0)) for rating in RATINGS}


def with_total(frame: pd.DataFrame, label: str = "Total") -> pd.DataFrame:
    """The counts with a last row adding each numeric column, labelled in the first column."""
    numbers = frame.select_dtypes("number").columns
    total = {frame.columns[0]: label} | {c: frame[c].sum() for c in numbers}
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)


def share(part: pd.Series, whole: pd.Series | int) -> pd.Series:
    """``part`` as a % of ``whole``, unrounded (a conversion rate, an outcome's share of all
    contacts); missing (shown as x) where the whole is 0."""
    percent = part.astype(float) / whole * 100
    return percent.replace([math.inf, -math.inf], math.nan)


@dataclass(frozen=True)
class Reconciliation:
    """A total a return gives and the parts it gives for it, in one table or two breakdowns of
    the same count (contacts by source, by quarter and by outcome)."""

    table: str  # the id of the table that shows the parts
    total_label: str  # what the total counts, as a sentence names it: "concerns received"
    total: int
    parts_label: str  # the parts together, as a sentence names them
    parts: tuple[tuple[str, int], ...]

    @property
    def parts_total(self) -> int:
        return sum(value for _, value in self.parts)

    @property
    def unaccounted(self) -> int:
        """How many of the total the parts leave out (negative when they come to more)."""
        return self.total - self.parts_total

    @property
    def adds_up(self) -> bool:
        return self.unaccounted == 0


def reconcile(
    table: str,
    total: tuple[str, float],
    parts_label: str,
    parts: Mapping[str, float],
) -> Reconciliation:
    """Whether ``parts`` (label: count) add up to ``total`` (label, count): 343 + 673 + 517 =
    1,533 against 1,603 concerns leaves 70 unaccounted for."""
    counted = tuple((label, int(value)) for label, value in parts.items())
    return Reconciliation(table, total[0], int(total[1]), parts_label, counted)


def yearly_change(measures: pd.DataFrame) -> pd.DataFrame:
    """A return's measures (measure, unit, value, previous: the figure a year earlier or NaN)
    with the change: counts as a difference, percentages in percentage points (81% against
    57% is +24). No change where there is no earlier figure."""
    changed = measures[["measure", "unit", "value", "previous"]].copy()
    changed["previous"] = changed["previous"].astype(float)
    changed["change"] = changed["value"] - changed["previous"]
    return changed


def rolling_change(police: pd.DataFrame) -> pd.DataFrame:
    """Change and % change of 12-month rolling figures, the % to 1 decimal place, half away
    from zero (282 against 178: +104, +58.4%; 172 against 64: +108, +168.8%). No % change
    from a previous figure of 0."""
    changed = police.copy()
    changed["change"] = changed["current"] - changed["previous"]
    changed["percent_change"] = [
        percent_change(c, p, 1)
        for c, p in zip(changed["current"], changed["previous"], strict=True)
    ]
    return changed
