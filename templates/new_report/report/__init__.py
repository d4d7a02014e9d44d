"""A new report: children by group for one LA, this year against the year before.

Started by `council-reports new` as a working example, in the shape of the real reports: its
data and checks (``data``), one module per section of the published report (``groups``), the
content class that combines them (``content``), and its cover report and slides settings
(``cover.yml``, ``slides.yml``). Replace the data folder, the loading, the sections and the
notebook's prose with the report's own; calculations that grow beyond a sum belong in measures/.
"""

from __future__ import annotations

from pathlib import Path

from ...framework import Report
from ...periods import Period
from .content import ExampleReport
from .data import check, coverage

REPORT = Report(
    id="example_report",
    title="Example report",
    notebook="example_report.ipynb",
    data="example_report",
    folder=Path(__file__).parent,
    coverage=coverage,
    check=check,
    test_target=("800", Period(2024)),
    content=ExampleReport,
    slides=True,
)
