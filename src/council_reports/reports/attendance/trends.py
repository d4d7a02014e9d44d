"""Trends: persistent absence and the suspension rate over every year the national files have, for
the LA, its neighbours' average, its region and England. A year without figures is a gap in the
lines; an LA formed by a reorganisation has its former LA's figures as a line of their own, and
the report says so: the two are different areas, and one line across them would be false."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ...audiences import RATES
from ...framework import figure, table
from ...numbers import long_date
from ...periods import Period
from .base import AttendanceContent
from .indicators import PA, SUSP

if TYPE_CHECKING:
    import pandas as pd

    from ...ledger import Ledger
    from ...numbers import Value
    from ...present.charts import Figure
    from ...present.tables import Table

AVERAGE = "Statistical neighbours' average"
# (national file, (indicator, fact key, label), chart id, chart title)
TRENDS = (
    ("absence", PA, "absence-trend", "Persistent absentees (%)"),
    ("exclusions", SUSP, "suspension-trend", "Suspensions per 100 pupils"),
)


class Trends(AttendanceContent):
    """The trend charts and tables, and the facts their commentary quotes."""

    def _years(self, dataset: str) -> list[Period]:
        """Every year up to this one with a row for the LA or an LA it was formed from (a
        year of no figures, such as 2019/20 for absence, included: it is a gap)."""
        frame = self.compared[dataset]
        codes = {self.target.la, *(c.former for c in self.formers)}
        found = {Period.parse(p) for p in frame.loc[frame["area_code"].isin(codes), "period"]}
        return sorted(p for p in found if p <= self.target.period)

    @cached_property
    def _trend_series(self) -> dict[tuple[str, str], pd.DataFrame]:
        """Each trend's series (see ``_series``) by its dataset and indicator, worked out once:
        the chart, the table and the facts all read it."""
        return {
            (dataset, indicator): self._series(dataset, indicator)
            for dataset, (indicator, *_), *_ in TRENDS
        }

    def _series(self, dataset: str, indicator: str) -> pd.DataFrame:
        """One row per series and year (``series``, ``role``: what the series is about, as its
        table column's role, ``year`` as its label, ``value``: NaN where there is no figure):
        the LA, each LA it was formed from, the neighbours' average, the region and England, in
        that order."""
        import pandas as pd

        from ...measures.benchmarks import values_by
        from ...measures.neighbours import neighbour_average

        years = self._years(dataset)
        frame = self.compared[dataset]
        cells = values_by(frame.loc[frame["indicator"] == indicator], "period", "area_code")
        by_year: dict[Period, dict[str, Value]] = {year: {} for year in years}
        wanted = {str(year): year for year in years}
        for (period, area), value in cells.items():
            if period in wanted:
                by_year[wanted[period]][area] = value
        names = {self.target.la: (self.areas.la_name, "la")}
        for change in self.formers:
            last = max((y for y in years if change.former in by_year[y]), default=None)
            until = f" (until {last.label})" if last else ""
            role = "former" if len(names) == 1 else f"former_{len(names)}"
            names.setdefault(change.former, (f"{change.former_name}{until}", role))
        series = []
        for code, (name, role) in names.items():
            series += [(name, role, y.label, by_year[y].get(code)) for y in years]
        if self.neighbours:
            averages = {y: neighbour_average(by_year[y], self.neighbours).value for y in years}
            series += [(AVERAGE, "neighbours", y.label, averages[y]) for y in years]
        areas = zip(self.areas.codes[1:], self.areas.names[1:], ("region", "england"), strict=True)
        for code, name, role in areas:
            series += [(name, role, y.label, by_year[y].get(code)) for y in years]
        table = pd.DataFrame(series, columns=["series", "role", "year", "value"])
        table["value"] = pd.to_numeric(table["value"], errors="coerce")  # a symbol: no figure
        return table

    def _trend_chart(self, dataset: str, indicator: str, id: str, title: str) -> Figure | None:
        from ...present.charts import line_chart

        series = self._trend_series[dataset, indicator]
        if series.loc[series["series"] == self.areas.la_name, "value"].isna().all():
            return None
        unit, decimals = self._trend_format(dataset, indicator)
        years = list(dict.fromkeys(series["year"]))
        label = self.national.measures[dataset, indicator].label
        return line_chart(
            series,
            id=id,
            caption=f"{label} by year, {years[0]} to {years[-1]}",
            title=title,
            x="year",
            series="series",
            value="value",
            unit=unit,
            decimals=decimals,
        )

    def _trend_format(self, dataset: str, indicator: str) -> tuple[str, int]:
        described = self.national.datasets[dataset].indicators[indicator]
        return described.unit, described.decimals

    def _trend_table(self, dataset: str, indicator: str, id: str) -> Table | None:
        """The trend chart's figures, a column per series and a row per year, keyed by role
        (``la``, ``former``, ``neighbours``, ``region``, ``england``; ``this_year``,
        ``last_year``, ``year_minus_2`` ...) so a cell's id is the same for every LA and year."""
        from ...present.tables import Table, year_role

        series = self._trend_series[dataset, indicator]
        if series.loc[series["series"] == self.areas.la_name, "value"].isna().all():
            return None
        wide = series.pivot(index="year", columns="series", values="value")
        wide = wide[list(dict.fromkeys(series["series"]))].reset_index()
        # "x" for a year without a figure (not in the Year column: ``where`` on the renamed
        # frame, or its years would all be "x")
        wide = wide.rename(columns={"year": "Year"})
        wide = wide.astype(object).where(wide.notna(), "x")
        label = self.national.measures[dataset, indicator].label
        table = Table.from_frame(
            wide,
            id=id,
            caption=f"{label} by year: {self.areas.la_name}, its statistical neighbours, "
            f"{self.areas.region_name} and England",
            stub=["Year"],
            source=self._trend_source(dataset),
            about=RATES,  # published rates, and the neighbours' average of them
        )
        table = table.fmt(*self._trend_format(dataset, indicator)).roles(
            dict(zip(series["series"], series["role"], strict=True)),
            rows={y.label: year_role(y, self.target.period) for y in self._years(dataset)},
        )
        if self.neighbours:
            table = table.note(
                f"{AVERAGE}: each year, the mean of the neighbours with a figure that year."
            )
        for change in self.formers:
            table = table.note(f"{change.note} on {long_date(change.changed_on)}.")
        return table

    def _trend_source(self, dataset: str) -> str:
        from ...load.national import NEIGHBOURS
        from ...load.provenance import described

        files = (f"{dataset}.csv", NEIGHBOURS)
        return described(p for name in files for p in self.national.provenance[name].parts)

    @figure("absence-trend")
    def absence_trend(self) -> Figure | None:
        return self._trend_chart("absence", PA[0], "absence-trend", TRENDS[0][3])

    @table("absence-trend")
    def absence_trend_table(self) -> Table | None:
        return self._trend_table("absence", PA[0], "absence-trend")

    @figure("suspension-trend")
    def suspension_trend(self) -> Figure | None:
        return self._trend_chart("exclusions", SUSP[0], "suspension-trend", TRENDS[1][3])

    @table("suspension-trend")
    def suspension_trend_table(self) -> Table | None:
        return self._trend_table("exclusions", SUSP[0], "suspension-trend")

    def _record_trends(self, facts: Ledger) -> None:
        """For each trend: the LA's first year with a figure and that figure, its latest; and
        whether (and how) the LA was formed by a reorganisation."""
        for dataset, (indicator, key, label), _, _ in TRENDS:
            series = self._trend_series[dataset, indicator]
            own = series.loc[(series["series"] == self.areas.la_name) & series["value"].notna()]
            unit, decimals = self._trend_format(dataset, indicator)
            england = series.loc[series["series"] == self.areas.names[2]]
            gaps = list(england.loc[england["value"].isna(), "year"])
            facts.word(
                f"{key}_trend_gaps",
                ", ".join(gaps),
                label=f"{label}: years of the trend the Department has no figure for England",
                source=dataset,
            )
            first = own.iloc[0] if not own.empty else None
            last = own.iloc[-1] if not own.empty else None
            for suffix, row, which in (("first", first, "first"), ("last", last, "latest")):
                facts.word(
                    f"{key}_trend_{suffix}_year",
                    "x" if row is None else row["year"],
                    label=f"{label}: the {which} year of {self.areas.la_name}'s trend",
                    source=dataset,
                )
                facts.add(
                    f"{key}_trend_{suffix}_la",
                    "x" if row is None else float(row["value"]),
                    unit=unit,
                    decimals=decimals,
                    label=f"{label}, {self.areas.la_name}, the {which} year of its trend",
                    source=dataset,
                )
        from .comparisons import joined

        facts.condition(
            "reorganised",
            bool(self.formers),
            label=f"{self.areas.la_name} was formed by a reorganisation the trends cover",
            source="la_changes.csv",
            method="an LA it took over from in the national files",
        )
        facts.word(
            "reorganisation",
            "; ".join(f"{c.note} on {long_date(c.changed_on)}" for c in self.formers),
            label=f"How {self.areas.la_name} was formed",
            source="la_changes.csv",
        )
        facts.word(
            "former_las",
            joined(list(dict.fromkeys(c.former_name for c in self.formers)), none=""),
            label=f"The LAs {self.areas.la_name} took over from",
            source="la_changes.csv",
        )
