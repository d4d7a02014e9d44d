"""The EES open-data loader and its validation rules (load/ees.py, validate/ees.py)."""

from __future__ import annotations

import math

import pytest

from council_reports.errors import DataError
from council_reports.validate.ees import read_ees
from tests.conftest import EES_HEADER, EES_META, EES_ROWS


def test_reads_values_and_keeps_symbols(ees_file):
    tidy = read_ees(ees_file()).tidy()
    la = tidy[(tidy["area_code"] == "800") & (tidy["indicator"] == "susp_rate")]
    current = la[la["period"] == "2023-24"].iloc[0]
    previous = la[la["period"] == "2022-23"].iloc[0]
    assert current["value"] == 13.03 and current["symbol"] == ""
    assert previous["symbol"] == "c" and math.isnan(previous["value"])
    assert set(tidy["area_code"]) == {"E92000001", "E12000009", "800"}
    assert current["unit"] == "number" and current["decimals"] == 2


AUTHORITIES = {
    "800": {
        "old_la_code": "800",
        "new_la_code": "E06000022",
        "la_name": "Bath and North East Somerset",
        "region_code": "E12000009",
        "region_name": "South West",
    }
}


def _error(ees_file, **kwargs) -> str:
    with pytest.raises(DataError) as caught:
        read_ees(ees_file(**kwargs), AUTHORITIES)
    return str(caught.value)


def test_missing_mandatory_column(ees_file):
    header = EES_HEADER.replace("time_identifier,", "")
    rows = tuple(r.replace("Academic year,", "") for r in EES_ROWS)
    message = _error(ees_file, header=header, rows=rows)
    assert message.startswith(str(ees_file().parent / "absence.csv") + ":1:time_identifier:")
    assert "missing mandatory column" in message


def test_bad_time_period_names_row_and_column(ees_file):
    rows = (EES_ROWS[0].replace("202324", "2023-24"), *EES_ROWS[1:])
    message = _error(ees_file, rows=rows)
    assert ":2:time_period: time_period '2023-24' is not a year such as 202324" in message


def test_unknown_la_code(ees_file):
    rows = (*EES_ROWS[:2], EES_ROWS[2].replace(",800,", ",999,"))
    message = _error(ees_file, rows=rows)
    assert ":4:old_la_code: unknown local authority code '999'" in message


def test_la_code_pair_must_match_reference(ees_file):
    rows = (*EES_ROWS[:2], EES_ROWS[2].replace("E06000022", "E06000023"))
    assert ":4:new_la_code: new_la_code 'E06000023' does not match LA 800" in _error(
        ees_file, rows=rows
    )


def test_bad_region_code(ees_file):
    rows = (EES_ROWS[0], EES_ROWS[1].replace("E12000009", "E1200009"))
    assert ":3:region_code: Regional row has region_code 'E1200009'" in _error(ees_file, rows=rows)


def test_text_where_a_number_or_symbol_belongs(ees_file):
    rows = (EES_ROWS[0].replace("11.31", "n/a"), *EES_ROWS[1:])
    message = _error(ees_file, rows=rows)
    assert ":2:susp_rate: susp_rate is 'n/a', neither a number nor a DfE symbol" in message


def test_thousands_separator_is_not_a_number(ees_file):
    rows = (EES_ROWS[0].replace("11.31", '"1,131"'), *EES_ROWS[1:])
    assert "neither a number nor a DfE symbol" in _error(ees_file, rows=rows)


def test_duplicate_rows(ees_file):
    message = _error(ees_file, rows=(*EES_ROWS, EES_ROWS[0]))
    assert ":6:time_period: duplicate row: same time, area and filters as row 2" in message


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # a duplicate in an earlier row than a bad value: the duplicate
        ((*EES_ROWS, EES_ROWS[0], EES_ROWS[1].replace("15.16", "-1")), ":6:time_period: duplicate"),
        # the bad value earlier than the duplicate: the value
        ((EES_ROWS[0].replace("11.31", "-1"), *EES_ROWS[1:], EES_ROWS[1]), ":2:susp_rate: susp_r"),
        # two rules broken in one row: the first a row is checked against
        ((EES_ROWS[0], EES_ROWS[1].replace("E12000009", "E1").replace("15.16", "x")), ":3:region_"),
        (
            (EES_ROWS[0].replace("20.0", "101").replace("11.31", "x"), *EES_ROWS[1:]),
            ":2:enrolments",
        ),
    ],
)
def test_the_first_row_broken_and_its_first_rule_are_named(ees_file, rows, expected):
    """The rules are checked column by column, but the error is the one reading the file row
    by row, each row rule by rule, meets first."""
    assert expected in _error(ees_file, rows=rows)


def test_column_not_in_metadata(ees_file):
    header = EES_HEADER + ",extra"
    rows = tuple(r + ",1" for r in EES_ROWS)
    assert ":1:extra: column 'extra' is not described" in _error(ees_file, header=header, rows=rows)


def test_bad_metadata_decimal_places(ees_file):
    meta = EES_META.replace("%,1,,", "%,one,,")
    assert "absence.meta.csv:3:indicator_dp" in _error(ees_file, meta=meta)


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="file not found"):
        read_ees(tmp_path / "nothing.csv")
