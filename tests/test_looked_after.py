"""Looked-after children measures (measures/looked_after.py): hand-worked cases of the DfE's
rules, and the IRO report's published figures from the bundled (synthetic) 903 return."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from council_reports.load.ssda903 import SSDA903
from council_reports.measures import looked_after as m
from council_reports.measures.benchmarks import percent_change
from council_reports.validate.ssda903 import load_ssda903_years

ROOT = Path(__file__).resolve().parents[1]
CENSUS = pd.Timestamp(2025, 3, 31)


def _return(episodes: list[tuple]) -> SSDA903:
    columns = ["CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"]
    frame = pd.DataFrame(episodes, columns=columns)
    for column in ("DECOM", "DEC"):
        frame[column] = pd.to_datetime(frame[column])
    children = sorted(set(frame["CHILD"]))
    header = pd.DataFrame(
        {"CHILD": children, "SEX": "M", "DOB": pd.Timestamp(2010, 6, 1), "ETHNIC": "WBRI"}
    )
    empty = pd.DataFrame()
    return SSDA903(header, frame, empty, empty)


def test_short_breaks_are_not_looked_after_at_31_march():
    data = _return(
        [
            ("A", "2024-05-01", "S", "C2", "U1", None, ""),
            ("B", "2025-03-01", "S", "V3", "U1", None, ""),  # short-break-only: excluded
            (
                "C",
                "2024-05-01",
                "S",
                "C2",
                "U1",
                "2025-03-31",
                "E13",
            ),  # ceased on 31 March: not in care
        ]
    )
    assert m.looked_after_on(data, CENSUS)["CHILD"].tolist() == ["A"]


def test_each_child_counts_once_in_starts_and_ends_on_the_last_occasion():
    data = _return(
        [
            ("A", "2024-05-01", "S", "C2", "U1", "2024-06-01", "E13"),
            ("A", "2024-08-01", "S", "C2", "U1", "2024-09-01", "E4A"),
            ("A", "2024-11-01", "S", "C2", "U1", None, ""),
            (
                "B",
                "2024-05-01",
                "S",
                "C2",
                "U1",
                "2024-07-01",
                "X1",
            ),  # placement change: care goes on
            ("B", "2024-07-01", "P", "C2", "U3", None, ""),
        ]
    )
    assert m.started(data, 2024)["CHILD"].tolist() == ["A", "B"]
    ceased = m.ceased(data, 2024)
    assert ceased["CHILD"].tolist() == ["A"] and ceased["REC"].tolist() == ["E4A"]
    assert m.placements_in_year(data, pd.Series(["B"]), 2024).to_dict() == {"B": 2}


def test_placements_in_year_count_the_open_placement_and_new_ones_not_legal_changes():
    data = _return(
        [
            ("A", "2023-05-01", "S", "C1", "U1", "2024-06-01", "X1"),  # open at the start
            ("A", "2024-06-01", "L", "C2", "U1", "2024-09-01", "X1"),  # care order, same home
            ("A", "2024-09-01", "P", "C2", "U3", "2025-01-10", "X1"),
            ("A", "2025-01-10", "B", "E1", "A5", None, ""),  # placed for adoption
            ("B", "2023-05-01", "S", "C2", "U1", "2024-03-31", "X1"),  # ended before the year
            ("B", "2024-03-31", "P", "C2", "U3", "2025-04-02", "X1"),
            ("B", "2025-04-02", "P", "C2", "U4", None, ""),  # after the year
        ]
    )
    placements = m.placements_in_year(data, pd.Series(["A", "B"]), 2024)
    assert placements.to_dict() == {"A": 3, "B": 1}
    assert m.stability(placements).to_dict() == {
        "One placement": 1,
        "Two placements": 0,
        "Three or more": 1,
    }


def test_a_connected_person_is_a_relative_or_friend_caring_under_a_care_order():
    data = _return(
        [
            ("A", "2024-05-01", "S", "C2", "U1", None, ""),  # long-term, relative or friend
            ("B", "2024-05-01", "S", "C2", "U3", None, ""),  # other, relative or friend
            ("C", "2024-05-01", "S", "C2", "U4", None, ""),  # foster care, not connected
            ("D", "2024-05-01", "S", "V2", "U1", None, ""),  # connected, not a care order
        ]
    )
    connected = m.connected_by_age(m.looked_after_on(data, CENSUS), CENSUS)
    assert connected["10 to 15"] == 2 and connected.sum() == 2  # all born June 2010


def test_age_on_31_march_counts_birthdays():
    dob = pd.Series(pd.to_datetime(["2009-03-31", "2009-04-01", "2024-04-01"]))
    assert m.age_on(dob, CENSUS).tolist() == [16, 15, 0]


def test_percent_change_rounds_half_away_from_zero():
    assert percent_change(228, 197, 1) == 15.7  # the report printed 16.3
    assert percent_change(220, 217, 1) == 1.4


@pytest.fixture(scope="module")
def returns() -> dict[str, SSDA903]:
    return load_ssda903_years(ROOT / "data" / "iro" / "ssda903")


def test_table_1_as_published(returns):
    table = m.table_1(returns)
    assert table["Looked after"].tolist() == [181, 197, 228, 217, 220]
    assert table["Started"].tolist() == [52, 77, 95, 77, 76]
    assert table["Ceased"].tolist() == [54, 61, 65, 91, 73]
    assert table["% change"].tolist()[1:] == [8.8, 15.7, -4.8, 1.4]


def test_2024_25_profile_as_published(returns):
    year = returns["2024-25"]
    in_care = m.looked_after_on(year, CENSUS)
    ages = m.age_on(in_care["DOB"], CENSUS)
    assert ((ages >= 10).sum(), ages.between(10, 15).sum(), (ages >= 16).sum()) == (155, 86, 69)
    assert (ages < 1).sum() == 9
    assert (in_care["SEX"] == "M").sum() == 119
    year_before = m.looked_after_on(returns["2023-24"], pd.Timestamp(2024, 3, 31))
    assert round((year_before["SEX"] == "M").mean() * 100) == 62  # 135 of 217, as published
    shares = (m.ethnic_groups(in_care) / len(in_care) * 100).round()
    assert shares[["White", "Mixed", "Black", "Asian", "Other"]].tolist() == [74, 13, 4, 5, 1]
    assert m.grouped(in_care["LS"], m.LEGAL_GROUPS).to_dict() == {
        "Care order": 130,
        "Section 20": 44,
        "Interim care order": 35,
        "Placement order": 11,
    }
    # care orders by age (report 8.9): 123 aged 5-17, 20 aged 5-9, 4 aged 1-4
    care_orders = m.age_band(in_care["DOB"], CENSUS)[in_care["LS"] == "C2"].value_counts()
    assert (care_orders["1 to 4"], care_orders["5 to 9"]) == (4, 20)
    assert care_orders[["5 to 9", "10 to 15", "16 and over"]].sum() == 123
    # of them, with a connected person (report 8.9): 7 of the 20 aged 5-9, all 4 aged 1-4
    connected = m.connected_by_age(in_care, CENSUS)
    assert (connected["1 to 4"], connected["5 to 9"]) == (4, 7)
    uasc = in_care.loc[in_care["CHILD"].isin(year.uasc["CHILD"])]
    assert len(uasc) == 18 and (uasc["SEX"] == "M").sum() == 16
    assert (m.age_on(uasc["DOB"], CENSUS) >= 16).sum() == 17
    assert (m.placements_in_year(year, in_care["CHILD"], 2024) >= 3).sum() == 37
    ceased = m.ceased(year, 2024)
    reasons = m.grouped(ceased["REC"], m.REASON_GROUPS)
    assert reasons["Returned home to parents"] == 14 and reasons["Special guardianship order"] == 12
    assert reasons["Adopted"] == 7 and reasons["Sentenced to custody"] == 1
    assert (m.age_on(ceased["DOB"], CENSUS) >= 18).sum() == 28


def test_shares_in_the_groups_the_dfe_publishes():
    children = pd.DataFrame(
        {
            "SEX": ["M", "M", "F", "U"],
            "ETHNIC": ["WBRI", "MWBC", "NOBT", "REFU"],
            "LS": ["C1", "C2", "V2", "E1"],  # an interim care order is a care order here
        }
    )
    shares = m.published_shares(children)
    assert (shares["male"], shares["female"]) == (50, 25)  # U is neither
    assert (shares["white"], shares["mixed"], shares["ethnicity_not_known"]) == (25, 25, 50)
    assert (shares["care_order"], shares["section_20"], shares["placement_order"]) == (50, 25, 25)


def test_disability_only_when_the_list_covers_every_child():
    children = pd.DataFrame({"CHILD": ["A", "B"]})
    listed = pd.DataFrame({"CHILD": ["A", "B", "C"], "DISABLED": ["Y", "N", "Y"]})
    assert m.disabled(children, listed)["CHILD"].tolist() == ["A"]
    assert m.disabled(children, listed.iloc[[0, 2]]) is None  # B is not on the list
