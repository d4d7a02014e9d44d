"""council-reports fetch, with the project's own data/attendance/sources.yml, against the EES
services played on 127.0.0.1 (tests/ees_fake.py): what it writes, what it says, and that a
failed fetch writes nothing."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml

from council_reports.cli import main
from council_reports.errors import DataError, FetchError
from council_reports.fetch import fetch
from council_reports.load.ees_client import Client
from council_reports.project import Project
from council_reports.reports.attendance.data import DATASETS
from council_reports.validate.ees import read_ees_folder
from tests.conftest import DATA, digests
from tests.ees_fake import CIN_ABSENCE, FakeEes, serve

TODAY = date(2026, 12, 8)


@pytest.fixture
def ees() -> Iterator[FakeEes]:
    yield from serve()


@pytest.fixture
def project(tmp_path: Path) -> Project:
    for folder in ("attendance", "reference"):
        shutil.copytree(DATA / folder, tmp_path / "data" / folder)
    return Project(tmp_path, tmp_path / "data", tmp_path / "build")


def _fetch(project: Project, ees: FakeEes, **options) -> list[str]:
    said: list[str] = []
    client = Client(ees.api_url, ees.content_url, sleep=lambda s: None)
    fetch(project, "attendance", client=client, today=TODAY, say=said.append, **options)
    return said


def test_fetch_writes_checked_files_and_says_what_changed(project: Project, ees: FakeEes) -> None:
    said = _fetch(project, ees)
    assert said == [
        "data/attendance/absence_by_geography.csv: Absence sessions by reason 1.0, Absence for "
        "persistent and severe absentees 1.0 (Academic year 2024/25)",
        "  rows: 6 before, 9 now: 3 added (2024/25: 3), 0 removed",
        "  Bath and North East Somerset (800): 2 figures changed",
        "    2022/23 Total: Authorised absence rate 5.1 -> 5.2",
        "    2022/23 Total: Unauthorised absence rate (persistent absentees only) 6.9 -> x",
        "  2 of Bath and North East Somerset's figures are now given to more decimal places",
        "  written, with its .meta.csv, absence_by_geography.csv.provenance.yml and a row in "
        "data/attendance/README.md's fetch log",
        "data/attendance/exclusions_by_geography.csv: Suspensions and permanent exclusions - by "
        "geography (Academic year 2023/24)",
        "  rows: 12 before, 12 now: 0 added, 0 removed",
        "  Bath and North East Somerset (800): no figure changed in the years both files have",
        "  2 of Bath and North East Somerset's figures are now given to more decimal places",
        "  written, with its .meta.csv, exclusions_by_geography.csv.provenance.yml and a row in "
        "data/attendance/README.md's fetch log",
    ]
    folder = project.data / "attendance"
    rows = (folder / "absence_by_geography.csv").read_text().splitlines()
    assert rows[-1] == (
        "202425,Academic year,Local authority,E92000001,England,E12000009,South West,800,"
        "E06000022,Bath and North East Somerset,Total,4.8,1.8,16.79,2.1,x"
    )
    # the metadata built from the API's /meta and the declaration is the one the loaders had
    for name in ("absence_by_geography", "exclusions_by_geography"):
        assert (folder / f"{name}.meta.csv").read_bytes() == (
            DATA / "attendance" / f"{name}.meta.csv"
        ).read_bytes()
    # the report's loader reads the folder as it reads the bundled data
    assert set(read_ees_folder(folder, DATASETS)) == set(DATASETS)


def test_fetch_records_provenance_and_the_data_log(project: Project, ees: FakeEes) -> None:
    import hashlib

    _fetch(project, ees)
    folder = project.data / "attendance"
    digest = hashlib.sha256((folder / "absence_by_geography.csv").read_bytes()).hexdigest()
    sidecar = yaml.safe_load((folder / "absence_by_geography.csv.provenance.yml").read_text())
    query = f"{ees.api_url}/data-sets/019d209b-b031-7497-8205-af255b581d91/query"
    assert {k: sidecar[k] for k in ("kind", "source", "owner", "release", "sha256", "licence")} == {
        "kind": "published",
        "source": "Pupil absence in schools in England",
        "owner": "Department for Education",
        "release": "Academic year 2024/25",
        "sha256": digest,
        "licence": "Open Government Licence v3.0",
    }
    assert sidecar["url"][0] == f"{query}?dataSetVersion=1.0"
    assert sidecar["inputs"][1]["data_set"] == "019d209c-08dc-74b6-9edb-52d521406fcf"
    assert sidecar["meta"]["from"] == [
        "labels from sources.yml",
        "units from the API's /meta (Absence sessions by reason 1.0; Absence for persistent "
        "and severe absentees 1.0) and sources.yml",
        "decimal places from sources.yml",
    ]
    exclusions = yaml.safe_load((folder / "exclusions_by_geography.csv.provenance.yml").read_text())
    assert exclusions["inputs"][0]["catalogue_file"] == "20d00e28-7d5b-4469-af00-e7ad73fbab27"
    assert exclusions["inputs"][0]["page"] == (
        "https://explore-education-statistics.service.gov.uk/data-catalogue/data-set/"
        "20d00e28-7d5b-4469-af00-e7ad73fbab27"
    )
    log = (folder / "README.md").read_text().split("## Fetch log", 1)[1].splitlines()
    entries = [line for line in log if line.startswith(f"| {TODAY.isoformat()}")]
    assert len(entries) == 2
    assert "`absence_by_geography.csv`" in entries[0] and f"`{digest}`" in entries[0]
    assert f"`{query}?dataSetVersion=1.0`" in entries[0]
    assert "Academic year 2024/25; Absence sessions by reason version 1.0" in entries[0]
    assert (
        "data catalogue file Suspensions and permanent exclusions \\- by geography" in (entries[1])
    )


SOCIAL_CARE = f"""
  cin-outcomes:
    catalogue: {CIN_ABSENCE}
    title: Absence by social care group - LA
    publication: >-
      Outcomes for children in need, including children looked after by local authorities
      in England
"""
SOCIAL_CARE_FILE = """
  absence_by_social_care_group.csv:
    years: {from: 2022/23, to: 2023/24}
    geographic_levels: [National, Regional, Local authority]
    locations: [E92000001, E12000009, "800"]
    filters:
      social_care_group:
        column: social_care_group
        label: Social care group
        keep: [CINO at 31 March, CLA 12 months at 31 March, CPPO at 31 March]
    indicators:
      sess_authorised_percent:
        source: cin-outcomes
        column: pt_sess_authorised
        where: {phase_type_grouping: Total, absence_terms: six half terms}
        unit: "%"
        decimals: 1
      enrolments_pa_10_exact_percent:
        source: cin-outcomes
        column: pt_pupils_pa_10_exact
        where: {phase_type_grouping: Total, absence_terms: six half terms}
        unit: "%"
        decimals: 1
      enrolments_pa_50_exact_percent:
        source: cin-outcomes
        column: pt_pupils_pa_50_exact
        where: {phase_type_grouping: Total, absence_terms: six half terms}
        unit: "%"
        decimals: 1
"""


def test_a_catalogue_file_by_social_care_group_with_labels_from_the_data_guidance(
    project: Project, ees: FakeEes
) -> None:
    """A source's filter column kept for some of its options, columns renamed, labels from the
    release's data guidance: the file and .meta.csv come out as the bundled ones."""
    declared = project.data / "attendance" / "sources.yml"
    text = declared.read_text().replace("\nfiles:\n", SOCIAL_CARE + "\nfiles:\n" + SOCIAL_CARE_FILE)
    declared.write_text(text)
    said: list[str] = []
    client = Client(ees.api_url, ees.content_url)
    name = "absence_by_social_care_group"
    fetched = fetch(project, "attendance", client=client, files=[f"{name}.csv"], say=said.append)
    assert said[1:] == ["  unchanged: 18 rows, the same as the current file"]
    assert fetched[0].meta == (DATA / "attendance" / f"{name}.meta.csv").read_bytes()
    assert fetched[0].meta_from == [
        "labels from the release's data guidance (Absence by social care group - LA)",
        "units from sources.yml",
        "decimal places from sources.yml",
    ]


def test_a_second_fetch_of_the_same_release_changes_nothing(project: Project, ees: FakeEes) -> None:
    _fetch(project, ees)
    before = digests(project.data)
    said = _fetch(project, ees)
    assert "  unchanged: 9 rows, the same as the current file" in said
    assert digests(project.data) == before  # no second log entry either


def test_a_dry_run_writes_nothing(project: Project, ees: FakeEes) -> None:
    before = digests(project.data)
    said = _fetch(project, ees, dry_run=True)
    assert "  rows: 6 before, 9 now: 3 added (2024/25: 3), 0 removed" in said
    assert "  not written (--dry-run): see build/fetch/attendance/absence_by_geography.csv" in said
    assert digests(project.data) == before
    assert (project.build / "fetch" / "attendance" / "absence_by_geography.csv").is_file()


def _refused(project: Project, ees: FakeEes, match: str, error: type = FetchError) -> None:
    """The fetch stops with one line matching ``match`` and data/ is as it was."""
    before = digests(project.data)
    with pytest.raises(error) as raised:
        _fetch(project, ees)
    assert "\n" not in str(raised.value)
    assert raised.match(match)
    assert digests(project.data) == before


def test_a_new_major_version_stops_the_fetch(project: Project, ees: FakeEes) -> None:
    versions = ees.json["sessions-versions"]["results"]
    versions.insert(0, {**versions[0], "version": "2.0", "release": {"title": "x", "slug": "x"}})
    _refused(
        project,
        ees,
        r"data set 019d209b-.* \(Absence sessions by reason\) has a new major version 2\.0: "
        r"filters or indicators were removed or renamed since 1\.\* \(read .*/versions/2\.0/"
        r'changes, check the declaration, then set version: "2\.\*" in sources\.yml\)',
    )


def test_a_withdrawn_data_set_stops_the_fetch(project: Project, ees: FakeEes) -> None:
    ees.json["persistent-data-set"]["status"] = "Withdrawn"
    _refused(project, ees, r"data set 019d209c-.* has been withdrawn")


def test_a_superseded_data_set_stops_the_fetch(project: Project, ees: FakeEes) -> None:
    ees.json["sessions-data-set"]["status"] = "Deprecated"
    ees.json["sessions-data-set"]["supersedingDataSetId"] = "2118a6df-4934-4a1f-ad2e-4589d2b9ccaf"
    _refused(
        project, ees, r"is deprecated and will not be updated; 2118a6df-.* replaces it \(declare"
    )


def test_a_malformed_csv_stops_the_fetch_and_keeps_every_file(
    project: Project, ees: FakeEes
) -> None:
    ees.csv = ees.csv.replace(b",Total,x,x,16,0.06,1900,6.94,x,x", b",Total,x,x,16")
    _refused(
        project,
        ees,
        r"sent the CSV of data catalogue file 20d00e28-.*, which is malformed: line 4 has 14 "
        r"cells where the header has 19 \(nothing was written",
    )


def test_rows_the_loader_refuses_are_kept_out_of_data(project: Project, ees: FakeEes) -> None:
    ees.json["persistent-query-1"]["results"][4]["values"]["TuAuP"] = "18,1"
    before = digests(project.data)
    with pytest.raises(DataError) as raised:
        _fetch(project, ees)
    assert str(raised.value).startswith(
        f"{project.build}/fetch/attendance/absence_by_geography.csv:4:"
        "enrolments_pa_10_exact_percent: the fetched file fails the loader's checks: "
        "enrolments_pa_10_exact_percent is '18,1', neither a number nor a DfE symbol "
        "(nothing was written to data/; write plain numbers"
    )
    assert digests(project.data) == before


def test_an_option_the_data_set_lacks_is_named(project: Project, ees: FakeEes) -> None:
    options = ees.json["sessions-meta"]["filters"][3]["options"]
    options[2]["label"] = "Authorised (all)"
    _refused(
        project,
        ees,
        r"filter 'attendance_reason' of Absence sessions by reason has no option 'All "
        r"authorised' \(its options: All possible sessions, Overall absence, Authorised \(all\)",
    )


def test_rows_a_declaration_cannot_tell_apart_are_refused(project: Project, ees: FakeEes) -> None:
    declared = project.data / "attendance" / "sources.yml"
    declared.write_text(declared.read_text().replace("{education_phase: Total}", "{}", 1))
    _refused(
        project,
        ees,
        r"Suspensions and permanent exclusions - by geography gives two values of suspension "
        r"for 2023/24, England, Total \(name the filter that tells them apart",
    )


def test_a_column_the_current_file_has_must_be_declared(project: Project, ees: FakeEes) -> None:
    declared = project.data / "attendance" / "sources.yml"
    text = declared.read_text()
    start = text.index("      sess_unauthorised_percent_pa_10_exact:")
    end = text.index("  exclusions_by_geography.csv:")
    declared.write_text(text[:start] + "\n" + text[end:])
    _refused(
        project,
        ees,
        r"absence_by_geography\.csv: the fetched file has no column "
        r"'sess_unauthorised_percent_pa_10_exact', which the current file has",
        DataError,
    )


def test_an_older_catalogue_release_names_the_newer_file(project: Project, ees: FakeEes) -> None:
    ees.json["exclusions-by-geography"]["release"]["isLatestPublishedRelease"] = False
    said = _fetch(project, ees, dry_run=True)
    assert (
        "  note: data catalogue file 20d00e28-7d5b-4469-af00-e7ad73fbab27 (Suspensions and "
        "permanent exclusions - by geography) is from Academic year 2023/24, not the latest "
        "release; Academic year 2024/25 has it as 3f6c2a91-0d4e-4b7a-8e15-6a9c0b2d4e71: set "
        "that id in sources.yml to fetch it"
    ) in said


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("publisher: &p DfE\nlicence: *p\n", "sources.yml:2: an alias (*p) repeats another part"),
        ("publisher: a\npublisher: b\n", "sources.yml:2:publisher: 'publisher' is set twice"),
        ("publisher: [a\n", "sources.yml:2: not valid YAML"),
        ("publisher: a\nlicence: b\nsources: {}\nfiles: {../x.csv: {}}\n", "is not a data file"),
    ],
)
def test_a_bad_declaration_is_one_line(
    project: Project, ees: FakeEes, text: str, problem: str
) -> None:
    (project.data / "attendance" / "sources.yml").write_text(text)
    with pytest.raises(DataError) as raised:
        _fetch(project, ees)
    assert problem in str(raised.value) and "\n" not in str(raised.value)
    assert ees.seen == []


def test_an_unknown_source_names_the_field_and_its_line(project: Project, ees: FakeEes) -> None:
    declared = project.data / "attendance" / "sources.yml"
    declared.write_text(declared.read_text().replace("source: persistent-absence", "source: pa", 1))
    with pytest.raises(DataError) as raised:
        _fetch(project, ees)
    line = next(
        n
        for n, text in enumerate(declared.read_text().splitlines(), start=1)
        if text.strip() == "source: pa"
    )
    assert str(raised.value) == (
        f"{declared}:{line}:files.absence_by_geography.csv.indicators."
        "enrolments_pa_10_exact_percent.source: unknown source 'pa' (sources: absence-sessions, "
        "persistent-absence, exclusions-by-geography) (see docs/fetching.md for the form of "
        "sources.yml)"
    )


def _cli(
    project: Project, monkeypatch: pytest.MonkeyPatch, api: str, content: str, *args: str
) -> int:
    monkeypatch.setenv("COUNCIL_REPORTS_ROOT", str(project.root))
    monkeypatch.setenv("EES_API_URL", api)
    monkeypatch.setenv("EES_CONTENT_API_URL", content)
    return main(["fetch", "attendance", *args])


def test_cli_fetches_one_declared_file(
    project: Project, ees: FakeEes, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    untouched = project.data / "attendance" / "absence_by_geography.csv.provenance.yml"
    before = untouched.read_bytes()
    code = _cli(project, monkeypatch, ees.api_url, ees.content_url, "exclusions_by_geography.csv")
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("data/attendance/exclusions_by_geography.csv: Suspensions")
    assert "absence_by_geography" not in out
    assert untouched.read_bytes() == before  # a file not asked for keeps its record


def test_cli_offline_is_one_line_and_exit_2(
    project: Project, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    before = digests(project.data)
    code = _cli(project, monkeypatch, f"{base}/statistics/v1", f"{base}/api")
    assert code == 2
    assert capsys.readouterr().err == (
        f"error: cannot reach 127.0.0.1:{port}: Connection refused (check the network, or fetch "
        "on a machine that can and copy data/)\n"
    )
    assert digests(project.data) == before
