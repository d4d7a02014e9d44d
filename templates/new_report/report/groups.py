"""Children by group: this year against the year before, as a table, a chart and the facts the
summary quotes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...audiences import PEOPLE
from ...framework import Content, Target, figure, table
from ...periods import Period
from .data import COUNTS, load

if TYPE_CHECKING:
    import pandas as pd

    from ...ledger import Ledger
    from ...present.charts import Figure
    from ...present.tables import Table


class Groups(Content):
    """The counts of children by group, for one LA."""

    def __init__(self, target: Target) -> None:
        super().__init__(target)
        counts = load(target.data_dir)
        self.counts = counts[counts["la_code"] == target.la]

    @property
    def synthetic(self) -> bool:
        return (self.target.data_dir / "SYNTHETIC.txt").is_file()

    def by_group(self, period: Period) -> pd.Series:
        """Children in each group in ``period``, in the data's order."""
        rows = self.counts[self.counts["period"] == str(period)]
        return rows.groupby("group", sort=False)["children"].sum()

    def _record_groups(self, facts: Ledger) -> None:
        from ...measures.benchmarks import direction

        year = self.target.period
        now, before = int(self.by_group(year).sum()), int(self.by_group(year.previous).sum())
        for id, value, label in (
            ("children", now, f"Children, {year.label}"),
            ("children_previous", before, f"Children, {year.previous.label}"),
            ("children_change", now - before, "Children: change on the year before"),
        ):
            facts.add(id, value, unit="count", label=label, source=COUNTS)
        facts.word(
            "children_direction",
            direction(now - before) or "",
            label="Children: direction of change",
            source=COUNTS,
            method="this year's total against the year before",
        )

    def _groups(self) -> pd.DataFrame:
        import pandas as pd

        year = self.target.period
        return pd.DataFrame(
            {
                year.previous.label: self.by_group(year.previous),
                year.label: self.by_group(year),
            }
        ).rename_axis("Group")

    @table("groups")
    def groups(self) -> Table:
        from ...present.tables import Table

        frame = self._groups()
        table = Table.from_frame(
            frame.reset_index(),
            id="groups",
            caption="Children by group",
            stub=["Group"],
            source="Example data, made up by council-reports new",
            synthetic=self.synthetic,
            about=PEOPLE,  # counts of children: small ones are withheld from the public
        )
        return table.fmt("count", columns=list(frame.columns)).counts(columns=list(frame.columns))

    @figure("groups")
    def groups_chart(self) -> Figure:
        from ...present.charts import bar_chart

        tidy = self._groups().reset_index().melt("Group", var_name="Year", value_name="Children")
        return bar_chart(
            tidy,
            id="groups",
            caption="Children by group",
            title="Children",
            category="Group",
            series="Year",
            value="Children",
            unit="count",
            decimals=0,
            synthetic=self.synthetic,
        )
