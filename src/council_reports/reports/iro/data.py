"""The IRO report's data: the SSDA903 return for each year and the IRO service's own records,
read and checked."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ...framework import Target, cached_load
from ...periods import Period

if TYPE_CHECKING:
    import pandas as pd

    from ...load.ssda903 import SSDA903

LA = "800"  # the bundled return is B&NES's
LA_NAME = "Bath and North East Somerset"


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
    root = data_dir / "ssda903"
    return {
        name: _load_year(root / name) for name in coverage(data_dir) if Period.parse(name) <= period
    }


@cached_load
def _load_year(folder: Path) -> SSDA903:
    """One collection year, read once while its files are unchanged (a batch of years reads
    each year once)."""
    from ...validate.ssda903 import load_ssda903

    return load_ssda903(folder)


# The measures the service sets targets for (data/iro/service/targets.csv), by fact id.
TARGET_MEASURES = {
    "reviews_on_time_share": "Reviews held within statutory timescales",
    "records_on_time_share": "Review records distributed within 20 working days",
    "sw_reports_on_time_share": "Reviews with the social work report 3 working days before",
}
# England's figures the report uses (data/iro/service/national.csv), by measure: the count and
# rate every year; the shares the DfE publishes (as in looked_after.PUBLISHED_GROUPS) and the
# main needs.
NATIONAL_MEASURES = (
    "children_in_care",
    "rate_per_10000",
    "male",
    "female",
    "white",
    "mixed",
    "black",
    "asian",
    "other_ethnic_group",
    "ethnicity_not_known",
    "care_order",
    "section_20",
    "placement_order",
    "need_abuse_or_neglect",
    "need_family_dysfunction",
    "need_absent_parenting",
    "need_disability",
    "need_parental_illness_or_disability",
)
# Where unaccompanied children are placed: B&NES and Bristol by name ("Keynsham or Bristol",
# report 10.3), by ONS code.
NEARBY = {"E06000022": LA_NAME, "E06000023": "Bristol"}


class ServiceRecords(NamedTuple):
    """The IRO service's own records (data/iro/service), each read and checked."""

    drp_log: pd.DataFrame
    population: pd.DataFrame
    review_records: pd.DataFrame
    disability: pd.DataFrame
    targets: pd.DataFrame
    national: pd.DataFrame
    staffing: pd.DataFrame
    midway_reviews: pd.DataFrame
    responsibilities: pd.DataFrame
    sw_report_audits: pd.DataFrame
    returned_home: pd.DataFrame
    internal_audit: pd.DataFrame
    audit_findings: pd.DataFrame
    audit_recommendations: pd.DataFrame
    development_areas: pd.DataFrame
    development_updates: pd.DataFrame
    feedback: pd.DataFrame
    complaints: pd.DataFrame
    quality_assurance: pd.DataFrame
    synthetic: dict[str, str]  # file: what is made up in it (SYNTHETIC.txt)


@cached_load
def service_records(data_dir: Path) -> ServiceRecords:
    """The IRO service's own records (data/iro/service)."""
    from . import service_records as read

    folder = data_dir / "service"
    return ServiceRecords(
        drp_log=read.read_drp_log(folder / "drp_log.csv"),
        population=read.read_population(folder / "population.csv"),
        review_records=read.read_review_records(folder / "review_records.csv"),
        disability=read.read_disability(folder / "disability.csv"),
        targets=read.read_targets(folder / "targets.csv", TARGET_MEASURES),
        national=read.read_national(folder / "national.csv", NATIONAL_MEASURES),
        staffing=read.read_figures(
            folder / "staffing.csv",
            ("quarter",),
            ("fte", "left", "joined", "agency", "reallocated"),
        ),
        midway_reviews=read.read_midway_reviews(folder / "midway_reviews.csv"),
        responsibilities=read.read_statements(
            folder / "responsibilities.csv", ("part", "responsibility", "source")
        ),
        sw_report_audits=read.read_figures(
            folder / "sw_report_audits.csv",
            ("month",),
            ("reviews", "with_report", "three_days_before"),
        ),
        returned_home=read.read_figures(
            folder / "returned_home.csv", ("circumstance",), ("children",)
        ),
        internal_audit=read.read_statements(
            folder / "internal_audit.csv", ("assessment", "objective", "overall", "source")
        ),
        audit_findings=read.read_statements(folder / "audit_findings.csv", ("finding", "source")),
        audit_recommendations=read.read_statements(
            folder / "audit_recommendations.csv", ("risk", "recommendation", "source")
        ),
        development_areas=read.read_statements(
            folder / "development_areas.csv", ("area", "action", "source")
        ),
        development_updates=read.read_statements(
            folder / "development_updates.csv", ("area", "update", "source")
        ),
        feedback=read.read_statements(folder / "feedback.csv", ("from", "feedback", "source")),
        complaints=read.read_statements(
            folder / "complaints.csv", ("from", "complaint", "outcome", "learning", "source")
        ),
        quality_assurance=read.read_statements(
            folder / "quality_assurance.csv", ("concern", "detail", "source")
        ),
        synthetic=read.read_synthetic_notes(folder),
    )


def check(target: Target) -> None:
    """The returns and the service's records load and check, the records against the latest
    return, and the published figures list reads."""
    from ...validate.published import PUBLISHED, read_published
    from .service_records import check_service_records

    data_dir = target.data_dir
    records = service_records(data_dir)
    check_service_records(
        data_dir / "service",
        load(data_dir, Period.parse(max(coverage(data_dir)))),
        disability=records.disability,
        review_records=records.review_records,
    )
    read_published(data_dir / PUBLISHED)
