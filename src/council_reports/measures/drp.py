"""Use of the IRO dispute resolution protocol (DRP): by quarter and stage, and by reason."""

from __future__ import annotations

import pandas as pd

from .years import quarter, year_bounds

STAGES = (1, 2, 3, 4, 5)


def by_quarter_and_stage(log: pd.DataFrame, start_year: int) -> pd.DataFrame:
    """DRPs raised in each quarter of the year (Q1 April-June) by stage, with totals."""
    first, last = year_bounds(start_year)
    year = log.loc[log["raised"].between(first, last)]
    table = pd.crosstab(quarter(year["raised"]), year["stage"]).reindex(
        columns=list(STAGES), fill_value=0
    )
    table = table.reindex(["Q1", "Q2", "Q3", "Q4"], fill_value=0)
    table.columns = [f"Stage {s}" for s in STAGES]
    table["Total"] = table.sum(axis=1)
    table.loc["Year"] = table.sum()
    return table.rename_axis("Quarter").reset_index()


def by_reason(log: pd.DataFrame, start_year: int) -> pd.Series:
    first, last = year_bounds(start_year)
    return log.loc[log["raised"].between(first, last), "reason"].value_counts()


def rate_per_10000(children: int, population: float) -> float:
    """Children per 10,000 children in the population aged 0-17."""
    return children / population * 10000
