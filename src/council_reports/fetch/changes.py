"""What a fetched file changes: checked in the stage by the EES loader and against the file it
replaces, and said in a few lines per file."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Mapping, Sequence
from decimal import InvalidOperation
from pathlib import Path

from ..errors import DataError
from ..numbers import round_half_up
from ..periods import Period
from ..project import Project
from .sources import KEY, Fetched

SHOWN_CHANGES = 5  # changed figures listed for the LA; the rest are counted


# Checking with the loaders.


def check(item: Fetched, data_dir: Path, stage: Path) -> None:
    """Run the EES loader on the file in ``stage`` (beside a copy of the LA list), and compare
    its columns with the current file's."""
    from ..validate.ees import read_ees_folder

    name = item.declaration.name
    stem = name.removesuffix(".csv")
    current = data_dir / f"{stem}.meta.csv"
    if current.is_file():
        from ..load.ees import HINT
        from ..load.files import read_records

        had = [row["col_name"] for row in read_records(current, ("col_name",), hint=HINT)]
        now = {row["col_name"] for row in csv.DictReader(io.StringIO(item.meta.decode()))}
        missing = [column for column in had if column not in now]
        if missing:
            raise DataError(
                f"the fetched file has no column {missing[0]!r}, which the current file has",
                file=data_dir / name,
                hint=f"declare it under files: {name} in sources.yml (a source's column, or "
                "a symbol); nothing was written",
            )
    stage.mkdir(parents=True, exist_ok=True)
    (stage / name).write_bytes(item.data)
    (stage / f"{stem}.meta.csv").write_bytes(item.meta)
    reference = data_dir.parent / "reference" / "local_authorities.csv"
    if reference.is_file():
        (stage.parent / "reference").mkdir(exist_ok=True)
        shutil.copyfile(reference, stage.parent / "reference" / reference.name)
    try:
        read_ees_folder(stage, (stem,))
    except DataError as error:
        raise DataError(
            f"the fetched file fails the loader's checks: {error.message}",
            file=error.file,
            row=error.row,
            column=error.column,
            hint="nothing was written to data/" + (f"; {error.hint}" if error.hint else ""),
        ) from None


# What changed.


def differs(item: Fetched, data_dir: Path) -> bool:
    stem = item.declaration.name.removesuffix(".csv")
    return current_bytes(data_dir / item.declaration.name) != item.data or (
        current_bytes(data_dir / f"{stem}.meta.csv") != item.meta
    )


def current_bytes(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def report(item: Fetched, data_dir: Path, la: str, project: Project) -> list[str]:
    """A few lines: the rows added and removed, and the LA's figures that changed."""
    path = data_dir / item.declaration.name
    where = project.relative(path)
    versions = (
        ", ".join(f"{i.source.title} {i.version}".rstrip() for i in item.inputs) or "symbols only"
    )
    lines = [f"{where}: {versions} ({'; '.join(dict.fromkeys(i.release for i in item.inputs))})"]
    lines += [f"  note: {note}" for note in item.notes]
    new = list(csv.DictReader(io.StringIO(item.data.decode())))
    decimals = {
        row["col_name"]: int(row["indicator_dp"])
        for row in csv.DictReader(io.StringIO(item.meta.decode()))
        if row["col_type"] == "Indicator"
    }
    labels = {
        row["col_name"]: row["label"] for row in csv.DictReader(io.StringIO(item.meta.decode()))
    }
    if not differs(item, data_dir):
        lines.append(f"  unchanged: {len(new)} rows, the same as the current file")
        return lines
    if not path.is_file():
        lines.append(f"  new file: {len(new)} rows")
        return lines
    from ..load.ees import HINT
    from ..load.files import read_records

    old = read_records(path, hint=HINT, rows_required=False)
    filters = [f.name for f in item.declaration.filters]

    def key(row: Mapping[str, str]) -> tuple[str, ...]:
        return tuple(row.get(c, "") for c in (*KEY, *filters))

    before, after = {key(r): r for r in old}, {key(r): r for r in new}
    added = [k for k in after if k not in before]
    removed = [k for k in before if k not in after]
    lines.append(
        f"  rows: {len(old)} before, {len(new)} now: {len(added)} added{_years(added)}, "
        f"{len(removed)} removed{_years(removed)}"
    )
    changed, finer = [], 0
    for k, row in after.items():
        was = before.get(k)
        if was is None or la not in (row["old_la_code"], row["new_la_code"]):
            continue
        for column, places in decimals.items():
            old_value, new_value = was.get(column), row[column]
            if old_value is None or old_value == new_value:
                continue
            if _same(old_value, new_value, places):
                finer += 1
                continue
            when = Period.from_time_period(row["time_period"])
            what = [when.label if when else row["time_period"], *(row[f] for f in filters)]
            changed.append(f"    {' '.join(what)}: {labels[column]} {old_value} -> {new_value}")
    name = next((r["la_name"] for r in new if la in (r["old_la_code"], r["new_la_code"])), "")
    if changed:
        lines.append(f"  {name or 'LA ' + la} ({la}): {_count(len(changed), 'figure')} changed")
        lines += changed[:SHOWN_CHANGES]
        if len(changed) > SHOWN_CHANGES:
            lines.append(f"    and {len(changed) - SHOWN_CHANGES} more")
    elif name:
        lines.append(f"  {name} ({la}): no figure changed in the years both files have")
    if finer:
        lines.append(
            f"  {finer} of {name or 'the LA'}'s figures are now given to more decimal places"
        )
    if item.filled:
        lines.append(f"  {_count(item.filled, 'cell')} no source gives written x (not available)")
    return lines


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _same(old: str, new: str, places: int) -> bool:
    """Whether two published values agree at the indicator's decimal places (``18.3`` and
    ``18.28``, both 18.3); symbols agree only with themselves."""
    try:
        return round_half_up(float(old), places) == round_half_up(float(new), places)
    except (ValueError, InvalidOperation):
        return False


def _years(keys: Sequence[tuple[str, ...]]) -> str:
    counts: dict[str, int] = {}
    for key in keys:
        when = Period.from_time_period(key[0])
        label = when.label if when else key[0]
        counts[label] = counts.get(label, 0) + 1
    return f" ({', '.join(f'{y}: {n}' for y, n in sorted(counts.items()))})" if counts else ""
