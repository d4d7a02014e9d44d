"""The council's own in-year figures for the year after the DfE's latest, set beside the
DfE's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...audiences import PEOPLE
from ...framework import table
from .base import AttendanceContent
from .indicators import IN_YEAR, PUPIL_COUNTS

if TYPE_CHECKING:
    from ...ledger import Ledger
    from ...present.publication import Links
    from ...present.tables import Table


class OwnFigures(AttendanceContent):
    """The council's own figures: their facts and their table."""

    def _record_own_figures(self, facts: Ledger) -> None:
        """The council's own figures for the year after this one (and, for the permanent
        exclusions it counts, this one and the year after), read against the DfE's."""
        from ...measures.benchmarks import (
            change,
            compare,
            direction,
            rows_where,
            value_of,
            values_by,
        )

        year = self.target.period
        source = "in_year"
        for when, suffix in ((year.following, ""), (year, "_this_year")):
            rows = self._own(when)
            for group, indicator, key, dfe in IN_YEAR:
                row = rows_where(rows, pupil_group=group, indicator=indicator)
                value = value_of(row.iloc[0]) if not row.empty else "x"
                unit, decimals = self._format(source, indicator)
                counted = indicator in PUPIL_COUNTS  # pupils: a public build may hide a few
                facts.add(
                    key + suffix,
                    value,
                    unit="count" if counted else unit,
                    about=PEOPLE if counted else None,
                    decimals=decimals,
                    label=f"{self.areas.la_name}'s own figure, {group}: {self._label(indicator)}, "
                    f"{when.label}",
                    source=source,
                )
                facts.condition(
                    f"{key}{suffix}_known",
                    not isinstance(value, str),
                    label=f"{key}{suffix} is a number",
                    source=source,
                    method="a number, not a symbol",
                )
                if dfe is None or suffix:
                    continue
                name, dfe_indicator, filters = dfe
                cells = {}  # no own figure: nothing to compare it with
                if not isinstance(value, str):
                    comparable = self._comparison(name, (year,), (dfe_indicator,), **filters)
                    cells = values_by(comparable, "area_code")
                places = min(decimals, self._format(name, dfe_indicator)[1])
                delta = change(value, cells.get(self.target.la, "x"), places)
                facts.word(
                    f"{key}_direction",
                    direction(delta) or "cannot be compared",
                    label=f"{key} against the DfE's {year.label} figure for the LA",
                    source=source,
                    method=f"compared at {places} dp",
                )
                facts.word(
                    f"{key}_vs_england",
                    compare(value, cells.get(self.areas.codes[2], "x"), places)
                    or "not comparable with",
                    label=f"{key} against England's {year.label} figure",
                    source=source,
                    method=f"compared at {places} dp",
                )
        facts.condition(
            "own_figures_held",
            not self._own(year.following).empty,
            label=f"The data holds {self.areas.la_name}'s own figures for {year.following.label}",
            source=source,
            method="rows for the LA and year in in_year.csv",
        )
        delta = change(facts["own_pex"].value, facts["own_pex_this_year"].value, 0)
        facts.compare(
            "own_pex_direction",
            direction(delta) or "cannot be compared",
            of=("own_pex", "own_pex_this_year"),
            label=f"Effective permanent exclusions, {self.areas.la_name}'s own count, "
            f"{self.target.period.following.label} against {self.target.period.label}",
            source=source,
            method="own_pex minus own_pex_this_year",
        )

    def _relate_own_figures(self, links: Links) -> None:
        """The council's own counts of pupils next year that the prose quotes are the
        own-figures table's cells: hidden in one place, hidden in both."""
        from ...present.tables import LABEL_SEPARATOR

        table = links.tables.get("own-figures")
        if table is None:
            return
        labels = {table.row_label(row) for row in range(len(table.frame))}
        for group, indicator, key, _ in IN_YEAR:
            label = f"{group}{LABEL_SEPARATOR}{self._label(indicator)}"
            if indicator in PUPIL_COUNTS and label in labels:
                links.same(links.cell("own-figures", label, self._own_column()), key)

    def _own_column(self) -> str:
        following = self.target.period.following
        return f"{self.areas.la_name} {following.label} (own figures)"

    @table("own-figures")
    def own_figures(self) -> Table | None:
        """The council's own figures for the year after this one, beside the DfE's latest (None
        when the data holds none)."""
        import pandas as pd

        from ...measures.benchmarks import rows_where, value_of, values_by
        from ...present.tables import Table

        year, following = self.target.period, self.target.period.following
        rows = self._own(following)
        own = self._own_column()
        dfe_la = f"{self.areas.la_name} {year.label} (DfE)"
        dfe_england = f"England {year.label} (DfE)"
        records, formats, counted = [], [], []
        for group, indicator, _, dfe in IN_YEAR:
            row = rows_where(rows, pupil_group=group, indicator=indicator)
            if row.empty or row.iloc[0]["symbol"] == "x":
                continue
            record = {
                "Pupil group": group,
                "Measure": row.iloc[0]["label"],
                own: value_of(row.iloc[0]),
            }
            dfe_format = None
            record[dfe_la] = record[dfe_england] = "z"  # no DfE figure to set it against
            if dfe is not None:
                name, dfe_indicator, filters = dfe
                cells = self._comparison(name, (year,), (dfe_indicator,), **filters)
                values = values_by(cells, "area_code")
                record[dfe_la] = values.get(self.target.la, "x")
                record[dfe_england] = values.get(self.areas.codes[2], "x")
                dfe_format = self._format(name, dfe_indicator)
            if indicator in PUPIL_COUNTS:
                counted.append(len(records))
            records.append(record)
            formats.append((self._format("in_year", indicator), dfe_format))
        synthetic = self._synthetic("in_year")
        compared = [dfe[0] for _, _, _, dfe in IN_YEAR if dfe is not None]
        source = "; ".join(
            dict.fromkeys(self.benchmarks.sources[n] for n in ["in_year", *compared])
        )
        caption = (
            f"The council's own figures for {following.label} beside the DfE's for {year.label}"
        )
        if not records:
            return None
        frame = pd.DataFrame.from_records(
            records, columns=["Pupil group", "Measure", own, dfe_la, dfe_england]
        )
        table = Table.from_frame(
            frame,
            id="own-figures",
            caption=caption,
            stub=["Pupil group", "Measure"],
            source=source,
            synthetic=synthetic,
            about=PEOPLE,  # the council's own counts of pupils excluded
        ).roles({own: "own.next_year", dfe_la: "la.this_year", dfe_england: "england.this_year"})
        table = table.counts(rows=counted, columns=[own])
        for position, ((unit, decimals), dfe_format) in enumerate(formats):
            table = table.fmt(
                unit,
                decimals,
                rows=[position],
                columns=[own],
            )
            if dfe_format is not None:
                table = table.fmt(
                    dfe_format[0], dfe_format[1], rows=[position], columns=[dfe_la, dfe_england]
                )
        return table.note(
            "Own figures: counted by the council during the year, before the DfE publishes the "
            "year's statistics; the DfE's figures for the same year may differ."
        )
