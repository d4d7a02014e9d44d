"""What a report is, and the registry that finds them.

Each report is a package under ``council_reports.reports`` whose ``REPORT`` is its definition;
nothing is imported until a report is asked for, and no other part of council-reports imports a
report. So a fourth report touches nothing shared, and ``council-reports new`` needs no
reinstall. A report kept in another package registers an entry point in the
``council_reports.reports`` group::

    [project.entry-points."council_reports.reports"]
    youth_justice = "their_package.youth_justice:REPORT"
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, partial
from importlib import import_module
from importlib.metadata import entry_points
from pathlib import Path
from pkgutil import iter_modules

from ..errors import ParameterError, ReportError, TargetError, choices
from ..periods import Period
from .content import Content
from .target import Target

REPORTS = "council_reports.reports"  # the package whose subpackages are reports
COVER = "cover.yml"  # a report's cover report settings, in its own folder
SLIDES = "slides.yml"  # its presentation's, if it has one


@dataclass(frozen=True)
class Report:
    """What the pipeline needs to know about one report.

    ``coverage(data_dir)`` lists the periods and LAs the bundled data can build, reading as little
    as it can (it runs for ``list`` and before every build). ``check(target)`` loads and validates
    everything the notebook will read, raising DataError or ParameterError, so mistakes are
    reported before the notebook runs. ``folder`` is the report's own folder: its cover report
    settings (cover.yml) and, if ``slides``, its presentation's (slides.yml) are there.
    ``test_target`` is the LA and period the cross-report tests build. ``gaps(target)`` lists
    what the data lacks for the target's year (a file with no rows for it, a return not there),
    an error each, for ``council-reports check``; the build goes on without them, and the
    report says what it does not have. ``settings`` names the keys of cover.yml the notebook
    reads (so a change to them runs it again).
    """

    id: str
    title: str
    notebook: str
    data: str
    folder: Path
    coverage: Callable[[Path], Mapping[str, tuple[str, ...]]]
    check: Callable[[Target], None]
    test_target: tuple[str, Period]
    content: type[Content] = Content
    formats: tuple[str, ...] = ("html", "docx", "pdf")
    inputs: tuple[str, ...] = field(default=("reference",))
    slides: bool = False
    gaps: Callable[[Target], list[ReportError]] = field(default=lambda _: [])
    settings: tuple[str, ...] = ()

    def data_dir(self, data_root: Path) -> Path:
        return data_root / self.data

    def require(
        self, target: Target, coverage: Mapping[str, tuple[str, ...]] | None = None
    ) -> None:
        """A TargetError unless the data holds the target's LA and period (``coverage``,
        when the caller has read it already)."""
        coverage = self.coverage(target.data_dir) if coverage is None else coverage
        if not coverage:
            raise TargetError(
                f"no {self.id} data found", file=target.data_dir, hint="see the data's README"
            )
        las = coverage.get(str(target.period))
        if not las:
            raise TargetError(
                f"no {self.id} data for {target.period}",
                hint="periods in the data: " + ", ".join(coverage),
            )
        if target.la not in las:
            raise TargetError(
                f"no {self.id} data for LA {target.la!r} in {target.period}",
                hint=choices("LA", las),
            )

    @property
    def cover(self) -> Path:
        return self.folder / COVER

    @property
    def slides_settings(self) -> Path | None:
        return self.folder / SLIDES if self.slides else None


def _package_report(name: str) -> object:
    """The ``REPORT`` of report package ``name`` (None when it has none)."""
    return getattr(import_module(f"{REPORTS}.{name}"), "REPORT", None)


@cache
def _registry() -> dict[str, Callable[[], object]]:
    """How to load each report, by id: the report packages, then other packages' entry points.
    Nothing is imported until a report is asked for."""
    found: dict[str, Callable[[], object]] = {
        module.name: partial(_package_report, module.name)
        for module in iter_modules(import_module(REPORTS).__path__)
        if module.ispkg and not module.name.startswith("_")
    }
    for entry in entry_points(group=REPORTS):
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
