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
"""

from __future__ import annotations

from dataclasses import replace

from ..audiences import AUDIENCES, PUBLIC
from ..ledger import Fact, Ledger
from .charts import Figure
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
    hidden |= shares(table, hidden)
    if not hidden:
        return table
    frame = table.frame.astype(object)
    for row, column in hidden:
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
