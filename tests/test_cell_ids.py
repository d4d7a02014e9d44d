"""Table cells' fact ids keyed by role: the same id means the same thing for every LA and year,
and facts.json says which cell each is (issue 22)."""

from __future__ import annotations

import json


def _cells(folder) -> dict[str, dict]:
    facts = json.loads((folder / "facts.json").read_text(encoding="utf-8"))["facts"]
    return {fact["id"]: fact for fact in facts if "cell" in fact}


def test_comparison_cells_have_the_same_ids_in_every_year_and_say_which_cell(built):
    this = _cells(built("attendance", "2023-24", to="html"))
    last = _cells(built("attendance", "2022-23", to="html"))
    id = "absence-geography.authorised_absence_rate.england.this_year"
    assert this[id]["cell"] == {
        "table": "absence-geography",
        "row": "authorised_absence_rate",
        "column": "england.this_year",
        "row_label": "Authorised absence rate",
        "column_label": "England 2023/24",
    }
    assert last[id]["cell"]["column_label"] == "England 2022/23"
    assert this["absence-geography.authorised_absence_rate.region.last_year"]["text"] == "5.4%"
    assert "own-figures.all_pupils_effective_permanent_exclusions.own.next_year" in this
    assert not [i for i in this if "2023" in i or "bath" in i]  # no year or LA name in an id


def test_iro_years_and_areas_are_roles(built):
    cells = _cells(built("iro", "2024-25", to="html"))
    assert cells["table-1.year_minus_4.looked_after"]["cell"]["row_label"] == "31 March 2021"
    assert cells["table-1.this_year.looked_after"]["cell"]["row_label"] == "31 March 2025"
    assert cells["targets.reviews_held_within_statutory_timescales.target.next_year"]["text"]
    assert cells["national.children_in_care.la"]["cell"]["column_label"].startswith("Bath")
    assert cells["review-timeliness.q1.on_time_share"]["cell"]["column_label"] == "% on time"
