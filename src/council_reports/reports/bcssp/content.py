"""The BCSSP appendices' content: its parts, and the order their facts are recorded in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .adults import AdultSafeguarding
from .childrens import ChildrensSocialCare
from .police import Police
from .training import Training

if TYPE_CHECKING:
    from ...ledger import Ledger


class BcsspAppendices(Training, ChildrensSocialCare, AdultSafeguarding, Police):
    """The partner returns for one year (and earlier years where there are any), rated and
    summarised, with the KPI list and the agencies from the reference data."""

    def record(self, facts: Ledger) -> None:
        self._record_synthetic(facts)
        self._record_kpis(facts)
        self._record_childrens(facts)
        self._record_adults(facts)
        self._record_police(facts)
