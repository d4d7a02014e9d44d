"""Tables as data plus formatting rules; Markdown, HTML and CSV are renderings of the same object.

    Table.from_frame(frame, id="absence", caption="Absence by area", stub=["Measure"])
        .fmt("%", decimals=1, rows=[0, 1])
        .fmt("pp", decimals=1, columns=["Change"], signed=True)

Every method returns a new Table; nothing is mutated. Numbers are formatted once, here, so a
table reads the same in HTML, Word and PDF.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from .numbers import format_cell, is_symbol, symbol_notes


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
class Table:
    """A captioned table: ``stub`` columns label the rows, the other columns hold values."""

    id: str
    caption: str
    frame: pd.DataFrame
    stub: tuple[str, ...]
    rules: tuple[FormatRule, ...] = ()
    notes: tuple[str, ...] = ()
    source: str = ""

    @classmethod
    def from_frame(
        cls, frame: pd.DataFrame, *, id: str, caption: str, stub: Sequence[str], source: str = ""
    ) -> Table:
        missing = [name for name in stub if name not in frame.columns]
        if missing:
            raise ValueError(f"table {id}: stub columns {missing} are not in the frame")
        return cls(id, caption, frame.reset_index(drop=True).copy(), tuple(stub), source=source)

    @property
    def value_columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns if c not in self.stub]

    def fmt(
        self,
        unit: str,
        decimals: int = 0,
        *,
        rows: Sequence[int] | None = None,
        columns: Sequence[str] | None = None,
        signed: bool = False,
    ) -> Table:
        """Format the chosen cells; later rules win over earlier ones."""
        rule = FormatRule(
            unit,
            decimals,
            None if rows is None else tuple(rows),
            None if columns is None else tuple(columns),
            signed,
        )
        return replace(self, rules=(*self.rules, rule))

    def note(self, text: str) -> Table:
        return replace(self, notes=(*self.notes, text))

    def rule_for(self, row: int, column: str) -> FormatRule:
        """The rule that formats a cell: the last one that applies."""
        for rule in reversed(self.rules):
            if rule.applies(row, column):
                return rule
        return FormatRule("number", 0)

    def cell_text(self, row: int, column: str) -> str:
        value = self.frame.at[row, column]
        if column in self.stub:
            return str(value)
        value = None if pd.isna(value) else value
        rule = self.rule_for(row, column)
        return format_cell(value, rule.unit, rule.decimals, signed=rule.signed)

    def numbers(self) -> Iterator[tuple[int, str, str, float, FormatRule]]:
        """Each numeric cell: (row, column, row label, value, its format rule)."""
        for row in range(len(self.frame)):
            label = " / ".join(str(self.frame.at[row, c]) for c in self.stub)
            for column in self.value_columns:
                value = self.frame.at[row, column]
                if isinstance(value, int | float) and not pd.isna(value):
                    yield row, column, label, value, self.rule_for(row, column)

    def formatted(self) -> pd.DataFrame:
        """The table as a reader sees it: every cell a string."""
        return pd.DataFrame(
            {
                column: [self.cell_text(row, str(column)) for row in range(len(self.frame))]
                for column in self.frame.columns
            }
        )

    def footnotes(self) -> list[str]:
        # a missing value is shown as "x" (not available), so it is explained like one
        values = ["x" if pd.isna(v) else v for c in self.value_columns for v in self.frame[c]]
        lines = list(self.notes)
        symbols = symbol_notes([v for v in values if is_symbol(v)])
        if symbols:
            lines.append("Symbols: " + "; ".join(symbols) + ".")
        if self.source:
            lines.append(f"Source: {self.source}.")
        return lines

    def to_markdown(self) -> str:
        """A pipe table with a Quarto/Pandoc caption line and its notes as a paragraph."""
        text = self.formatted()
        header = "| " + " | ".join(_md(str(c)) for c in text.columns) + " |"
        align = "|" + "|".join(":---" if c in self.stub else "---:" for c in text.columns) + "|"
        body = ["| " + " | ".join(_md(v) for v in row) + " |" for row in text.itertuples(False)]
        lines = [header, align, *body, "", f": {_md(self.caption)} {{#tbl-{self.id}}}"]
        notes = self.footnotes()
        if notes:
            lines += [
                "",
                "::: {.table-notes}",
                *(_md(n) + "\\" for n in notes[:-1]),
                _md(notes[-1]),
                ":::",
            ]
        return "\n".join(lines) + "\n"

    def to_html(self) -> str:
        """A plain, accessible HTML table for the executed notebook."""
        text = self.formatted()
        head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in text.columns)
        rows = []
        for row in text.itertuples(False):
            cells = [
                f'<th scope="row">{html.escape(v)}</th>'
                if c in self.stub
                else f"<td>{html.escape(v)}</td>"
                for c, v in zip(text.columns, row, strict=True)
            ]
            rows.append("<tr>" + "".join(cells) + "</tr>")
        notes = "".join(f"<p>{html.escape(n)}</p>" for n in self.footnotes())
        return (
            f'<table id="tbl-{self.id}"><caption>{html.escape(self.caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{notes}"
        )

    def to_csv(self) -> str:
        """The values as data (symbols kept as symbols, numbers unrounded)."""
        return self.frame.to_csv(index=False, lineterminator="\n")

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        return self.to_html()


def _md(text: str) -> str:
    return str(text).replace("|", "\\|")
