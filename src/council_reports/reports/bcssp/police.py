"""Police: Avon and Somerset Constabulary's 12-month rolling figures for the area."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...framework import table
from .base import BcsspContent
from .data import POLICE_FACTS, POLICE_SECTIONS

if TYPE_CHECKING:
    from ...ledger import Ledger
    from ...present.tables import Table


class Police(BcsspContent):
    """The police tables and facts."""

    def _record_police(self, facts: Ledger) -> None:
        from ...measures.benchmarks import direction

        police = self.police.set_index("measure")
        for id, measure in POLICE_FACTS.items():
            facts.word(
                f"{id}_direction",
                direction(police.at[measure, "change"]) or "",
                label=f"{measure}: rose or fell",
                source="police",
                method="last 12 months against the previous 12",
            )

    def _police(self, id: str) -> Table:
        from .tables import police_table

        section = POLICE_SECTIONS[id]
        rows = self.police.loc[self.police["section"] == section]
        police = (
            police_table(rows, id=id, caption=section, synthetic=self._marked("police.csv"))
            # children, crimes and incidents: for the public, a count of 1 to 5 is c, and so
            # is whatever would give it away (the change, or the percentage change)
            .counts(columns=["Last 12 months", "Previous 12 months"])
            .total(column="Last 12 months", of=["Previous 12 months", "Change"])
            .share(columns=["% change"], of="Previous 12 months")
        )
        columns = {
            "": "Last 12 months",
            "_previous": "Previous 12 months",
            "_change": "Change",
            "_percent_change": "% change",
        }
        for key, measure in POLICE_FACTS.items():
            if measure in set(rows["measure"]):
                for suffix, column in columns.items():
                    police = police.fact(key + suffix, row=measure, column=column)
        return police

    @table("police-missing")
    def police_missing(self) -> Table:
        return self._police("police-missing")

    @table("police-safety")
    def police_safety(self) -> Table:
        return self._police("police-safety")

    @table("police-cse")
    def police_cse(self) -> Table:
        return self._police("police-cse")

    @table("police-child-protection")
    def police_child_protection(self) -> Table:
        return self._police("police-child-protection")
