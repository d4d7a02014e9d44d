"""School attendance and exclusions: DfE absence and suspension statistics, the LA against its
region and England, by pupil characteristic, and the council's own figures for the year after.

The report's folder holds everything that is its own: its data and checks (``data``), what it
quotes (``indicators``), one module per part of the published report (``absence``,
``exclusions``, ``groups``, ``own_figures``), its cover report settings (``cover.yml``) and
the generator of its synthetic test data (``synthetic``).
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
    gaps=gaps,
)
