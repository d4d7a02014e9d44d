"""Ways to damage a copy of a data file, as a partner, a spreadsheet or a disk might."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook


def rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, table: list[list[str]], encoding: str = "utf-8") -> None:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(table)
    path.write_text(text.getvalue(), encoding=encoding)


def set_cell(path: Path, row: int, column: str, value: str, header: int = 1) -> None:
    """Set the cell at spreadsheet ``row`` in the ``column`` named in row ``header``."""
    table = rows(path)
    table[row - 1][table[header - 1].index(column)] = value
    write_rows(path, table)


def set_column(path: Path, column: str, value: str, where: tuple[str, str] | None = None) -> None:
    """Set ``column`` in every row (or those whose ``where[0]`` column reads ``where[1]``)."""
    table = rows(path)
    at = table[0].index(column)
    for row in table[1:]:
        if where is None or row[table[0].index(where[0])] == where[1]:
            row[at] = value
    write_rows(path, table)


def repeat_row(path: Path, row: int) -> None:
    """Append a copy of spreadsheet ``row`` at the end."""
    table = rows(path)
    write_rows(path, [*table, list(table[row - 1])])


def drop_last_cell(path: Path, row: int) -> None:
    table = rows(path)
    table[row - 1] = table[row - 1][:-1]
    write_rows(path, table)


def keep_header_only(path: Path) -> None:
    write_rows(path, rows(path)[:1])


def insert_blank_row(path: Path, row: int) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines[: row - 1], "\n", *lines[row - 1 :]]), encoding="utf-8")


def reencode(path: Path, encoding: str) -> None:
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))


def truncate(path: Path, fraction: float = 0.5) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])


def edit_sheet(path: Path, sheet: str, cell: str, value: object) -> None:
    book = load_workbook(path)
    book[sheet][cell] = value
    book.save(path)


def merge_cells(path: Path, sheet: str, cells: str) -> None:
    book = load_workbook(path)
    book[sheet].merge_cells(cells)
    book.save(path)


def hide_row(path: Path, sheet: str, row: int) -> None:
    book = load_workbook(path)
    book[sheet].row_dimensions[row].hidden = True
    book.save(path)


def hide_column(path: Path, sheet: str, column: str) -> None:
    book = load_workbook(path)
    book[sheet].column_dimensions[column].hidden = True
    book.save(path)


def append_sheet_row(path: Path, sheet: str, after: int, values: list[object]) -> None:
    """Insert a row of ``values`` below row ``after`` of a sheet."""
    book = load_workbook(path)
    book[sheet].insert_rows(after + 1)
    for column, value in enumerate(values, start=1):
        book[sheet].cell(after + 1, column, value)
    book.save(path)


def zip_of_text(path: Path) -> None:
    """A zip archive that is not a workbook (as a .docx or a zipped folder would be)."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")


def rewrite_parts(path: Path, change) -> None:
    """Rewrite a workbook's parts as text: ``change(name, text)`` returns the new text (or None
    to drop the part); new parts come from ``change(None, "")`` as {name: text}."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    written = {}
    for name, content in parts.items():
        new = change(name, content)
        if new is not None:
            written[name] = new
    written |= change(None, "") or {}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in written.items():
            archive.writestr(name, content)


def raw_cell(path: Path, sheet: str, cell: str, xml: str) -> None:
    """Write ``xml`` as the cell's text in the sheet's XML, as Excel escapes what XML cannot
    hold (``_x0007_``) or writes what openpyxl will not (a formula's saved value)."""
    edit_sheet(path, sheet, cell, "MARKER-7f3a")
    rewrite_parts(path, lambda name, text: text.replace("MARKER-7f3a", xml) if name else None)


def formula_with_value(path: Path, sheet: str, cell: str, formula: str, value: str) -> None:
    """A formula cell with a saved (possibly stale) value, as Excel writes one."""
    edit_sheet(path, sheet, cell, "=" + formula)
    rewrite_parts(
        path,
        lambda name, text: (
            text.replace(f"<f>{formula}</f><v></v>", f"<f>{formula}</f><v>{value}</v>")
            if name
            else None
        ),
    )


RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def link_to_another_workbook(path: Path, target: str) -> None:
    """Add an external link to another workbook (as a formula such as ``[1]Sheet1!B7`` in any
    sheet leaves behind)."""

    def change(name: str | None, text: str):
        if name is None:
            return {
                "xl/externalLinks/externalLink1.xml": (
                    '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                    f'main" xmlns:r="{RELATIONSHIPS}"><externalBook r:id="rId1"/></externalLink>'
                ),
                "xl/externalLinks/_rels/externalLink1.xml.rels": (
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                    f'relationships"><Relationship Id="rId1" Type="{RELATIONSHIPS}/'
                    f'externalLinkPath" Target="{target}" TargetMode="External"/></Relationships>'
                ),
            }
        if name == "xl/_rels/workbook.xml.rels":
            return text.replace(
                "</Relationships>",
                f'<Relationship Id="rId99" Type="{RELATIONSHIPS}/externalLink" '
                'Target="externalLinks/externalLink1.xml"/></Relationships>',
            )
        return text

    rewrite_parts(path, change)


def add_rows(path: Path, sheet: str, count: int, row: list[object]) -> None:
    """Append ``count`` copies of ``row`` to a sheet."""
    book = load_workbook(path)
    for _ in range(count):
        book[sheet].append(row)
    book.save(path)


def record_dimension(path: Path, ref: str) -> None:
    """Make every sheet's recorded dimension say ``ref``, whatever it holds."""
    rewrite_parts(
        path,
        lambda name, text: (
            re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>', text) if name else None
        ),
    )


def add_sheet(path: Path, name: str, rows: int) -> None:
    """Add a sheet of ``rows`` rows that no return reads (workings, a pasted extract)."""
    book = load_workbook(path)
    sheet = book.create_sheet(name)
    for number in range(rows):
        sheet.append([f"Pupil {number}", number, number * 2, "note"])
    book.save(path)


def as_excel_saves(path: Path) -> None:
    """Move every text into the shared strings table, as Excel saves a workbook (openpyxl
    writes each text in its cell)."""
    strings: list[str] = []

    def shared(match: re.Match[str]) -> str:
        strings.append(match[2])
        return f'<c {match[1]} t="s"><v>{len(strings) - 1}</v></c>'

    def change(name: str | None, text: str):
        if name is None:
            items = "".join(f"<si><t>{s}</t></si>" for s in strings)
            return {
                "xl/sharedStrings.xml": (
                    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                    f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
                )
            }
        if name.startswith("xl/worksheets/"):
            return re.sub(r'<c ([^>]*?) t="inlineStr"><is><t>(.*?)</t></is></c>', shared, text)
        if name == "xl/_rels/workbook.xml.rels":
            return text.replace(
                "</Relationships>",
                f'<Relationship Id="rId98" Type="{RELATIONSHIPS}/sharedStrings" '
                'Target="sharedStrings.xml"/></Relationships>',
            )
        if name == "[Content_Types].xml":
            return text.replace(
                "</Types>",
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
            )
        return text

    rewrite_parts(path, change)
