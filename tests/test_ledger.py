"""The facts ledger (ledger.py): every number prose quotes, with its provenance."""

from __future__ import annotations

import json

import pytest

from council_reports.ledger import Ledger


@pytest.fixture
def facts() -> Ledger:
    ledger = Ledger()
    ledger.add("pa_la", 18.3, unit="%", decimals=1, label="PA", source="absence_by_geography")
    ledger.add("pa_change", -0.2, unit="pp", decimals=1, label="PA change", source="t")
    ledger.word("pa_vs_england", "below", label="PA vs England", source="t", method="compare")
    ledger.condition("above_england", False, label="Above", source="t", method="compare")
    return ledger


def test_texts_follow_the_unit_and_style(facts):
    assert facts["pa_la"].text() == "18.3%"
    assert facts["pa_change"].text() == "-0.2 percentage points"
    assert facts["pa_change"].text("abs") == "0.2 percentage points"
    assert facts["pa_change"].text("signed") == "-0.2 percentage points"
    assert facts["pa_vs_england"].text() == "below"
    assert facts["above_england"].text() == "no"
    with pytest.raises(ValueError, match="unknown style"):
        facts["pa_la"].text("loud")


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "text"),
    [
        (-0.2, "pp", 1, "down 0.2 percentage points"),
        (1.0, "pp", 1, "up 1.0 percentage point"),
        (12, "count", 0, "up 12"),
        (-1234, "count", 0, "down 1,234"),
        (0, "count", 0, "unchanged"),
        (0.0, "pp", 2, "unchanged"),
        (-0.004, "pp", 2, "unchanged"),  # shown to 2 places, the change is none: never "down 0.00"
        (0.005, "pp", 2, "up 0.01 percentage points"),  # a tie, rounded half up as everywhere
        ("x", "pp", 1, "x"),
    ],
)
def test_a_change_in_words(value, unit, decimals, text):
    ledger = Ledger()
    ledger.add("change", value, unit=unit, decimals=decimals, label="A change", source="t")
    assert ledger["change"].text("change") == text


def test_what_holds_for_a_conditional_passage(facts):
    assert facts["pa_vs_england"].holds() and facts["pa_la"].holds()
    assert not facts["above_england"].holds()
    facts.add("none", 0, unit="count", label="n", source="t")
    facts.add("hidden", "c", unit="count", label="n", source="t")
    assert not facts["none"].holds() and not facts["hidden"].holds()


def test_a_fact_cannot_change(facts):
    facts.add("pa_la", 18.3, unit="%", decimals=1, label="PA", source="absence_by_geography")
    with pytest.raises(ValueError, match="recorded twice"):
        facts.add("pa_la", 18.4, unit="%", decimals=1, label="PA", source="absence_by_geography")


@pytest.mark.parametrize(
    ("value", "unit"), [("18.3", "%"), (True, "count"), (1, "text"), (1, "flag"), (1, "bananas")]
)
def test_numbers_are_numbers_or_symbols_in_a_number_unit(facts, value, unit):
    with pytest.raises(ValueError):
        facts.add("bad", value, unit=unit, label="x", source="t")


def test_words_are_text_and_ids_are_readable(facts):
    with pytest.raises(TypeError, match="a word is text"):
        facts.word("n", 12, label="x", source="t")  # type: ignore[arg-type]
    facts.add("ages.10_to_15.children", 86, unit="count", label="x", source="table ages")
    with pytest.raises(ValueError, match="use letters, digits"):
        facts.add("ages 10", 86, unit="count", label="x", source="t")


def test_records_round_trip(facts, tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({"facts": facts.records()}), encoding="utf-8")
    again = Ledger.load(path)
    assert [f.id for f in again] == ["pa_la", "pa_change", "pa_vs_england", "above_england"]
    assert again["pa_la"].text() == "18.3%" and again["above_england"].value is False
    assert facts.records()[1]["text"] == "-0.2 percentage points"


def test_a_table_cell_records_its_keys_and_other_facts_do_not(facts, tmp_path):
    from council_reports.ledger import CellKey

    key = CellKey("ages", "10_to_15", "children", "10 to 15", "Children")
    facts.add("ages.10_to_15.children", 86, unit="count", label="x", source="t", cell=key)
    records = {record["id"]: record for record in facts.records()}
    assert records["ages.10_to_15.children"]["cell"] == {
        "table": "ages",
        "row": "10_to_15",
        "column": "children",
        "row_label": "10 to 15",
        "column_label": "Children",
    }
    assert "cell" not in records["pa_la"]  # a named fact's record is as it was
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({"facts": facts.records()}), encoding="utf-8")
    assert Ledger.load(path)["ages.10_to_15.children"].cell == key


def test_a_fact_worked_out_from_made_up_figures_is_synthetic_too():
    ledger = Ledger()
    ledger.add("now", 8, unit="%", label="UASC share", source="t")
    ledger.add("before", 11, unit="%", label="a year before", source="t", synthetic=True)
    change = ledger.add("change", -3, unit="pp", label="change", source="t", of=("now", "before"))
    assert change.synthetic and not ledger["now"].synthetic
    with pytest.raises(ValueError, match="not recorded"):
        ledger.add("rate", 1, unit="%", label="x", source="t", of=("nowhere",))


def test_facts_from_made_up_data_are_synthetic_unless_the_council_published_them():
    ledger = Ledger()
    with ledger.from_data(made_up=True, published={"in_care"}):
        ledger.add("in_care", 220, unit="count", label="in care", source="903")
        ledger.add("moves", 40, unit="count", label="two placements", source="903")
        ledger.add("share", 60, unit="%", label="of all", source="903", of=("in_care",))
    ledger.add("england", 67, unit="per10k", label="England", source="DfE")
    assert [f.synthetic for f in ledger] == [False, True, False, False]


def test_a_comparison_records_its_sides_and_whether_it_is_a_finding():
    ledger = Ledger()
    ledger.add("share", 8, unit="%", label="UASC share", source="t")
    ledger.add("before", 8, unit="%", label="a year before", source="t", synthetic=True)
    ledger.add("england", 9, unit="%", label="England", source="t")
    ledger.compare("vs_before", "in line with", of=("share", "before"), **WHY)
    ledger.compare("vs_england", "below", of=("share", "england"), **WHY)
    ledger.compare("vs_missing", "not comparable with", of=("share", "england"), **WHY)
    assert ledger["vs_before_illustrative"].value and not ledger["vs_before_finding"].value
    assert ledger["vs_england_finding"].value and not ledger["vs_england_illustrative"].value
    assert not ledger["vs_missing_finding"].value  # no comparison could be made
    assert ledger["vs_england"].of == ("share", "england")
    with pytest.raises(ValueError, match="of two facts"):
        ledger.compare("bad", "above", of=("share", "england", "before"), **WHY)


def test_provenance_is_written_only_where_it_says_something(tmp_path):
    ledger = Ledger()
    ledger.add("a", 1, unit="count", label="a", source="t", synthetic=True)
    ledger.add("b", 2, unit="count", label="b", source="t", of=("a",))
    ledger.add("c", 3, unit="count", label="c", source="t")
    records = ledger.records()
    assert records[0]["synthetic"] is True and "of" not in records[0]
    assert records[1]["of"] == ["a"] and "synthetic" not in records[2]
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({"facts": records}), encoding="utf-8")
    again = Ledger.load(path)
    assert again["b"].synthetic and again["b"].of == ("a",) and not again["c"].synthetic


WHY = {"label": "compared", "source": "t", "method": "compared as shown"}
