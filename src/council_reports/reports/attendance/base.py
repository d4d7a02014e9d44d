"""What every section of the attendance report shares: the LA's, its region's and England's rows
of each dataset, and how a figure's unit, label and latest year are read from them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ...framework import Content, Target
from ...periods import Period
from .data import is_synthetic, load, sources
from .indicators import HEADLINES, SOCIAL_CARE_GROUPS

if TYPE_CHECKING:
    import pandas as pd

    from ...ledger import Ledger
    from ...present.tables import Table


class AttendanceContent(Content):
    """Absence and exclusions for one LA against its region and England: the data and the
    helpers the sections share."""

    def __init__(self, target: Target) -> None:
        from ...measures.benchmarks import areas_for
        from .comparisons import Benchmarks

        super().__init__(target)
        data = load(target.data_dir)
        self.areas = areas_for(data["absence_by_geography"], target.la)
        # only the LA, its region and England are ever read: filter the region's LAs out once;
        # the DfE's social care groups are named in words, not its codes
        self.data = {
            name: frame.loc[frame["area_code"].isin(self.areas.codes)]
            .replace({"social_care_group": SOCIAL_CARE_GROUPS})
            .reset_index(drop=True)
            for name, frame in data.items()
        }
        self.benchmarks = Benchmarks(self.data, self.areas, target.period, sources(target.data_dir))

    def inputs(self) -> list[Path]:
        """The files the LA's, its region's and England's figures come from."""
        return sorted({Path(p) for frame in self.data.values() for p in frame["source_file"]})

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

    def _comparison(self, name: str, periods, indicators, **filters) -> pd.DataFrame:
        from ...measures.benchmarks import comparison

        return comparison(self.data[name], self.areas, periods, indicators, **filters)

    def _latest(self, name: str, **filters: str) -> Period:
        """The latest period up to this one with the LA's figures in dataset ``name`` (some
        tables lag a year), or this one when there are none."""
        from ...measures.benchmarks import latest_periods

        frame = self.data[name]
        for column, wanted in filters.items():
            frame = frame.loc[frame[column] == wanted]
        found = latest_periods(frame, self.target.la, self.target.period, 1)
        return found[0] if found else self.target.period

    def _format(self, name: str, indicator: str) -> tuple[str, int]:
        """An indicator's unit and decimal places, as the dataset's metadata gives them."""
        rows = self.data[name].loc[self.data[name]["indicator"] == indicator]
        return rows.iloc[0]["unit"], int(rows.iloc[0]["decimals"])

    def _label(self, indicator: str, name: str = "in_year") -> str:
        """An indicator's label, as the dataset's metadata gives it."""
        frame = self.data[name]
        return frame.loc[frame["indicator"] == indicator, "label"].iloc[0]

    def _record_headlines(self, facts: Ledger) -> None:
        """The LA's headline absence and exclusion figures against its region and England."""
        from .comparisons import record_comparison

        year = self.target.period
        for name, headlines in HEADLINES.items():
            rows = self._comparison(name, (year, year.previous), tuple(i for i, _, _ in headlines))
            for indicator, key, label in headlines:
                record_comparison(
                    facts,
                    rows[rows["indicator"] == indicator],
                    self.areas,
                    year,
                    key=key,
                    label=label,
                    source=name,
                )

    def _table(self, name: str, **arguments) -> Table:
        """A benchmark table of dataset ``name``, marked synthetic if the LA's rows are."""
        benchmarks = replace(self.benchmarks, synthetic=self._synthetic(name))
        return benchmarks.table(name, **arguments)
