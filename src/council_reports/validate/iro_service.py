"""The IRO service's child-level records checked against the 903 return they go with: every
child they name is in the return, every review they time was held, and no record goes out
before its review."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..load.ssda903 import SSDA903
from ..years import year_bounds
from .tables import reject


def check_service_records(
    folder: Path,
    returns: Mapping[str, SSDA903],
    *,
    disability: pd.DataFrame,
    review_records: pd.DataFrame,
) -> None:
    """Raise a DataError for the first row of the service's records the 903 ``returns`` (every
    year there is) do not bear out."""
    children = pd.concat([r.header["CHILD"] for r in returns.values()])
    reject(
        disability,
        ~disability["CHILD"].isin(children),
        folder / "disability.csv",
        "CHILD",
        "is not a child in the 903 return",
    )
    held = pd.MultiIndex.from_frame(
        pd.concat([r.reviews[["CHILD", "REVIEW"]] for r in returns.values()])
    )
    years = sorted(int(name[:4]) for name in returns)
    covered = (year_bounds(years[0])[0], year_bounds(years[-1])[1])
    timed = pd.MultiIndex.from_frame(review_records[["CHILD", "REVIEW"]])
    # records may run past the latest return (or begin before the first): not judged here
    within = review_records["REVIEW"].between(*covered).to_numpy()
    reject(
        review_records,
        pd.Series(~timed.isin(held) & within),
        folder / "review_records.csv",
        "REVIEW",
        "is not a review of this child in the 903 return",
    )
    reject(
        review_records,
        review_records["DISTRIBUTED"] < review_records["REVIEW"],
        folder / "review_records.csv",
        "DISTRIBUTED",
        "is before the review",
    )
