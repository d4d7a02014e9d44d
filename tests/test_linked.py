"""The linked model (present/linked.py): published figures, their classes, and relations that are
checked against the true values when they are declared."""

from __future__ import annotations

import pytest

from council_reports.errors import DisclosureError
from council_reports.present.linked import (
    CHILDREN,
    RATE,
    SERVICE,
    Model,
    Relation,
    ref_text,
)


def test_a_count_of_children_from_1_to_5_is_primary_and_nothing_else_is():
    model = Model()
    for value in (0, 1, 5, 6):
        model.add(f"children_{value}", value, CHILDREN)
    model.add("staff", 3, SERVICE)
    model.add("change", 3, CHILDREN, signed=True)
    model.add("last_year", 3, CHILDREN, public=True)
    model.add("not_available", None, CHILDREN)
    model.add("share", 3.0, RATE, decimals=1)
    primary = [variable.ref for variable in model if variable.primary]
    assert primary == ["children_1", "children_5"]


def test_references_are_table_cells_or_fact_ids():
    assert ref_text(("legal-status", "interim_care_order", "children")) == (
        "legal-status.interim_care_order.children"
    )
    assert ref_text("in_care") == "in_care"


def test_a_rate_is_shown_rounded_half_away_from_zero():
    model = Model()
    model.add("up", 0.125, RATE, decimals=2)
    model.add("down", -0.125, RATE, decimals=2)
    model.add("exact", 1 / 3, RATE)
    assert str(model["up"].shown) == "13/100" and str(model["down"].shown) == "-13/100"
    assert model["exact"].shown == 1 / 3


@pytest.mark.parametrize(
    ("value", "kind", "options", "message"),
    [
        (3, "people", {}, "unknown class"),
        (2.5, CHILDREN, {}, "whole number"),
        (-1, CHILDREN, {}, "not negative"),
        (3, CHILDREN, {"decimals": 1}, "not rounded"),
        (float("nan"), CHILDREN, {}, "not a figure"),
    ],
)
def test_a_figure_that_cannot_be_is_refused(value, kind, options, message):
    with pytest.raises(ValueError, match=message):
        Model().add("x", value, kind, **options)


def test_a_change_may_be_negative_and_a_figure_is_added_once():
    model = Model()
    model.add("change", -4, CHILDREN, signed=True)
    with pytest.raises(ValueError, match="twice"):
        model.add("change", 1, CHILDREN)


def figures(**values: float) -> Model:
    model = Model()
    for ref, value in values.items():
        model.add(ref, value, CHILDREN)
    return model


def test_relations_that_hold_are_recorded_with_their_terms():
    model = figures(total=35, a=3, b=32, copy=3)
    model.total("total", ["a", "b"])
    model.difference("a", "total", "b")
    model.same("copy", "a")
    assert [r.name for r in model.relations] == ["total", "difference", "same"]
    assert model.relations[0].terms() == {"total": -1, "a": 1, "b": 1}
    assert [r.name for r in model.related("a")] == ["total", "difference", "same"]


def test_a_part_listed_twice_counts_twice():
    assert Relation("total", ("t", "a", "a")).terms() == {"t": -1, "a": 2}


@pytest.mark.parametrize(
    ("declare", "says"),
    [
        (lambda m: m.total("t", ["a", "b"]), "t is 35 but its 2 parts add to 34"),
        (lambda m: m.difference("t", "a", "b"), "t is 35 but a - b is -28"),
        (lambda m: m.same("a", "b"), "a is 3 but b is 31"),
    ],
)
def test_figures_that_break_a_declared_relation_stop_with_one_line(declare, says):
    model = figures(t=35, a=3, b=31)
    with pytest.raises(DisclosureError) as raised:
        declare(model)
    line = str(raised.value)
    assert says in line and "\n" not in line
    assert not model.relations


def test_a_share_holds_when_the_percentage_rounds_as_shown():
    model = figures(disabled=4, in_care=220)
    model.add("share", 1.8, RATE, decimals=1)  # 1.818...% as printed
    model.share("share", "disabled", "in_care")
    model.add("wrong", 1.9, RATE, decimals=1)
    with pytest.raises(DisclosureError, match=r"wrong is 1\.9 but 100 x disabled / in_care"):
        model.share("wrong", "disabled", "in_care")


def test_an_unrounded_share_must_be_the_count_over_the_whole():
    model = figures(disabled=4, in_care=220)
    model.add("share", 100 * 4 / 220, RATE)
    model.share("share", "disabled", "in_care")
    model.add("near", 1.82, RATE)
    with pytest.raises(DisclosureError):
        model.share("near", "disabled", "in_care")


def test_a_share_of_nothing_says_nothing_and_is_not_recorded():
    model = figures(none=0, of=0)
    model.add("share", 0.0, RATE, decimals=0)
    model.share("share", "none", "of")
    assert model.relations == []


def test_relations_name_figures_in_the_model_of_the_right_classes():
    model = figures(a=3, b=4)
    model.add("staff", 3, SERVICE)
    model.add("rate", 50.0, RATE, decimals=0)
    with pytest.raises(KeyError, match="no figure c"):
        model.total("c", ["a", "b"])
    with pytest.raises(ValueError, match="different classes"):
        model.same("a", "staff")
    with pytest.raises(ValueError, match="counts and rates"):
        model.difference("rate", "a", "b")
    with pytest.raises(ValueError, match="a rate of a count"):
        model.share("a", "b", "rate")
    with pytest.raises(ValueError, match="per is a positive whole number"):
        model.share("rate", "a", "b", per=0)


def test_a_figure_not_available_is_not_checked():
    model = figures(t=10, a=3)
    model.add("x", None, CHILDREN)
    model.total("t", ["a", "x"])
    assert len(model.relations) == 1
