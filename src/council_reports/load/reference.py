"""Reference lists shipped in data/reference/: local authority codes and names."""

from __future__ import annotations

import csv
from pathlib import Path


def local_authorities(folder: Path) -> dict[str, dict[str, str]] | None:
    """LAs by their DfE three-digit code, or None when the reference list is absent."""
    path = folder / "local_authorities.csv"
    if not path.is_file():
        return None
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return {row["old_la_code"]: row for row in csv.DictReader(handle)}
