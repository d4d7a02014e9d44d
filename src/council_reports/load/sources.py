"""A data folder's ``sources.yml``: what ``council-reports fetch`` downloads into it.

The declaration names each source (an EES API data set and the versions to follow, or a data
catalogue file) and, for each data file, the rows to keep (years, geographic levels, places) and
where each column comes from: a filter is a fixed value or a source's filter column; an
indicator is a source's indicator column, for the filter options named in ``where`` (which turns
the API's long tables into the wide files the loaders read), or a symbol when no source has it.

It is read as data: YAML without anchors, aliases or repeated keys, every field checked, and
every error one line naming the field and the line it is on. File names must be plain names in
the data folder; ids must be ids.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ParameterError
from ..periods import Period
from .ees import COLUMNS
from .ees_api import UUID
from .yaml_data import YamlData

FILE = "sources.yml"
HINT = "see docs/fetching.md for the form of sources.yml"
LEVELS = ("National", "Regional", "Local authority")
UNITS = ("", "%", "pp", "£", "£m", "numberstring")
SYMBOLS = ("x", "z", "c")
_FILE_NAME = re.compile(r"^[a-z0-9][a-z0-9_]*\.csv$")
_COLUMN = re.compile(r"^[a-z][a-z0-9_]*$")
_VERSION = re.compile(r"^\d{1,4}\.(\*|\d{1,4}(\.\d{1,4})?)$")
_CODE = re.compile(r"^(E92000001|E1[23]\d{6}|E(06|08|09|10)\d{6}|\d{3})$")


@dataclass(frozen=True)
class Source:
    """Where rows come from: an API data set (``api``, with the versions followed) or a data
    catalogue file (``catalogue``)."""

    name: str
    kind: str  # "api" or "catalogue"
    id: str
    title: str
    publication: str
    version: str = ""  # "1.*": the latest 1.x; "1.1": exactly 1.1

    @property
    def major(self) -> int:
        return int(self.version.split(".")[0])


@dataclass(frozen=True)
class FilterColumn:
    """A filter column of the written file: a fixed ``value``, or a source's filter ``column``
    (keeping only the options in ``keep``, when given)."""

    name: str
    label: str
    value: str = ""
    column: str = ""
    keep: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndicatorColumn:
    """An indicator column of the written file: a source's ``column`` where its filters have
    the options in ``where``, or a ``symbol`` for every row (a figure no source has)."""

    name: str
    source: str = ""
    column: str = ""
    where: Mapping[str, str] = field(default_factory=dict)
    symbol: str = ""
    label: str = ""
    unit: str | None = None
    decimals: int | None = None


@dataclass(frozen=True)
class FileDeclaration:
    name: str
    first_year: Period
    last_year: Period | None
    levels: tuple[str, ...]
    places: tuple[str, ...]  # codes: E92000001, E12000009, 800 or E06000022; () for all
    filters: tuple[FilterColumn, ...]
    indicators: tuple[IndicatorColumn, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        """The sources this file's columns come from, in the order first named."""
        return tuple(dict.fromkeys(i.source for i in self.indicators if i.source))

    def wants_year(self, period: Period) -> bool:
        return self.first_year <= period and (self.last_year is None or period <= self.last_year)


@dataclass(frozen=True)
class Declaration:
    path: Path
    publisher: str
    licence: str
    sources: Mapping[str, Source]
    files: tuple[FileDeclaration, ...]


def read_declaration(path: Path) -> Declaration:
    """Read and check a data folder's ``sources.yml``."""
    reader = YamlData(path, HINT)
    root = _mapping(reader, reader.root, "", {"publisher", "licence", "sources", "files"})
    sources = {
        name: _source(reader, name, spec)
        for name, spec in _mapping(reader, root.get("sources"), "sources").items()
    }
    files = tuple(
        _file(reader, name, spec, sources)
        for name, spec in _mapping(reader, root.get("files"), "files").items()
    )
    if not files:
        raise reader.error("declares no files", where="files")
    return Declaration(
        path,
        _text(reader, root, "publisher", ""),
        _text(reader, root, "licence", ""),
        sources,
        files,
    )


def _mapping(reader: YamlData, value: Any, where: str, allowed: set[str] | None = None) -> dict:
    if not isinstance(value, dict):
        raise reader.error(
            f"{where or 'the file'} must be a mapping of names to values", where=where
        )
    for key in value:
        if allowed is not None and key not in allowed:
            raise reader.error(
                f"unknown field {key!r} (fields: {', '.join(sorted(allowed))})",
                where=f"{where}.{key}" if where else key,
            )
    return value


def _text(reader: YamlData, spec: dict, key: str, where: str, *, required: bool = True) -> str:
    at = f"{where}.{key}" if where else key
    value = spec.get(key)
    if value is None:
        if required:
            raise reader.error(f"{key!r} is missing", where=where or key)
        return ""
    if not isinstance(value, str) or not value.strip() or len(value) > 300:
        raise reader.error(f"{key!r} must be a line of text", where=at)
    return value.strip()


def _source(reader: YamlData, name: str, spec: Any) -> Source:
    where = f"sources.{name}"
    spec = _mapping(reader, spec, where, {"api", "catalogue", "version", "title", "publication"})
    kinds = [kind for kind in ("api", "catalogue") if kind in spec]
    if len(kinds) != 1:
        raise reader.error(
            "give either 'api' (a data set id) or 'catalogue' (a file id)", where=where
        )
    kind = kinds[0]
    ident = _text(reader, spec, kind, where)
    if not UUID.match(ident):
        raise reader.error(f"{kind} {ident!r} is not an id", where=f"{where}.{kind}")
    version = _text(reader, spec, "version", where, required=kind == "api")
    if kind == "catalogue" and version:
        raise reader.error(
            "a catalogue file has no version: its id names one release", where=f"{where}.version"
        )
    if version and not _VERSION.match(version):
        raise reader.error(
            f"version {version!r} is neither a version such as 1.1 nor a series such as 1.*",
            where=f"{where}.version",
        )
    return Source(
        name,
        kind,
        ident.lower(),
        _text(reader, spec, "title", where),
        _text(reader, spec, "publication", where),
        version,
    )


def _file(reader: YamlData, name: str, spec: Any, sources: Mapping[str, Source]) -> FileDeclaration:
    where = f"files.{name}"
    if not _FILE_NAME.match(name) or name.endswith(".meta.csv"):
        raise reader.error(f"{name!r} is not a data file name such as absence.csv", where=where)
    spec = _mapping(
        reader, spec, where, {"years", "geographic_levels", "locations", "filters", "indicators"}
    )
    years = _mapping(reader, spec.get("years"), f"{where}.years", {"from", "to"})
    first = _year(reader, years, "from", f"{where}.years", required=True)
    last = _year(reader, years, "to", f"{where}.years", required=False)
    levels = _words(reader, spec.get("geographic_levels"), f"{where}.geographic_levels")
    for level in levels:
        if level not in LEVELS:
            raise reader.error(
                f"geographic level {level!r} is not one of {', '.join(LEVELS)}",
                where=f"{where}.geographic_levels",
            )
    places = _words(reader, spec.get("locations", []), f"{where}.locations", required=False)
    for code in places:
        if not _CODE.match(code):
            raise reader.error(
                f"location {code!r} is not an area code such as E12000009 or 800",
                where=f"{where}.locations",
            )
    filters = tuple(
        _filter(reader, column, value, f"{where}.filters.{column}")
        for column, value in _mapping(reader, spec.get("filters", {}), f"{where}.filters").items()
    )
    indicators = tuple(
        _indicator(reader, column, value, f"{where}.indicators.{column}", sources)
        for column, value in _mapping(reader, spec.get("indicators"), f"{where}.indicators").items()
    )
    if not any(indicator.source for indicator in indicators):
        raise reader.error("no indicator comes from a source", where=f"{where}.indicators")
    names = [column.name for column in (*filters, *indicators)]
    for column in names:
        if names.count(column) > 1:
            raise reader.error(f"column {column!r} is both a filter and an indicator", where=where)
    return FileDeclaration(name, first, last, levels, places, filters, indicators)


def _year(reader: YamlData, spec: dict, key: str, where: str, *, required: bool) -> Period | None:
    text = _text(reader, spec, key, where, required=required)
    if not text:
        return None
    try:
        return Period.parse(text.replace("/", "-"))
    except ParameterError:
        raise reader.error(
            f"{text!r} is not a year such as 2023/24", where=f"{where}.{key}"
        ) from None


def _words(reader: YamlData, value: Any, where: str, *, required: bool = True) -> tuple[str, ...]:
    if not isinstance(value, list) or (required and not value):
        raise reader.error("must be a list of one or more words", where=where)
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise reader.error("must be a list of words", where=where)
    return tuple(item.strip() for item in value)


def _column(reader: YamlData, name: str, where: str) -> str:
    if not _COLUMN.match(name) or name in COLUMNS:
        raise reader.error(
            f"{name!r} is not a column name such as sess_authorised_percent"
            + (" (every file has it already)" if name in COLUMNS else ""),
            where=where,
        )
    return name


def _filter(reader: YamlData, name: str, spec: Any, where: str) -> FilterColumn:
    _column(reader, name, where)
    spec = _mapping(reader, spec, where, {"value", "column", "label", "keep"})
    value = _text(reader, spec, "value", where, required=False)
    column = _text(reader, spec, "column", where, required=False)
    if bool(value) == bool(column):
        raise reader.error(
            "a filter has either a fixed 'value' or a source's 'column'", where=where
        )
    keep = _words(reader, spec["keep"], f"{where}.keep") if "keep" in spec else ()
    if keep and not column:
        raise reader.error(
            "'keep' chooses options of a source's filter column", where=f"{where}.keep"
        )
    return FilterColumn(name, _text(reader, spec, "label", where), value, column, keep)


def _indicator(
    reader: YamlData, name: str, spec: Any, where: str, sources: Mapping[str, Source]
) -> IndicatorColumn:
    _column(reader, name, where)
    spec = _mapping(
        reader, spec, where, {"source", "column", "where", "symbol", "label", "unit", "decimals"}
    )
    symbol = _text(reader, spec, "symbol", where, required=False)
    source = _text(reader, spec, "source", where, required=not symbol)
    if symbol and source:
        raise reader.error("an indicator has either a 'source' or a 'symbol'", where=where)
    if symbol and symbol not in SYMBOLS:
        raise reader.error(
            f"symbol {symbol!r} is not one of {', '.join(SYMBOLS)}", where=f"{where}.symbol"
        )
    if source and source not in sources:
        raise reader.error(
            f"unknown source {source!r} (sources: {', '.join(sources) or 'none'})",
            where=f"{where}.source",
        )
    options = _mapping(reader, spec.get("where", {}), f"{where}.where")
    for key, value in options.items():
        _column(reader, key, f"{where}.where")
        if not isinstance(value, str) or not value:
            raise reader.error(
                "each filter in 'where' names one option", where=f"{where}.where.{key}"
            )
    unit = spec.get("unit")
    if unit is not None and unit not in UNITS:
        raise reader.error(f"unit {unit!r} is not one of {UNITS}", where=f"{where}.unit")
    decimals = _text(reader, spec, "decimals", where, required=False)
    if decimals and not (decimals.isdigit() and int(decimals) <= 10):
        raise reader.error("decimals must be a whole number up to 10", where=f"{where}.decimals")
    if symbol and (unit is None or not decimals or "label" not in spec):
        raise reader.error("a symbol column needs its label, unit and decimals", where=where)
    return IndicatorColumn(
        name,
        source=source,
        column=_column(reader, _text(reader, spec, "column", where, required=False) or name, where)
        if source
        else "",
        where=dict(options),
        symbol=symbol,
        label=_text(reader, spec, "label", where, required=False),
        unit=unit,
        decimals=int(decimals) if decimals else None,
    )
