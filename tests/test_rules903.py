"""The DfE's 903 rules in the IRO build (validate/rules903.py, reports/iro/data.py): run in their
own environment on the return years a build reads, kept by the returns' hash, a return that
breaks them refused a line per rule (or listed in the report, if the council says so), and a
missing environment said in one line. The rules themselves are played here by a stand-in
interpreter; tests/test_new_year.py runs the real ones."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from council_reports.errors import DataWarning, ReportError
from council_reports.validate import rules903
from tests.conftest import make_target

ROOT = Path(__file__).resolve().parents[1]
RULE = {
    "rule": "203",
    "message": "Date of birth disagrees with the date of birth already recorded for this child.",
    "count": 293,
    "child": "SYN00003",
    "file": "header.csv",
    "line": 2,
}


@pytest.fixture
def rules(tmp_path: Path, monkeypatch) -> Path:
    """A stand-in for the rules' interpreter: it breaks rule 203 in 2024-25 and writes a line to
    runs.log each time it runs; returns that log."""
    log = tmp_path / "runs.log"
    python = tmp_path / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        f"open({str(log)!r}, 'a').write(' '.join(sys.argv[5:]) + '\\n')\n"
        f"rule = {RULE!r}\n"
        "print(json.dumps({y: [rule] if y == '2024-25' else [] for y in sys.argv[5:]}))\n",
        encoding="utf-8",
    )
    python.chmod(0o755)
    monkeypatch.setenv(rules903.PYTHON, str(python))
    return log


@pytest.fixture
def iro(tmp_path: Path) -> Path:
    """A copy of data/iro, with the national files the IRO check reads beside it."""
    shutil.copytree(ROOT / "data" / "national", tmp_path / "data" / "national")
    return Path(shutil.copytree(ROOT / "data" / "iro", tmp_path / "data" / "iro"))


def test_each_year_runs_once_and_again_only_when_its_files_change(rules, iro):
    root = iro / "ssda903"
    years = ["2023-24", "2024-25"]
    broken = rules903.broken_rules(root, years, la="E06000022")
    assert [(b.year, b.rule, b.count, b.line) for b in broken] == [("2024-25", "203", 293, 2)]
    assert rules903.broken_rules(root, years, la="E06000022") == broken  # kept: not run again
    assert rules.read_text().splitlines() == ["2023-24 2024-25"]
    with (root / "2024-25" / "reviews.csv").open("a") as reviews:
        reviews.write("\n")  # 2024-25 changed: it runs again, and 2023-24 does not
    rules903.broken_rules(root, years, la="E06000022")
    assert rules.read_text().splitlines() == ["2023-24 2024-25", "2024-25"]


def test_a_return_that_breaks_a_rule_is_refused_a_line_per_rule(rules, iro):
    from council_reports.reports.iro import REPORT

    with pytest.raises(ReportError) as caught:
        REPORT.check(make_target("iro", "2024-25", iro))
    assert caught.value.lines() == [
        f"{iro / 'ssda903' / '2024-25' / 'header.csv'}:2: breaks the DfE's 903 rule 203 in 293 "
        f"records (first: child SYN00003): {RULE['message']} (correct the return, or set "
        "dfe_903_rules: report in the report's cover.yml to list them)"
    ]


def test_the_council_may_have_the_report_list_them_instead(rules, iro, monkeypatch, tmp_path):
    from council_reports.notebook import NotebookReport
    from council_reports.reports.iro import REPORT
    from tests.conftest import own_settings

    cover = own_settings(monkeypatch, "iro", tmp_path / "settings") / "cover.yml"
    cover.write_text(cover.read_text(encoding="utf-8") + "dfe_903_rules: report\n")
    target = make_target("iro", "2024-25", iro)
    REPORT.check(target)  # not refused
    report = NotebookReport(REPORT.content(target), tmp_path / "out")
    assert report.facts["dfe_903_broken"].value is True
    assert report.facts["dfe_903_rules_broken"].text() == "1"
    table = report.table("dfe-903-rules")
    assert table.formatted().values.tolist() == [["2024/25", "203", "293"]]
    cover.write_text(cover.read_text(encoding="utf-8").replace(": report", ": maybe"))
    with pytest.raises(ReportError, match=r"dfe_903_rules is 'maybe'.*refuse or report"):
        REPORT.check(target)


def test_without_their_environment_the_build_goes_on_and_says_so(iro, monkeypatch, tmp_path):
    from council_reports.reports.iro import REPORT

    monkeypatch.setenv(rules903.PYTHON, str(tmp_path / "nowhere" / "bin" / "python"))
    with pytest.warns(
        DataWarning,
        match=r"cannot run: .*nowhere/bin/python is missing \(create "
        r"it: make \.venv-903/\.installed\)",
    ):
        REPORT.check(make_target("iro", "2024-25", iro))


def test_the_setting_is_part_of_what_runs_the_notebook_again(monkeypatch, tmp_path):
    from council_reports.framework import get_report
    from council_reports.periods import Period
    from council_reports.planning import BuildRequest, plan, plan_target
    from council_reports.project import Project
    from tests.conftest import own_settings

    cover = own_settings(monkeypatch, "iro", tmp_path / "settings") / "cover.yml"
    project = Project.locate()

    def key() -> str:
        target = plan_target(project, get_report("iro"), "800", Period(2024), None)
        return plan(project, BuildRequest(target, ("html",)), "renderer").execute_key

    before = key()
    cover.write_text(cover.read_text(encoding="utf-8") + "dfe_903_rules: report\n")
    assert key() != before  # the report then lists the rules: the notebook must run again
