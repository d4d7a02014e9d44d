"""A report's tables as an accessible spreadsheet, report.xlsx, to the Analysis Function's
standard "Releasing statistics in spreadsheets".

    write_workbook(folder / "report.xlsx", tables, title="Independent Reviewing Officer annual
                   report", period_label="2024/25", council="...", contact="...",
                   audience="public", timestamp=1760313600)

A cover sheet (title, period, council, audience, contact, the symbols used and what they mean,
each table's source), a contents sheet linking each table's sheet, a notes sheet (each table
note once, numbered, and named in its tables' titles as "[note 1]"), then one sheet per table,
named by the table's id as its CSV is: the title in A1, the table below its lines of text, marked
as an Excel table with a header row, no merged cells and no empty rows. The figures are the
report's: the same rounding, the same symbols (``[c]`` in a public build), numbers stored as
numbers with a number format of the report's decimal places, units in the column headings or,
where a table's rows have different units, in a Unit column.

Everything is written with XlsxWriter's typed calls (``write_string``, ``write_number``), so text
is never read as a formula, a number or a link; text that a spreadsheet would take for a formula
when it is edited also carries Excel's quote prefix. The file is the same bytes for the same
tables and timestamp: the document's dates are the timestamp, its parts' dates fixed.

Written with XlsxWriter directly rather than through gptables, which builds on it: gptables reads
its text as markup (a "[text](url)" label becomes a live link, "$$...$$" a note reference), stops
on a cell holding only punctuation (the BCSSP rating key's "/"), and formats only the last of
several cells given one number format. docs/formats.md says more.

It is a rendering of Table objects, as ``Table.to_markdown`` is, so it lives in present: it needs
no document or renderer, and the one writer of published values (the notebook's publication)
calls it with the tables as it showed them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..audiences import AUDIENCES, COMMITTEE, PUBLIC
from ..numbers import SYMBOLS
from ..spreadsheet import FORMULA_STARTS
from .tables import Table, is_number

COVER, CONTENTS, NOTES = "Cover", "Contents", "Notes"
UNIT_COLUMN = "Unit"
# How units read in a heading or the Unit column; counts and plain numbers need none in a
# heading (the heading says what is counted).
UNIT_NAMES = {
    "%": "%",
    "pp": "percentage points",
    "per10k": "per 10,000",
    "rate": "rate",
    "count": "count",
    "number": "number",
}
HEADING_UNITS = ("%", "pp", "per10k", "rate")
AUDIENCE_TEXT = {
    COMMITTEE: (
        "Prepared for the council's committee: the figures are as the council prints them for "
        "its committees, small counts included."
    ),
    PUBLIC: (
        "Prepared for the public: a count of 1 to 5 children is shown as [c], and so are the "
        "counts and percentages in the same table from which it could be worked out."
    ),
}
WIDEST = 60  # characters: a column is no wider, and its longer text wraps
COVER_WIDTH = 100
# Points per line of 11 pt text. A row of wrapped text is given its height: LibreOffice keeps
# the default height of a row the file gives none, and the wrapped lines overlap the next row.
LINE_HEIGHT = 15
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
_NOT_IN_TABLE_NAMES = re.compile(r"[^A-Za-z0-9_]")


@dataclass(frozen=True)
class Cell:
    """One cell of a sheet's table: text, or a number with its Excel number format."""

    value: str | float
    number_format: str = ""
    link: str = ""  # a place in the workbook ("internal:'Sheet'!A1")
    align: str = ""  # a symbol stands right, where the numbers of its column stand

    @property
    def width(self) -> int:
        """About how many characters wide the cell shows."""
        if isinstance(self.value, str):
            return max(map(len, self.value.splitlines() or [""]))
        return len(f"{self.value:,}") + 1


def number_format(decimals: int, signed: bool = False) -> str:
    """The Excel format that shows a number as the report does: thousands separated, the
    report's decimal places and, for a change, its sign."""
    shown = "#,##0" + ("." + "0" * decimals if decimals else "")
    return f"+{shown};-{shown};{shown}" if signed else shown


def _unique(base: str, taken: set[str], longest: int, mark: str = " ({})") -> str:
    """``base`` cut to ``longest`` characters, numbered by ``mark`` (" (2)", " (3)" ...) until
    it is not in ``taken`` (compared as Excel does, ignoring case), and then taken."""
    name, number = base[:longest], 1
    while name.lower() in taken:
        number += 1
        suffix = mark.format(number)
        name = base[: longest - len(suffix)] + suffix
    taken.add(name.lower())
    return name


def sheet_names(tables: Sequence[Table]) -> list[str]:
    """A sheet name per table: its id (as its CSV's name), made a valid and unique sheet name."""
    taken = {COVER.lower(), CONTENTS.lower(), NOTES.lower(), "history"}  # Excel reserves History
    names = []
    for table in tables:
        base = _NOT_IN_SHEET_NAMES.sub("-", table.id).strip("'") or "table"
        names.append(_unique(base, taken, 31))
    return names


def numbered_notes(tables: Sequence[Table]) -> dict[str, int]:
    """Each distinct table note's number, in the order the tables first give it."""
    numbers: dict[str, int] = {}
    for table in tables:
        for note in table.notes:
            numbers.setdefault(note, len(numbers) + 1)
    return numbers


def lines_in(text: str, width: int) -> int:
    """About how many lines ``text`` takes wrapped in a column ``width`` characters wide."""
    return sum(max(1, math.ceil(len(line) / width)) for line in text.splitlines() or [""])


def unit_name(unit: str) -> str:
    return UNIT_NAMES.get(unit, unit)


def table_units(table: Table) -> tuple[dict[str, str], list[str] | None]:
    """Where the table's units go: each value column's heading when every figure in a column
    has one unit (``{column: unit}``), else a Unit column (a label per row, its changes' unit
    named after its own: "%; change in percentage points")."""
    figures = [
        (row, column, table.rule_for(row, column))
        for row in range(len(table.frame))
        for column in table.value_columns
        if _is_figure(table.as_shown(row, column))
    ]
    by_column: dict[str, set[str]] = {}
    for _, column, rule in figures:
        by_column.setdefault(column, set()).add(rule.unit)
    if all(len(units) == 1 for units in by_column.values()):
        return {column: units.pop() for column, units in by_column.items()}, None
    labels = []
    for row in range(len(table.frame)):
        rules = [rule for r, _, rule in figures if r == row]
        own = list(dict.fromkeys(unit_name(r.unit) for r in rules if not r.signed))
        changes = [unit_name(r.unit) for r in rules if r.signed and unit_name(r.unit) not in own]
        label = ", ".join(own or changes)
        labels.append(label + "".join(f"; change in {c}" for c in dict.fromkeys(changes) if own))
    return {}, labels


def _is_figure(shown: Decimal | str) -> bool:
    """Whether a cell as shown is a figure (a number, or a symbol in its place), not text."""
    return isinstance(shown, Decimal) or shown in SYMBOLS


def heading(column: str, unit: str | None) -> str:
    """A value column's heading with its unit, unless the heading already names it."""
    if unit not in HEADING_UNITS:
        return column
    name = unit_name(unit)
    return column if name.lower() in column.lower() else f"{column} ({name})"


class _Sheets:
    """The workbook being written, and the cell formats it has made (one per look)."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.formats: dict[tuple[tuple[str, Any], ...], Any] = {}
        self.table_names = {"contents", "notes"}

    def table_name(self, id: str) -> str:
        """An Excel table name for a table id: letters, digits and underscores, unique."""
        base = "table_" + _NOT_IN_TABLE_NAMES.sub("_", id)
        return _unique(base, self.table_names, 255, mark="_{}")

    def sheet(self, name: str, landscape: bool = False) -> Any:
        """A new sheet that prints as wide as the page."""
        sheet = self.book.add_worksheet(name)
        sheet.fit_to_pages(1, 0)
        if landscape:
            sheet.set_landscape()
        return sheet

    def format(self, **properties: Any) -> Any:
        key = tuple(sorted(properties.items()))
        if key not in self.formats:
            self.formats[key] = self.book.add_format(properties)
        return self.formats[key]

    def text(self, sheet: Any, row: int, column: int, text: str, **look: Any) -> None:
        """Text as text: never a formula, number or link, however it starts."""
        if text.startswith(FORMULA_STARTS):
            look["quote_prefix"] = True  # and so when a reader edits the cell, too
        sheet.write_string(row, column, text, self.format(**look) if look else None)

    def lines(self, sheet: Any, lines: Sequence[tuple[str, str]], wrap: bool = False) -> int:
        """Lines of text down column A from A1, each (style, text): "title", "heading" or "";
        ``wrap``: text lines wrap within the column (else they run on to the right). Returns
        the next free row."""
        looks = {
            "title": {"bold": True, "font_size": 14},
            "heading": {"bold": True},
            "": {"text_wrap": True, "valign": "top"} if wrap else {},
        }
        for row, (style, text) in enumerate(lines):
            self.text(sheet, row, 0, text, **looks[style])
            if wrap and lines_in(text, COVER_WIDTH) > 1:
                sheet.set_row(row, LINE_HEIGHT * lines_in(text, COVER_WIDTH))
        return len(lines)

    def table(
        self,
        sheet: Any,
        top: int,
        name: str,
        headings: Sequence[str],
        rows: Sequence[Sequence[Cell]],
    ) -> None:
        """An Excel table from row ``top``: a header row of ``headings`` and a row per item of
        ``rows``, each column as wide as its text (up to WIDEST, wrapping beyond). No rows are
        one row of [x], not available: an Excel table has a row, and the standard no empty one."""
        taken: set[str] = set()
        headings = [_unique(h.strip() or "Column", taken, 255) for h in headings]
        rows = rows or [[Cell("[x]", align="right") for _ in headings]]
        widths = [len(h) for h in headings]
        for cells in rows:
            widths = [max(w, cell.width) for w, cell in zip(widths, cells, strict=True)]
        widths = [min(max(width, 8), WIDEST) for width in widths]
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width + 2)
        for offset, line in enumerate([[Cell(h) for h in headings], *rows]):
            height = max(
                lines_in(cell.value, width) if isinstance(cell.value, str) else 1
                for cell, width in zip(line, widths, strict=True)
            )
            if height > 1:
                sheet.set_row(top + offset, LINE_HEIGHT * height)
            if offset:  # the header row's cells are the table's to write
                for column, cell in enumerate(line):
                    self._cell(sheet, top + offset, column, cell)
        # a column of figures has its heading over them, on the right
        figures = [
            any(cell.align == "right" or not isinstance(cell.value, str) for cell in column)
            for column in zip(*rows, strict=True)
        ]
        looks = [
            self.format(bold=True, text_wrap=True, valign="top", align="right" if right else "left")
            for right in figures
        ]
        sheet.add_table(
            top,
            0,
            top + len(rows),
            len(headings) - 1,
            {
                "name": name,
                "style": None,
                "autofilter": False,
                "columns": [
                    {"header": h, "header_format": look}
                    for h, look in zip(headings, looks, strict=True)
                ],
            },
        )

    def _cell(self, sheet: Any, row: int, column: int, cell: Cell) -> None:
        if cell.link:
            look = self.format(font_color="#0000FF", underline=1, valign="top")
            sheet.write_url(row, column, cell.link, look, string=str(cell.value))
        elif isinstance(cell.value, str):
            look = {"align": cell.align} if cell.align else {}
            wrap = cell.width > WIDEST
            self.text(sheet, row, column, cell.value, valign="top", text_wrap=wrap, **look)
        else:
            look = self.format(num_format=cell.number_format, valign="top")
            sheet.write_number(row, column, cell.value, look)


def table_cells(table: Table, notes: Mapping[str, int]) -> tuple[str, list[str], list[list[Cell]]]:
    """A table as its sheet shows it: the title with its notes, the headings and the cells."""
    units, unit_column = table_units(table)
    headings = [
        *table.stub,
        *([UNIT_COLUMN] if unit_column else []),
        *(heading(c, units.get(c)) for c in table.value_columns),
    ]
    rows = []
    for row in range(len(table.frame)):
        stub = [table.frame.at[row, c] for c in table.stub]
        cells = [Cell(float(v), "General") if is_number(v) else Cell(str(v)) for v in stub]
        cells += [Cell(unit_column[row])] if unit_column else []
        for column in table.value_columns:
            shown = table.as_shown(row, column)
            if isinstance(shown, Decimal):
                rule = table.rule_for(row, column)
                cells.append(Cell(float(shown), number_format(rule.decimals, rule.signed)))
            else:
                cells.append(Cell(f"[{shown}]", align="right") if shown in SYMBOLS else Cell(shown))
        rows.append(cells)
    title = table.title + "".join(f" [note {n}]" for n in sorted({notes[n] for n in table.notes}))
    return title, headings, rows


def _table_sheet(
    sheets: _Sheets, name: str, table: Table, notes: Mapping[str, int], provenance: str
) -> None:
    title, headings, rows = table_cells(table, notes)
    about = "This worksheet contains one table."
    if table.notes:
        about += " Its notes are on the Notes sheet."
    if table.symbols():
        example = table.symbols()[0]
        about += f" A symbol in square brackets, such as [{example}], is explained on the cover."
    lines = [("title", title), ("", about)]
    lines += [("", f"Source: {table.source}")] if table.source else []
    lines += [("", provenance)] if provenance else []
    sheet = sheets.sheet(name, landscape=True)
    top = sheets.lines(sheet, lines)
    sheets.table(sheet, top, sheets.table_name(table.id), headings, rows)


def _provenance(table: Table, provenance: Mapping[str, str]) -> str:
    """What the table's figures are (issue 27's record, by table id), else, for a table with
    made-up figures, that they are."""
    if table.id in provenance:
        return provenance[table.id]
    return "Synthetic data: the figures are made up, for illustration." if table.synthetic else ""


def write_workbook(
    path: Path,
    tables: Sequence[Table],
    *,
    title: str,
    period_label: str,
    council: str,
    contact: str,
    audience: str,
    timestamp: int,
    provenance: Mapping[str, str] | None = None,
) -> Path:
    """Write ``tables`` (as the audience sees them: ``present.disclosure.for_audience``) to
    ``path`` as an accessible workbook dated ``timestamp`` (seconds since 1970, the build's
    SOURCE_DATE_EPOCH or meeting date). ``provenance`` says, by table id, what a table's
    figures are (published, the council's records, synthetic)."""
    import xlsxwriter

    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; audiences: {', '.join(AUDIENCES)}")
    provenance = provenance or {}
    names = sheet_names(tables)
    notes = numbered_notes(tables)
    options = {
        "in_memory": True,  # no temporary files, and every part dated 1 January 1980
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    book = xlsxwriter.Workbook(str(path), options)
    book.set_properties(
        {
            "title": f"{title}, {period_label}: tables",
            "author": council,
            "company": council,
            "comments": "The report's tables, one to a sheet, with the figures as it shows them.",
            "created": datetime.fromtimestamp(timestamp, UTC),
        }
    )
    sheets = _Sheets(book)
    _cover(sheets, tables, names, title, period_label, council, contact, audience, provenance)
    _contents(sheets, tables, names)
    if notes:
        _notes(sheets, tables, names, notes)
    for table, name in zip(tables, names, strict=True):
        _table_sheet(sheets, name, table, notes, _provenance(table, provenance))
    book.close()
    return path


def _contents(sheets: _Sheets, tables: Sequence[Table], names: Sequence[str]) -> None:
    """The contents sheet: each table's sheet name, linked to its A1, and its title."""
    sheet = sheets.sheet(CONTENTS)
    about = "This worksheet contains one table. Each sheet's name links to its table."
    top = sheets.lines(sheet, [("title", "Contents"), ("", about)])
    rows = [
        [Cell(name, link="internal:'{}'!A1".format(name.replace("'", "''"))), Cell(table.title)]
        for table, name in zip(tables, names, strict=True)
    ]
    sheets.table(sheet, top, "contents", ["Sheet", "Table"], rows)


def _notes(
    sheets: _Sheets, tables: Sequence[Table], names: Sequence[str], notes: Mapping[str, int]
) -> None:
    """The notes sheet: each note's number, its text and the sheets whose tables it is about."""
    sheet = sheets.sheet(NOTES)
    about = "This worksheet contains one table. A table's title names its notes: [note 1]."
    top = sheets.lines(sheet, [("title", "Notes"), ("", about)])
    rows = [
        [
            Cell(f"[note {number}]"),
            Cell(note),
            Cell(", ".join(n for t, n in zip(tables, names, strict=True) if note in t.notes)),
        ]
        for note, number in notes.items()
    ]
    sheets.table(sheet, top, "notes", ["Note number", "Note text", "Sheets"], rows)


def _cover(
    sheets: _Sheets,
    tables: Sequence[Table],
    names: Sequence[str],
    title: str,
    period_label: str,
    council: str,
    contact: str,
    audience: str,
    provenance: Mapping[str, str],
) -> None:
    """The cover sheet: what the workbook is, for whom, who to ask, what its symbols mean and
    where each table's figures come from."""
    used = [s for s in SYMBOLS if any(s in table.symbols() for table in tables)]
    lines = [
        ("title", title),
        ("heading", "Period"),
        ("", period_label),
        ("heading", "About these tables"),
        (
            "",
            "The report's tables, one to a sheet, with the figures as the report shows them: "
            "rounded as the report rounds them and stored as numbers. Units are in the column "
            "headings, or in a Unit column where a table's rows have different units.",
        ),
        ("heading", "Published by"),
        ("", council),
        ("heading", "Audience"),
        ("", AUDIENCE_TEXT[audience]),
        ("heading", "Contact"),
        ("", contact),
        ("heading", "Symbols"),
    ]
    lines += [("", f"[{s}] {SYMBOLS[s]}") for s in used] or [("", "No table uses a symbol.")]
    if any(table.notes for table in tables):
        lines += [
            ("heading", "Notes"),
            ("", "A table's title names its notes, such as [note 1]: see the Notes sheet."),
        ]
    lines.append(("heading", "Sources"))
    for table, name in zip(tables, names, strict=True):
        said = [f"Source: {table.source}." if table.source else "", _provenance(table, provenance)]
        lines.append(("", " ".join([f"{name}: {table.title}.", *filter(None, said)])))
    sheet = sheets.sheet(COVER)
    sheet.set_column(0, 0, COVER_WIDTH)
    sheets.lines(sheet, lines, wrap=True)
