"""The attendance report's data: the DfE's figures for every LA in England, its region and England
(data/national, beside the report's folder), the figures a council's committee packs printed
(the report's own folder: B&NES's absence, exclusions and their breakdowns, as published at the
time) and the council's own in-year figures, checked.

A build shows, for each dataset, the report folder's figures where the folder has the LA's
figures for the year (so B&NES's report keeps every figure its packs printed) and otherwise the
national files' (any LA). The neighbour comparison and the trends always read the national files:
one vintage for every LA."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import DataError, ParameterError, ReportError
from ...framework import Target, cached_load
from ...keys import file_state
from ...periods import Period

if TYPE_CHECKING:
    import pandas as pd

    from ...validate.ees import Indicator
    from ...validate.national import NationalData

DATASETS = (
    "absence_by_geography",
    "absence_by_characteristic",
    "absence_by_social_care_group",
    "exclusions_by_geography",
    "exclusions_by_characteristic",
    "exclusions_by_social_care_group",
    "in_year",
)
NATIONAL = "national"  # the national data folder, beside the report's own (data/national)
# The report's datasets the national files hold for every LA: the national file of each.
NATIONAL_TWINS = {
    "absence_by_geography": "absence",
    "exclusions_by_geography": "exclusions",
    "absence_by_social_care_group": "absence_by_social_care_group",
}
ENGLAND = "E92000001"


def national_folder(data_dir: Path) -> Path:
    return data_dir.parent / NATIONAL


def sources_of(data: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Each dataset's source line, written from the provenance records of the files its rows
    come from (the report folder's or the national files')."""
    from ...load.provenance import described, provenance_of

    return {
        name: described(
            part
            for path in dict.fromkeys(frame["source_file"])
            for part in provenance_of(Path(path)).parts
        )
        for name, frame in data.items()
    }


def _covered(path: Path, found: dict[str, set[str]], formers: set[str]) -> None:
    """Add the periods and LAs an EES file has a figure for (read as text, not validated)."""
    from ...load.ees import COLUMNS, HINT
    from ...load.files import read_records
    from ...numbers import SYMBOLS

    for row in read_records(path, hint=HINT):
        period = Period.from_time_period(row.get("time_period", ""))
        code = row.get("old_la_code", "")
        if not period or row.get("geographic_level") != "Local authority" or code in formers:
            continue
        figures = [v for k, v in row.items() if k not in COLUMNS and k != "school_type"]
        if any(value and value not in SYMBOLS for value in figures):
            found[str(period)].add(code)


def coverage(data_dir: Path) -> dict[str, tuple[str, ...]]:
    """Periods and LAs with absence figures: every LA of today in the national files, in each
    year it has a figure (not the year no figures were collected), and the LAs of the report
    folder's own file."""
    from ...load.national import CHANGES

    national = national_folder(data_dir)
    files = (national / CHANGES, data_dir / "absence_by_geography.csv", national / "absence.csv")
    return dict(_coverage(files, tuple(file_state(path) for path in files)))


@lru_cache(maxsize=4)
def _coverage(
    files: tuple[Path, Path, Path], states: tuple[tuple[int, int] | None, ...]
) -> dict[str, tuple[str, ...]]:
    """``coverage``, read once while the files are unchanged (``states``): it runs before every
    build, and a batch's worker builds many."""
    from ...load.files import read_records
    from ...load.national import HINT

    changes, *figures = files
    found: dict[str, set[str]] = defaultdict(set)
    formers: set[str] = set()
    if changes.is_file():
        formers = {
            r["former_la_code"] for r in read_records(changes, ("former_la_code",), hint=HINT)
        }
    for path in figures:
        if path.is_file():
            _covered(path, found, formers)
    return {period: tuple(sorted(las)) for period, las in sorted(found.items())}


@cached_load
def load(data_dir: Path) -> dict[str, pd.DataFrame]:
    """The report folder's datasets, validated, as tidy tables (see
    ``validate.ees.EesDataset.tidy``)."""
    from ...validate.ees import read_ees_folder

    return {name: ds.tidy() for name, ds in read_ees_folder(data_dir, DATASETS).items()}


def national(data_dir: Path) -> NationalData:
    """The national files, checked; read once per process (``validate.national.national_data``).
    Shared between builds: read them, never change them."""
    from ...validate.national import national_data

    folder = national_folder(data_dir)
    if not folder.is_dir():
        raise DataError(
            "the national data folder is missing",
            file=folder,
            hint="the DfE's figures for every LA: see data/national/README.md",
        )
    return national_data(folder)


@dataclass(frozen=True)
class Figures:
    """The rows a build shows, by dataset, and what each dataset's indicators are (kept apart:
    a dataset may have no rows for the LA)."""

    frames: dict[str, pd.DataFrame]
    indicators: dict[str, dict[str, Indicator]]


def _indicators(frame: pd.DataFrame) -> dict[str, Indicator]:
    from ...validate.ees import Indicator

    rows = frame.drop_duplicates("indicator")
    return {
        r.indicator: Indicator(r.indicator, r.label, r.unit, int(r.decimals))
        for r in rows.itertuples()
    }


def figures(target: Target) -> Figures:
    """Every dataset the report shows, for the target's LA, its region and England: the report
    folder's rows where the folder has the LA's figures for the target's year (figures as a
    council's packs printed them), else the national files' rows for the same dataset (every
    LA, every year they have), else the folder's (none for this LA: the section says so)."""
    from ...measures.benchmarks import periods_with_figures

    own = load(target.data_dir)
    data = national(target.data_dir)
    la = target.la
    region = data.las[la]["region_code"] if la in data.las else _own_region(own, la)
    areas = (la, region, ENGLAND)
    frames, indicators = {}, {}
    for name, frame in own.items():
        twin = NATIONAL_TWINS.get(name)
        if twin is None or target.period in periods_with_figures(frame, la):
            frames[name] = frame.loc[frame["area_code"].isin(areas)].reset_index(drop=True)
            indicators[name] = _indicators(frame)
        else:
            frames[name] = data.rows(twin, areas)
            indicators[name] = dict(data.datasets[twin].indicators)
    return Figures(frames, indicators)


def _own_region(own: dict[str, pd.DataFrame], la: str) -> str:
    frame = own["absence_by_geography"]
    rows = frame.loc[frame["area_code"] == la, "region_code"]
    if rows.empty:
        raise ParameterError(
            f"LA {la!r} is not in the national files or the report's data",
            hint="a DfE three-digit LA code of today; see 'council-reports list'",
        )
    return str(rows.iloc[0])


def is_synthetic(data: dict[str, pd.DataFrame], la: str) -> bool:
    """Whether any of the LA's figures come from a file whose provenance record says they are
    made up."""
    from ...load.provenance import provenance_of

    files = {
        path
        for frame in data.values()
        for path in frame.loc[frame["area_code"] == la, "source_file"]
    }
    return any(provenance_of(Path(path)).synthetic for path in files)


NEW_YEAR = "docs/new-year.md says how to add a year"


def gaps(target: Target) -> list[ReportError]:
    """What the data lacks for the target's year that it held for the LA before, an error
    each: a breakdown with the LA's figures in earlier years but none this year (suspensions
    and exclusions may be a year behind), and the council's own figures for the year after.
    A breakdown the data never held for the LA is not a gap: its section says so."""
    from ...measures.benchmarks import periods_with_figures
    from .indicators import HELD

    frames = figures(target).frames
    found: list[ReportError] = []
    for _, name, filters, may_lag in HELD:
        frame = frames[name]
        held = periods_with_figures(frame, target.la, **filters)
        due = {target.period, target.period.previous} if may_lag else {target.period}
        if held and not held & due and min(held) < target.period:
            which = "".join(f" by {value}" for value in filters.values())
            found.append(
                DataError(
                    f"no figures{which} for {target.period.label} for LA {target.la}; the "
                    f"latest are for {max(held).label}",
                    file=target.data_dir / f"{name}.csv",
                    hint=NEW_YEAR,
                )
            )
    own = periods_with_figures(frames["in_year"], target.la)
    following = target.period.following
    if own and following not in own:
        found.append(
            DataError(
                f"no figures of the council's own for {following.label} for LA {target.la}",
                file=target.data_dir / "in_year.csv",
                hint=NEW_YEAR,
            )
        )
    return found


def check(target: Target) -> None:
    """Every dataset of the report folder and the national files load and check."""
    if not target.data_dir.is_dir():
        raise DataError("data folder not found", file=target.data_dir, hint="pass --data DIR")
    load(target.data_dir)
    national(target.data_dir)
