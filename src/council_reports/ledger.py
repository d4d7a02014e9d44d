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

A fact resting on made-up data says so (``synthetic=True``), and so does every fact worked out
from it (``of=``: the facts it is made from). A comparison (above, below, rose, fell, a change
between years) is recorded with its two sides, or the change it reads, by ``compare``, which
also records the conditions ``<id>_illustrative`` (either side is synthetic, so the prose must
not tell it as a finding) and ``<id>_finding`` (a comparison was made from real figures)::

    facts.compare("uasc_direction", "fell", of=("uasc_share", "uasc_share_previous"), ...)

    ::: {.content-visible when-fact="uasc_direction_finding"}
    ...
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path

from .numbers import UNITS, Value, format_value, is_symbol, round_half_up

STYLES = ("", "signed", "abs", "change")
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
    synthetic: bool = False  # rests on made-up data, directly or through ``of``
    of: tuple[str, ...] = ()  # the facts it is worked out from (a comparison: its sides)

    def __post_init__(self) -> None:
        object.__setattr__(self, "of", tuple(self.of))  # a list when read from facts.json

    def text(self, style: str = "") -> str:
        """The value as a reader sees it; ``style`` is "", "signed" (+0.2), "abs" (0.2) or
        "change" (a change in words: "up 0.2", "down 0.2", "unchanged", never "by 0")."""
        if style not in STYLES:
            raise ValueError(f"fact {self.id}: unknown style {style!r}; use one of {STYLES[1:]}")
        if self.unit == "flag":
            return "yes" if self.value else "no"
        value = self.value
        if style in ("abs", "change") and isinstance(value, int | float):
            value = abs(value)
        text = format_value(value, self.unit, self.decimals, signed=style == "signed")
        if style != "change" or not isinstance(self.value, int | float):
            return text
        rounded = round_half_up(self.value, self.decimals)
        return "unchanged" if rounded == 0 else f"{'up' if rounded > 0 else 'down'} {text}"

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


@dataclass(frozen=True)
class _Data:
    """The data facts are being recorded from (``Ledger.from_data``)."""

    made_up: bool
    published: frozenset[str] = frozenset()


_OPTIONAL = {"synthetic": False, "of": ()}  # written to facts.json only when set

# The words a comparison may read, and the sign of the difference each says: a comparison of
# two figures reads the first against the second (``of=(value, benchmark)``), of one figure
# reads its sign (``of=(change,)``). "An improvement" is said only of a measure where more is
# better. A word outside this list says that no comparison can be made (a figure is missing).
COMPARISON_WORDS: dict[str, int] = {
    "above": 1,
    "below": -1,
    "in line with": 0,
    "rose": 1,
    "fell": -1,
    "did not change": 0,
    "an increase": 1,
    "a decrease": -1,
    "no change": 0,
    "an improvement": 1,
    "a fall": -1,
    "widened": 1,
    "narrowed": -1,
    "more than": 1,
    "fewer than": -1,
    "higher than": 1,
    "lower than": -1,
    "the same as": 0,
}
# The conditions compare() records beside each comparison: it rests on made-up figures; it
# was made from figures that are not (a finding the prose may state).
ILLUSTRATIVE = "_illustrative"
FINDING = "_finding"


class Ledger:
    """An ordered, append-only record of facts; the single source of a report's numbers."""

    def __init__(self, facts: list[Fact] | None = None) -> None:
        self._facts: dict[str, Fact] = {}
        self._records: dict[str, dict[str, object]] = {}  # each fact's record, made once
        self._data = _Data(made_up=False)  # what the facts being recorded are computed from
        for fact in facts or []:
            self._record(fact)

    @contextmanager
    def from_data(self, *, made_up: bool, published: Collection[str] = ()) -> Iterator[None]:
        """Facts recorded inside are computed from one body of data: each is synthetic when the
        data is made up, unless the council published that figure (``published``: the ids of
        the facts its published report gives, which made-up data was made to match). A fact
        worked out from others (``of=``) follows them instead."""
        before = self._data
        self._data = _Data(made_up, frozenset(published))
        try:
            yield
        finally:
            self._data = before

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
        synthetic: bool = False,
        of: Sequence[str] = (),
    ) -> Fact:
        """Record a number (or a DfE symbol such as "c") under ``id`` and return it; ``cell``
        when it is a table's cell. A count says what it counts, for disclosure control
        (``about``: people, the default, or the service, or published: figures their source
        published already). It is synthetic when ``synthetic`` says so or any fact it is worked
        out from (``of``) is."""
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
        made_up = self._made_up(id, synthetic, of)
        fact = Fact(id, value, unit, label, source, decimals, method, about, cell, made_up, of)
        return self._record(fact)

    def word(
        self,
        id: str,
        text: str,
        *,
        label: str,
        source: str,
        method: str = "",
        synthetic: bool = False,
        of: Sequence[str] = (),
    ) -> Fact:
        """Record a word computed from the data, such as an LA's name."""
        if not isinstance(text, str):
            raise TypeError(f"fact {id}: a word is text; numbers go through add()")
        made_up = self._made_up(id, synthetic, of)
        fact = Fact(id, text, "text", label, source, 0, method, synthetic=made_up, of=tuple(of))
        return self._record(fact)

    def compare(
        self, id: str, word: str, *, of: Sequence[str], label: str, source: str, method: str
    ) -> Fact:
        """Record a comparison word (``below`` in "below England", ``rose``) with what it
        compares: two facts, the first read against the second, or one change, read by its sign.
        Records two conditions too: ``<id>_illustrative``, either side is synthetic, when the
        prose may only show the comparison as illustrative, or leave it out; and
        ``<id>_finding``, a comparison was made (the word is one of ``COMPARISON_WORDS``) and
        neither side is synthetic, when the prose may state it."""
        if len(of) not in (1, 2):
            raise ValueError(f"fact {id}: a comparison is of two facts, or of one change")
        fact = self.word(id, word, label=label, source=source, method=method, of=of)
        self.condition(
            id + ILLUSTRATIVE,
            fact.synthetic,
            label=f"{label}: rests on made-up figures",
            source=source,
            method="either side of the comparison is synthetic",
        )
        self.condition(
            id + FINDING,
            word in COMPARISON_WORDS and not fact.synthetic,
            label=f"{label}: a finding the prose may state",
            source=source,
            method="a comparison was made and neither side is synthetic",
        )
        return fact

    def _made_up(self, id: str, synthetic: bool, of: Sequence[str]) -> bool:
        for name in of:
            if name not in self._facts:
                raise ValueError(f"fact {id}: worked out from {name!r}, which is not recorded")
        if of:
            return synthetic or any(self._facts[name].synthetic for name in of)
        return synthetic or (self._data.made_up and id not in self._data.published)

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
            for name, unset in _OPTIONAL.items():
                if record[name] == unset:
                    del record[name]
            if "of" in record:
                record["of"] = list(record["of"])
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
        return cls.of(json.loads(path.read_text(encoding="utf-8"))["facts"])

    @classmethod
    def of(cls, records: list[dict[str, object]]) -> Ledger:
        """The ledger of facts.json's records (its "facts")."""
        return cls([_fact(record) for record in records])


def _fact(record: dict[str, object]) -> Fact:
    """A fact from its facts.json record."""
    given = {k: v for k, v in record.items() if k not in ("text", "cell")}
    cell = record.get("cell")
    return Fact(**given, cell=CellKey(**cell) if isinstance(cell, dict) else None)
