"""An LA against its statistical neighbours (measures/neighbours.py): LAIT's mean of the
neighbours with a figure, and the LA's rank among them by the measure's polarity."""

from __future__ import annotations

import csv

import pytest

from council_reports.measures.neighbours import (
    figures,
    neighbour_average,
    rank_among_neighbours,
)
from council_reports.periods import Period
from council_reports.validate.national import read_national
from tests.conftest import DATA

TEN = ("a", "b", "c", "d", "e", "f", "g", "h", "i", "j")


def test_the_average_is_the_mean_of_the_neighbours_with_a_figure():
    values = {code: float(n) for n, code in enumerate(TEN, start=1)} | {"c": "c", "j": "x"}
    del values["e"]  # no row at all
    average = neighbour_average(values, TEN)
    assert average.included == ("a", "b", "d", "f", "g", "h", "i")
    assert average.left_out == ("c", "e", "j")
    assert average.value == pytest.approx((1 + 2 + 4 + 6 + 7 + 8 + 9) / 7)


def test_no_neighbour_with_a_figure_gives_no_average():
    average = neighbour_average(dict.fromkeys(TEN, "x"), TEN)
    assert average.value is None and average.included == () and len(average.left_out) == 10


@pytest.mark.parametrize(
    ("polarity", "position"),
    [("Low", 3), ("High", 4)],  # 5.0 against 1, 2, 5 (tied), 7, 8, 9 and two symbols
)
def test_the_rank_puts_the_best_first_and_ties_share_the_better_place(polarity, position):
    values = {"la": 5.0, "a": 1.0, "b": 2.0, "c": 5.0, "d": 7.0, "e": 8.0, "f": 9.0}
    values |= {"g": "c", "h": "x"}
    rank = rank_among_neighbours("la", values, ("a", "b", "c", "d", "e", "f", "g", "h"), polarity)
    assert (rank.position, rank.out_of, rank.left_out) == (position, 7, ("g", "h"))


def test_no_rank_without_a_better_direction_or_a_figure():
    assert rank_among_neighbours("la", {"la": 5.0, "a": 1.0}, ("a",), "-") is None
    assert rank_among_neighbours("la", {"la": "c", "a": 1.0}, ("a",), "Low") is None


def test_b_and_nes_against_its_neighbours_from_the_national_files():
    """Persistent absence 2023/24, by hand from data/national/absence.csv."""
    national = read_national(DATA / "national")
    frame = national.tidy("absence")
    values = figures(
        frame,
        period=Period(2023),
        indicator="enrolments_pa_10_exact_percent",
        school_type="Total",
    )
    neighbours = national.neighbours["800"]
    with (DATA / "national" / "absence.csv").open(encoding="utf-8") as handle:
        by_hand = {
            row["old_la_code"]: float(row["enrolments_pa_10_exact_percent"])
            for row in csv.DictReader(handle)
            if row["time_period"] == "202324" and row["old_la_code"] in neighbours
        }
    average = neighbour_average(values, neighbours)
    assert len(by_hand) == 10 and average.left_out == ()
    assert average.value == pytest.approx(sum(by_hand.values()) / 10)
    rank = rank_among_neighbours("800", values, neighbours, "Low")
    assert rank.position == 1 + sum(v < values["800"] for v in by_hand.values())
    assert rank.out_of == 11
