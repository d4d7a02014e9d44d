"""The facts ledger (ledger.py): numbers reach prose only through it."""

from __future__ import annotations

import pytest

from council_reports.ledger import Ledger


@pytest.fixture
def facts() -> Ledger:
    ledger = Ledger()
    ledger.add("pa_la", 18.3, unit="%", decimals=1, label="PA", source="absence_by_geography")
    ledger.add("pa_change", -0.2, unit="pp", decimals=1, label="PA change", source="t")
    ledger.word("pa_vs_england", "below", label="PA vs England", source="t", method="compare")
    return ledger


def test_say_fills_facts_and_words(facts):
    prose = facts.say(
        "{la} was {pa_la}, {pa_vs_england} England; it fell {pa_change:abs}.", la="B&NES"
    )
    assert str(prose) == "B&NES was 18.3%, below England; it fell 0.2 percentage points."
    assert prose._repr_markdown_() == str(prose)


def test_numbers_cannot_be_passed_as_words(facts):
    with pytest.raises(TypeError, match="through the ledger"):
        facts.say("{n} pupils", n=12)


def test_unknown_fact_is_an_error(facts):
    with pytest.raises(KeyError, match="no fact 'pa_england'"):
        facts.say("{pa_england}")


def test_a_fact_cannot_change(facts):
    facts.add("pa_la", 18.3, unit="%", decimals=1, label="PA", source="absence_by_geography")
    with pytest.raises(ValueError, match="recorded twice"):
        facts.add("pa_la", 18.4, unit="%", decimals=1, label="PA", source="absence_by_geography")


def test_text_that_is_not_a_symbol_is_refused(facts):
    with pytest.raises(ValueError, match="neither a number nor a DfE symbol"):
        facts.add("bad", "18.3", unit="%", label="x", source="t")


def test_records_round_trip(facts, tmp_path):
    path = tmp_path / "facts.json"
    import json

    path.write_text(json.dumps({"facts": facts.records()}), encoding="utf-8")
    again = Ledger.load(path)
    assert [f.id for f in again] == ["pa_la", "pa_change", "pa_vs_england"]
    assert again["pa_la"].text() == "18.3%"
    assert facts.records()[1]["text"] == "-0.2 percentage points"
