"""The report registry: each report is a notebook, a data folder and a few functions.

Reports are registered as entry points in the ``council_reports.reports`` group and loaded the
first time they are asked for, so a fourth report touches nothing shared::

    [project.entry-points."council_reports.reports"]
    attendance = "council_reports.reports.attendance:REPORT"
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path

from ..errors import ParameterError
from ..periods import Period


@dataclass(frozen=True)
class Report:
    """What the pipeline needs to know about one report.

    ``coverage(data_dir)`` lists the periods and LAs the bundled data can build, reading as little
    as it can (it runs for ``list`` and before every build). ``check(data_dir, la, period)`` loads
    and validates everything the notebook will read, raising DataError or ParameterError, so
    mistakes are reported before a kernel starts.
    """

    id: str
    title: str
    notebook: str
    data: str
    cover: str
    coverage: Callable[[Path], Mapping[str, tuple[str, ...]]]
    check: Callable[[Path, str, Period], None]
    formats: tuple[str, ...] = ("html", "docx", "pdf")
    inputs: tuple[str, ...] = field(default=("reference",))
    slides: str | None = None  # templates/ path of the presentation's settings, if it has one

    def data_dir(self, data_root: Path) -> Path:
        return data_root / self.data


@cache
def _registry() -> dict[str, object]:
    return {ep.name: ep for ep in entry_points(group="council_reports.reports")}


def report_ids() -> list[str]:
    return sorted(_registry())


def get_report(report_id: str) -> Report:
    """The report registered as ``report_id``; a ParameterError lists the ones there are."""
    entry = _registry().get(report_id)
    if entry is None:
        raise ParameterError(
            f"unknown report {report_id!r}", hint="reports: " + ", ".join(report_ids())
        )
    report = entry.load()
    if not isinstance(report, Report):
        raise TypeError(f"entry point {report_id} is not a Report")
    return report
