"""Reporting periods (periods.py)."""

from __future__ import annotations

import pytest

from council_reports.errors import ParameterError
from council_reports.periods import Period


def test_forms_of_a_period():
    period = Period.parse("2023-24")
    assert (period.time_period, period.label, str(period.previous)) == (
        "202324",
        "2023/24",
        "2022-23",
    )
    assert Period.from_time_period("202324") == period
    assert Period.parse("1999-00").end_year == 2000


@pytest.mark.parametrize("text", ["2023/24", "2023-25", "23-24", "2023"])
def test_bad_periods_say_what_is_expected(text):
    with pytest.raises(ParameterError, match="is not a year such as 2023-24"):
        Period.parse(text)


def test_time_period_that_is_not_consecutive_years():
    assert Period.from_time_period("202325") is None
