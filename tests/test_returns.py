"""BCSSP partner returns (load/returns.py): read as partners send them, checked cell by cell."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
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


def _police_activity(folder: Path, measure: str, column: str, value: str) -> None:
    """Set one figure of police_activity.csv (blank for none)."""
    path = folder / "police_activity.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[2].split(",")
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for row in csv.reader(lines):
            if len(row) == len(header) and row[1] == measure:
                row[header.index(column)] = value
            writer.writerow(row)


def test_police_activity_is_read_with_the_figures_the_constabulary_gives():
    activity = load_bcssp_returns(RETURNS, REFERENCE).police_activity.set_index("measure")
    assert activity.loc["Conferences held", "current"] == 78
    assert pd.isna(activity.loc["Conferences held", "fourth_quarter"])  # not given
    assert activity.loc["Conferences the police were invited to", "fourth_quarter"] == 17
    force = activity.loc["Uses of police protection powers, force area"]
    assert force[["current", "previous"]].tolist() == [384, 317]
    adults = load_bcssp_returns(RETURNS, REFERENCE).adult_safeguarding.set_index("measure")
    assert adults.loc["Safeguarding concerns received", "previous"] == 1654  # Year before
    assert pd.isna(adults.loc["People the concerns were about", "previous"])  # not published


def test_a_police_activity_row_with_no_figure(returns):
    for column in ("current", "fourth_quarter"):
        _police_activity(returns, "Conferences the police attended", column, "")
    assert _error(returns) == (
        f"{returns}/police_activity.csv:6:current: Conferences the police attended has no figure "
        "(give it for at least one period, or delete the row)"
    )


def _check_error(folder: Path) -> str:
    from council_reports.reports.bcssp.data import check_returns

    with pytest.raises(DataError) as caught:
        check_returns(load_bcssp_returns(folder, REFERENCE))
    return str(caught.value)


def test_a_figure_the_appendices_quote_left_blank(returns):
    _police_activity(returns, "Uses linked to a beat code in B&NES", "previous", "")
    assert _check_error(returns) == (
        f"{returns}/police_activity.csv:8:previous: Uses linked to a beat code in B&NES has no "
        "figure for the previous 12 months (the appendices quote it: give the constabulary's "
        "figure)"
    )


@pytest.mark.parametrize(
    ("measure", "column", "value", "message"),
    [
        (
            "Conferences the police attended",
            "current",
            "79",
            "6:current: Conferences the police attended (last 12 months) is 79, more than the 78 "
            "of 'Conferences held' (last 12 months)",
        ),
        (
            "of whom charged and detained",
            "fourth_quarter",
            "2",
            "11:fourth_quarter: of whom charged and detained (fourth quarter) is 2, more than the "
            "1 of 'Children under 18 arrested and brought into custody (latest address in "
            "B&NES)' (fourth quarter)",
        ),
    ],
)
def test_a_part_larger_than_its_whole(returns, measure, column, value, message):
    _police_activity(returns, measure, column, value)
    assert _check_error(returns) == (
        f"{returns}/police_activity.csv:{message} (a part cannot be larger than its whole: check "
        "both figures)"
    )


def test_more_children_on_a_plan_for_18_months_than_on_a_plan(returns):
    _edit(returns / "childrens_social_care.xlsx", "Child protection", "C8", 150)
    assert _check_error(returns) == (
        f"{returns}/childrens_social_care.xlsx:Child protection:C8: of whom subject of a plan for "
        "more than 18 months is 150, more than the 141 of 'Children subject of a child "
        "protection plan at 31 March' (a part cannot be larger than its whole: check both "
        "figures)"
    )
