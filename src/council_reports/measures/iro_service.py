"""Measures from the IRO service's own records: IRO caseloads, midway reviews and the service's
audits of social work reports (pure functions)."""

from __future__ import annotations

import pandas as pd


def caseloads(staffing: pd.DataFrame, in_care: pd.Series) -> pd.DataFrame:
    """Children in care per full-time IRO at each quarter's end: ``staffing`` has a row per
    quarter with ``fte``; ``in_care`` is the number in care at each quarter's end, by quarter."""
    table = staffing.set_index("quarter")
    children = in_care.reindex(table.index)
    return table.assign(in_care=children, caseload=children / table["fte"]).reset_index()


def share(part: float, whole: float) -> float | None:
    """``part`` as a % of ``whole``; None when there is no whole."""
    return part / whole * 100 if whole else None
