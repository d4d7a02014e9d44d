"""About these figures: where this report's figure differs from the one the council published,
and why, worked out from the data rather than typed.

Each report's data folder may hold ``published.csv`` (read by ``validate.published``): the
figures the published report printed (``period``, ``fact``, ``published`` as printed,
``reason``). The reason is text that may quote
facts (``{{< fact reviews_on_time >}}``). An optional ``la`` column names the LA whose report
printed the figure (a report that can be built for any LA is published by one council); a row
without it applies to every LA. A row shows in the report only when the published figure
differs from the ledger's, so a year where they agree says nothing, and a reason can never be
left behind when the data changes.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..audiences import WORDS
from ..errors import DataError
from ..ledger import Ledger
from ..numbers import SUPPRESSED
from ..periods import Period
from .prose import Where, fill_plain
from .tables import Table

ILLUSTRATIVE = " (illustrative: synthetic data)"


def _same(published: str, ours: str) -> bool:
    return published.replace(" ", "").lower() == ours.replace(" ", "").lower()


def differences(
    published: pd.DataFrame,
    facts: Ledger,
    period: Period,
    path: Path,
    *,
    la: str | None = None,
    id: str = "differences",
) -> Table | None:
    """The published figures this period (and for ``la``, where the file names LAs) that differ
    from the ledger's, with the reasons; None when every one agrees."""
    rows = []
    wanted = published["period"] == str(period)
    if "la" in published.columns and la is not None:
        wanted &= published["la"].isin(("", la))
    for index, row in published.loc[wanted].iterrows():
        if row["fact"] not in facts:
            raise DataError(
                f"fact {row['fact']!r} is not one this report records",
                file=path,
                row=int(index) + 2,
                column="fact",
                hint="use an id from the build's facts.json",
            )
        fact = facts[row["fact"]]
        if fact.value == SUPPRESSED or _same(row["published"], fact.text()):
            continue  # a figure a public build hides is not printed, so it differs from nothing
        reason = fill_plain(row["reason"], facts, Where(path, field=f"row {int(index) + 2}"))
        rows.append(
            {
                "Figure": fact.label,
                "Published": row["published"],
                # a figure resting on made-up data is no finding to set against the published
                "This report": fact.text() + (ILLUSTRATIVE if fact.synthetic else ""),
                "Why they differ": reason,
            }
        )
    if not rows:
        return None
    return Table.from_frame(
        pd.DataFrame(rows),
        id=id,
        caption="Figures that differ from the published report",
        stub=["Figure", "Published", "This report", "Why they differ"],
        about=WORDS,  # figures as text, each as the ledger shows it to this audience
    )
