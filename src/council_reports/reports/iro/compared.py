"""The national picture from the DfE's published figures (data/national): children looked after,
their number and rate per 10,000 children, for the LA, its statistical neighbours (their
average, its place among them), its region and England over five years; and where children
live and how stable their placements are, against the same. The LA's own figures elsewhere in
the report come from its SSDA903 return: these tables say which column is which, and no
comparison word here rests on a figure from the return."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ...audiences import RATES
from ...framework import table
from ...periods import Period
from .base import IroContent
from .data import LA_NAME

if TYPE_CHECKING:
    import pandas as pd

    from ...ledger import Ledger
    from ...measures.neighbours import Comparison
    from ...present.tables import Table
    from ...validate.national import NationalData

LOOKED_AFTER = "children_looked_after"
PLACEMENTS = "cla_placements"
COUNT, RATE = "cla_at_31_march", "cla_rate_per_10000"
YEARS = 5  # the years the comparison looks back over
ENGLAND = "E92000001"
# Placements and their stability: (indicator, fact key, label) for the table and its facts.
PLACEMENT_MEASURES = (
    ("foster_care_percent", "cla_foster", "In foster care"),
    ("childrens_homes_percent", "cla_homes", "In secure homes and children's homes"),
    ("independent_living_percent", "cla_independent", "In independent or semi-independent living"),
    ("over_20_miles_outside_la_percent", "cla_distant", "Placed outside the LA, over 20 miles"),
    ("three_plus_placements_percent", "cla_moves", "With 3 or more placements in the year"),
    ("same_carer_2_years_percent", "cla_stable", "Under 16, with the same carer for 2 years"),
)


class Compared(IroContent):
    """The LA against its neighbours, region and England, from the published figures."""

    def inputs(self) -> list[Path]:
        """The report's own files and the national files these tables read."""
        from ...load.national import NEIGHBOURS

        folder = self.target.data_dir.parent / "national"
        published = [folder / f"{LOOKED_AFTER}.csv", folder / f"{PLACEMENTS}.csv"]
        return sorted([*super().inputs(), *published, folder / NEIGHBOURS])

    @cached_property
    def _national_figures(self) -> NationalData:
        from ...validate.national import national_data

        return national_data(self.target.data_dir.parent / "national")

    @property
    def _compared_la(self) -> str:
        return self.target.la

    @cached_property
    def _sn(self) -> tuple[str, ...]:
        return self._national_figures.neighbours.get(self._compared_la, ())

    @cached_property
    def _sn_region(self) -> tuple[str, str]:
        la = self._national_figures.las.get(self._compared_la, {})
        return la.get("region_code", ""), la.get("region_name", "")

    def _sn_rows(self, dataset: str) -> pd.DataFrame:
        codes = (self._compared_la, *self._sn, self._sn_region[0], ENGLAND)
        return self._national_figures.rows(dataset, codes)

    @cached_property
    def _sn_years(self) -> list[Period]:
        """The latest five years up to this one with the LA's published count, oldest first."""
        from ...measures.benchmarks import latest_periods

        frame = self._sn_rows(LOOKED_AFTER)
        frame = frame.loc[frame["indicator"] == COUNT]
        return list(reversed(latest_periods(frame, self._compared_la, self.year, YEARS)))

    def _sn_comparison(self, dataset: str, indicator: str, year: Period) -> Comparison:
        from ...measures.neighbours import compare_with_neighbours

        return compare_with_neighbours(
            self._sn_rows(dataset),
            la=self._compared_la,
            neighbours=self._sn,
            period=year,
            indicator=indicator,
            polarity=self._national_figures.measures[dataset, indicator].polarity,
        )

    def _national_source(self, *files: str) -> str:
        from ...load.national import NEIGHBOURS
        from ...load.provenance import described

        names = (*files, NEIGHBOURS)
        return described(p for name in names for p in self._national_figures.provenance[name].parts)

    def _sn_names(self) -> dict[str, str]:
        return {c: self._national_figures.las.get(c, {}).get("la_name", c) for c in self._sn}

    @table("looked-after-compared")
    def looked_after_compared(self) -> Table | None:
        """Each of five years: the LA's published number and rate, its neighbours' average
        rate and its place among them, its region's and England's rates, and the number the
        report counts from the return, in a column that says so."""
        import pandas as pd

        from ...present.neighbours import AVERAGE, PLACE
        from ...present.tables import Table

        if not self._sn_years:
            return None
        region = self._sn_region[1]
        returned = f"{LA_NAME}: children in the SSDA903 return"
        records = []
        for year in self._sn_years:
            counts = self._sn_comparison(LOOKED_AFTER, COUNT, year).values
            rates = self._sn_comparison(LOOKED_AFTER, RATE, year)
            average = rates.average.value
            records.append(
                {
                    "Year": f"31 March {year.end_year}",
                    f"{LA_NAME}: children": counts.get(self._compared_la, "x"),
                    f"{LA_NAME}: per 10,000": rates.values.get(self._compared_la, "x"),
                    f"{AVERAGE}: per 10,000": "x" if average is None else average,
                    PLACE: rates.place,
                    f"{region}: per 10,000": rates.values.get(self._sn_region[0], "x"),
                    "England: per 10,000": rates.values.get(ENGLAND, "x"),
                    returned: self._in_return(year),
                }
            )
        frame = pd.DataFrame.from_records(records)
        made_up = self._made_up("903")
        return (
            Table.from_frame(
                frame,
                id="looked-after-compared",
                caption=f"Children looked after at 31 March: {LA_NAME}, its statistical "
                f"neighbours, {region} and England",
                stub=["Year"],
                source="; ".join(
                    (self._national_source(f"{LOOKED_AFTER}.csv"), self._source("903"))
                ),
                synthetic=made_up,
                about=RATES,
            )
            .counts(columns=[returned])
            .fmt("count", columns=[f"{LA_NAME}: children", returned])
            .fmt("per10k", 0, columns=[c for c in frame.columns if c.endswith("per 10,000")])
            .note(
                "Every figure but the last column's is the Department's published statistics. "
                "The last column is counted from the council's SSDA903 return, as the rest of "
                "this report is"
                + ("; the return here is made up, so that column is too." if made_up else ".")
            )
            .note(
                f"{AVERAGE}: the mean of the neighbours' rates, each counted once. {PLACE}: "
                f"{LA_NAME}'s place among itself and its neighbours by rate, the highest first."
            )
        )

    def _in_return(self, year: Period) -> int | str:
        """The number in care at the end of ``year`` by the SSDA903 return (x when the data has
        no return for that year)."""
        import pandas as pd

        from ...measures import looked_after as m

        if str(year) not in self.returns:
            return "x"
        return len(m.looked_after_on(self.returns[str(year)], pd.Timestamp(year.end_year, 3, 31)))

    @cached_property
    def _sn_placements_year(self) -> Period | None:
        from ...measures.benchmarks import latest_periods

        found = latest_periods(self._sn_rows(PLACEMENTS), self._compared_la, self.year, 1)
        return found[0] if found else None

    @table("placements-compared")
    def placements_compared(self) -> Table | None:
        """Where children looked after live and how stable their placements are: the LA, its
        neighbours' average and its place among them, its region and England."""
        from ...present.neighbours import Measure, neighbour_table

        year = self._sn_placements_year
        if year is None or not self._sn:
            return None
        measures = [
            Measure(label, self._sn_comparison(PLACEMENTS, indicator, year), "%", 0)
            for indicator, _, label in PLACEMENT_MEASURES
        ]
        return neighbour_table(
            measures,
            id="placements-compared",
            caption=f"Where children looked after live, and how stable their placements are: "
            f"{LA_NAME}, its statistical neighbours, {self._sn_region[1]} and England",
            la=(self._compared_la, LA_NAME),
            region=self._sn_region,
            england=(ENGLAND, "England"),
            names=self._sn_names(),
            source=self._national_source(f"{PLACEMENTS}.csv"),
            year=lambda period: f"31 March {period.end_year}",
        ).note("Every figure is the Department's published statistics, as a percentage.")

    def _record_compared(self, facts: Ledger) -> None:
        """The LA's published number and rate this year against England, its region and its
        neighbours, the rate five years before, and the placement measures against the
        neighbours."""
        from ...load.national import NEIGHBOURS
        from ...measures.benchmarks import change, compare, direction

        source = f"{LOOKED_AFTER}.csv"
        held = bool(self._sn_years) and self._sn_years[-1] == self.year
        facts.word(
            "region_name",
            self._sn_region[1],
            label=f"{LA_NAME}'s region",
            source=source,
        )
        rates = self._sn_comparison(LOOKED_AFTER, RATE, self.year)
        own = rates.values.get(self._compared_la, "x")
        england = rates.values.get(ENGLAND, "x")
        facts.condition(
            "cla_published_held",
            held,
            label=f"The Department's figures for {LA_NAME} at 31 March {self.year.end_year} "
            "are in the data",
            source=source,
            method="the LA's published count for the year",
        )
        counts = self._sn_comparison(LOOKED_AFTER, COUNT, self.year).values
        facts.add(
            "la_cla_count",
            counts.get(self._compared_la, "x"),
            unit="count",
            label=f"Children looked after, {LA_NAME}, 31 March {self.year.end_year} (DfE)",
            source=source,
        )
        for id, value, whose in (
            ("la_cla_rate", own, LA_NAME),
            ("region_cla_rate", rates.values.get(self._sn_region[0], "x"), self._sn_region[1]),
            ("la_cla_rate_sn_average", rates.average.value, "its neighbours' average"),
        ):
            facts.add(
                id,
                "x" if value is None else value,
                unit="per10k",
                label=f"Children looked after per 10,000 children, {whose}, 31 March "
                f"{self.year.end_year} (DfE)",
                source=source,
            )
        for id, benchmark, what in (
            ("la_cla_rate_vs_england", england, "England's"),
            ("la_cla_rate_vs_region", rates.values.get(self._sn_region[0], "x"), "the region's"),
            ("la_cla_rate_vs_neighbours", rates.average.value, "the neighbours' average"),
        ):
            facts.word(
                id,
                compare(own, benchmark, 0) or "not comparable with",
                label=f"{LA_NAME}'s published rate in care against {what}",
                source=source,
                method="the published rates, whole numbers",
            )
        facts.word(
            "la_cla_rate_place",
            rates.place,
            label=f"{LA_NAME}'s place among itself and its neighbours by rate in care",
            source=NEIGHBOURS,
            method="the highest first, ties sharing the better place",
        )
        first = self._sn_years[0] if self._sn_years else self.year
        before = self._sn_comparison(LOOKED_AFTER, RATE, first).values.get(self._compared_la, "x")
        facts.word(
            "cla_compared_first_year",
            f"31 March {first.end_year}",
            label="The first year of the published comparison",
            source=source,
        )
        facts.add(
            "la_cla_rate_first",
            before,
            unit="per10k",
            label=f"Children looked after per 10,000 children, {LA_NAME}, 31 March "
            f"{first.end_year} (DfE)",
            source=source,
        )
        facts.word(
            "la_cla_rate_direction",
            direction(change(own, before, 0)) or "could not be compared",
            label=f"How {LA_NAME}'s published rate changed over the years compared",
            source=source,
            method="the published rates, whole numbers",
        )
        self._record_placements_compared(facts)

    def _record_placements_compared(self, facts: Ledger) -> None:
        from ...measures.benchmarks import compare

        source = f"{PLACEMENTS}.csv"
        year = self._sn_placements_year
        facts.condition(
            "placements_compared_held",
            year is not None and bool(self._sn),
            label=f"The Department's placement figures for {LA_NAME} are in the data",
            source=source,
            method="the LA's published figures up to this year",
        )
        facts.word(
            "placements_compared_year",
            f"31 March {year.end_year}" if year else "x",
            label="The year of the published placement figures",
            source=source,
        )
        for indicator, key, label in PLACEMENT_MEASURES:
            compared = self._sn_comparison(PLACEMENTS, indicator, year or self.year)
            own = compared.values.get(self._compared_la, "x")
            facts.add(
                f"{key}_la",
                own,
                unit="%",
                label=f"{label}, {LA_NAME} (DfE)",
                source=source,
            )
            facts.add(
                f"{key}_sn_average",
                "x" if compared.average.value is None else compared.average.value,
                unit="%",
                label=f"{label}, the average of {LA_NAME}'s neighbours (DfE)",
                source=source,
                method="the mean of the neighbours with a figure",
            )
            facts.add(
                f"{key}_england",
                compared.values.get(ENGLAND, "x"),
                unit="%",
                label=f"{label}, England (DfE)",
                source=source,
            )
            facts.word(
                f"{key}_vs_neighbours",
                compare(own, compared.average.value, 0) or "not comparable with",
                label=f"{label}: {LA_NAME} against its neighbours' average",
                source=source,
                method="whole numbers",
            )
            facts.word(
                f"{key}_vs_england",
                compare(own, compared.values.get(ENGLAND, "x"), 0) or "not comparable with",
                label=f"{label}: {LA_NAME} against England",
                source=source,
                method="whole numbers",
            )
