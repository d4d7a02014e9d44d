"""The DfE's Explore Education Statistics (EES) services over HTTP: the public data API (v1) and
the content API behind the data catalogue's CSV downloads.

Only the standard library: ``urllib`` with timeouts, retries with backoff on 429 and 5xx
gateway errors (honouring ``Retry-After``), gzip (``Content-Encoding`` or a gzip file), paging
until ``totalPages``, and limits on what a reply may hold. Every reply is untrusted data: each
field used is checked for its type, text for control characters and length, and an API's rows
come back as rows of the open-data CSV standard (``time_period``, ``geographic_level``, codes
and names, filter option labels, indicator values as text), so the API and the catalogue's
CSVs reach the loaders in the same form. No URL or file name is taken from a reply.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import re
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from .. import __version__
from ..errors import FetchError

API_URL = "https://api.education.gov.uk/statistics/v1"
CONTENT_URL = "https://content.explore-education-statistics.service.gov.uk/api"
OFFLINE_HINT = "check the network, or fetch on a machine that can and copy data/"
RETRY_STATUSES = frozenset({429, 502, 503, 504})
PAGE_SIZE = 10_000  # the largest page the query endpoint gives
VERSIONS_PAGE_SIZE = 20  # the largest page of /versions
MAX_PAGES = 1_000
MAX_BYTES = 256 * 2**20  # a reply, and a gzip body once unpacked
MAX_RETRY_AFTER = 120.0  # seconds: a longer Retry-After is capped
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
VERSION = re.compile(r"^\d{1,4}(\.\d{1,4}){1,2}$")
_URL = re.compile(r"^[A-Za-z0-9:/.\-_\[\]]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MAX_TEXT = 1_000  # characters in a label, code or value
KEPT = "nothing was written; try again later, or report the file to the DfE"

# The API's codes and the words the open-data CSVs use for them.
LEVELS = {"NAT": "National", "REG": "Regional", "LA": "Local authority"}
TIME_IDENTIFIERS = {
    "AY": "Academic year",
    "FY": "Financial year",
    "CY": "Calendar year",
    "RY": "Reporting year",
}
_PERIOD = re.compile(r"^(\d{4})(?:/(\d{4}))?$")


def check_base_url(url: str) -> str:
    """A base URL we may send requests to: https, or http to this machine (a test server),
    of plain characters only (it is quoted in the data log)."""
    parts = urlsplit(url)
    if _URL.match(url) and (
        (parts.scheme == "https" and parts.hostname)
        or (parts.scheme == "http" and parts.hostname in LOOPBACK)
    ):
        return url.rstrip("/")
    raise FetchError(
        f"base URL {url!r} is neither https nor http on 127.0.0.1",
        hint="the EES services are https; plain http is only for a test server on this machine",
    )


def _reason(error: BaseException) -> str:
    """Why a connection failed, in a few words: ``Name or service not known``, ``timed out``."""
    reason = getattr(error, "reason", error)
    if isinstance(reason, BaseException):
        error = reason
    if isinstance(error, TimeoutError):
        return "timed out"
    said = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return clean(said, 200)


def clean(value: object, limit: int = 200) -> str:
    """Text from a reply, made safe for one line of a message."""
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to https (or to this machine, for a test server)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        parts = urlsplit(newurl)
        if not (parts.scheme == "https" or parts.hostname in LOOPBACK):
            host = urlsplit(req.full_url).netloc
            raise FetchError(f"{host} redirected to {clean(newurl)}, which is not https", hint=KEPT)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass
class Client:
    """Requests to the EES services, with the timeouts, retries and limits above.

    ``sleep`` waits between attempts (tests pass one that does not wait); ``backoff`` is the
    first wait in seconds, doubled at each retry unless the service says how long to wait.
    """

    api_url: str = API_URL
    content_url: str = CONTENT_URL
    timeout: float = 60.0
    attempts: int = 5
    backoff: float = 2.0
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        self.api_url = check_base_url(self.api_url)
        self.content_url = check_base_url(self.content_url)
        self._opener = urllib.request.build_opener(_Redirects)
        self.requests = 0  # how many were sent, retries included

    def get_json(self, url: str, what: str) -> Any:
        return _json(self.request(url, what), url, what)

    def post_json(self, url: str, body: Mapping[str, Any], what: str) -> Any:
        data = json.dumps(body).encode()
        return _json(self.request(url, what, data), url, what)

    def request(self, url: str, what: str, body: bytes | None = None) -> bytes:
        """The reply's body, unpacked if gzipped. ``what`` names the thing asked for, in
        messages ("data set 019d...")."""
        host = urlsplit(url).netloc
        headers = {
            "Accept-Encoding": "gzip",
            "User-Agent": f"council-reports/{__version__}",
            **({"Content-Type": "application/json"} if body is not None else {}),
        }
        request = urllib.request.Request(url, data=body, headers=headers)
        for attempt in range(1, self.attempts + 1):
            self.requests += 1
            try:
                with self._opener.open(request, timeout=self.timeout) as reply:
                    return _unpacked(_read(reply, host), reply.headers, host)
            except urllib.error.HTTPError as error:
                with error:
                    if error.code in RETRY_STATUSES and attempt < self.attempts:
                        self.sleep(self._wait(attempt, error.headers.get("Retry-After")))
                        continue
                    raise _refused(error, host, what) from None
            except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
                if _transient(error) and attempt < self.attempts:
                    self.sleep(self._wait(attempt, None))
                    continue
                raise FetchError(
                    f"cannot reach {host}: {_reason(error)}", hint=OFFLINE_HINT
                ) from None
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _wait(self, attempt: int, retry_after: str | None) -> float:
        if retry_after and retry_after.strip().isdigit():
            return min(float(retry_after), MAX_RETRY_AFTER)
        return self.backoff * 2 ** (attempt - 1)


def _transient(error: BaseException) -> bool:
    """A timeout or a dropped connection is worth another try; a name that does not resolve or
    a refused connection (no network) is not."""
    reason = getattr(error, "reason", error)
    return isinstance(
        reason,
        TimeoutError | ConnectionResetError | ConnectionAbortedError | http.client.HTTPException,
    )


def _read(reply: http.client.HTTPResponse, host: str) -> bytes:
    data = reply.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise FetchError(f"{host} sent more than {MAX_BYTES // 2**20} MiB", hint=KEPT)
    return data


def _unpacked(data: bytes, headers: Mapping[str, str], host: str) -> bytes:
    """A gzip body (``Content-Encoding: gzip``, or a gzip file) unpacked, within the limit."""
    if headers.get("Content-Encoding", "").lower() != "gzip" and not data.startswith(b"\x1f\x8b"):
        return data
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = unpacker.decompress(data, MAX_BYTES + 1)
    except zlib.error as error:
        raise FetchError(f"{host} sent a damaged gzip body: {clean(error)}") from None
    if len(out) > MAX_BYTES or unpacker.unconsumed_tail:
        raise FetchError(f"{host} sent a gzip body over {MAX_BYTES // 2**20} MiB unpacked")
    if not unpacker.eof:
        raise FetchError(f"{host} sent a gzip body that ends early", hint="try again")
    return out


def _refused(error: urllib.error.HTTPError, host: str, what: str) -> FetchError:
    """An HTTP error as one line, with the service's own message where it gives one."""
    said = ""
    try:
        body = json.loads(error.read(64 * 1024) or b"{}")
        if isinstance(body, dict):
            errors = body.get("errors")
            first = errors[0] if isinstance(errors, list) and errors else {}
            message = first.get("message") if isinstance(first, dict) else None
            said = clean(message or body.get("detail") or body.get("title") or "", 160)
    except (ValueError, OSError):
        pass
    status = f"HTTP {error.code} from {host}" + (f": {said}" if said else "")
    if error.code == 404:
        return FetchError(f"{what} not found ({status})", hint="check its id in sources.yml")
    if error.code in RETRY_STATUSES:
        return FetchError(f"{host} is busy ({status})", hint="try again later")
    return FetchError(f"{host} refused the request for {what} ({status})")


def _json(data: bytes, url: str, what: str) -> Any:
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        raise FetchError(
            f"{urlsplit(url).netloc} sent a reply for {what} that is not JSON",
            hint="the service may be down; try again later",
        ) from None


# Reading replies: every field checked before use.


def _field(value: Any, key: str, kind: type | tuple[type, ...], what: str) -> Any:
    """``value[key]``, which must be of ``kind``."""
    found = value.get(key) if isinstance(value, dict) else None
    if not isinstance(found, kind) or (isinstance(found, bool) and kind is not bool):
        raise FetchError(f"the reply for {what} has no usable {key!r}", hint=KEPT)
    return found


def text(value: Any, key: str, what: str, *, required: bool = True) -> str:
    """A text field: a string of printable characters, not too long."""
    if not required and (not isinstance(value, dict) or value.get(key) is None):
        return ""
    found = _field(value, key, str, what)
    if len(found) > MAX_TEXT or _CONTROL.search(found):
        raise FetchError(f"the reply for {what} has an unusable {key!r}", hint=KEPT)
    return found


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
        results = _field(reply, "results", list, what)
        total_pages = _field(_field(reply, "paging", dict, what), "totalPages", int, what)
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
                for o in _field(item, "options", list, what)
            ),
        )
        for item in _field(reply, "filters", list, what)
    )
    indicators = tuple(
        Indicator(
            text(item, "id", what),
            text(item, "column", what),
            text(item, "label", what),
            text(item, "unit", what, required=False),
            _decimals(item, what),
        )
        for item in _field(reply, "indicators", list, what)
    )
    locations: dict[str, dict[str, Option]] = {}
    for group in _field(reply, "locations", list, what):
        level = text(_field(group, "level", dict, what), "code", what)
        locations[level] = {
            text(o, "id", what): Option(
                text(o, "id", what),
                text(o, "label", what),
                text(o, "code", what, required=False),
                text(o, "oldCode", what, required=False),
            )
            for o in _field(group, "options", list, what)
        }
    periods = tuple(
        (text(item, "period", what), text(item, "code", what))
        for item in _field(reply, "timePeriods", list, what)
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
        paging = _field(reply, "paging", dict, what)
        results = _field(reply, "results", list, what)
        _field(reply, "warnings", list, what)
        expected = _field(paging, "totalResults", int, what)
        rows.extend(_row(result, data, what) for result in results)
        if page >= _field(paging, "totalPages", int, what) or not results:
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
    period = _field(result, "timePeriod", dict, what)
    when = time_period(text(period, "period", what), text(period, "code", what))
    level = text(result, "geographicLevel", what)
    if when is None or level not in LEVELS:
        raise FetchError(f"the reply for {what} has a row the query did not ask for")
    places = _field(result, "locations", dict, what)

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
    chosen = _field(result, "filters", dict, what)
    for item in data.filters:
        option = next((o for o in item.options if o.id == chosen.get(item.id)), None)
        if option is None:
            raise FetchError(f"the reply for {what} has a row without a known {item.column!r}")
        row[item.column] = option.label
    values = _field(result, "values", dict, what)
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
    release = _field(reply, "release", dict, what)
    publication = _field(release, "publication", dict, what)
    file = _field(reply, "file", dict, what)
    api = reply.get("api")
    return CatalogueFile(
        id=file_id,
        title=text(reply, "title", what),
        release=text(release, "title", what),
        publication=text(publication, "title", what),
        latest=_field(release, "isLatestPublishedRelease", bool, what),
        variables={
            text(item, "value", what): text(item, "label", what)
            for item in _field(file, "variables", list, what)
        },
        filters=tuple(
            _text_item(item, what)
            for item in _field(_field(file, "meta", dict, what), "filters", list, what)
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
        for item in _field(reply, "results", list, what):
            if text(item, "title", what) == title:
                return text(item, "id", what), text(
                    _field(item, "release", dict, what), "title", what
                )
        paging = _field(reply, "paging", dict, what)
        if page >= _field(paging, "totalPages", int, what):
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
            if len(value) > MAX_TEXT or _CONTROL.search(value):
                raise FetchError(f"{sent}, which holds a control character or an overlong cell")
    return header, rows
