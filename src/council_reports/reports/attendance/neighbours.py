"""Statistical neighbours: the LA against the ten LAs the DfE's model finds most like it (their
average, where the LA ranks among them, which have no figure), its region and England, from the
national files: one vintage for every LA, the LA's own figures included."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ...audiences import PUBLISHED
from ...framework import table
from ...periods import Period
from .base import AttendanceContent
from .indicators import NEIGHBOUR_MEASURES, PA, PEX, SUSP

if TYPE_CHECKING:
    from ...ledger import Ledger
    from ...present.neighbours import Measure
    from ...present.tables import Table

# The measures of the table of each neighbour's figures: (national file, indicator, heading).
NEIGHBOUR_FIGURES = (
    ("absence", PA[0], "Persistent absence"),
    ("absence", "sess_overall_percent", "Overall absence"),
    ("exclusions", SUSP[0], "Suspension rate"),
    ("exclusions", PEX[0], "Permanent exclusion rate"),
)


class Neighbours(AttendanceContent):
    """The neighbour comparison: its facts and its two tables."""

    def _year(self, dataset: str) -> Period | None:
        """The latest year up to this one the LA has a figure in a national file."""
        from ...measures.benchmarks import latest_periods

        found = latest_periods(self.compared[dataset], self.target.la, self.target.period, 1)
        return found[0] if found else None

    def _national_format(self, dataset: str, indicator: str) -> tuple[str, int]:
        described = self.national.datasets[dataset].indicators[indicator]
        return described.unit, described.decimals

    @cached_property
    def _measures(self) -> list[tuple[str, str, Measure]]:
        """Each headline measure the LA has a figure for: (national file, fact key, the
        comparison as the table shows it)."""
        from ...measures.neighbours import compare_with_neighbours
        from ...present.neighbours import Measure

        found = []
        for dataset, (indicator, key, label) in NEIGHBOUR_MEASURES:
            year = self._year(dataset)
            if year is None:
                continue
            comparison = compare_with_neighbours(
                self.compared[dataset],
                la=self.target.la,
                neighbours=self.neighbours,
                period=year,
                indicator=indicator,
                polarity=self.national.measures[dataset, indicator].polarity,
            )
            unit, decimals = self._national_format(dataset, indicator)
            found.append((dataset, key, Measure(label, comparison, unit, decimals)))
        return found

    def _name(self, code: str) -> str:
        return self.national.las[code]["la_name"] if code in self.national.las else code

    def _record_neighbours(self, facts: Ledger) -> None:
        """The neighbours by name, and for each measure the LA's figure, the neighbours'
        average, the LA's place, which neighbours have no figure and the word comparing them."""
        from ...load.national import NEIGHBOURS
        from ...measures.benchmarks import compare
        from .comparisons import joined

        facts.word(
            "neighbour_names",
            joined([self._name(code) for code in self.neighbours]),
            label=f"{self.areas.la_name}'s statistical neighbours, nearest first",
            source=NEIGHBOURS,
        )
        facts.word(
            "neighbour_model",
            self.national.provenance[NEIGHBOURS].source,
            label="The statistical neighbour model",
            source=NEIGHBOURS,
        )
        facts.condition(
            "neighbours_known",
            bool(self.neighbours),
            label=f"The model names {self.areas.la_name}'s neighbours",
            source=NEIGHBOURS,
            method="ten neighbours in the national files",
        )
        for dataset, key, measure in self._measures:
            compared, label = measure.comparison, measure.label
            year, own = compared.period, compared.values.get(self.target.la, "x")
            average = compared.average.value
            facts.word(f"{key}_sn_year", year.label, label=f"{label}: year", source=dataset)
            facts.add(
                f"{key}_sn_la",
                own,
                unit=measure.unit,
                decimals=measure.decimals,
                label=f"{label}, {self.areas.la_name} {year.label} (national files)",
                source=dataset,
            )
            facts.add(
                f"{key}_sn_average",
                "x" if average is None else average,
                unit=measure.unit,
                decimals=measure.decimals,
                label=f"{label}, the average of {self.areas.la_name}'s neighbours, {year.label}",
                source=dataset,
                method="the mean of the neighbours with a figure",
            )
            facts.compare(
                f"{key}_vs_neighbours",
                compare(own, average, measure.decimals) or "not comparable with",
                of=(f"{key}_sn_la", f"{key}_sn_average"),
                label=f"{label}: {self.areas.la_name} against its neighbours' average",
                source=dataset,
                method=f"compared rounded to {measure.decimals} dp",
            )
            facts.word(
                f"{key}_sn_rank",
                compared.place,
                label=f"{label}: {self.areas.la_name}'s place among itself and its neighbours "
                "with a figure",
                source=dataset,
                method="ties share the better place",
            )
            facts.word(
                f"{key}_sn_missing",
                joined([self._name(c) for c in compared.average.left_out]),
                label=f"{label}: neighbours with no figure for {year.label}",
                source=dataset,
            )
            facts.condition(
                f"{key}_sn_known",
                compared.rank is not None and average is not None,
                label=f"{label}: {self.areas.la_name} and its neighbours can be compared",
                source=dataset,
                method="the LA and at least one neighbour have a figure",
            )

    def _sources(self) -> str:
        from ...load.national import NEIGHBOURS
        from ...load.provenance import described

        files = (*(f"{name}.csv" for name in ("absence", "exclusions")), NEIGHBOURS)
        return described(p for name in files for p in self.national.provenance[name].parts)

    @table("neighbours")
    def neighbours_table(self) -> Table | None:
        """Each headline measure: the LA, its neighbours' average and its place among them, its
        region and England, in the latest year the LA has a figure."""
        from ...present.neighbours import neighbour_table

        if not self.neighbours or not self._measures:
            return None
        areas = self.areas
        return neighbour_table(
            [measure for _, _, measure in self._measures],
            id="neighbours",
            caption=f"{areas.la_name} against its statistical neighbours, its region and England",
            la=(areas.la_code, areas.la_name),
            region=(areas.region_code, areas.region_name),
            england=(areas.codes[2], areas.names[2]),
            names={code: self._name(code) for code in self.neighbours},
            source=self._sources(),
        )

    @table("neighbour-figures")
    def neighbour_figures(self) -> Table | None:
        """The LA and each neighbour, nearest first, with its own figures: keyed by role (rows
        ``la``, ``neighbour_1`` the nearest ...; a column by its measure, not its year), so an
        id is the same for every LA and year."""
        import pandas as pd

        from ...markup import slug
        from ...measures.neighbours import figures
        from ...present.tables import Table

        if not self.neighbours:
            return None
        columns, roles = [], {}
        for dataset, indicator, heading in NEIGHBOUR_FIGURES:
            year = self._year(dataset)
            if year is not None:
                frame = self.compared[dataset]
                values = figures(frame, period=year, indicator=indicator)
                columns.append((f"{heading} {year.label}", dataset, indicator, values))
                roles[f"{heading} {year.label}"] = slug(heading)
        if not columns:
            return None
        codes = (self.target.la, *self.neighbours)
        frame = pd.DataFrame(
            {
                "Local authority": [self._name(code) for code in codes],
                "Region": [self.national.las.get(c, {}).get("region_name", "x") for c in codes],
            }
            | {heading: [v.get(c, "x") for c in codes] for heading, _, _, v in columns}
        )
        table = Table.from_frame(
            frame,
            id="neighbour-figures",
            caption=f"{self.areas.la_name} and its statistical neighbours, nearest first",
            stub=["Local authority", "Region"],
            source=self._sources(),
            about=PUBLISHED,  # the DfE's figures as published
        )
        for heading, dataset, indicator, _ in columns:
            table = table.fmt(*self._national_format(dataset, indicator), columns=[heading])
        return table.roles(
            roles,
            rows={0: "la"} | {n: f"neighbour_{n}" for n in range(1, len(codes))},
        )
