"""Disclosure control for the public: what a table shows, as the linked model decides it.

A report is built for an audience (``publish`` in the cover settings, or the build request):

- ``committee``: figures as the council prints them for its committees today;
- ``public``: the DfE's rule for statistics about children: a count of 1 to 5 children is shown
  as ``c``, and so is every figure that would give one away, wherever it is printed (secondary
  suppression), and a percentage of a hidden count is hidden with it.

This module is the bridge between Tables and the linked model of a publication
(``present.linked``): ``model_from_tables`` makes the model of what tables publish from their
own declarations (``Table.counts``, ``Table.total``, ``Table.share``, and what the table is
about: its counts are counts of children, or about the service), ``cell_ref`` names a cell for
the relations a report declares across tables and prose, and ``hide`` shows what
``present.audit.suppress`` decided in a table. ``present.publication`` does it for a whole
report. See docs/authoring.md, Tables about children, and docs/design/disclosure-audit.md.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import replace

from .. import audiences
from ..errors import DisclosureError
from ..numbers import SUPPRESSED
from .linked import CHILDREN, RATE, SERVICE, Model, Ref
from .tables import Table, is_number

# The class in the linked model of what a table's counted cells count; a table that has not
# said (only in tests: a build refuses it) counts children. Other tables are not in the model.
KINDS = {audiences.PEOPLE: CHILDREN, audiences.SERVICE: SERVICE, None: CHILDREN}

Position = tuple[int, str]  # (row, column)
RATE_UNITS = ("%", "pp", "rate", "per10k", "number")  # a cell that is not a count: a rate


def groups(table: Table) -> list[tuple[Position, list[Position]]]:
    """Each declared total's cells with the counted cells that add up to it."""
    found = []
    for total in table.totals:
        if total.axis == "row":
            row = int(total.total)
            lines = [c for c in table.value_columns if table.is_count(row, c)]
            found += [((row, c), [(int(p), c) for p in total.parts]) for c in lines]
        else:
            column = str(total.total)
            lines = [r for r in range(len(table.frame)) if table.is_count(r, column)]
            found += [((r, column), [(r, str(p)) for p in total.parts]) for r in lines]
    return found


def _suppressed(table: Table, cells: Collection[Position]) -> Table:
    """The table with ``cells`` shown as ``c``."""
    if not cells:
        return table
    frame = table.frame.astype(object)
    for row, column in cells:
        frame.at[row, column] = SUPPRESSED
    return replace(table, frame=frame)


def cell_refs(table: Table) -> dict[Position, Ref]:
    """Each value cell's reference in the linked model (``Table.references``)."""
    return table.references


def cell_ref(table: Table, row: int | str, column: str) -> Ref:
    """The reference of one cell, by row (position or label) and column (name)."""
    found = table.rows([row]) or ()
    if len(found) != 1:
        raise KeyError(f"table {table.id}: {len(found)} rows are labelled {row!r}")
    return cell_refs(table)[(found[0], column)]


def model_from_tables(tables: Iterable[Table], *, rounded: bool = True) -> Model:
    """The linked model of what ``tables`` publish: each counted cell a count of what it counts
    (``KINDS``: children, or about the service), each declared total a total in every counted
    line (a part that is not counted, such as a change, enters as a figure that may be
    negative and is never primary), each share column a percentage of its row's count, out of
    the declared whole, rounded as the table shows it (``rounded=False``: unrounded). A value
    that is not a number (``x``) is a figure not available. Tables about rates, words or
    published figures are not in it. Relations between tables are added by ``cell_ref``."""
    model = Model()
    for table in tables:
        if table.about in KINDS:
            _link(model, table, rounded)
    return model


def add_cell(
    model: Model,
    table: Table,
    position: Position,
    *,
    rate: bool | None = None,
    rounded: bool = True,
) -> Ref:
    """The reference of a value cell in ``model``, added the first time: a counted cell as a
    count of what it counts; any other as a rate shown to its decimals (``rounded=False``:
    unrounded) or as a count that may be negative (a change), never primary, as ``rate``
    says, or else as its format says (a percentage or rate, or a count)."""
    ref = cell_refs(table)[position]
    if ref not in model.variables:
        value = _number(table.frame.at[position])
        rule = table.rule_for(*position)
        if table.is_count(*position):
            model.add(ref, value, KINDS.get(table.counts_about(*position), SERVICE))
        elif rate if rate is not None else rule.unit in RATE_UNITS:
            model.add(ref, value, RATE, decimals=rule.decimals if rounded else None)
        else:
            model.add(ref, value, KINDS.get(table.about, SERVICE), signed=True)
    return ref


def _number(value: object) -> float | None:
    return float(value) if is_number(value) else None  # type: ignore[arg-type]


def _link(model: Model, table: Table, rounded: bool) -> None:
    def figure(position: Position, *, rate: bool = False) -> Ref:
        return add_cell(model, table, position, rate=rate, rounded=rounded)

    for position in cell_refs(table):
        if table.is_count(*position):
            figure(position)
    for total, parts in groups(table):
        model.total(figure(total), [figure(part) for part in parts])
    for share in table.shares:
        for row in range(len(table.frame)):
            whole = (row, share.whole) if share.whole else _row_total(table, row, share.of)
            for column in share.columns:
                p = figure((row, column), rate=True)
                model.share(p, figure((row, share.of)), figure(whole))


def _row_total(table: Table, row: int, column: str) -> Position:
    """The cell in ``column`` of the declared row total that ``row`` is (or is a part of)."""
    for total in table.totals:
        if total.axis == "row" and (row == total.total or row in total.parts):
            return int(total.total), column
    raise DisclosureError(
        f"table {table.id}: the percentages of {column!r} on row {table.row_label(row)!r} "
        "have no declared whole",
        hint="declare it: .share(..., whole=<column>) or .total(row=..., of=[...])",
    )


def hide(table: Table, hidden: Collection[Ref]) -> Table:
    """The table with the cells whose references are in ``hidden`` shown as ``c``."""
    return _suppressed(table, [cell for cell, ref in cell_refs(table).items() if ref in hidden])


def hidden_cells(table: Table) -> set[Ref]:
    """The references of the cells the table shows as ``c``: what a reader cannot see, for the
    audit of a table as published."""
    return {
        ref
        for (row, column), ref in cell_refs(table).items()
        if table.frame.at[row, column] == SUPPRESSED
    }
