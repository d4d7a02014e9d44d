"""Where the figures a council's packs printed (the report folder's, shown in the report's
tables) and the Department's figures now (the national files, which the neighbour comparison and
the trends read for every LA) disagree for the LA: revisions since the packs were written."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ...audiences import RATES
from ...framework import table
from .base import AttendanceContent
from .data import NATIONAL_TWINS, national_folder

if TYPE_CHECKING:
    from ...ledger import Ledger
    from ...present.tables import Table

PRINTED = "In this report (as the published report printed it)"
NOW = "In the Department's latest figures"


class Revision(NamedTuple):
    measure: str  # the measure, and its group where the dataset has groups
    period: str  # the year's label
    printed: float
    now: float
    unit: str
    printed_places: int
    now_places: int


class Revisions(AttendanceContent):
    """The LA's figures the report shows from its own folder that the national files now give
    differently: a fact and a table for "About these figures"."""

    def _shown_from_own_folder(self, name: str) -> bool:
        national = national_folder(self.target.data_dir).resolve()
        files = self.data[name]["source_file"].unique()
        return any(Path(path).resolve().parent != national for path in files)

    @cached_property
    def _revisions(self) -> list[Revision]:
        """Each figure of the LA, this year and the year before, in a dataset the report shows
        from its own folder, that the national files give as a number which could not be the
        same figure rounded (so 5.1 and 5.15 agree; 18.8 and 20.7 do not)."""
        from ...measures.benchmarks import could_be_the_same

        years = {str(self.target.period), str(self.target.period.previous)}
        found = []
        for name, twin in NATIONAL_TWINS.items():
            if not self._shown_from_own_folder(name):
                continue
            shown = self.data[name]
            now = self.national.rows(twin, (self.target.la,))
            groups = [c for c in ("social_care_group",) if c in shown.columns]
            keys = ["period", "indicator", *groups]
            merged = shown.loc[(shown["area_code"] == self.target.la) & shown["period"].isin(years)]
            merged = merged.merge(now, on=keys, suffixes=("", "_now"))
            for row in merged.itertuples():
                if row.symbol or row.symbol_now:
                    continue
                places, now_places = int(row.decimals), int(row.decimals_now)
                if could_be_the_same(row.value, places, row.value_now, now_places):
                    continue
                group = f"{getattr(row, groups[0])}: " if groups else ""
                found.append(
                    Revision(
                        f"{group}{row.label}",
                        row.period.replace("-", "/"),
                        row.value,
                        row.value_now,
                        row.unit,
                        places,
                        now_places,
                    )
                )
        return found

    def _record_revisions(self, facts: Ledger) -> None:
        """Whether the Department has revised the LA's figures since the published report, and
        whether the data holds a published report for the LA and year at all."""
        from ...validate.published import PUBLISHED, read_published

        published = read_published(self.target.data_dir / PUBLISHED)
        mine = published["period"] == str(self.target.period)
        if "la" in published.columns:
            mine &= published["la"].isin(("", self.target.la))
        facts.condition(
            "published_report_held",
            bool(mine.any()),
            label=f"The data holds figures of a published report of {self.areas.la_name}'s "
            f"for {self.target.period.label}",
            source=PUBLISHED,
            method="rows for the year and LA",
        )
        facts.condition(
            "revised_since_published",
            bool(self._revisions),
            label=f"The Department's figures for {self.areas.la_name} now differ from the "
            "published report's",
            source="the national files",
            method="a figure that could not be the same number rounded to other places",
        )

    @table("revisions")
    def revisions(self) -> Table | None:
        """The LA's figures the Department has revised since the published report, a row per
        figure keyed by its measure and year role (``...last_year``), not the year itself."""
        import pandas as pd

        from ...markup import slug
        from ...periods import Period
        from ...present.tables import Table, year_role

        if not self._revisions:
            return None
        frame = pd.DataFrame(
            {
                "Measure": [r.measure for r in self._revisions],
                "Year": [r.period for r in self._revisions],
                PRINTED: [r.printed for r in self._revisions],
                NOW: [r.now for r in self._revisions],
            }
        )
        from ...load.provenance import described

        compared = [n for n in NATIONAL_TWINS if self._shown_from_own_folder(n)]
        sources = [self.source_lines[name] for name in compared] + [
            described(self.national.provenance[f"{NATIONAL_TWINS[name]}.csv"].parts)
            for name in compared
        ]
        table = Table.from_frame(
            frame,
            id="revisions",
            caption=f"{self.areas.la_name}'s figures that the Department has revised since the "
            "published report",
            stub=["Measure", "Year"],
            source="; ".join(dict.fromkeys(sources)),
            about=RATES,
        )
        for position, revision in enumerate(self._revisions):
            table = table.fmt(
                revision.unit, revision.printed_places, rows=[position], columns=[PRINTED]
            )
            table = table.fmt(revision.unit, revision.now_places, rows=[position], columns=[NOW])
        this_year = self.target.period
        return table.roles(
            rows={
                position: f"{slug(r.measure)}."
                + year_role(Period.parse(r.period.replace("/", "-")), this_year)
                for position, r in enumerate(self._revisions)
            }
        )
