"""A build folder read for comparison, as untrusted input.

A build compared may come from another machine (a CI artifact, the base branch's worktree, the
archive of what was published) and may have been edited since, so it is checked first against
its manifest (``manifests.check_build``: every file present, unchanged and listed, no link),
and every file read is checked for its shape: a folder that is not a sound build is one
DataError naming the file, never an exception from inside the comparison.

What is read: the facts ledger (facts.json) with each table cell's keys, tables/*.csv for the
cells the ledger does not hold (text) and for builds made before cells had keys, the report's
sections (report.qmd: its headings, sentences, tables and figures; report.ipynb: the section
whose prose first quotes each fact) and the figures' hashes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..ledger import NUMBER_UNITS
from ..manifests import INDEX, MANIFEST, TIDY_CELL, TIDY_KEYS, check_build
from ..markup import slug
from ..numbers import SYMBOLS
from ..templates import NARROW_SUFFIX

TABLE_CELL = "table cell"  # the ledger's method for a table's cells
CELL_FIELDS = ("table", "row", "column", "row_label", "column_label")
LABEL_SEPARATOR = " / "  # between the label cells of a row, as tables write its label
INTRODUCTION = ""  # the key of the text before the first heading
PATH = " \u203a "  # between a heading and its parents' in a section's title
_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{#([^\s}]+)[^}]*\})?\s*$")
_SHORTCODE = re.compile(r"\{\{<\s*fact\s+([^\s>]+)[^>]*>\}\}")
_TABLE = re.compile(r"^: .*\{#tbl-([^\s}]+)\}\s*$")
_FIGURE = re.compile(r"^!\[.*\{#fig-([^\s}]+)")
_ESCAPED = re.compile(r"\\(.)")
_SENTENCE_END = re.compile("(?:(?<=[.!?])|(?<=[.!?][)\"'\u2019\u201d]))\\s+(?=[^\\sa-z])")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
NUMBER = re.compile(r"[+-]?\d[\d,.]*%?")


@dataclass(frozen=True)
class Value:
    """A cell or fact as a reader sees it (``text``), with its number when it has one."""

    text: str
    number: float | None = None
    unit: str = "number"
    decimals: int = 0


@dataclass
class Section:
    """A heading of the report (its key is the heading's id) and what appears under it."""

    key: str
    title: str
    sentences: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Table:
    """One table of a build: its CSV (every cell, by header text) and the cells the ledger
    keys by role."""

    id: str
    caption: str
    header: tuple[str, ...]
    body: tuple[tuple[str, ...], ...]
    labels: int  # how many leading columns label the rows
    keyed: dict[tuple[str, str], Value]  # (row key, column key) -> the ledger's cell
    column_labels: dict[str, str]  # column key -> header, from the ledger
    ledger_rows: dict[str, list[str]]  # row label -> the ledger's row keys, in order

    def rows(self, labels: int) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Row key -> (label, cells) with ``labels`` label columns: the key is the ledger's
        for the row, else the slug of the label with ``.2``, ``.3`` for later rows of the same
        label (as the ledger keys them)."""
        rows, seen = {}, {}
        for row in self.body:
            label = LABEL_SEPARATOR.join(row[:labels])
            seen[label] = seen.get(label, 0) + 1
            ledger = self.ledger_rows.get(label, [])
            if seen[label] <= len(ledger):
                key = ledger[seen[label] - 1]
            else:
                key = slug(label) + (f".{seen[label]}" if seen[label] > 1 else "")
            rows[key] = label, row
        return rows

    def text(self, labels: int) -> tuple[dict[str, str], dict[tuple[str, str], Value]]:
        """Row key -> label, and (row key, header) -> the CSV's cell."""
        rows = self.rows(labels)
        cells = {
            (key, column): Value(cell, _number(cell), decimals=_decimals(cell))
            for key, (_, row) in rows.items()
            for column, cell in zip(self.header[labels:], row[labels:], strict=False)
        }
        return {key: label for key, (label, _) in rows.items()}, cells


@dataclass(frozen=True)
class Build:
    path: Path
    manifest: dict[str, Any]
    facts: dict[str, dict[str, Any]]  # every fact that is not a table cell, by id
    tables: dict[str, Table]
    figures: dict[str, dict[str, str]]  # figure id -> {output name: sha256}
    sections: list[Section]
    quoted: dict[str, str]  # fact id -> the key of the section whose prose first quotes it

    @property
    def name(self) -> str:
        m = self.manifest
        audience = " (public)" if m.get("publish") == "public" else ""
        return f"{m['report']} {m['period']} LA {m['la']}{audience}"

    def section_of(self, kind: str, id: str) -> str | None:
        """The key of the section a table or figure appears in."""
        return next((s.key for s in self.sections if id in getattr(s, kind)), None)

    def svg(self, figure: str) -> bytes | None:
        name = f"figures/{figure}.svg"
        return (self.path / name).read_bytes() if name in self.figures.get(figure, {}) else None


def read_build(path: Path) -> Build:
    """The build at ``path``, checked against its manifest and read."""
    if not path.is_dir():
        raise DataError("no such build folder", file=path, hint="pass build/<report>/<period>/<la>")
    manifest = check_build(path, hint="rebuild it, or compare a build as it was written")
    outputs = manifest["outputs"]
    if "facts.json" not in outputs:
        raise DataError("not a build: it has no facts.json", file=path / MANIFEST)
    records = _facts(path / "facts.json")
    facts = {r["id"]: r for r in records if r["method"] != TABLE_CELL}
    qmd = _text(path / "report.qmd") if "report.qmd" in outputs else ""
    sections, captions = _sections(qmd), _captions(qmd)
    cells = [r for r in records if r["method"] == TABLE_CELL and "cell" in r]
    names = sorted(
        n for n in outputs if re.fullmatch(r"tables/[^/]+\.csv", n) and n != f"tables/{INDEX}"
    )
    tables = {}
    for name in names:
        id = name[len("tables/") : -len(".csv")]
        mine = [r for r in cells if r["cell"]["table"] == id]
        tables[id] = _table(path / name, id, captions.get(id, id), mine)
    figures: dict[str, dict[str, str]] = {}
    for name, digest in outputs.items():
        if name.startswith("figures/") and name.count("/") == 1:
            figures.setdefault(_figure_of(name, outputs), {})[name] = digest
    quoted = _quoted(path / "report.ipynb", facts) if "report.ipynb" in outputs else {}
    return Build(path, manifest, facts, tables, figures, sections, quoted)


def _figure_of(name: str, outputs: dict[str, str]) -> str:
    """The figure an output draws: ``figures/<id>.svg`` and its renditions (the PNG twin, the
    phone's ``<id>-narrow.svg``) are one figure to a reviewer."""
    stem = name[len("figures/") :].rsplit(".", 1)[0]
    base = stem.removesuffix(NARROW_SUFFIX)
    return base if f"figures/{base}.svg" in outputs else stem


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise DataError(f"not text: {error.reason}", file=path) from None


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise DataError(f"not JSON: {error}", file=path) from None


def _facts(path: Path) -> list[dict[str, Any]]:
    """facts.json's facts, each checked for the fields and types the comparison reads."""
    record = _json(path)
    facts = record.get("facts") if isinstance(record, dict) else None
    if not isinstance(facts, list):
        raise DataError("not a facts ledger: no list of facts", file=path)
    seen: set[str] = set()
    for number, fact in enumerate(facts, 1):
        problem = _fact_problem(fact)
        if problem is None and fact["id"] in seen:
            problem = "its id is recorded twice"
        if problem:
            raise DataError(f"not a facts ledger: fact {number} {problem}", file=path)
        seen.add(fact["id"])
        fact.setdefault("method", "")
    return facts


def _fact_problem(fact: object) -> str | None:
    if not isinstance(fact, dict):
        return "is not an object"
    if not isinstance(fact.get("id"), str) or not _ID.match(fact["id"]):
        return "has no valid id"
    for key in ("label", "text", "unit"):
        if not isinstance(fact.get(key), str):
            return f"has no {key} text"
    if fact["unit"] not in (*NUMBER_UNITS, "flag", "text"):
        return f"has an unknown unit {fact['unit']!r}"
    value = fact.get("value", ...)
    if value is ... or not (value is None or isinstance(value, str | int | float)):
        return "has no value"
    if not isinstance(fact.get("decimals", 0), int) or not isinstance(fact.get("method", ""), str):
        return "has decimals or a method of the wrong type"
    cell = fact.get("cell")
    if cell is not None and (
        not isinstance(cell, dict) or not all(isinstance(cell.get(k), str) for k in CELL_FIELDS)
    ):
        return "has a cell without its table, row, column and labels as text"
    return None


def value_of(fact: dict[str, Any]) -> Value:
    number = fact["value"]
    if isinstance(number, bool) or not isinstance(number, int | float):
        number = None
    return Value(fact["text"], number, fact["unit"], fact.get("decimals", 0))


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _table(path: Path, id: str, caption: str, cells: list[dict[str, Any]]) -> Table:
    """A table from its CSV and its cells in the ledger."""
    try:
        rows = list(csv.reader(io.StringIO(_text(path), newline="")))
    except csv.Error as error:
        raise DataError(f"not a CSV file: {error}", file=path) from None
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    if tuple(header[: len(TIDY_KEYS)]) == TIDY_KEYS and tuple(header[-len(TIDY_CELL) :]) == (
        TIDY_CELL
    ):
        header, body = _wide(header, body, path)
    ledger_rows: dict[str, list[str]] = {}
    keyed, column_labels = {}, {}
    for fact in cells:
        cell = fact["cell"]
        keys = ledger_rows.setdefault(cell["row_label"], [])
        if cell["row"] not in keys:
            keys.append(cell["row"])
        keyed[cell["row"], cell["column"]] = value_of(fact)
        column_labels.setdefault(cell["column"], cell["column_label"])
    labels = _label_columns(header, body, set(ledger_rows))
    return Table(
        id,
        caption,
        tuple(header),
        tuple(map(tuple, body)),
        labels,
        keyed,
        column_labels,
        ledger_rows,
    )


def _wide(
    header: list[str], body: list[list[str]], path: Path
) -> tuple[list[str], list[list[str]]]:
    """A tidy table CSV (a line per cell: table, row, the row's labels, column, value, unit,
    symbol) as the table reads: a line per row, the labels then a cell per column."""
    labels = header[len(TIDY_KEYS) : -len(TIDY_CELL)]
    rows: dict[str, list[str]] = {}
    cells: dict[tuple[str, str], str] = {}
    columns: dict[str, None] = {}
    for line in body:
        if len(line) != len(header):
            raise DataError("not a table: a line without every column", file=path)
        row, stub = line[1], line[len(TIDY_KEYS) : -len(TIDY_CELL)]
        column, value, _, symbol = line[-len(TIDY_CELL) :]
        rows.setdefault(row, stub)
        if column:
            columns.setdefault(column)
            cells[row, column] = value or symbol
    wide = [[*stub, *(cells.get((row, c), "") for c in columns)] for row, stub in rows.items()]
    return [*labels, *columns], wide


def _label_columns(header: list[str], body: list[list[str]], ledger: set[str]) -> int:
    """How many leading columns label the rows: as many as make the first row's label the
    ledger's, else those before the first column holding a number or a DfE symbol."""
    for count in range(1, len(header)):
        if body and LABEL_SEPARATOR.join(body[0][:count]) in ledger:
            return count
    for position in range(len(header)):
        cells = [row[position] for row in body if position < len(row)]
        if any(_number(c) is not None or c in SYMBOLS for c in cells):
            return max(position, 1)
    return 1


def _decimals(text: str) -> int:
    return len(text.rsplit(".", 1)[1]) if "." in text and _number(text) is not None else 0


def plain(markdown: str) -> str:
    """Pandoc Markdown as the text a reader sees: escapes and hard line breaks taken out."""
    return _ESCAPED.sub(r"\1", markdown.rstrip("\\")).strip()


def _heading(line: str, fill: dict[str, str] | None = None) -> tuple[int, str, str] | None:
    """A heading's level, title and key (its ``{#id}``, else the slug of its title); fact
    shortcodes in a notebook's heading are filled from ``fill``."""
    match = _HEADING.match(line)
    if not match:
        return None
    title = match[2]
    if fill is not None:
        title = _SHORTCODE.sub(lambda m: fill.get(m[1], m[1]), title)
    title = plain(title)
    return len(match[1]), title, match[3] or slug(title, "-")


def _front_matter_end(lines: list[str]) -> int:
    if lines and lines[0].strip() == "---":
        for number, line in enumerate(lines[1:], 1):
            if line.strip() in ("---", "..."):
                return number + 1
    return 0


def _sections(qmd: str) -> list[Section]:
    """report.qmd's sections in order: each heading's title (with its parents'), sentences,
    tables and figures. Tables, figure lines and fences are not sentences."""
    lines = qmd.splitlines()
    sections = [Section(INTRODUCTION, "Introduction")]
    path: list[tuple[int, str]] = []
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            text = " ".join(paragraph)
            sections[-1].sentences += [s for s in _SENTENCE_END.split(text) if s]
            paragraph.clear()

    for line in lines[_front_matter_end(lines) :]:
        heading = _heading(line)
        table, figure = _TABLE.match(line), _FIGURE.match(line)
        if heading or table or figure or not line.strip() or line.startswith(("|", ":::")):
            end_paragraph()
        if heading:
            level, title, key = heading
            path = [(lv, t) for lv, t in path if lv < level] + [(level, title)]
            sections.append(Section(key, PATH.join(t for _, t in path)))
        elif table:
            sections[-1].tables.append(table[1])
        elif figure:
            sections[-1].figures.append(figure[1])
        elif line.strip() and not line.startswith(("|", ":::")):
            item = _LIST_ITEM.match(line)
            if item:  # a list item is a paragraph of its own
                end_paragraph()
            paragraph.append(plain(line[item.end() if item else 0 :]))
    end_paragraph()
    return [s for s in sections if s.key != INTRODUCTION or s.sentences or s.tables or s.figures]


def _captions(qmd: str) -> dict[str, str]:
    """Each table's caption as report.qmd shows it, by table id."""
    return {
        m[1]: plain(re.sub(r"\s*\{#tbl-[^}]*\}\s*$", "", line[2:]))
        for line in qmd.splitlines()
        if (m := _TABLE.match(line))
    }


def _quoted(path: Path, facts: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Each fact's section: the one whose prose (a Markdown cell of the executed notebook)
    quotes it first."""
    notebook = _json(path)
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
        raise DataError("not a notebook: no list of cells", file=path)
    fill = {id: fact["text"] for id, fact in facts.items()}
    quoted: dict[str, str] = {}
    section = INTRODUCTION
    for number, cell in enumerate(cells, 1):
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise DataError(f"not a notebook: cell {number} has no source text", file=path)
        if cell.get("cell_type") != "markdown":
            continue
        for line in source.splitlines():
            heading = _heading(line, fill)
            if heading:
                section = heading[2]
            for id in _SHORTCODE.findall(line):
                quoted.setdefault(id, section)
    return quoted
