"""The Independent Reviewing Officer (IRO) annual report: children looked after, from the
SSDA903 return (synthetic in this repository) and the IRO service's own records.

The report's folder holds everything that is its own: its data and checks (``data``,
``service_records``), its calculations (``measures``) and profile layouts (``profiles``), one
module per section of the published report (``children_in_care``, ``reviews``, ``drp`` ...),
its cover report and slides settings (``cover.yml``, ``slides.yml``) and the generators of its
synthetic data (``synthetic``).
"""

from __future__ import annotations

from pathlib import Path

from ...framework import Report
from ...periods import Period
from .content import IroReport
from .data import RULES, check, coverage, gaps

REPORT = Report(
    id="iro",
    title="Independent Reviewing Officer annual report",
    notebook="iro_annual_report.ipynb",
    data="iro",
    folder=Path(__file__).parent,
    coverage=coverage,
    check=check,
    test_target=("800", Period(2024)),
    content=IroReport,
    inputs=("reference", "national"),
    slides=True,
    gaps=gaps,
    settings=(RULES,),
)
