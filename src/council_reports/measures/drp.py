"""Use of the IRO dispute resolution protocol (DRP): by quarter and stage, and by reason."""

from __future__ import annotations

import pandas as pd

from .years import quarter, year_bounds

STAGES = (1, 2, 3, 4, 5)
QUARTERS = ("Q1", "Q2", "Q3", "Q4")


def by_quarter_and_stage(log: pd.DataFrame, start_year: int) -> pd.DataFrame:
    """DRPs raised in each quarter of the year (Q1 April-June) by stage, with a total row.

    A log begun during the year (B&NES's began in October 2024) covers the quarters from its
    first entry only: earlier quarters were not recorded, so they are left out rather than
    shown as none, and the total row is named for the quarters it covers ("Q3 to Q4").
    """
    first, last = year_bounds(start_year)
    year = log.loc[log["raised"].between(first, last)]
    table = pd.crosstab(quarter(year["raised"]), year["stage"]).reindex(
        columns=list(STAGES), fill_value=0
    )
    quarters = list(QUARTERS)
    begun = log["raised"].min()
    if first < begun <= last:
        quarters = quarters[quarters.index(quarter(pd.Series([begun])).iloc[0]) :]
    table = table.reindex(quarters, fill_value=0)
    table.columns = [f"Stage {s}" for s in STAGES]
    table["Total"] = table.sum(axis=1)
    table.loc["Year" if quarters == list(QUARTERS) else f"{quarters[0]} to {quarters[-1]}"] = (
        table.sum()
    )
    return table.rename_axis("Quarter").reset_index()


def by_reason(log: pd.DataFrame, start_year: int) -> pd.Series:
    first, last = year_bounds(start_year)
    return log.loc[log["raised"].between(first, last), "reason"].value_counts()


def rate_per_10000(children: int, population: float) -> float:
    """Children per 10,000 children in the population aged 0-17."""
    return children / population * 10000
