"""Sources of a fetch: each declared source resolved (an EES API data set at its version, or a
catalogue CSV) and each data file assembled from them, with its .meta.csv."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FetchError
from ..load import ees_api
from ..load.ees import COLUMNS, META_COLUMNS
from ..load.ees_api import Meta
from ..load.ees_client import KEPT, Client
from ..load.sources import (
    FileDeclaration,
    IndicatorColumn,
    Source,
)
from ..periods import Period

CATALOGUE_PAGE = "https://explore-education-statistics.service.gov.uk/data-catalogue/data-set"
GEOGRAPHY = ees_api.LEVELS.values()
KEY = ("time_period", "geographic_level", "country_code", "region_code", "old_la_code")


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
class Resolved:
    """An API data set at the version chosen, or a catalogue file, with what it says about its
    columns."""

    input: Input
    meta: Meta | None = None
    labels: Mapping[str, str] = field(default_factory=dict)  # catalogue: data guidance
    rows: list[dict[str, str]] | None = None  # catalogue: the whole CSV


# Sources: status, version and columns.


def resolve(client: Client, source: Source, declared: Path) -> Resolved:
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
    return Resolved(Input(source, url, version.release, version.version, note), meta=meta)


def _resolve_catalogue(client: Client, source: Source) -> Resolved:
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
            hint=KEPT,
        )
    for row in rows:
        for column in COLUMNS[5:]:
            row.setdefault(column, "")
    url = f"{client.content_url}/data-set-files/{source.id}/download"
    labels = {column: details.variables.get(column, "") for column in header}
    return Resolved(Input(source, url, details.release, note=note), labels=labels, rows=rows)


# Assembling a file as the loaders read it.


def assemble(client: Client, file: FileDeclaration, resolved: Mapping[str, Resolved]) -> Fetched:
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
        _csv(META_COLUMNS, meta_rows),
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
    client: Client, file: FileDeclaration, name: str, source: Resolved
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
    file: FileDeclaration, resolved: Mapping[str, Resolved]
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
    indicator: IndicatorColumn, source: Resolved | None
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
