"""The council's own in-year figures for the report's own year set beside the Department's
published figures for the same year (the 2024/25 report: the council's 19.66% persistent
absence, counted during the year, against the DfE's 16.79%), and whether they differ."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from ...audiences import RATES
from ...framework import table
from .base import AttendanceContent
from .indicators import IN_YEAR

if TYPE_CHECKING:
    from ...ledger import Ledger
    from ...numbers import Value
    from ...present.tables import Table

OWN = "The council's own figure"
PUBLISHED_FIGURE = "The Department's figure"


class Pair(NamedTuple):
    """One of the council's own figures and the Department's published one for the same year."""

    group: str
    dataset: str  # the Department's figure's dataset
    label: str
    key: str  # the own figure's fact key (own_pa)
    own: Value
    own_format: tuple[str, int]
    published: Value
    published_format: tuple[str, int]

    @property
    def places(self) -> int:
        """The places both are given to: they are compared at these."""
        return min(self.own_format[1], self.published_format[1])


class InYear(AttendanceContent):
    """The own figures of the report's year against the published ones: facts and a table."""

    @cached_property
    def _pairs(self) -> list[Pair]:
        """Each own figure for this year that the Department has also published for this year
        (both numbers)."""
        from ...measures.benchmarks import rows_where, value_of

        year = self.target.period
        rows = self._own(year)
        pairs = []
        for group, indicator, key, dfe in IN_YEAR:
            row = rows_where(rows, pupil_group=group, indicator=indicator)
            if dfe is None or row.empty or row.iloc[0]["symbol"]:
                continue
            name, dfe_indicator, filters = dfe
            published = self._comparison(name, (year,), (dfe_indicator,), **filters)
            published = published.loc[published["area_code"] == self.target.la]
            if published.empty or published.iloc[0]["symbol"]:
                continue
            pairs.append(
                Pair(
                    group,
                    name,
                    self._label(indicator),
                    key,
                    value_of(row.iloc[0]),
                    self._format("in_year", indicator),
                    value_of(published.iloc[0]),
                    self._format(name, dfe_indicator),
                )
            )
        return pairs

    @property
    def _datasets(self) -> list[str]:
        return list(dict.fromkeys(pair.dataset for pair in self._pairs))

    def _record_in_year(self, facts: Ledger) -> None:
        """For each own figure the Department also publishes: the Department's figure for the
        same year and the difference ("x" where there is no pair); whether any pair is held and
        whether any differs at the places both are given to."""
        from ...measures.benchmarks import change
        from ...numbers import change_unit

        year = self.target.period
        pairs = {pair.key: pair for pair in self._pairs}
        differ = False
        for group, indicator, key, dfe in IN_YEAR:
            if dfe is None:
                continue
            pair = pairs.get(key)
            unit, decimals = self._format(dfe[0], dfe[1])
            label = f"{group}: {self._label(indicator)}"
            delta = change(pair.own, pair.published, pair.places) if pair else None
            differ = differ or bool(delta)
            facts.add(
                f"{key}_published",
                pair.published if pair else "x",
                unit=unit,
                decimals=decimals,
                label=f"{label}, the Department's figure for {self.areas.la_name} {year.label}",
                source=dfe[0],
            )
            facts.add(
                f"{key}_vs_published",
                "x" if delta is None else delta,
                unit=change_unit(unit),
                decimals=pair.places if pair else decimals,
                label=f"{label}, the council's own figure less the Department's, {year.label}",
                source="in_year",
                method="compared at the places both are given to",
            )
        facts.condition(
            "own_and_published_held",
            bool(self._pairs),
            label=f"The council's own figures for {year.label} can be set beside the Department's",
            source="in_year",
            method="an own figure and a published one for the same LA, year and measure",
        )
        facts.condition(
            "own_differs_from_published",
            differ,
            label=f"The council's own figures for {year.label} differ from the Department's",
            source="in_year",
            method="compared at the places both are given to",
        )

    @table("own-and-published")
    def own_and_published(self) -> Table | None:
        """The own figures of this year beside the Department's for the same year (None when
        there is no pair)."""
        import pandas as pd

        from ...measures.benchmarks import change
        from ...numbers import change_unit
        from ...present.tables import Table

        if not self._pairs:
            return None
        frame = pd.DataFrame(
            {
                "Pupil group": [p.group for p in self._pairs],
                "Measure": [p.label for p in self._pairs],
                OWN: [p.own for p in self._pairs],
                PUBLISHED_FIGURE: [p.published for p in self._pairs],
                "Difference": [change(p.own, p.published, p.places) for p in self._pairs],
            }
        )
        year = self.target.period
        table = Table.from_frame(
            frame,
            id="own-and-published",
            caption=f"{self.areas.la_name}'s own figures for {year.label} beside the "
            "Department's for the same year",
            stub=["Pupil group", "Measure"],
            source="; ".join(
                dict.fromkeys(self.source_lines[n] for n in ("in_year", *self._datasets))
            ),
            about=RATES,  # rates and percentages only: the pairs are never counts
        )
        for position, pair in enumerate(self._pairs):
            table = table.fmt(*pair.own_format, rows=[position], columns=[OWN])
            table = table.fmt(*pair.published_format, rows=[position], columns=[PUBLISHED_FIGURE])
            unit = change_unit(pair.published_format[0])
            table = table.fmt(
                unit, pair.places, rows=[position], columns=["Difference"], signed=True
            )
        return table.note(
            "Difference: the council's own figure less the Department's, at the decimal places "
            "both are given to."
        )
