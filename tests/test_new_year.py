"""A new year's data added by the steps of docs/new-year.md (issue 22): a partial year builds,
each section whose figures are not in the data yet says so in the report (never a cell
exception, never an x in a sentence), and `council-reports check` lists what an IRO or BCSSP year
is missing, a line each, all at once."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from council_reports.cli import main
from council_reports.validate import rules903
from tests.readers import missing

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
DATE = re.compile(r"^(\d\d)/(\d\d)/(\d{4})$")


def _text(html: Path) -> str:
    """The page's text, its style and scripts and tags dropped, white space folded and quotes
    straight."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", html.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"<[^>]+>", " ", page).replace("\u2019", "'")
    return " ".join(text.split())


def _build(data: Path, out: Path, report: str, period: str) -> int:
    arguments = ["build", report, "--la", "800", "--period", period, "--data", str(data)]
    return main([*arguments, "--out", str(out), "--to", "html", "--renderer", "pandoc-typst"])


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOT / "data", tmp_path / "data"))


def _add_year(path: Path, time_period: str, year: str) -> None:
    """Add a year's rows to an EES file: the LA's, the region's and England's (here last
    year's figures, as a fetch of the new release would add the year's own)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    added = [[year, *row[1:]] for row in rows[1:] if row[0] == time_period]
    with path.open("a", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(added)


def test_attendance_with_only_the_geography_files_builds_and_says_what_it_lacks(
    data, tmp_path, capsys
):
    for name in ("absence_by_geography.csv", "exclusions_by_geography.csv"):
        _add_year(data / "attendance" / name, "202324", "202425")
    # check lists, a line each, the breakdowns the data held for the LA before but not this
    # year, and the council's own figures of the year after; the build goes on regardless
    assert main(["check", "attendance", "--period", "2024-25", "--data", str(data)]) == 2
    lacking = capsys.readouterr().err.splitlines()
    folder = data / "attendance"
    assert (
        f"error: {folder}/absence_by_characteristic.csv: no figures by FSM for 2024/25 for LA "
        "800; the latest are for 2023/24 (docs/new-year.md says how to add a year)"
    ) in lacking
    assert any(line.startswith(f"error: {folder}/in_year.csv: ") for line in lacking)
    assert all(line.startswith(f"error: {folder}/") for line in lacking)
    assert _build(data, tmp_path / "build", "attendance", "2024-25") == 0
    text = _text(tmp_path / "build" / "attendance" / "2024-25" / "800" / "report.html")
    fsm = text[text.index("Pupils eligible for free school meals") :]
    assert fsm.startswith(
        "Pupils eligible for free school meals The data this report is built from has no "
        "figures by free school meal eligibility for Bath and North East Somerset in 2024/25."
    )  # no table of last year's figures, no x in a sentence
    summary = text[text.index("Summary In ") : text.index("School attendance All pupils")]
    assert "free school meals" not in summary  # last year's gap is not this year's


def _next_return(data: Path) -> None:
    """A 2025-26 return made from 2024-25's with every date a year on (docs/new-year.md, step
    1 of the IRO report, with nothing else added)."""
    root = data / "iro" / "ssda903"
    shutil.copytree(root / "2024-25", root / "2025-26")
    for path in (root / "2025-26").glob("*.csv"):
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        for row in rows[1:]:
            for position, value in enumerate(row):
                if match := DATE.match(value):
                    day = "28" if match.group(1, 2) == ("29", "02") else match[1]
                    row[position] = f"{day}/{match[2]}/{int(match[3]) + 1}"
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)


def test_an_iro_year_with_only_its_return_builds_and_says_what_the_records_lack(
    data, tmp_path, monkeypatch, capsys
):
    _next_return(data)
    monkeypatch.setenv(rules903.PYTHON, str(tmp_path / "no-venv" / "bin" / "python"))
    assert _build(data, tmp_path / "build", "iro", "2025-26") == 0
    assert "the DfE's 903 rules cannot run" in capsys.readouterr().err  # said, in one note
    text = _text(tmp_path / "build" / "iro" / "2025-26" / "800" / "report.html")
    assert "The DRP log in this report's data has no entries for 2025/26." in text
    assert "IROs used the DRP" not in text and '""' not in text  # no count of 0, no empty reason
    assert (
        "The Department's figures for England at 31 March 2026 are not held in this report's "
        "data yet."
    ) in text
    assert " x children" not in text and "(x)" not in text
    assert "Reasons for IRO use of the DRP" not in text  # nothing to draw: not drawn


def test_the_dfe_rules_refuse_that_return_and_check_lists_everything(data, tmp_path, capsys):
    if not rules903.interpreter().is_file():
        missing("the DfE's 903 rules (.venv-903)", "make .venv-903/.installed makes them")
    _next_return(data)
    assert _build(data, tmp_path / "build", "iro", "2025-26") == 2
    refused = capsys.readouterr().err.splitlines()
    assert len(refused) == 11 and all("breaks the DfE's 903 rule" in line for line in refused)
    assert (
        f"error: {data}/iro/ssda903/2025-26/header.csv:2: breaks the DfE's 903 rule 203 in 293 "
        "records (first: child SYN00003)"
    ) in "\n".join(refused)
    assert main(["check", "iro", "--period", "2025-26", "--data", str(data)]) == 2
    problems = capsys.readouterr().err.splitlines()
    assert set(refused) < set(problems)  # each rule once, with what else is missing
    assert (
        f"error: {data}/iro/service/drp_log.csv: no rows for 2025-26 (the dispute resolution "
        "protocol log); the latest are for 2024-25 (docs/new-year.md says what each year needs)"
    ) in problems


def test_a_bcssp_year_lists_each_return_not_there_and_a_complete_year_passes(data, capsys):
    folder = data / "bcssp" / "2024-25"
    folder.mkdir()
    shutil.copy(data / "bcssp" / "2023-24" / "police.csv", folder)
    assert main(["check", "bcssp", "--period", "2024-25", "--data", str(data)]) == 2
    problems = capsys.readouterr().err.splitlines()
    assert problems == [
        f"error: {folder}/{name}: the partner's return for the year is not there "
        "(docs/new-year.md says what each year needs)"
        for name in (
            "training_kpis.xlsx",
            "police_activity.csv",
            "adult_safeguarding.xlsx",
            "childrens_social_care.xlsx",
        )
    ]
    assert main(["check", "attendance", "--period", "2023-24", "--data", str(data)]) == 0
    assert capsys.readouterr().out.strip() == (
        "the data for attendance 2023-24 for LA 800 is complete and passes its checks"
    )
