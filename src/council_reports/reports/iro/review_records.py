"""Review records: how soon the record of a review went out, against the service's target."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ...audiences import SERVICE
from ...framework import table
from ...periods import Period
from .base import IroContent

if TYPE_CHECKING:
    import pandas as pd

    from ...ledger import Ledger
    from ...present.tables import Table


class ReviewRecords(IroContent):
    """Review records distributed on time, and the service's targets."""

    @cached_property
    def _records(self) -> pd.DataFrame:
        from ...measures import reviews as rv

        return rv.records_by_quarter(self.service.review_records, self.year.start_year)

    @property
    def _records_held(self) -> bool:
        return bool(self._records.set_index("Quarter").loc["Year", "Reviews"])

    @table("review-records")
    def review_records(self) -> Table | None:
        from ...present.tables import Table

        if not self._records_held:
            return None
        return (
            Table.from_frame(
                self._records,
                id="review-records",
                caption=f"Review records distributed within 20 working days, {self.year.label}",
                stub=["Quarter"],
                source=self._source("review_records.csv"),
                synthetic=self._made_up("review_records.csv"),
                about=SERVICE,
            )
            .roles({"% on time": "on_time_share"})
            .fmt("count", columns=["Reviews", "On time"])
            .fmt("%", 0, columns=["% on time"])
        )

    @property
    def _target_measures(self) -> dict[str, float | None]:
        """This year's value of each measure the service sets targets for (None: not held;
        the service has no data on social work reports for every review)."""
        quarters = self._review_quarters.set_index("Quarter")
        records = self._records.set_index("Quarter")
        return {
            "reviews_on_time_share": float(quarters.loc["Year", "% on time"]),
            "records_on_time_share": float(records.loc["Year", "% on time"])
            if self._records_held
            else None,
            "sw_reports_on_time_share": None,
        }

    def _target(self, measure: str, year: Period) -> float | None:
        targets = self._for_year(self.service.targets, year)
        rows = targets.loc[targets["measure"] == measure]
        return float(rows["target"].iloc[0]) if len(rows) else None

    def _record_review_records(self, facts: Ledger) -> None:
        facts.condition(
            "review_records_held",
            self._records_held,
            label="The service's review records cover this year",
            source="review_records",
            method="a record for a review held in the year",
        )
        from ...measures.benchmarks import compare

        value = self._target_measures["records_on_time_share"]
        with self._from(facts, "review_records.csv"):
            facts.add(
                "records_on_time_share",
                "x" if value is None else value,
                unit="%",
                label="Review records distributed within 20 working days",
                source="review-records",
            )
        target = self._target("records_on_time_share", self.year)
        facts.add(
            "records_on_time_share_target",
            "x" if target is None else target,
            unit="%",
            label=f"Target for review records distributed on time, {self.year.label}",
            source="IRO service targets",
        )
        facts.condition(
            "records_on_time_share_target_set",
            target is not None,
            label="The service had a target this year for review records",
            source="IRO service targets",
            method="a row for the measure and year in targets.csv",
        )
        facts.compare(
            "records_on_time_vs_target",
            compare(value, target, 0) or "",
            of=("records_on_time_share", "records_on_time_share_target"),
            label="Review records distributed on time against the year's target",
            source="review-records",
            method="compared as shown, whole per cent",
        )
