"""BCSSP partner returns (load/returns.py): read as partners send them, checked cell by cell."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from council_reports.errors import DataError
from council_reports.load.provenance import SUFFIX
from council_reports.reports.bcssp.returns import load_bcssp_returns

ROOT = Path(__file__).resolve().parents[1]
RETURNS = ROOT / "data" / "bcssp" / "2023-24"
REFERENCE = ROOT / "data" / "reference"


@pytest.fixture
def returns(tmp_path: Path) -> Path:
    return Path(shutil.copytree(RETURNS, tmp_path / "2023-24"))


def test_published_figures_are_read():
    loaded = load_bcssp_returns(RETURNS, REFERENCE)
    kpis = loaded.training_kpis.set_index(["kpi", "agency"])
    assert kpis.loc[("1.1", "RUH"), "value"] == 90
    assert kpis.loc[("1.1", "Children's Social Care"), "value"] == 33
    assert kpis.loc[("1.2", "Avon Fire & Rescue"), "symbol"] == "TBC"
    assert kpis.loc[("1.1", "DHI"), "symbol"] == "/"
    assert kpis.loc[("1.1", "RUH"), "cell"] == "C7"
    assert len(loaded.training_kpis) == 16 * 17
    police = loaded.police.set_index("measure")
    assert police.loc["Number of Missing Children Reports", "current"] == 282
    adults = loaded.adult_safeguarding.set_index("measure")["value"]
    assert adults["Safeguarding concerns received"] == 1603
    assert adults["Closed s42(2) enquiries: outcomes fully achieved (%)"] == 59


def _edit(path: Path, sheet: str, cell: str, value) -> None:
    book = load_workbook(path)
    book[sheet][cell] = value
    book.save(path)


def _error(folder: Path) -> str:
    with pytest.raises(DataError) as caught:
        load_bcssp_returns(folder, REFERENCE)
    return str(caught.value)


def test_kpi_value_over_100(returns):
    _edit(returns / "training_kpis.xlsx", "Training KPIs", "C7", 120)
    assert _error(returns) == (
        f"{returns}/training_kpis.xlsx:Training KPIs:C7: RUH, KPI 1.1 is 120, outside 0-100 "
        "(percentages run from 0 to 100)"
    )


def test_renamed_sheet(returns):
    book = load_workbook(returns / "training_kpis.xlsx")
    book["Training KPIs"].title = "KPIs"
    book.save(returns / "training_kpis.xlsx")
    assert _error(returns).startswith(
        f"{returns}/training_kpis.xlsx: no sheet 'Training KPIs' (sheets: KPIs)"
    )


def test_missing_agency(returns):
    _edit(returns / "training_kpis.xlsx", "Training KPIs", "C6", "Royal United Hospitals")
    message = _error(returns)
    assert message.startswith(
        f"{returns}/training_kpis.xlsx:Training KPIs:C6: unknown agency 'Royal United"
    )


def test_unknown_symbol(returns):
    _edit(returns / "training_kpis.xlsx", "Training KPIs", "D8", "n.a.")
    assert "training_kpis.xlsx:Training KPIs:D8: Midsomer Homecare, KPI 1.2 is 'n.a.'" in _error(
        returns
    )


def test_text_in_a_count(returns):
    _edit(returns / "adult_safeguarding.xlsx", "Safeguarding adults", "C7", "about 1600")
    assert _error(returns) == (
        f"{returns}/adult_safeguarding.xlsx:Safeguarding adults:C7: Safeguarding concerns "
        "received is 'about 1600', not a count (counts are whole numbers, 0 or more)"
    )


def test_police_previous_missing(returns):
    path = returns / "police.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].rsplit(",", 1)[0] + ","
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _error(returns).startswith(
        f"{returns}/police.csv:5:previous: Number of Missing Children Reports: previous is ''"
    )


def test_agency_left_out(returns):
    book = load_workbook(returns / "training_kpis.xlsx")
    book["Training KPIs"].delete_cols(19)  # YCSW, the last agency
    book.save(returns / "training_kpis.xlsx")
    assert "agency 'YCSW' is missing from the return" in _error(returns)


def test_the_bundled_returns_are_reproduced_byte_for_byte(tmp_path):
    from council_reports.reports.bcssp.synthetic import write

    write(tmp_path)
    for path in sorted((ROOT / "data" / "bcssp").glob("*/*.*")):
        if path.name.endswith(SUFFIX):  # the provenance records are the data log, not written
            continue
        assert (
            tmp_path / path.relative_to(ROOT / "data" / "bcssp")
        ).read_bytes() == path.read_bytes(), path


def test_a_kpi_target_over_100_in_the_reference_list(tmp_path):
    from council_reports.reports.bcssp.returns import kpi_targets

    reference = Path(shutil.copytree(REFERENCE, tmp_path / "reference"))
    path = reference / "bcssp_kpis.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("target_percent")] = "150"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    with pytest.raises(DataError) as caught:
        kpi_targets(reference)
    assert str(caught.value) == (
        f"{path}:2:target_percent: KPI 1.1 target is '150', outside 0-100 (percentages run from "
        "0 to 100)"
    )
