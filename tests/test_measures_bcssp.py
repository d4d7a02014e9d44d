"""BCSSP measures (measures/bcssp.py), worked by hand from the partnership's key."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from council_reports.reports.bcssp.data import kpi_list
from council_reports.reports.bcssp.measures import (
    AMBER,
    BLUE,
    GREEN,
    NIL,
    RED,
    TBC,
    Reading,
    rate,
    rate_all,
    rating_counts,
    reconcile,
    rolling_change,
    share,
    summary,
    target_mismatches,
    targets,
    with_total,
    yearly_change,
)
from council_reports.reports.bcssp.returns import load_bcssp_returns

ROOT = Path(__file__).resolve().parents[1]
NAN = math.nan


@pytest.mark.parametrize(
    ("value", "symbol", "target", "reading", "rating"),
    [
        (90, "", 85, Reading.POINTS, GREEN),  # met
        (85, "", 85, Reading.POINTS, GREEN),  # exactly met
        (70, "", 85, Reading.POINTS, AMBER),  # exactly 15 points below: not "more than"
        (69.9, "", 85, Reading.POINTS, RED),
        (72.25, "", 85, Reading.RELATIVE, AMBER),  # exactly 15% of 85 below
        (72.0, "", 85, Reading.RELATIVE, RED),
        (71, "", 85, Reading.POINTS, AMBER),  # the two readings differ here
        (71, "", 85, Reading.RELATIVE, RED),
        (NAN, "N/A", 85, Reading.POINTS, BLUE),
        (NAN, "/", 85, Reading.POINTS, NIL),
        (NAN, "TBC", 85, Reading.POINTS, TBC),
    ],
)
def test_rating_key(value, symbol, target, reading, rating):
    assert rate(value, symbol, target, reading) is rating


def test_ratings_carry_a_word_and_a_letter_or_symbol():
    assert [(r.name, r.letter) for r in (RED, AMBER, GREEN, BLUE)] == [
        ("Red", "R"),
        ("Amber", "A"),
        ("Green", "G"),
        ("Blue", "N/A"),  # the key: Blue = N/A, so a not-applicable cell reads "N/A"
    ]


def test_published_kpi_table_ratings_and_summaries():
    returns = load_bcssp_returns(ROOT / "data" / "bcssp" / "2023-24", ROOT / "data" / "reference")
    agreed = targets(kpi_list(ROOT / "data" / "bcssp"))
    rated = rate_all(returns.training_kpis, agreed).set_index(["kpi", "agency"])["rating"]
    assert rated[("1.1", "Children's Social Care")] == "Red"  # 33 against 85
    assert rated[("1.2", "Children's Social Care")] == "Amber"  # 74 against 85
    assert rated[("1.1", "RUH")] == "Green"  # 90 against 85
    assert rated[("1.8", "Oxford Health")] == "Amber"  # 76 against 90
    assert rated[("1.1", "Health watch")] == "Blue"
    assert rated[("1.2", "Avon Fire & Rescue")] == "To be confirmed"
    by_agency = summary(rate_all(returns.training_kpis, agreed), "agency").set_index("agency")
    # rated, met, amber, red: Action for Children 100% throughout; Adult Social Care's ten
    # figures from 0 to 39 are all more than 15 points short
    assert by_agency.loc["Action for Children"].tolist() == [16, 16, 0, 0]
    assert by_agency.loc["Adult Social Care"].tolist() == [10, 0, 0, 10]
    # Children's Social Care: 33 and 54 (against 85 and 100) red, 55 against 90 red; 74, 73,
    # 68, 67, 72 and 87 amber; 100, 100, 93 green
    assert by_agency.loc["Children's Social Care"].tolist() == [12, 3, 6, 3]
    by_kpi = summary(rate_all(returns.training_kpis, agreed), "kpi").set_index("kpi")
    assert by_kpi.index.tolist()[:3] == ["1.1", "1.2", "1.3"]  # the return's order
    assert by_kpi.loc["1.9"].tolist() == [15, 15, 0, 0]
    mismatch = target_mismatches(returns.training_kpis, agreed)
    assert mismatch.to_dict("records") == [{"kpi": "1.11", "target": 90.0, "agreed_target": 80.0}]


def test_police_changes_as_published():
    police = pd.DataFrame(
        {
            "section": ["x", "x", "x"],
            "measure": ["reports", "neglect", "none before"],
            "current": [282, 172, 3],
            "previous": [178, 64, 0],
        }
    )
    changed = rolling_change(police)
    assert changed["change"].tolist() == [104, 108, 3]
    assert changed["percent_change"].tolist()[:2] == [58.4, 168.8]
    assert pd.isna(changed["percent_change"].tolist()[2])  # no % change from 0


def test_rating_counts_cover_every_cell():
    rated = pd.DataFrame({"rating": ["Green", "Green", "Red", "Blue", "To be confirmed"]})
    counts = rating_counts(rated)
    assert counts == {
        "Green": 2,
        "Amber": 0,
        "Red": 1,
        "Blue": 1,
        "Nil or narrative response": 0,
        "To be confirmed": 1,
    }


def test_with_total_adds_each_count_column():
    frame = pd.DataFrame(
        {"Source": ["Police", "Schools"], "Contacts": [2150, 1480], "Referrals": [366, 281]}
    )
    total = with_total(frame)
    assert total.iloc[-1].tolist() == ["Total", 3630, 647]
    assert len(frame) == 2  # the input is not changed


def test_share_of_a_whole_and_of_nothing():
    # 366 referrals from 2,150 contacts is 17.02...%; nothing from nothing is no share at all
    shares = share(pd.Series([366, 0]), pd.Series([2150, 0]))
    assert shares.iloc[0] == pytest.approx(17.0233, abs=1e-4)
    assert pd.isna(shares.iloc[1])
    assert share(pd.Series([997]), 6650).iloc[0] == pytest.approx(14.99, abs=0.01)


def test_a_total_and_its_parts_as_the_adult_return_gives_them():
    # the published report: 1,603 concerns, of which 343 went to s42(2) enquiries, 673 to
    # s42(1) enquiries and 517 did not meet the s42(1) criteria: 1,533, so 70 are unaccounted
    concerns = reconcile(
        "adult-safeguarding",
        ("concerns received", 1603.0),
        "the outcomes",
        {"s42(2)": 343.0, "s42(1)": 673.0, "not s42(1)": 517.0},
    )
    assert (concerns.total, concerns.parts_total, concerns.unaccounted) == (1603, 1533, 70)
    assert not concerns.adds_up
    assert concerns.parts == (("s42(2)", 343), ("s42(1)", 673), ("not s42(1)", 517))


def test_breakdowns_of_the_same_counts_that_agree_and_that_do_not():
    # contacts by quarter against contacts by source: 6,650 both ways adds up; a quarter one
    # short leaves 1 unaccounted, and parts that come to more leave a negative remainder
    by_quarter = {"Q1": 1663, "Q2": 1596, "Q3": 1729, "Q4": 1662}
    assert reconcile("csc-referrals", ("contacts", 6650), "the quarters", by_quarter).adds_up
    short = by_quarter | {"Q1": 1662}
    assert reconcile("csc-referrals", ("contacts", 6650), "q", short).unaccounted == 1
    more = by_quarter | {"Q1": 1670}
    assert reconcile("csc-referrals", ("contacts", 6650), "q", more).unaccounted == -7


def test_yearly_change_counts_and_percentage_points():
    measures = pd.DataFrame(
        {
            "measure": ["Concerns", "Asked (%)", "New measure"],
            "unit": ["count", "percent", "count"],
            "value": [1603, 81, 5],
            "previous": [1654, 57, NAN],  # the return's Year before: blank for the new one
        }
    )
    changed = yearly_change(measures)
    assert changed["previous"].tolist()[:2] == [1654, 57]
    assert changed["change"].tolist()[:2] == [-51, 24]  # 81% against 57%: +24 points
    assert changed[["previous", "change"]].iloc[2].isna().all()  # no earlier figure
