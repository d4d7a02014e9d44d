"""The framework a report is written in: its definition and registry (``Report``), the target
it is built for (``Target``) and its content (``Content`` with ``@table`` and ``@figure``)."""

from .content import Content, cached_load, figure, table
from .registry import Report, get_report, report_ids
from .target import Target

__all__ = [
    "Content",
    "Report",
    "Target",
    "cached_load",
    "figure",
    "get_report",
    "report_ids",
    "table",
]
