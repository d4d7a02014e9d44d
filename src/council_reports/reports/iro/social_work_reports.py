"""Social work reports: whether the report reached the review, and three working days before."""

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


class SocialWorkReports(IroContent):
    """The service's audits of social work reports."""

    @cached_property
    def _sw_audits(self) -> pd.DataFrame:
        return self._for_year(self.service.sw_report_audits)

    @table("sw-report-audit")
    def sw_report_audit(self) -> Table | None:
        from ...present.tables import Table

        audits = self._sw_audits
        if audits.empty:
            return None
        frame = audits[["month", "reviews", "with_report", "three_days_before"]].rename(
            columns={
                "month": "Audit",
                "reviews": "Reviews",
                "with_report": "With a social work report",
                "three_days_before": "With it 3 working days before",
            }
        )
        return (
            Table.from_frame(
                frame,
                id="sw-report-audit",
                caption="Social work reports for reviews, as the service's audits found them",
                stub=["Audit"],
                source=self._source("sw_report_audits.csv"),
                about=SERVICE,
            )
            .fmt("count")
            .note("The service has no data report covering every review of the year.")
        )

    def _record_sw_audit(self, facts: Ledger) -> None:
        from .measures import share

        audits = self._sw_audits
        held = not audits.empty
        facts.condition(
            "sw_audit_recorded",
            held,
            label="The service audited social work reports during the year",
            source="sw_report_audits",
            method="rows for the year in sw_report_audits.csv",
        )
        latest = audits.iloc[-1] if held else None
        facts.word(
            "sw_audit_month",
            "" if latest is None else latest["month"],
            label="When the service audited social work reports",
            source="sw_report_audits",
        )
        values = {} if latest is None else latest.to_dict()
        for id, value, unit, label in (
            ("sw_audit_reviews", values.get("reviews"), "count", "Reviews audited"),
            (
                "sw_audit_with_report",
                values.get("with_report"),
                "count",
                "Reviews audited that had a social work report",
            ),
            (
                "sw_audit_on_time",
                values.get("three_days_before"),
                "count",
                "Reviews audited with the social work report 3 working days before",
            ),
        ):
            facts.add(id, "x" if value is None else value, unit=unit, label=label, source="audit")
        for id, part, whole, label in (
            (
                "sw_audit_with_report_share",
                "with_report",
                "reviews",
                "% of reviews audited that had a social work report",
            ),
            (
                "sw_audit_on_time_share",
                "three_days_before",
                "reviews",
                "% of reviews audited with the report 3 working days before",
            ),
            (
                "sw_audit_on_time_share_of_reports",
                "three_days_before",
                "with_report",
                "% of the social work reports audited that came 3 working days before",
            ),
        ):
            value = None if latest is None else share(latest[part], latest[whole])
            facts.add(id, "x" if value is None else value, unit="%", label=label, source="audit")
