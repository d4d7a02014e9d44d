"""The report's content: its sections, and the order their facts are recorded in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .groups import Groups

if TYPE_CHECKING:
    from ...ledger import Ledger


class ExampleReport(Groups):
    """Children by group for one LA: this year and the year before."""

    def words(self) -> dict[str, str]:
        from ...load.reference import local_authorities

        las = local_authorities(self.target.data_dir.parent / "reference") or {}
        return {"la_name": las.get(self.target.la, {}).get("la_name", self.target.la)}

    def record(self, facts: Ledger) -> None:
        self._record_groups(facts)
