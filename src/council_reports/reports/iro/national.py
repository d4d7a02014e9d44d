"""The national picture: children in care for every 10,000 children, against England."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ...audiences import PEOPLE, PUBLISHED
from ...framework import table
from .base import IroContent, direction_word
from .data import LA, LA_NAME, NATIONAL_MEASURES

if TYPE_CHECKING:
    from ...ledger import Ledger
    from ...present.tables import Table


class National(IroContent):
    """The LA's rate and profile against England's published figures."""

    @cached_property
    def _national(self) -> dict[str, float]:
        rows = self._for_year(self.service.national)
        return dict(zip(rows["measure"], rows["value"], strict=True))

    @cached_property
    def _rate(self) -> float | None:
        from .measures import rate_per_10000

        population = self.service.population
        if LA not in population.index:
            return None
        return rate_per_10000(len(self.in_care), population.loc[LA, "population_0_17"])

    @table("national")
    def national(self) -> Table | None:
        """This LA beside England: the number and rate in care and the shares the DfE
        publishes, each as the DfE rounds it."""
        import pandas as pd

        from ...measures import looked_after as m
        from ...present.tables import Table

        england = self._national
        if not england:
            return None
        ours = {
            "children_in_care": len(self.in_care),
            "rate_per_10000": self._rate,
        } | m.published_shares(self.in_care)
        labels = {
            "children_in_care": "Children in care",
            "rate_per_10000": "Per 10,000 children",
            "male": "Male",
            "female": "Female",
            "white": "White",
            "mixed": "Mixed",
            "black": "Black",
            "asian": "Asian",
            "other_ethnic_group": "Other ethnic group",
            "ethnicity_not_known": "Ethnicity not known",
            "care_order": "Care order (interim or full)",
            "section_20": "Section 20",
            "placement_order": "Placement order",
        }
        shown = [measure for measure in labels if measure in england]
        frame = pd.DataFrame(
            {
                "Measure": [labels[measure] for measure in shown],
                LA_NAME: ["x" if ours[k] is None else ours[k] for k in shown],
                "England": [england[measure] for measure in shown],
            }
        )
        counts = [labels["children_in_care"]]
        return (
            Table.from_frame(
                frame,
                id="national",
                caption=f"Children in care at 31 March {self.year.end_year}: {LA_NAME} and England",
                stub=["Measure"],
                source=self._source("903", "population.csv", "national.csv"),
                synthetic=self._made_up("903", "population.csv"),
                about=PEOPLE,
            )
            .roles({LA_NAME: "la", "England": "england"})
            .fmt("%", 0)
            .counts(rows=counts, columns=[LA_NAME])
            .fmt("count", rows=counts)
            .fmt("per10k", 0, rows=[labels["rate_per_10000"]])
            .note("Shares are of all children in care; a care order includes an interim one.")
        )

    def _record_national(self, facts: Ledger) -> None:
        england = self._national
        units = {"children_in_care": "count", "rate_per_10000": "per10k"}
        for measure in NATIONAL_MEASURES:
            unit = units.get(measure, "%")
            facts.add(
                f"england_{measure}",
                england.get(measure, "x"),
                unit=unit,
                label=f"England, {measure.replace('_', ' ')}, 31 March {self.year.end_year}",
                source="national",
                about=PUBLISHED if unit == "count" else None,
            )
        facts.condition(
            "england_held",
            "children_in_care" in england,
            label="England's number in care is held for this year",
            source="national",
            method="rows for the year in national.csv",
        )
        facts.condition(
            "england_shares_held",
            "male" in england,
            label="England's published shares are held for this year",
            source="national",
            method="rows for the year in national.csv",
        )
        before = self._for_year(self.service.national, self.year.previous)
        previous = dict(zip(before["measure"], before["value"], strict=True)).get(
            "children_in_care"
        )
        now = england.get("children_in_care")
        difference = None if previous is None or now is None else now - previous
        facts.condition(
            "england_previous_held",
            difference is not None,
            label="England's number in care a year before is held",
            source="national",
            method="rows for both years in national.csv",
        )
        facts.add(
            "england_in_care_change",
            "x" if difference is None else difference,
            unit="count",
            label="Change in the number of children in care in England",
            source="national",
            about=PUBLISHED,
        )
        facts.compare(
            "england_direction",
            direction_word(difference, "more than", "fewer than", "the same as"),
            of=("england_in_care_change",),
            label="Direction of the change in England",
            source="national",
            method="sign of england_in_care_change",
        )
        with self._from(facts, "903", "population.csv"):
            facts.add(
                "rate_per_10000",
                "x" if self._rate is None else self._rate,
                unit="per10k",
                label="Children in care per 10,000 children",
                source="population",
                method="in_care / population aged 0-17 * 10,000",
            )
