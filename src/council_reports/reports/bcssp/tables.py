"""Tables for the BCSSP appendices, built on the common Table model: the KPI list and its ratings
(each rating a cell style as well as a letter), the agencies, and the counts of the other
returns."""

from __future__ import annotations

import pandas as pd

from ...audiences import PEOPLE, RATES, SERVICE, WORDS
from ...numbers import format_cell
from ...periods import Period
from ...present.tables import Table
from .data import PERIOD_HEADINGS
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
    Reconciliation,
    share,
    target_mismatches,
    targets,
    with_total,
)

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


def shown_or_x(figures: pd.Series) -> pd.Series:
    """Figures with "x" (not available) where the return gives none."""
    return figures.astype(object).where(figures.notna(), "x")


def positions(mask: pd.Series) -> list[int]:
    """The row positions where ``mask`` holds."""
    return [position for position, chosen in enumerate(mask) if chosen]


def listed(words: list[str]) -> str:
    """Words as a sentence lists them: "a", "a and b", "a, b and c"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def shortfall_note(check: Reconciliation) -> str:
    """A note under a table whose parts do not add up to the total the return gives: by how
    much, and that the return does not say why."""
    gap = abs(check.unaccounted)
    return (
        f"{check.parts_label[0].upper()}{check.parts_label[1:]} add to "
        f"{format_cell(check.parts_total, 'count')}, {format_cell(gap, 'count')} "
        f"{'fewer' if check.unaccounted > 0 else 'more'} than the "
        f"{format_cell(check.total, 'count')} {check.total_label}; the return does not say why. "
        "Both are shown as returned (see About these figures)."
    )


def kpi_heading(kpi: pd.Series) -> str:
    """A KPI's column heading: its number, the training and its agreed target."""
    return f"{kpi['kpi']} {kpi['training']}, target {format_cell(kpi['target_percent'], '%', 0)}"


def kpi_definitions_table(kpis: pd.DataFrame, staff: str, *, id: str, source: str) -> Table:
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
        source=source,
        about=WORDS,
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
        about=WORDS,
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
        about=WORDS,
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
    rated: pd.DataFrame, kpis: pd.DataFrame, staff: str, *, id: str, source: str, synthetic: bool
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
        source=source,
        synthetic=synthetic,
        about=RATES,  # the % of each agency's staff trained
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
    summary: pd.DataFrame,
    kpis: pd.DataFrame | None,
    *,
    id: str,
    caption: str,
    source: str,
    synthetic: bool,
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
        frame,
        id=id,
        caption=caption,
        stub=stub,
        source=source,
        synthetic=synthetic,
        about=SERVICE,  # how many KPIs each agency met: about the partnership's training
    ).fmt("count")


def count_table(
    frame: pd.DataFrame,
    *,
    id: str,
    caption: str,
    source: str,
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
        source=source,
        synthetic=synthetic,
        about=PEOPLE,
    ).fmt("count")
    table = table.counts(columns=numbers)
    if total:
        table = table.total(row=len(frame), of=list(range(len(frame))))
    if rate:
        table = table.fmt("%", 1, columns=[percent]).share(
            columns=[percent], of=rate[0], whole=rate[1]
        )
    elif total and len(numbers) == 1:
        table = table.fmt("%", 0, columns=[percent]).share(columns=[percent], of=numbers[0])
    return table


def measures_table(
    changed: pd.DataFrame,
    period: Period,
    *,
    id: str,
    caption: str,
    source: str,
    synthetic: bool,
) -> Table:
    """A return's measures this year, with last year's and the change where the return gives
    last year's figures (``measures.yearly_change``; "x" where it gives none): counts as
    numbers, percentages with their change in percentage points (pp)."""
    this, last = period.label, period.previous.label
    frame = pd.DataFrame({"Measure": changed["measure"], this: changed["value"]})
    compared = changed["previous"].notna().any()
    if compared:
        frame[last] = shown_or_x(changed["previous"])
        frame["Change"] = shown_or_x(changed["change"])
    table = Table.from_frame(
        frame,
        id=id,
        caption=f"{caption}, {this} and {last}" if compared else f"{caption}, {this}",
        stub=["Measure"],
        source=source,
        synthetic=synthetic,
        about=PEOPLE,
    )
    years = [this, last] if compared else [this]
    counts = changed["unit"] != "percent"
    table = table.counts(rows=positions(counts), columns=[this])
    if compared:  # a figure the return does not give (x) counts nobody
        table = table.counts(rows=positions(counts & changed["previous"].notna()), columns=[last])
    if compared:
        table = table.total(column=this, of=[last, "Change"])
    percents = changed["unit"] == "percent"
    for position, percent in enumerate(percents):
        table = table.fmt("%" if percent else "count", rows=[position], columns=years)
        if compared:
            table = table.fmt(
                "pp" if percent else "count", rows=[position], columns=["Change"], signed=True
            )
    if compared and (percents & changed["change"].notna()).any():
        table = table.note(
            "A change in a percentage is in percentage points (pp): the difference between "
            "the two percentages."
        )
    return table


def activity_table(
    rows: pd.DataFrame, *, id: str, caption: str, source: str, synthetic: bool, about: str
) -> Table:
    """A section of the constabulary's activity figures (police_activity.csv) with a column for
    each period it gives a figure for ("x" where it gives none for a measure); every figure a
    count of ``about`` (people: each is suppressed for the public when small)."""
    periods = [c for c in PERIOD_HEADINGS if rows[c].notna().any()]
    frame = pd.DataFrame({"Measure": rows["measure"]})
    for column in periods:
        frame[PERIOD_HEADINGS[column]] = shown_or_x(rows[column])
    headings = [PERIOD_HEADINGS[c] for c in periods]
    table = Table.from_frame(
        frame,
        id=id,
        caption=caption,
        stub=["Measure"],
        source=source,
        synthetic=synthetic,
        about=about,
    ).fmt("count", columns=headings)
    if about == PEOPLE:  # a figure the constabulary does not give (x) counts nobody
        for column in periods:
            heading = PERIOD_HEADINGS[column]
            table = table.counts(rows=positions(rows[column].notna()), columns=[heading])
    return table


def reconciliation_table(checks: list[Reconciliation], captions: dict[str, str]) -> Table:
    """Totals whose parts, as the returns give them, do not add up to them: the table each is
    in (``captions`` by table id), the total, what its parts add to and the difference."""
    frame = pd.DataFrame(
        {
            "Table": [captions[check.table] for check in checks],
            "Total": [check.total_label[0].upper() + check.total_label[1:] for check in checks],
            "As returned": [check.total for check in checks],
            "Its parts add to": [check.parts_total for check in checks],
            "Difference": [check.unaccounted for check in checks],
        }
    )
    figures = ["As returned", "Its parts add to", "Difference"]
    return (
        Table.from_frame(
            frame,
            id="totals-not-adding-up",
            caption="Totals whose parts do not add up to them",
            stub=["Table", "Total"],
            about=PEOPLE,
        )
        .fmt("count", columns=figures[:2])
        .fmt("count", columns=["Difference"], signed=True)
        .counts(columns=figures[:2])
        .total(column="As returned", of=["Its parts add to", "Difference"])
        .note("The difference is the total less what its parts add to.")
    )


def police_table(
    rows: pd.DataFrame, *, id: str, caption: str, source: str, synthetic: bool
) -> Table:
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
            source=source,
            synthetic=synthetic,
            about=PEOPLE,
        )
        .fmt("count", columns=["Last 12 months", "Previous 12 months"])
        .fmt("count", columns=["Change"], signed=True)
        .fmt("%", 1, columns=["% change"], signed=True)
    )
