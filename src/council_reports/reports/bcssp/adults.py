"""Safeguarding adults: concerns, section 42 enquiries, what people asked for and achieved."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...framework import table
from ...periods import Period
from .base import BcsspContent
from .data import ADULT_COMPARED, ADULT_FACTS, ADULT_TWO_YEARS

if TYPE_CHECKING:
    from ...ledger import Ledger
    from ...present.tables import Table


class AdultSafeguarding(BcsspContent):
    """The safeguarding adults table and facts."""

    def _adult_value(self, period: Period, id: str) -> float | str:
        """An adult safeguarding figure of ``period``'s return, or "x" without one."""
        returns = self.history.get(period)
        if returns is None:
            return "x"
        frame = returns.adult_safeguarding
        values = frame.loc[frame["measure"] == ADULT_FACTS[id], "value"]
        return float(values.iloc[0]) if len(values) else "x"

    def _record_adults(self, facts: Ledger) -> None:
        from ...measures.benchmarks import direction

        period = self.target.period
        now = {id: self._adult_value(period, id) for id in ADULT_FACTS}
        facts.add(
            "s42_2_conversion",
            now["s42_2"] / now["concerns"] * 100 if now["concerns"] else "x",
            unit="%",
            label="Concerns progressing to s42(2) enquiries, as a % of concerns",
            source="adult_safeguarding",
            method="s42_2 / concerns x 100",
        )
        facts.condition(
            "adults_compared",
            self.previous is not None,
            label="The year before's safeguarding adults figures are in the data",
            source="adult_safeguarding",
            method="a return for the year before",
        )
        earlier = [(period.previous, "previous", ADULT_COMPARED)]
        earlier.append((period.previous.previous, "two_years_before", ADULT_TWO_YEARS))
        for year, suffix, ids in earlier:
            for id in ids:
                unit = "%" if ADULT_FACTS[id].endswith("(%)") else "count"
                facts.add(
                    f"{id}_{suffix}",
                    self._adult_value(year, id),
                    unit=unit,
                    label=f"{ADULT_FACTS[id]}, {year.label}",
                    source="adult_safeguarding",
                )
        # recorded without the year before too (x), so prose quoting them reads in any year
        compared = self.previous is not None
        concerns = now["concerns"] - facts["concerns_previous"].value if compared else None
        facts.add(
            "concerns_change",
            "x" if concerns is None else concerns,
            unit="count",
            label="Change in safeguarding concerns on the year before",
            source="adult_safeguarding",
            method="concerns - concerns_previous",
        )
        facts.word(
            "concerns_more_or_fewer",
            direction(concerns, up="more", down="fewer", same="as many") or "",
            label="More or fewer concerns than the year before",
            source="adult_safeguarding",
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

    @table("adult-safeguarding")
    def adult_safeguarding(self) -> Table:
        from .measures import yearly_change
        from .tables import yearly_table

        adults = yearly_table(
            yearly_change(
                self.returns.adult_safeguarding,
                self.previous.adult_safeguarding if self.previous else None,
            ),
            self.target.period,
            id="adult-safeguarding",
            caption="Safeguarding adults",
            synthetic=self._adults_synthetic,
        )
        for id, measure in ADULT_FACTS.items():
            adults = adults.fact(id, row=measure, column=self.target.period.label)
        return adults
