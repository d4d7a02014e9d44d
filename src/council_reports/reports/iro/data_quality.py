"""The data-quality note under "About these figures": the DfE's 903 rules the return breaks,
when the council has chosen to build from such a return and say so (``dfe_903_rules: report``)
rather than refuse it."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ...audiences import SERVICE
from ...framework import table
from .base import IroContent
from .data import broken_rules, rules_setting

if TYPE_CHECKING:
    from ...ledger import Ledger
    from ...present.tables import Table
    from ...validate.rules903 import BrokenRule


class DataQuality(IroContent):
    """The rules of the DfE's 903 validation that the return years read break."""

    @cached_property
    def _broken_rules(self) -> list[BrokenRule]:
        """The rules broken, when the council reports them (a return that breaks them is
        otherwise refused before the report is written); none when they could not run."""
        if rules_setting(self.target) != "report":
            return []
        return broken_rules(self.target) or []

    @table("dfe-903-rules")
    def dfe_903_rules(self) -> Table | None:
        import pandas as pd

        from ...present.tables import Table

        broken = self._broken_rules
        if not broken:
            return None
        frame = pd.DataFrame(
            {
                "Return": [rule.year.replace("-", "/") for rule in broken],
                "Rule": [rule.rule for rule in broken],
                "Records": [rule.count for rule in broken],
            }
        )
        return (
            Table.from_frame(
                frame,
                id="dfe-903-rules",
                caption="The Department for Education's validation rules the return breaks",
                stub=["Return", "Rule"],
                source="the Department for Education's SSDA903 validation rules",
                synthetic=self._made_up("903"),
                about=SERVICE,  # counts of records breaking a rule, about the data, not children
            )
            .fmt("number", columns=["Records"])
            .note("Records: how many records in that year's return break the rule.")
        )

    def _record_data_quality(self, facts: Ledger) -> None:
        broken = self._broken_rules
        facts.condition(
            "dfe_903_broken",
            bool(broken),
            label="The return breaks some of the DfE's SSDA903 validation rules",
            source="the DfE's 903 rules",
            method="csc-validator-be-903 on each return year the report reads",
        )
        facts.add(
            "dfe_903_rules_broken",
            len(broken),
            unit="number",
            label="DfE SSDA903 validation rules the return breaks",
            source="the DfE's 903 rules",
            method="rules broken, counted once a year",
        )
