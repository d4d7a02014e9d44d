"""The corpus through the command a user runs: one line on stderr, exit 2, the previous good build
byte for byte as it was and nothing stray beside it; and the faults of the machine (a full disk,
a read-only folder, SIGTERM, kill -9, another build of the same target, bad settings)."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from council_reports.cli import main
from tests.conftest import copy_project, digests, make_target, registered

from .cases import CASES
from .conftest import ROOT, copy_data

pytestmark = pytest.mark.slow
BY_ID = {case.id: case for case in CASES}
PERIODS = {report.id: str(report.test_target[1]) for report in registered()}
# One of each kind of problem, for each report, through the command line; every case also runs
# through the loaders (test_loaders.py).
THROUGH_THE_CLI = [
    "ees-geography-header-only",
    "ees-exclusions-utf16",
    "ees-row-one-cell-short",
    "ees-authorised-absence-150",
    "ees-negative-suspension-rate",
    "903-episodes-header-only",
    "903-header-is-a-pipe",
    "903-child-twice-in-header",
    "903-blank-decom",
    "903-dec-before-decom",
    "903-earlier-year-bad-code",
    "service-development-areas-latin1",
    "police-header-only",
    "police-row-one-cell-short",
    "police-row-twice",
    "kpis-xlsx-truncated",
    "kpis-row-twice",
    "childrens-merged-label-cells",
    "bcssp-previous-year-bad-cell",
    "agencies-listed-twice",
]


@pytest.mark.parametrize("report", sorted(PERIODS))
def test_every_report_refuses_damaged_data_files_in_one_line(report, tmp_path, capsys):
    """Whatever the report: every data file of its own made unreadable (not UTF-8 text) stops
    the build with one line naming one of them, exit 2, and no build."""
    data = copy_data(report, tmp_path)
    damaged = sorted(p for p in (data / report).rglob("*") if p.suffix in (".csv", ".xlsx"))
    assert damaged, f"{report} has no data file to damage"
    for path in damaged:
        path.write_bytes(b"\xff\xfe\x00\x00not text, not a workbook\x00")
    out = tmp_path / "out"
    assert main(build_args(report, out, data)) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("error: "), error
    assert any(path.name in error for path in damaged), error
    assert not list(out.rglob("report.html"))


def build_args(report: str, out: Path, data: Path | None, *extra: str) -> list[str]:
    args = ["build", report, "--la", "800", "--period", PERIODS[report], "--out", str(out)]
    args += ["--renderer", "pandoc-typst", *extra]
    return args + (["--data", str(data)] if data else [])


def assert_untouched(target: Path, before: dict[str, str]) -> None:
    """The previous build is byte for byte as it was, and nothing else is beside it: no staging
    or old folder, no lock, no failed notebook."""
    assert digests(target) == before
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if not line.startswith("[")]  # progress
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.parametrize("case_id", THROUGH_THE_CLI)
def test_bad_data_is_one_line_and_the_previous_build_survives(case_id, previous, data, capsys):
    case = BY_ID[case_id]
    out, target, before = previous(case.report, case.period)
    folder = data(case.report)
    case.change(folder)
    capsys.readouterr()
    assert main(build_args(case.report, out, folder)) == 2
    assert one_line(capsys.readouterr().err) == f"error: {case.line(folder)}"
    assert_untouched(target, before)


@pytest.mark.parametrize(
    ("report", "link"),
    [
        ("attendance", "attendance/absence_by_geography.csv"),
        ("iro", "iro/ssda903/2024-25"),
        ("bcssp", "reference/bcssp_agencies.csv"),
    ],
)
def test_a_link_out_of_the_data_folder_is_refused(report, link, previous, data, tmp_path, capsys):
    out, target, before = previous(report, PERIODS[report])
    folder = data(report)
    outside = tmp_path / "elsewhere" / Path(link).name
    outside.parent.mkdir()
    (folder / link).rename(outside)
    (folder / link).symlink_to(outside)
    capsys.readouterr()
    assert main(build_args(report, out, folder)) == 2
    assert one_line(capsys.readouterr().err) == (
        f"error: {folder / link}: links to {outside}, outside the data folder {folder} (copy the "
        "file into the data folder instead of linking to it)"
    )
    assert_untouched(target, before)


def test_a_link_within_the_data_folder_is_read(data):
    from council_reports.framework import get_report
    from council_reports.load.files import check_links

    folder = data("iro")
    note = folder / "iro" / "ssda903" / "2024-25" / "SYNTHETIC.txt"
    note.unlink()
    note.symlink_to(folder / "iro" / "ssda903" / "2023-24" / "SYNTHETIC.txt")
    check_links(folder / "iro", folder)
    report = get_report("iro")
    report.check(make_target("iro", "2024-25", report.data_dir(folder)))


@pytest.mark.parametrize(
    ("extra", "environment", "message"),
    [
        (("--to", ","), {}, "error: no format to build (formats: html, docx, pdf, pptx)"),
        (("--to", "html,rtf"), {}, "error: unknown format rtf (formats: html, docx, pdf, pptx)"),
        (
            (),
            {"SOURCE_DATE_EPOCH": "garbage"},
            "error: SOURCE_DATE_EPOCH is 'garbage', not a time a document can carry (seconds "
            "since 1 January 1970, such as 1760313600, or unset it)",
        ),
        (
            (),
            {"SOURCE_DATE_EPOCH": "-99999999999"},
            "error: SOURCE_DATE_EPOCH is '-99999999999', not a time a document can carry "
            "(seconds since 1 January 1970, such as 1760313600, or unset it)",
        ),
        (
            (),
            {"SOURCE_DATE_EPOCH": "999999999999999"},
            "error: SOURCE_DATE_EPOCH is '999999999999999', not a time a document can carry "
            "(seconds since 1 January 1970, such as 1760313600, or unset it)",
        ),
    ],
)
def test_bad_settings_are_one_line_at_once(
    previous, capsys, monkeypatch, extra, environment, message
):
    out, target, before = previous("attendance", "2023-24")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    capsys.readouterr()
    started = time.perf_counter()
    assert main(build_args("attendance", out, None, *extra)) == 2
    assert time.perf_counter() - started < 10  # refused before any work, never a long wait
    assert one_line(capsys.readouterr().err) == message
    assert_untouched(target, before)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["build", "attendance", "--la", "800\nerror: all is well", "--period", "2023-24"],
            "error: no data for LA 800\\nerror: all is well (153 LAs have data, ",
        ),
        (
            ["build", "attendance", "--la", "800", "--period", "2023-24\nx"],
            "error: period '2023-24\\nx' is not a year such as 2023-24",
        ),
        (
            ["build", "att\x1b[2Jendance", "--la", "800"],
            "error: unknown report 'att\\x1b[2Jendance'",
        ),
        (
            ["open", "attendance", "--la", "8\n00", "--period", "2023-24"],
            "error: LA '8\\n00' is not an LA code",
        ),
    ],
)
def test_a_line_break_in_an_argument_stays_on_the_one_line(tmp_path, capsys, arguments, message):
    capsys.readouterr()
    assert main([*arguments, "--out", str(tmp_path)] if arguments[0] == "build" else arguments) == 2
    assert one_line(capsys.readouterr().err).startswith(message)


def test_a_build_folder_that_cannot_be_written_is_one_line(
    previous, capsys, read_only_build_folder
):
    out, target, before = previous("attendance", "2023-24")
    read_only_build_folder()
    capsys.readouterr()
    assert main(build_args("attendance", out, None, "--force")) == 2
    line = one_line(capsys.readouterr().err)
    assert line == f"error: {target.parent}: Permission denied"
    assert_untouched(target, before)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_build_folder_is_one_line(previous, capsys):
    out, target, before = previous("attendance", "2023-24")
    target.parent.chmod(0o555)
    try:
        capsys.readouterr()
        assert main(build_args("attendance", out, None, "--force")) == 2
        assert "Permission denied" in one_line(capsys.readouterr().err)
    finally:
        target.parent.chmod(0o755)
    assert_untouched(target, before)


def cli(*args: str, limit_file_size: int | None = None, **kwargs) -> subprocess.Popen[str]:
    """The command in its own process (a signal or a resource limit applies to it alone)."""

    def limit() -> None:
        if limit_file_size is not None:  # a full disk, as a write fails
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    command = [sys.executable, "-m", "council_reports.cli", *args]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=limit,
        **kwargs,
    )


def wait_until(process: subprocess.Popen[str], condition, what: str) -> None:
    """Poll until ``condition()`` holds while the process runs (what it prints is the lead's to
    change; what it does to the build folder is not)."""
    deadline = time.monotonic() + 120
    while not condition():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"never {what}: {process.communicate()[1]}")
        time.sleep(0.05)


def staging_folders(target: Path) -> list[Path]:
    return list(target.parent.glob(f".{target.name}.staging-*"))


def holds_open(process: subprocess.Popen[str], path: Path) -> bool:
    """Whether the process has ``path`` open (Linux: /proc/<pid>/fd)."""
    try:
        links = [os.readlink(fd) for fd in Path(f"/proc/{process.pid}/fd").iterdir()]
    except OSError:
        return False
    return str(path) in links


def test_a_full_disk_while_the_notebook_runs_is_one_line(previous):
    out, target, before = previous("attendance", "2023-24")
    process = cli(*build_args("attendance", out, None, "--force"), limit_file_size=60_000)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 2, stderr
    line = one_line(stderr)
    assert line == f"error: {target}: File too large" and "Traceback" not in stderr
    assert_untouched(target, before)


def test_sigterm_while_the_notebook_runs_leaves_nothing_behind(previous):
    out, target, before = previous("attendance", "2023-24")
    process = cli(*build_args("attendance", out, None, "--force"))
    wait_until(process, lambda: staging_folders(target), "began writing the build")
    time.sleep(1)  # the notebook is running
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    # 130 as for Ctrl-C; or killed by SIGINT, which a shell also reports as 130: CPython ends so
    # when the interrupt passed through C code that was running Python (a PyO3 extension)
    assert process.returncode in (130, -signal.SIGINT, 128 + signal.SIGTERM), stderr
    assert stderr.strip().splitlines()[-1] == "interrupted: the previous build is unchanged"
    assert "Traceback" not in stderr
    assert_untouched(target, before)


def test_kill_9_debris_is_removed_by_the_next_build(previous, data, capsys):
    out, target, before = previous("attendance", "2023-24")
    process = cli(*build_args("attendance", out, None, "--force"))
    wait_until(process, lambda: staging_folders(target), "began writing the build")
    process.kill()
    process.wait(timeout=60)
    left = sorted(p.name for p in target.parent.iterdir())
    assert any(".staging-" in name for name in left), left  # what kill -9 leaves
    (target.parent / ".800.old-12345").mkdir()  # a swap killed half way
    folder = data("attendance")
    BY_ID["ees-negative-count"].change(folder)
    capsys.readouterr()
    assert main(build_args("attendance", out, folder)) == 2  # even a failing build clears it
    assert_untouched(target, before)


def test_a_failed_notebook_does_not_outlive_a_good_build(previous):
    out, target, before = previous("attendance", "2023-24")
    failed = target.parent / ".800.failed.ipynb"
    failed.write_text("{}", encoding="utf-8")
    assert main(build_args("attendance", out, None)) == 0  # up to date: nothing to build
    assert_untouched(target, before)


def test_a_second_build_of_the_target_waits_for_the_first(previous, data):
    from council_reports.staging import target_lock

    out, target, before = previous("attendance", "2023-24")
    folder = data("attendance")
    BY_ID["ees-negative-count"].change(folder)
    holding, release = threading.Event(), threading.Event()

    def first() -> None:
        with target_lock(target):
            holding.set()
            release.wait(timeout=120)

    holder = threading.Thread(target=first)
    holder.start()
    holding.wait(timeout=10)
    process = cli(*build_args("attendance", out, folder))
    lock = target.parent / f".{target.name}.lock"
    wait_until(process, lambda: holds_open(process, lock), "opened the target's lock")
    time.sleep(1)
    assert process.poll() is None and not staging_folders(target)  # waiting, writing nothing
    release.set()
    holder.join()
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 2
    assert one_line(stderr) == f"error: {BY_ID['ees-negative-count'].line(folder)}"
    assert_untouched(target, before)


def test_outputs_are_readable_by_the_group(built):
    mask = os.umask(0)
    os.umask(mask)
    if mask & 0o050:
        pytest.skip(f"this session's umask ({mask:o}) hides files from the group")
    target = built("attendance", "2023-24")
    for path in [target, *target.rglob("*")]:
        mode = path.stat().st_mode
        wanted = 0o050 if path.is_dir() else 0o040
        assert mode & wanted == wanted, (path, oct(mode))


def test_the_cli_names_a_file_below_the_working_directory_as_typed(tmp_path, monkeypatch, capsys):
    folder = copy_data("bcssp", tmp_path)
    BY_ID["police-row-twice"].change(folder)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COUNCIL_REPORTS_ROOT", str(ROOT))
    assert main(build_args("bcssp", tmp_path / "out", Path("data"))) == 2
    assert one_line(capsys.readouterr().err).startswith(
        "error: data/bcssp/2023-24/police.csv:20:measure: measure"
    )


def test_a_data_error_found_by_the_notebook_names_the_file_not_a_cell(tmp_path, capsys):
    """The published figures are read while the notebook runs (report.differences()); a bad row
    there is a data error naming the data folder's file, and no failed notebook is kept."""
    root = copy_project(tmp_path)
    path = root / "notebooks" / "attendance_exclusions.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"].append(
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "differences",
            "metadata": {},
            "outputs": [],
            "source": ["report.differences()"],
        }
    )
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    published = root / "data" / "attendance" / "published.csv"
    published.write_text(
        "period,fact,published,reason\n2023-24,no_such_fact,18.3%,as printed\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    env = {**os.environ, "COUNCIL_REPORTS_ROOT": str(root)}
    process = cli(*build_args("attendance", out, root / "data"), env=env)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 2, stderr
    assert one_line(stderr) == (
        f"error: {published}:2:fact: fact 'no_such_fact' is not one this report records (use an "
        "id from the build's facts.json)"
    )
    assert sorted(p.name for p in (out / "attendance" / "2023-24").iterdir()) == []


def _append(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"<!-- edited by hand -->")


def _same_size(path: Path) -> None:
    """An edit that keeps the size: one figure changed for another."""
    text = path.read_bytes()
    at = next(i for i, byte in enumerate(text) if chr(byte).isdigit() and i > 2000)
    path.write_bytes(text[:at] + (b"7" if text[at : at + 1] != b"7" else b"3") + text[at + 1 :])


@pytest.mark.parametrize(
    ("name", "tamper", "what"),
    [
        ("report.html", _append, "had changed"),
        ("report.html", _same_size, "had changed"),
        ("tables/absence-geography.csv", Path.unlink, "was missing"),
        ("report.pdf", Path.unlink, "was missing"),
    ],
)
def test_an_output_edited_or_deleted_after_the_build_is_rebuilt(
    name, tamper, what, previous, capsys
):
    out, target, before = previous("attendance", "2023-24")
    tamper(target / name)
    assert digests(target) != before
    capsys.readouterr()
    assert main(build_args("attendance", out, None)) == 0
    assert f"800: rebuilt ({name} {what}) in " in capsys.readouterr().out
    assert_untouched(target, before)  # every output as the build writes it, the manifest too
    assert main(build_args("attendance", out, None)) == 0
    assert capsys.readouterr().out.strip().endswith("800: up to date")


def test_a_character_no_font_has_in_the_prose_is_one_line_naming_the_output(
    previous, tmp_path, monkeypatch, capsys
):
    """Data and settings are checked when read (cases.py, test_settings.py); an author's prose is
    drawn by typst, whose error names the PDF as the build names it, never the staging folder
    that is gone when the line is read."""
    out, target, before = previous("attendance", "2023-24")
    root = copy_project(tmp_path)
    monkeypatch.setenv("COUNCIL_REPORTS_ROOT", str(root))
    path = root / "notebooks" / "attendance_exclusions.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    prose = next(c for c in notebook["cells"] if c["cell_type"] == "markdown")
    prose["source"] = "".join(prose["source"]) + "\n\nSchools \U0001f3eb did well."
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    capsys.readouterr()
    assert main(build_args("attendance", out, None)) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith("error: report.pdf: typst failed: PDF/UA-1 error: the text"), line
    assert "\U0001f3eb" in line and "staging" not in line
    assert line.endswith(
        "(the bundled fonts have no such character: take it out of the notebook's prose, or of "
        "the data or settings it comes from)"
    )
    assert_untouched(target, before)
