"""The IRO service's own records as sent (data/iro/service): the dispute resolution protocol
(DRP) log, the population for rates per 10,000 children, review records, social work reports,
disability, targets and the service's statements, every cell as text
(``validate.iro_service`` checks them)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .files import read_csv

DRP_COLUMNS = ("drp_id", "raised", "stage", "reason", "resolved")
POPULATION_COLUMNS = ("area_code", "area_name", "population_0_17", "published_rate", "source")
TARGET_COLUMNS = ("measure", "year", "target", "source")


def read_service_file(path: Path, columns: Sequence[str]) -> pd.DataFrame:
    """One of the service's CSVs with at least ``columns``."""
    return read_csv(
        path,
        columns,
        hint="see data/iro/README.md; columns: " + ", ".join(columns),
    )
