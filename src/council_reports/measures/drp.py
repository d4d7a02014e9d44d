"""Use of the IRO dispute resolution protocol (DRP): by quarter and stage, and by reason."""

from __future__ import annotations

import pandas as pd

STAGES = (1, 2, 3, 4, 5)


def by_quarter_and_stage(log: pd.DataFrame, start_year: int) -> pd.DataFrame:
    """DRPs raised in each quarter of the year (Q1 April-June) by stage, with totals."""
    first, last = pd.Timestamp(start_year, 4, 1), pd.Timestamp(start_year + 1, 3, 31)
    year = log.loc[log["raised"].between(first, last)]
    quarter = "Q" + (((year["raised"].dt.month - 4) % 12) // 3 + 1).astype(str)
    table = pd.crosstab(quarter, year["stage"]).reindex(columns=list(STAGES), fill_value=0)
    table = table.reindex(["Q1", "Q2", "Q3", "Q4"], fill_value=0)
    table.columns = [f"Stage {s}" for s in STAGES]
    table["Total"] = table.sum(axis=1)
    table.loc["Year"] = table.sum()
    return table.rename_axis("Quarter").reset_index()


def by_reason(log: pd.DataFrame, start_year: int) -> pd.Series:
    first, last = pd.Timestamp(start_year, 4, 1), pd.Timestamp(start_year + 1, 3, 31)
    return log.loc[log["raised"].between(first, last), "reason"].value_counts()


def rate_per_10000(children: int, population: float) -> float:
    """Children per 10,000 children in the population aged 0-17."""
    return children / population * 10000
