"""Disabled children in care: their legal status and needs."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ...framework import figure, table
from .base import IroContent

if TYPE_CHECKING:
    import pandas as pd

    from ...ledger import Ledger
    from ...present.charts import Figure
    from ...present.tables import Table


class Disability(IroContent):
    """Disabled children in care."""

    @cached_property
    def _disabled(self) -> pd.DataFrame | None:
        """Children in care deemed to have a disability; None when the service's disability
        records do not cover every child in care at 31 March (another year's list)."""
        from ...measures import looked_after as m

        return m.disabled(self.in_care, self.service.disability)

    @cached_property
    def _disabled_by_status(self) -> pd.Series | None:
        from ...measures import looked_after as m

        return None if self._disabled is None else m.legal_status(self._disabled)

    @table("disability-legal-status")
    def disability_legal_status(self) -> Table | None:
        if self._disabled_by_status is None:
            return None
        return self._share_table(
            self._disabled_by_status,
            "903",
            "disability.csv",
            id="disability-legal-status",
            caption="Children in care with a disability, by legal status",
            label="Legal status",
        )

    @figure("disability-legal-status")
    def disability_legal_status_chart(self) -> Figure | None:
        if self._disabled_by_status is None:
            return None
        return self._count_chart(
            self._disabled_by_status,
            "903",
            "disability.csv",
            id="disability-legal-status",
            caption="Disability and legal status",
            label="Legal status",
        )

    def _record_disability(self, facts: Ledger) -> None:
        disabled = self._disabled
        facts.condition(
            "disability_recorded",
            disabled is not None,
            label="The service's disability records cover the children in care at 31 March",
            source="disability",
            method="every child in care has a row in disability.csv",
        )
        count = 0 if disabled is None else len(disabled)
        by_reason = (
            0
            if disabled is None
            else int(((disabled["LS"] == "V2") & (disabled["CIN"] == "N2")).sum())
        )
        statuses = {} if self._disabled_by_status is None else self._disabled_by_status
        for id, value, unit, label in (
            ("disabled", count, "count", "Children in care with a disability"),
            (
                "disabled_share",
                count / len(self.in_care) * 100,
                "%",
                "Share of children in care with a disability",
            ),
            (
                "disabled_s20_disability",
                by_reason,
                "count",
                "Disabled children in care because of their disability, by agreement (s20)",
            ),
            (
                "disabled_s20_disability_share",
                by_reason / count * 100 if count else None,
                "%",
                "Share of disabled children in care because of their disability (s20)",
            ),
            (
                "disabled_placement_order",
                statuses.get("Placement order", 0),
                "count",
                "Disabled children in care under a placement order",
            ),
            (
                "disabled_care_order_share",
                statuses.get("Care order", 0) / count * 100 if count else None,
                "%",
                "Share of disabled children in care under a care order",
            ),
        ):
            facts.add(
                id,
                "x" if disabled is None or value is None else value,
                unit=unit,
                label=label,
                source="disability",
            )
