"""data/national/ checked, and as tidy tables: every figure file by the EES open-data rules,
one identity per LA across the files (and as data/reference/local_authorities.csv gives it,
where that lists the LA), the measures list agreeing with the files' metadata, ten neighbours
for every LA of today, the successors of each former LA, and a provenance sidecar for every
file. Each problem is one DataError naming the file, row and column."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..keys import folder_state
from ..load.national import (
    CHANGES,
    HINT,
    MEASURES,
    NEIGHBOURS,
    NationalFiles,
    read_national_files,
)
from ..load.provenance import Provenance
from ..load.reference import LA_COLUMNS, local_authorities
from .ees import EesDataset, check_file

LA_HINT = "one ONS code and region per LA, in every file and data/reference/local_authorities.csv"
POLARITIES = ("High", "Low", "-")  # higher is better, lower is better, neither
NEIGHBOUR_COUNT = 10


@dataclass(frozen=True)
class Measure:
    """One indicator of a national file: what it is and which way is better."""

    dataset: str
    indicator: str
    label: str
    unit: str
    decimals: int
    polarity: str
    publication: str


@dataclass(frozen=True)
class LaChange:
    """An LA that was replaced (``former``), and the LAs that took over its area."""

    former: str
    former_name: str
    successors: tuple[str, ...]
    changed_on: date
    note: str


@dataclass(frozen=True)
class NationalData:
    """The checked folder."""

    datasets: Mapping[str, EesDataset]
    measures: Mapping[tuple[str, str], Measure]
    neighbours: Mapping[str, tuple[str, ...]]  # LA -> its ten neighbours, nearest first
    changes: Mapping[str, LaChange]  # by the former LA's code
    provenance: Mapping[str, Provenance]  # by file name
    las: Mapping[str, Mapping[str, str]]  # the LAs of today: codes, name and region

    def tidy(self, dataset: str) -> pd.DataFrame:
        """One row per area, year, breakdown and indicator (the EES tidy form: ``area_code``,
        ``area_name``, ``geographic_level``, ``period``, ``indicator``, ``value`` or
        ``symbol``, ``unit``, ``decimals``), with each indicator's ``polarity`` and
        ``publication``."""
        frame = self.datasets[dataset].tidy()
        for column in ("polarity", "publication"):
            frame[column] = frame["indicator"].map(
                {i: getattr(m, column) for (d, i), m in self.measures.items() if d == dataset}
            )
        return frame

    def changes_of(self, la: str) -> tuple[LaChange, ...]:
        """The reorganisations an LA ended or began: where its trend breaks."""
        return tuple(c for c in self.changes.values() if la == c.former or la in c.successors)

    @cached_property
    def _tidy(self) -> dict[str, tuple[pd.DataFrame, dict[str, list[int]]]]:
        """Each dataset's tidy form, made once, with the positions of each area's rows."""
        made = {}
        for name in self.datasets:
            frame = self.tidy(name)
            made[name] = (
                frame,
                {k: list(v) for k, v in frame.groupby("area_code").indices.items()},
            )
        return made

    def rows(self, dataset: str, areas: Iterable[str]) -> pd.DataFrame:
        """The tidy rows (see ``tidy``) of some areas only, by code (an LA's three digits, a
        region's or England's ONS code), every year: a copy, found through an index made once,
        so a batch of builds filters the national files without reading or melting them
        again."""
        frame, where = self._tidy[dataset]
        positions = sorted(p for code in dict.fromkeys(areas) for p in where.get(code, ()))
        return frame.take(positions).reset_index(drop=True)


def _row(index: int) -> int:
    return index + 2


def _las(folder: Path, files: NationalFiles) -> dict[str, dict[str, str]]:
    """Every LA the figure files name, as they name it: one ONS code and one region for each
    LA code (and one LA for each ONS code) across the files, and the same as
    data/reference/local_authorities.csv where that lists the LA."""
    reference = local_authorities(folder.parent / "reference") or {}
    las: dict[str, dict[str, str]] = {}
    by_ons: dict[str, str] = {}
    for file in files.datasets.values():
        frame = file.frame
        if not set(LA_COLUMNS) <= set(frame.columns):
            continue  # check_file names the missing column
        rows = frame.loc[frame["geographic_level"] == "Local authority", list(LA_COLUMNS)]
        for index, row in rows.drop_duplicates().iterrows():
            code, ons = row["old_la_code"], row["new_la_code"]
            where = {"file": file.path, "row": _row(int(index))}
            known = las.get(code) or reference.get(code)
            for column in ("new_la_code", "region_code"):
                if known is not None and known[column] != row[column]:
                    raise DataError(
                        f"{column} {row[column]!r} does not match LA {code}'s {known[column]!r}",
                        column=column,
                        hint=LA_HINT,
                        **where,
                    )
            if by_ons.setdefault(ons, code) != code:
                raise DataError(
                    f"new_la_code {ons!r} is LA {by_ons[ons]}'s, not {code}'s",
                    column="old_la_code",
                    hint=LA_HINT,
                    **where,
                )
            las.setdefault(code, dict(row))
    return las


def _changes(files: NationalFiles, las: Mapping[str, Mapping[str, str]]) -> dict[str, LaChange]:
    """The reorganised LAs: each former LA's successors are LAs of the figure files that no
    change ended."""
    path = files.path(CHANGES)
    formers = {row["former_la_code"] for row in files.changes}
    changes: dict[str, LaChange] = {}
    for index, row in enumerate(files.changes):
        where = {"file": path, "row": _row(index)}
        code, successor = row["former_la_code"], row["successor_la_code"]
        if successor not in las or successor in formers:
            raise DataError(
                f"successor {successor!r} is not an LA of today in the figure files",
                column="successor_la_code",
                hint=HINT,
                **where,
            )
        try:
            changed_on = date.fromisoformat(row["changed_on"])
        except ValueError:
            raise DataError(
                f"changed_on {row['changed_on']!r} is not a date such as 2023-04-01",
                column="changed_on",
                **where,
            ) from None
        earlier = changes.get(code)
        successors = (*earlier.successors, successor) if earlier else (successor,)
        changes[code] = LaChange(code, row["former_la_name"], successors, changed_on, row["note"])
    return changes


def _measures(
    files: NationalFiles, datasets: Mapping[str, EesDataset]
) -> dict[tuple[str, str], Measure]:
    """measures.csv, one row per indicator of the files, agreeing with their metadata."""
    path = files.path(MEASURES)
    measures: dict[tuple[str, str], Measure] = {}
    for index, row in enumerate(files.measures):
        where = {"file": path, "row": _row(index)}
        key = (row["dataset"], row["indicator"])
        indicator = datasets[key[0]].indicators.get(key[1]) if key[0] in datasets else None
        if indicator is None:
            raise DataError(
                f"{key[0]}.csv has no indicator {key[1]!r}", column="indicator", hint=HINT, **where
            )
        if key in measures:
            raise DataError(f"{key[1]!r} is listed twice", column="indicator", **where)
        if row["polarity"] not in POLARITIES:
            raise DataError(
                f"polarity {row['polarity']!r} is not one of {', '.join(POLARITIES)}",
                column="polarity",
                **where,
            )
        if row["decimals"] != str(indicator.decimals):
            raise DataError(
                f"decimals {row['decimals']!r} differ from {key[0]}.meta.csv's"
                f" {indicator.decimals}",
                column="decimals",
                **where,
            )
        measures[key] = Measure(
            *key,
            indicator.label,
            indicator.unit,
            indicator.decimals,
            row["polarity"],
            row["publication"],
        )
    for name, dataset in datasets.items():
        for indicator in dataset.indicators:
            if (name, indicator) not in measures:
                raise DataError(f"{name}.csv's {indicator!r} is not listed", file=path, hint=HINT)
    return measures


def _neighbours(files: NationalFiles, current: Mapping[str, object]) -> dict[str, tuple[str, ...]]:
    """Each LA's neighbours in rank order: ten LAs of today, none twice, never the LA itself;
    every LA of today in the figure files has them."""
    path = files.path(NEIGHBOURS)
    ranked: dict[str, dict[int, str]] = {}
    for index, row in enumerate(files.neighbours):
        where = {"file": path, "row": _row(index)}
        la, neighbour = row["old_la_code"], row["neighbour_la_code"]
        for column, code in (("old_la_code", la), ("neighbour_la_code", neighbour)):
            if code not in current:
                raise DataError(
                    f"unknown local authority code {code!r}",
                    column=column,
                    hint="an LA of today in the figure files, by its DfE three-digit code",
                    **where,
                )
        rank = row["neighbour_rank"]
        if not rank.isdigit() or not 1 <= int(rank) <= NEIGHBOUR_COUNT:
            raise DataError(
                f"neighbour_rank {rank!r} is not 1 to {NEIGHBOUR_COUNT}",
                column="neighbour_rank",
                **where,
            )
        mine = ranked.setdefault(la, {})
        if int(rank) in mine:
            raise DataError(
                f"LA {la} has two neighbours ranked {rank}", column="neighbour_rank", **where
            )
        if neighbour == la or neighbour in mine.values():
            raise DataError(
                f"LA {la} has {neighbour} as a neighbour twice or as its own",
                column="neighbour_la_code",
                **where,
            )
        mine[int(rank)] = neighbour
    for la in current:
        if len(ranked.get(la, {})) != NEIGHBOUR_COUNT:
            raise DataError(
                f"LA {la} has {len(ranked.get(la, {}))} neighbours, not {NEIGHBOUR_COUNT}",
                file=path,
                hint="every LA of today in the figure files has ten",
            )
    return {la: tuple(mine[r] for r in sorted(mine)) for la, mine in ranked.items()}


@lru_cache(maxsize=2)
def _kept(folder: Path, state: tuple, reference: tuple) -> NationalData:
    return read_national(folder)


def national_data(folder: Path) -> NationalData:
    """``read_national``, once per process while the folder's files (and the reference list it
    is checked against) are unchanged: a build worker reads the national files once for every
    target it builds. The data is shared: read it, never change it."""
    folder = folder.resolve()
    reference = folder.parent / "reference"
    return _kept(folder, folder_state(folder), folder_state(reference))


def read_national(folder: Path) -> NationalData:
    """Read and check data/national/ (``folder``), against ``folder/../reference``."""
    files = read_national_files(folder)
    las = _las(folder, files)
    changes = _changes(files, las)
    current = {code: row for code, row in las.items() if code not in changes}
    neighbours = _neighbours(files, current)
    datasets = {name: check_file(file, las) for name, file in files.datasets.items()}
    return NationalData(
        datasets, _measures(files, datasets), neighbours, changes, files.provenance, current
    )
