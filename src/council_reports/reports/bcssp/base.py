"""What every part of the BCSSP appendices shares: the returns for the year (and the years
before), the KPI list and agencies, and which figures are synthetic."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...framework import Content, Target
from .data import LA_NAME, SYNTHETIC, agency_list, history, kpi_list

if TYPE_CHECKING:
    from ...ledger import Ledger
    from .returns import BcsspReturns


class BcsspContent(Content):
    """The partner returns for one year (and earlier years where there are any), rated and
    summarised, with the KPI list and the agencies from the reference data."""

    def __init__(self, target: Target) -> None:
        from .measures import Reading, rate_all, rolling_change, targets

        super().__init__(target)
        self.reading = Reading.POINTS
        self.kpis = kpi_list(target.data_dir)
        self.agencies = agency_list(target.data_dir)
        self.history = history(target.data_dir, target.period)
        self.returns = self.history[target.period]
        self.previous = self.history.get(target.period.previous)
        self.rated = rate_all(self.returns.training_kpis, targets(self.kpis), self.reading)
        self.police = rolling_change(self.returns.police)

    def _marked(self, *notes: str, returns: BcsspReturns | None = None) -> bool:
        """Whether any of these returns' notes (by file, or file:sheet) mark figures synthetic."""
        source = returns or self.returns
        return any(SYNTHETIC in source.notes[note] for note in notes)

    @property
    def _chart_sheets(self) -> list[str]:
        """The children's social care sheets other than child protection (the published report
        shows these only as charts)."""
        return [
            f"childrens_social_care.xlsx:{sheet}"
            for sheet in self.returns.childrens_social_care
            if sheet != "Child protection"
        ]

    @property
    def _adults_synthetic(self) -> bool:
        """The adult table's figures: this year's return, and last year's it compares with."""
        return self._marked("adult_safeguarding.xlsx") or (
            self.previous is not None
            and self._marked("adult_safeguarding.xlsx", returns=self.previous)
        )

    @property
    def synthetic(self) -> bool:
        return self._marked(*self.returns.notes) or self._adults_synthetic

    def words(self) -> dict[str, str]:
        return {"la_name": LA_NAME, "year_end": f"31 March {self.target.period.end_year}"}

    def _record_synthetic(self, facts: Ledger) -> None:
        """Which parts of the appendices are fed by synthetic figures, for "About these
        figures"."""
        parts = {
            "kpi_synthetic": ("The training KPI figures", self._marked("training_kpis.xlsx")),
            "cp_synthetic": (
                "The child protection figures",
                self._marked("childrens_social_care.xlsx:Child protection"),
            ),
            "csc_charts_synthetic": (
                "The contacts, referrals, children in need and looked after figures",
                self._marked(*self._chart_sheets),
            ),
            "adults_synthetic": ("The safeguarding adults figures", self._adults_synthetic),
            "police_synthetic": ("The police figures", self._marked("police.csv")),
        }
        for id, (what, synthetic) in parts.items():
            facts.condition(
                id,
                synthetic,
                label=f"{what} include synthetic figures",
                source="the returns' notes",
                method=f"a note in the return reads {SYNTHETIC}",
            )
