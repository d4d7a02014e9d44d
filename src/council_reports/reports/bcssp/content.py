"""The BCSSP appendices' content: its parts, the order their facts are recorded in, and the
totals checked across them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...framework import table
from .adults import AdultSafeguarding
from .childrens import ChildrensSocialCare
from .police import Police
from .training import Training

if TYPE_CHECKING:
    from ...ledger import Ledger
    from ...present.tables import Table
    from .measures import Reconciliation


class BcsspAppendices(Training, ChildrensSocialCare, AdultSafeguarding, Police):
    """The partner returns for one year (and earlier years where there are any), rated and
    summarised, with the KPI list and the agencies from the reference data."""

    def _reconciliations(self) -> dict[str, Reconciliation]:
        return self._childrens_reconciliations() | self._adult_reconciliations()

    def record(self, facts: Ledger) -> None:
        self._record_synthetic(facts)
        self._record_reconciliations(facts)
        self._record_kpis(facts)
        self._record_childrens(facts)
        self._record_adults(facts)
        self._record_police(facts)

    @table("totals-not-adding-up")
    def totals_not_adding_up(self) -> Table | None:
        """Every total whose parts, as returned, do not add up to it (None when all do), for
        "About these figures"."""
        from .tables import reconciliation_table

        checks = [check for check in self._reconciliations().values() if not check.adds_up]
        if not checks:
            return None
        captions = {check.table: self.build("table", check.table).title for check in checks}
        return reconciliation_table(checks, captions)
