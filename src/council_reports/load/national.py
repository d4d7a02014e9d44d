"""data/national/ as sent: the DfE's figures for every LA in England, its region and England
(DfE open-data files, each with its ``.meta.csv`` and provenance sidecar), the statistical
neighbours of each LA, the LAs that were reorganised and the list of measures, every cell as
text. ``validate.national`` checks what the cells mean."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .ees import EesFile, read_ees_file
from .files import read_records
from .provenance import Provenance, provenance_of

DATASETS = (
    "absence",
    "exclusions",
    "children_looked_after",
    "cla_placements",
    "absence_by_social_care_group",
)
NEIGHBOURS = "statistical_neighbours.csv"
NEIGHBOUR_COLUMNS = ("old_la_code", "neighbour_rank", "neighbour_la_code", "closeness")
CHANGES = "la_changes.csv"
CHANGE_COLUMNS = (
    "former_la_code",
    "former_new_la_code",
    "former_la_name",
    "region_code",
    "successor_la_code",
    "changed_on",
    "note",
)
MEASURES = "measures.csv"
MEASURE_COLUMNS = (
    "dataset",
    "indicator",
    "label",
    "unit",
    "decimals",
    "polarity",
    "publication",
    "source_repository",
)
HINT = "see data/national/README.md"


@dataclass(frozen=True)
class NationalFiles:
    """The folder's files as text: records are ``{column: text}``, record ``i`` being row
    ``i + 2`` of its file."""

    folder: Path
    datasets: dict[str, EesFile]
    neighbours: list[dict[str, str]]
    changes: list[dict[str, str]]
    measures: list[dict[str, str]]
    provenance: dict[str, Provenance]

    def path(self, name: str) -> Path:
        return self.folder / name


def read_national_files(folder: Path) -> NationalFiles:
    """Every file of data/national/ and the provenance sidecar of each."""
    datasets = {name: read_ees_file(folder / f"{name}.csv") for name in DATASETS}
    tables = {
        NEIGHBOURS: NEIGHBOUR_COLUMNS,
        CHANGES: CHANGE_COLUMNS,
        MEASURES: MEASURE_COLUMNS,
    }
    records = {
        name: read_records(folder / name, columns, hint=HINT + "; columns: " + ", ".join(columns))
        for name, columns in tables.items()
    }
    names = [f"{name}.csv" for name in DATASETS] + list(tables)
    return NationalFiles(
        folder,
        datasets,
        records[NEIGHBOURS],
        records[CHANGES],
        records[MEASURES],
        {name: provenance_of(folder / name) for name in names},
    )
