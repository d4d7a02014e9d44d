"""The facts ledger: every number a report quotes, with where it came from.

Prose quotes a fact by id (``{{< fact pa_la >}}`` in a notebook's Markdown, a cover report or a
slide); the build fills it in from the ledger, so a number in prose is always the number in the
data::

    facts = Ledger()
    facts.add("pa_la", 18.3, unit="%", decimals=1, label="Persistent absence, B&NES 2023/24",
              source="absence_by_geography")
    facts.word("pa_vs_england", "below", label=..., source=..., method="compared as published")
    facts.condition("pa_above_england", False, label=..., source=..., method=...)

Words computed from the data (``above``, ``rose``, an LA's name) are facts too, and so are the
conditions a passage of prose can depend on. ``notebook.NotebookReport`` writes the ledger as
``facts.json`` in the build.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path

from .numbers import UNITS, Value, format_value, is_symbol

STYLES = ("", "signed", "abs")
NUMBER_UNITS = tuple(unit for unit in UNITS if unit not in ("flag", "text"))
_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class CellKey:
    """Where a table cell's fact sits, by keys that are the same for every LA and year: the
    table, the row's and the column's keys (their roles, or their labels' slugs), and the labels
    a reader sees. A diff pairs cells by (table, row, column), never by position."""

    table: str
    row: str
    column: str
    row_label: str
    column_label: str


@dataclass(frozen=True)
class Fact:
    """One quoted number (or DfE symbol, computed word or condition) and its provenance; a
    table cell's fact also says which cell it is."""

    id: str
    value: Value | bool
    unit: str
    label: str
    source: str
    decimals: int = 0
    method: str = ""
    about: str | None = None  # a count: what it counts (audiences.ABOUT; None: people)
    cell: CellKey | None = None

    def text(self, style: str = "") -> str:
        """The value as a reader sees it; ``style`` is "", "signed" (+0.2) or "abs" (0.2)."""
        if style not in STYLES:
            raise ValueError(f"fact {self.id}: unknown style {style!r}; use one of {STYLES[1:]}")
        if self.unit == "flag":
            return "yes" if self.value else "no"
        value = self.value
        if style == "abs" and isinstance(value, int | float):
            value = abs(value)
        return format_value(value, self.unit, self.decimals, signed=style == "signed")

    def holds(self) -> bool:
        """Whether a passage conditional on this fact is shown: a true condition, a word, or a
        non-zero number (never a suppressed or missing figure)."""
        if self.unit == "flag":
            return bool(self.value)
        if isinstance(self.value, str):
            return self.unit == "text" and bool(self.value)
        return self.value is not None and self.value != 0


# What facts.json records of a fact: what a count is about is for disclosure control only.
_FIELDS = tuple(field.name for field in fields(Fact) if field.name != "about")
_CELL_FIELDS = tuple(field.name for field in fields(CellKey))


class Ledger:
    """An ordered, append-only record of facts; the single source of a report's numbers."""

    def __init__(self, facts: list[Fact] | None = None) -> None:
        self._facts: dict[str, Fact] = {}
        self._records: dict[str, dict[str, object]] = {}  # each fact's record, made once
        for fact in facts or []:
            self._record(fact)

    def add(
        self,
        id: str,
        value: Value,
        *,
        unit: str,
        label: str,
        source: str,
        decimals: int = 0,
        method: str = "",
        about: str | None = None,
        cell: CellKey | None = None,
    ) -> Fact:
        """Record a number (or a DfE symbol such as "c") under ``id`` and return it; ``cell``
        when it is a table's cell. A count says what it counts, for disclosure control
        (``about``: people, the default, or the service, or published: figures their source
        published already)."""
        if unit not in NUMBER_UNITS:
            raise ValueError(f"fact {id}: unit {unit!r} is not one of {NUMBER_UNITS}")
        if about is not None and unit != "count":
            raise ValueError(f"fact {id}: only a count says what it counts (about)")
        if hasattr(value, "item"):  # a numpy or pandas scalar
            value = value.item()
        if isinstance(value, bool) or (isinstance(value, str) and not is_symbol(value)):
            raise ValueError(f"fact {id}: {value!r} is neither a number nor a DfE symbol")
        if isinstance(value, float) and value.is_integer() and unit == "count":
            value = int(value)
        return self._record(Fact(id, value, unit, label, source, decimals, method, about, cell))

    def word(self, id: str, text: str, *, label: str, source: str, method: str = "") -> Fact:
        """Record a word computed from the data, such as ``below`` in "below England"."""
        if not isinstance(text, str):
            raise TypeError(f"fact {id}: a word is text; numbers go through add()")
        return self._record(Fact(id, text, "text", label, source, 0, method))

    def condition(self, id: str, holds: bool, *, label: str, source: str, method: str) -> Fact:
        """Record a condition a passage of prose can depend on (``when-fact="id"``)."""
        return self._record(Fact(id, bool(holds), "flag", label, source, 0, method))

    def _record(self, fact: Fact) -> Fact:
        if not _ID.match(fact.id):
            raise ValueError(f"fact id {fact.id!r}: use letters, digits, _ . and -")
        known = self._facts.get(fact.id)
        if known is not None and known != fact:
            raise ValueError(f"fact {fact.id} recorded twice with different values")
        if known is None:
            self._facts[fact.id] = fact
            record = {name: getattr(fact, name) for name in _FIELDS}  # asdict copies deeply
            cell = record.pop("cell")
            record["text"] = fact.text()
            if cell is not None:
                record["cell"] = {name: getattr(cell, name) for name in _CELL_FIELDS}
            self._records[fact.id] = record
        return fact

    def __getitem__(self, id: str) -> Fact:
        try:
            return self._facts[id]
        except KeyError:
            raise KeyError(f"no fact {id!r} in the ledger") from None

    def __contains__(self, id: object) -> bool:
        return id in self._facts

    def __iter__(self) -> Iterator[Fact]:
        return iter(self._facts.values())

    def __len__(self) -> int:
        return len(self._facts)

    def records(self) -> list[dict[str, object]]:
        """The facts as JSON-ready records, each with the text a reader sees."""
        return list(self._records.values())

    @classmethod
    def load(cls, path: Path) -> Ledger:
        """The ledger of a build's facts.json."""
        records = json.loads(path.read_text(encoding="utf-8"))["facts"]
        return cls([_fact(record) for record in records])


def _fact(record: dict[str, object]) -> Fact:
    """A fact from its facts.json record."""
    given = {k: v for k, v in record.items() if k not in ("text", "cell")}
    cell = record.get("cell")
    return Fact(**given, cell=CellKey(**cell) if isinstance(cell, dict) else None)
