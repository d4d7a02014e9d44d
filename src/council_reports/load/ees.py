"""DfE Explore Education Statistics open-data CSVs as sent: each data file and the ``.meta.csv``
beside it, every cell as text (``validate.ees`` checks them against the open-data standard).

A national release holds every LA for many years (two million rows is not unusual); a build
needs a few areas and years. A ``Selection`` keeps only those rows while the file is read as a
stream, so a large file costs its reading time and the memory of the rows kept::

    read_ees_file(path, Selection(las={"800"}, regions={"E12000009"}, years={Period(2023)}))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..periods import Period
from .files import read_csv

if TYPE_CHECKING:
    import pandas as pd

HINT = "see the EES open-data standard (data/attendance/README.md)"
# The columns an open-data file starts with: time, level and each level's codes and names.
COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
)
# The columns of an open-data file's .meta.csv, as the standard orders them.
META_COLUMNS = (
    "col_name",
    "col_type",
    "label",
    "indicator_grouping",
    "indicator_unit",
    "indicator_dp",
    "filter_hint",
    "filter_grouping_column",
)


@dataclass(frozen=True)
class Selection:
    """The rows of an EES file a build needs: the local authorities (DfE three-digit codes),
    the regions (ONS codes) and England, in the years given (all years when None). A row of
    another geographic level is not kept."""

    las: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    england: bool = True
    years: frozenset[Period] | None = None

    @classmethod
    def of(
        cls,
        las: Iterable[str] = (),
        regions: Iterable[str] = (),
        *,
        england: bool = True,
        years: Iterable[Period] | None = None,
    ) -> Selection:
        return cls(
            frozenset(las),
            frozenset(regions),
            england,
            None if years is None else frozenset(years),
        )

    def rows(self, names: Sequence[str]) -> Callable[[Sequence[str]], bool]:
        """The test a row of a file with these columns passes when the build needs it (a file
        without the columns to tell is kept whole, for its checks to name what is missing)."""
        where = {name: position for position, name in enumerate(names)}
        if "geographic_level" not in where or "time_period" not in where:
            return lambda row: True
        level, time = where["geographic_level"], where["time_period"]
        la, region = where.get("old_la_code"), where.get("region_code")
        periods = None if self.years is None else {p.time_period for p in self.years}
        wanted = {
            "National": lambda row: self.england,
            "Regional": lambda row: region is not None and row[region].strip() in self.regions,
            "Local authority": lambda row: la is not None and row[la].strip() in self.las,
        }

        def keep(row: Sequence[str]) -> bool:
            if periods is not None and row[time].strip() not in periods:
                return False
            test = wanted.get(row[level].strip())
            return test is not None and test(row)

        return keep


@dataclass(frozen=True)
class EesFile:
    """One EES data file and its metadata, as text."""

    path: Path
    frame: pd.DataFrame
    meta_path: Path
    meta: pd.DataFrame

    @property
    def name(self) -> str:
        return self.path.name.removesuffix(".csv")


def read_ees_file(path: Path, selection: Selection | None = None) -> EesFile:
    """A data file (only the rows ``selection`` keeps, when given) and the ``.meta.csv`` beside
    it."""
    meta_path = path.with_suffix(".meta.csv")
    keep = selection.rows if selection is not None else None
    frame = read_csv(path, hint=HINT, keep=keep)
    return EesFile(path, frame, meta_path, read_csv(meta_path, hint=HINT))


def read_ees_folder(
    folder: Path, names: tuple[str, ...], selection: Selection | None = None
) -> dict[str, EesFile]:
    """The named datasets in ``folder`` (``<name>.csv``, each with its ``.meta.csv``)."""
    return {name: read_ees_file(folder / f"{name}.csv", selection) for name in names}
