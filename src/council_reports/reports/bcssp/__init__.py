"""The BCSSP annual report's data appendices: training KPIs with RAG ratings, children's social
care, adult safeguarding, the police's 12-month rolling figures and its figures on initial child
protection conferences, police protection powers and children in custody, from partner returns.

The report's folder holds everything that is its own: the returns' readers and checks
(``returns``, ``data``), its calculations (``measures``: ratings, changes, and whether a total's
parts add up to it) and table layouts (``tables``), one module per part of the appendices
(``training``, ``childrens``, ``adults``, ``police``), where each part's figures come from and
the totals checked across them (``base``, ``content``), its cover report settings
(``cover.yml``) and the generator of its returns (``synthetic``).
"""

from __future__ import annotations

from pathlib import Path

from ...framework import Report
from ...periods import Period
from .content import BcsspAppendices
from .data import check, coverage

REPORT = Report(
    id="bcssp",
    title="BCSSP annual report: data appendices",
    notebook="bcssp_appendices.ipynb",
    data="bcssp",
    folder=Path(__file__).parent,
    coverage=coverage,
    check=check,
    test_target=("800", Period(2023)),
    content=BcsspAppendices,
)
