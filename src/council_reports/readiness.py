"""Is a year's data ready for its report? ``council-reports check REPORT --period P``: every
problem at once, one line each, before the build (which would stop at the first data error, or
build a report saying what it lacks).

    for problem in problems(project, "iro", "800", Period(2025)):
        print(problem)        # data/iro/service/drp_log.csv: no entries ... for 2025-26 ...
"""

from __future__ import annotations

import warnings

from .errors import DataWarning, ReportError
from .framework import get_report
from .periods import Period
from .planning import plan_target
from .project import Project


def problems(project: Project, report_id: str, la: str, period: Period) -> list[ReportError]:
    """What is missing or wrong in the data for one report, LA and year: whether the data has
    the year at all, the report's checks (loading stops at a file's first error), and what the
    report's ``gaps`` finds missing; each problem once, and a file a gap names only as the
    gap names it."""
    report = get_report(report_id)
    target = plan_target(project, report, la, period, None)
    checked: list[ReportError] = []
    try:
        report.require(target)
        with warnings.catch_warnings():  # a check that cannot run is a gap: said there
            warnings.simplefilter("ignore", DataWarning)
            report.check(target)
    except ReportError as error:
        checked += error.each()
    gaps = report.gaps(target)
    named = {str(gap.file) for gap in gaps if gap.file is not None}
    said: set[str] = set()
    unique = []
    for problem in [*(e for e in checked if str(e.file) not in named), *gaps]:
        if problem.line() not in said:
            said.add(problem.line())
            unique.append(problem)
    return unique
