"""The financial year (April to March) that the IRO service and partners report on."""

from __future__ import annotations

import pandas as pd

QUARTERS = ("Q1", "Q2", "Q3", "Q4")  # of the financial year: Q1 is April to June


def year_bounds(start_year: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """1 April ``start_year`` and 31 March the year after."""
    return pd.Timestamp(start_year, 4, 1), pd.Timestamp(start_year + 1, 3, 31)


def quarter_bounds(start_year: int) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """The first and last days of each quarter of the year beginning April ``start_year``."""
    starts = [pd.Timestamp(start_year, month, 1) for month in (4, 7, 10)]
    starts.append(pd.Timestamp(start_year + 1, 1, 1))
    ends = [start - pd.Timedelta(days=1) for start in starts[1:]]
    return list(zip(starts, [*ends, year_bounds(start_year)[1]], strict=True))


def quarter(dates: pd.Series) -> pd.Series:
    """Each date's quarter of the financial year: "Q1" is April to June."""
    return "Q" + (((dates.dt.month - 4) % 12) // 3 + 1).astype(str)
