"""Disclosure control over a whole publication, for a public build.

A public build decides what it hides once, before anything is shown: every table and figure of
the report is built, and one linked model (``present.linked``) holds every figure it publishes:

- each table about people or the service: its counted cells, totals and shares
  (``present.disclosure.model_from_tables``);
- each count the prose can quote (``Ledger.add(unit="count")``): a count of children, or about
  the service (``about``); figures their source published already stay out;
- the relations the report declares across its tables, facts and years (``Content.relate``,
  through ``Links``): the same count in two places, a total, a difference, a share;
- last year's public build, when there is one: the figures the report says are last year's
  enter as public figures (a figure hidden there is hidden here too).

``present.audit.suppress`` hides the counts of children from 1 to 5 and whatever would give
one away, and proves it. ``publish`` then shows the result everywhere: tables (a hidden cell is
``c``; every number rounded as printed, so tables/*.csv hold what the document shows), facts (a
hidden fact is ``c``, a percentage rounded as printed) and figures (a chart that draws a hidden
figure, or a count of 1 to 5 people, is withheld). What the audit found is written twice: for
the public, each hidden figure and the range a reader can work out for it (never why it is
hidden: "primary" would say it is 1 to 5); for the team, with the reasons.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .. import audiences
from ..ledger import Fact, Ledger
from ..numbers import SUPPRESSED, as_printed, is_symbol
from .audit import Suppression, suppress
from .charts import Figure
from .disclosure import (
    RATE_UNITS,
    add_cell,
    cell_refs,
    hidden_cells,
    hide,
    model_from_tables,
)
from .linked import CHILDREN, RATE, SERVICE, SMALLEST_SHOWN, Model, Ref
from .tables import Table, is_number

# What a count fact counts (Ledger.add(about=...)), as a class of the linked model; counts
# their source published already (about="published") are not in it.
FACT_KINDS = {None: CHILDREN, audiences.PEOPLE: CHILDREN, audiences.SERVICE: SERVICE}
STATEMENT = (
    "No figure shown as c in this build can be worked out from what the build publishes "
    "(with the previous year's public build, where named): neither to a single value, nor to "
    "within 1 to 5. Each hidden figure is listed with the least and greatest value a reader "
    "could work out for it (null: no limit)."
)

Cell = Ref | None  # a figure of the publication; None: one this build does not publish


@dataclass(frozen=True)
class Earlier:
    """Last year's public build, as its readers have it: every figure its facts.json holds
    (each table cell and quoted fact, a hidden one as ``c``)."""

    period: str
    facts: Ledger

    @classmethod
    def read(cls, folder: Path | None, period: str) -> Earlier | None:
        """The public build in ``folder``, or None when there is none."""
        path = None if folder is None else Path(folder) / "facts.json"
        if path is None or not path.is_file():
            return None
        return cls(period, Ledger.load(path))


class Links:
    """The linked model of a publication while a report declares its relations
    (``Content.relate``): figures are named by cell (``cell``) or by fact id, and a fact enters
    the model the first time a relation names it. A relation naming a figure this build does
    not publish (a table the period has none of: ``cell`` gives None) is left out."""

    def __init__(
        self,
        model: Model,
        tables: Mapping[str, Table | None],
        facts: Ledger,
        earlier: Earlier | None = None,
    ) -> None:
        self.model = model
        self.tables = tables
        self.facts = facts
        self.earlier_build = earlier

    def cell(self, table: str, row: int | str, column: str) -> Cell:
        """A table's cell, by row (position or label) and column; None when the table is not
        published this period."""
        built = self.tables.get(table)
        if built is None:
            if table not in self.tables:
                raise KeyError(f"no table {table!r} in this report")
            return None
        found = built.rows([row]) or ()
        if len(found) != 1:
            raise KeyError(f"table {table}: {len(found)} rows are labelled {row!r}")
        return add_cell(self.model, built, (found[0], column))

    def cells(self, table: str, rows: Sequence[int | str], column: str) -> list[Cell]:
        return [self.cell(table, row, column) for row in rows]

    def fact(self, id: str, *, signed: bool = False) -> Cell:
        """A recorded fact as a figure of the model: a count of what it counts, or a rate shown
        to its decimals; ``signed``: a change, which may be negative."""
        if id in self.model.variables:
            return id
        fact = self.facts[id]
        value = float(fact.value) if is_number(fact.value) else None
        if fact.unit == "count":
            if fact.about not in FACT_KINDS:
                raise ValueError(f"fact {id}: a count about {fact.about} is not in the model")
            self.model.add(id, value, FACT_KINDS[fact.about], signed=signed)
        elif fact.unit in RATE_UNITS:
            self.model.add(id, value, RATE, decimals=fact.decimals)
        else:
            raise ValueError(f"fact {id} is a {fact.unit}, not a figure")
        return id

    def unpublished(self, name: str, *, about: str = audiences.PEOPLE) -> Ref:
        """A figure the build never prints that relations run through (the sum of two printed
        counts): a reader knows it only from them."""
        ref = f"({name})"
        if ref not in self.model.variables:
            self.model.add(ref, None, FACT_KINDS[about])
        return ref

    def _ref(self, cell: Cell, *, signed: bool = False) -> Cell:
        return self.fact(cell, signed=signed) if isinstance(cell, str) else cell

    def _refs(self, cells: Iterable[Cell]) -> list[Ref] | None:
        refs = [self._ref(cell) for cell in cells]
        return None if any(ref is None for ref in refs) else refs  # type: ignore[return-value]

    def same(self, a: Cell, b: Cell) -> None:
        """``a`` and ``b`` are one figure, printed in two places."""
        if refs := self._refs([a, b]):
            self.model.same(*refs)

    def total(self, total: Cell, parts: Sequence[Cell]) -> None:
        """``total`` is the sum of ``parts``."""
        if refs := self._refs([total, *parts]):
            self.model.total(refs[0], refs[1:])

    def difference(self, difference: Cell, a: Cell, b: Cell) -> None:
        """``difference`` is ``a - b`` (a fact named here first enters as a change)."""
        d = self._ref(difference, signed=True)
        if d is not None and (refs := self._refs([a, b])):
            self.model.difference(d, *refs)

    def share(self, p: Cell, count: Cell, whole: Cell, *, per: int = 100) -> None:
        """``p`` is ``per x count / whole``, shown rounded."""
        if refs := self._refs([p, count, whole]):
            self.model.share(*refs, per=per)

    def hidden_with(self, figure: Cell, of: Cell) -> None:
        """``figure`` is worked out from ``of`` in a way the audit does not follow (a change in
        percentage points between two shares, each rounded as printed): hidden whenever ``of``
        is."""
        if refs := self._refs([figure, of]):
            self.model.hidden_with(*refs)

    def earlier(self, id: str, *, like: Cell) -> Cell:
        """Last year's public figure ``id``, a figure of the same kind as ``like``: public, as
        last year's build printed it, or one nobody knows where that build hid it (and then
        whatever is the same figure this year is hidden too). None without last year's build,
        or where it did not publish ``id``."""
        like = self._ref(like)
        if self.earlier_build is None or like is None or id not in self.earlier_build.facts:
            return None
        published = self.earlier_build.facts[id].value
        if is_symbol(published) and published != SUPPRESSED:
            return None  # not available last year: nothing is known
        ref = f"{self.earlier_build.period}:{id}"
        if ref not in self.model.variables:
            variable = self.model[like]
            value = float(published) if is_number(published) else None
            self.model.add(
                ref,
                value,
                variable.kind,
                decimals=variable.decimals,
                signed=variable.signed,
                public=True,
            )
        return ref

    def last_year(self, cell: Cell, id: str) -> None:
        """``cell`` is the figure last year's public build published as ``id`` (this year's
        "previous 12 months" is last year's "last 12 months"). Nothing is declared without
        last year's build, or where it printed a different figure (the data revised since)."""
        ref = self._ref(cell)
        earlier = self.earlier(id, like=ref)
        if ref is None or earlier is None or self.model[ref].value is None:
            return
        variable, published = self.model[ref], self.model[earlier].value
        decimals = variable.decimals or 0
        if published is None or as_printed(published, decimals) == as_printed(
            variable.value, decimals
        ):
            self.model.same(ref, earlier)


@dataclass(frozen=True)
class Publication:
    """What a public build shows: its tables and facts, its figures (those in ``withheld``
    are not shown), and the suppression behind them."""

    tables: dict[str, Table | None]
    figures: dict[str, Figure | None]
    withheld: frozenset[str]
    facts: Ledger
    suppression: Suppression
    earlier: str | None = None  # the period of last year's public build, when it was used

    def withholds(self, figure: Figure) -> bool:
        """Whether ``figure`` is withheld (a chart made in the notebook is judged as the
        report's own are)."""
        return figure.id in self.withheld or _withheld(figure, self.tables)

    def disclosure(self) -> str:
        """disclosure.json, for the public: each hidden figure and the range a reader can work
        out for it, never why it is hidden."""
        records = [{"cell": r["cell"], "range": _outward(r["range"])} for r in self._records()]
        return _json({"statement": STATEMENT, "previous_build": self.earlier}, records)

    def audit(self) -> str:
        """The team's record of the audit: each hidden figure, why, and its range."""
        return _json({"previous_build": self.earlier}, self._records())

    def _records(self) -> list[dict[str, Any]]:
        return self.suppression.records()


def _outward(bounds: list[float | None]) -> list[float | None]:
    """A range as a reader needs it: a count's as it is, a percentage's to two decimal places,
    widened."""
    low, high = bounds
    if low is not None and not float(low).is_integer():
        low = math.floor(low * 100 + 1e-9) / 100
    if high is not None and not float(high).is_integer():
        high = math.ceil(high * 100 - 1e-9) / 100
    return [low, high]


def _json(head: dict[str, Any], hidden: list[dict[str, Any]]) -> str:
    """A record as JSON, each hidden figure on a line of its own (a change between builds is a
    changed line)."""
    lines = ",".join(f"\n  {json.dumps(record, ensure_ascii=False)}" for record in hidden)
    fields = "".join(f" {json.dumps(k)}: {json.dumps(v)},\n" for k, v in head.items())
    listed = f"[{lines}\n ]" if hidden else "[]"
    return f'{{\n{fields} "hidden": {listed}\n}}\n'


def publish(
    tables: Mapping[str, Table | None],
    figures: Mapping[str, Figure | None],
    facts: Ledger,
    relate: Callable[[Links], None],
    earlier: Earlier | None = None,
) -> Publication:
    """Suppress over the whole publication and show the result in every table, figure and
    fact; DisclosureError names the first figure that cannot be protected."""
    built = {id: table for id, table in tables.items() if table is not None}
    model = model_from_tables(built.values())
    links = Links(model, tables, facts, earlier)
    relate(links)
    for fact in facts:
        if fact.unit == "count" and fact.about in FACT_KINDS:
            links.fact(fact.id)
    suppression = suppress(model)
    hidden = set(suppression.hidden)
    shown = {id: None if t is None else _as_printed(hide(t, hidden)) for id, t in tables.items()}
    on_show = set().union(*(hidden_cells(t) for t in shown.values() if t is not None))
    hidden_facts = {f.id for f in facts if f.id in hidden}
    assert hidden <= on_show | hidden_facts, "a hidden figure is hidden wherever it is shown"
    withheld = frozenset(
        id for id, figure in figures.items() if figure is not None and _withheld(figure, shown)
    )
    return Publication(
        dict(shown),
        dict(figures),
        withheld,
        Ledger([_fact_as_printed(fact, fact.id in hidden) for fact in facts]),
        suppression,
        earlier.period if earlier else None,
    )


def _withheld(figure: Figure, tables: Mapping[str, Table | None]) -> bool:
    """A chart draws the figures of the table of the same id: it is withheld when that table
    hides any, or when it draws a count of 1 to 5 people (a bar's length gives it away)."""
    table = tables.get(figure.id)
    small = any(0 < count < SMALLEST_SHOWN for count in figure.counts)
    return small or (table is not None and bool(hidden_cells(table)))


def _as_printed(table: Table) -> Table:
    """The table with every number as printed (rounded to its decimals), so that what is
    written from it (tables/*.csv, facts.json) holds what the document shows."""
    frame = table.frame.astype(object)
    for row, column in cell_refs(table):
        value = frame.at[row, column]
        if is_number(value):
            frame.at[row, column] = as_printed(value, table.rule_for(row, column).decimals)
    return replace(table, frame=frame)


def _fact_as_printed(fact: Fact, hidden: bool) -> Fact:
    """A fact as the public sees it: ``c`` when hidden, a number as printed."""
    if hidden:
        return replace(fact, value=SUPPRESSED)
    if fact.unit in (*RATE_UNITS, "count") and is_number(fact.value):
        return replace(fact, value=as_printed(fact.value, fact.decimals))
    return fact
