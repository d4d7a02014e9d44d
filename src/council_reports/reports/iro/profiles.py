"""Profiles: counts of children (or reviews) by a characteristic, as a table with each group's
share and as a bar chart."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ...audiences import PEOPLE
from ...present.charts import EmptyChart, Figure, bar_chart
from ...present.tables import Table


def share_table(
    counts: pd.Series,
    *,
    id: str,
    caption: str,
    label: str,
    source: str,
    counted: str = "Children",
    synthetic: bool = False,
    about: str = PEOPLE,
) -> Table:
    """A row per group: the number counted (children, unless ``counted`` says otherwise) and the
    % of all of them, then the total; ``synthetic`` marks the caption. The counts, their total and
    their shares are declared, so a public build suppresses small counts
    (``present.disclosure``)."""
    total = counts.sum()
    frame = pd.DataFrame(
        {
            label: counts.index.astype(str),
            counted: counts.to_numpy(),
            "%": counts.to_numpy() / total * 100 if total else 0.0,
        }
    )
    total_row = pd.DataFrame({label: ["Total"], counted: [total], "%": [100.0]})
    frame = pd.concat([frame, total_row], ignore_index=True)
    return (
        Table.from_frame(
            frame,
            id=id,
            caption=caption,
            stub=[label],
            source=source,
            synthetic=synthetic,
            about=about,
        )
        .fmt("count", columns=[counted])
        .fmt("%", 0, columns=["%"])
        .counts(columns=[counted])
        .total(row=len(counts), of=list(range(len(counts))))
        .share(columns=["%"], of=counted)
    )


def count_chart(
    counts: pd.Series | pd.DataFrame,
    *,
    id: str,
    caption: str,
    label: str,
    counted: str = "Children",
    synthetic: bool = False,
    about: str = PEOPLE,
) -> Figure | EmptyChart:
    """Bars of counts by group: a Series gives one bar per group, a DataFrame one bar per column
    (series) in each group (its index); ``synthetic`` marks the caption. A chart of counts of
    people knows them, so a public build can withhold it (``present.publication``); one about
    the service (``about``) is shown as its table is."""
    table = counts.to_frame(counted) if isinstance(counts, pd.Series) else counts
    frame = table.rename_axis(index=label, columns=None).reset_index()
    frame = frame.melt(id_vars=label, var_name="series", value_name="count")
    frame[label] = frame[label].astype(str)
    chart = bar_chart(
        frame,
        id=id,
        caption=caption,
        title=counted,
        category=label,
        series="series",
        value="count",
        unit="count",
        decimals=0,
        synthetic=synthetic,
    )
    if isinstance(chart, EmptyChart):
        return chart
    return replace(chart, counts=tuple(frame["count"].dropna()) if about == PEOPLE else ())
