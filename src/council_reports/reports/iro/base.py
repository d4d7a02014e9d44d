"""What every section of the IRO report shares: the year's 903 return and the years before it,
the children in care at 31 March, the service's records, and how a table names its sources and
says what is synthetic."""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...audiences import WORDS
from ...framework import Content, Target
from ...periods import Period
from .data import LA_NAME, load, service_records

if TYPE_CHECKING:
    import pandas as pd

    from ...ledger import Ledger
    from ...load.provenance import Provenance
    from ...present.charts import Figure
    from ...present.tables import Table


def direction_word(change: float | None, up: str, down: str, same: str) -> str:
    """The word for a change: ``up``, ``down`` or ``same`` (empty when there is no change)."""
    from ...measures.benchmarks import direction

    return direction(change, up=up, down=down, same=same) or ""


def joined(words: list[str]) -> str:
    """``Q1``, ``Q1 and Q4``, ``Q1, Q2 and Q4``."""
    return " and ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


class IroContent(Content):
    """Children in care, their reviews and the IRO service's work in one financial year: the
    data and helpers the sections share."""

    def __init__(self, target: Target) -> None:
        import pandas as pd

        from ...measures import looked_after as m

        super().__init__(target)
        self.year = target.period
        self.returns = load(target.data_dir, self.year)
        self.current = self.returns[str(self.year)]
        self.census = pd.Timestamp(self.year.end_year, 3, 31)
        self.in_care = m.looked_after_on(self.current, self.census)
        self.service = service_records(target.data_dir)

    def inputs(self) -> list[Path]:
        """The years of the return the report reads (this one and those before it) and the
        service's records."""
        root = self.target.data_dir
        years = [root / "ssda903" / name for name in self.returns]
        return sorted([*(p for y in years for p in y.glob("*.csv")), *self._service_files()])

    def _service_files(self) -> list[Path]:
        return sorted((self.target.data_dir / "service").glob("*.csv"))

    @property
    def synthetic(self) -> bool:
        """Whether any figure is made up: any input whose provenance record says so."""
        from ...load.provenance import provenance_of

        return any(provenance_of(path).synthetic for path in self.inputs())

    def _provenance(self, *sources: str) -> list[Provenance]:
        """The provenance records of what a table or chart is made from: "903" (the return) or
        a service file's name."""
        from ...load.provenance import provenance_of

        root = self.target.data_dir
        paths = {
            source: root / "ssda903" / str(self.year) / "episodes.csv"
            if source == "903"
            else root / "service" / source
            for source in sources
        }
        return [provenance_of(path) for path in paths.values()]

    def _made_up(self, *sources: str) -> bool:
        """Whether a table or chart fed by ``sources`` ("903" or a service file's name) shows
        made-up figures, so its caption says so."""
        return any(record.synthetic for record in self._provenance(*sources))

    @cached_property
    def _published(self) -> pd.DataFrame:
        """The figures the council's published report for the year gives (published.csv)."""
        from ...validate.published import PUBLISHED, read_published

        published = read_published(self.target.data_dir / PUBLISHED)
        return published.loc[published["period"] == str(self.year)].set_index("fact")

    def _published_figure(self, fact: str) -> float | None:
        """The number the published report printed for ``fact`` (None: none, or not a
        number)."""
        if fact not in self._published.index:
            return None
        printed = str(self._published.at[fact, "published"]).replace(",", "")
        number = re.fullmatch(r"\s*([+-]?\d+(?:\.\d+)?)\s*%?\s*", printed)
        return float(number[1]) if number else None

    def _from(self, facts: Ledger, *sources: str) -> AbstractContextManager[None]:
        """Facts recorded inside are computed from ``sources`` ("903" or a service file's
        name): synthetic when those are made up, unless the published report gives the figure
        (the made-up data was made to match it) or the fact is worked out from others."""
        return facts.from_data(made_up=self._made_up(*sources), published=self._published.index)

    def words(self) -> dict[str, str]:
        return {
            "la_name": LA_NAME,
            "census_date": f"31 March {self.year.end_year}",
            "census_date_previous": f"31 March {self.year.start_year}",
        }

    @property
    def _first_year(self) -> bool:
        """No return for the year before: nothing to compare with, and reviews held before the
        data began cannot be seen."""
        return str(self.year.previous) not in self.returns

    def _for_year(self, frame: pd.DataFrame, year: Period | None = None) -> pd.DataFrame:
        """A service record's rows for this year (or ``year``)."""
        return frame.loc[frame["year"] == str(year or self.year)].reset_index(drop=True)

    def _share_table(self, counts: pd.Series, *sources: str, **kwargs: Any) -> Table:
        from .profiles import share_table

        return share_table(
            counts, synthetic=self._made_up(*sources), source=self._source(*sources), **kwargs
        )

    def _count_chart(
        self, counts: pd.Series | pd.DataFrame, *sources: str, **kwargs: str
    ) -> Figure:
        from .profiles import count_chart

        return count_chart(counts, synthetic=self._made_up(*sources), **kwargs)

    def _source(self, *sources: str) -> str:
        """A table's source line, written from its inputs' provenance records."""
        from ...load.provenance import described

        return described(r for record in self._provenance(*sources) for r in record.parts)

    def _statements(
        self,
        file: str,
        columns: dict[str, str],
        *,
        id: str,
        caption: str,
        year: Period | None = None,
    ) -> Table | None:
        """A table of the service's own words for the year, from its records' ``file``
        (``columns``: file column to heading; the first is the stub); None without rows."""
        from ...present.tables import Table

        frame = getattr(self.service, file.removesuffix(".csv"))
        rows = self._for_year(frame, year)
        if rows.empty:
            return None
        return Table.from_frame(
            rows[list(columns)].rename(columns=columns),
            id=id,
            caption=caption,
            stub=list(columns.values()),
            source=self._source(file),
            about=WORDS,
        )
