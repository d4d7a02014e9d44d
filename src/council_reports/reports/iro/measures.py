"""The IRO report's own measures (pure functions): the use of the dispute resolution protocol
(DRP) by quarter, stage and reason, and from the service's records, IRO caseloads and shares."""

from __future__ import annotations

import pandas as pd

from ...years import QUARTERS, quarter, year_bounds

STAGES = (1, 2, 3, 4, 5)


def covered_quarters(log: pd.DataFrame, start_year: int) -> list[str]:
    """The quarters of the year the log covers: all four, or from the quarter of its first
    entry when it began during the year (B&NES's began in October 2024: earlier quarters were
    not recorded, which is not the same as none); none when it began after the year, or holds
    no entry for the year (a year not yet entered is not a year of no uses)."""
    first, last = year_bounds(start_year)
    begun = log["raised"].min()
    if pd.isna(begun) or not log["raised"].between(first, last).any():
        return []
    if begun <= first:
        return list(QUARTERS)
    return list(QUARTERS[QUARTERS.index(quarter(pd.Series([begun])).iloc[0]) :])


def by_quarter_and_stage(log: pd.DataFrame, start_year: int) -> pd.DataFrame:
    """DRPs raised in each quarter the log covers (``covered_quarters``) by stage, with a
    "Total" row (no rows at all when it covers none)."""
    first, last = year_bounds(start_year)
    year = log.loc[log["raised"].between(first, last)]
    table = pd.crosstab(quarter(year["raised"]), year["stage"]).reindex(
        index=covered_quarters(log, start_year), columns=list(STAGES), fill_value=0
    )
    table.columns = [f"Stage {s}" for s in STAGES]
    table["Total"] = table.sum(axis=1)
    if len(table):
        table.loc["Total"] = table.sum()
    return table.rename_axis("Quarter").reset_index()


def by_reason(log: pd.DataFrame, start_year: int) -> pd.Series:
    first, last = year_bounds(start_year)
    return log.loc[log["raised"].between(first, last), "reason"].value_counts()


def rate_per_10000(children: int, population: float) -> float:
    """Children per 10,000 children in the population aged 0-17."""
    return children / population * 10000


def caseloads(staffing: pd.DataFrame, in_care: pd.Series) -> pd.DataFrame:
    """Children in care per full-time IRO at each quarter's end: ``staffing`` has a row per
    quarter with ``fte``; ``in_care`` is the number in care at each quarter's end, by quarter."""
    table = staffing.set_index("quarter")
    children = in_care.reindex(table.index)
    return table.assign(in_care=children, caseload=children / table["fte"]).reset_index()


def share(part: float, whole: float) -> float | None:
    """``part`` as a % of ``whole``; None when there is no whole."""
    return part / whole * 100 if whole else None
