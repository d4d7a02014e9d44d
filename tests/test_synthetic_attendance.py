"""The synthetic South West attendance rows (synthetic/attendance.py): reproducible byte for byte,
one row for every LA wherever B&NES has one, and figures that agree with each other."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from council_reports.numbers import SYMBOLS
from council_reports.reports.attendance.data import DATASETS
from council_reports.reports.attendance.synthetic import REAL_LA, write

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "attendance"
SYNTHETIC = DATA / "synthetic"
GROUPS = ("school_type", "breakdown", "social_care_group", "pupil_group")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def key(row: dict[str, str]) -> tuple[str, ...]:
    return (row["time_period"], *(row.get(c, "") for c in GROUPS))


def test_the_bundled_files_are_reproduced_byte_for_byte(tmp_path):
    folder = tmp_path / "data" / "attendance"
    folder.mkdir(parents=True)
    for path in DATA.glob("*.csv"):
        shutil.copyfile(path, folder / path.name)
    shutil.copytree(ROOT / "data" / "reference", tmp_path / "data" / "reference")
    write(folder)
    written = sorted(p.name for p in (folder / "synthetic").iterdir())
    assert written == sorted(p.name for p in SYNTHETIC.glob("*.csv"))
    for name in written:
        assert (folder / "synthetic" / name).read_bytes() == (SYNTHETIC / name).read_bytes(), name


def south_west() -> list[str]:
    with (ROOT / "data" / "reference" / "local_authorities.csv").open(encoding="utf-8") as handle:
        return [
            r["old_la_code"] for r in csv.DictReader(handle) if r["region_name"] == "South West"
        ]


def test_the_reference_list_has_the_fifteen_south_west_las():
    assert len(south_west()) == 15 and REAL_LA in south_west()


@pytest.mark.parametrize("name", DATASETS)
def test_every_other_south_west_la_has_every_row_b_and_nes_has(name):
    real = {key(r): r for r in rows(DATA / f"{name}.csv") if r["old_la_code"] == REAL_LA}
    made_up = rows(SYNTHETIC / f"{name}.csv")
    assert {r["old_la_code"] for r in made_up} == set(south_west()) - {REAL_LA}
    for code in set(south_west()) - {REAL_LA}:
        mine = {key(r): r for r in made_up if r["old_la_code"] == code}
        assert mine.keys() == real.keys(), (name, code)
        for where, row in mine.items():
            for column, value in row.items():
                if real[where][column] == "x":  # what B&NES's data lacks, theirs lacks too
                    assert value == "x", (name, code, where, column)


@pytest.mark.parametrize("name", DATASETS)
def test_the_made_up_figures_agree_with_each_other(name):
    for row in rows(SYNTHETIC / f"{name}.csv"):
        values = {c: number(v) for c, v in row.items()}
        for column, value in row.items():
            if column.endswith(("_percent", "_rate", "_exact")) and values[column] is not None:
                assert 0 <= values[column] <= 100, (row, column)
            if column in ("susp", "perm_excl", "one_plus_susp", "perm_excl_issued"):
                assert value in SYMBOLS or value.isdigit(), (row, column)
        for smaller, larger in (
            ("enrolments_pa_50_exact_percent", "enrolments_pa_10_exact_percent"),
            ("one_plus_susp_rate", "susp_rate"),
            ("perm_excl_percent", "one_plus_susp_percent"),
            ("perm_excl", "perm_excl_issued"),
            ("perm_excl_pending", "perm_excl"),
        ):
            if values.get(smaller) is not None and values.get(larger) is not None:
                assert values[smaller] <= values[larger], (row, smaller, larger)
        parts = [values.get(c) for c in ("sess_authorised_percent", "sess_unauthorised_percent")]
        if values.get("sess_overall_percent") is not None and None not in parts:
            assert values["sess_overall_percent"] == pytest.approx(sum(parts), abs=0.11)


def test_suspensions_and_exclusions_rest_on_one_number_of_pupils():
    for row in rows(SYNTHETIC / "exclusions_by_geography.csv"):
        susp, perm = number(row["susp"]), number(row["perm_excl"])
        if susp and perm:
            pupils = susp * 100 / float(row["susp_rate"])
            assert perm * 100 / pupils == pytest.approx(float(row["perm_excl_rate"]), abs=0.006)


def test_small_groups_are_suppressed_as_the_dfe_would():
    social_care = rows(SYNTHETIC / "absence_by_social_care_group.csv")
    scilly = [r for r in social_care if r["old_la_code"] == "420"]
    assert scilly and all(
        r[c] == "c"
        for r in scilly
        for c in ("sess_authorised_percent", "enrolments_pa_50_exact_percent")
    )
    assert any(r["enrolments_pa_50_exact_percent"] == "c" for r in social_care if r not in scilly)
