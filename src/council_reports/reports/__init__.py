"""The report registry: each report is a notebook, a data folder and one module here.

Reports are registered as entry points in the ``council_reports.reports`` group and loaded the
first time they are asked for, so a fourth report touches nothing shared::

    [project.entry-points."council_reports.reports"]
    attendance = "council_reports.reports.attendance:REPORT"

A report's module defines its ``Report`` and a ``Content`` subclass: the facts, tables and
figures its notebook shows, computed from the data by the measures. The notebook itself is
prose and calls such as ``report.table("absence-geography")``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ..errors import ParameterError
from ..periods import Period

if TYPE_CHECKING:
    from ..ledger import Ledger
    from ..present.charts import Figure
    from ..present.tables import Table


@dataclass(frozen=True)
class Context:
    """What a report is built for: an LA, a period, and where its data is."""

    la: str
    period: Period
    data_dir: Path
    publish: str = "committee"  # or "public": small counts suppressed (present.disclosure)


def table(id: str) -> Callable[[Callable[..., Table]], Callable[..., Table]]:
    """Mark a Content method as the builder of table ``id``."""

    def mark(method: Callable[..., Table]) -> Callable[..., Table]:
        method.__dict__["output"] = ("table", id)
        return method

    return mark


def figure(id: str) -> Callable[[Callable[..., Figure]], Callable[..., Figure]]:
    """Mark a Content method as the builder of figure ``id``."""

    def mark(method: Callable[..., Figure]) -> Callable[..., Figure]:
        method.__dict__["output"] = ("figure", id)
        return method

    return mark


class Content:
    """The facts, tables and figures of one report for one LA and period.

    A subclass loads its data in ``__init__``, records its named facts in ``record`` and marks
    its table and figure builders with ``@table("id")`` / ``@figure("id")``; the notebook asks
    for them by id.
    """

    outputs: ClassVar[dict[tuple[str, str], str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.outputs = {
            method.__dict__["output"]: name
            for klass in reversed(cls.__mro__)
            for name, method in vars(klass).items()
            if callable(method) and "output" in getattr(method, "__dict__", {})
        }

    def __init__(self, context: Context) -> None:
        self.context = context

    @property
    def synthetic(self) -> bool:
        """Whether any figure in this build is made up (the document then says so)."""
        return False

    def words(self) -> Mapping[str, str]:
        """Names the title, prose and cover report use, such as ``la_name``."""
        return {}

    def record(self, facts: Ledger) -> None:
        """Record the report's named facts."""

    def build(self, kind: str, id: str) -> Table | Figure | None:
        """The table or figure ``id`` (None when the period's data has none); a ParameterError
        lists the ones there are."""
        name = self.outputs.get((kind, id))
        if name is None:
            known = sorted(i for k, i in self.outputs if k == kind)
            raise ParameterError(
                f"no {kind} {id!r} in this report", hint=f"{kind}s: " + ", ".join(known)
            )
        return getattr(self, name)()


@dataclass(frozen=True)
class Report:
    """What the pipeline needs to know about one report.

    ``coverage(data_dir)`` lists the periods and LAs the bundled data can build, reading as little
    as it can (it runs for ``list`` and before every build). ``check(data_dir, la, period)`` loads
    and validates everything the notebook will read, raising DataError or ParameterError, so
    mistakes are reported before the notebook runs.
    """

    id: str
    title: str
    notebook: str
    data: str
    cover: str
    coverage: Callable[[Path], Mapping[str, tuple[str, ...]]]
    check: Callable[[Path, str, Period], None]
    content: type[Content] = Content
    formats: tuple[str, ...] = ("html", "docx", "pdf")
    inputs: tuple[str, ...] = field(default=("reference",))
    slides: str | None = None  # templates/ path of the presentation's settings, if it has one

    def data_dir(self, data_root: Path) -> Path:
        return data_root / self.data


@cache
def _registry() -> dict[str, Any]:
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
