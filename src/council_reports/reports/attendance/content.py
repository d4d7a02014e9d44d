"""The attendance report's content: its sections, and the order its facts are recorded in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .absence import Absence
from .exclusions import Exclusions
from .groups import PupilGroups
from .in_year import InYear
from .indicators import BREAKDOWNS
from .neighbours import Neighbours
from .own_figures import OwnFigures
from .revisions import Revisions
from .trends import Trends

if TYPE_CHECKING:
    from ...ledger import Ledger
    from ...present.publication import Links


class Attendance(
    Absence, Exclusions, PupilGroups, Neighbours, Trends, OwnFigures, InYear, Revisions
):
    """Absence and exclusions for one LA against its region and England, its statistical
    neighbours and over the years, and the LA's own in-year figures."""

    def record(self, facts: Ledger) -> None:
        self._record_headlines(facts)
        for breakdown in BREAKDOWNS:
            self._record_breakdown(facts, breakdown)
        self._record_held(facts)
        self._record_fsm_gap(facts)
        self._record_ethnicity(facts)
        self._record_neighbours(facts)
        self._record_trends(facts)
        self._record_own_figures(facts)
        self._record_in_year(facts)
        self._record_revisions(facts)

    def relate(self, links: Links) -> None:
        self._relate_own_figures(links)
