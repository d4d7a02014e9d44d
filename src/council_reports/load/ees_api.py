"""The DfE's Explore Education Statistics (EES) services: the public data API (v1) and the
content API behind the data catalogue's CSV downloads, asked through ``ees_client.Client``
(timeouts, retries, limits).

Paging runs until ``totalPages``. Every reply is untrusted data: each field used is checked for
its type, text for control characters and length, and an API's rows come back as rows of the
open-data CSV standard (``time_period``, ``geographic_level``, codes
and names, filter option labels, indicator values as text), so the API and the catalogue's
CSVs reach the loaders in the same form. No URL or file name is taken from a reply.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from ..errors import FetchError
from .ees_client import KEPT, Client, clean, field, text, usable

PAGE_SIZE = 10_000  # the largest page the query endpoint gives
VERSIONS_PAGE_SIZE = 20  # the largest page of /versions
MAX_PAGES = 1_000
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
VERSION = re.compile(r"^\d{1,4}(\.\d{1,4}){1,2}$")

# The API's codes and the words the open-data CSVs use for them.
LEVELS = {"NAT": "National", "REG": "Regional", "LA": "Local authority"}
TIME_IDENTIFIERS = {
    "AY": "Academic year",
    "FY": "Financial year",
    "CY": "Calendar year",
    "RY": "Reporting year",
}
_PERIOD = re.compile(r"^(\d{4})(?:/(\d{4}))?$")


@dataclass(frozen=True)
class DataSet:
    """An API data set's summary: its status and latest version."""

    id: str
    title: str
    status: str  # Published, Deprecated or Withdrawn
    superseded_by: str
    latest_version: str


@dataclass(frozen=True)
class Version:
    version: str
    status: str
    release: str  # the release's title, e.g. "Academic year 2024/25"
    published: str

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.version.split("."))


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    code: str = ""
    old_code: str = ""


@dataclass(frozen=True)
class Filter:
    id: str
    column: str
    label: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Indicator:
    id: str
    column: str
    label: str
    unit: str
    decimals: int | None


@dataclass(frozen=True)
class Meta:
    """A data set version's metadata: what its ids mean."""

    filters: tuple[Filter, ...]
    indicators: tuple[Indicator, ...]
    locations: Mapping[str, Mapping[str, Option]]  # level code -> location id -> location
    time_periods: tuple[tuple[str, str], ...]  # (period, code): ("2023/2024", "AY")

    def filter(self, column: str) -> Filter | None:
        return next((f for f in self.filters if f.column == column), None)

    def indicator(self, column: str) -> Indicator | None:
        return next((i for i in self.indicators if i.column == column), None)


def uuid(value: str, what: str) -> str:
    if not UUID.match(value):
        raise FetchError(f"{what} {value!r} is not an id such as 019d209b-b031-7497-8205-...")
    return value.lower()


def data_set(client: Client, data_set_id: str) -> DataSet:
    what = f"data set {data_set_id}"
    reply = client.get_json(f"{client.api_url}/data-sets/{uuid(data_set_id, 'data set')}", what)
    latest = reply.get("latestVersion") if isinstance(reply, dict) else None
    return DataSet(
        id=data_set_id,
        title=text(reply, "title", what),
        status=text(reply, "status", what),
        superseded_by=text(reply, "supersedingDataSetId", what, required=False),
        latest_version=text(latest, "version", what) if latest else "",
    )


def versions(client: Client, data_set_id: str) -> list[Version]:
    """Every version of a data set, page by page."""
    what = f"the versions of data set {data_set_id}"
    url = f"{client.api_url}/data-sets/{uuid(data_set_id, 'data set')}/versions"
    found = []
    for item in _pages(client, url, what, VERSIONS_PAGE_SIZE):
        number = text(item, "version", what)
        if not VERSION.match(number):
            raise FetchError(f"the reply for {what} has a version {clean(number)!r}")
        release = item.get("release") if isinstance(item, dict) else None
        found.append(
            Version(
                number,
                text(item, "status", what),
                text(release, "title", what),
                text(item, "published", what, required=False),
            )
        )
    return found


def _pages(client: Client, url: str, what: str, size: int) -> Iterable[Any]:
    """The results of a GET listing, page by page until ``totalPages``."""
    page = 1
    while True:
        reply = client.get_json(f"{url}?{urlencode({'page': page, 'pageSize': size})}", what)
        results = field(reply, "results", list, what)
        total_pages = field(field(reply, "paging", dict, what), "totalPages", int, what)
        yield from results
        if page >= total_pages or not results or page >= MAX_PAGES:
            return
        page += 1


def meta(client: Client, data_set_id: str, version: str) -> Meta:
    what = f"the metadata of data set {data_set_id} version {version}"
    query = urlencode({"dataSetVersion": version})
    reply = client.get_json(
        f"{client.api_url}/data-sets/{uuid(data_set_id, 'data set')}/meta?{query}", what
    )
    filters = tuple(
        Filter(
            text(item, "id", what),
            text(item, "column", what),
            text(item, "label", what),
            tuple(
                Option(text(o, "id", what), text(o, "label", what))
                for o in field(item, "options", list, what)
            ),
        )
        for item in field(reply, "filters", list, what)
    )
    indicators = tuple(
        Indicator(
            text(item, "id", what),
            text(item, "column", what),
            text(item, "label", what),
            text(item, "unit", what, required=False),
            _decimals(item, what),
        )
        for item in field(reply, "indicators", list, what)
    )
    locations: dict[str, dict[str, Option]] = {}
    for group in field(reply, "locations", list, what):
        level = text(field(group, "level", dict, what), "code", what)
        locations[level] = {
            text(o, "id", what): Option(
                text(o, "id", what),
                text(o, "label", what),
                text(o, "code", what, required=False),
                text(o, "oldCode", what, required=False),
            )
            for o in field(group, "options", list, what)
        }
    periods = tuple(
        (text(item, "period", what), text(item, "code", what))
        for item in field(reply, "timePeriods", list, what)
    )
    return Meta(filters, indicators, locations, periods)


def _decimals(item: Any, what: str) -> int | None:
    value = item.get("decimalPlaces") if isinstance(item, dict) else None
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
        raise FetchError(f"the reply for {what} has an unusable 'decimalPlaces'")
    return value


def time_period(period: str, code: str) -> tuple[str, str] | None:
    """The API's ``2023/2024`` and ``AY`` as the CSV's ``202324`` and ``Academic year``; None
    for a kind of period the loaders do not read (terms, months, weeks)."""
    match = _PERIOD.match(period)
    if code not in TIME_IDENTIFIERS or not match:
        return None
    first, second = match[1], match[2]
    if second is None:
        return first, TIME_IDENTIFIERS[code]
    if int(second) != int(first) + 1:
        return None
    return f"{first}{second[2:]}", TIME_IDENTIFIERS[code]


def query(
    client: Client,
    data_set_id: str,
    version: str,
    data: Meta,
    *,
    levels: Iterable[str],
    periods: Iterable[tuple[str, str]],
    options: Mapping[str, Iterable[str]],
    indicators: Iterable[str],
) -> list[dict[str, str]]:
    """The rows of one version matching the criteria, page by page, as open-data CSV rows.

    ``levels`` are level codes (NAT, REG, LA), ``periods`` the API's (period, code) pairs,
    ``options`` the option ids wanted for each filter id, ``indicators`` indicator ids.
    """
    what = f"data set {data_set_id} version {version}"
    clauses: list[dict[str, Any]] = [
        {"geographicLevels": {"in": list(levels)}},
        {"timePeriods": {"in": [{"period": p, "code": c} for p, c in periods]}},
        *({"filters": {"in": list(ids)}} for ids in options.values()),
    ]
    url = f"{client.api_url}/data-sets/{uuid(data_set_id, 'data set')}/query?" + urlencode(
        {"dataSetVersion": version}
    )
    body: dict[str, Any] = {"criteria": {"and": clauses}, "indicators": list(indicators)}
    rows: list[dict[str, str]] = []
    page, expected = 1, 0
    while page <= MAX_PAGES:
        reply = client.post_json(url, {**body, "page": page, "pageSize": PAGE_SIZE}, what)
        paging = field(reply, "paging", dict, what)
        results = field(reply, "results", list, what)
        field(reply, "warnings", list, what)
        expected = field(paging, "totalResults", int, what)
        rows.extend(_row(result, data, what) for result in results)
        if page >= field(paging, "totalPages", int, what) or not results:
            break
        page += 1
    if len(rows) != expected:
        raise FetchError(
            f"{urlsplit(url).netloc} sent {len(rows)} rows of {what} where it counted {expected}",
            hint="the data set may have changed while paging; try again",
        )
    return rows


def _row(result: Any, data: Meta, what: str) -> dict[str, str]:
    """One query result as a row of the open-data CSV standard."""
    period = field(result, "timePeriod", dict, what)
    when = time_period(text(period, "period", what), text(period, "code", what))
    level = text(result, "geographicLevel", what)
    if when is None or level not in LEVELS:
        raise FetchError(f"the reply for {what} has a row the query did not ask for")
    places = field(result, "locations", dict, what)

    def place(code: str) -> Option:
        found = data.locations.get(code, {}).get(str(places.get(code)))
        if found is None:
            return Option("", "")
        return found

    nation, region, authority = place("NAT"), place("REG"), place("LA")
    row = {
        "time_period": when[0],
        "time_identifier": when[1],
        "geographic_level": LEVELS[level],
        "country_code": nation.code,
        "country_name": nation.label,
        "region_code": region.code if level != "NAT" else "",
        "region_name": region.label if level != "NAT" else "",
        "old_la_code": authority.old_code if level == "LA" else "",
        "new_la_code": authority.code if level == "LA" else "",
        "la_name": authority.label if level == "LA" else "",
    }
    chosen = field(result, "filters", dict, what)
    for item in data.filters:
        option = next((o for o in item.options if o.id == chosen.get(item.id)), None)
        if option is None:
            raise FetchError(f"the reply for {what} has a row without a known {item.column!r}")
        row[item.column] = option.label
    values = field(result, "values", dict, what)
    for indicator in data.indicators:
        if indicator.id in values:
            row[indicator.column] = text(values, indicator.id, what)
    return row


@dataclass(frozen=True)
class CatalogueFile:
    """A data catalogue file's details (the content API's data-set-files/{id}): its release and
    its data guidance (each column's name and description, which columns are filters)."""

    id: str
    title: str
    release: str
    publication: str
    latest: bool
    variables: Mapping[str, str]  # column -> description, as the data guidance gives them
    filters: tuple[str, ...]  # filter labels
    api: str  # the data set id when the file is on the API too
    publication_id: str


def catalogue_file(client: Client, file_id: str) -> CatalogueFile:
    what = f"data catalogue file {file_id}"
    reply = client.get_json(
        f"{client.content_url}/data-set-files/{uuid(file_id, 'data catalogue file')}", what
    )
    release = field(reply, "release", dict, what)
    publication = field(release, "publication", dict, what)
    file = field(reply, "file", dict, what)
    api = reply.get("api")
    return CatalogueFile(
        id=file_id,
        title=text(reply, "title", what),
        release=text(release, "title", what),
        publication=text(publication, "title", what),
        latest=field(release, "isLatestPublishedRelease", bool, what),
        variables={
            text(item, "value", what): text(item, "label", what)
            for item in field(file, "variables", list, what)
        },
        filters=tuple(
            _text_item(item, what)
            for item in field(field(file, "meta", dict, what), "filters", list, what)
        ),
        api=text(api, "id", what) if isinstance(api, dict) else "",
        publication_id=text(publication, "id", what),
    )


def _text_item(item: Any, what: str) -> str:
    return text({"item": item}, "item", what)


def latest_catalogue_file(client: Client, publication_id: str, title: str) -> tuple[str, str]:
    """The id and release of the file titled ``title`` in the publication's latest release, or
    ("", "") when there is none."""
    what = f"the data catalogue of publication {publication_id}"
    url = f"{client.content_url}/data-set-files?" + urlencode(
        {"publicationId": uuid(publication_id, "publication"), "latestOnly": "true"}
    )
    page = 1
    while page <= MAX_PAGES:
        reply = client.get_json(f"{url}&{urlencode({'page': page, 'pageSize': 40})}", what)
        for item in field(reply, "results", list, what):
            if text(item, "title", what) == title:
                return text(item, "id", what), text(
                    field(item, "release", dict, what), "title", what
                )
        paging = field(reply, "paging", dict, what)
        if page >= field(paging, "totalPages", int, what):
            break
        page += 1
    return "", ""


def catalogue_csv(client: Client, file_id: str) -> tuple[list[str], list[dict[str, str]]]:
    """A catalogue file's CSV: its header and its rows as {column: text}. A file that is not a
    well-formed CSV (a web page, a row of the wrong width, a header named twice) is refused."""
    what = f"the CSV of data catalogue file {file_id}"
    url = f"{client.content_url}/data-set-files/{uuid(file_id, 'data catalogue file')}/download"
    host = urlsplit(url).netloc
    data = client.request(url, what)
    return parse_csv(data, f"{host} sent {what}")


def parse_csv(data: bytes, sent: str) -> tuple[list[str], list[dict[str, str]]]:
    """Rows of a downloaded CSV; ``sent`` says what sent it, for messages ("x sent the CSV of
    ...")."""
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FetchError(f"{sent}, which is not UTF-8 text", hint=KEPT) from None
    if "\x00" in content:
        raise FetchError(f"{sent}, which is binary, not text", hint=KEPT)
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    try:
        header = next(reader, [])
        if not header or header[0].lstrip().startswith("<") or "time_period" not in header:
            raise FetchError(f"{sent}, which is not an open-data CSV (no time_period column)")
        if len(set(header)) != len(header):
            raise FetchError(f"{sent}, whose header names a column twice")
        rows = []
        for cells in reader:
            if not any(cells):
                continue
            if len(cells) != len(header):
                raise FetchError(
                    f"{sent}, which is malformed: line {reader.line_num} has {len(cells)} "
                    f"cells where the header has {len(header)}",
                    hint=KEPT,
                )
            rows.append(dict(zip(header, cells, strict=True)))
    except csv.Error as error:
        raise FetchError(
            f"{sent}, which is malformed: line {reader.line_num}: {clean(error)}",
            hint=KEPT,
        ) from None
    for row in rows:
        for value in row.values():
            if not usable(value):
                raise FetchError(f"{sent}, which holds a control character or an overlong cell")
    return header, rows
