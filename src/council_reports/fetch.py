"""``council-reports fetch``: a newer release of the DfE's open data into a data folder.

The folder's ``sources.yml`` (``load.sources``) says what to get; ``load.ees_api`` gets it from
the EES public API (data sets on it, at the versions the declaration follows) or the data
catalogue's CSV downloads. Each file is assembled as the loaders read it (the declared columns,
years and places), with a ``.meta.csv`` made from the API's ``/meta`` or the release's data
guidance, staged in ``build/fetch/<folder>/`` and checked there by the EES loader itself
(``validate.ees``, with the LA reference list) and against the
columns of the file it replaces. Only when every file passes is anything written into data/:
each file by a rename (a failed fetch leaves the old files), with a provenance sidecar
(``<file>.provenance.yml``, docs/design/publication-model.md section 3) and an entry in the
folder's data log (the "Fetch log" section of its README.md); then a few lines per file say
what changed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import InvalidOperation
from pathlib import Path

from . import markup
from .errors import DataError, FetchError, ParameterError
from .load import ees_api
from .load.ees import COLUMNS
from .load.ees_api import Client, Meta
from .load.files import check_links
from .load.sources import (
    FILE,
    Declaration,
    FileDeclaration,
    IndicatorColumn,
    Source,
    read_declaration,
)
from .numbers import round_half_up
from .periods import Period
from .project import Project

CATALOGUE_PAGE = "https://explore-education-statistics.service.gov.uk/data-catalogue/data-set"
GEOGRAPHY = ees_api.LEVELS.values()
META_HEADER = (
    "col_name",
    "col_type",
    "label",
    "indicator_grouping",
    "indicator_unit",
    "indicator_dp",
    "filter_hint",
    "filter_grouping_column",
)
KEY = ("time_period", "geographic_level", "country_code", "region_code", "old_la_code")
LOG_HEADING = "## Fetch log"
LOG_COLUMNS = ("date", "file", "source", "release and version", "URL", "metadata", "sha256")
SHOWN_CHANGES = 5  # changed figures listed for the LA; the rest are counted
_FOLDER = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_LA = re.compile(r"^(\d{3}|E\d{8})$")


@dataclass(frozen=True)
class Input:
    """One source as fetched: where from, which release and version."""

    source: Source
    url: str
    release: str
    version: str = ""
    note: str = ""  # e.g. a newer release exists


@dataclass
class Fetched:
    """One data file as fetched and assembled, before it is written."""

    declaration: FileDeclaration
    data: bytes
    meta: bytes
    inputs: list[Input]
    meta_from: list[str]
    filled: int  # cells no source gave, written x
    notes: list[str] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class _Resolved:
    """An API data set at the version chosen, or a catalogue file, with what it says about its
    columns."""

    input: Input
    meta: Meta | None = None
    labels: Mapping[str, str] = field(default_factory=dict)  # catalogue: data guidance
    rows: list[dict[str, str]] | None = None  # catalogue: the whole CSV


def fetch(
    project: Project,
    folder: str,
    *,
    client: Client,
    la: str = "800",
    files: Sequence[str] = (),
    dry_run: bool = False,
    today: date | None = None,
    say: Callable[[str], None] = print,
) -> list[Fetched]:
    """Fetch the declared files of ``data/<folder>`` and write those that changed."""
    if not _FOLDER.match(folder):
        raise ParameterError(f"{folder!r} is not a data folder name such as attendance")
    if not _LA.match(la):
        raise ParameterError(f"LA {la!r} is not a code such as 800 or E06000022")
    data_dir = project.data / folder
    check_links(data_dir, project.data)
    if not (data_dir / FILE).is_file():
        raise DataError(
            f"no {FILE}: nothing is declared to fetch into this folder",
            file=data_dir / FILE,
            hint="see docs/fetching.md",
        )
    declaration = read_declaration(data_dir / FILE)
    chosen = [d for d in declaration.files if not files or d.name in files]
    unknown = sorted(set(files) - {d.name for d in declaration.files})
    if unknown:
        raise ParameterError(
            f"{', '.join(map(repr, unknown))} not declared in {project.relative(data_dir / FILE)}",
            hint="declared: " + ", ".join(d.name for d in declaration.files),
        )
    resolved: dict[str, _Resolved] = {}
    fetched = []
    for file in chosen:
        for name in file.sources:
            if name not in resolved:
                resolved[name] = _resolve(client, declaration.sources[name], data_dir / FILE)
        fetched.append(_assemble(client, file, resolved))
    stage = project.build / "fetch" / folder
    shutil.rmtree(stage, ignore_errors=True)  # what an earlier fetch left for inspection
    for item in fetched:
        _check(item, data_dir, stage)
    for item in fetched:
        for line in _report(item, data_dir, la, project):
            say(line)
        if not _changed(item, data_dir):
            continue
        if dry_run:
            say(f"  not written (--dry-run): see {project.relative(stage / item.declaration.name)}")
            continue
        _write(item, data_dir, declaration, today or date.today())
        say(
            f"  written, with its .meta.csv, {item.declaration.name}.provenance.yml and a row in "
            f"{project.relative(data_dir / 'README.md')}'s fetch log"
        )
    return fetched


# Sources: status, version and columns.


def _resolve(client: Client, source: Source, declared: Path) -> _Resolved:
    if source.kind == "catalogue":
        return _resolve_catalogue(client, source)
    summary = ees_api.data_set(client, source.id)
    name = f"data set {source.id} ({summary.title})"
    if summary.status == "Withdrawn":
        raise FetchError(
            f"{name} has been withdrawn: it can no longer be used",
            hint=f"find what replaced it in the publication and declare that in {declared.name}",
        )
    if summary.status != "Published" or summary.superseded_by:
        instead = f"; {summary.superseded_by} replaces it" if summary.superseded_by else ""
        raise FetchError(
            f"{name} is {summary.status.lower()} and will not be updated{instead}",
            hint=f"declare the data set that replaces it in {declared.name}",
        )
    versions = ees_api.versions(client, source.id)
    numbers = [v.numbers for v in versions if v.status == "Published"]
    if summary.latest_version and ees_api.VERSION.match(summary.latest_version):
        numbers.append(tuple(int(p) for p in summary.latest_version.split(".")))
    newer = max((n for n in numbers if n[0] > source.major), default=None)
    if newer is not None:
        major = ".".join(map(str, newer))
        raise FetchError(
            f"{name} has a new major version {major}: filters or indicators were removed or "
            f"renamed since {source.version}",
            hint=f"read {client.api_url}/data-sets/{source.id}/versions/{major}/changes, check "
            f'the declaration, then set version: "{newer[0]}.*" in {declared.name}',
        )
    if source.version.endswith(".*"):
        usable = [v for v in versions if v.status == "Published" and v.numbers[0] == source.major]
        version = max(usable, key=lambda v: v.numbers, default=None)
    else:
        version = next((v for v in versions if v.version == source.version), None)
        if version is not None and version.status == "Withdrawn":
            raise FetchError(f"{name} version {source.version} has been withdrawn")
    if version is None:
        raise FetchError(
            f"{name} has no published version {source.version}",
            hint="versions: " + ", ".join(v.version for v in versions),
        )
    note = ""
    if not source.version.endswith(".*"):
        latest = max(
            (v for v in versions if v.status == "Published"),
            key=lambda v: v.numbers,
            default=version,
        )
        if latest.numbers > version.numbers:
            note = (
                f"{name}: version {latest.version} is out; {declared.name} pins {version.version}"
            )
    url = f"{client.api_url}/data-sets/{source.id}/query?dataSetVersion={version.version}"
    meta = ees_api.meta(client, source.id, version.version)
    return _Resolved(Input(source, url, version.release, version.version, note), meta=meta)


def _resolve_catalogue(client: Client, source: Source) -> _Resolved:
    details = ees_api.catalogue_file(client, source.id)
    name = f"data catalogue file {source.id} ({details.title})"
    if details.publication != source.publication:
        raise FetchError(
            f"{name} is from {details.publication!r}, not {source.publication!r}",
            hint="check the id in sources.yml",
        )
    note = ""
    if not details.latest:
        newer, release = ees_api.latest_catalogue_file(
            client, details.publication_id, details.title
        )
        note = f"{name} is from {details.release}, not the latest release" + (
            f"; {release} has it as {newer}: set that id in sources.yml to fetch it"
            if newer
            else ""
        )
    elif details.api:
        note = f"{name} is on the API too, as data set {details.api}"
    header, rows = ees_api.catalogue_csv(client, source.id)
    missing = [c for c in COLUMNS[:5] if c not in header]
    if missing:
        raise FetchError(
            f"the CSV of {name} has no column {missing[0]!r}, which every open-data file has",
            hint=ees_api.KEPT,
        )
    for row in rows:
        for column in COLUMNS[5:]:
            row.setdefault(column, "")
    url = f"{client.content_url}/data-set-files/{source.id}/download"
    labels = {column: details.variables.get(column, "") for column in header}
    return _Resolved(Input(source, url, details.release, note=note), labels=labels, rows=rows)


# Assembling a file as the loaders read it.


def _assemble(client: Client, file: FileDeclaration, resolved: Mapping[str, _Resolved]) -> Fetched:
    rows_of = {name: _source_rows(client, file, name, resolved[name]) for name in file.sources}
    table: dict[tuple[str, ...], dict[str, str]] = {}
    order: dict[str, dict[str, int]] = {
        f.name: {o: i for i, o in enumerate(f.keep)} for f in file.filters
    }
    for indicator in file.indicators:
        if indicator.symbol:
            continue
        title = resolved[indicator.source].input.source.title
        for row in rows_of[indicator.source]:
            if any(row.get(column) != option for column, option in indicator.where.items()):
                continue
            chosen = _filters(file, row)
            if chosen is None:
                continue
            for name, value in chosen.items():
                order[name].setdefault(value, len(order[name]))
            key = tuple(row[c] for c in KEY) + tuple(chosen.values())
            entry = table.setdefault(key, {c: row[c] for c in COLUMNS} | chosen)
            value = row.get(indicator.column, "")
            if entry.get(indicator.name, value) != value:
                raise FetchError(
                    f"{title} gives two values of {indicator.column} for {_where(entry, chosen)}",
                    hint=f"name the filter that tells them apart under {file.name}: "
                    f"indicators: {indicator.name}: where",
                )
            entry[indicator.name] = value
    if not table:
        raise FetchError(
            f"no rows for {file.name}: no source row matches its years, levels, places and "
            "filter options",
            hint="check the declaration against the data set",
        )
    filled = 0
    for entry in table.values():
        for indicator in file.indicators:
            if indicator.name not in entry:
                entry[indicator.name] = indicator.symbol or "x"
                filled += 0 if indicator.symbol else 1
    levels = {level: i for i, level in enumerate(GEOGRAPHY)}
    rows = sorted(
        table.values(),
        key=lambda r: (
            r["time_period"],
            levels[r["geographic_level"]],
            r["region_code"],
            r["old_la_code"],
            *(order[f.name][r[f.name]] for f in file.filters),
        ),
    )
    header = [*COLUMNS, *(f.name for f in file.filters), *(i.name for i in file.indicators)]
    meta_rows, meta_from = _meta(file, resolved)
    inputs = [resolved[name].input for name in file.sources]
    return Fetched(
        file,
        _csv(header, rows),
        _csv(META_HEADER, meta_rows),
        inputs,
        meta_from,
        filled,
        notes=[i.note for i in inputs if i.note],
    )


def _filters(file: FileDeclaration, row: Mapping[str, str]) -> dict[str, str] | None:
    """The file's filter values for a source row, or None when the row is not wanted (not in
    the years, levels or places, or an option not kept)."""
    period = Period.from_time_period(row["time_period"])
    if period is None or not file.wants_year(period) or row["geographic_level"] not in file.levels:
        return None
    if file.places and not {
        "National": {row["country_code"]},
        "Regional": {row["region_code"]},
        "Local authority": {row["old_la_code"], row["new_la_code"]},
    }[row["geographic_level"]] & set(file.places):
        return None
    chosen = {}
    for item in file.filters:
        value = item.value or row.get(item.column, "")
        if not value or (item.keep and value not in item.keep):
            return None
        chosen[item.name] = value
    return chosen


def _where(row: Mapping[str, str], filters: Mapping[str, str]) -> str:
    place = row["la_name"] or row["region_name"] or row["country_name"]
    when = Period.from_time_period(row["time_period"])
    return ", ".join([when.label if when else row["time_period"], place, *filters.values()])


def _source_rows(
    client: Client, file: FileDeclaration, name: str, source: _Resolved
) -> list[dict[str, str]]:
    """The rows a source gives for one file, as open-data CSV rows."""
    indicators = [i for i in file.indicators if i.source == name]
    mapped = [f for f in file.filters if f.column]
    title = source.input.source.title
    if source.rows is not None:  # a catalogue CSV: every column it needs must be in it
        needed = {i.column for i in indicators} | {f.column for f in mapped}
        needed |= {column for i in indicators for column in i.where}
        missing = sorted(needed - set(source.labels))
        if missing:
            raise FetchError(
                f"the CSV of {title} has no column {', '.join(map(repr, missing))}",
                hint="its columns: " + ", ".join(list(source.labels)[:40]),
            )
        return source.rows
    data = source.meta
    assert data is not None  # an API source always has its meta
    options: dict[str, set[str]] = {}
    for indicator in indicators:
        for column, label in indicator.where.items():
            item = _api_filter(data, column, title)
            options.setdefault(item.id, set()).add(_option(item, label, title))
    for item in mapped:
        found = _api_filter(data, item.column, title)
        for label in item.keep:
            options.setdefault(found.id, set()).add(_option(found, label, title))
    ids = []
    for indicator in indicators:
        found = data.indicator(indicator.column)
        if found is None:
            raise FetchError(
                f"{title} has no indicator {indicator.column!r}",
                hint="its indicators: " + ", ".join(i.column for i in data.indicators),
            )
        ids.append(found.id)
    periods = [
        (period, code)
        for period, code in data.time_periods
        if (when := ees_api.time_period(period, code))
        and (year := Period.from_time_period(when[0]))
        and file.wants_year(year)
    ]
    if not periods:
        raise FetchError(
            f"{title} has no years from {file.first_year.label}"
            + (f" to {file.last_year.label}" if file.last_year else ""),
            hint="its years: " + ", ".join(p for p, _ in data.time_periods),
        )
    codes = [code for code, level in ees_api.LEVELS.items() if level in file.levels]
    return ees_api.query(
        client,
        source.input.source.id,
        source.input.version,
        data,
        levels=codes,
        periods=periods,
        options={k: sorted(v) for k, v in options.items()},
        indicators=list(dict.fromkeys(ids)),
    )


def _api_filter(data: Meta, column: str, title: str) -> ees_api.Filter:
    found = data.filter(column)
    if found is None:
        raise FetchError(
            f"{title} has no filter {column!r}",
            hint="its filters: " + ", ".join(f.column for f in data.filters),
        )
    return found


def _option(item: ees_api.Filter, label: str, title: str) -> str:
    found = next((o.id for o in item.options if o.label == label), None)
    if found is None:
        raise FetchError(
            f"filter {item.column!r} of {title} has no option {label!r}",
            hint="its options: " + ", ".join(o.label for o in item.options[:30]),
        )
    return found


def _meta(
    file: FileDeclaration, resolved: Mapping[str, _Resolved]
) -> tuple[list[dict[str, str]], list[str]]:
    """The ``.meta.csv`` rows the loaders need, and where their labels, units and decimal
    places came from ("labels from sources.yml", "units from the API's /meta (...)")."""
    rows = [{"col_name": f.name, "col_type": "Filter", "label": f.label} for f in file.filters]
    origins: dict[str, dict[str, dict[str, None]]] = {
        "labels": {},
        "units": {},
        "decimal places": {},
    }
    for indicator in file.indicators:
        source = resolved[indicator.source] if indicator.source else None
        values = _described(indicator, source)
        for part, (_, (kind, detail)) in zip(origins, values, strict=True):
            origins[part].setdefault(kind, {})[detail] = None
        label, unit, decimals = (value for value, _ in values)
        rows.append(
            {
                "col_name": indicator.name,
                "col_type": "Indicator",
                "label": label,
                "indicator_unit": unit,
                "indicator_dp": decimals,
            }
        )
    return rows, [
        f"{part} from "
        + " and ".join(
            kind + (f" ({'; '.join(d for d in details if d)})" if any(details) else "")
            for kind, details in found.items()
        )
        for part, found in origins.items()
    ]


Origin = tuple[str, str]  # ("the API's /meta", "Absence sessions by reason 1.0")


def _described(
    indicator: IndicatorColumn, source: _Resolved | None
) -> tuple[tuple[str, Origin], tuple[str, Origin], tuple[str, Origin]]:
    """An indicator's label, unit and decimal places, each with where it came from: as
    declared in sources.yml, else as its source describes the column."""
    declared = ("sources.yml", "")
    found: dict[str, str | int | None] = {"label": None, "unit": None, "decimals": None}
    origin = declared
    if source is not None and source.meta is not None:
        column = source.meta.indicator(indicator.column)
        assert column is not None  # checked when its rows were fetched
        where = f" ({', '.join(indicator.where.values())})" if indicator.where else ""
        found = {
            "label": column.label + where,
            "unit": column.unit.replace("string", "numberstring"),
            "decimals": column.decimals,
        }
        origin = ("the API's /meta", f"{source.input.source.title} {source.input.version}")
    elif source is not None:
        found["label"] = source.labels.get(indicator.column) or None
        origin = ("the release's data guidance", source.input.source.title)
    given = {
        "label": indicator.label or None,
        "unit": indicator.unit,
        "decimals": indicator.decimals,
    }
    missing = [part for part in found if given[part] is None and found[part] is None]
    if missing:
        raise FetchError(
            f"no {' or '.join(missing)} for {indicator.name}: its source does not give "
            + ("it" if len(missing) == 1 else "them"),
            hint=f"add {', '.join(missing)} to indicators: {indicator.name} in sources.yml",
        )
    return tuple(  # type: ignore[return-value]
        (str(given[part]), declared) if given[part] is not None else (str(found[part]), origin)
        for part in found
    )


def _csv(header: Sequence[str], rows: Sequence[Mapping[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


# Checking with the loaders.


def _check(item: Fetched, data_dir: Path, stage: Path) -> None:
    """Run the EES loader on the file in ``stage`` (beside a copy of the LA list), and compare
    its columns with the current file's."""
    from .validate.ees import read_ees_folder

    name = item.declaration.name
    stem = name.removesuffix(".csv")
    current = data_dir / f"{stem}.meta.csv"
    if current.is_file():
        from .load.ees import HINT
        from .load.files import read_records

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


def _changed(item: Fetched, data_dir: Path) -> bool:
    stem = item.declaration.name.removesuffix(".csv")
    return _bytes(data_dir / item.declaration.name) != item.data or (
        _bytes(data_dir / f"{stem}.meta.csv") != item.meta
    )


def _bytes(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _report(item: Fetched, data_dir: Path, la: str, project: Project) -> list[str]:
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
    if not _changed(item, data_dir):
        lines.append(f"  unchanged: {len(new)} rows, the same as the current file")
        return lines
    if not path.is_file():
        lines.append(f"  new file: {len(new)} rows")
        return lines
    from .load.ees import HINT
    from .load.files import read_records

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


# Writing into data/.


def _write(item: Fetched, data_dir: Path, declaration: Declaration, today: date) -> None:
    stem = item.declaration.name.removesuffix(".csv")
    _replace(data_dir / item.declaration.name, item.data)
    _replace(data_dir / f"{stem}.meta.csv", item.meta)
    _replace(
        data_dir / f"{item.declaration.name}.provenance.yml", _provenance(item, declaration, today)
    )
    readme = data_dir / "README.md"
    _replace(readme, _logged(_bytes(readme) or b"", item, declaration, today))


def _replace(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all: a temporary file beside it, then a rename."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.fetch-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _provenance(item: Fetched, declaration: Declaration, today: date) -> bytes:
    """The machine-readable record beside the file (publication model, section 3)."""
    import yaml

    record = {
        "kind": "published",
        "source": "; ".join(dict.fromkeys(i.source.publication for i in item.inputs)),
        "owner": declaration.publisher,
        "file": item.declaration.name,
        "url": [i.url for i in item.inputs],
        "release": "; ".join(dict.fromkeys(i.release for i in item.inputs)),
        "sha256": item.sha256,
        "fetched": today.isoformat(),
        "licence": declaration.licence,
        "inputs": [
            {
                "title": i.source.title,
                "publication": i.source.publication,
                ("data_set" if i.source.kind == "api" else "catalogue_file"): i.source.id,
                **({"version": i.version} if i.version else {}),
                "release": i.release,
                "url": i.url,
                **({"page": f"{CATALOGUE_PAGE}/{i.source.id}"} if i.source.kind != "api" else {}),
            }
            for i in item.inputs
        ],
        "meta": {
            "file": item.declaration.name.removesuffix(".csv") + ".meta.csv",
            "from": item.meta_from,
        },
    }
    head = "# Written by council-reports fetch (docs/fetching.md): where this file comes from.\n"
    return (head + yaml.safe_dump(record, sort_keys=False, allow_unicode=True)).encode()


def _logged(readme: bytes, item: Fetched, declaration: Declaration, today: date) -> bytes:
    """The folder's README with one more row in its fetch log (the section is added at the end
    if it is not there yet)."""
    publications = ", ".join(dict.fromkeys(i.source.publication for i in item.inputs))
    sources = f"{declaration.publisher}, {publications}: " + "; ".join(
        ("API data set " if i.source.kind == "api" else "data catalogue file ") + i.source.title
        for i in item.inputs
    )
    versions = "; ".join(
        [
            *dict.fromkeys(i.release for i in item.inputs),
            *(f"{i.source.title} version {i.version}" for i in item.inputs if i.version),
        ]
    )
    cells = [
        today.isoformat(),
        f"`{item.declaration.name}`",
        markup.text(sources),
        markup.text(versions),
        "<br>".join(f"`{i.url}`" for i in item.inputs),
        markup.text("; ".join(item.meta_from)),
        f"`{item.sha256}`",
    ]
    row = "| " + " | ".join(cells) + " |"
    lines = readme.decode().splitlines()
    if LOG_HEADING not in lines:
        lines += [
            "",
            LOG_HEADING,
            "",
            "Written by `council-reports fetch` (docs/fetching.md): one row for each file it "
            f"replaced. Licence of the data: {declaration.licence}.",
            "",
            "| " + " | ".join(LOG_COLUMNS) + " |",
            "|" + "---|" * len(LOG_COLUMNS),
        ]
    at = lines.index(LOG_HEADING) + 1
    while at < len(lines) and not lines[at].startswith("|"):
        at += 1
    while at < len(lines) and lines[at].startswith("|"):
        at += 1
    lines.insert(at, row)
    return ("\n".join(lines) + "\n").encode()
