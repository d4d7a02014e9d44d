"""Disclosure control: what a table about children may show, by audience.

A report is built for an audience (``publish`` in the cover settings, or the build request):

- ``committee``: figures as the council prints them for its committees today;
- ``public``: the DfE's rule for statistics about children: a count of 1 to 5 children is shown
  as ``c``; where a suppressed count could be worked out from a total and the other counts that
  make it up, another count is suppressed too (secondary suppression: the smallest count in the
  group that is not 0, or else the total); and a percentage of a suppressed count is suppressed
  with it.

Only cells a table marks as counts (``Table.counts``) are suppressed, and totals and shares are
what the table declares (``Table.total``, ``Table.share``): see docs/authoring.md, Tables. For
the public, a count of 1 to 5 the report records for its prose is ``c`` too, and a chart that
draws such a count is withheld (the table beside it shows what may be published).

``suppress`` works on one table at a time. Across tables (a total in one table of counts in
another), the linked model does: ``model_from_tables`` makes one from Tables (more relations
are added to it by cell reference, ``cell_ref``), ``present.audit.suppress`` decides what to
hide and proves it, and ``hide`` shows the result in each table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import replace

from ..audiences import AUDIENCES, PUBLIC
from ..errors import DisclosureError
from ..ledger import Fact, Ledger
from ..markup import slug
from .charts import Figure
from .linked import CHILDREN, RATE, SERVICE, Model, Ref
from .tables import Table, is_number

SUPPRESSED = "c"
SMALLEST_SHOWN = 6  # counts from 1 to 5 are suppressed; 0 is shown

Position = tuple[int, str]  # (row, column)


def _count(value: object) -> float | None:
    """A cell's count, or None when it holds no number (a symbol, a blank)."""
    return float(value) if is_number(value) else None


def primary(table: Table) -> set[Position]:
    """Counted cells that hold 1 to 5."""
    return {
        (row, column)
        for row in range(len(table.frame))
        for column in table.value_columns
        if table.is_count(row, column) and _small(table.frame.at[row, column])
    }


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


def secondary(table: Table, suppressed: set[Position]) -> set[Position]:
    """``suppressed`` and enough more that no total leaves exactly one of its cells unknown.

    Each suppression can expose a cell of another total (a row total is a part of a grand
    total), so the groups are checked again until none changes.
    """
    hidden = set(suppressed)
    changed = True
    while changed:
        changed = False
        for total, parts in groups(table):
            cells = [total, *parts]
            if sum(cell in hidden for cell in cells) != 1:
                continue
            candidates = [
                (count, part)
                for part in parts
                if part not in hidden
                and (count := _count(table.frame.at[part])) is not None
                and count > 0
            ]
            choice = min(candidates)[1] if candidates else total
            if choice in hidden:  # the total itself was the one suppressed; its parts are 0
                continue
            hidden.add(choice)
            changed = True
    return hidden


def shares(table: Table, suppressed: set[Position]) -> set[Position]:
    """The percentages of suppressed counts."""
    return {
        (row, column)
        for share in table.shares
        for row, of in suppressed
        if of == share.of
        for column in share.columns
    }


def suppress(table: Table) -> Table:
    """The table as the public may see it: small counts, the counts that would reveal them and
    their percentages shown as ``c``."""
    hidden = secondary(table, primary(table))
    return _suppressed(table, hidden | shares(table, hidden))


def _suppressed(table: Table, cells: Collection[Position]) -> Table:
    """The table with ``cells`` shown as ``c``."""
    if not cells:
        return table
    frame = table.frame.astype(object)
    for row, column in cells:
        frame.at[row, column] = SUPPRESSED
    return replace(table, frame=frame)


def _small(value: object) -> bool:
    return (count := _count(value)) is not None and 0 < count < SMALLEST_SHOWN


def _public(publish: str) -> bool:
    if publish not in AUDIENCES:
        raise ValueError(f"unknown audience {publish!r}; audiences: {', '.join(AUDIENCES)}")
    return publish == PUBLIC


def for_audience(table: Table, publish: str) -> Table:
    """The table as ``publish`` (an entry of AUDIENCES) may see it."""
    return suppress(table) if _public(publish) else table


def facts_for_audience(facts: Ledger, publish: str) -> Ledger:
    """The ledger as ``publish`` may see it: for the public, every count of 1 to 5 is ``c``."""
    if not _public(publish):
        return facts

    def seen(fact: Fact) -> Fact:
        hidden = fact.unit == "count" and _small(fact.value)
        return replace(fact, value=SUPPRESSED) if hidden else fact

    return Ledger([seen(fact) for fact in facts])


def figure_for_audience(figure: Figure, publish: str) -> Figure | None:
    """The figure, or None when ``publish`` may not see it: for the public, a chart that draws a
    count of 1 to 5 (a bar's length gives the count away)."""
    return None if _public(publish) and any(map(_small, figure.counts)) else figure


def cell_refs(table: Table) -> dict[Position, Ref]:
    """Each value cell's reference in the linked model: (table id, row key, column key), the
    row key the slug of the row's label and the column key the slug of its header (``%`` read
    as "percent"), each with ``.2``, ``.3`` for the second and third of the same slug."""
    rows = _keys(table.row_label(row) for row in range(len(table.frame)))
    columns = _keys(column.replace("%", " percent ") for column in table.value_columns)
    return {
        (row, column): (table.id, row_key, column_key)
        for row, row_key in enumerate(rows)
        for column, column_key in zip(table.value_columns, columns, strict=True)
    }


def _keys(labels: Iterable[str]) -> list[str]:
    """Slugs of ``labels``, the second and later of a slug numbered."""
    seen: Counter[str] = Counter()
    keys = []
    for label in map(slug, labels):
        seen[label] += 1
        keys.append(label if seen[label] == 1 else f"{label}.{seen[label]}")
    return keys


def cell_ref(table: Table, row: int | str, column: str) -> Ref:
    """The reference of one cell, by row (position or label) and column (name)."""
    found = table.rows([row]) or ()
    if len(found) != 1:
        raise KeyError(f"table {table.id}: {len(found)} rows are labelled {row!r}")
    return cell_refs(table)[(found[0], column)]


def model_from_tables(
    tables: Iterable[Table], *, service: Collection[str] = (), rounded: bool = True
) -> Model:
    """The linked model of what ``tables`` publish: each counted cell a count of children (about
    the service for a table whose id is in ``service``), each declared total a total in every
    counted line (a part that is not counted, such as a change, enters as a figure that may be
    negative and is never primary), each share column a percentage of its row's count, out of
    the declared whole, rounded as the table shows it (``rounded=False``: unrounded, as
    tables/*.csv write it). A value that is not a number (``x``) is a figure not available.
    Relations between tables are added to the result by ``cell_ref``."""
    model = Model()
    for table in tables:
        _link(model, table, SERVICE if table.id in service else CHILDREN, rounded)
    return model


def _link(model: Model, table: Table, kind: str, rounded: bool) -> None:
    refs = cell_refs(table)

    def figure(position: Position, *, kind: str = kind, decimals: int | None = None) -> Ref:
        if refs[position] not in model.variables:
            value = table.frame.at[position]
            model.add(
                refs[position],
                float(value) if is_number(value) else None,
                kind,
                decimals=decimals,
                signed=kind != RATE and not table.is_count(*position),
            )
        return refs[position]

    for position in refs:
        if table.is_count(*position):
            figure(position)
    for total, parts in groups(table):
        model.total(figure(total), [figure(part) for part in parts])
    for share in table.shares:
        for row in range(len(table.frame)):
            whole = (row, share.whole) if share.whole else _row_total(table, row, share.of)
            for column in share.columns:
                rule = table.rule_for(row, column)
                p = figure((row, column), kind=RATE, decimals=rule.decimals if rounded else None)
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
