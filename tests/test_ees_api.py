"""load.ees_api against the EES services played on 127.0.0.1 (tests/ees_fake.py): paging,
gzip, retries on 429, errors as one line, and replies that are not what they should be."""

from __future__ import annotations

import gzip
import socket
from collections.abc import Iterator

import pytest

from council_reports.errors import FetchError
from council_reports.load import ees_api, ees_client
from council_reports.load.ees_client import Client
from tests.ees_fake import EXCLUSIONS, PERSISTENT, SESSIONS, FakeEes, serve


@pytest.fixture
def ees() -> Iterator[FakeEes]:
    yield from serve()


@pytest.fixture
def waits() -> list[float]:
    return []


@pytest.fixture
def client(ees: FakeEes, waits: list[float]) -> Client:
    return Client(ees.api_url, ees.content_url, backoff=0.5, sleep=waits.append)


def _sessions(client: Client) -> list[dict[str, str]]:
    meta = ees_api.meta(client, SESSIONS, "1.0")
    totals = meta.filter("phase_type_grouping")
    assert totals is not None
    return ees_api.query(
        client,
        SESSIONS,
        "1.0",
        meta,
        levels=["NAT", "REG", "LA"],
        periods=[("2023/2024", "AY")],
        options={totals.id: [totals.options[0].id]},
        indicators=["jgLjA"],
    )


def test_query_pages_until_total_pages(ees: FakeEes, client: Client) -> None:
    rows = _sessions(client)
    queries = [body for method, _, body in ees.seen if method == "POST"]
    assert [body["page"] for body in queries] == [1, 2]
    assert {body["pageSize"] for body in queries} == {10_000}
    assert queries[0]["criteria"]["and"] == [
        {"geographicLevels": {"in": ["NAT", "REG", "LA"]}},
        {"timePeriods": {"in": [{"period": "2023/2024", "code": "AY"}]}},
        {"filters": {"in": ["sT0tl"]}},
    ]
    assert len(rows) == 18  # 10 on the first page, 8 on the second
    bnes = next(r for r in rows if r["old_la_code"] == "800" and r["time_period"] == "202223")
    assert bnes == {
        "time_period": "202223",
        "time_identifier": "Academic year",
        "geographic_level": "Local authority",
        "country_code": "E92000001",
        "country_name": "England",
        "region_code": "E12000009",
        "region_name": "South West",
        "old_la_code": "800",
        "new_la_code": "E06000022",
        "la_name": "Bath and North East Somerset",
        "phase_type_grouping": "Total",
        "attendance_status": "Absence",
        "attendance_type": "Authorised",
        "attendance_reason": "All authorised",
        "session_percent": "5.2",
    }


def test_a_page_short_of_the_count_is_refused(ees: FakeEes, client: Client) -> None:
    ees.json["sessions-query-2"]["results"].pop()
    with pytest.raises(FetchError, match=r"sent 17 rows of data set .* where it counted 18"):
        _sessions(client)


def test_gzipped_replies_are_unpacked(ees: FakeEes, client: Client) -> None:
    ees.gzip = True
    assert len(_sessions(client)) == 18
    header, rows = ees_api.catalogue_csv(client, EXCLUSIONS)
    assert header[:2] == ["time_identifier", "time_period"] and len(rows) == 14


def test_a_gzip_file_without_content_encoding_is_unpacked(ees: FakeEes, client: Client) -> None:
    plain = ees.csv
    ees.csv = gzip.compress(plain, mtime=0)
    assert ees_api.catalogue_csv(client, EXCLUSIONS) == ees_api.parse_csv(plain, "")


def test_a_gzip_bomb_is_refused(
    ees: FakeEes, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ees_client, "MAX_BYTES", 100_000)
    ees.csv = gzip.compress(b"time_period\n" + b"0" * 1_000_000, mtime=0)
    with pytest.raises(FetchError, match="over 0 MiB unpacked"):
        ees_api.catalogue_csv(client, EXCLUSIONS)


def test_busy_service_is_asked_again_after_waiting(
    ees: FakeEes, client: Client, waits: list[float]
) -> None:
    ees.busy = [(429, "3"), (504, None), (429, None)]
    summary = ees_api.data_set(client, SESSIONS)
    assert summary.title == "Absence sessions by reason"
    assert waits == [3.0, 1.0, 2.0]  # Retry-After, then the backoff doubling from 0.5 s
    assert client.requests == 4


def test_a_service_busy_on_every_attempt_is_one_line(
    ees: FakeEes, client: Client, waits: list[float]
) -> None:
    ees.busy = [(429, "1")] * 5
    with pytest.raises(FetchError) as error:
        ees_api.data_set(client, SESSIONS)
    assert str(error.value) == (
        f"127.0.0.1:{ees.server.server_address[1]} is busy (HTTP 429 from "
        f"127.0.0.1:{ees.server.server_address[1]}: Too many requests) (try again later)"
    )
    assert len(waits) == 4


def test_an_unknown_data_set_is_one_line(client: Client) -> None:
    with pytest.raises(FetchError, match=r"data set 0000.* not found \(HTTP 404 .*check its id"):
        ees_api.data_set(client, "00000000-0000-0000-0000-000000000000")


def test_an_id_that_is_not_an_id_never_reaches_a_url(ees: FakeEes, client: Client) -> None:
    with pytest.raises(FetchError, match="is not an id"):
        ees_api.data_set(client, "../../publications")
    assert ees.seen == []


def test_offline_is_one_line_naming_the_host() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = Client(f"http://127.0.0.1:{port}/statistics/v1", sleep=lambda s: None)
    with pytest.raises(FetchError) as error:
        ees_api.data_set(client, SESSIONS)
    assert str(error.value) == (
        f"cannot reach 127.0.0.1:{port}: Connection refused (check the network, or fetch on a "
        "machine that can and copy data/)"
    )
    assert client.requests == 1  # no network is not worth waiting for


@pytest.mark.parametrize(
    "url", ["http://api.education.gov.uk/statistics/v1", "file:///etc", "https://x/`y`"]
)
def test_base_url_must_be_https_or_this_machine(url: str) -> None:
    with pytest.raises(FetchError, match=r"neither https nor http on 127\.0\.0\.1"):
        Client(url)


def test_not_json_is_one_line(ees: FakeEes, client: Client) -> None:
    ees.json["sessions-data-set"] = "<html>"  # a JSON string: right format, wrong shape
    with pytest.raises(FetchError, match=r"the reply for data set .* has no usable 'title'"):
        ees_api.data_set(client, SESSIONS)


@pytest.mark.parametrize("label", ["Total\nx", "T" * 1_001, 7])
def test_labels_must_be_one_line_of_text(ees: FakeEes, client: Client, label: object) -> None:
    ees.json["sessions-meta"]["filters"][0]["options"][0]["label"] = label
    with pytest.raises(FetchError, match=r"has (an unusable|no usable) 'label'"):
        ees_api.meta(client, SESSIONS, "1.0")


def test_a_result_with_an_option_the_meta_lacks_is_refused(ees: FakeEes, client: Client) -> None:
    ees.json["sessions-query-1"]["results"][0]["filters"]["ph4Se"] = "nope0"
    with pytest.raises(FetchError, match="a row without a known 'phase_type_grouping'"):
        _sessions(client)


def test_versions_and_catalogue_details(client: Client) -> None:
    assert ees_api.versions(client, PERSISTENT) == [
        ees_api.Version("1.0", "Published", "Academic year 2024/25", "2026-03-19T09:30:00+00:00")
    ]
    details = ees_api.catalogue_file(client, EXCLUSIONS)
    assert (details.release, details.latest, details.api) == ("Academic year 2023/24", True, "")
    assert details.variables["suspension"] == "Suspensions"
    latest = ees_api.latest_catalogue_file(client, details.publication_id, details.title)
    assert latest == ("3f6c2a91-0d4e-4b7a-8e15-6a9c0b2d4e71", "Academic year 2024/25")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"<!DOCTYPE html><html>Service unavailable</html>", "not an open-data CSV"),
        (b"time_period,a\n202324,1\n202324\n", "line 3 has 1 cells where the header has 2"),
        (b'time_period,a\n202324,"1\n', "malformed: line 2: unexpected end of data"),
        (b"time_period,a\n202324,\xff\n", "not UTF-8 text"),
        (b"time_period,a,a\n", "names a column twice"),
    ],
)
def test_malformed_csv_is_one_line(data: bytes, problem: str) -> None:
    with pytest.raises(FetchError) as error:
        ees_api.parse_csv(data, "x sent the CSV")
    assert problem in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("period", "code", "expected"),
    [
        ("2023/2024", "AY", ("202324", "Academic year")),
        ("2024", "CY", ("2024", "Calendar year")),
        ("2023/2025", "AY", None),
        ("2023/2024", "T1", None),
    ],
)
def test_time_periods_as_the_csv_writes_them(
    period: str, code: str, expected: tuple[str, str] | None
) -> None:
    assert ees_api.time_period(period, code) == expected
