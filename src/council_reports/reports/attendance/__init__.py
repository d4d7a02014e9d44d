"""School attendance and exclusions: DfE absence and suspension statistics for any LA in
England, against its region, England and its statistical neighbours, over the years, by pupil
characteristic where the data has the breakdowns, and the council's own in-year figures.

The report's folder holds everything that is its own: its data and checks (``data``: the
national files for every LA, and a council's own folder of figures as its packs printed them),
what it quotes (``indicators``), one module per part of the report (``absence``,
``exclusions``, ``groups``, ``neighbours``, ``trends``, ``own_figures``, ``in_year``,
``revisions``) and its cover report settings (``cover.yml``).
"""

from __future__ import annotations

from pathlib import Path

from ...framework import Report
from ...periods import Period
from .content import Attendance
from .data import check, coverage, gaps

REPORT = Report(
    id="attendance",
    title="School attendance and exclusions",
    notebook="attendance_exclusions.ipynb",
    data="attendance",
    folder=Path(__file__).parent,
    coverage=coverage,
    check=check,
    test_target=("800", Period(2023)),
    content=Attendance,
    inputs=("reference", "national"),
    gaps=gaps,
)
