"""Measures for the BCSSP appendices: training KPI ratings, summaries and 12-month changes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import pandas as pd

from .benchmarks import percent_change


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
    """A rating as the key shows it: a colour, and a word and a letter for people who do not
    see the colour."""

    name: str
    letter: str
    colour: str


RED = Rating("Red", "R", "#d4351c")
AMBER = Rating("Amber", "A", "#f47738")
GREEN = Rating("Green", "G", "#00703c")
BLUE = Rating("Blue", "B", "#1d70b8")
NIL = Rating("Nil or narrative response", "/", "#b1b4b6")
TBC = Rating("To be confirmed", "TBC", "#b1b4b6")
RATINGS = (GREEN, AMBER, RED, BLUE, NIL, TBC)
SLACK = 15.0


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


def agency_summary(rated: pd.DataFrame) -> pd.DataFrame:
    """Per agency: KPIs with a figure, and how many of those were met (Green)."""
    figures = rated.loc[rated["symbol"] == ""]
    summary = figures.groupby("agency", sort=False).agg(
        rated=("rating", "size"), met=("rating", lambda r: int((r == "Green").sum()))
    )
    order = list(dict.fromkeys(rated["agency"]))
    return summary.reindex(order, fill_value=0).reset_index()


def kpi_summary(rated: pd.DataFrame) -> pd.DataFrame:
    """Per KPI: agencies with a figure, and how many met the KPI."""
    figures = rated.loc[rated["symbol"] == ""]
    summary = figures.groupby("kpi", sort=False).agg(
        rated=("rating", "size"), met=("rating", lambda r: int((r == "Green").sum()))
    )
    return summary.reindex(list(dict.fromkeys(rated["kpi"])), fill_value=0).reset_index()


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
