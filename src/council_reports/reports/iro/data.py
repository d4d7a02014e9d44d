"""The IRO report's data: the SSDA903 return for each year and the IRO service's own records,
read and checked."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ...errors import DataError, DataWarning, ParameterError, ReportError, ReportErrors
from ...framework import Target, cached_load, get_report
from ...periods import Period

if TYPE_CHECKING:
    import pandas as pd

    from ...load.ssda903 import SSDA903
    from ...validate.rules903 import BrokenRule

LA = "800"  # the bundled return is B&NES's
LA_NAME = "Bath and North East Somerset"
LA_CODE = "E06000022"  # its ONS code, as the DfE's 903 rules name an LA
# The report's setting (cover.yml) for a return that breaks the DfE's 903 rules: refuse to
# build from it, or build and list the rules it breaks under "About these figures".
RULES = "dfe_903_rules"
RULES_CHOICES = ("refuse", "report")


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
# The files of a year's 903 return, and what each holds.
RETURN_FILES = {
    "header.csv": "the children",
    "episodes.csv": "their episodes of care",
    "reviews.csv": "their reviews",
    "uasc.csv": "unaccompanied asylum-seeking children",
    "missing.csv": "missing episodes",
}
# The service's yearly records (data/iro/service), what each holds, the column that says which
# year a row is for (a year, or a date in it) and for which year after the report's it is kept
# (targets and areas for development are for the year ahead). A record the service kept before
# the report's year and has no rows for it is a gap.
YEARLY_RECORDS = (
    ("drp_log.csv", "the dispute resolution protocol log", "raised", 0),
    ("review_records.csv", "when review records were distributed", "REVIEW", 0),
    ("staffing.csv", "staffing", "year", 0),
    ("midway_reviews.csv", "midway reviews", "year", 0),
    ("sw_report_audits.csv", "audits of social work reports", "year", 0),
    ("returned_home.csv", "children who returned home", "year", 0),
    ("national.csv", "England's published figures", "year", 0),
    ("feedback.csv", "feedback", "year", 0),
    ("complaints.csv", "complaints", "year", 0),
    ("quality_assurance.csv", "quality assurance concerns", "year", 0),
    ("internal_audit.csv", "internal audit", "year", 0),
    ("audit_findings.csv", "internal audit findings", "year", 0),
    ("audit_recommendations.csv", "internal audit recommendations", "year", 0),
    ("development_updates.csv", "progress on the areas for development", "year", 0),
    ("development_areas.csv", "areas for development", "year", 1),
    ("targets.csv", "targets", "year", 1),
)
NEW_YEAR = "docs/new-year.md says what each year needs"
RULES_HINT = f"correct the return, or set {RULES}: report in the report's cover.yml to list them"
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


def rules_setting(target: Target) -> str:
    """What the council has chosen to do with a return that breaks the DfE's 903 rules:
    ``refuse`` (the default) or ``report``."""
    from ...present.cover import read_cover

    cover = get_report(target.report).cover
    chosen = read_cover(cover, target.period, (RULES,)).get(RULES, "refuse")
    if chosen not in RULES_CHOICES:
        raise ParameterError(
            f"{RULES} is {str(chosen)[:40]!r}", file=cover, hint="refuse or report"
        )
    return str(chosen)


def broken_rules(target: Target) -> list[BrokenRule] | None:
    """The DfE's 903 rules each return year the report reads breaks (each year against the one
    before); None when the rules' environment is missing."""
    from ...validate import rules903

    years = [name for name in coverage(target.data_dir) if Period.parse(name) <= target.period]
    return rules903.broken_rules(target.data_dir / "ssda903", years, la=LA_CODE)


def gaps(target: Target) -> list[ReportError]:
    """What the data lacks for the target's year, an error each: the return's files, the
    year before's return, the service's yearly records it kept before, the LA's population,
    and the DfE's 903 rules the return years break (or that they cannot run)."""
    from ...validate import rules903

    root = target.data_dir / "ssda903"
    folder = root / str(target.period)
    found: list[ReportError] = [
        DataError(f"the {target.period} return has no {name} ({what})", file=folder, hint=NEW_YEAR)
        for name, what in RETURN_FILES.items()
        if not (folder / name).is_file()
    ]
    complete = not found
    years = [Period.parse(name) for name in coverage(target.data_dir)]
    if any(year < target.period.previous for year in years) and target.period.previous not in years:
        found.append(
            DataError(
                f"no {target.period.previous} return: this year's figures cannot be set against "
                "last year's, nor the rules that compare years run",
                file=root,
                hint=NEW_YEAR,
            )
        )
    try:
        records = service_records(target.data_dir)
    except ReportError as error:
        return [*found, error]
    for name, what, column, ahead in YEARLY_RECORDS:
        frame = getattr(records, name.removesuffix(".csv"))
        wanted = Period(target.period.start_year + ahead)
        kept = {year for year in map(_year_of, frame[column]) if year is not None}
        if wanted not in kept and any(year < wanted for year in kept):
            found.append(
                DataError(
                    f"no rows for {wanted} ({what}); the latest are for {max(kept)}",
                    file=target.data_dir / "service" / name,
                    hint=NEW_YEAR,
                )
            )
    if LA not in records.population.index:
        found.append(
            DataError(
                f"no population for LA {LA}: the rate in care cannot be worked out",
                file=target.data_dir / "service" / "population.csv",
                hint=NEW_YEAR,
            )
        )
    if complete:
        broken = broken_rules(target)
        if broken is None:
            found.append(DataError(rules903.missing_line()))
        else:
            found += rules903.rule_errors(root, broken, RULES_HINT)
    return found


def _year_of(value: object) -> Period | None:
    """The year a service record's row is for: its year (2024-25), or the financial year its
    date falls in; None for neither."""
    import pandas as pd

    if isinstance(value, pd.Timestamp) and not pd.isna(value):
        return Period(value.year if value.month >= 4 else value.year - 1)
    try:
        return Period.parse(str(value))
    except ReportError:
        return None


def check(target: Target) -> None:
    """The returns and the service's records load and check, the records against the latest
    return, the published figures list and the DfE's national figures read; then the DfE's 903
    rules run on the return years the report reads: a return that breaks them is refused, a
    line per rule, unless the council has set ``dfe_903_rules: report`` (the report then lists
    them)."""
    from ...validate import rules903
    from ...validate.national import national_data
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
    national_data(data_dir.parent / "national")  # the DfE's figures the national picture reads
    setting = rules_setting(target)
    broken = broken_rules(target)
    if broken is None:
        warnings.warn(rules903.missing_line(), DataWarning, stacklevel=2)
    elif broken and setting == "refuse":
        raise ReportErrors.of(rules903.rule_errors(data_dir / "ssda903", broken, RULES_HINT))
