"""Batches (batch.py, collect.py): which targets a command line means, shards, warm workers that
keep each target to itself, and merging the shards' builds."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from council_reports.batch import largest_first, parse_shard, run, select, shard
from council_reports.cli import main
from council_reports.collect import collect
from council_reports.errors import ParameterError, ReportError
from council_reports.keys import sha256_file
from council_reports.periods import Period
from council_reports.planning import BuildRequest
from council_reports.project import Project
from tests.conftest import DATA, digests, make_target

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project() -> Project:
    return Project.locate()


def names(requests) -> list[str]:
    return [request.name for request in requests]


SOUTH_WEST = "E12000009"


def south_west(project: Project) -> set[str]:
    import csv

    with (project.data / "reference" / "local_authorities.csv").open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle)
        return {row["old_la_code"] for row in rows if row["region_code"] == SOUTH_WEST}


def test_las_by_code_list_all_and_region(project):
    listed = select(project, ["attendance"], la="801,800", period="2023-24", formats=None)
    assert names(listed) == ["attendance 2023-24 800", "attendance 2023-24 801"]
    every = select(project, ["attendance"], la="all", period="2023-24", formats=None)
    region = select(project, ["attendance"], la=SOUTH_WEST, period="2023-24", formats=None)
    assert len(every) == 153  # every LA of today: the national files have them all
    assert {r.target.la for r in region} <= south_west(project) and len(region) >= 4
    assert set(names(region)) < set(names(every))


def test_periods_by_year_list_all_and_latest(project):
    years = select(project, ["iro"], la="800", period="all", formats=None)
    assert [str(r.target.period) for r in years] == [
        "2020-21",
        "2021-22",
        "2022-23",
        "2023-24",
        "2024-25",
    ]
    assert select(project, ["iro"], la="800", period=None, formats=None) == years
    latest = select(project, ["iro", "attendance"], la="800", period="latest", formats="html")
    assert names(latest) == ["iro 2024-25 800", "attendance 2024-25 800"]
    assert latest[0].formats == ("html",)
    listed = select(project, ["iro"], la="800", period="2021-22,2023-24", formats=None)
    assert [str(r.target.period) for r in listed] == ["2021-22", "2023-24"]


@pytest.mark.parametrize(
    ("la", "period", "message"),
    [
        ("999", "2023-24", "no data for LA 999"),
        ("800,999", "2023-24", "no data for LA 999"),
        ("999,800,998", "2023-24", "no data for LA 999, 998"),  # every one at once
        ("E12000010", "2023-24", "no LA in region 'E12000010'"),
        ("800", "2019-20", "no data for period 2019-20"),
        ("800", "2023/24", "is not a year such as 2023-24"),
    ],
)
def test_what_cannot_be_built_is_one_error(project, la, period, message):
    with pytest.raises(ParameterError, match=message):
        select(project, ["attendance"], la=la, period=period, formats=None)


def test_an_la_without_data_is_one_short_line_pointing_at_the_list(project, capsys):
    """England's 153 LAs are not named in the error: the list command names them, each once,
    with the years that lack some (LAs made by a reorganisation)."""
    with pytest.raises(ParameterError) as raised:
        select(project, ["attendance"], la="999", period="2023-24", formats=None)
    assert raised.value.hint == "153 LAs have data, 201 to 943: 'council-reports list' names them"
    with pytest.raises(ParameterError) as raised:
        select(project, ["iro"], la="999", period="2023-24", formats=None)
    assert raised.value.hint == "LAs: 800"  # a few are named
    assert main(["list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert "    2023-24, 2024-25: 153 LAs" in listed
    assert "    2021-22, 2022-23: 151 LAs (not 942, 943)" in listed  # Cumbria's successors
    assert "    2020-21, 2021-22, 2022-23, 2023-24, 2024-25: LA 800" in listed
    codes = [line for line in listed if line.startswith("    LAs: ")]
    assert len(codes) == 1 and max(len(line) for line in listed) <= 100


def test_workers_take_the_report_reading_most_data_first(project):
    requests = select(
        project, ["attendance", "bcssp", "iro"], la="800", period="latest", formats=None
    )
    assert [r.report for r in requests] == ["attendance", "bcssp", "iro"]
    assert [r.report for r in largest_first(project, requests)] == ["iro", "attendance", "bcssp"]


def test_shards_split_evenly_deterministically_and_completely():
    requests = [
        BuildRequest(
            make_target("attendance", "2023-24", DATA / "attendance", la=f"{800 + n}"), ("html",)
        )
        for n in range(10)
    ]
    shards = [shard(requests, index, 3) for index in (1, 2, 3)]
    assert [len(s) for s in shards] == [4, 3, 3]
    assert sorted(names(r for s in shards for r in s)) == sorted(names(requests))
    assert shard(requests, 2, 3) == shards[1]
    assert parse_shard("2/3") == (2, 3)
    for bad in ("0/3", "4/3", "x", "1/0"):
        with pytest.raises(ParameterError, match="is not i/n"):
            parse_shard(bad)


def _targets(project: Project, *las: str) -> list:
    """Attendance 2023-24 targets for ``las``, planned as a build plans them."""
    from council_reports.framework import get_report
    from council_reports.planning import plan_target

    report = get_report("attendance")
    return [plan_target(project, report, la, Period(2023), None) for la in las]


@pytest.fixture(scope="module")
def cold_800(tmp_path_factory) -> Path:
    """Attendance for 800 built alone, in a process of its own."""
    out = tmp_path_factory.mktemp("cold")
    subprocess.run(
        [
            str(Path(sys.executable).parent / "council-reports"),
            "build",
            "attendance",
            "--la",
            "800",
            "--period",
            "2023-24",
            "--to",
            "html",
            "--out",
            str(out),
            "--renderer",
            "pandoc-typst",
        ],
        check=True,
        capture_output=True,
    )
    return out / "attendance" / "2023-24" / "800"


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2], ids=["one process", "warm workers"])
def test_nothing_from_one_target_reaches_the_next(project, tmp_path, cold_800, jobs):
    """A built after another target in the same process is byte for byte a cold build of A. In
    one process: B, then A. With two workers: B and C first, one on each, then A, on whichever
    worker finishes first."""
    batch = Project(project.root, project.data, tmp_path)
    a, b, c = (
        BuildRequest(target, ("html",), "pandoc-typst")
        for target in _targets(batch, "800", "801", "802")
    )
    targets = [b, a] if jobs == 1 else [b, c, a]
    outcomes = run(batch, targets, lambda *_: None, lambda _: None, jobs=jobs)
    assert [o.result and o.result.state for o in outcomes] == ["built"] * len(targets), outcomes
    assert digests(tmp_path / "attendance" / "2023-24" / "800") == digests(cold_800)


@pytest.mark.slow
def test_one_failure_is_reported_and_the_others_build(project, tmp_path):
    batch = Project(project.root, project.data, tmp_path)
    good, bad = (
        BuildRequest(target, ("html",), "pandoc-typst") for target in _targets(batch, "800", "999")
    )
    heard: list[str] = []
    outcomes = run(batch, [bad, good], lambda *_: None, lambda o: heard.append(o.request.target.la))
    assert [o.request.target.la for o in outcomes] == ["999", "800"]
    assert sorted(heard) == ["800", "999"]
    assert outcomes[0].error.startswith("no attendance data for LA '999' in 2023-24")
    assert outcomes[1].result.state == "built" and outcomes[1].error is None


@pytest.mark.slow
def test_failures_in_a_batch_are_one_line_each_naming_the_target(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "national" / "absence.csv"  # read by every attendance target
    lines = path.read_text(encoding="utf-8").splitlines()
    row = next(n for n, text in enumerate(lines) if text.startswith("202324,") and ",801," in text)
    lines[row] = lines[row].rsplit(",", 1)[0] + ",abc"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    arguments = ["build", "attendance", "--la", "800,801", "--period", "2023-24", "--to", "html"]
    code = main([*arguments, "--data", str(data), "--out", str(tmp_path / "build")])
    out, err = capsys.readouterr()
    assert code == 2
    assert sorted(err.splitlines()) == [
        f"error: attendance 2023-24 {la}: {path}:{row + 1}:enrolments_pa_50_exact_percent:"
        " enrolments_pa_50_exact_percent is 'abc', neither a number nor a DfE symbol"
        " (write plain numbers without commas, or one of c, x, z, low, u)"
        for la in ("800", "801")
    ]
    assert "2 targets in" in out and "2 failed" in out


def _fake_build(root: Path, report: str, period: str, la: str, **manifest: object) -> Path:
    folder = root / report / period / la
    folder.mkdir(parents=True)
    (folder / "report.html").write_text(f"{report} {period} {la}")
    record = {
        "report": report,
        "period": period,
        "la": la,
        "outputs": {"report.html": sha256_file(folder / "report.html")},
        "code": {"council-reports": "0.1.0"},
        "packages": {},
        "renderer": {},
        "git": {},
    }
    (folder / "manifest.json").write_text(json.dumps(record | manifest))
    return folder


def test_collect_merges_shards_and_refuses_overlaps_and_differences(tmp_path):
    first, second, out = tmp_path / "1", tmp_path / "2", tmp_path / "out"
    _fake_build(first, "attendance", "2023-24", "800")
    _fake_build(second, "attendance", "2023-24", "801")
    _fake_build(second, "iro", "2024-25", "800")
    assert sorted(collect([first, second], out)) == [
        "attendance/2023-24/800",
        "attendance/2023-24/801",
        "iro/2024-25/800",
    ]
    assert (out / "iro" / "2024-25" / "800" / "report.html").read_text() == "iro 2024-25 800"
    assert len(json.loads((out / "index.json").read_text())) == 3
    _fake_build(tmp_path / "3", "attendance", "2023-24", "800")
    with pytest.raises(ParameterError, match="attendance/2023-24/800 is in two shards"):
        collect([first, tmp_path / "3"], tmp_path / "again")
    _fake_build(tmp_path / "4", "attendance", "2023-24", "802", git={"commit": "other"})
    with pytest.raises(ParameterError, match=r"built differently .* \(git\)"):
        collect([first, tmp_path / "4"], tmp_path / "again")
    assert not (tmp_path / "again").exists()


def _edit(folder: Path) -> None:
    (folder / "report.html").write_text("<script>edited</script>")


def _link(folder: Path) -> None:
    (folder / "report.html").unlink()
    (folder / "report.html").symlink_to("/etc/hostname")


def _link_folder(folder: Path) -> None:
    (folder / "tables").symlink_to("/etc")


def _extra(folder: Path) -> None:
    (folder / "extra.html").write_text("not built")


def _no_outputs(folder: Path) -> None:
    record = json.loads((folder / "manifest.json").read_text())
    del record["outputs"]
    (folder / "manifest.json").write_text(json.dumps(record))


def _outside(folder: Path) -> None:
    record = json.loads((folder / "manifest.json").read_text())
    record["outputs"]["../../../../secret"] = "0" * 64
    (folder / "manifest.json").write_text(json.dumps(record))


def _not_json(folder: Path) -> None:
    (folder / "manifest.json").write_text("{not json")


def _elsewhere(folder: Path) -> None:
    record = json.loads((folder / "manifest.json").read_text())
    (folder / "manifest.json").write_text(json.dumps(record | {"la": "999"}))


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (_edit, "not as built: report.html has changed since the build"),
        (_link, "a link in a build folder"),
        (_link_folder, "a link in a build folder"),
        (_extra, "not as built: extra.html is not in the manifest"),
        (_no_outputs, "not a manifest: outputs is missing or not a dict"),
        (_outside, "not a manifest: output '../../../../secret'"),
        (_not_json, "not a manifest: Expecting property name"),
        (_elsewhere, "the manifest describes attendance/2023-24/999"),
    ],
)
def test_collect_checks_every_shard_before_it_copies_anything(tmp_path, damage, problem):
    good, bad, out = tmp_path / "good", tmp_path / "bad", tmp_path / "out"
    _fake_build(good, "attendance", "2023-24", "800")
    damage(_fake_build(bad, "attendance", "2023-24", "801"))
    with pytest.raises(ReportError) as error:
        collect([good, bad], out)
    assert problem in str(error.value)
    assert "\n" not in str(error.value)
    assert not (out / "attendance").exists()  # all or nothing: the good shard was not copied
