"""The SSDA903 loader (load/ssda903.py) and the synthetic generator (synthetic/ssda903.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from council_reports.errors import DataError
from council_reports.load.provenance import SUFFIX
from council_reports.reports.iro.synthetic.ssda903 import write
from council_reports.validate.ssda903 import load_ssda903
from tests.conftest import make_target
from tests.readers import missing

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "iro" / "ssda903"


def test_generator_reproduces_the_bundled_files_byte_for_byte(tmp_path):
    write(tmp_path / "ssda903")  # also writes the service's child-level records beside it
    written = sorted(BUNDLED.rglob("*")) + [
        BUNDLED.parent / "service" / name for name in ("disability.csv", "review_records.csv")
    ]
    for path in written:
        if path.is_file() and not path.name.endswith(SUFFIX):  # the records are the data log
            copy = tmp_path / path.relative_to(BUNDLED.parent)
            assert copy.read_bytes() == path.read_bytes(), path
    assert "SYNTHETIC DATA" in (BUNDLED / "2024-25" / "SYNTHETIC.txt").read_text()
    # the service keeps no record of when each social work report arrived (report 7.16)
    assert not (tmp_path / "service" / "sw_reports.csv").exists()


@pytest.fixture
def year(tmp_path: Path) -> Path:
    return Path(shutil.copytree(BUNDLED / "2024-25", tmp_path / "2024-25"))


def _edit(path: Path, line: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _error(folder: Path) -> str:
    with pytest.raises(DataError) as caught:
        load_ssda903(folder)
    return str(caught.value)


def test_bad_date(year):
    row = (year / "episodes.csv").read_text().splitlines()[1].split(",")
    _edit(year / "episodes.csv", 2, row[1], "2024-04-01")
    assert _error(year).endswith(
        "episodes.csv:2:DECOM: DECOM '2024-04-01' is not a date (write dates as dd/mm/yyyy)"
    )


def test_unknown_legal_status(year):
    row = (year / "episodes.csv").read_text().splitlines()[1].split(",")
    _edit(year / "episodes.csv", 2, f",{row[3]},", ",C9,")
    assert "episodes.csv:2:LS: LS 'C9' is not a DfE code" in _error(year)


def test_orphan_episode(year):
    child = (year / "episodes.csv").read_text().splitlines()[1].split(",")[0]
    path = year / "header.csv"
    path.write_text(
        "\n".join(r for r in path.read_text().splitlines() if not r.startswith(child + ",")) + "\n"
    )
    assert f"episodes.csv:2:CHILD: CHILD '{child}' has no row in header.csv" in _error(year)


def test_orphan_review(year):
    _edit(year / "reviews.csv", 3, "SYN", "ZZZ")
    assert "reviews.csv:3:CHILD: CHILD 'ZZZ" in _error(year)


@pytest.mark.parametrize(
    ("name", "column", "bad"),
    [
        ("reviews.csv", "REVIEW_CODE", "PN9"),
        ("episodes.csv", "CIN", "N0"),
        ("header.csv", "ETHNIC", "WHIT"),
    ],
)
def test_codes_outside_the_dfe_lists(year, name, column, bad):
    path = year / name
    header, row = path.read_text().splitlines()[:2]
    cells = row.split(",")
    cells[header.split(",").index(column)] = bad
    path.write_text("\n".join([header, ",".join(cells), *path.read_text().splitlines()[2:]]) + "\n")
    assert f"{name}:2:{column}: {column} '{bad}' is not a DfE code" in _error(year)


def test_a_repeated_episode(year):
    path = year / "episodes.csv"
    lines = path.read_text().splitlines()
    lines.append(lines[1])
    path.write_text("\n".join(lines) + "\n")
    child, start = lines[1].split(",")[:2]
    assert _error(year).endswith(
        f"episodes.csv:{len(lines)}:CHILD: episode repeats row 2 (CHILD '{child}', DECOM "
        f"'{start}') (one row per episode)"
    )


def test_overlapping_episodes(year):
    path = year / "episodes.csv"
    lines = path.read_text().splitlines()
    cells = lines[2].split(",")  # SYN00004 09/12/2022 ... ended 23/03/2025
    assert cells[7] == "23/03/2025"
    later = [*cells[:1], "01/03/2025", *cells[2:7], "", "", *cells[9:]]
    lines.append(",".join(later))
    path.write_text("\n".join(lines) + "\n")
    assert _error(year).endswith(
        f"episodes.csv:{len(lines)}:DECOM: episode starts before the child's previous episode ends"
    )


def test_service_records_are_reproduced_byte_for_byte(tmp_path):
    from council_reports.reports.iro.synthetic.service import write as write_service

    write_service(tmp_path)
    service = ROOT / "data" / "iro" / "service"
    for name in (
        "drp_log.csv",
        "population.csv",
        "staffing.csv",
        "midway_reviews.csv",
        "SYNTHETIC.txt",
    ):
        assert (tmp_path / name).read_bytes() == (service / name).read_bytes(), name


VALIDATOR = ROOT / ".venv-903" / "bin" / "python"


def _dfe_rules(root: Path) -> subprocess.CompletedProcess[str]:
    if not VALIDATOR.exists():
        missing("the DfE's 903 rules (.venv-903)", "make validate-903 installs them")
    script = ROOT / "src" / "council_reports" / "validate" / "dfe903.py"
    return subprocess.run(
        [str(VALIDATOR), str(script), str(root)], capture_output=True, text=True, check=False
    )


def test_the_dfe_903_rules_pass_on_every_bundled_year():
    result = _dfe_rules(BUNDLED)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("0 DfE 903 rule(s) broken in 5 years")


def test_the_dfe_903_rules_report_a_broken_return(tmp_path):
    for year in ("2023-24", "2024-25"):
        shutil.copytree(BUNDLED / year, tmp_path / year)
    header = tmp_path / "2024-25" / "header.csv"
    lines = header.read_text().splitlines()
    child, _sex, *rest = lines[1].split(",")
    lines[1] = ",".join([child, "X", *rest])  # not an M/F/U sex code
    header.write_text("\n".join(lines) + "\n")
    result = _dfe_rules(tmp_path)
    assert result.returncode == 1
    assert "2024-25\t101\t1\t" in result.stdout


@pytest.fixture
def iro_data(tmp_path: Path) -> Path:
    return Path(shutil.copytree(BUNDLED.parent, tmp_path / "iro"))


def _check_error(data: Path, period: str = "2024-25") -> str:
    from council_reports.reports.iro import REPORT

    with pytest.raises(DataError) as caught:
        REPORT.check(make_target("iro", period, data))
    return str(caught.value)


@pytest.mark.parametrize(
    ("name", "line", "column", "problem"),
    [
        ("disability.csv", 3, "CHILD", "is not a child in the 903 return"),
        ("review_records.csv", 4, "REVIEW", "is not a review of this child in the 903 return"),
        ("review_records.csv", 5, "DISTRIBUTED", "is before the review"),
    ],
)
def test_service_records_must_agree_with_the_903(iro_data, name, line, column, problem):
    path = iro_data / "service" / name
    header, *rows = path.read_text().splitlines()
    cells = rows[line - 2].split(",")
    at = header.split(",").index(column)
    cells[at] = "SYN99999" if column == "CHILD" else "01/01/2021"
    rows[line - 2] = ",".join(cells)
    path.write_text("\n".join([header, *rows]) + "\n")
    # checked against every year's return, whichever year is built
    for period in ("2023-24", "2024-25"):
        assert f"{name}:{line}:{column}: {column} '{cells[at]}' {problem}" in _check_error(
            iro_data, period
        )


def test_service_records_agree_with_the_bundled_903():
    from council_reports.reports.iro import REPORT

    REPORT.check(make_target("iro", "2024-25", BUNDLED.parent))
