"""Writing data/national/: each table with its ``.meta.csv`` (the EES metadata) and its
provenance sidecar (docs/design/publication-model.md, section 3), the measures, the neighbours
and the reorganised LAs; and data/reference/local_authorities.csv. All of it is written beside
the folder and read back through the loader before it replaces what is there
(``write_checked``)."""

from __future__ import annotations

import csv
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..load.ees import META_COLUMNS
from .datasets import CHANGES, LICENCE, NEIGHBOURS, OWNER
from .sources import Origin, Sources

if TYPE_CHECKING:
    from .extract import Extract, Table

NEIGHBOURS_HEADER = [
    "old_la_code",
    "la_name",
    "neighbour_rank",
    "neighbour_la_code",
    "closeness",
]
CHANGES_HEADER = [
    "former_la_code",
    "former_new_la_code",
    "former_la_name",
    "region_code",
    "successor_la_code",
    "successor_new_la_code",
    "successor_la_name",
    "changed_on",
    "legislation",
    "note",
]
MEASURES = [
    "dataset",
    "indicator",
    "label",
    "unit",
    "decimals",
    "decimals_from",
    "polarity",
    "polarity_from",
    "publication",
    "publication_url",
    "source_repository",
    "source_path",
    "source_measure",
    "source_description",
    "source_unit",
]


def _write_csv(path: Path, header: list[str], rows: Iterable[Mapping[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _meta(table: Table) -> list[dict[str, str]]:
    rows = [
        {"col_name": name, "col_type": "Filter", "label": label}
        for name, label, _ in table.dataset.filters
    ]
    for column in table.dataset.columns:
        rows.append(
            {
                "col_name": column.name,
                "col_type": "Indicator",
                "label": column.label,
                "indicator_unit": column.unit,
                "indicator_dp": str(table.described[column.name].decimals),
            }
        )
    return rows


def _measures(tables: list[Table], sources: Sources) -> list[dict[str, str]]:
    rows = []
    for table in tables:
        for column in table.dataset.columns:
            info = table.described[column.name]
            origin = sources.origins[column.source]
            where = " and ".join(f"{k} = {v}" for k, v in column.where)
            rows.append(
                {
                    "dataset": table.dataset.name,
                    "indicator": column.name,
                    "label": column.label,
                    "unit": column.unit,
                    "decimals": str(info.decimals),
                    "decimals_from": info.decimals_from,
                    "polarity": info.polarity,
                    "polarity_from": info.polarity_from,
                    "publication": info.publication,
                    "publication_url": info.publication_url,
                    "source_repository": origin.repository,
                    "source_path": origin.path,
                    "source_measure": f"{column.measure} where {where}"
                    if where
                    else column.measure,
                    "source_description": info.description,
                    "source_unit": info.unit_text,
                }
            )
    return rows


def _provenance(
    source: str, origin: Origin, owner: str = OWNER, **more: object
) -> dict[str, object]:
    return {
        "kind": "published",
        "source": _by(owner, source),
        "owner": owner,
        "repository": origin.repository,
        "commit": origin.commit,
        "path": origin.path,
        "licence": LICENCE,
        **more,
    }


def _by(owner: str, source: str) -> str:
    """A source as a caption names it: the Department's publications by their publisher too
    ("Department for Education, Pupil absence in schools in England")."""
    return f"{owner}, {source}" if owner == OWNER else source


def _table_provenance(table: Table, sources: Sources) -> dict[str, object]:
    """The file's source is its LAIT (or first) column's; other columns say their own."""
    first = table.dataset.columns[0]
    columns = {
        c.name: {
            "source": _by(OWNER, table.described[c.name].publication),
            "repository": sources.origins[c.source].repository,
            "commit": sources.origins[c.source].commit,
            "path": sources.origins[c.source].path,
        }
        for c in table.dataset.columns
        if c.source != first.source
    }
    more = {"columns": columns} if columns else {}
    return _provenance(
        table.described[first.name].publication, sources.origins[first.source], **more
    )


def _write_yaml(path: Path, data: Mapping[str, object], about: str) -> None:
    import yaml

    text = yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True, width=100)
    path.write_text(f"# {about} (docs/design/publication-model.md, section 3)\n{text}", "utf-8")


def write(result: Extract, sources: Sources, folder: Path) -> list[Path]:
    """data/national/: each table with its .meta.csv and provenance, the measures, the
    neighbours and the reorganised LAs."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []

    def sidecar(path: Path, provenance: Mapping[str, object]) -> None:
        _write_yaml(
            path.with_name(path.name + ".provenance.yml"),
            provenance,
            f"Where {path.name} came from",
        )
        written.append(path)

    for table in result.tables:
        path = folder / f"{table.dataset.name}.csv"
        _write_csv(path, table.header, table.rows)
        _write_csv(path.with_suffix(".meta.csv"), META_COLUMNS, _meta(table))
        sidecar(path, _table_provenance(table, sources))
    path = folder / "measures.csv"
    _write_csv(path, MEASURES, _measures(result.tables, sources))
    sidecar(
        path,
        _provenance(
            "LAIT data dictionary: each measure's decimal places, polarity and publication",
            sources.origins["dictionary"],
            detail="labels and column names are this repository's own",
        ),
    )
    path = folder / "statistical_neighbours.csv"
    _write_csv(path, NEIGHBOURS_HEADER, result.neighbours)
    more = {}
    if "sn_lait" in sources.origins:
        lait = sources.origins["sn_lait"]
        more["same_as"] = {"repository": lait.repository, "commit": lait.commit, "path": lait.path}
    sidecar(path, _provenance(NEIGHBOURS, sources.origins["sn"], **more))
    path = folder / "la_changes.csv"
    _write_csv(path, CHANGES_HEADER, result.changes)
    sidecar(
        path,
        _provenance(
            "; ".join(dict.fromkeys(c.order for c in CHANGES)),
            sources.origins["absence"],
            owner="the orders: HM Government (legislation.gov.uk); codes and names: " + OWNER,
            detail="dates and successors from the structural changes orders (legislation.gov.uk);"
            " codes and names from the DfE file named here",
        ),
    )
    return written


def write_local_authorities(result: Extract, folder: Path) -> Path:
    """data/reference/local_authorities.csv: every LA in England today, by code."""
    from ..load.reference import LA_COLUMNS

    rows = [
        {
            "old_la_code": area.code,
            "new_la_code": area.new_la_code,
            "la_name": area.name,
            "region_code": area.region_code,
            "region_name": area.region_name,
        }
        for area in (result.las[code] for code in result.current)
    ]
    path = folder / "local_authorities.csv"
    _write_csv(path, list(LA_COLUMNS), rows)
    return path


def write_checked(
    result: Extract, sources: Sources, folder: Path, reference: Path | None
) -> list[Path]:
    """Write the folder (and the reference list, given ``reference``) beside it first, read it
    back through the loader, every cell checked, and only then put the files in place: a run
    that fails leaves the data as it was."""
    from ..validate.national import read_national

    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".national-", dir=folder.parent))
    try:
        (staging / "reference").mkdir()
        if reference is not None:
            lists = [write_local_authorities(result, staging / "reference")]
        else:
            lists = []
            shutil.copy(
                folder.parent / "reference" / "local_authorities.csv", staging / "reference"
            )
        written = write(result, sources, staging / "national")
        read_national(staging / "national")
        folder.mkdir(exist_ok=True)
        for path in (staging / "national").iterdir():
            path.replace(folder / path.name)
        for path in lists:
            path.replace(reference / path.name)
    finally:
        shutil.rmtree(staging)
    return [folder / path.name for path in written]
