"""The Independent Reviewing Officer (IRO) annual report: children looked after, from the
SSDA903 return (synthetic in this repository) and the IRO service's own records."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..errors import ParameterError
from ..periods import Period
from . import Report

if TYPE_CHECKING:
    import pandas as pd

    from ..load.ssda903 import SSDA903

LA = "800"  # the bundled return is B&NES's


def coverage(data_dir: Path) -> dict[str, tuple[str, ...]]:
    root = data_dir / "ssda903"
    if not root.is_dir():
        return {}
    return {
        p.name: (LA,)
        for p in sorted(root.iterdir())
        if p.is_dir() and (p / "episodes.csv").is_file()
    }


def load(data_dir: Path, period: Period) -> dict[str, SSDA903]:
    """Every collection year up to ``period`` (Table 1 looks back over them)."""
    from ..validate.ssda903 import load_ssda903

    root = data_dir / "ssda903"
    return {
        name: load_ssda903(root / name)
        for name in coverage(data_dir)
        if Period.parse(name) <= period
    }


# The measures the service sets targets for (data/iro/service/targets.csv), by fact id.
TARGET_MEASURES = {
    "reviews_on_time_share": "Reviews held within statutory timescales",
    "records_on_time_share": "Review records distributed within 20 working days",
    "sw_reports_on_time_share": "Reviews with the social work report 3 working days before",
}


class ServiceRecords(NamedTuple):
    drp_log: pd.DataFrame
    population: pd.DataFrame
    review_records: pd.DataFrame
    disability: pd.DataFrame
    sw_reports: pd.DataFrame
    targets: pd.DataFrame
    internal_audit: pd.DataFrame
    development_areas: pd.DataFrame


def service_records(data_dir: Path) -> ServiceRecords:
    """The IRO service's own records (data/iro/service)."""
    from ..validate import iro_service as read

    folder = data_dir / "service"
    return ServiceRecords(
        read.read_drp_log(folder / "drp_log.csv"),
        read.read_population(folder / "population.csv"),
        read.read_review_records(folder / "review_records.csv"),
        read.read_disability(folder / "disability.csv"),
        read.read_sw_reports(folder / "sw_reports.csv"),
        read.read_targets(folder / "targets.csv", TARGET_MEASURES),
        read.read_statements(
            folder / "internal_audit.csv", ("assessment", "objective", "overall", "source")
        ),
        read.read_statements(folder / "development_areas.csv", ("area", "action", "source")),
    )


def check(data_dir: Path, la: str, period: Period) -> None:
    from ..validate.iro_service import check_service_records

    years = coverage(data_dir)
    if str(period) not in years:
        raise ParameterError(f"no 903 return for {period}", hint="years: " + ", ".join(years))
    if la not in years[str(period)]:
        raise ParameterError(f"no 903 return for LA {la!r}", hint=f"LAs: {LA}")
    records = service_records(data_dir)
    check_service_records(
        data_dir / "service",
        load(data_dir, Period.parse(max(years))),
        disability=records.disability,
        review_records=records.review_records,
        sw_reports=records.sw_reports,
    )


REPORT = Report(
    id="iro",
    title="Independent Reviewing Officer annual report",
    notebook="iro_annual_report.ipynb",
    data="iro",
    cover="cover/iro.yml",
    slides="slides/iro.yml",
    coverage=coverage,
    check=check,
)
