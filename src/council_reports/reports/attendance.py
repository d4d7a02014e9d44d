"""School attendance and exclusions: DfE absence and suspension statistics, the LA against its
region and England, by pupil characteristic."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DataError, ParameterError
from ..periods import Period
from . import Report

if TYPE_CHECKING:
    import pandas as pd

DATASETS = (
    "absence_by_geography",
    "absence_by_characteristic",
    "absence_by_social_care_group",
    "exclusions_by_geography",
    "exclusions_by_characteristic",
    "exclusions_by_social_care_group",
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
}


def coverage(data_dir: Path) -> dict[str, tuple[str, ...]]:
    """Periods and LAs with absence figures, read with the csv module (fast; no validation)."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in (
        data_dir / "absence_by_geography.csv",
        data_dir / "synthetic" / "absence_by_geography.csv",
    ):
        if not path.is_file():
            continue
        with path.open(newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                period = Period.from_time_period(row.get("time_period", ""))
                if period and row.get("geographic_level") == "Local authority":
                    found[str(period)].add(row.get("old_la_code", ""))
    return {period: tuple(sorted(las)) for period, las in sorted(found.items())}


def load(data_dir: Path) -> dict[str, pd.DataFrame]:
    """Every dataset, validated, as a tidy table (see ``load.ees.EesDataset.tidy``)."""
    from ..load.ees import read_ees_folder

    return {name: ds.tidy() for name, ds in read_ees_folder(data_dir, DATASETS).items()}


def is_synthetic(data: dict[str, pd.DataFrame], la: str) -> bool:
    """Whether any of the LA's figures come from the synthetic/ files (made up for testing)."""
    return any(
        frame.loc[frame["area_code"] == la, "source_file"].str.contains("/synthetic/").any()
        for frame in data.values()
    )


def check(data_dir: Path, la: str, period: Period) -> None:
    if not data_dir.is_dir():
        raise DataError("data folder not found", file=data_dir, hint="pass --data DIR")
    load(data_dir)
    las = coverage(data_dir).get(str(period))
    if not las:
        raise ParameterError(
            f"no attendance data for {period}",
            hint="periods in the data: " + ", ".join(coverage(data_dir)),
        )
    if la not in las:
        raise ParameterError(
            f"no attendance data for LA {la!r} in {period}", hint="LAs: " + ", ".join(las)
        )


REPORT = Report(
    id="attendance",
    title="School attendance and exclusions",
    notebook="attendance_exclusions.ipynb",
    data="attendance",
    cover="cover/attendance.yml",
    coverage=coverage,
    check=check,
)
