"""The BCSSP appendices' data: the partner returns for each year and the partnership's
reference lists (its KPIs with their targets, its agencies), read and checked."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import DataError, ReportError
from ...framework import Target, cached_load
from ...periods import Period

if TYPE_CHECKING:
    import pandas as pd

    from .returns import BcsspReturns

RETURNS = (
    "training_kpis.xlsx",
    "police.csv",
    "adult_safeguarding.xlsx",
    "childrens_social_care.xlsx",
)
LA = "800"  # the partnership covers Bath & North East Somerset
LA_NAME = "Bath and North East Somerset"
SYNTHETIC = "SYNTHETIC"  # a return's Note says so when any of its figures are made up
KPIS = "bcssp_kpis.csv"
AGENCIES = "bcssp_agencies.csv"
KPI_COLUMNS = ("kpi", "staff", "training", "definition", "target_percent")
AGENCY_COLUMNS = ("agency", "name", "role")
STAFF = ("All", "Adults", "Children")

# The constabulary's sections (police.csv, column "section"), by the table that shows each.
POLICE_SECTIONS = {
    "police-missing": "Missing Children",
    "police-safety": "Safety and Anti-Bullying",
    "police-cse": "Child Sexual Exploitation",
    "police-child-protection": "Child Protection",
}
# Rows the prose quotes, by fact id: the return must have them (``check``).
POLICE_FACTS = {
    "missing_children": "Number of Missing Children",
    "missing_reports": "Number of Missing Children Reports",
    "da_crimes": "Number of Domestic Abuse Crimes",
    "child_victims": "Number of Child Victims of Crimes",
    "cse_crimes": "Number of Child Sexual Exploitation Crimes",
    "cp_crimes": "Number of Child Protection Crime (excluding Domestic Abuse Crimes)",
    "neglect_crimes": "Number of Child Protection Crimes for Cruelty and Neglect of Children",
}
ADULT_FACTS = {
    "concerns": "Safeguarding concerns received",
    "people": "People the concerns were about",
    "s42_2": "Concerns progressing to s42(2) enquiries",
    "s42_1": "Concerns progressing to s42(1) enquiries",
    "not_s42": "Concerns not meeting the Care Act s42(1) criteria",
    "closed_s42_2": "Closed s42(2) enquiries",
    "asked": "Closed s42(2) enquiries: adult asked and outcome expressed (%)",
    "achieved": "Closed s42(2) enquiries: outcomes fully achieved (%)",
    "decisions_4_days": "Decisions within 4 days of the concern (%)",
    "planning_10_days": "Planning meetings within 10 days (%)",
}
# Adult figures the published report compares with earlier years (facts <id>_previous and,
# for concerns and asked, <id>_two_years_before).
ADULT_COMPARED = ("concerns", "s42_1", "asked", "achieved", "decisions_4_days")
ADULT_TWO_YEARS = ("concerns", "asked")
CHILD_PROTECTION_FACTS = {
    "cp_plans": "Children subject of a child protection plan at 31 March",
    "cp_plans_18_months": "of whom subject of a plan for more than 18 months",
}


def coverage(data_dir: Path) -> dict[str, tuple[str, ...]]:
    """Periods whose folder holds the returns; the partnership's one LA."""
    if not data_dir.is_dir():
        return {}
    return {
        folder.name: (LA,)
        for folder in sorted(data_dir.iterdir())
        if folder.is_dir()
        and Period.from_time_period(folder.name.replace("-", "")) is not None
        and any((folder / name).is_file() for name in RETURNS)
    }


def reference_dir(data_dir: Path) -> Path:
    return data_dir.parent / "reference"


@cached_load
def load(data_dir: Path, period: Period) -> BcsspReturns:
    from .returns import load_bcssp_returns

    return load_bcssp_returns(data_dir / str(period), reference_dir(data_dir))


def history(data_dir: Path, period: Period) -> dict[Period, BcsspReturns]:
    """The returns for ``period`` and every earlier period in the data, by period."""
    return {
        Period.parse(name): load(data_dir, Period.parse(name))
        for name in coverage(data_dir)
        if Period.parse(name) <= period
    }


def _reference(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    """A reference list with no blank cell in ``columns``."""
    from ...load.files import read_csv
    from ...validate.tables import reject

    hint = "see data/reference/README.md; columns: " + ", ".join(columns)
    frame = read_csv(path, columns, hint=hint)
    for column in columns:
        reject(frame, frame[column] == "", path, column, "is blank")
    return frame


def kpi_list(data_dir: Path) -> pd.DataFrame:
    """The partnership's training KPIs (data/reference/bcssp_kpis.csv): who each covers, what it
    measures and its agreed target (a number from 0 to 100)."""
    import pandas as pd

    from ...validate.tables import reject

    path = reference_dir(data_dir) / KPIS
    kpis = _reference(path, KPI_COLUMNS)
    reject(kpis, ~kpis["staff"].isin(STAFF), path, "staff", "is not one of " + ", ".join(STAFF))
    targets = pd.to_numeric(kpis["target_percent"], errors="coerce")
    reject(
        kpis,
        targets.isna() | (targets < 0) | (targets > 100),
        path,
        "target_percent",
        "is not a percentage",
        "write a number from 0 to 100",
    )
    return kpis.assign(target_percent=targets.astype(float))


def agency_list(data_dir: Path) -> pd.DataFrame:
    """The partner agencies as the returns name them, with full names and what each does
    (data/reference/bcssp_agencies.csv)."""
    return _reference(reference_dir(data_dir) / AGENCIES, AGENCY_COLUMNS)


def _missing(
    frame: pd.DataFrame, column: str, labels: Iterable[str], file: str, sheet: str | None
) -> list[DataError]:
    """An error for each row label the appendices quote that the return lacks."""
    return [
        DataError(
            f"no row {label!r}",
            file=file,
            sheet=sheet,
            column=column,
            hint="keep the row labels of the return template",
        )
        for label in labels
        if label not in set(frame[column])
    ]


def return_errors(returns: BcsspReturns) -> list[DataError]:
    """Every row and section the appendices quote that the returns lack, and every police
    section they would leave out."""
    police = returns.police
    unknown = sorted(set(police["section"]) - set(POLICE_SECTIONS.values()))
    return [
        *(
            DataError(
                f"section {section!r} is not one the appendices show",
                file="police.csv",
                column="section",
                hint="sections: " + ", ".join(POLICE_SECTIONS.values()),
            )
            for section in unknown
        ),
        *_missing(police, "measure", POLICE_FACTS.values(), "police.csv", None),
        *_missing(
            returns.adult_safeguarding,
            "measure",
            ADULT_FACTS.values(),
            "adult_safeguarding.xlsx",
            "Safeguarding adults",
        ),
        *_missing(
            returns.childrens_social_care["Child protection"],
            "Measure",
            CHILD_PROTECTION_FACTS.values(),
            "childrens_social_care.xlsx",
            "Child protection",
        ),
    ]


def check_returns(returns: BcsspReturns) -> None:
    """The rows and sections the appendices quote are in the returns, and no police section is
    one they would leave out: the first that is not, as an error."""
    errors = return_errors(returns)
    if errors:
        raise errors[0]


def gaps(target: Target) -> list[ReportError]:
    """What the data lacks for the target's year, an error each: each partner return not in
    the year's folder, and, when they are all there, every row the appendices quote that
    they lack."""
    folder = target.data_dir / str(target.period)
    found: list[ReportError] = [
        DataError(
            "the partner's return for the year is not there",
            file=folder / name,
            hint="docs/new-year.md says what each year needs",
        )
        for name in RETURNS
        if not (folder / name).is_file()
    ]
    if found:
        return found
    try:
        return [*return_errors(load(target.data_dir, target.period))]
    except ReportError as error:
        return [error]


def check(target: Target) -> None:
    """The returns up to the target's year and the reference lists load and check."""
    kpi_list(target.data_dir)
    agency_list(target.data_dir)
    for returns in history(target.data_dir, target.period).values():
        check_returns(returns)
