"""The figures a report's published version printed (``published.csv`` in its data folder):
``period``, ``fact``, ``published`` as printed and the ``reason`` it differs, optionally ``la``;
every cell text, none blank (``present.differences`` sets them beside the report's)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..load.files import read_csv
from .tables import reject

PUBLISHED = "published.csv"
COLUMNS = ("period", "fact", "published", "reason")


def read_published(path: Path) -> pd.DataFrame:
    """The published figures, every cell text; a missing file has none."""
    if not path.exists():
        return pd.DataFrame(columns=list(COLUMNS))
    frame = read_csv(
        path,
        COLUMNS,
        hint="see the data folder's README; columns: " + ", ".join(COLUMNS),
        rows_required=False,
    )
    for column in COLUMNS:
        reject(frame, frame[column] == "", path, column, "is blank")
    return frame
