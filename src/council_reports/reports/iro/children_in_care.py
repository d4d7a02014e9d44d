"""Children in care: how many, how many started and ceased, over five years."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ...audiences import PEOPLE
from ...framework import table
from .base import IroContent, direction_word

if TYPE_CHECKING:
    import pandas as pd

    from ...ledger import Ledger
    from ...present.publication import Links
    from ...present.tables import Table


class ChildrenInCare(IroContent):
    """Table 1 and the facts on the number of children in care."""

    @cached_property
    def _table_1(self) -> pd.DataFrame:
        from ...measures import looked_after as m

        return m.table_1(self.returns)

    @table("table-1")
    def table_1(self) -> Table:
        from ...periods import Period
        from ...present.tables import Table, year_role

        years = {
            row: year_role(Period.parse(name), self.year) for row, name in enumerate(self.returns)
        }
        return (
            Table.from_frame(
                self._table_1.astype({"% change": object}).fillna({"% change": "x"}),
                id="table-1",
                caption="Children in care at 31 March, starts and ends",
                stub=["Year"],
                source=self._source("903"),
                synthetic=self._made_up("903"),
                about=PEOPLE,
            )
            .roles(rows=years)
            .fmt("count", columns=["Looked after", "Started", "Ceased"])
            .counts(columns=["Looked after", "Started", "Ceased"])
            .fmt("%", 1, columns=["% change"], signed=True)
            .note(
                "% change: children in care at 31 March against the year before (not available "
                "for the first year in the data). Starts and ends count each child once."
            )
        )

    def _record_children_in_care(self, facts: Ledger) -> None:
        latest = self._table_1.iloc[-1]
        year = self.year
        for id, column, label in (
            ("in_care", "Looked after", f"Children in care at 31 March {year.end_year}"),
            ("starts", "Started", f"Children who started to be looked after in {year.label}"),
            ("ends", "Ceased", f"Children who ceased to be looked after in {year.label}"),
        ):
            facts.add(id, latest[column], unit="count", label=label, source="table-1")
        facts.condition(
            "first_year",
            self._first_year,
            label="The data begins this year",
            source="ssda903",
            method="no return for the year before",
        )
        before = None if self._first_year else self._table_1.iloc[-2]
        facts.add(
            "in_care_previous",
            "x" if before is None else before["Looked after"],
            unit="count",
            label=f"Children in care at 31 March {year.start_year}",
            source="table-1",
        )
        change = None if before is None else latest["% change"]
        facts.add(
            "in_care_change",
            "x" if change is None else change,
            unit="%",
            decimals=1,
            label="% change in children in care",
            source="table-1",
            method="(in_care - in_care_previous) / in_care_previous",
            of=("in_care", "in_care_previous"),
        )
        facts.compare(
            "in_care_direction",
            direction_word(change, "an increase", "a decrease", "no change"),
            of=("in_care_change",),
            label="Direction of the change in children in care",
            source="table-1",
            method="sign of in_care_change",
        )
        expected = (
            "x" if before is None else before["Looked after"] + latest["Started"] - latest["Ceased"]
        )
        facts.add(
            "in_care_expected",
            expected,
            unit="count",
            label="Children in care a year before, plus starts, less ends",
            source="table-1",
            method="in_care_previous + starts - ends",
        )
        facts.condition(
            "stock_adds_up",
            before is None or expected == latest["Looked after"],
            label="Children in care a year before, plus starts, less ends, is the number now",
            source="table-1",
            method="in_care_expected == in_care",
        )

    def _relate_children_in_care(self, links: Links) -> None:
        """in_care, starts and ends are table 1's last row; the year before's count is its row
        before and last year's published in_care; and the stock adds up through them."""
        last = len(self._table_1) - 1
        for id, column in (("in_care", "Looked after"), ("starts", "Started"), ("ends", "Ceased")):
            links.same(id, links.cell("table-1", last, column))
        for row in range(1, last + 1):  # a % change is of this year's count and the year before's
            change = links.cell("table-1", row, "% change")
            for year in (row, row - 1):
                links.hidden_with(change, links.cell("table-1", year, "Looked after"))
        if self._first_year:
            return
        links.same("in_care_change", links.cell("table-1", last, "% change"))
        links.same("in_care_previous", links.cell("table-1", last - 1, "Looked after"))
        links.last_year("in_care_previous", "in_care")
        with_starts = links.unpublished("in care a year before, and starts")
        links.total(with_starts, ["in_care_previous", "starts"])
        links.total(with_starts, ["in_care_expected", "ends"])
