"""The BCSSP appendices' data: the partner returns for each year and the partnership's
reference lists (its KPIs with their targets, its agencies), read and checked."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import DataError
from ...framework import Target, cached_load
from ...periods import Period

if TYPE_CHECKING:
    import pandas as pd

    from .returns import BcsspReturns

RETURNS = (
    "training_kpis.xlsx",
    "police.csv",
    "police_activity.csv",
    "adult_safeguarding.xlsx",
    "childrens_social_care.xlsx",
)
LA = "800"  # the partnership covers Bath & North East Somerset
LA_NAME = "Bath and North East Somerset"
SYNTHETIC = "SYNTHETIC"  # a return's Note says so when any of its figures are made up
AS_PUBLISHED = "as published"  # and this (in any case) when its figures are the published ones
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
# police_activity.csv: its sections by the table that shows each, and the figures the prose
# quotes, by fact id: (measure, column); the return must give each (``check``).
ACTIVITY = "police_activity.csv"
KPI_RETURN = "training_kpis.xlsx"
CONFERENCES = "Initial Child Protection Conferences"
PROTECTION = "Police Protection Powers"
CUSTODY = "Children in Custody"
POLICE_ACTIVITY_SECTIONS = {
    "police-conferences": CONFERENCES,
    "police-protection": PROTECTION,
    "police-custody": CUSTODY,
}
HELD = "Conferences held"
INVITED = "Conferences the police were invited to"
ATTENDED = "Conferences the police attended"
FORCE = "Uses of police protection powers, force area"
LINKED = "Uses linked to a beat code in B&NES"
UNLINKED = "Uses not linked to any beat code, force area"
ARRESTED = "Children under 18 arrested and brought into custody (latest address in B&NES)"
CHARGED = "of whom charged and detained"
POLICE_ACTIVITY_FACTS = {
    "conferences_held": (HELD, "current"),
    "conferences_attended": (ATTENDED, "current"),
    "conferences_q4_invited": (INVITED, "fourth_quarter"),
    "conferences_q4_attended": (ATTENDED, "fourth_quarter"),
    "protection_force": (FORCE, "current"),
    "protection_force_previous": (FORCE, "previous"),
    "protection_bnes": (LINKED, "current"),
    "protection_bnes_previous": (LINKED, "previous"),
    "protection_unlinked": (UNLINKED, "current"),
    "protection_unlinked_previous": (UNLINKED, "previous"),
    "custody_arrested": (ARRESTED, "current"),
    "custody_charged": (CHARGED, "current"),
    "custody_q4_arrested": (ARRESTED, "fourth_quarter"),
    "custody_q4_charged": (CHARGED, "fourth_quarter"),
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
# for concerns and asked, <id>_two_years_before), from each return's "Year before" column.
ADULT_COMPARED = ("concerns", "s42_1", "asked", "achieved", "decisions_4_days")
ADULT_TWO_YEARS = ("concerns", "asked")
# The outcomes of the year's concerns, which the published report says account for them all.
ADULT_OUTCOMES = ("s42_2", "s42_1", "not_s42")
CP = "childrens_social_care.xlsx:Child protection"
CIN = "childrens_social_care.xlsx:Child in need plans"
CONFERENCE = "Child protection enquiries leading to an initial conference"
CHILD_PROTECTION_FACTS = {
    "cp_plans": "Children subject of a child protection plan at 31 March",
    "cp_plans_18_months": "of whom subject of a plan for more than 18 months",
    "cp_conference_lowest": f"{CONFERENCE}: lowest (%)",
    "cp_conference_highest": f"{CONFERENCE}: highest (%)",
}
CHILD_IN_NEED_FACTS = {
    "cin_step_down": (
        "Children with a child in need service who step down from children's social care (%)"
    ),
}
# police_activity.csv's periods, as its tables head their columns
PERIOD_HEADINGS = {
    "current": "Last 12 months",
    "previous": "Previous 12 months",
    "fourth_quarter": "Fourth quarter",
}
# Figures that are part of another in the same return: (return or return:sheet, the part as
# (measure, column), the whole). A part larger than its whole is a mistake in the return.
PARTS_OF_A_WHOLE = (
    (ACTIVITY, (ATTENDED, "current"), (HELD, "current")),
    (ACTIVITY, (ATTENDED, "fourth_quarter"), (INVITED, "fourth_quarter")),
    (ACTIVITY, (LINKED, "current"), (FORCE, "current")),
    (ACTIVITY, (LINKED, "previous"), (FORCE, "previous")),
    (ACTIVITY, (UNLINKED, "current"), (FORCE, "current")),
    (ACTIVITY, (UNLINKED, "previous"), (FORCE, "previous")),
    (ACTIVITY, (CHARGED, "current"), (ARRESTED, "current")),
    (ACTIVITY, (CHARGED, "fourth_quarter"), (ARRESTED, "fourth_quarter")),
    (ACTIVITY, (ARRESTED, "fourth_quarter"), (ARRESTED, "current")),
    (
        CP,
        (CHILD_PROTECTION_FACTS["cp_plans_18_months"], "value"),
        (CHILD_PROTECTION_FACTS["cp_plans"], "value"),
    ),
    (
        CP,
        (CHILD_PROTECTION_FACTS["cp_conference_lowest"], "value"),
        (CHILD_PROTECTION_FACTS["cp_conference_highest"], "value"),
    ),
)


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


def _require(
    frame: pd.DataFrame, column: str, labels: Iterable[str], file: str, sheet: str | None
) -> None:
    """Each row label the appendices quote is in the return."""
    for label in labels:
        if label not in set(frame[column]):
            raise DataError(
                f"no row {label!r}",
                file=file,
                sheet=sheet,
                column=column,
                hint="keep the row labels of the return template",
            )


def _sections(frame: pd.DataFrame, sections: Iterable[str], file: str) -> None:
    """Every section of a police return is one the appendices show."""
    unknown = sorted(set(frame["section"]) - set(sections))
    if unknown:
        raise DataError(
            f"section {unknown[0]!r} is not one the appendices show",
            file=file,
            column="section",
            hint="sections: " + ", ".join(sections),
        )


def _figures(returns: BcsspReturns, source: str) -> pd.DataFrame:
    """A return's figures (or a sheet's, ``file:sheet``) by measure."""
    file, _, sheet = source.partition(":")
    frames = {
        ACTIVITY: returns.police_activity,
        "adult_safeguarding.xlsx": returns.adult_safeguarding,
        "childrens_social_care.xlsx": returns.childrens_social_care.get(sheet),
    }
    return frames[file].set_index("measure")


def _given(returns: BcsspReturns, source: str, wanted: Iterable[tuple[str, str]]) -> None:
    """Each (measure, column) the appendices quote holds a figure (it may not be blank)."""
    import pandas as pd

    frame = _figures(returns, source)
    for measure, column in wanted:
        if pd.isna(frame.at[measure, column]):
            raise returns.cells[(source, measure, column)].error(
                f"{measure} has no figure for the {PERIOD_HEADINGS[column].lower()}",
                "the appendices quote it: give the constabulary's figure",
            )


def _named(figure: tuple[str, str], quoted: bool = False) -> str:
    """A (measure, column) as an error names it: the measure, and its period if it has one."""
    measure, column = figure
    period = f" ({PERIOD_HEADINGS[column].lower()})" if column in PERIOD_HEADINGS else ""
    return f"{measure!r}{period}" if quoted else f"{measure}{period}"


def _parts_within_wholes(returns: BcsspReturns) -> None:
    """No figure is larger than the whole it is part of (``PARTS_OF_A_WHOLE``)."""
    for source, part, whole in PARTS_OF_A_WHOLE:
        frame = _figures(returns, source)
        value, total = frame.at[part], frame.at[whole]
        if value > total:  # a blank (NaN) is never larger
            raise returns.cells[(source, *part)].error(
                f"{_named(part)} is {value:g}, more than the {total:g} of {_named(whole, True)}",
                "a part cannot be larger than its whole: check both figures",
            )


def check_returns(returns: BcsspReturns) -> None:
    """The rows and sections the appendices quote are in the returns, each with its figure, no
    police section is one they would leave out, and no part is larger than its whole."""
    _sections(returns.police, POLICE_SECTIONS.values(), "police.csv")
    _require(returns.police, "measure", POLICE_FACTS.values(), "police.csv", None)
    activity = returns.police_activity
    _sections(activity, POLICE_ACTIVITY_SECTIONS.values(), ACTIVITY)
    wanted = POLICE_ACTIVITY_FACTS.values()
    _require(activity, "measure", dict.fromkeys(m for m, _ in wanted), ACTIVITY, None)
    _given(returns, ACTIVITY, wanted)
    _require(
        returns.adult_safeguarding,
        "measure",
        ADULT_FACTS.values(),
        "adult_safeguarding.xlsx",
        "Safeguarding adults",
    )
    for source, facts in ((CP, CHILD_PROTECTION_FACTS), (CIN, CHILD_IN_NEED_FACTS)):
        file, sheet = source.split(":")
        sheets = returns.childrens_social_care
        _require(sheets[sheet], "measure", facts.values(), file, sheet)
    _parts_within_wholes(returns)


def check(target: Target) -> None:
    """The returns up to the target's year and the reference lists load and check."""
    kpi_list(target.data_dir)
    agency_list(target.data_dir)
    for returns in history(target.data_dir, target.period).values():
        check_returns(returns)
