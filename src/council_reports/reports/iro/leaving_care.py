"""Leaving care: why children ceased to be looked after, and those who went home."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ...audiences import PEOPLE
from ...framework import figure, table
from .base import IroContent

if TYPE_CHECKING:
    import pandas as pd

    from ...ledger import Ledger
    from ...present.charts import Figure
    from ...present.tables import Table


class LeavingCare(IroContent):
    """The leaving reasons and the children who returned home."""

    @cached_property
    def _leaving_reasons(self) -> pd.Series:
        from ...measures import looked_after as m

        return m.leaving_reasons(m.ceased(self.current, self.year.start_year))

    @table("leaving-reasons")
    def leaving_reasons(self) -> Table:
        return self._share_table(
            self._leaving_reasons,
            "903",
            id="leaving-reasons",
            caption=f"Children who ceased to be looked after in {self.year.label}, by reason",
            label="Reason",
        )

    @figure("leaving-reasons")
    def leaving_reasons_chart(self) -> Figure:
        return self._count_chart(
            self._leaving_reasons,
            "903",
            id="leaving-reasons",
            caption=f"Reason for a child leaving care, {self.year.label}",
            label="Reason",
        )

    @table("returned-home")
    def returned_home(self) -> Table | None:
        from ...present.tables import Table

        rows = self._for_year(self.service.returned_home)
        if rows.empty:
            return None
        return (
            Table.from_frame(
                rows[["circumstance", "children"]].rename(
                    columns={"circumstance": "Circumstances", "children": "Children"}
                ),
                id="returned-home",
                caption=f"Children who left care to live with a parent, {self.year.label}",
                stub=["Circumstances"],
                source=self._source("returned_home.csv"),
                about=PEOPLE,
            )
            .fmt("count")
            .counts()
        )

    def _record_leaving(self, facts: Ledger) -> None:
        reasons = self._leaving_reasons
        shown = self.shown(self.leaving_reasons())
        for id, reason in (
            ("ceased_at_18", "Ceased at 18"),
            ("returned_home", "Returned home to parents"),
            ("sgo", "Special guardianship order"),
            ("adopted", "Adopted"),
            ("custody", "Sentenced to custody"),
        ):
            facts.add(
                id,
                shown.total_of([reason], "Children") if reason in reasons.index else 0,
                unit="count",
                label=f"Children who ceased to be looked after in {self.year.label}: {reason}",
                source="leaving-reasons",
            )
        facts.add(
            "ceased_at_18_share",
            reasons.get("Ceased at 18", 0) / reasons.sum() * 100 if reasons.sum() else "x",
            unit="%",
            decimals=1,
            label="Share of the children who ceased to be looked after who did so at 18",
            source="leaving-reasons",
        )
        account = self._for_year(self.service.returned_home)
        total = int(account["children"].sum())
        facts.condition(
            "returned_home_explained",
            not account.empty,
            label="The service accounts for the children who went home to a parent",
            source="returned_home",
            method="rows for the year in returned_home.csv",
        )
        facts.add(
            "returned_home_explained_total",
            total if len(account) else "x",
            unit="count",
            label="Children in the service's account of those who went home to a parent",
            source="returned_home",
        )
        facts.condition(
            "returned_home_agrees",
            account.empty or total == reasons.get("Returned home to parents", 0),
            label="The service's account and the return count the same children going home",
            source="returned_home",
            method="returned_home_explained_total == returned_home",
        )
