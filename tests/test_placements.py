"""Home-to-placement distance (measures/placements.py): straight line between ONS postcode
centroids, in miles."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from council_reports.measures import looked_after as m
from council_reports.measures import placements as pl
from council_reports.validate.ssda903 import load_ssda903_years

ROOT = Path(__file__).resolve().parents[1]


def test_miles_from_grid_references():
    home = pd.Series({"oseast1m": 375000.0, "osnrth1m": 165000.0})
    placement = pd.Series({"oseast1m": 375000.0 + 3000, "osnrth1m": 165000.0 + 4000})
    assert round(pl.miles(home, placement), 4) == round(5000 / 1609.344, 4)


def test_bands_and_unknown_postcodes():
    grid = pd.DataFrame(
        {"oseast1m": [0.0, 0.0, 40000.0], "osnrth1m": [0.0, 9000.0, 0.0]}, index=["A", "B", "C"]
    )
    children = pd.DataFrame({"HOME_POST": ["A", "A", "A", "A"], "PL_POST": ["A", "B", "C", "ZZ"]})
    bands = pl.distance_bands(children, grid)
    assert bands.to_dict() == {
        "Under 5 miles": 1,
        "5 to under 10 miles": 1,
        "10 to 20 miles": 0,
        "Over 20 miles": 1,
        "Not known": 1,
    }


def test_published_distance_from_the_903():
    year = load_ssda903_years(ROOT / "data" / "iro" / "ssda903")["2024-25"]
    in_care = m.looked_after_on(year, pd.Timestamp(2025, 3, 31))
    assert pl.distance_bands(in_care, pl.postcode_grid())["Over 20 miles"] == 137
