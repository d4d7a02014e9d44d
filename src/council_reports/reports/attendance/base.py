"""What every section of the attendance report shares: the LA's, its region's and England's rows
of each dataset (the report folder's, or the national files', see ``data.figures``), and how a
figure's unit, label and latest year are read from them."""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ...framework import Content, Target
from ...periods import Period
from .data import NATIONAL_TWINS, figures, is_synthetic, national, national_folder, sources_of
from .indicators import COMPARED, HEADLINES

if TYPE_CHECKING:
    import pandas as pd

    from ...ledger import Ledger
    from ...present.tables import Table
    from ...validate.national import LaChange


class AttendanceContent(Content):
    """Absence and exclusions for one LA against its region and England: the data and the
    helpers the sections share."""

    def __init__(self, target: Target) -> None:
        from ...measures.benchmarks import areas_for
        from .comparisons import Benchmarks

        super().__init__(target)
        self.national = national(target.data_dir)  # every LA: neighbours and trends
        chosen = figures(target)
        self.data = chosen.frames  # the LA's, its region's and England's rows only
        self.indicators = chosen.indicators
        self.areas = areas_for(self.data["absence_by_geography"], target.la)
        self.source_lines = sources_of(self.data)
        self.benchmarks = Benchmarks(self.data, self.areas, target.period, self.source_lines)

    @cached_property
    def neighbours(self) -> tuple[str, ...]:
        """The LA's statistical neighbours, nearest first (none for an LA the model lacks)."""
        return self.national.neighbours.get(self.target.la, ())

    @cached_property
    def formers(self) -> tuple[LaChange, ...]:
        """The reorganisations that made the LA (whose former LAs' figures its trends show
        apart from its own)."""
        return tuple(
            c for c in self.national.changes_of(self.target.la) if c.former != self.target.la
        )

    @cached_property
    def compared(self) -> dict[str, pd.DataFrame]:
        """The national absence and exclusion rows for the LA, the LAs it was formed from, its
        neighbours, its region and England, every year: one vintage for every LA."""
        codes = (
            self.target.la,
            *(c.former for c in self.formers),
            *self.neighbours,
            self.areas.region_code,
            self.areas.codes[2],
        )
        return {name: self.national.rows(name, codes) for name in COMPARED}

    def inputs(self) -> list[Path]:
        """The files the LA's, its region's and England's figures come from, and the national
        files the comparison with its neighbours and its trends read."""
        from ...load.national import CHANGES, NEIGHBOURS

        folder = national_folder(self.target.data_dir)
        shown = {Path(p) for frame in self.data.values() for p in frame["source_file"]}
        compared = {folder / f"{name}.csv" for name in COMPARED}
        return sorted(shown | compared | {folder / NEIGHBOURS, folder / CHANGES})

    @property
    def synthetic(self) -> bool:
        return is_synthetic(self.data, self.target.la)

    def _synthetic(self, name: str) -> bool:
        """Whether the LA's rows in dataset ``name`` are made up (its tables then say so)."""
        return is_synthetic({name: self.data[name]}, self.target.la)

    def words(self) -> dict[str, str]:
        year = self.target.period
        return {
            "la_name": self.areas.la_name,
            "region_name": self.areas.region_name,
            "period_dates": f"the {year.label} academic year (September {year.start_year} to "
            f"July {year.end_year})",
        }

    def _own(self, year: Period) -> pd.DataFrame:
        """The council's own in-year figures for ``year`` (in_year.csv)."""
        from ...measures.benchmarks import rows_where

        return rows_where(self.data["in_year"], area_code=self.target.la, period=str(year))

    def _comparison(self, name: str, periods, indicators, **filters) -> pd.DataFrame:
        from ...measures.benchmarks import comparison

        return comparison(self.data[name], self.areas, periods, indicators, **filters)

    def _latest(self, name: str, **filters: str) -> Period:
        """The latest period up to this one with the LA's figures in dataset ``name`` (some
        tables lag a year), or this one when there are none."""
        from ...measures.benchmarks import latest_periods

        frame = self.data[name]
        found = latest_periods(frame, self.target.la, self.target.period, 1, **filters)
        return found[0] if found else self.target.period

    def _format(self, name: str, indicator: str) -> tuple[str, int]:
        """An indicator's unit and decimal places, as the dataset's metadata gives them (or,
        for one the report folder's file does not carry, as the national files give it)."""
        described = self.indicators[name].get(indicator)
        if described is None:
            described = self.national.datasets[NATIONAL_TWINS[name]].indicators[indicator]
        return described.unit, described.decimals

    def _label(self, indicator: str, name: str = "in_year") -> str:
        """An indicator's label, as the dataset's metadata gives it."""
        return self.indicators[name][indicator].label

    def _record_headlines(self, facts: Ledger) -> None:
        """The LA's headline absence and exclusion figures against its region and England, in
        the latest year up to this one the LA has them (suspensions and exclusions are
        published months after absence: a report can be a year ahead of them)."""
        from .comparisons import record_comparison

        for name, headlines in HEADLINES.items():
            year = self._latest(name)
            rows = self._comparison(name, (year, year.previous), tuple(i for i, _, _ in headlines))
            for indicator, key, label in headlines:
                unit, decimals = self._format(name, indicator)
                record_comparison(
                    facts,
                    rows[rows["indicator"] == indicator],
                    self.areas,
                    year,
                    key=key,
                    label=label,
                    source=name,
                    unit=unit,
                    decimals=decimals,
                )
        year = self._latest("exclusions_by_geography")
        facts.word(
            "exclusions_year",
            year.label,
            label="The year of the suspension and permanent exclusion figures",
            source="exclusions_by_geography",
            method="the latest year up to this one with the LA's figures",
        )
        facts.word(
            "exclusions_previous_year",
            year.previous.label,
            label="The year before that of the suspension and permanent exclusion figures",
            source="exclusions_by_geography",
        )
        facts.condition(
            "exclusions_lag",
            year < self.target.period,
            label=f"The Department has not published suspensions for {self.target.period.label}",
            source="exclusions_by_geography",
            method="the latest year with the LA's figures is before this one",
        )

    def _table(self, name: str, *, note: str | None = None, **arguments) -> Table | None:
        """A benchmark table of dataset ``name`` (with ``note`` under it), marked synthetic if
        the LA's rows are; None when the LA has no figures in it (the prose says so)."""
        benchmarks = replace(self.benchmarks, synthetic=self._synthetic(name))
        table = benchmarks.table(name, **arguments)
        return table.note(note) if table is not None and note else table
