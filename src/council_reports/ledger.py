"""The facts ledger: every number a report quotes, with where it came from.

Narrative is written through the ledger only, so a number in prose is always the number in the
data::

    facts = Ledger()
    facts.add("pa_la", 18.3, unit="%", decimals=1, label="Persistent absence, B&NES 2023/24",
              source="absence_by_geography")
    facts.say("Persistent absence was {pa_la}.")   # -> Prose("Persistent absence was 18.3%.")

Words computed from the data (``above``, ``below``) are passed to ``say`` by name; numbers never
are. ``present.outputs.Outputs.save`` writes the ledger as ``facts.json`` in the build.
"""

from __future__ import annotations

import json
import string
from dataclasses import asdict, dataclass
from pathlib import Path

from .present.numbers import UNITS, Value, format_value, is_symbol

_STYLES = ("", "signed", "abs")


@dataclass(frozen=True)
class Fact:
    """One quoted number (or DfE symbol, or computed word) and its provenance."""

    id: str
    value: Value
    unit: str
    label: str
    source: str
    decimals: int = 0
    method: str = ""

    def text(self, style: str = "") -> str:
        """The value as a reader sees it; ``style`` is "", "signed" (+0.2) or "abs" (0.2)."""
        if style not in _STYLES:
            raise ValueError(f"fact {self.id}: unknown style {style!r}; use one of {_STYLES}")
        value = self.value
        if style == "abs" and isinstance(value, int | float):
            value = abs(value)
        return format_value(value, self.unit, self.decimals, signed=style == "signed")


@dataclass(frozen=True)
class Prose:
    """A paragraph of narrative; Jupyter and the document builder read it as Markdown."""

    text: str

    def _repr_markdown_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


class Ledger:
    """An ordered, append-only record of facts; the single source of a report's numbers."""

    def __init__(self, facts: list[Fact] | None = None) -> None:
        self._facts: dict[str, Fact] = {}
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
    ) -> Fact:
        """Record a number (or a DfE symbol such as "c") under ``id`` and return it."""
        if unit not in UNITS or unit == "text":
            raise ValueError(f"fact {id}: unit {unit!r} is not one of {UNITS[:-1]}")
        if hasattr(value, "item"):  # a numpy or pandas scalar
            value = value.item()
        if isinstance(value, str) and not is_symbol(value):
            raise ValueError(f"fact {id}: {value!r} is neither a number nor a DfE symbol")
        if isinstance(value, float) and value.is_integer() and unit == "count":
            value = int(value)
        return self._record(Fact(id, value, unit, label, source, decimals, method))

    def word(self, id: str, text: str, *, label: str, source: str, method: str) -> Fact:
        """Record a word computed from the data, such as ``below`` in "below England"."""
        return self._record(Fact(id, text, "text", label, source, 0, method))

    def _record(self, fact: Fact) -> Fact:
        if not fact.id.isidentifier():
            raise ValueError(f"fact id {fact.id!r} must be a Python identifier")
        known = self._facts.get(fact.id)
        if known is not None and known != fact:
            raise ValueError(f"fact {fact.id} recorded twice with different values")
        self._facts[fact.id] = fact
        return fact

    def __getitem__(self, id: str) -> Fact:
        try:
            return self._facts[id]
        except KeyError:
            raise KeyError(f"no fact {id!r} in the ledger") from None

    def __contains__(self, id: object) -> bool:
        return id in self._facts

    def __iter__(self):
        return iter(self._facts.values())

    def __len__(self) -> int:
        return len(self._facts)

    def fill(self, template: str, **words: str) -> str:
        """Replace ``{fact_id}`` (or ``{fact_id:signed}``, ``{fact_id:abs}``) with the fact's
        text and ``{name}`` with ``words[name]``; a number passed as a word is refused."""
        parts: list[str] = []
        for literal, field, style, conversion in string.Formatter().parse(template):
            parts.append(literal)
            if field is None:
                continue
            if conversion:
                raise ValueError(f"{{{field}!{conversion}}}: conversions are not supported")
            if field in words:
                word = words[field]
                if not isinstance(word, str):
                    raise TypeError(f"{field}: numbers go through the ledger, not as words")
                parts.append(word)
            else:
                parts.append(self[field].text(style or ""))
        return "".join(parts)

    def say(self, template: str, **words: str) -> Prose:
        """A paragraph of narrative with its numbers taken from the ledger."""
        return Prose(self.fill(template, **words))

    def records(self) -> list[dict[str, object]]:
        """The facts as JSON-ready records, each with the text a reader sees."""
        return [asdict(fact) | {"text": fact.text()} for fact in self]

    @classmethod
    def load(cls, path: Path) -> Ledger:
        """The ledger of a build's facts.json."""
        records = json.loads(path.read_text(encoding="utf-8"))["facts"]
        return cls([Fact(**{k: v for k, v in r.items() if k != "text"}) for r in records])
