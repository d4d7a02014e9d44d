"""Safeguarding adults: concerns, section 42 enquiries, what people asked for and achieved."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...framework import table
from .base import BcsspContent
from .data import ADULT_COMPARED, ADULT_FACTS, ADULT_OUTCOMES, ADULT_TWO_YEARS

if TYPE_CHECKING:
    from ...ledger import Ledger
    from ...periods import Period
    from ...present.publication import Cell, Links
    from ...present.tables import Table
    from .measures import Reconciliation
    from .returns import BcsspReturns


def _figure(returns: BcsspReturns | None, id: str, column: str) -> float | str:
    """An adult safeguarding figure of a return (``value``, or ``previous``: the figure it gives
    for the year before), or "x" where there is none."""
    import pandas as pd

    if returns is None:
        return "x"
    value = returns.adult_safeguarding.set_index("measure")[column].get(ADULT_FACTS[id])
    return "x" if value is None or pd.isna(value) else float(value)


class AdultSafeguarding(BcsspContent):
    """The safeguarding adults table and facts."""

    def _adult_reconciliations(self) -> dict[str, Reconciliation]:
        """The year's concerns against their outcomes: s42(2) and s42(1) enquiries, and those
        not meeting the s42(1) criteria (the published report calls these the remaining
        concerns)."""
        from .measures import reconcile

        figures = self.returns.adult_safeguarding.set_index("measure")["value"]
        return {
            "adult_outcomes": reconcile(
                "adult-safeguarding",
                ("concerns received", figures[ADULT_FACTS["concerns"]]),
                "the concerns progressing to s42(2) or s42(1) enquiries or not meeting the "
                "s42(1) criteria",
                {ADULT_FACTS[id]: figures[ADULT_FACTS[id]] for id in ADULT_OUTCOMES},
            )
        }

    def _record_adults(self, facts: Ledger) -> None:
        from ...measures.benchmarks import direction

        now = {id: _figure(self.returns, id, "value") for id in ADULT_FACTS}
        facts.add(
            "s42_2_conversion",
            now["s42_2"] / now["concerns"] * 100 if now["concerns"] else "x",
            unit="%",
            label="Concerns progressing to s42(2) enquiries, as a % of concerns",
            source="adult_safeguarding",
            method="s42_2 / concerns x 100",
        )
        # the year before as this year's return gives it, and the year before that as last
        # year's return gave it; a comparison is a finding only when the return is not made up
        earlier = (
            ("previous", self.returns, ADULT_COMPARED),
            ("two_years_before", self.previous, ADULT_TWO_YEARS),
        )
        for suffix, returns, ids in earlier:
            year = self.target.period.previous
            for id in ids:
                facts.add(
                    f"{id}_{suffix}",
                    _figure(returns, id, "previous"),
                    unit="%" if ADULT_FACTS[id].endswith("(%)") else "count",
                    label=f"{ADULT_FACTS[id]}, "
                    f"{year.label if suffix == 'previous' else year.previous.label}",
                    source="adult_safeguarding",
                    method="the return's figure for the year before",
                )
        compared = not self._adults_synthetic and not isinstance(
            facts["concerns_previous"].value, str
        )
        facts.condition(
            "adults_compared",
            compared,
            label="The return gives the year before's figures, and is not synthetic",
            source="adult_safeguarding",
            method="the Year before column, and the return's note",
        )
        # recorded without a comparison too (x), so prose quoting them reads in any year
        concerns = now["concerns"] - facts["concerns_previous"].value if compared else None
        facts.add(
            "concerns_change",
            "x" if concerns is None else concerns,
            unit="count",
            label="Change in safeguarding concerns on the year before",
            source="adult_safeguarding",
            method="concerns - concerns_previous",
        )
        for id in ADULT_COMPARED:
            before = facts[f"{id}_previous"].value
            moved = None if isinstance(before, str) or not compared else now[id] - before
            facts.word(
                f"{id}_direction",
                direction(moved) or ("changed" if compared else ""),
                label=f"{ADULT_FACTS[id]}: rose or fell on the year before",
                source="adult_safeguarding",
            )

    @property
    def _adults_synthetic(self) -> bool:
        return self._marked("adult_safeguarding.xlsx")

    def _relate_adults(self, links: Links) -> None:
        """The prose's figures are the table's cells (this year's, and the year before's where
        the return gives them), the year before's (and the year before that's) are what last
        year's public build published, the change is a difference and the conversion a share of
        two cells."""
        period = self.target.period
        adults = links.tables["adult-safeguarding"]

        def cell(id: str, year: Period = period) -> Cell:
            return links.cell("adult-safeguarding", ADULT_FACTS[id], year.label)

        links.share("s42_2_conversion", cell("s42_2"), cell("concerns"))
        links.total("adult_outcomes_parts_total", [cell(id) for id in ADULT_OUTCOMES])
        links.difference(
            "adult_outcomes_unaccounted", cell("concerns"), "adult_outcomes_parts_total"
        )
        if adults is not None and period.previous.label in adults.frame.columns:
            for id in ADULT_COMPARED:
                links.same(f"{id}_previous", cell(id, period.previous))
        for id in ADULT_COMPARED:
            links.last_year(f"{id}_previous", id)
        for id in ADULT_TWO_YEARS:
            links.last_year(f"{id}_two_years_before", f"{id}_previous")
        if "concerns_change" in links.facts:
            links.difference("concerns_change", cell("concerns"), "concerns_previous")

    @table("adult-safeguarding")
    def adult_safeguarding(self) -> Table:
        from .measures import yearly_change
        from .tables import measures_table, shortfall_note

        adults = measures_table(
            yearly_change(self.returns.adult_safeguarding),
            self.target.period,
            id="adult-safeguarding",
            caption="Safeguarding adults",
            source=self._source("adult_safeguarding.xlsx"),
            synthetic=self._adults_synthetic,
        )
        for id, measure in ADULT_FACTS.items():
            adults = adults.fact(id, row=measure, column=self.target.period.label)
        for check in self._adult_reconciliations().values():
            if not check.adds_up:
                adults = adults.note(shortfall_note(check))
        return adults
