"""Midway reviews: the IROs' checks between reviews."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ...audiences import SERVICE
from ...framework import table
from .base import IroContent

if TYPE_CHECKING:
    import pandas as pd

    from ...ledger import Ledger
    from ...present.tables import Table


class Midway(IroContent):
    """The midway reviews due and completed."""

    @cached_property
    def _midway(self) -> pd.DataFrame:
        return self._for_year(self.service.midway_reviews)

    @table("midway-reviews")
    def midway_reviews(self) -> Table | None:
        from ...present.tables import Table

        midway = self._midway
        if midway.empty:
            return None
        frame = midway[["quarter", "status", "due", "completed"]].assign(
            share=(midway["completed"] / midway["due"] * 100)
        )
        paused = (frame["status"] == "paused").to_numpy()
        frame = frame.astype(object)
        frame.loc[paused, ["due", "completed", "share"]] = "z"
        frame = frame.rename(
            columns={
                "quarter": "Quarter",
                "status": "Midway reviews",
                "due": "Due",
                "completed": "Completed",
                "share": "% completed",
            }
        )
        return (
            Table.from_frame(
                frame,
                id="midway-reviews",
                caption=f"Midway reviews due and completed, {self.year.label}",
                stub=["Quarter", "Midway reviews"],
                source=self._source("midway_reviews.csv"),
                synthetic=self._made_up("midway_reviews.csv"),
                about=SERVICE,
            )
            .roles({"% completed": "completed_share"})
            .fmt("count", columns=["Due", "Completed"])
            .fmt("%", 0, columns=["% completed"])
        )

    def _record_midway(self, facts: Ledger) -> None:
        from .measures import share

        midway = self._midway
        in_place = midway.loc[midway["status"] != "paused"]
        paused = midway.loc[midway["status"] == "paused", "quarter"]
        facts.condition(
            "midway_recorded",
            not midway.empty,
            label="The service's midway review records cover the year",
            source="midway_reviews",
            method="rows for the year in midway_reviews.csv",
        )
        facts.condition(
            "midway_paused",
            not paused.empty,
            label="Midway reviews were paused during the year",
            source="midway_reviews",
            method="a quarter marked paused",
        )
        facts.word(
            "midway_paused_from",
            paused.iloc[0] if len(paused) else "",
            label="The quarter midway reviews were paused from",
            source="midway_reviews",
        )
        due, completed = in_place["due"].sum(), in_place["completed"].sum()
        rate = share(completed, due)
        for id, value, unit, label in (
            ("midway_due", due, "count", "Midway reviews due while they were in place"),
            ("midway_completed", completed, "count", "Midway reviews completed"),
            ("midway_completed_share", rate, "%", "% of midway reviews due that were completed"),
        ):
            facts.add(
                id,
                "x" if midway.empty or rate is None else value,
                unit=unit,
                label=label,
                source="midway-reviews",
                about=SERVICE if unit == "count" else None,
            )
