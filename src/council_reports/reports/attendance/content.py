"""The attendance report's content: its sections, and the order its facts are recorded in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .absence import Absence
from .exclusions import Exclusions
from .groups import PupilGroups
from .indicators import BREAKDOWNS
from .own_figures import OwnFigures

if TYPE_CHECKING:
    from ...ledger import Ledger


class Attendance(Absence, Exclusions, PupilGroups, OwnFigures):
    """Absence and exclusions for one LA against its region and England, and the LA's own
    in-year figures for the year after."""

    def record(self, facts: Ledger) -> None:
        facts.condition(
            "la_figures_synthetic",
            self.synthetic,
            label=f"{self.areas.la_name}'s figures are made up",
            source="synthetic/",
            method="any of the LA's rows is read from the synthetic folder",
        )
        self._record_headlines(facts)
        for breakdown in BREAKDOWNS:
            self._record_breakdown(facts, breakdown)
        self._record_fsm_gap(facts)
        self._record_grouped(facts)
        self._record_ethnicity(facts)
        self._record_trend(facts)
        self._record_own_figures(facts)
