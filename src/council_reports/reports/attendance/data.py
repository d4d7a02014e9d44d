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


def sources(data_dir: Path) -> dict[str, str]:
    """Each dataset's source line, written from the bundled file's provenance record."""
    from ...load.provenance import described, provenance_of

    return {name: described(provenance_of(data_dir / f"{name}.csv").parts) for name in DATASETS}


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


def made_up(source_file: str) -> bool:
    """Whether a row read from ``source_file`` is made up, as the file's provenance record
    says (the synthetic/ folder's rows for the other LAs are)."""
    from ...load.provenance import provenance_of

    return provenance_of(Path(source_file)).synthetic


def is_synthetic(data: dict[str, pd.DataFrame], la: str) -> bool:
    """Whether any of the LA's figures come from a file whose provenance record says they are
    made up."""
    files = {
        path
        for frame in data.values()
        for path in frame.loc[frame["area_code"] == la, "source_file"]
    }
    return any(map(made_up, files))


def check(target: Target) -> None:
    """Every dataset loads and checks."""
    if not target.data_dir.is_dir():
        raise DataError("data folder not found", file=target.data_dir, hint="pass --data DIR")
    load(target.data_dir)
