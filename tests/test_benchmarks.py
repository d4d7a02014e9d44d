"""Benchmark measures (measures/benchmarks.py), worked by hand."""

from __future__ import annotations

import pytest

from council_reports.measures.benchmarks import (
    areas_for,
    change,
    compare,
    direction,
    latest_periods,
    lookup,
    percent_change,
)
from council_reports.periods import Period
from council_reports.validate.ees import read_ees


@pytest.mark.parametrize(
    ("value", "benchmark", "decimals", "word"),
    [
        (18.3, 20.0, 1, "below"),
        (2.3, 2.3, 1, "in line with"),
        (2.34, 2.26, 1, "in line with"),  # both publish as 2.3
        (13.03, 11.31, 2, "above"),
        ("c", 5.7, 1, None),  # nothing can be said about a suppressed figure
    ],
)
def test_compare_as_published(value, benchmark, decimals, word):
    assert compare(value, benchmark, decimals) == word


def test_change_between_published_figures():
    assert change(18.3, 18.1, 1) == pytest.approx(0.2)
    assert change(13.03, 9.28, 2) == pytest.approx(3.75)
    assert change("c", 9.28, 2) is None
    assert (
        direction(0.2) == "rose"
        and direction(-0.1) == "fell"
        and direction(0.0) == "did not change"
    )


def test_percent_change_as_the_bcssp_police_table_needs():
    # 282 missing-children reports against 178 the year before: +104, +58.4%
    assert round(percent_change(282, 178), 1) == 58.4
    assert round(percent_change(172, 64), 1) == 168.8
    assert percent_change(5, 0) is None


def test_areas_lookup_and_latest_periods(ees_file):
    tidy = read_ees(ees_file()).tidy()
    areas = areas_for(tidy, "800")
    assert areas.names == ("Bath and North East Somerset", "South West", "England")
    year = Period.parse("2023-24")
    assert lookup(tidy, area="800", period=year, indicator="susp_rate") == 13.03
    assert lookup(tidy, area="800", period=year.previous, indicator="susp_rate") == "c"
    assert latest_periods(tidy, "800", year) == (year, year.previous)
    assert latest_periods(tidy, "800", year.previous) == (year.previous,)
