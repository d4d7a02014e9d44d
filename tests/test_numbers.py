"""Number formatting (present/numbers.py): one set of rules for every format."""

from __future__ import annotations

import pytest

from council_reports.numbers import format_cell, format_value, round_half_up, symbol_notes


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "expected"),
    [
        (18.3, "%", 1, "18.3%"),
        (0.125, "rate", 2, "0.13"),  # half away from zero, as DfE rounds; round() gives 0.12
        (2551, "count", 0, "2,551"),
        (0.2, "pp", 1, "0.2 percentage points"),
        (1.0, "pp", 1, "1.0 percentage point"),
        (-0.04, "pp", 1, "0.0 percentage points"),  # never "-0.0"
        ("c", "%", 1, "c"),
        (None, "%", 1, "x"),
    ],
)
def test_format_value(value, unit, decimals, expected):
    assert format_value(value, unit, decimals) == expected


def test_signed_and_cells():
    assert format_value(3.75, "rate", 2, signed=True) == "+3.75"
    assert format_value(-0.04, "rate", 2, signed=True) == "-0.04"
    assert format_cell(0.2, "pp", 1, signed=True) == "+0.2 pp"
    assert format_cell("low", "pp", 1) == "low"
    assert format_cell(None, "pp", 1) == "x"


def test_round_half_up_uses_the_decimal_as_written():
    assert str(round_half_up(15.65, 1)) == "15.7"
    assert str(round_half_up(-2.675, 2)) == "-2.68"


def test_symbol_notes_in_fixed_order():
    assert symbol_notes(["x", 1.0, "c", "c"]) == [
        "c = suppressed to protect confidentiality",
        "x = not available",
    ]
