"""Tables for the BCSSP appendices, built on the common Table model: the KPI list and its ratings
(each rating a cell style as well as a letter), the agencies, and the counts of the other
returns."""

from __future__ import annotations

import pandas as pd

from ...numbers import format_cell
from ...periods import Period
from ...present.tables import Table
from .measures import (
    AMBER,
    BLUE,
    GREEN,
    NIL,
    RATINGS,
    RED,
    SLACK,
    TBC,
    Reading,
    share,
    target_mismatches,
    targets,
    with_total,
)

KPI_SOURCE = "BCSSP training KPI returns from partner agencies"
CHILDRENS_SOURCE = "B&NES Children's Social Care"
ADULTS_SOURCE = "B&NES Council Adult Social Care"
POLICE_SOURCE = "Avon & Somerset Constabulary"
# The cell style each format draws for a rating; the others are shown by their text alone.
STYLES = {
    GREEN.name: "rag-green",
    AMBER.name: "rag-amber",
    RED.name: "rag-red",
    BLUE.name: "rag-blue",
}
STAFF = {
    "All": "all relevant staff",
    "Adults": "staff working with adults",
    "Children": "staff working with children",
}


def kpi_heading(kpi: pd.Series) -> str:
    """A KPI's column heading: its number, the training and its agreed target."""
    return f"{kpi['kpi']} {kpi['training']}, target {format_cell(kpi['target_percent'], '%', 0)}"


def kpi_definitions_table(kpis: pd.DataFrame, staff: str, *, id: str) -> Table:
    """What each KPI for one group of staff (``kpis["staff"]``) measures, and its agreed
    target: text throughout (the report records the targets as facts, ``kpi_1_11_target``)."""
    chosen = kpis.loc[kpis["staff"] == staff]
    frame = pd.DataFrame(
        {
            "KPI": chosen["kpi"],
            "Training": chosen["training"],
            "What it measures": chosen["definition"],
            "Agreed target": [format_cell(t, "%", 0) for t in chosen["target_percent"]],
        }
    )
    return Table.from_frame(
        frame,
        id=id,
        caption=f"Training KPIs for {STAFF[staff]}",
        stub=list(frame.columns),
        source="BCSSP",
    )


def agencies_table(agencies: pd.DataFrame) -> Table:
    """The agencies as the tables name them, with their full names and what they do."""
    frame = pd.DataFrame(
        {
            "Agency": agencies["agency"],
            "Full name": agencies["name"],
            "What it is": agencies["role"],
        }
    )
    return Table.from_frame(
        frame,
        id="agencies",
        caption="Partner agencies in the training KPI tables",
        stub=["Agency", "Full name", "What it is"],
    )


def amber_band(reading: Reading) -> str:
    """How far below its target an Amber figure may fall, in words, as ``reading`` reads the
    partnership's key: "15 percentage points" or "15% of the target"."""
    return (
        f"{SLACK:g} percentage points" if reading is Reading.POINTS else f"{SLACK:g}% of the target"
    )


def rating_key_table(reading: Reading) -> Table:
    """The key to the ratings, each state shown as the tables show it (its letter or symbol,
    and its fill)."""
    below = amber_band(reading)
    meanings = {
        GREEN: "The figure met or exceeded the KPI's target",
        AMBER: f"Below the target by no more than {below}",
        RED: f"Below the target by more than {below}",
        BLUE: "The KPI does not apply to the agency",
        NIL: "No figure given, or an answer in words rather than a percentage",
        TBC: "The agency has still to confirm its figure",
    }
    frame = pd.DataFrame(
        {
            "Shown as": [rating.letter for rating in RATINGS],
            "Rating": [rating.name for rating in RATINGS],
            "Meaning": [meanings[rating] for rating in RATINGS],
        }
    )
    table = Table.from_frame(
        frame,
        id="rating-key",
        caption="Key to the training KPI ratings",
        stub=["Shown as", "Rating", "Meaning"],
    )
    for name, style in STYLES.items():
        table = table.style(style, rows=[name], columns=["Shown as"])
    return table


def _rating_text(row: pd.Series) -> str:
    """A cell as the ratings tables show it: the figure and its rating's letter ("33 R"), or the
    symbol alone where there is no figure ("N/A", "/", "TBC")."""
    if row["symbol"]:
        return row["symbol"]
    letter = next(rating.letter for rating in RATINGS if rating.name == row["rating"])
    return f"{format_cell(row['value'], 'number', 0)} {letter}"


def rag_table(
    rated: pd.DataFrame, kpis: pd.DataFrame, staff: str, *, id: str, synthetic: bool
) -> Table:
    """The ratings of the KPIs for one group of staff (``kpis["staff"]``): an agency a row, a
    KPI a column. Each cell carries its rating twice: as text (the figure and a letter) and as
    a cell style each format fills with the rating's colour."""
    chosen = kpis.loc[kpis["staff"] == staff]
    headings = {kpi["kpi"]: kpi_heading(kpi) for _, kpi in chosen.iterrows()}
    cells = rated.loc[rated["kpi"].isin(headings)].assign(
        text=lambda f: f.apply(_rating_text, axis=1)
    )
    agencies = list(dict.fromkeys(rated["agency"]))
    frame = (
        cells.pivot(index="agency", columns="kpi", values="text")
        .reindex(index=agencies, columns=list(headings))
        .rename(columns=headings)
        .rename_axis(index="Agency", columns=None)
        .reset_index()
    )
    table = Table.from_frame(
        frame,
        id=id,
        caption=f"Training KPI ratings: {STAFF[staff]}",
        stub=["Agency"],
        source=KPI_SOURCE,
        synthetic=synthetic,
    )
    for (kpi, rating), group in cells.groupby(["kpi", "rating"]):
        if rating in STYLES:
            table = table.style(STYLES[rating], rows=list(group["agency"]), columns=[headings[kpi]])
    for row in target_mismatches(rated, targets(kpis)).itertuples():
        if row.kpi in headings:
            table = table.note(
                f"KPI {row.kpi}: the return gives a target of {format_cell(row.target, '%', 0)}; "
                f"the ratings use the agreed target of {format_cell(row.agreed_target, '%', 0)}."
            )
    return table.note(
        "Each figure is the % of the agency's relevant staff trained, followed by its rating's "
        "letter (see the key)."
    )


def summary_table(
    summary: pd.DataFrame, kpis: pd.DataFrame | None, *, id: str, caption: str, synthetic: bool
) -> Table:
    """Ratings counted per agency, or per KPI when ``kpis`` (the KPI list) names the training."""
    columns = {"rated": "Figures given", "met": "Met (Green)", "amber": "Amber", "red": "Red"}
    if kpis is None:
        frame = summary.rename(columns={"agency": "Agency"} | columns)
        stub = ["Agency"]
    else:
        training = dict(zip(kpis["kpi"], kpis["training"], strict=True))
        frame = summary.rename(columns={"kpi": "KPI"} | columns)
        frame.insert(1, "Training", frame["KPI"].map(training))
        stub = ["KPI", "Training"]
    return Table.from_frame(
        frame, id=id, caption=caption, stub=stub, source=KPI_SOURCE, synthetic=synthetic
    ).fmt("count")


def count_table(
    frame: pd.DataFrame,
    *,
    id: str,
    caption: str,
    synthetic: bool,
    rate: tuple[str, str] | None = None,
    total: bool = True,
) -> Table:
    """Counts by their first column, with a total row when ``total``; with ``rate=(part,
    whole)``, the part as a % of the whole; with one count column, each row's % of the total."""
    counts = with_total(frame) if total else frame.copy()
    label, numbers = str(frame.columns[0]), [str(c) for c in frame.columns[1:]]
    if rate:
        part, whole = rate
        percent = f"{part} (% of {whole.lower()})"
        counts[percent] = share(counts[part], counts[whole])
    elif total and len(numbers) == 1:
        percent = "% of total"
        counts[percent] = share(counts[numbers[0]], frame[numbers[0]].sum())
    table = Table.from_frame(
        counts,
        id=id,
        caption=caption,
        stub=[label],
        source=CHILDRENS_SOURCE,
        synthetic=synthetic,
    ).fmt("count")
    if rate or (total and len(numbers) == 1):
        table = table.fmt("%", 1 if rate else 0, columns=[percent])
    return table


def yearly_table(
    changed: pd.DataFrame, period: Period, *, id: str, caption: str, synthetic: bool
) -> Table:
    """A return's measures this year, and last year with the change when there are last year's
    figures (``measures.bcssp.yearly_change``): counts as numbers, percentages with their change
    in percentage points."""
    this, last = period.label, period.previous.label
    frame = pd.DataFrame({"Measure": changed["measure"], this: changed["value"]})
    compared = changed["previous"].notna().any()
    if compared:
        frame[last] = changed["previous"].fillna("x")
        frame["Change"] = changed["change"].fillna("x")
    table = Table.from_frame(
        frame,
        id=id,
        caption=f"{caption}, {this} and {last}" if compared else f"{caption}, {this}",
        stub=["Measure"],
        source=ADULTS_SOURCE,
        synthetic=synthetic,
    ).roles({this: "this_year"} | ({last: "last_year"} if compared else {}))
    years = [this, last] if compared else [this]
    for position, unit in enumerate(changed["unit"]):
        percent = unit == "percent"
        table = table.fmt("%" if percent else "count", rows=[position], columns=years)
        if compared:
            table = table.fmt(
                "pp" if percent else "count", rows=[position], columns=["Change"], signed=True
            )
    return table


def police_table(rows: pd.DataFrame, *, id: str, caption: str, synthetic: bool) -> Table:
    """A section of the constabulary's 12-month rolling figures with the change and % change
    (``measures.bcssp.rolling_change``)."""
    frame = pd.DataFrame(
        {
            "Measure": rows["measure"],
            "Last 12 months": rows["current"],
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
            source=POLICE_SOURCE,
            synthetic=synthetic,
        )
        .roles({"% change": "percent_change"})
        .fmt("count", columns=["Last 12 months", "Previous 12 months"])
        .fmt("count", columns=["Change"], signed=True)
        .fmt("%", 1, columns=["% change"], signed=True)
    )
