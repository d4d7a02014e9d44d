"""Suppression over the linked model and the audit that proves it (present/audit.py).

Each worked example is a way hidden counts came back from a public build (issue 26): the test
shows that the audit finds the leak in what table-by-table suppression hides, and that
suppression over the linked model leaves nothing a reader can work out. The property tests run
both on random linked tables, and check the audit's ranges against brute force."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from council_reports.errors import DisclosureError
from council_reports.numbers import round_half_up
from council_reports.present.audit import (
    EXACT,
    PRIMARY,
    SECONDARY,
    SHOWN,
    SMALL,
    WITH_COUNT,
    audit,
    suppress,
)
from council_reports.present.linked import CHILDREN, RATE, SERVICE, Model, Ref


def leaks(model: Model, hidden: set[Ref]) -> dict[Ref, tuple[str, float | None, float | None]]:
    return {f.ref: (f.leak, f.low, f.high) for f in audit(model, hidden) if f.leak}


def counts(model: Model, kind: str = CHILDREN, **values: int) -> None:
    for ref, value in values.items():
        model.add(ref, value, kind)


def assert_safe(model: Model, hidden: set[Ref]) -> None:
    assert leaks(model, hidden) == {}
    assert {v.ref for v in model if v.primary} <= hidden


# Worked examples ---------------------------------------------------------------------------


def age_by_legal_status() -> Model:
    """Interim care orders by age (one table) and their total in the legal status table: the
    shown cells add to 32, the total is 35."""
    model = Model()
    ages = {"under_1": 3, "1_to_4": 6, "5_to_9": 7, "10_to_15": 11, "16_and_over": 8}
    for age, value in ages.items():
        model.add(("age-by-legal-status", age, "interim_care_order"), value, CHILDREN)
    model.add(("legal-status", "interim_care_order", "children"), 35, CHILDREN)
    model.total(
        ("legal-status", "interim_care_order", "children"),
        [("age-by-legal-status", age, "interim_care_order") for age in ages],
    )
    return model


def test_two_tables_sharing_a_margin():
    model = age_by_legal_status()
    under_1 = ("age-by-legal-status", "under_1", "interim_care_order")
    # table by table: the age table hides its 3 (it has no total of its own), the legal status
    # table shows 35, and 35 - 32 = 3
    assert leaks(model, {under_1}) == {under_1: (EXACT, 3, 3)}
    result = suppress(model)
    assert result.hidden == {
        under_1: PRIMARY,
        ("age-by-legal-status", "1_to_4", "interim_care_order"): SECONDARY,  # the next smallest
    }
    assert_safe(model, set(result.hidden))
    assert [f.record() for f in result.findings] == [
        {"cell": "age-by-legal-status.under_1.interim_care_order", "reason": "primary",
         "range": [0, 9]},
        {"cell": "age-by-legal-status.1_to_4.interim_care_order", "reason": "secondary",
         "range": [0, 9]},
    ]  # fmt: skip


def test_a_row_total_in_another_table():
    # 16 and over: 69 in the ages table, and by legal status 8 + 40 + 1 + 20: the 1 on a
    # placement order is 69 - 68; then 1 to 4 on a placement order is the placement order
    # total, 34, less the other ages
    model = Model()
    statuses = ("interim_care_order", "care_order", "placement_order", "section_20")
    cells = {
        "under_1": (2, 0, 0, 9),
        "1_to_4": (6, 10, 3, 12),
        "10_to_15": (11, 60, 30, 25),
        "16_and_over": (8, 40, 1, 20),
    }
    for age, row in cells.items():
        for status, value in zip(statuses, row, strict=True):
            model.add(("age-by-legal-status", age, status), value, CHILDREN)
        model.add(("ages", age, "children"), sum(row), CHILDREN)
        model.total(("ages", age, "children"), [("age-by-legal-status", age, s) for s in statuses])
    for i, status in enumerate(statuses):
        model.add(("legal-status", status, "children"), sum(r[i] for r in cells.values()), CHILDREN)
        model.total(
            ("legal-status", status, "children"),
            [("age-by-legal-status", age, status) for age in cells],
        )
    primary = {v.ref for v in model if v.primary}
    found = leaks(model, primary)
    assert found[("age-by-legal-status", "16_and_over", "placement_order")] == (EXACT, 1, 1)
    assert found[("age-by-legal-status", "1_to_4", "placement_order")] == (EXACT, 3, 3)
    assert_safe(model, set(suppress(model).hidden))


def leaving_care() -> Model:
    """Children who left care by reason, and a sentence: "73 children left care other than by
    adoption", the table's total less one of its rows."""
    model = Model()
    counts(model, adopted=7, custody=3, special_guardianship=20, home=50, left=80)
    model.total("left", ["adopted", "custody", "special_guardianship", "home"])
    counts(model, not_adopted=73)
    model.difference("not_adopted", "left", "adopted")
    return model


def test_a_prose_count_that_is_a_tables_remainder():
    model = leaving_care()
    # the table alone hides the 3 and the next smallest, the 7 adopted; the sentence gives the
    # 7 back (80 - 73), and with it the 3
    table_by_table = {"custody", "adopted"}
    assert leaks(model, table_by_table) == {"custody": (EXACT, 3, 3), "adopted": (EXACT, 7, 7)}
    result = suppress(model)
    assert "not_adopted" in result.hidden or "left" in result.hidden
    assert_safe(model, set(result.hidden))


def test_a_prose_count_that_is_a_cell_is_hidden_with_it():
    # "the young person who received a custodial sentence" is the table's custody cell
    model = leaving_care()
    counts(model, custody_in_prose=3)
    model.same("custody_in_prose", "custody")
    result = suppress(model)
    assert result.hidden["custody_in_prose"] == PRIMARY
    assert_safe(model, set(result.hidden))


def police() -> Model:
    """Children brought into custody this year (3), last year's figure from last year's public
    build (9), the change (-6) and the % change (-66.7)."""
    model = Model()
    model.add("custody", 3, CHILDREN)
    model.add("custody_last_year", 9, CHILDREN, public=True)
    model.add("change", -6, CHILDREN, signed=True)
    model.difference("change", "custody", "custody_last_year")
    model.add("change_percent", -600 / 9, RATE, decimals=1)
    model.share("change_percent", "change", "custody_last_year")
    return model


def test_a_year_on_year_difference_with_last_years_count_published():
    model = police()
    assert leaks(model, {"custody"}) == {"custody": (EXACT, 3, 3)}  # 9 - 6
    # hiding the change is not enough while its percentage of last year's 9 is shown
    assert leaks(model, {"custody", "change"})["custody"][0] == EXACT
    result = suppress(model)
    assert result.hidden == {"custody": PRIMARY, "change": SECONDARY, "change_percent": WITH_COUNT}
    assert_safe(model, set(result.hidden))


def disabled(decimals: int) -> Model:
    """4 disabled children of the 220 in care, and their share to ``decimals`` places."""
    model = Model()
    counts(model, disabled=4, in_care=220)
    model.add("disabled_share", 100 * 4 / 220, RATE, decimals=decimals)
    model.share("disabled_share", "disabled", "in_care")
    return model


def test_a_percentage_of_a_published_denominator():
    # 1.8% of 220 children in care is 3.85 to 4.07 children: 4
    model = disabled(1)
    assert leaks(model, {"disabled"}) == {"disabled": (EXACT, 4, 4)}
    result = suppress(model)
    assert result.hidden == {"disabled": PRIMARY, "disabled_share": WITH_COUNT}
    assert_safe(model, set(result.hidden))


def test_a_percentage_that_narrows_a_count_to_1_to_5_leaks():
    # 2% (to the nearest whole) of 220 is 3.3 to 5.5 children: 4 or 5, small either way
    model = disabled(0)
    assert leaks(model, {"disabled"}) == {"disabled": (SMALL, 4, 5)}


def test_non_negative_counts_can_give_a_cell_away_when_every_total_has_two_unknowns():
    # Placement orders (3) and section 20 (5) under 1, none aged 1: hiding all four cells
    # leaves two unknowns in every row and column, as the rule of thumb wants, but counts are
    # not negative, so the row of 0 is 0 and the 3 is 3 again.
    model = Model()
    counts(model, po_under_1=3, s20_under_1=5, po_aged_1=0, s20_aged_1=0)
    counts(model, under_1=8, aged_1=0, po=3, s20=5, all=8)
    model.total("under_1", ["po_under_1", "s20_under_1"])
    model.total("aged_1", ["po_aged_1", "s20_aged_1"])
    model.total("po", ["po_under_1", "po_aged_1"])
    model.total("s20", ["s20_under_1", "s20_aged_1"])
    model.total("all", ["under_1", "aged_1"])
    model.total("all", ["po", "s20"])
    inner = {"po_under_1", "s20_under_1", "po_aged_1", "s20_aged_1"}
    assert leaks(model, inner)["po_under_1"] == (EXACT, 3, 3)
    assert_safe(model, set(suppress(model).hidden))


@pytest.mark.parametrize(
    ("inner", "rule_of_thumb", "leak"),
    [
        (
            [[5, 15, 2], [2, 0, 0], [30, 1, 3], [3, 0, 0]],
            ["all.c1", "all.c2", "r0.c0", "r0.c1", "r0.c2", "r1.all", "r1.c0", "r2.c1", "r2.c2",
             "r3.all", "r3.c0"],
            ("r0.c0", (EXACT, 5, 5)),
        ),
        (
            [[2, 9, 9, 1], [4, 5, 2, 0], [2, 0, 3, 3], [4, 5, 5, 10]],
            ["r0.c0", "r0.c3", "r1.c0", "r1.c1", "r1.c2", "r2.c0", "r2.c2", "r2.c3", "r3.c0",
             "r3.c1", "r3.c2"],
            ("r2.c3", (SMALL, 1, 4)),
        ),
    ],
)  # fmt: skip
def test_two_unknowns_in_every_total_can_still_give_a_count_away(inner, rule_of_thumb, leak):
    # What table-by-table suppression (and the rule of thumb over the linked model) hides in
    # these tables leaves no total with one unknown, yet counts are whole and not negative, so
    # a reader can still work a count out, or tell it is from 1 to 5.
    model = Model()
    two_way(model, "t", inner)
    hidden = {("t", *cell.split(".")) for cell in rule_of_thumb}
    cell, found = leak
    assert leaks(model, hidden)[("t", *cell.split("."))] == found
    assert_safe(model, set(suppress(model).hidden))


def test_a_percentage_point_change_against_last_years_percentage():
    # 1.8% of 220 is hidden with its 4 children, but last year's 2.3% (public) and a change of
    # -0.5 points put it between 1.70% and 1.90%, so the count between 3.7 and 4.2: 4
    model = disabled(1)
    model.add("share_last_year", 2.3, RATE, decimals=1, public=True)
    model.add("share_change", 100 * 4 / 220 - 2.3, RATE, decimals=1)
    model.difference("share_change", "disabled_share", "share_last_year")
    assert leaks(model, {"disabled", "disabled_share"})["disabled"] == (EXACT, 4, 4)
    result = suppress(model)
    assert result.hidden == {
        "disabled": PRIMARY,
        "disabled_share": WITH_COUNT,
        "share_change": SECONDARY,
    }
    assert_safe(model, set(result.hidden))


def test_a_count_that_is_0_or_6_and_over_to_a_reader_is_safe():
    # two counts of children adding to 7: each could be 0 to 7
    model = Model()
    counts(model, male=5, female=2, all=7)
    model.total("all", ["male", "female"])
    result = suppress(model)
    assert result.hidden == {"male": PRIMARY, "female": PRIMARY}
    assert [(f.low, f.high) for f in result.findings] == [(0, 7), (0, 7)]


def test_a_figure_not_available_leaves_the_total_standing():
    # 3 + 0 + x = 10: the 3 could be anything from 0 to 10 (table-by-table suppression hides
    # the total as well)
    model = Model()
    counts(model, n1=3, n2=0, all=10)
    model.add("n3", None, CHILDREN)
    model.total("all", ["n1", "n2", "n3"])
    result = suppress(model)
    assert result.hidden == {"n1": PRIMARY}
    assert (result.findings[0].low, result.findings[0].high) == (0, 10)


def test_service_counts_are_hidden_only_when_nothing_else_protects_a_child():
    model = Model()
    counts(model, SERVICE, stage_1=2, stage_2=3, stages=5)  # small, but not about children
    model.total("stages", ["stage_1", "stage_2"])
    counts(model, children_referred=4)
    counts(model, SERVICE, referrals=14, staff=11)
    counts(model, other_children=10)
    model.total("referrals", ["children_referred", "other_children"])  # a child's count first
    counts(model, SERVICE, meetings=30, other_meetings=26)
    model.total("meetings", ["children_referred", "other_meetings"])  # only service counts
    result = suppress(model)
    assert result.hidden == {
        "children_referred": PRIMARY,
        "other_children": SECONDARY,
        "other_meetings": SECONDARY,  # 26 before 30: the smallest
    }


def test_0_is_hidden_only_when_no_other_figure_would_do():
    model = Model()
    counts(model, a=3, b=0, c=9, all=12)
    model.total("all", ["a", "b", "c"])
    assert suppress(model).hidden == {"a": PRIMARY, "c": SECONDARY}


def test_the_same_count_is_hidden_everywhere_it_appears():
    model = age_by_legal_status()
    model.add("under_1_ico_in_prose", 3, CHILDREN)
    model.same("under_1_ico_in_prose", ("age-by-legal-status", "under_1", "interim_care_order"))
    model.add("copy_of_1_to_4", 6, CHILDREN)
    model.same(("age-by-legal-status", "1_to_4", "interim_care_order"), "copy_of_1_to_4")
    hidden = suppress(model).hidden
    assert {"under_1_ico_in_prose", "copy_of_1_to_4"} <= set(hidden)
    # shown in one place only, the count is shown
    shown_once = hidden.keys() - {"copy_of_1_to_4"}
    assert leaks(model, shown_once)[("age-by-legal-status", "1_to_4", "interim_care_order")][0]


def test_a_primary_count_that_is_shown_is_a_leak():
    model = Model()
    counts(model, a=3)
    finding = audit(model, set())[0]
    assert (finding.leak, finding.reason) == (SHOWN, PRIMARY)
    assert finding.line() == "a is a count of children from 1 to 5 and is shown"


def test_what_follows_from_public_figures_alone_stops_the_build_naming_the_cell():
    # this year's count is last year's (public) plus a change published elsewhere before
    model = Model()
    model.add("custody", 3, CHILDREN)
    model.add("last_year", 9, CHILDREN, public=True)
    model.add("change_last_year", -6, CHILDREN, signed=True, public=True)
    model.difference("change_last_year", "custody", "last_year")
    with pytest.raises(DisclosureError) as raised:
        suppress(model)
    line = str(raised.value)
    assert line.startswith("custody can be worked out as 3 from what is published")
    assert "\n" not in line


def test_a_percentage_of_a_hidden_whole_linked_to_more_figures_is_refused():
    model = Model()
    counts(model, a=3, whole=40, other=37)
    model.total("whole", ["a", "other"])
    model.add("p", 7.5, RATE, decimals=1)
    model.add("p_last_year", 5.0, RATE, decimals=1, public=True)
    model.add("p_change", 2.5, RATE, decimals=1)
    model.share("p", "a", "whole")
    model.difference("p_change", "p", "p_last_year")
    with pytest.raises(DisclosureError, match="cannot audit p: a percentage of a hidden whole"):
        audit(model, {"a", "p", "whole"})


def test_the_audit_record_holds_ranges_never_the_figures():
    result = suppress(police())
    records = json.loads(json.dumps(result.records()))
    assert {tuple(r) for r in records} == {("cell", "reason", "range")}
    assert [r["cell"] for r in records] == ["custody", "change", "change_percent"]
    assert records[0]["range"] == [0, None]  # unbounded above: null


def test_a_figure_not_available_cannot_be_hidden():
    model = Model()
    model.add("x", None, CHILDREN)
    with pytest.raises(ValueError, match="not available"):
        audit(model, {"x"})


# Properties ----------------------------------------------------------------------------------

# mostly small counts (0 among them), so that primary cells crowd together as in a breakdown of
# a small group
small_or_not = st.one_of(st.integers(0, 5), st.just(0), st.integers(0, 5), st.integers(6, 40))


def two_way(model: Model, name: str, inner: list[list[int]]) -> None:
    """A table with row totals, column totals and a grand total, each declared."""
    rows, columns = range(len(inner)), range(len(inner[0]))
    for i in rows:
        for j in columns:
            model.add((name, f"r{i}", f"c{j}"), inner[i][j], CHILDREN)
    for i in rows:
        model.add((name, f"r{i}", "all"), sum(inner[i]), CHILDREN)
        model.total((name, f"r{i}", "all"), [(name, f"r{i}", f"c{j}") for j in columns])
    for j in columns:
        model.add((name, "all", f"c{j}"), sum(r[j] for r in inner), CHILDREN)
        model.total((name, "all", f"c{j}"), [(name, f"r{i}", f"c{j}") for i in rows])
    model.add((name, "all", "all"), sum(map(sum, inner)), CHILDREN)
    model.total((name, "all", "all"), [(name, f"r{i}", "all") for i in rows])
    model.total((name, "all", "all"), [(name, "all", f"c{j}") for j in columns])


@st.composite
def linked_tables(draw: st.DrawFn) -> Model:
    """A random two-way table with margins, and perhaps: a second table whose row is the first's
    column totals (a shared margin, as the same figures), percentages of the row totals, and a
    year-on-year change of the grand total against last year's public figure."""
    rows, columns = draw(st.integers(1, 4)), draw(st.integers(2, 4))
    row = st.lists(small_or_not, min_size=columns, max_size=columns)
    inner = draw(st.lists(row, min_size=rows, max_size=rows))
    model = Model()
    two_way(model, "t", inner)
    if draw(st.booleans()):
        for j in range(columns):
            model.add(("m", f"c{j}", "n"), model[("t", "all", f"c{j}")].value, CHILDREN)
            model.same(("m", f"c{j}", "n"), ("t", "all", f"c{j}"))
    grand = model[("t", "all", "all")].value
    if draw(st.booleans()) and grand:
        decimals = draw(st.integers(0, 1))
        for i in range(rows):
            model.add(("t", f"r{i}", "%"), 100 * sum(inner[i]) / grand, RATE, decimals=decimals)
            model.share(("t", f"r{i}", "%"), ("t", f"r{i}", "all"), ("t", "all", "all"))
    if draw(st.booleans()):
        last_year = draw(st.integers(0, 60))
        model.add("last_year", last_year, CHILDREN, public=True)
        model.add("change", grand - last_year, CHILDREN, signed=True)
        model.difference("change", ("t", "all", "all"), "last_year")
    return model


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(linked_tables())
def test_after_suppression_no_hidden_count_can_be_worked_out(model):
    result = suppress(model)
    hidden = set(result.hidden)
    assert_safe(model, hidden)
    for relation in model.relations:
        if relation.name == "same":
            assert len({ref in hidden for ref in relation.refs}) == 1
        if relation.name == "share" and relation.refs[1] in hidden:
            assert relation.refs[0] in hidden


def brute_force(model: Model, hidden: list[Ref], limit: int) -> dict[Ref, tuple[int, int]]:
    """Every hidden cell's least and greatest value over every assignment of 0 to ``limit``
    that keeps every relation (totals only)."""
    found: dict[Ref, list[int]] = {ref: [] for ref in hidden}
    values = {v.ref: v.value for v in model}
    relations = [r.terms() for r in model.relations if set(r.refs) & set(hidden)]
    for trial in itertools.product(range(limit + 1), repeat=len(hidden)):
        values.update(zip(hidden, trial, strict=True))
        if all(sum(c * values[ref] for ref, c in terms.items()) == 0 for terms in relations):
            for ref, value in zip(hidden, trial, strict=True):
                found[ref].append(value)
    return {ref: (min(v), max(v)) for ref, v in found.items()}


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 6), min_size=3, max_size=3), min_size=2, max_size=2),
    st.sets(st.tuples(st.integers(0, 1), st.integers(0, 2)), min_size=1, max_size=4),
)
def test_the_audit_finds_the_ranges_brute_force_finds(inner, positions):
    model = Model()
    two_way(model, "t", inner)
    hidden = [("t", f"r{i}", f"c{j}") for i, j in sorted(positions)]
    column_totals = [sum(column) for column in zip(*inner, strict=True)]
    expected = brute_force(model, hidden, limit=max(column_totals))
    found = {f.ref: (f.low, f.high) for f in audit(model, set(hidden)) if f.ref in hidden}
    assert found == expected


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 300), st.integers(0, 300), st.integers(0, 2), st.booleans())
def test_a_rounded_percentage_enters_as_exactly_the_interval_it_rounds_from(
    whole, count, decimals, hide_whole
):
    count = min(count, whole)
    model = Model()
    counts(model, count=count, whole=whole)
    model.add("p", 100 * count / whole, RATE, decimals=decimals)
    model.share("p", "count", "whole")
    shown = round_half_up(100 * count / whole, decimals)

    def rounds_to_shown(c: int, w: int) -> bool:
        return round_half_up(100 * c / w, decimals) == shown

    if hide_whole:  # the whole from the count and the percentage
        wholes = [w for w in range(1, 4 * whole + 200) if rounds_to_shown(count, w)]
        low, high = min(wholes), max(wholes)
        finding = next(f for f in audit(model, {"whole"}) if f.ref == "whole")
        assert finding.low == low
        assert finding.high == (None if high >= 4 * whole + 199 else high)
    else:  # the count from the whole and the percentage
        possible = [c for c in range(0, 2 * whole + 10) if rounds_to_shown(c, whole)]
        finding = next(f for f in audit(model, {"count"}) if f.ref == "count")
        assert (finding.low, finding.high) == (min(possible), max(possible))


def test_a_percentage_rounded_the_other_way_by_floating_point_still_fits_its_count():
    # 23 of 40 is 57.5%, printed 58 when rounded half up, but 23 / 40 * 100 in floating point
    # is 57.49999999999999, printed 57: the audit takes what is printed, and the true count
    # still fits it
    model = Model()
    counts(model, count=23, whole=40)
    model.add("p", 23 / 40 * 100, RATE, decimals=0)
    model.share("p", "count", "whole")
    finding = audit(model, {"count"})[0]
    assert (finding.low, finding.high) == (23, 23)
