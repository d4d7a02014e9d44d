"""Profile tables: counts of children by a characteristic, with each group's share."""

from __future__ import annotations

import pandas as pd

from .tables import Table


def share_table(
    counts: pd.Series, *, id: str, caption: str, label: str, source: str, counted: str = "Children"
) -> Table:
    """A row per group: the number counted (children, unless ``counted`` says otherwise) and the
    % of all of them."""
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
        Table.from_frame(frame, id=id, caption=caption, stub=[label], source=source)
        .fmt("count", columns=[counted])
        .fmt("%", 0, columns=["%"])
    )
