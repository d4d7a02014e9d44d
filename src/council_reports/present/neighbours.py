"""A table of an LA against its statistical neighbours: for each measure, the LA's figure, its
neighbours' average, its place among them, its region's and England's, and a note naming the
neighbours that have no figure (``measures.neighbours`` does the arithmetic)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ..audiences import RATES
from ..markup import slug
from ..measures.neighbours import Comparison
from ..periods import Period
from .tables import Table

AVERAGE = "Neighbours' average"
PLACE = "Place among them"


@dataclass(frozen=True)
class Measure:
    """A row of the table: what is compared, and how its figures are written."""

    label: str
    comparison: Comparison
    unit: str
    decimals: int


def neighbour_table(
    measures: Sequence[Measure],
    *,
    id: str,
    caption: str,
    la: tuple[str, str],
    region: tuple[str, str],
    england: tuple[str, str],
    names: Mapping[str, str],
    source: str,
    synthetic: bool = False,
    year: Callable[[Period], str] = lambda period: period.label,
) -> Table:
    """One row per measure; ``la``, ``region`` and ``england`` are (code, name), ``names`` the
    neighbours' names by code, ``year`` how a year is written (2023/24, 31 March 2025). Cells
    are keyed by role (a row by its measure, not its year; the ``la``, ``region`` and
    ``england`` columns), so an id is the same for every LA and year."""
    records, missing = [], {}
    for measure in measures:
        compared = measure.comparison
        average = compared.average.value
        records.append(
            {
                "Measure": measure.label,
                "Year": year(compared.period),
                la[1]: compared.values.get(la[0], "x"),
                AVERAGE: "x" if average is None else average,
                PLACE: compared.place,
                region[1]: compared.values.get(region[0], "x"),
                england[1]: compared.values.get(england[0], "x"),
            }
        )
        for code in compared.average.left_out:
            missing.setdefault(names.get(code, code), []).append(
                f"{measure.label} {year(compared.period)}"
            )
    table = Table.from_frame(
        pd.DataFrame.from_records(records),
        id=id,
        caption=caption,
        stub=["Measure", "Year"],
        source=source,
        synthetic=synthetic,
        about=RATES,  # published rates and the neighbours' average of them: no counts
    ).roles(
        {la[1]: "la", region[1]: "region", england[1]: "england"},
        rows={position: slug(measure.label) for position, measure in enumerate(measures)},
    )
    figures = [la[1], AVERAGE, region[1], england[1]]
    for position, measure in enumerate(measures):
        table = table.fmt(measure.unit, measure.decimals, rows=[position], columns=figures)
    table = table.note(
        f"{AVERAGE}: the mean of the neighbours' figures, each neighbour counted once. "
        f"{PLACE}: {la[1]}'s place among itself and the neighbours with a figure, ties "
        "sharing the better place; where lower is better the lowest figure comes first, "
        "otherwise the highest."
    )
    for name, which in missing.items():
        table = table.note(f"No figure for {name}: {', '.join(which)}.")
    return table
