"""Tables as data plus formatting rules and cell styles; Markdown, HTML and CSV are renderings of
the same object.

    Table.from_frame(frame, id="absence", caption="Absence by area", stub=["Measure"])
        .fmt("%", decimals=1, rows=["Persistent absence"])
        .fmt("pp", decimals=1, columns=["Change"], signed=True)
        .style("rag-red", rows=lambda f: f["Rating"] == "R", columns=["Rating"])
        .fact("pa_la", row="Persistent absence", column="B&NES 2023/24")
        .roles({"B&NES 2023/24": "la.this_year", "England 2023/24": "england.this_year"})

Every number in a table is a fact in the ledger, ``<table id>.<row key>.<column key>``, the
same for every LA and year: a column's key is its declared role (the area and the year it is
about, as ``la.this_year``), else its header in lower case with words joined by ``_``; a row's
is its declared role, else its label's, with ``.2``, ``.3`` for the second and third row of the
same label.

What a table says about people, for disclosure control (``present.disclosure``): which cells
count children, which row or column is the total of which others, and which percentages are
shares of which counts::

    Table.from_frame(frame, id="ages", caption="Children in care by age", stub=["Age"])
        .counts(columns=["Children"])
        .total(row="All children", of=["Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over"])
        .share(columns=["%"], of="Children")

Rows are chosen by position, by label (a stub cell's text) or by a function of the frame;
columns by name. Every method returns a new Table; nothing is mutated. Numbers are formatted
once, here, so a table reads the same in HTML, Word and PDF; every text cell is escaped, so a
label from the data is never markup. For reuse, ``to_tidy_csv`` gives the figures as the report
shows them, one line per cell, and ``tables_index`` names each such file's table (both in
docs/formats.md); ``present.workbook`` writes the same figures as a spreadsheet.
"""

from __future__ import annotations

import html
import numbers
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property

import pandas as pd

from ..audiences import ABOUT
from ..manifests import TIDY_CELL, TIDY_KEYS
from ..markup import slug
from ..markup import text as md
from ..numbers import SYMBOLS, format_cell, is_symbol, round_half_up, symbol_notes
from ..periods import Period
from ..spreadsheet import frame_to_csv, rows_to_csv

# Cell styles each output format draws (templates/_extensions/council): the BCSSP ratings.
CELL_STYLES = ("rag-red", "rag-amber", "rag-green", "rag-blue")
SYNTHETIC = " (synthetic data)"
LABEL_SEPARATOR = " / "  # between the stub cells of a row's label
# The tidy CSV's own columns; the table's stub columns stand between "row" and "column".
INDEX_COLUMNS = ("file", "table", "caption", "source", "notes", "symbols")
# A declared role: words of letters, digits and _, joined by dots (la.this_year, change).
_ROLE = re.compile(r"^[a-z0-9_]+(?:\.[a-z0-9_]+)*$")

COUNT = "count"  # a counted cell that counts what its table is about (Table.counts)

Rows = Sequence[int | str] | Callable[[pd.DataFrame], Sequence[bool]] | None


def year_role(year: Period, this_year: Period) -> str:
    """The role of a column (or row) about ``year`` in a report for ``this_year``: this_year,
    last_year, next_year, then year_minus_2, year_minus_3 ... (and year_plus_2 ...)."""
    offset = year.start_year - this_year.start_year
    named = {0: "this_year", -1: "last_year", 1: "next_year"}
    return named.get(offset) or f"year_{'minus' if offset < 0 else 'plus'}_{abs(offset)}"


def is_number(value: object) -> bool:
    """A number a cell can show: Python's or numpy's (an integer column holds numpy.int64), not
    a boolean and not missing."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and not pd.isna(value)


@dataclass(frozen=True)
class FormatRule:
    """Format the cells at ``rows`` (positions) x ``columns`` (names); None means all."""

    unit: str
    decimals: int
    rows: tuple[int, ...] | None = None
    columns: tuple[str, ...] | None = None
    signed: bool = False

    def applies(self, row: int, column: str) -> bool:
        return (self.rows is None or row in self.rows) and (
            self.columns is None or column in self.columns
        )


@dataclass(frozen=True)
class CellStyle:
    """A named style (one of CELL_STYLES) on the cells at ``rows`` x ``columns``."""

    name: str
    rows: tuple[int, ...] | None
    columns: tuple[str, ...] | None

    def applies(self, row: int, column: str) -> bool:
        return FormatRule("", 0, self.rows, self.columns).applies(row, column)


@dataclass(frozen=True)
class Total:
    """A row (or column) that is the sum of ``parts``, other rows (columns), in every counted
    column (row): a suppressed part could be worked out from it and the other parts."""

    axis: str  # "row" or "column": what ``total`` and ``parts`` are
    total: int | str  # a row position or a column name
    parts: tuple[int | str, ...]


@dataclass(frozen=True)
class Share:
    """Percentage ``columns`` that are each row's count in column ``of`` as a share of a whole:
    a percentage of a suppressed count is suppressed with it. The whole is the row's cell in
    column ``whole`` when given, else the declared row total the row is a part of."""

    columns: tuple[str, ...]
    of: str
    whole: str | None = None


@dataclass(frozen=True)
class Cell:
    """A numeric cell as the ledger records it: ``id`` is ``<table>.<row_key>.<column_key>``."""

    id: str
    row: int
    row_label: str
    column: str
    value: float | int | str
    rule: FormatRule
    row_key: str
    column_key: str


@dataclass(frozen=True)
class Table:
    """A captioned table: ``stub`` columns label the rows, the other columns hold values."""

    id: str
    caption: str
    frame: pd.DataFrame
    stub: tuple[str, ...]
    rules: tuple[FormatRule, ...] = ()
    styles: tuple[CellStyle, ...] = ()
    notes: tuple[str, ...] = ()
    source: str = ""
    synthetic: bool = False
    named: tuple[tuple[str, int, str, str], ...] = ()  # (fact id, row, column, label)
    counted: tuple[CellStyle, ...] = ()  # counted cells; the name is what they count, or COUNT
    totals: tuple[Total, ...] = ()
    shares: tuple[Share, ...] = ()
    column_roles: tuple[tuple[str, str], ...] = ()  # (column, role)
    row_roles: tuple[tuple[int, str], ...] = ()  # (row position, role)
    about: str | None = None  # one of ABOUT: what its figures count (publishing checks it)

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        *,
        id: str,
        caption: str,
        stub: Sequence[str],
        source: str = "",
        synthetic: bool = False,
        about: str | None = None,
    ) -> Table:
        missing = [name for name in stub if name not in frame.columns]
        if missing:
            raise ValueError(f"table {id}: stub columns {missing} are not in the frame")
        if about is not None and about not in ABOUT:
            raise ValueError(f"table {id}: about is {about!r}, not one of {', '.join(ABOUT)}")
        frame = frame.reset_index(drop=True).copy()
        frame.columns = [str(c) for c in frame.columns]
        return cls(id, caption, frame, tuple(stub), source=source, synthetic=synthetic, about=about)

    @property
    def value_columns(self) -> list[str]:
        return [c for c in self.frame.columns if c not in self.stub]

    @property
    def title(self) -> str:
        """The caption as readers see it: marked when the figures are synthetic."""
        return self.caption + (SYNTHETIC if self.synthetic else "")

    def row_label(self, row: int) -> str:
        return LABEL_SEPARATOR.join(str(self.frame.at[row, c]) for c in self.stub)

    def _stub_cells(self) -> list[tuple[str, ...]]:
        """Every row's stub cells as text (the parts of its row_label), read column by column."""
        columns = [[str(value) for value in self.frame[c]] for c in self.stub]
        return list(zip(*columns, strict=True)) if columns else [()] * len(self.frame)

    def rows(self, selector: Rows) -> tuple[int, ...] | None:
        """Row positions from positions, labels (any stub cell, or the joined label) or a
        function of the frame returning a mask; None selects every row."""
        if selector is None:
            return None
        if callable(selector):
            mask = list(selector(self.frame))
            return tuple(i for i, chosen in enumerate(mask) if chosen)
        found: list[int] = []
        labels: list[tuple[str, ...]] | None = None  # read once, at the first label wanted
        for wanted in selector:
            if isinstance(wanted, int):
                matches = [wanted] if 0 <= wanted < len(self.frame) else []
            else:
                if labels is None:
                    labels = self._stub_cells()
                matches = [
                    i
                    for i, cells in enumerate(labels)
                    if wanted == LABEL_SEPARATOR.join(cells) or wanted in cells
                ]
            if not matches:
                raise KeyError(f"table {self.id}: no row {wanted!r}")
            found += matches
        return tuple(dict.fromkeys(found))

    def _columns(self, columns: Sequence[str] | None) -> tuple[str, ...] | None:
        if columns is None:
            return None
        unknown = [c for c in columns if c not in self.frame.columns]
        if unknown:
            raise KeyError(f"table {self.id}: no column {', '.join(map(repr, unknown))}")
        return tuple(columns)

    def fmt(
        self,
        unit: str,
        decimals: int = 0,
        *,
        rows: Rows = None,
        columns: Sequence[str] | None = None,
        signed: bool = False,
    ) -> Table:
        """Format the chosen cells; later rules win over earlier ones."""
        rule = FormatRule(unit, decimals, self.rows(rows), self._columns(columns), signed)
        return replace(self, rules=(*self.rules, rule))

    def style(self, name: str, *, rows: Rows = None, columns: Sequence[str] | None = None) -> Table:
        """Give the chosen cells a style each format draws (a fill); the cell's text stays, so
        the style is never the only cue."""
        if name not in CELL_STYLES:
            raise ValueError(f"unknown cell style {name!r}; styles: {', '.join(CELL_STYLES)}")
        style = CellStyle(name, self.rows(rows), self._columns(columns))
        return replace(self, styles=(*self.styles, style))

    def counts(
        self, *, rows: Rows = None, columns: Sequence[str] | None = None, about: str | None = None
    ) -> Table:
        """Mark the chosen cells as counts of what the table is about (``about`` when they count
        something else: the children in a table about the service): published for the public,
        counts of 1 to 5 people are suppressed (``present.disclosure``)."""
        if about is not None and about not in ABOUT:
            raise ValueError(f"table {self.id}: about is {about!r}, not one of {', '.join(ABOUT)}")
        selection = CellStyle(about or COUNT, self.rows(rows), self._columns(columns))
        return replace(self, counted=(*self.counted, selection))

    def total(
        self,
        *,
        row: int | str | None = None,
        column: str | None = None,
        of: Sequence[int | str],
    ) -> Table:
        """Declare that ``row`` is the sum of the rows ``of`` (in every column), or ``column``
        the sum of the columns ``of`` (in every row), so that a suppressed count cannot be
        worked out from its total."""
        if (row is None) == (column is None):
            raise ValueError(f"table {self.id}: a total is a row or a column, not both")
        if row is not None:
            parts = self.rows(list(of)) or ()
            total = Total("row", self._one_row(row), tuple(parts))
        else:
            total = Total("column", str(column), self._columns([str(column), *map(str, of)])[1:])
        return replace(self, totals=(*self.totals, total))

    def share(self, *, columns: Sequence[str], of: str, whole: str | None = None) -> Table:
        """Declare that the percentages in ``columns`` are shares of the count in column
        ``of`` on the same row (suppressed with it), out of the count in column ``whole`` on
        the same row, or else out of the row total the row is a part of (``total(row=...)``):
        the linked model (``present.disclosure.model_from_tables``) needs the whole."""
        self._columns([*columns, of, *([whole] if whole else [])])
        return replace(self, shares=(*self.shares, Share(tuple(columns), of, whole)))

    def is_count(self, row: int, column: str) -> bool:
        return any(selection.applies(row, column) for selection in self.counted)

    def counts_about(self, row: int, column: str) -> str | None:
        """What a counted cell counts (``audiences.ABOUT``): its own ``counts(about=)``, else
        what the table is about; None for a cell that is not a count."""
        about = next((s.name for s in reversed(self.counted) if s.applies(row, column)), None)
        return self.about if about == COUNT else about

    def _one_row(self, row: int | str) -> int:
        found = self.rows([row])
        if len(found) != 1:
            raise KeyError(f"table {self.id}: {len(found)} rows are labelled {row!r}")
        return found[0]

    def fact(self, id: str, *, row: int | str, column: str, label: str = "") -> Table:
        """Record the cell at ``row`` x ``column`` under a readable fact id as well."""
        position = self._one_row(row)
        self._columns([column])
        entry = (id, position, column, label or f"{self.row_label(position)}: {column}")
        return replace(self, named=(*self.named, entry))

    def roles(
        self,
        columns: Mapping[str, str] | None = None,
        *,
        rows: Mapping[int | str, str] | None = None,
    ) -> Table:
        """Key cells by what a column (or row) is about, not by its header: the area and the
        year (``la.this_year``, ``region.last_year``, ``england.year_minus_2``, ``change``), so
        a cell's fact id is the same for every LA and year and a notebook may quote it."""
        bad = [r for r in (*(columns or {}).values(), *(rows or {}).values()) if not _ROLE.match(r)]
        if bad:
            raise ValueError(f"table {self.id}: role {bad[0]!r} is not words joined by dots")
        self._columns(list(columns or {}))
        named = tuple((columns or {}).items())
        positioned = tuple((self._one_row(row), role) for row, role in (rows or {}).items())
        return replace(
            self,
            column_roles=(*self.column_roles, *named),
            row_roles=(*self.row_roles, *positioned),
        )

    def column_keys(self) -> dict[str, str]:
        """Each value column's key: its role, else its header's slug (``%`` read as "percent":
        "% change" is ``percent_change``). Two columns with one key are refused: give one a
        role."""
        roles = dict(self.column_roles)
        keys = {
            column: roles.get(column, slug(column.replace("%", " percent ")))
            for column in self.value_columns
        }
        seen: dict[str, str] = {}
        for column, key in keys.items():
            if key in seen:
                raise ValueError(
                    f"table {self.id}: columns {seen[key]!r} and {column!r} are both keyed "
                    f"{key!r}; give one a role with .roles()"
                )
            seen[key] = column
        return keys

    def row_keys(self) -> list[str]:
        """Each row's key: its role, else its label's slug, with .2, .3 for the second and third
        row of the same key (its place among them, not in the table)."""
        roles = dict(self.row_roles)
        keys: list[str] = []
        count: dict[str, int] = {}
        for row in range(len(self.frame)):
            key = roles.get(row) or slug(self.row_label(row))
            count[key] = count.get(key, 0) + 1
            keys.append(key if count[key] == 1 else f"{key}.{count[key]}")
        if len(set(keys)) < len(keys):
            raise ValueError(f"table {self.id}: a row's role is another row's key")
        return keys

    def total_of(self, rows: Sequence[int | str], column: str) -> float | int | str:
        """The sum of the cells at ``rows`` x ``column`` as the table shows them: a DfE symbol
        when any of them is one (a total of a suppressed count would give it away)."""
        self._columns([column])
        values = [self.frame.at[self._one_row(row), column] for row in rows]
        symbol = next((v for v in values if is_symbol(v)), None)
        return symbol if symbol is not None else sum(values)

    def note(self, text: str) -> Table:
        return replace(self, notes=(*self.notes, text))

    def rule_for(self, row: int, column: str) -> FormatRule:
        """The rule that formats a cell: the last one that applies."""
        for rule in reversed(self.rules):
            if rule.applies(row, column):
                return rule
        return FormatRule("number", 0)

    def style_for(self, row: int, column: str) -> str | None:
        return next((s.name for s in reversed(self.styles) if s.applies(row, column)), None)

    def value(self, row: int | str, column: str) -> object:
        """The raw value at a row (position or label) and column (name)."""
        return self.frame.at[self._one_row(row), self._columns([column])[0]]

    def as_shown(self, row: int, column: str) -> Decimal | str:
        """A value cell as the report shows it, as data: a number rounded as the report rounds
        it (a Decimal, so 13.0 keeps its decimal place), a DfE symbol (a missing value is
        ``x``, as the report shows it) or text."""
        value = self.frame.at[row, column]
        if is_number(value):
            rounded = round_half_up(value, self.rule_for(row, column).decimals)
            return abs(rounded) if rounded == 0 else rounded  # never -0
        return "x" if pd.isna(value) else str(value)

    def cell_text(self, row: int, column: str) -> str:
        value = self.frame.at[row, column]
        if column in self.stub:
            return str(value)
        value = None if pd.isna(value) else value
        rule = self.rule_for(row, column)
        return format_cell(value, rule.unit, rule.decimals, signed=rule.signed)

    def cells(self) -> Iterator[Cell]:
        """Each numeric (or DfE symbol) cell, with a readable fact id:
        ``<table id>.<row key>.<column key>`` (``row_keys``, ``column_keys``)."""
        columns = self.column_keys()
        for row, row_key in enumerate(self.row_keys()):
            label = self.row_label(row)
            for column, column_key in columns.items():
                value = self.frame.at[row, column]
                if not (is_number(value) or is_symbol(value)):
                    continue
                id = f"{self.id}.{row_key}.{column_key}"
                rule = self.rule_for(row, column)
                yield Cell(id, row, label, column, value, rule, row_key, column_key)

    def cell_id(self, row: int, column: str) -> str:
        """The fact id the ledger records a value cell under (``cells``)."""
        found = (cell.id for cell in self.cells() if (cell.row, cell.column) == (row, column))
        id = next(found, None)
        if id is None:
            raise KeyError(f"table {self.id}: no value in row {row}, column {column!r}")
        return id

    @cached_property
    def references(self) -> dict[tuple[int, str], tuple[str, str, str]]:
        """Each value cell's reference in disclosure control's linked model: (table id, row
        key, column key), the keys its fact id is made of (``row_keys``, ``column_keys``)."""
        columns = self.column_keys()
        return {
            (row, column): (self.id, row_key, column_key)
            for row, row_key in enumerate(self.row_keys())
            for column, column_key in columns.items()
        }

    @cached_property
    def _texts(self) -> dict[str, list[str]]:
        """Each column's cells as a reader sees them, worked out once (a table never changes,
        and a notebook shows it both as Markdown and as HTML)."""
        rows = range(len(self.frame))
        return {column: [self.cell_text(row, column) for row in rows] for column in self.frame}

    def formatted(self) -> pd.DataFrame:
        """The table as a reader sees it: every cell a string."""
        return pd.DataFrame(self._texts)

    def symbols(self) -> list[str]:
        """The DfE symbols the table shows, in SYMBOLS' order (a missing value is shown as "x",
        not available, so it counts as one)."""
        values = {"x" if pd.isna(v) else v for c in self.value_columns for v in self.frame[c]}
        return [symbol for symbol in SYMBOLS if symbol in values]

    def footnotes(self) -> list[str]:
        lines = list(self.notes)
        symbols = symbol_notes(self.symbols())
        if symbols:
            lines.append("Symbols: " + "; ".join(symbols) + ".")
        if self.source:
            lines.append(f"Source: {self.source}.")
        return lines

    def _markdown_cell(self, row: int, column: str, text: str) -> str:
        style = self.style_for(row, column)
        return f"[{md(text)}]{{.{style}}}" if style else md(text)

    def grid_markdown(self) -> str:
        """The table's header and rows as a pipe table, without caption or notes (a slide)."""
        text = self._texts
        header = "| " + " | ".join(md(c) for c in text) + " |"
        align = "|" + "|".join(":---" if c in self.stub else "---:" for c in text) + "|"
        body = [
            "| " + " | ".join(self._markdown_cell(i, c, text[c][i]) for c in text) + " |"
            for i in range(len(self.frame))
        ]
        return "\n".join([header, align, *body])

    def shown(self) -> dict[str, object]:
        """The table as the build's other documents take it from facts.json: its cells' text
        by column, as the report shows them, and its grid as Markdown (the slides)."""
        return {"columns": self._texts, "markdown": self.grid_markdown()}

    def to_markdown(self) -> str:
        """A pipe table with a Quarto/Pandoc caption line and its notes as a paragraph."""
        lines = [self.grid_markdown(), "", f": {md(self.title)} {{#tbl-{self.id}}}"]
        notes = self.footnotes()
        if notes:
            lines += [
                "",
                "::: {.table-notes}",
                *(md(n) + "\\" for n in notes[:-1]),
                md(notes[-1]),
                ":::",
            ]
        return "\n".join(lines) + "\n"

    def to_html(self) -> str:
        """A plain, accessible HTML table for the executed notebook."""
        text = self._texts
        head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in text)
        rows = []
        for i in range(len(self.frame)):
            cells = []
            for c in text:
                value = html.escape(text[c][i])
                style = self.style_for(i, c)
                attribute = f' class="{style}"' if style else ""
                tag = '<th scope="row"' if c in self.stub else "<td"
                cells.append(f"{tag}{attribute}>{value}</{tag[1:3]}>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        notes = "".join(f"<p>{html.escape(n)}</p>" for n in self.footnotes())
        return (
            f'<table id="tbl-{self.id}"><caption>{html.escape(self.title)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{notes}"
        )

    def to_csv(self) -> str:
        """The values as data (symbols kept as symbols, numbers unrounded), every text a
        spreadsheet would read as a formula written as text (``spreadsheet``)."""
        return frame_to_csv(self.frame)

    def to_tidy_csv(self) -> str:
        """The figures as the report shows them, one line per value cell (tidy data): the table,
        the row's position and its stub cells, the column's header, the value rounded as the
        report rounds it, its unit (numbers.UNITS) and the DfE symbol shown instead of a value.
        A table of text alone has a line per row, its cell columns empty."""
        clash = [name for name in self.stub if name in (*TIDY_KEYS, *TIDY_CELL)]
        if clash:
            raise ValueError(f"table {self.id}: stub columns {clash} clash with the tidy columns")
        lines: list[Sequence[object]] = [(*TIDY_KEYS, *self.stub, *TIDY_CELL)]
        for row, labels in enumerate(self._stub_cells()):
            keys = (self.id, row + 1, *labels)
            lines += [(*keys, c, *self._tidy_cell(row, c)) for c in self.value_columns]
            if not self.value_columns:
                lines.append((*keys, "", "", "", ""))
        return rows_to_csv(lines)

    def _tidy_cell(self, row: int, column: str) -> tuple[Decimal | str, str, str]:
        """(value, unit, symbol) of a value cell; text has no unit."""
        shown = self.as_shown(row, column)
        if isinstance(shown, Decimal):
            return shown, self.rule_for(row, column).unit, ""
        if is_symbol(shown):
            return "", self.rule_for(row, column).unit, shown
        return shown, "", ""

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __repr__(self) -> str:  # the notebook's plain-text output: what the table is
        return f"Table {self.id}: {self.title} ({len(self.frame)} rows)"

    def _repr_html_(self) -> str:
        return self.to_html()


def tables_index(tables: Iterable[Table]) -> str:
    """tables/index.csv: each tidy CSV's file, table id, caption (as the report titles it),
    source, notes and the DfE symbols it uses with their meanings."""
    rows: list[Sequence[object]] = [INDEX_COLUMNS]
    for table in tables:
        rows.append(
            (
                f"{table.id}.csv",
                table.id,
                table.title,
                table.source,
                " ".join(table.notes),
                "; ".join(symbol_notes(table.symbols())),
            )
        )
    return rows_to_csv(rows)
