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
