"""Reference lists shipped in data/reference/: local authority codes and names."""

from __future__ import annotations

from pathlib import Path

from .files import read_csv

LA_COLUMNS = ("old_la_code", "new_la_code", "la_name", "region_code", "region_name")


def local_authorities(folder: Path) -> dict[str, dict[str, str]] | None:
    """LAs by their DfE three-digit code, or None when the reference list is absent."""
    path = folder / "local_authorities.csv"
    if not path.is_file():
        return None
    frame = read_csv(path, LA_COLUMNS, hint="columns: " + ", ".join(LA_COLUMNS))
    return {row["old_la_code"]: row for row in frame.to_dict("records")}
