"""Tables (present/tables.py): data plus formatting rules, rendered the same way everywhere."""

from __future__ import annotations

import pandas as pd

from council_reports.present.tables import Table


def _table() -> Table:
    frame = pd.DataFrame(
        {
            "Measure": ["Persistent absence", "Suspensions"],
            "B&NES": [18.3, 2551],
            "England": ["c", 786961],
        }
    )
    return Table.from_frame(
        frame, id="t", caption="Absence | exclusions", stub=["Measure"], source="DfE"
    )


def test_fluent_methods_return_new_tables():
    table = _table()
    formatted = table.fmt("%", 1, rows=[0]).fmt("count", rows=[1]).note("A note.")
    assert table.rules == () and table.notes == ()
    assert len(formatted.rules) == 2 and formatted.notes == ("A note.",)


def test_cells_are_formatted_by_row_rules():
    table = _table().fmt("%", 1, rows=[0]).fmt("count", rows=[1])
    assert table.formatted().values.tolist() == [
        ["Persistent absence", "18.3%", "c"],
        ["Suspensions", "2,551", "786,961"],
    ]


def test_markdown_has_caption_alignment_and_symbol_note():
    markdown = _table().fmt("%", 1, rows=[0]).to_markdown()
    assert "| Measure | B\\&NES | England |\n|:---|---:|---:|" in markdown  # text escaped
    assert ": Absence \\| exclusions {#tbl-t}" in markdown
    assert "Symbols\\: c = suppressed to protect confidentiality." in markdown
    assert "Source\\: DfE." in markdown


def test_html_uses_header_cells_and_csv_keeps_raw_values():
    table = _table()
    assert '<th scope="row">Persistent absence</th>' in table.to_html()
    assert table.to_csv().splitlines()[1] == "Persistent absence,18.3,c"


def test_every_numeric_cell_is_a_fact_whatever_its_numpy_type():
    frame = pd.DataFrame({"Year": ["2024", "2025"], "Children": [217, 220], "Flag": [True, False]})
    assert frame["Children"].dtype == "int64"  # numpy integers are not Python ints
    table = Table.from_frame(frame, id="t", caption="c", stub=["Year"])
    assert [(cell.id, cell.value) for cell in table.cells()] == [
        ("t.2024.children", 217),
        ("t.2025.children", 220),
    ]


# Tidy CSV (tables/<id>.csv) and tables/index.csv ---------------------------------------------


def _shares() -> Table:
    frame = pd.DataFrame(
        {
            "Area": ['=HYPERLINK("http://x","y")', "Bath"],
            "Children": [1234, "c"],
            "%": [59.09090909090909, float("nan")],
            "Change": [-0.04, 15.66],
        }
    )
    return (
        Table.from_frame(frame, id="shares", caption="Shares", stub=["Area"], source="+ledger")
        .fmt("count", columns=["Children"])
        .fmt("%", 0, columns=["%"])
        .fmt("pp", 1, columns=["Change"], signed=True)
        .note("-The first note.")
        .note("A second.")
    )


def test_tidy_csv_has_the_figures_as_the_report_shows_them():
    import csv

    rows = list(csv.DictReader(_shares().to_tidy_csv().splitlines()))
    assert list(rows[0]) == ["table", "row", "Area", "column", "value", "unit", "symbol"]
    cells = [(r["row"], r["column"], r["value"], r["unit"], r["symbol"]) for r in rows]
    assert cells == [
        ("1", "Children", "1234", "count", ""),
        ("1", "%", "59", "%", ""),  # rounded as the report shows it (59%), not 59.0909...
        ("1", "Change", "0.0", "pp", ""),  # -0.04 shows as 0.0 pp: never -0.0
        ("2", "Children", "", "count", "c"),
        ("2", "%", "", "%", "x"),  # a missing value is shown as x
        ("2", "Change", "15.7", "pp", ""),
    ]
    assert _shares().formatted().at[1, "Change"] == "+15.7 pp"  # the same figure in the report


def test_tidy_csv_text_never_starts_a_formula_but_numbers_stay_numbers():
    import csv

    rows = list(csv.DictReader(_shares().to_tidy_csv().splitlines()))
    assert {r["Area"] for r in rows} == {'\'=HYPERLINK("http://x","y")', "Bath"}
    frame = pd.DataFrame({"Measure": ["-", "@sum"], "Change": [-4.8, -1.0]})
    table = Table.from_frame(frame, id="t", caption="c", stub=["Measure"]).fmt("pp", 1)
    lines = table.to_tidy_csv().splitlines()[1:]
    assert lines == ["t,1,'-,Change,-4.8,pp,", "t,2,'@sum,Change,-1.0,pp,"]


def test_tidy_csv_of_a_table_of_text_has_a_line_per_row():
    frame = pd.DataFrame({"From": ["A parent"], "Complaint": ["Not heard"]})
    table = Table.from_frame(frame, id="complaints", caption="c", stub=["From", "Complaint"])
    assert table.to_tidy_csv().splitlines() == [
        "table,row,From,Complaint,column,value,unit,symbol",
        "complaints,1,A parent,Not heard,,,,",
    ]


def test_tidy_csv_refuses_a_stub_column_named_as_its_own_columns():
    import pytest

    frame = pd.DataFrame({"value": ["a"], "n": [1]})
    with pytest.raises(ValueError, match="clash with the tidy columns"):
        Table.from_frame(frame, id="t", caption="c", stub=["value"]).to_tidy_csv()


def test_index_names_each_file_with_its_caption_source_notes_and_symbols():
    import csv

    from council_reports.present.tables import tables_index

    synthetic = Table.from_frame(
        pd.DataFrame({"Year": ["2024"], "Children": [217]}),
        id="t",
        caption="Children",
        stub=["Year"],
        synthetic=True,
    )
    rows = list(csv.DictReader(tables_index([_shares(), synthetic]).splitlines()))
    assert rows == [
        {
            "file": "shares.csv",
            "table": "shares",
            "caption": "Shares",
            "source": "'+ledger",
            "notes": "'-The first note. A second.",
            "symbols": "c = suppressed to protect confidentiality; x = not available",
        },
        {
            "file": "t.csv",
            "table": "t",
            "caption": "Children (synthetic data)",
            "source": "",
            "notes": "",
            "symbols": "",
        },
    ]


# Cell keys: the same for every LA and year ------------------------------------------------------


def test_rows_of_one_label_are_numbered_among_themselves_not_in_the_table():
    frame = pd.DataFrame({"Level": ["Low", "High", "Medium", "High", "High"], "Count": range(5)})
    table = Table.from_frame(frame, id="t", caption="c", stub=["Level"])
    assert table.row_keys() == ["low", "high", "medium", "high.2", "high.3"]
    assert [cell.id for cell in table.cells()][-2:] == ["t.high.2.count", "t.high.3.count"]


def test_roles_key_columns_and_rows_by_what_they_are_about():
    from council_reports.periods import Period
    from council_reports.present.tables import year_role

    frame = pd.DataFrame(
        {"Year": ["31 March 2024", "31 March 2025"], "Bath 2024/25": [1, 2], "% change": [3, 4]}
    )
    years = {"31 March 2024": year_role(Period(2023), Period(2024)), "31 March 2025": "this_year"}
    table = Table.from_frame(frame, id="t", caption="c", stub=["Year"]).roles(
        {"Bath 2024/25": "la.this_year"}, rows=years
    )
    cells = {cell.id: (cell.row_key, cell.column_key, cell.column) for cell in table.cells()}
    assert cells["t.last_year.la.this_year"] == ("last_year", "la.this_year", "Bath 2024/25")
    # a column without a role keeps its header's slug, "%" read as "percent"
    assert cells["t.this_year.percent_change"] == ("this_year", "percent_change", "% change")
    assert [year_role(Period(y), Period(2024)) for y in (2021, 2025, 2027)] == [
        "year_minus_3",
        "next_year",
        "year_plus_3",
    ]


def test_two_columns_with_one_key_are_refused_until_one_has_a_role():
    import pytest

    # "%" is read as "percent", so a count and its share no longer clash
    frame = pd.DataFrame({"Quarter": ["Q1"], "On time": [5], "% on time": [50.0]})
    shares = Table.from_frame(frame, id="t", caption="c", stub=["Quarter"])
    assert [cell.id for cell in shares.cells()] == ["t.q1.on_time", "t.q1.percent_on_time"]
    # a footnote mark is not part of a key: "On time*" is keyed as "On time" is
    frame = pd.DataFrame({"Quarter": ["Q1"], "On time": [5], "On time*": [6]})
    table = Table.from_frame(frame, id="t", caption="c", stub=["Quarter"])
    with pytest.raises(ValueError, match="'On time' and 'On time\\*' are both keyed 'on_time'"):
        list(table.cells())
    keyed = table.roles({"On time*": "on_time_revised"})
    assert [cell.id for cell in keyed.cells()] == ["t.q1.on_time", "t.q1.on_time_revised"]
    with pytest.raises(ValueError, match="not words joined by dots"):
        table.roles({"On time": "On Time"})
