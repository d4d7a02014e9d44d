"""The dispute resolution protocol (DRP): issues IROs raised, by stage and reason."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ...audiences import SERVICE
from ...framework import figure, table
from .base import IroContent

if TYPE_CHECKING:
    import pandas as pd

    from ...ledger import Ledger
    from ...present.charts import Figure
    from ...present.tables import Table


class DisputeResolution(IroContent):
    """The DRP's use by quarter, stage and reason."""

    @cached_property
    def _drp_quarters(self) -> list[str]:
        from . import measures as drp

        return drp.covered_quarters(self.service.drp_log, self.year.start_year)

    @table("drp-stages")
    def drp_stages(self) -> Table | None:
        from ...present.tables import Table
        from . import measures as drp

        if not self._drp_quarters:
            return None
        frame = drp.by_quarter_and_stage(self.service.drp_log, self.year.start_year)
        stages = [column for column in frame.columns if column.startswith("Stage")]
        return (
            Table.from_frame(
                frame,
                id="drp-stages",
                caption=f"Use of the DRP by quarter and stage, {self.year.label}",
                stub=["Quarter"],
                source=self._source("drp_log.csv"),
                synthetic=self._made_up("drp_log.csv"),
                about=SERVICE,
            )
            .fmt("count")
            .counts()
            .total(row="Total", of=list(range(len(frame) - 1)))
            .total(column="Total", of=stages)
        )

    @cached_property
    def _drp_reasons(self) -> pd.Series:
        from . import measures as drp

        return drp.by_reason(self.service.drp_log, self.year.start_year)

    @table("drp-reasons")
    def drp_reasons(self) -> Table | None:
        if not self._drp_quarters:
            return None
        return self._share_table(
            self._drp_reasons,
            "drp_log.csv",
            id="drp-reasons",
            caption=f"Reasons for using the DRP, {self.year.label}",
            label="Reason",
            counted="Uses",
            about=SERVICE,
        )

    @figure("drp-reasons")
    def drp_reasons_chart(self) -> Figure | None:
        if not self._drp_quarters:
            return None
        return self._count_chart(
            self._drp_reasons,
            "drp_log.csv",
            id="drp-reasons",
            caption=f"Reasons for IRO use of the DRP, {self.year.label}",
            label="Reason",
            counted="Uses",
            about=SERVICE,
        )

    @property
    def _drp_begins_later(self) -> bool:
        """Whether the DRP log's first entry is after the year (else a year it does not cover
        is one with no entries yet)."""
        from .measures import year_bounds

        return not self.service.drp_log["raised"].min() <= year_bounds(self.year.start_year)[1]

    def _record_drp(self, facts: Ledger) -> None:
        covered = self._drp_quarters
        for id, holds, label in (
            ("drp_recorded", bool(covered), "The DRP log covers some of the year"),
            ("drp_log_covers_year", len(covered) == 4, "The DRP log covers the whole year"),
            ("drp_log_covers_part", 0 < len(covered) < 4, "The DRP log began during the year"),
            ("drp_log_later", self._drp_begins_later, "The DRP log began after the year"),
        ):
            facts.condition(
                id, holds, label=label, source="drp_log", method="quarters from its first entry"
            )
        facts.word(
            "drp_began",
            f"{self.service.drp_log['raised'].min():%B %Y}",
            label="The month of the DRP log's first entry",
            source="drp_log",
        )
        facts.word(
            "drp_quarters",
            f"{covered[0]} to {covered[-1]}" if len(covered) > 1 else "".join(covered),
            label="The quarters of the year the DRP log covers",
            source="drp_log",
            method="quarters from the log's first entry",
        )
        reasons = self._drp_reasons
        facts.add(
            "drp_total",
            int(reasons.sum()) if covered else "x",
            unit="count",
            label="Uses of the DRP in the quarters its log covers",
            source="drp-stages",
            about=SERVICE,
        )
        top = reasons.index[0] if covered and len(reasons) else ""
        facts.word(
            "drp_top_reason",
            top,
            label="The most frequent reason for using the DRP",
            source="drp-reasons",
        )
        for id, reason, label in (
            ("drp_top_reason_uses", top, "Uses of the DRP for its most frequent reason"),
            ("drp_no_sw_report", "No social work report", "Uses of the DRP: no social work report"),
        ):
            facts.add(
                id,
                int(reasons.get(reason, 0)) if covered else "x",
                unit="count",
                label=label,
                source="drp-reasons",
                about=SERVICE,
            )
