"""A workbook's sheet read as the values it holds, within limits, without trusting the file.

An .xlsx file is a zip of XML parts. Only what a return needs is read, each part as a stream:
the workbook's list of sheets, the one sheet asked for, and of the shared strings only those
that sheet uses. A sheet's recorded dimension is never believed: its size is counted from the
cells it really holds, and reading stops at the first cell beyond the limits, so a sheet that
claims (or holds) a million rows, or a cell holding a huge string, costs no more than a small
one. A formula cell is refused (its saved value may be stale, whatever the workbook's
recalculation flag says), and so is a link to another workbook: a return holds values.
XML the parts cannot hold (a document type, entities) is refused rather than expanded.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from xml.parsers import expat

from ..errors import DataError

MAX_ROWS = 10_000  # rows a sheet we read may reach (a return's table is tens of rows)
MAX_COLUMNS = 200  # columns it may reach (GR)
MAX_VALUES = 200_000  # cells holding a value
MAX_CELL_CHARACTERS = 32_767  # Excel's own limit for one cell
MAX_PART_BYTES = 64 << 20  # one part (a sheet, the shared strings) as uncompressed XML
XLSX_HINT = "save it from Excel as 'Excel Workbook (.xlsx)'"
VALUES_HINT = "paste values: copy the cells and use Paste Special > Values"
LIMITS_HINT = (
    f"a sheet we read holds at most {MAX_ROWS:,} rows and {MAX_COLUMNS} columns; delete what "
    "lies below or to the right of its tables"
)
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CELL = re.compile(r"^([A-Z]{1,3})([0-9]+)$")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # how OOXML writes a character XML cannot hold
# Excel's built-in number formats that show a date or time (ECMA-376 18.8.30).
_DATE_FORMATS = {*range(14, 23), *range(45, 48)}


@dataclass
class Sheet:
    """A sheet's values by row (``rows[i]`` is row ``i + 1``), with what a table must not hold.
    A shared string is an index (``SharedText``) until the shared strings are read."""

    rows: list[list[object]] = field(default_factory=list)
    merged: list[tuple[str, int, int, int]] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class SharedText:
    index: int


def letter(column: int) -> str:
    """The spreadsheet letter of a 1-based column number: 1 -> A, 28 -> AB."""
    name = ""
    while column:
        column, rest = divmod(column - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def column_number(letters: str) -> int:
    number = 0
    for character in letters:
        number = number * 26 + ord(character) - 64
    return number


def _coordinate(ref: str) -> tuple[int, int]:
    match = _CELL.match(ref.replace("$", ""))
    if not match:
        raise ValueError(f"cell reference {ref!r}")
    return int(match[2]), column_number(match[1])


def _whole(text: str, default: int = 0) -> int:
    """A whole number written in the digits 0-9, or ``default``."""
    return int(text) if text.isascii() and text.isdigit() else default


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


def _attributes(attributes: dict[str, str]) -> dict[str, str]:
    """Attributes by local name; the relationship id keeps the name ``rid``."""
    found = {}
    for name, value in attributes.items():
        uri, _, local = name.rpartition(" ")
        found["rid" if uri == _RELATIONSHIPS and local == "id" else local] = value
    return found


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda match: chr(int(match[1], 16)), text) if "_x" in text else text


class Workbook:
    """An open .xlsx file: its sheets by name, read on demand."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.archive = zipfile.ZipFile(path)
            self.archive.getinfo("[Content_Types].xml")
        except (zipfile.BadZipFile, KeyError, OSError, EOFError) as error:
            self._unreadable(error)
        main = self._relationships("_rels/.rels", "")
        self.part = next((t for t, kind in main.values() if kind.endswith("/officeDocument")), "")
        self.part = self.part or "xl/workbook.xml"
        folder = posixpath.dirname(self.part)
        rels = posixpath.join(folder, "_rels", posixpath.basename(self.part) + ".rels")
        self.targets = self._relationships(rels, folder)
        self.sheets: dict[str, str] = {}
        self.date1904 = False

        def start(name: str, attributes: dict[str, str]) -> None:
            found = _attributes(attributes)
            if name == "sheet" and found.get("rid") in self.targets:
                self.sheets[found.get("name", "")] = self.targets[found["rid"]][0]
            elif name == "workbookPr":
                self.date1904 = found.get("date1904", "0") in ("1", "true")

        self._parse(self.part, start)

    def close(self) -> None:
        self.archive.close()

    def _unreadable(self, error: BaseException) -> None:
        said = str(error.args[0]) if error.args else ""  # a KeyError's str() adds quotes
        reason = said.splitlines()[0] if said else type(error).__name__
        raise DataError(
            f"not a readable Excel workbook: {reason}", file=self.path, hint=XLSX_HINT
        ) from None

    def _parse(
        self,
        part: str,
        start: Callable[[str, dict[str, str]], None],
        end: Callable[[str], None] | None = None,
        text: Callable[[str], None] | None = None,
    ) -> None:
        """Stream one part through expat, names without their namespace; a part that is not
        there is read as empty."""
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = False  # long text arrives in pieces that can be counted

        def refused(*args: object) -> None:
            raise expat.ExpatError("a document type or entity, which a workbook never holds")

        parser.StartDoctypeDeclHandler = refused
        parser.EntityDeclHandler = refused
        parser.StartElementHandler = lambda name, attributes: start(_local(name), attributes)
        if end is not None:
            parser.EndElementHandler = lambda name: end(_local(name))
        if text is not None:
            parser.CharacterDataHandler = text
        try:
            info = self.archive.getinfo(part)
        except KeyError:
            return
        read = 0
        try:
            with self.archive.open(info) as stream:
                while chunk := stream.read(1 << 16):
                    read += len(chunk)
                    if read > MAX_PART_BYTES:
                        raise DataError(
                            f"the workbook's part {part} is over {MAX_PART_BYTES >> 20} MiB",
                            file=self.path,
                            hint=LIMITS_HINT,
                        )
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except (expat.ExpatError, zipfile.BadZipFile, EOFError, OSError) as error:
            self._unreadable(ValueError(f"{part}: {error}"))

    def _relationships(self, part: str, folder: str) -> dict[str, tuple[str, str]]:
        """A relationships part: id -> (target part, or the external target as written; type)."""
        found: dict[str, tuple[str, str]] = {}

        def start(name: str, attributes: dict[str, str]) -> None:
            if name != "Relationship":
                return
            target, kind = attributes.get("Target", ""), attributes.get("Type", "")
            if attributes.get("TargetMode") != "External":
                target = (
                    target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                )
                target = posixpath.normpath(target)
            found[attributes.get("Id", "")] = (target, kind)

        self._parse(part, start)
        return found

    def external_links(self) -> list[str]:
        """The other workbooks this one takes values from, as its links name them."""
        found = []
        for target, kind in self.targets.values():
            if kind.endswith("/externalLink"):
                folder = posixpath.dirname(target)
                rels = posixpath.join(folder, "_rels", posixpath.basename(target) + ".rels")
                links = self._relationships(rels, folder).values()
                found += [t for t, k in links if k.endswith("/externalLinkPath")] or [target]
        return found

    def read(self, name: str) -> Sheet:
        """The sheet called ``name``, its values, merged ranges and hidden rows and columns."""
        if name not in self.sheets:
            raise DataError(
                f"no sheet {name!r} (sheets: {', '.join(self.sheets)})",
                file=self.path,
                hint="keep the sheet names of the return template",
            )
        reader = _SheetReader(self, name)
        self._parse(self.sheets[name], reader.start, reader.end, reader.text)
        if reader.shared:
            self._shared_strings(reader)
        links = self.external_links()
        if links:
            raise DataError(
                f"the workbook takes values from another workbook ({links[0]})",
                file=self.path,
                sheet=name,
                hint="break the link with Data > Edit Links, or " + VALUES_HINT,
            )
        return reader.sheet()

    def _shared_strings(self, reader: _SheetReader) -> None:
        """Read the shared strings the sheet uses, and only those."""
        part = next(
            (t for t, kind in self.targets.values() if kind.endswith("/sharedStrings")),
            "xl/sharedStrings.xml",
        )
        wanted = reader.shared
        strings: dict[int, str] = {}
        state = {"index": -1, "in_t": False, "phonetic": 0, "length": 0}
        pieces: list[str] = []

        def start(name: str, attributes: dict[str, str]) -> None:
            if name == "si":
                state["index"] += 1
                state["length"] = 0
                pieces.clear()
            elif name == "rPh":
                state["phonetic"] += 1
            elif name == "t":
                state["in_t"] = True

        def end(name: str) -> None:
            if name == "si" and state["index"] in wanted:
                strings[state["index"]] = _unescape("".join(pieces))
            elif name == "rPh":
                state["phonetic"] -= 1
            elif name == "t":
                state["in_t"] = False

        def text(data: str) -> None:
            if state["in_t"] and not state["phonetic"] and state["index"] in wanted:
                state["length"] += len(data)
                if state["length"] > MAX_CELL_CHARACTERS:
                    reader.too_long(wanted[state["index"]])
                pieces.append(data)

        self._parse(part, start, end, text)
        reader.resolve(strings)


class _SheetReader:
    """The state of one sheet's stream: the cell being read and the values so far."""

    def __init__(self, book: Workbook, name: str) -> None:
        self.book, self.name = book, name
        self.values: dict[tuple[int, int], object] = {}
        self.shared: dict[int, str] = {}  # shared string index -> the first cell using it
        self.result = Sheet()
        self.row = 0
        self.column = 0
        self.cell: dict[str, str] | None = None
        self.ref = ""
        self.element = ""  # v, f or t (inside is): where text goes
        self.phonetic = 0
        self.pieces: list[str] = []
        self.length = 0
        self.formula: str | None = None
        self.has_value = False
        self.dates = _DateStyles(book)

    def error(self, message: str, ref: str | None = None, hint: str | None = None) -> DataError:
        return DataError(message, file=self.book.path, sheet=self.name, column=ref, hint=hint)

    def too_long(self, ref: str) -> None:
        raise self.error(
            f"the cell holds more than {MAX_CELL_CHARACTERS:,} characters, Excel's limit for a "
            "cell",
            ref,
            "shorten it, or keep long text out of the return",
        )

    def start(self, name: str, attributes: dict[str, str]) -> None:
        found = _attributes(attributes) if attributes else {}
        if name == "c":
            self.cell, self.formula, self.has_value = found, None, False
            if "r" in found:
                try:
                    self.row, self.column = _coordinate(found["r"])
                except ValueError as error:
                    raise self.error(f"not a readable sheet: {error}", hint=XLSX_HINT) from None
            else:
                self.column += 1
            self.ref = f"{letter(self.column)}{self.row}"
            self.pieces, self.length = [], 0
        elif name == "row":
            self.row = _whole(found.get("r", "")) or self.row + 1
            self.column = 0
            if found.get("hidden") in ("1", "true"):
                self.result.hidden_rows.add(self.row)
        elif name in ("v", "f") and self.cell is not None:
            self.element = name
            self.has_value = self.has_value or name == "v"
            if name == "f":
                self.formula = ""
        elif name == "is":
            self.has_value = True
        elif name == "t" and self.cell is not None and not self.phonetic:
            self.element = "t"
        elif name == "rPh":
            self.phonetic += 1
        elif name == "col" and found.get("hidden") in ("1", "true"):
            first = _whole(found.get("min", ""), 1)
            last = min(_whole(found.get("max", ""), first), MAX_COLUMNS + 1)
            self.result.hidden_columns.update(range(first, last + 1))
        elif name == "mergeCell":
            self._merged(found.get("ref", ""))

    def text(self, data: str) -> None:
        if not self.element:
            return
        self.length += len(data)
        if self.length > MAX_CELL_CHARACTERS:
            self.too_long(self.ref)
        if self.element == "f":
            self.formula = (self.formula or "") + data
        else:
            self.pieces.append(data)

    def end(self, name: str) -> None:
        if name in ("v", "f", "t"):
            self.element = ""
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "c" and self.cell is not None:
            self._cell()
            self.cell = None

    def _cell(self) -> None:
        if self.formula is not None:
            shown = f" (={self.formula})" if self.formula else ""
            raise self.error(
                f"the cell holds a formula{shown}, whose saved value may be out of date",
                self.ref,
                VALUES_HINT,
            )
        if not self.has_value:
            return  # formatting only
        if self.row > MAX_ROWS or self.column > MAX_COLUMNS or len(self.values) >= MAX_VALUES:
            raise self.error("a value beyond the limits of a sheet we read", self.ref, LIMITS_HINT)
        text, kind = "".join(self.pieces), (self.cell or {}).get("t", "n")
        value: object
        if kind == "s":
            index = _whole(text.strip(), -1)
            self.shared.setdefault(index, self.ref)
            value = SharedText(index)
        elif kind in ("inlineStr", "str", "e"):
            value = _unescape(text)
        elif kind == "b":
            value = text.strip() in ("1", "true")
        elif kind == "d":
            value = _iso_date(text) or text
        else:
            value = self._number(text)
        self.values[(self.row, self.column)] = value

    def _number(self, text: str) -> object:
        text = text.strip()
        if not _NUMBER.fullmatch(text):
            raise self.error(f"not a readable number {text[:40]!r}", self.ref, XLSX_HINT)
        number: float | int = float(text) if any(c in text for c in ".eE") else int(text)
        style = (self.cell or {}).get("s", "0")
        return self.dates.convert(number, _whole(style, 0))

    def _merged(self, ref: str) -> None:
        try:
            first, _, last = ref.partition(":")
            (top, left), (bottom, _) = _coordinate(first), _coordinate(last or first)
        except ValueError as error:
            raise self.error(f"not a readable sheet: {error}", hint=XLSX_HINT) from None
        self.result.merged.append((ref, top, bottom, left))

    def resolve(self, strings: dict[int, str]) -> None:
        for place, value in self.values.items():
            if isinstance(value, SharedText):
                if value.index not in strings:
                    raise self.error(
                        "not a readable sheet: the cell's text is missing", self.shared[value.index]
                    )
                self.values[place] = strings[value.index]
        self.shared = {}

    def sheet(self) -> Sheet:
        rows = max((r for r, _ in self.values), default=0)
        columns = max((c for _, c in self.values), default=0)
        self.result.rows = [[None] * columns for _ in range(rows)]
        for (row, column), value in self.values.items():
            self.result.rows[row - 1][column - 1] = value
        return self.result


def _iso_date(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        return None


class _DateStyles:
    """Which cell styles show a number as a date, read from styles.xml when a number is first
    seen, so a date cell reads as a date as Excel shows it."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.styles: list[bool] | None = None

    def _read(self) -> list[bool]:
        custom: dict[int, str] = {}
        formats: list[int] = []
        inside = {"cellXfs": False}
        part = next(
            (t for t, kind in self.book.targets.values() if kind.endswith("/styles")),
            "xl/styles.xml",
        )

        def start(name: str, attributes: dict[str, str]) -> None:
            if name == "numFmt":
                custom[_whole(attributes.get("numFmtId", ""), -1)] = attributes.get(
                    "formatCode", ""
                )
            elif name == "cellXfs":
                inside["cellXfs"] = True
            elif name == "xf" and inside["cellXfs"]:
                formats.append(_whole(attributes.get("numFmtId", ""), 0))

        def end(name: str) -> None:
            if name == "cellXfs":
                inside["cellXfs"] = False

        self.book._parse(part, start, end)
        return [
            number in _DATE_FORMATS or (number in custom and _is_date_format(custom[number]))
            for number in formats
        ]

    def convert(self, number: float | int, style: int) -> object:
        if self.styles is None:
            self.styles = self._read()
        if style < len(self.styles) and self.styles[style]:
            from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

            epoch = CALENDAR_MAC_1904 if self.book.date1904 else CALENDAR_WINDOWS_1900
            try:
                return from_excel(number, epoch)
            except (ValueError, OverflowError):
                return number
        return number


def _is_date_format(code: str) -> bool:
    from openpyxl.styles.numbers import is_date_format

    return bool(is_date_format(code))
