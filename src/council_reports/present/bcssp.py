"""Tables for the BCSSP appendices, built on the common Table model."""

from __future__ import annotations

import pandas as pd

from ..measures.bcssp import RATINGS, target_mismatches
from ..numbers import format_cell
from ..periods import Period
from .tables import Table

_LETTER = {rating.name: rating.letter for rating in RATINGS}
KPI_SOURCE = "BCSSP training KPI returns from partner agencies"


KPIS_PER_TABLE = 8  # columns that fit a portrait page


def rag_table(rated: pd.DataFrame, targets: dict[str, float], part: int) -> Table:
    """The KPI ratings, an agency a row and a KPI a column; ``part`` 1 holds the first eight
    KPIs, 2 the next eight, so each table fits a page. Each cell shows the figure and the
    rating's letter, so colour is never the only cue."""

    def cell(row: pd.Series) -> str:
        letter = _LETTER[row["rating"]]
        if row["symbol"]:
            return row["symbol"] if row["symbol"] in ("/", "TBC") else f"N/A {letter}"
        return f"{format_cell(row['value'], 'number', 0)} {letter}"

    kpis = list(dict.fromkeys(rated["kpi"]))
    chosen = kpis[(part - 1) * KPIS_PER_TABLE : part * KPIS_PER_TABLE]
    text = rated.assign(text=rated.apply(cell, axis=1))
    wide = text.pivot(index="agency", columns="kpi", values="text")
    frame = wide.reindex(index=list(dict.fromkeys(rated["agency"])), columns=chosen).reset_index()
    frame.columns = ["Agency", *[f"{k} ({format_cell(targets[k], '%', 0)})" for k in chosen]]
    table = Table.from_frame(
        frame,
        id=f"kpi-ratings-{part}",
        caption=f"Training KPI ratings, KPIs {chosen[0]} to {chosen[-1]} (targets)",
        stub=["Agency"],
        source=KPI_SOURCE,
    )
    for row in target_mismatches(rated, targets).itertuples():
        if row.kpi in chosen:
            table = table.note(
                f"KPI {row.kpi}: the return gives a target of {format_cell(row.target, '%', 0)}; "
                f"the partnership agreed {format_cell(row.agreed_target, '%', 0)}, which the "
                "ratings use."
            )
    return table


def summary_table(summary: pd.DataFrame, by: str, *, id: str, caption: str) -> Table:
    label = "Agency" if by == "agency" else "KPI"
    frame = summary.rename(columns={by: label, "rated": "With a figure", "met": "Met"})
    return Table.from_frame(frame, id=id, caption=caption, stub=[label], source=KPI_SOURCE).fmt(
        "count"
    )


def yearly_table(
    current: pd.DataFrame, previous: pd.DataFrame | None, period: Period, *, id: str, caption: str
) -> Table:
    """A return's measures this year and last, with the change (percentage points for %)."""
    before = (
        dict(zip(previous["measure"], previous["value"], strict=True))
        if previous is not None
        else {}
    )
    this, last = period.label, period.previous.label
    frame = pd.DataFrame(
        {
            "Measure": current["measure"],
            this: current["value"],
            last: [before.get(m, "x") for m in current["measure"]],
        }
    )
    frame["Change"] = [
        (a - b) if isinstance(b, int | float) else "x"
        for a, b in zip(frame[this], frame[last], strict=True)
    ]
    table = Table.from_frame(
        frame,
        id=id,
        caption=f"{caption}, {this} and {last}",
        stub=["Measure"],
        source="B&NES Council Adult Social Care",
    )
    for position, unit in enumerate(current["unit"]):
        values = "%" if unit == "percent" else "count"
        table = table.fmt(values, rows=[position], columns=[this, last])
        table = table.fmt(
            "pp" if unit == "percent" else "count", rows=[position], columns=["Change"], signed=True
        )
    return table


def police_table(rows: pd.DataFrame, *, id: str, caption: str) -> Table:
    frame = pd.DataFrame(
        {
            "Measure": rows["measure"],
            "Current 12 months": rows["current"],
            "Previous 12 months": rows["previous"],
            "Change": rows["change"],
            "% change": [v if v is not None else "x" for v in rows["percent_change"]],
        }
    )
    return (
        Table.from_frame(
            frame,
            id=id,
            caption=f"{caption}: 12-month rolling figures",
            stub=["Measure"],
            source="Avon & Somerset Constabulary",
        )
        .fmt("count", columns=["Current 12 months", "Previous 12 months"])
        .fmt("count", columns=["Change"], signed=True)
        .fmt("%", 1, columns=["% change"], signed=True)
    )


def count_table(
    frame: pd.DataFrame, *, id: str, caption: str, rate: tuple[str, str] | None = None
) -> Table:
    """Counts by their first column; with ``rate=(part, whole)``, the part as a % of the whole."""
    table_frame = frame.copy()
    if rate:
        part, whole = rate
        table_frame[f"{part} (% of {whole.lower()})"] = table_frame[part] / table_frame[whole] * 100
    label = str(frame.columns[0])
    table = Table.from_frame(
        table_frame, id=id, caption=caption, stub=[label], source="B&NES Children's Social Care"
    ).fmt("count")
    if rate:
        table = table.fmt("%", 1, columns=[str(table_frame.columns[-1])])
    return table
