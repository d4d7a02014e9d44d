"""The report registry: each report is a notebook, a data folder and one module here.

Each module of this package is a report: its name is the report's id and its ``REPORT`` the
definition, imported the first time it is asked for (a helper module's name starts with ``_``).
So a fourth report touches nothing shared, and ``council-reports new`` needs no reinstall. A
report kept in another package registers an entry point in the ``council_reports.reports``
group::

    [project.entry-points."council_reports.reports"]
    youth_justice = "their_package.youth_justice:REPORT"

A report's module defines its ``Report`` and a ``Content`` subclass: the facts, tables and
figures its notebook shows, computed from the data by the measures. The notebook itself is
prose and calls such as ``report.table("absence-geography")``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, partial, wraps
from importlib import import_module
from importlib.metadata import entry_points
from pathlib import Path
from pkgutil import iter_modules
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from ..errors import ParameterError
from ..periods import Period

T = TypeVar("T")

if TYPE_CHECKING:
    from ..ledger import Ledger
    from ..present.charts import Figure
    from ..present.tables import Table


def _folder_state(folder: Path) -> tuple:
    """What a data folder holds now: each file's path, size and modification time."""
    if not folder.is_dir():
        return ()
    return tuple(
        (str(path), stat.st_size, stat.st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and (stat := path.stat())
    )


LOADS_KEPT = 8  # per loader: the years of a batch, or a check and the notebook after it


def cached_load(load: Callable[..., T]) -> Callable[..., T]:
    """Remember a loader's recent results while its data folder (and the shared reference
    folder beside it) is unchanged, so checking the data before a build and the notebook's own
    load do the work once, and a batch of years reads each year once. Each caller gets its own
    deep copy: nothing one build does to the data reaches the next."""
    remembered: dict[tuple, T] = {}

    @wraps(load)
    def cached(data_dir: Path, *args: Any) -> T:
        folder = Path(data_dir).resolve()
        key = (folder, args, _folder_state(folder), _folder_state(folder.parent / "reference"))
        if key not in remembered:
            while len(remembered) >= LOADS_KEPT:
                remembered.pop(next(iter(remembered)))  # the oldest
            remembered[key] = load(data_dir, *args)
        return copy.deepcopy(remembered[key])

    return cached


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

    def shown(self, table: Table) -> Table:
        """``table`` as this build's audience sees it: a count the prose quotes from a table is
        read from here, so the prose never gives away a cell the table suppresses."""
        from ..present.disclosure import for_audience

        return for_audience(table, self.context.publish)

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


def _module_report(name: str) -> object:
    """The ``REPORT`` of this package's module ``name`` (None when it has none)."""
    return getattr(import_module(f"{__name__}.{name}"), "REPORT", None)


@cache
def _registry() -> dict[str, Callable[[], object]]:
    """How to load each report, by id: this package's modules, then other packages' entry
    points. Nothing is imported until a report is asked for."""
    found: dict[str, Callable[[], object]] = {
        module.name: partial(_module_report, module.name)
        for module in iter_modules(__path__)
        if not module.name.startswith("_")
    }
    for entry in entry_points(group="council_reports.reports"):
        found.setdefault(entry.name, entry.load)
    return found


def report_ids() -> list[str]:
    return sorted(_registry())


def get_report(report_id: str) -> Report:
    """The report registered as ``report_id``; a ParameterError lists the ones there are."""
    load = _registry().get(report_id)
    if load is None:
        raise ParameterError(
            f"unknown report {report_id!r}", hint="reports: " + ", ".join(report_ids())
        )
    report = load()
    if not isinstance(report, Report) or report.id != report_id:
        raise TypeError(f"report {report_id}: REPORT is not a Report with id {report_id!r}")
    return report
