"""The financial year (April to March) that the IRO service and partners report on."""

from __future__ import annotations

import pandas as pd


def year_bounds(start_year: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """1 April ``start_year`` and 31 March the year after."""
    return pd.Timestamp(start_year, 4, 1), pd.Timestamp(start_year + 1, 3, 31)


def quarter(dates: pd.Series) -> pd.Series:
    """Each date's quarter of the financial year: "Q1" is April to June."""
    return "Q" + (((dates.dt.month - 4) % 12) // 3 + 1).astype(str)
