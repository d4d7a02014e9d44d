"""Training: the partnership's training KPIs, each agency's figures rated against the agreed
targets, and the agencies the KPIs cover."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...framework import table
from .base import BcsspContent
from .data import KPI_RETURN, KPIS, reference_dir

if TYPE_CHECKING:
    from ...ledger import Ledger
    from ...present.tables import Table


class Training(BcsspContent):
    """The training KPI tables and the facts their commentary quotes."""

    def _record_kpis(self, facts: Ledger) -> None:
        from .measures import AMBER, GREEN, RED, rating_counts, summary, target_mismatches, targets
        from .tables import amber_band, listed

        facts.word(
            "amber_band",
            amber_band(self.reading),
            label="How far below its target an Amber figure may fall",
            source="the partnership's key",
            method=f"read as {self.reading.value}",
        )
        for kpi in self.kpis.itertuples():
            facts.add(
                "kpi_" + kpi.kpi.replace(".", "_") + "_target",
                kpi.target_percent,
                unit="%",
                label=f"KPI {kpi.kpi} ({kpi.training}): agreed target",
                source=KPIS,
            )
        for row in target_mismatches(self.rated, targets(self.kpis)).itertuples():
            facts.add(
                "kpi_" + row.kpi.replace(".", "_") + "_target_in_return",
                row.target,
                unit="%",
                label=f"KPI {row.kpi}: the target the return gives",
                source="training_kpis",
            )
        agencies = summary(self.rated, "agency")
        reporting = agencies.loc[agencies["rated"] > 0]
        counts = {
            "agencies": (len(agencies), "Agencies in the training KPI return"),
            "agencies_reporting": (len(reporting), "Agencies giving at least one KPI figure"),
            "agencies_all_met": (
                int((reporting["met"] == reporting["rated"]).sum()),
                "Agencies meeting every KPI they gave a figure for",
            ),
            "agencies_none_met": (
                int((reporting["met"] == 0).sum()),
                "Agencies meeting none of the KPIs they gave a figure for",
            ),
        }
        none_met = reporting.loc[reporting["met"] == 0]
        facts.word(
            "agencies_none_met_names",
            listed(list(none_met["agency"])) if len(none_met) else "",
            label="Agencies meeting none of the KPIs they gave a figure for",
            source="training_kpis",
        )
        facts.condition(
            "one_agency_met_none",
            len(none_met) == 1,
            label="Exactly one agency met none of the KPIs it gave a figure for",
            source="training_kpis",
            method="agencies_none_met is 1",
        )
        if len(none_met) == 1:
            facts.add(
                "agency_none_met_figures",
                int(none_met["rated"].iloc[0]),
                unit="count",
                label="KPI figures given by the one agency meeting none of its targets",
                source="training_kpis",
            )
        ratings = rating_counts(self.rated)
        figures = ratings[GREEN.name] + ratings[AMBER.name] + ratings[RED.name]
        counts |= {
            "kpi_figures": (figures, "KPI figures given (percentages)"),
            "kpi_met": (ratings[GREEN.name], "KPI figures meeting the target (Green)"),
            "kpi_amber": (ratings[AMBER.name], "KPI figures rated Amber"),
            "kpi_red": (ratings[RED.name], "KPI figures rated Red"),
        }
        for id, (value, label) in counts.items():
            facts.add(id, value, unit="count", label=label, source="training_kpis")
        facts.add(
            "kpi_met_share",
            ratings[GREEN.name] / figures * 100 if figures else "x",
            unit="%",
            label="KPI figures meeting the target, as a % of figures given",
            source="training_kpis",
            method="kpi_met / kpi_figures x 100",
        )

    def _definitions(self, staff: str, id: str) -> Table:
        from .tables import kpi_definitions_table

        source = self._source(KPIS, folder=reference_dir(self.target.data_dir))
        return kpi_definitions_table(self.kpis, staff, id=id, source=source)

    @table("kpi-definitions-all")
    def kpi_definitions_all(self) -> Table:
        return self._definitions("All", "kpi-definitions-all")

    @table("kpi-definitions-adults")
    def kpi_definitions_adults(self) -> Table:
        return self._definitions("Adults", "kpi-definitions-adults")

    @table("kpi-definitions-children")
    def kpi_definitions_children(self) -> Table:
        return self._definitions("Children", "kpi-definitions-children")

    @table("agencies")
    def agencies_glossary(self) -> Table:
        from .tables import agencies_table

        return agencies_table(self.agencies)

    @table("rating-key")
    def rating_key(self) -> Table:
        from .tables import rating_key_table

        return rating_key_table(self.reading)

    def _ratings(self, staff: str, id: str) -> Table:
        from .tables import rag_table

        synthetic = self._marked(KPI_RETURN)
        source = self._source(KPI_RETURN)
        return rag_table(self.rated, self.kpis, staff, id=id, source=source, synthetic=synthetic)

    @table("kpi-ratings-all")
    def kpi_ratings_all(self) -> Table:
        return self._ratings("All", "kpi-ratings-all")

    @table("kpi-ratings-adults")
    def kpi_ratings_adults(self) -> Table:
        return self._ratings("Adults", "kpi-ratings-adults")

    @table("kpi-ratings-children")
    def kpi_ratings_children(self) -> Table:
        return self._ratings("Children", "kpi-ratings-children")

    @table("kpi-agency-summary")
    def kpi_agency_summary(self) -> Table:
        from .measures import summary
        from .tables import summary_table

        return summary_table(
            summary(self.rated, "agency"),
            None,
            id="kpi-agency-summary",
            caption="Training KPI ratings by agency",
            source=self._source(KPI_RETURN),
            synthetic=self._marked(KPI_RETURN),
        )

    @table("kpi-summary")
    def kpi_summary(self) -> Table:
        from .measures import summary
        from .tables import summary_table

        return summary_table(
            summary(self.rated, "kpi"),
            self.kpis,
            id="kpi-summary",
            caption="Training KPI ratings by KPI",
            source=self._source(KPI_RETURN),
            synthetic=self._marked(KPI_RETURN),
        )
