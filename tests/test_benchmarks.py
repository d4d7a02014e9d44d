"""Benchmark measures (measures/benchmarks.py), worked by hand."""

from __future__ import annotations

import pytest

from council_reports.ledger import Ledger
from council_reports.measures.benchmarks import (
    areas_for,
    change,
    compare,
    direction,
    groups_compared,
    highest,
    latest_periods,
    lookup,
    percent_change,
)
from council_reports.periods import Period
from council_reports.reports.attendance.comparisons import joined, record_comparison
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


def test_highest_names_every_group_tied_at_the_top_as_published():
    # B&NES 2023/24 suspension rates by ethnic group (seed 000 line 1552-1562), and a tie made
    # by rounding: 0.124 and 0.12 both publish as 0.12 (2 dp, half away from zero)
    rates = {"Asian": 2.76, "Black": 12.82, "Mixed": 15.93, "White": 12.93, "Other": 6.25}
    assert highest(rates, 2) == ["Mixed"]
    assert highest({"Mixed": 0.12, "White": 0.124, "Asian": "c"}, 2) == ["Mixed", "White"]
    assert highest({"Asian": "c", "Black": "x"}, 2) == []


def test_groups_compared_reads_the_published_figures():
    # severe absence 2023/24, B&NES against England (seed 000 lines 1433-1446): Black 2.8 > 1.3,
    # Mixed 3.0 > 2.4, Unclassified 5.9 > 4.3, White 2.2 < 2.6; a suppressed figure says nothing
    la = {"Black": 2.8, "Mixed": 3.0, "Unclassified": 5.9, "White": 2.2, "Other": "c"}
    england = {"Black": 1.3, "Mixed": 2.4, "Unclassified": 4.3, "White": 2.6, "Other": 1.8}
    assert groups_compared(la, england, 1, "above") == ["Black", "Mixed", "Unclassified"]
    assert groups_compared(la, england, 1, "below") == ["White"]
    assert groups_compared({"White": 2.34}, {"White": 2.26}, 1, "in line with") == ["White"]


def test_joined_lists_words_as_a_sentence_does():
    assert joined([]) == "none"
    assert joined(["Mixed"]) == "Mixed"
    assert joined(["Black", "Mixed"]) == "Black and Mixed"
    assert joined(["Black", "Mixed", "Unclassified"]) == "Black, Mixed and Unclassified"


def test_record_comparison_words_for_the_la_and_england(ees_file):
    # the fixture's suspension rate, 13.03 in 2023/24 against a suppressed 2022/23 figure:
    # the levels compare, the change cannot be worked out
    tidy = read_ees(ees_file()).tidy()
    areas = areas_for(tidy, "800")
    facts = Ledger()
    rows = tidy[tidy["indicator"] == "susp_rate"]
    year = Period.parse("2023-24")
    record_comparison(facts, rows, areas, year, key="susp", label="Suspension rate", source="t")
    assert facts["susp_la"].text() == "13.03" and facts["susp_known"].value is True
    assert facts["susp_vs_england"].text() == "above"  # 13.03 against 11.31
    assert facts["susp_vs_region"].text() == "below"  # against 15.16
    assert facts["susp_la_previous"].text() == "c"
    assert facts["susp_change_known"].value is False
    assert facts["susp_change"].text() == "x"
    assert facts["susp_england_direction"].text().startswith("changed (not comparable")


def test_record_comparison_without_rows_records_every_id_as_missing(ees_file):
    tidy = read_ees(ees_file()).tidy()
    facts = Ledger()
    empty = tidy.iloc[0:0]
    year = Period.parse("2023-24")
    areas = areas_for(tidy, "800")
    with pytest.raises(ValueError, match="unit and decimals"):
        record_comparison(facts, empty, areas, year, key="pa_ehcp", label="PA", source="t")
    record_comparison(
        facts, empty, areas, year, key="pa_ehcp", label="PA", source="t", unit="%", decimals=1
    )
    assert facts["pa_ehcp_la"].text() == "x" and facts["pa_ehcp_known"].value is False
    assert facts["pa_ehcp_vs_england"].text() == "not comparable with"
