"""Disclosure control (present/disclosure.py), worked by hand: the DfE rule for statistics about
children when a report is published for the public (counts of 1 to 5 shown as c, secondary
suppression so a suppressed count cannot be worked out from its totals, percentages of suppressed
counts suppressed), and figures as printed for the committee; and the linked model made from
Tables, whose suppression holds across tables where table-by-table suppression leaks."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pytest

from council_reports.errors import DisclosureError
from council_reports.present.audit import audit
from council_reports.present.audit import suppress as audit_suppress
from council_reports.present.disclosure import (
    cell_ref,
    cell_refs,
    for_audience,
    hidden_cells,
    hide,
    model_from_tables,
    suppress,
)
from council_reports.present.tables import Table
from council_reports.reports.iro.profiles import share_table
from tests.conftest import make_target, read_table


def ages() -> Table:
    frame = pd.DataFrame(
        {
            "Age": ["Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over", "All children"],
            "Children": [4, 12, 30, 86, 69, 201],
            "%": [2.0, 6.0, 14.9, 42.8, 34.3, 100.0],
        }
    )
    return (
        Table.from_frame(
            frame, id="ages", caption="Children in care by age", stub=["Age"], about="people"
        )
        .counts(columns=["Children"])
        .total(row="All children", of=["Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over"])
        .share(columns=["%"], of="Children")
    )


def column(table: Table, name: str) -> list[object]:
    return table.frame[name].tolist()


def test_committee_sees_the_figures_as_printed():
    table = ages()
    assert for_audience(table, "committee") is table


def test_a_small_count_is_c_and_so_is_the_smallest_other_part_of_its_total():
    # 4 under 1 alone would be 201 - (12 + 30 + 86 + 69); hiding the 12 as well leaves two
    # unknowns summing to 16. Their percentages go with them.
    public = for_audience(ages(), "public")
    assert column(public, "Children") == ["c", "c", 30, 86, 69, 201]
    assert column(public, "%") == ["c", "c", 14.9, 42.8, 34.3, 100.0]


def test_zero_and_six_are_shown_and_one_to_five_are_not():
    frame = pd.DataFrame({"Group": list("ABCDEFGH"), "Children": [0, 1, 2, 3, 4, 5, 6, 60]})
    table = Table.from_frame(frame, id="t", caption="t", stub=["Group"]).counts(
        columns=["Children"]
    )
    assert column(suppress(table), "Children") == [0, "c", "c", "c", "c", "c", 6, 60]


def test_secondary_suppression_in_a_two_way_table():
    # Female placement orders (3) are primary. Its row (8 + 3 = 11) gives it away, so the male
    # 8 goes; the female column (60 + 19 + 3 = 82) gives it away, so the smallest other female
    # count, 19, goes; that exposes the male column (70 + 25 + 8 = 103) through the 8, so 25
    # goes. Every row and column total now has two unknowns or none.
    frame = pd.DataFrame(
        {
            "Legal status": ["Care order", "Section 20", "Placement order", "All"],
            "Male": [70, 25, 8, 103],
            "Female": [60, 19, 3, 82],
            "Total": [130, 44, 11, 185],
        }
    )
    table = (
        Table.from_frame(frame, id="status", caption="By legal status", stub=["Legal status"])
        .counts(columns=["Male", "Female", "Total"])
        .total(row="All", of=["Care order", "Section 20", "Placement order"])
        .total(column="Total", of=["Male", "Female"])
    )
    public = suppress(table)
    assert public.formatted().values.tolist() == [
        ["Care order", "70", "60", "130"],
        ["Section 20", "c", "c", "44"],
        ["Placement order", "c", "c", "11"],
        ["All", "103", "82", "185"],
    ]


def needs() -> Table:
    """3 children, 0 and some not available (x), of 10."""
    frame = pd.DataFrame({"Need": ["N1", "N2", "N3", "All"], "Children": [3, 0, "x", 10]})
    return (
        Table.from_frame(frame, id="t", caption="t", stub=["Need"])
        .counts(columns=["Children"])
        .total(row="All", of=["N1", "N2", "N3"])
    )


def test_the_total_goes_when_no_other_part_could():
    # the other parts are 0 or not available: only hiding the total protects the 3
    assert column(suppress(needs()), "Children") == ["c", 0, "x", "c"]


def test_a_total_of_two_suppressed_counts_needs_no_more():
    frame = pd.DataFrame({"Sex": ["Male", "Female", "All"], "UASC": [5, 2, 7]})
    table = (
        Table.from_frame(frame, id="t", caption="t", stub=["Sex"])
        .counts(columns=["UASC"])
        .total(row="All", of=["Male", "Female"])
    )
    assert column(suppress(table), "UASC") == ["c", "c", 7]


def test_only_counted_cells_are_suppressed():
    frame = pd.DataFrame({"Area": ["B&NES", "England"], "Children": [3, 80000], "Rate": [3.0, 67]})
    table = Table.from_frame(frame, id="t", caption="t", stub=["Area"]).counts(columns=["Children"])
    public = suppress(table)
    assert column(public, "Children") == ["c", 80000] and column(public, "Rate") == [3.0, 67]


def test_suppressed_cells_read_c_everywhere_and_are_explained():
    public = suppress(ages().fmt("count", columns=["Children"]).fmt("%", 1, columns=["%"]))
    markdown = public.to_markdown()
    assert "| Under 1 | c | c |" in markdown
    assert "Symbols: c = suppressed to protect confidentiality." in public.footnotes()
    assert "c,c" in public.to_csv().splitlines()[1]


def test_the_model_is_never_changed_in_place():
    table = ages()
    suppress(table)
    assert column(table, "Children") == [4, 12, 30, 86, 69, 201]
    plain = Table.from_frame(table.frame, id="t", caption="t", stub=["Age"])
    assert plain.counts(columns=["Children"]) is not plain and plain.counted == ()
    assert plain.total(row="All children", of=["Under 1"]) is not plain and plain.totals == ()
    assert plain.share(columns=["%"], of="Children") is not plain and plain.shares == ()


def test_a_total_is_a_row_or_a_column():
    with pytest.raises(ValueError, match="a row or a column"):
        ages().total(row="All children", column="Children", of=["Under 1"])
    with pytest.raises(KeyError, match="no row 'Over 18'"):
        ages().total(row="All children", of=["Over 18"])
    with pytest.raises(KeyError, match="no column 'Girls'"):
        ages().share(columns=["%"], of="Girls")


def test_an_unknown_audience_is_refused():
    with pytest.raises(ValueError, match="unknown audience 'press'"):
        for_audience(ages(), "press")


def test_the_notebook_shows_records_and_writes_what_the_audience_may_see(tmp_path):
    from council_reports.framework import Content, table
    from council_reports.notebook import NotebookReport

    class Ages(Content):
        @table("ages")
        def ages(self) -> Table:
            return ages().fact("under_1", row="Under 1", column="Children")

    target = make_target("iro", "2024-25", tmp_path, audience="public")
    report = NotebookReport(Ages(target), tmp_path / "out")
    shown = report.table("ages")
    assert column(shown, "Children")[:2] == ["c", "c"]
    facts = {f["id"]: f for f in json.loads((tmp_path / "out" / "facts.json").read_text())["facts"]}
    assert facts["under_1"]["text"] == "c" and facts["ages.1_to_4.children"]["text"] == "c"
    assert facts["ages.5_to_9.children"]["text"] == "30"
    assert read_table(tmp_path / "out", "ages")[0] == {"Age": "Under 1", "Children": "c", "%": "c"}


def test_a_table_that_does_not_say_what_it_counts_is_never_published(tmp_path):
    from council_reports.errors import ParameterError
    from council_reports.framework import Content, table
    from council_reports.notebook import NotebookReport

    class Unsaid(Content):
        @table("ages")
        def ages(self) -> Table:
            return replace(ages(), about=None)

    report = NotebookReport(Unsaid(make_target("iro", "2024-25", tmp_path)), tmp_path / "out")
    with pytest.raises(ParameterError, match="table 'ages' does not say what its figures count"):
        report.table("ages")
    assert not (tmp_path / "out" / "tables").exists()


def test_open_report_refuses_an_unknown_audience(tmp_path):
    from council_reports.errors import ParameterError
    from council_reports.notebook import open_report

    with pytest.raises(ParameterError, match="the audience 'everyone' is not one we build for"):
        open_report(
            {"report": "attendance", "la": "800", "period": "2023-24", "audience": "everyone"},
            output_dir=tmp_path,
        )


def _small_counts_report(target):
    from council_reports.framework import Content, figure
    from council_reports.reports.iro.profiles import count_chart

    class Leavers(Content):
        def record(self, facts) -> None:
            facts.add("custody", 2, unit="count", label="Left for custody", source="903")
            facts.add("adopted", 7, unit="count", label="Adopted", source="903")
            facts.add("share", 3.0, unit="%", label="A percentage", source="903")

        @figure("leavers")
        def leavers(self):
            counts = pd.Series({"Adopted": 7, "Custody": 2})
            return count_chart(counts, id="leavers", caption="Leavers", label="Reason")

    return Leavers(target)


@pytest.mark.parametrize("publish", ["committee", "public"])
def test_prose_counts_and_charts_of_small_counts_are_for_the_committee(tmp_path, publish):
    from council_reports.notebook import NotebookReport, Withheld

    target = make_target("iro", "2024-25", tmp_path, audience=publish)
    report = NotebookReport(_small_counts_report(target), tmp_path / "out")
    public = publish == "public"
    assert report.facts["custody"].text() == ("c" if public else "2")
    assert report.facts["adopted"].text() == "7" and report.facts["share"].text() == "3%"
    assert not report.facts["custody"].holds() if public else report.facts["custody"].holds()
    ledger = (tmp_path / "out" / "facts.json").read_text()
    assert ('"value": 2' in ledger) != public  # the public build's files never hold it either
    shown = report.figure("leavers")
    assert isinstance(shown, Withheld) == public
    assert (tmp_path / "out" / "figures" / "leavers.svg").exists() != public
    if public:
        assert "*Leavers*: this chart is not published" in shown._repr_markdown_()


def test_a_public_iro_report_holds_no_small_count(tmp_path):
    """The whole report, built for the public: every counted table cell, every count the prose
    can quote and every chart of counts."""
    from council_reports.cli import main

    arguments = ["build", "iro", "--la", "800", "--period", "2024-25", "--out", str(tmp_path)]
    assert main([*arguments, "--to", "html", "--publish", "public"]) == 0
    folder = tmp_path / "public" / "iro" / "2024-25" / "800"  # never in the committee's place
    facts = json.loads((folder / "facts.json").read_text())["facts"]
    counts = [f for f in facts if f["unit"] == "count" and isinstance(f["value"], int | float)]
    assert counts and not [f["id"] for f in counts if 0 < f["value"] < 6]
    suppressed = {f["id"] for f in facts if f["value"] == "c"}
    assert {"custody", "ethnicity.other.children", "age-by-legal-status.under_1.care_order"} <= (
        suppressed
    )
    # counts the prose quotes from a table read as the table shows them: 7 adopted is hidden
    # there (it and the total would give the one custody away), and so is the 3 + 7 placed
    # nearby when the 3 is hidden (the 7 in Bristol is shown)
    assert {"adopted", "uasc_nearby", "uasc_nearby_share"} <= suppressed
    ages = pd.DataFrame(read_table(folder, "ethnicity"))
    assert (ages.loc[ages["Children"] == "c", "%"] == "c").all()  # shares go with their counts
    assert (ages["Children"] == "c").sum() >= 2  # a total is declared: never one unknown
    assert not (folder / "figures" / "age-by-legal-status.svg").exists()
    html = (folder / "report.html").read_text()
    assert "Age and legal status of children in care" in html
    assert "this chart is not published because some of its numbers are small" in html


def test_public_police_figures_hide_small_counts_and_what_gives_them_away(tmp_path):
    from council_reports.cli import main

    arguments = ["build", "bcssp", "--la", "800", "--period", "2023-24", "--out", str(tmp_path)]
    assert main([*arguments, "--to", "html", "--publish", "public"]) == 0
    folder = tmp_path / "public" / "bcssp" / "2023-24" / "800"
    police = pd.DataFrame(read_table(folder, "police-missing")).set_index("Measure")
    # 2 against 3 the year before: both hidden, and the % change that would give 3 away
    assert police.loc["Number of Repeat Children Missing from Care"].tolist() == [
        "c",
        "c",
        "-1",
        "c",
    ]
    assert police.loc["Number of Children Missing from Care"].tolist() == ["8", "6", "2", "33.3"]
    # the CSV holds the figures as the report shows them: +2 and +33.3% are 2 and 33.3


def test_a_total_of_cells_is_hidden_with_any_of_them():
    table = suppress(ages())
    assert table.total_of(["5 to 9", "10 to 15"], "Children") == 116
    assert table.total_of(["Under 1", "5 to 9"], "Children") == "c"


# The linked model from Tables (model_from_tables, hide) -----------------------------------


def test_every_value_cell_has_a_reference_by_row_label_and_column():
    frame = pd.DataFrame(
        {"Area": ["B&NES", "High", "High"], "Change": [3, 4, 5], "% change": [1.0, 2.0, 3.0]}
    )
    table = Table.from_frame(frame, id="t", caption="t", stub=["Area"])
    assert list(cell_refs(table).values()) == [
        ("t", "b_nes", "change"),
        ("t", "b_nes", "percent_change"),
        ("t", "high", "change"),
        ("t", "high", "percent_change"),
        ("t", "high.2", "change"),
        ("t", "high.2", "percent_change"),
    ]
    assert cell_ref(table, "B&NES", "% change") == ("t", "b_nes", "percent_change")
    with pytest.raises(KeyError, match="2 rows are labelled 'High'"):
        cell_ref(table, "High", "Change")


def test_a_tables_counts_totals_and_shares_enter_the_model():
    model = model_from_tables([ages().fmt("%", 1, columns=["%"])])
    under_1 = model[("ages", "under_1", "children")]
    assert (under_1.value, under_1.kind, under_1.primary) == (4, "children", True)
    share = model[("ages", "under_1", "percent")]
    assert (share.kind, share.decimals) == ("rate", 1)
    assert [r.name for r in model.relations] == ["total"] + ["share"] * 6
    assert model.relations[1].refs == (
        ("ages", "under_1", "percent"),
        ("ages", "under_1", "children"),
        ("ages", "all_children", "children"),
    )
    # as tables/*.csv write them, percentages are unrounded: 2.0 is not 4 of 201
    with pytest.raises(DisclosureError, match=r"ages.under_1.percent is 2\.0 but 100 x"):
        model_from_tables([ages()], rounded=False)
    counts = pd.Series([4, 12, 30], index=["Under 1", "1 to 4", "5 to 9"])
    exact = share_table(counts, id="ages", caption="c", label="Age", source="")
    unrounded = model_from_tables([exact], rounded=False)
    assert unrounded[("ages", "under_1", "percent")].decimals is None


def police() -> Table:
    frame = pd.DataFrame(
        {
            "Measure": ["Children in custody", "Missing episodes"],
            "Last 12 months": [3, 40],
            "Previous 12 months": [9, 30],
            "Change": [-6, 10],
            "% change": [-600 / 9, 100 / 3],
        }
    )
    return (
        Table.from_frame(frame, id="police", caption="Police", stub=["Measure"])
        .fmt("%", 1, columns=["% change"])
        .counts(columns=["Last 12 months", "Previous 12 months"])
        .total(column="Last 12 months", of=["Previous 12 months", "Change"])
        .share(columns=["% change"], of="Change", whole="Previous 12 months")
    )


def test_a_part_that_is_not_counted_enters_as_a_change_and_a_share_of_a_declared_whole():
    model = model_from_tables([police()], service=["police"])
    change = model[("police", "children_in_custody", "change")]
    assert (change.value, change.signed, change.kind) == (-6, True, "service")
    assert not model[("police", "children_in_custody", "last_12_months")].primary  # service
    share = next(r for r in model.relations if r.name == "share")
    assert share.refs[1:] == (
        ("police", "children_in_custody", "change"),
        ("police", "children_in_custody", "previous_12_months"),
    )


def test_a_percentage_with_no_whole_declared_stops_with_one_line():
    table = Table.from_frame(
        pd.DataFrame({"Group": ["A"], "Children": [3], "%": [50.0]}), id="t", caption="t",
        stub=["Group"],
    ).counts(columns=["Children"]).share(columns=["%"], of="Children")  # fmt: skip
    with pytest.raises(DisclosureError, match="percentages of 'Children' on row 'A' have no"):
        model_from_tables([table])


def test_a_cell_not_available_is_a_figure_nobody_knows():
    table = needs()
    model = model_from_tables([table])
    assert model[("t", "n3", "children")].value is None
    # table by table, the total is hidden too; over the model, 3 + 0 + x = 10 hides the 3
    result = audit_suppress(model)
    assert column(hide(table, result.hidden), "Children") == ["c", 0, "x", 10]


def test_hide_shows_cells_as_c_and_hidden_cells_reads_them_back():
    table = ages()
    hidden = {("ages", "under_1", "children"), ("ages", "under_1", "percent")}
    public = hide(table, hidden)
    assert column(public, "Children")[0] == "c" and column(public, "%")[0] == "c"
    assert hidden_cells(public) == hidden and hidden_cells(table) == set()
    assert hide(table, set()) is table


AGES = ["Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over"]
STATUSES = ["Care order", "Interim care order", "Placement order", "Section 20"]
# Children in care by age (rows) and legal status (columns): as in the public IRO build, the
# interim care orders shown add to 32 of 35, and 16 and over shown add to 68 of 69.
BY_AGE_AND_STATUS = [
    [0, 3, 0, 9],
    [10, 6, 3, 8],
    [25, 7, 12, 6],
    [60, 11, 18, 20],
    [40, 8, 1, 20],
]


def iro_tables() -> list[Table]:
    """The IRO report's legal status and ages tables (share tables, each with its total and
    percentages) and its age by legal status table (counts, no totals of its own)."""
    by_age = pd.DataFrame(BY_AGE_AND_STATUS, columns=STATUSES).assign(Age=AGES)
    legal_status = pd.Series(by_age[STATUSES].sum().to_numpy(), index=STATUSES)
    ages = pd.Series(by_age[STATUSES].sum(axis=1).to_numpy(), index=AGES)
    return [
        share_table(legal_status, id="legal-status", caption="c", label="Legal status", source=""),
        share_table(ages, id="ages", caption="c", label="Age", source=""),
        Table.from_frame(by_age[["Age", *STATUSES]], id="age-by-legal-status", caption="c",
                         stub=["Age"]).fmt("count").counts(),
    ]  # fmt: skip


def iro_model(tables: list[Table]):
    """The three tables linked: age by legal status adds up to both of the others."""
    legal_status, ages, by_age = tables
    model = model_from_tables(tables)
    for status in STATUSES:
        model.total(
            cell_ref(legal_status, status, "Children"),
            [cell_ref(by_age, age, status) for age in AGES],
        )
    for age in AGES:
        model.total(cell_ref(ages, age, "Children"), [cell_ref(by_age, age, s) for s in STATUSES])
    return model


def published(tables: list[Table]) -> set:
    return set().union(*map(hidden_cells, tables))


def test_table_by_table_suppression_of_the_iro_tables_leaks_and_the_linked_model_does_not():
    tables = iro_tables()
    model = iro_model(tables)
    # today: each table on its own
    today = [for_audience(table, "public") for table in tables]
    leaks = {f.ref: (f.low, f.high) for f in audit(model, published(today)) if f.leak}
    assert leaks == {
        ("age-by-legal-status", "under_1", "interim_care_order"): (3, 3),  # 35 - 32
        ("age-by-legal-status", "16_and_over", "placement_order"): (1, 1),  # 69 - 68
        ("age-by-legal-status", "1_to_4", "placement_order"): (3, 3),  # and so 34 - 31
    }
    # over the linked model: what each table shows is audited as published
    result = audit_suppress(model)
    public = [hide(table, result.hidden) for table in tables]
    findings = audit(model, published(public))
    assert findings and not [f for f in findings if f.leak]
    assert published(public) == set(result.hidden)
    assert column(public[2], "Interim care order").count("c") >= 2
