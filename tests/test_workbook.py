"""The accessible workbook (present/workbook.py), read back as its readers read it: openpyxl for
every sheet, cell, number format and Excel table, and LibreOffice Calc for what a person sees.
Small tables show each rule; the three reports' own tables (public and committee) are checked
sheet by sheet against the tables they come from."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from council_reports.numbers import SYMBOLS, format_value
from council_reports.present.tables import Table
from council_reports.present.workbook import (
    CONTENTS,
    COVER,
    NOTES,
    UNIT_COLUMN,
    number_format,
    sheet_names,
    table_cells,
    write_workbook,
)
from tests.conftest import make_target

ROOT = Path(__file__).resolve().parents[1]
COUNCIL = "Bath & North East Somerset Council"
TIMESTAMP = 1760313600  # 13 October 2025, 00:00 UTC
REPORTS = [("iro", "2024-25", "public"), ("attendance", "2023-24", "committee")]
REPORTS += [("bcssp", "2023-24", "public")]


def shares() -> Table:
    frame = pd.DataFrame(
        {
            "Area": ["Bath", "Bristol", "England"],
            "Children": [1234, "c", 786961],
            "%": [59.09090909090909, 4.0, float("nan")],
            "Change": [-0.04, 15.66, 2.0],
        }
    )
    return (
        Table.from_frame(frame, id="shares", caption="Shares", stub=["Area"], source="DfE")
        .fmt("count", columns=["Children"])
        .fmt("%", 0, columns=["%"])
        .fmt("pp", 1, columns=["Change"], signed=True)
        .note("Change: against the year before.")
        .note("Shared note.")
    )


def measures() -> Table:
    """Rows of different units: a count and its change, a percentage and its change in points."""
    frame = pd.DataFrame(
        {
            "Measure": ["Concerns", "Decisions in 4 days (%)"],
            "2024/25": [1603, 57.4],
            "Change": [-51, 15.2],
        }
    )
    table = Table.from_frame(frame, id="measures", caption="Measures", stub=["Measure"])
    table = table.fmt("count", rows=[0], columns=["2024/25"]).fmt(
        "count", rows=[0], columns=["Change"], signed=True
    )
    return (
        table.fmt("%", 0, rows=[1], columns=["2024/25"])
        .fmt("pp", 0, rows=[1], columns=["Change"], signed=True)
        .note("Shared note.")
    )


HOSTILE = [
    '=HYPERLINK("http://example.invalid","click")',
    "[click me](https://example.invalid/x)",
    "Before $$secret$$ after",
    "/",
    "-",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]


def hostile() -> Table:
    frame = pd.DataFrame({"Label": HOSTILE, "What": ["+15.7"] * len(HOSTILE)})
    return Table.from_frame(frame, id="hostile", caption="Labels", stub=["Label"])


def write(path: Path, tables: list[Table], audience: str = "public", **changes) -> Path:
    arguments = {
        "title": "Test report",
        "period_label": "2024/25",
        "council": COUNCIL,
        "contact": "The IRO service, iro@example.org",
        "audience": audience,
        "timestamp": TIMESTAMP,
    }
    return write_workbook(path, tables, **(arguments | changes))


@pytest.fixture
def small(tmp_path) -> Path:
    return write(tmp_path / "report.xlsx", [shares(), measures(), hostile()])


def body(sheet) -> list[list]:
    """The cell values of the sheet's one Excel table, its header row first."""
    (table,) = sheet.tables.values()
    return [[cell.value for cell in row] for row in sheet[table.ref]]


# Structure ---------------------------------------------------------------------------------------


def test_cover_contents_notes_then_a_sheet_per_table_named_as_its_csv(small):
    book = openpyxl.load_workbook(small)
    assert book.sheetnames == [COVER, CONTENTS, NOTES, "shares", "measures", "hostile"]
    assert book.active.title == COVER


def test_cover_says_period_council_audience_contact_symbols_and_sources(small):
    lines = [row[0] for row in openpyxl.load_workbook(small)[COVER].iter_rows(values_only=True)]
    assert lines[0] == "Test report"
    for wanted in ("2024/25", COUNCIL, "The IRO service, iro@example.org"):
        assert wanted in lines
    assert any(line.startswith("Prepared for the public: a count of 1 to 5") for line in lines)
    # the symbols the tables use, each once, and no others
    assert [line for line in lines if line.startswith("[")] == [
        "[c] suppressed to protect confidentiality",
        "[x] not available",
    ]
    assert "shares: Shares. Source: DfE." in lines
    committee = write(small.parent / "committee.xlsx", [shares()], audience="committee")
    text = [r[0] for r in openpyxl.load_workbook(committee)[COVER].iter_rows(values_only=True)]
    assert any(line.startswith("Prepared for the council's committee") for line in text)


def test_contents_links_each_table_sheet(small):
    book = openpyxl.load_workbook(small)
    rows = body(book[CONTENTS])
    assert rows == [
        ["Sheet", "Table"],
        ["shares", "Shares"],
        ["measures", "Measures"],
        ["hostile", "Labels"],
    ]
    links = [c.hyperlink.location for (c,) in book[CONTENTS].iter_rows(min_row=4, max_col=1)]
    assert links == ["'shares'!A1", "'measures'!A1", "'hostile'!A1"]


def test_notes_are_numbered_once_and_named_in_their_tables_titles(small):
    book = openpyxl.load_workbook(small)
    assert body(book[NOTES]) == [
        ["Note number", "Note text", "Sheets"],
        ["[note 1]", "Change: against the year before.", "shares"],
        ["[note 2]", "Shared note.", "shares, measures"],
    ]
    assert book["shares"]["A1"].value == "Shares [note 1] [note 2]"
    assert book["measures"]["A1"].value == "Measures [note 2]"
    assert book["hostile"]["A1"].value == "Labels"


def check_structure(book) -> None:
    """What the standard asks of every sheet, and what Excel would otherwise repair: a title in
    A1; no merged cells; every table sheet holds one Excel table with a header row whose cells
    are its column names, unique names, and no empty row inside it."""
    names = []
    for sheet in book.worksheets:
        assert sheet["A1"].value, f"{sheet.title}: A1 is empty"
        assert not sheet.merged_cells.ranges, f"{sheet.title} has merged cells"
        if sheet.title == COVER:
            assert not sheet.tables
            continue
        (table,) = sheet.tables.values()
        names.append(table.name.lower())
        assert table.headerRowCount in (None, 1)
        rows = body(sheet)
        assert rows[0] == [column.name for column in table.tableColumns]
        assert len({str(h).lower() for h in rows[0]}) == len(rows[0])
        assert all(any(v not in (None, "") for v in row) for row in rows[1:]), sheet.title
        first_row = int(re.search(r"\d+", table.ref).group())
        above = [sheet.cell(row, 1).value for row in range(1, first_row)]
        assert all(above), f"{sheet.title}: an empty row above the table"
        assert not [c for row in sheet.iter_rows(min_row=1, max_row=first_row - 1) for c in row[1:]
                    if c.value is not None]  # fmt: skip
    assert len(set(names)) == len(names)


def test_structure(small):
    check_structure(openpyxl.load_workbook(small))


def test_a_table_of_no_rows_has_a_row_of_x(tmp_path):
    empty = Table.from_frame(
        pd.DataFrame({"Area": [], "Children": []}), id="e", caption="E", stub=["Area"]
    )
    book = openpyxl.load_workbook(write(tmp_path / "e.xlsx", [empty]))
    assert body(book["e"]) == [["Area", "Children"], ["[x]", "[x]"]]
    check_structure(book)


# Figures -----------------------------------------------------------------------------------------


def test_figures_are_numbers_rounded_and_formatted_as_the_report_shows_them(small):
    sheet = openpyxl.load_workbook(small)["shares"]
    assert body(sheet) == [
        ["Area", "Children", "%", "Change (percentage points)"],
        ["Bath", 1234, 59, 0],  # 59.0909...% shows as 59%; -0.04 pp as 0.0 pp
        ["Bristol", "[c]", 4, 15.7],
        ["England", 786961, "[x]", 2],
    ]
    first = {cell.column_letter: cell for cell in sheet[5]}  # under title, about, source, header
    assert first["B"].data_type == "n" and first["B"].number_format == "#,##0"
    assert first["C"].number_format == "#,##0"
    assert first["D"].number_format == "+#,##0.0;-#,##0.0;#,##0.0"
    assert sheet["B6"].data_type == "s" and sheet["B6"].alignment.horizontal == "right"


def test_units_are_in_headings_or_a_unit_column(small):
    book = openpyxl.load_workbook(small)
    assert body(book["measures"]) == [
        ["Measure", UNIT_COLUMN, "2024/25", "Change"],
        ["Concerns", "count", 1603, -51],
        ["Decisions in 4 days (%)", "%; change in percentage points", 57, 15],
    ]


def test_text_is_never_a_formula_a_link_or_a_note_reference(small):
    sheet = openpyxl.load_workbook(small)["hostile"]
    rows = body(sheet)[1:]
    assert [row[0] for row in rows] == HOSTILE and {row[1] for row in rows} == {"+15.7"}
    (table,) = sheet.tables.values()
    for row in sheet[table.ref]:
        for cell in row:
            assert cell.data_type == "s" and cell.hyperlink is None
    assert sheet["A4"].quotePrefix  # "=HYPERLINK(...": stays text when a reader edits it
    assert not sheet["A7"].quotePrefix  # "/" starts no formula


def test_the_same_tables_and_date_give_the_same_bytes(tmp_path):
    tables = [shares(), measures(), hostile()]
    one = write(tmp_path / "one.xlsx", tables).read_bytes()
    two = write(tmp_path / "two.xlsx", tables).read_bytes()
    assert one == two
    later = write(tmp_path / "later.xlsx", tables, timestamp=TIMESTAMP + 86400).read_bytes()
    assert later != one
    with zipfile.ZipFile(tmp_path / "one.xlsx") as archive:
        core = archive.read("docProps/core.xml").decode()
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert "<dcterms:created" in core and "2025-10-13T00:00:00Z</dcterms:created>" in core
    assert "2025-10-13T00:00:00Z</dcterms:modified>" in core
    assert f"<dc:creator>{COUNCIL.replace('&', '&amp;')}</dc:creator>" in core


def test_sheet_names_are_valid_and_unique():
    def table(id: str) -> Table:
        return Table.from_frame(pd.DataFrame({"a": ["x"]}), id=id, caption="c", stub=["a"])

    ids = ["notes", "a" * 40, "a" * 40, "what?[1]", "history"]
    assert sheet_names([table(i) for i in ids]) == [
        "notes (2)",
        "a" * 31,
        "a" * 27 + " (2)",
        "what--1-",
        "history (2)",
    ]


def test_an_unknown_audience_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown audience 'everyone'"):
        write(tmp_path / "x.xlsx", [shares()], audience="everyone")


# The reports' own tables ---------------------------------------------------------------------


def report_tables(report: str, period: str, audience: str) -> list[Table]:
    """Every table the report's content builds, as the audience sees it."""
    from council_reports.framework import get_report
    from council_reports.present.disclosure import for_audience

    definition = get_report(report)
    target = make_target(report, period, definition.data_dir(ROOT / "data"), audience=audience)
    content = definition.content(target)
    built = [content.build(kind, id) for kind, id in content.outputs if kind == "table"]
    return [for_audience(table, audience) for table in built if table is not None]


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, tuple[Path, list[Table]]]:
    folder = tmp_path_factory.mktemp("workbooks")
    found = {}
    for report, period, audience in REPORTS:
        tables = report_tables(report, period, audience)
        path = write(folder / f"{report}.xlsx", tables, audience=audience, title=report)
        found[report] = (path, tables)
    return found


def expected(table: Table, row: int, column: str) -> tuple[object, str | None]:
    """A value cell's value and number format as the workbook must hold it."""
    shown = table.as_shown(row, column)
    if isinstance(shown, Decimal):
        rule = table.rule_for(row, column)
        return float(shown), number_format(rule.decimals, rule.signed)
    return (f"[{shown}]" if shown in SYMBOLS else shown), None


@pytest.mark.parametrize("report", [r for r, _, _ in REPORTS])
def test_every_sheet_holds_its_tables_figures(reports, report):
    path, tables = reports[report]
    book = openpyxl.load_workbook(path)
    check_structure(book)
    assert book.sheetnames[3:] == sheet_names(tables)
    for table, name in zip(tables, sheet_names(tables), strict=True):
        sheet = book[name]
        assert sheet["A1"].value.startswith(table.title)
        cells = list(sheet[next(iter(sheet.tables.values())).ref])[1:]
        assert len(cells) == len(table.frame)
        offset = len(cells[0]) - len(table.value_columns)  # the stub (and any Unit column)
        for row, line in enumerate(cells):
            for position, column in enumerate(table.value_columns):
                cell = line[offset + position]
                value, number = expected(table, row, column)
                assert cell.value == value, (name, row, column)
                if number:
                    assert cell.data_type == "n" and cell.number_format == number


@pytest.mark.parametrize("report", ["iro", "bcssp"])
def test_a_public_workbook_shows_c_and_no_small_count(reports, report):
    """Every cell is its table's (the test above), so the [c]s are the report's; and no cell
    that counts children holds 1 to 5."""
    path, tables = reports[report]
    book = openpyxl.load_workbook(path)
    hidden = counted = 0
    for table, name in zip(tables, sheet_names(tables), strict=True):
        sheet = book[name]
        lines = list(sheet[next(iter(sheet.tables.values())).ref])[1:]
        offset = len(lines[0]) - len(table.value_columns)
        for row, line in enumerate(lines):
            for position, column in enumerate(table.value_columns):
                value = line[offset + position].value
                hidden += value == "[c]"
                if table.is_count(row, column) and value != "[c]":
                    counted += 1
                    assert not 0 < value < 6, (name, row, column)
    assert hidden >= 3 and counted >= 30


# LibreOffice ---------------------------------------------------------------------------------


ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def ods_text(paragraph) -> str:
    """A paragraph's text as Calc shows it (``<text:s text:c="2"/>`` is two spaces)."""
    text = paragraph.text or ""
    for child in paragraph:
        if child.tag == f"{{{ODS['text']}}}s":
            text += " " * int(child.get(f"{{{ODS['text']}}}c", "1"))
        else:
            text += ods_text(child)
        text += child.tail or ""
    return text


def ods_sheets(content: bytes) -> dict[str, list[list[str]]]:
    """Each sheet of an .ods as rows of the cells' displayed text, trailing blanks dropped (a
    run of empty rows inside counts once, so it still shows)."""
    from xml.etree import ElementTree

    table, text = ODS["table"], ODS["text"]
    sheets = {}
    for sheet in ElementTree.fromstring(content).iter(f"{{{table}}}table"):
        rows: list[list[str]] = []
        for row in sheet.iter(f"{{{table}}}table-row"):
            cells: list[str] = []
            for cell in row:
                shown = "\n".join(ods_text(p) for p in cell.iter(f"{{{text}}}p"))
                repeat = int(cell.get(f"{{{table}}}number-columns-repeated", "1"))
                cells += [shown] * (repeat if shown else min(repeat, 64))
            while cells and not cells[-1]:
                cells.pop()
            repeat = int(row.get(f"{{{table}}}number-rows-repeated", "1"))
            rows += [cells] * (repeat if cells else 1)
        while rows and not rows[-1]:
            rows.pop()
        sheets[sheet.get(f"{{{table}}}name")] = rows
    return sheets


@dataclass(frozen=True)
class Calc:
    """What LibreOffice Calc makes of the workbooks, from its own .ods of each: every sheet as
    it shows it (each cell's displayed text), ``sheets["iro"]["staffing"]``, and the database
    ranges it read from each workbook's Excel tables. ``sheets["small"]`` is the workbook of the
    small tables above."""

    sheets: dict[str, dict[str, list[list[str]]]]
    ranges: dict[str, set[str]]


@pytest.fixture(scope="module")
def calc(tmp_path_factory, reports) -> Calc:
    if shutil.which("soffice") is None:
        pytest.skip("soffice not installed (make readers installs LibreOffice from Debian)")
    root = tmp_path_factory.mktemp("calc")
    paths = {"small": write(root / "small.xlsx", [shares(), measures(), hostile()])}
    paths |= {report: path for report, (path, _) in reports.items()}
    run = subprocess.run(
        [
            *("soffice", f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless"),
            *("--convert-to", "ods", "--outdir", str(root / "ods"), *map(str, paths.values())),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if "no export filter" in run.stderr + run.stdout:
        pytest.skip("LibreOffice Calc not installed (libreoffice-calc-nogui)")
    assert run.returncode == 0, run.stderr
    sheets, ranges = {}, {}
    for key, path in paths.items():
        ods = root / "ods" / f"{path.stem}.ods"
        assert ods.is_file(), f"LibreOffice could not open {path.name}"
        with zipfile.ZipFile(ods) as archive:
            content = archive.read("content.xml")
        sheets[key] = ods_sheets(content)
        ranges[key] = set(re.findall(rb'<table:database-range table:name="([^"]+)"', content))
    return Calc(sheets, {key: {n.decode() for n in names} for key, names in ranges.items()})


def shown_rows(table: Table) -> list[list[str]]:
    """The value cells as a person must see them in a spreadsheet: the report's figures without
    their units (the units are in the headings or the Unit column)."""
    rows = []
    for row in range(len(table.frame)):
        line = []
        for column in table.value_columns:
            shown = table.as_shown(row, column)
            if isinstance(shown, Decimal):
                rule = table.rule_for(row, column)
                line.append(format_value(shown, "number", rule.decimals, signed=rule.signed))
            else:
                line.append(f"[{shown}]" if shown in SYMBOLS else shown)
        rows.append(line)
    return rows


def calc_table(sheet: list[list[str]], table: Table) -> list[list[str]]:
    """The value cells of a table's sheet as Calc shows them, below its header row."""
    _, headings, _ = table_cells(table, {note: 1 for note in table.notes})
    top = next(i for i, row in enumerate(sheet) if row[: len(headings)] == headings)
    width = len(table.value_columns)
    return [row[len(headings) - width : len(headings)] for row in sheet[top + 1 :]]


def test_calc_shows_the_figures_as_the_report_does(calc, reports):
    for report, (_, tables) in reports.items():
        sheets = calc.sheets[report]
        for table, name in zip(tables, sheet_names(tables), strict=True):
            assert calc_table(sheets[name], table) == shown_rows(table), (report, name)


def test_calc_shows_text_as_text(calc):
    rows = calc.sheets["small"]["hostile"]
    top = rows.index(["Label", "What"])
    assert [row[0] for row in rows[top + 1 :]] == HOSTILE
    assert {row[1] for row in rows[top + 1 :]} == {"+15.7"}
    assert calc.sheets["small"]["measures"][-2:] == [
        ["Concerns", "count", "1,603", "-51"],
        ["Decisions in 4 days (%)", "%; change in percentage points", "57", "+15"],
    ]


def test_calc_sees_each_excel_table(calc, reports):
    """LibreOffice reads each Excel table as a database range of the same name."""
    for report, (path, tables) in reports.items():
        book = openpyxl.load_workbook(path)
        names = {t.name for sheet in book.worksheets for t in sheet.tables.values()}
        assert len(names) == len(tables) + 1 + bool(book.sheetnames[2] == NOTES)
        assert calc.ranges[report] == names
