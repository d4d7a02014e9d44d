"""DfE Explore Education Statistics open-data CSVs as sent: each data file and the ``.meta.csv``
beside it, every cell as text (``validate.ees`` checks them against the open-data standard)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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


def read_ees_file(path: Path) -> EesFile:
    """A data file and the ``.meta.csv`` beside it."""
    meta_path = path.with_suffix(".meta.csv")
    return EesFile(path, read_csv(path, hint=HINT), meta_path, read_csv(meta_path, hint=HINT))


def read_ees_folder(folder: Path, names: tuple[str, ...]) -> dict[str, list[EesFile]]:
    """The named datasets in ``folder``, each with its twin in ``folder/synthetic`` if there is
    one (made-up rows for more LAs)."""
    datasets: dict[str, list[EesFile]] = {}
    for name in names:
        extra = folder / "synthetic" / f"{name}.csv"
        paths = [folder / f"{name}.csv", *([extra] if extra.is_file() else [])]
        datasets[name] = [read_ees_file(path) for path in paths]
    return datasets
