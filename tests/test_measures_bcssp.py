"""BCSSP measures (measures/bcssp.py), worked by hand from the partnership's key."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from council_reports.measures.bcssp import (
    AMBER,
    BLUE,
    GREEN,
    NIL,
    RED,
    TBC,
    Reading,
    agency_summary,
    rate,
    rate_all,
    rolling_change,
    target_mismatches,
)
from council_reports.reports.bcssp import targets
from council_reports.validate.returns import load_bcssp_returns

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


def test_ratings_carry_a_word_and_letter_besides_colour():
    assert (RED.name, RED.letter) == ("Red", "R") and RED.colour.startswith("#")


def test_published_kpi_table_ratings_and_summaries():
    returns = load_bcssp_returns(ROOT / "data" / "bcssp" / "2023-24", ROOT / "data" / "reference")
    agreed = targets(ROOT / "data" / "bcssp")
    rated = rate_all(returns.training_kpis, agreed).set_index(["kpi", "agency"])["rating"]
    assert rated[("1.1", "Children's Social Care")] == "Red"  # 33 against 85
    assert rated[("1.2", "Children's Social Care")] == "Amber"  # 74 against 85
    assert rated[("1.1", "RUH")] == "Green"  # 90 against 85
    assert rated[("1.8", "Oxford Health")] == "Amber"  # 76 against 90
    assert rated[("1.1", "Health watch")] == "Blue"
    assert rated[("1.2", "Avon Fire & Rescue")] == "To be confirmed"
    summary = agency_summary(rate_all(returns.training_kpis, agreed)).set_index("agency")
    assert summary.loc["Action for Children"].tolist() == [16, 16]
    assert summary.loc["Adult Social Care"].tolist() == [10, 0]
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
