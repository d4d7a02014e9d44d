"""Home-to-placement distance (measures/placements.py): straight line between ONS postcode
centroids, in miles."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from council_reports.load.ssda903 import load_ssda903_years
from council_reports.measures import looked_after as m
from council_reports.measures import placements as pl

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


def test_placement_areas_name_the_nearby_las_then_the_region_then_the_rest():
    grid = pd.DataFrame({"laua": ["E1", "E2", "E3", "W9"]}, index=["A", "B", "C", "D"])
    children = pd.DataFrame({"PL_POST": ["A", "A", "B", "C", "D", "ZZ", ""]})
    areas = pl.placement_areas(
        children, grid, {"E1": "Here", "E2": "Next door"}, {"E1", "E2", "E3"}, region_name="X"
    )
    assert areas.to_dict() == {
        "Here": 2,
        "Next door": 1,
        "Elsewhere in X": 1,
        "Outside X": 1,
        "Not known": 2,  # a postcode not in the ONS list, or none
    }


def test_unaccompanied_children_placed_nearby_as_published():
    # "55% of UASC placed within Keynsham or Bristol" (report 10.3): 10 of the 18 is 56%
    year = load_ssda903_years(ROOT / "data" / "iro" / "ssda903")["2024-25"]
    uasc = m.unaccompanied(m.looked_after_on(year, pd.Timestamp(2025, 3, 31)), year)
    nearby = {"E06000022": "B&NES", "E06000023": "Bristol"}
    areas = pl.placement_areas(uasc, pl.postcode_grid(), nearby, set(), region_name="-")
    assert (len(uasc), areas[["B&NES", "Bristol"]].sum()) == (18, 10)
