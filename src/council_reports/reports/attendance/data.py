"""The attendance report's data: the DfE's open data files (absence; suspensions and
exclusions; outcomes for children in need) and the council's own in-year figures, checked."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import DataError
from ...framework import Target, cached_load
from ...periods import Period

if TYPE_CHECKING:
    import pandas as pd

DATASETS = (
    "absence_by_geography",
    "absence_by_characteristic",
    "absence_by_social_care_group",
    "exclusions_by_geography",
    "exclusions_by_characteristic",
    "exclusions_by_social_care_group",
    "in_year",
)

_ABSENCE = "DfE, Pupil absence in schools in England"
_EXCLUSIONS = "DfE, Suspensions and permanent exclusions in England"
_SOCIAL_CARE = (
    "DfE, Outcomes for children in need, including children looked after by LAs in England"
)
SOURCES = {
    "absence_by_geography": _ABSENCE,
    "absence_by_characteristic": _ABSENCE,
    "absence_by_social_care_group": _SOCIAL_CARE,
    "exclusions_by_geography": _EXCLUSIONS,
    "exclusions_by_characteristic": _EXCLUSIONS,
    "exclusions_by_social_care_group": _SOCIAL_CARE,
    "in_year": "the council's own records",
}


def coverage(data_dir: Path) -> dict[str, tuple[str, ...]]:
    """Periods and LAs with absence figures (the file read as text; no validation)."""
    from ...load.ees import HINT
    from ...load.files import read_records

    found: dict[str, set[str]] = defaultdict(set)
    for path in (
        data_dir / "absence_by_geography.csv",
        data_dir / "synthetic" / "absence_by_geography.csv",
    ):
        if not path.is_file():
            continue
        for row in read_records(path, hint=HINT):
            period = Period.from_time_period(row.get("time_period", ""))
            if period and row.get("geographic_level") == "Local authority":
                found[str(period)].add(row.get("old_la_code", ""))
    return {period: tuple(sorted(las)) for period, las in sorted(found.items())}


@cached_load
def load(data_dir: Path) -> dict[str, pd.DataFrame]:
    """Every dataset, validated, as a tidy table (see ``validate.ees.EesDataset.tidy``)."""
    from ...validate.ees import read_ees_folder

    return {name: ds.tidy() for name, ds in read_ees_folder(data_dir, DATASETS).items()}


SYNTHETIC_FOLDER = "synthetic"  # the folder of the made-up rows for the other LAs


def made_up(source_file: str) -> bool:
    """Whether a row read from ``source_file`` is made up (a file in the synthetic/ folder)."""
    return Path(source_file).parent.name == SYNTHETIC_FOLDER


def is_synthetic(data: dict[str, pd.DataFrame], la: str) -> bool:
    """Whether any of the LA's figures come from the synthetic/ files (made up for testing)."""
    return any(
        frame.loc[frame["area_code"] == la, "source_file"].map(made_up).any()
        for frame in data.values()
    )


def check(target: Target) -> None:
    """Every dataset loads and checks."""
    if not target.data_dir.is_dir():
        raise DataError("data folder not found", file=target.data_dir, hint="pass --data DIR")
    load(target.data_dir)
