"""The BCSSP annual report's data appendices: training KPIs with RAG ratings, children's social
care, adult safeguarding and police 12-month rolling figures, from partner returns."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ParameterError
from ..periods import Period
from . import Content, Context, Report, table

if TYPE_CHECKING:
    import pandas as pd

    from ..ledger import Ledger
    from ..load.returns import BcsspReturns
    from ..present.tables import Table

RETURNS = (
    "training_kpis.xlsx",
    "police.csv",
    "adult_safeguarding.xlsx",
    "childrens_social_care.xlsx",
)
LA = "800"  # the partnership covers Bath & North East Somerset
LA_NAME = "Bath and North East Somerset"
# The constabulary's sections (police.csv, column "section"), by the table that shows each.
POLICE_SECTIONS = {
    "police-missing": "Missing Children",
    "police-safety": "Safety and Anti-Bullying",
    "police-cse": "Child Sexual Exploitation",
    "police-child-protection": "Child Protection",
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


def load(data_dir: Path, period: Period) -> BcsspReturns:
    from ..load.returns import load_bcssp_returns

    return load_bcssp_returns(data_dir / str(period), reference_dir(data_dir))


def targets(data_dir: Path) -> dict[str, float]:
    """The agreed KPI targets, by KPI."""
    with (reference_dir(data_dir) / "bcssp_kpis.csv").open(newline="", encoding="utf-8") as handle:
        return {row["kpi"]: float(row["target_percent"]) for row in csv.DictReader(handle)}


def check(data_dir: Path, la: str, period: Period) -> None:
    if la != LA:
        raise ParameterError(f"the BCSSP appendices are for LA {LA} only, not {la!r}")
    periods = coverage(data_dir)
    if str(period) not in periods:
        raise ParameterError(
            f"no BCSSP returns for {period}", hint="periods: " + ", ".join(periods) or "none"
        )
    load(data_dir, period)


class BcsspAppendices(Content):
    """The partner returns for one year (and the year before, where there is one), rated and
    summarised."""

    def __init__(self, context: Context) -> None:
        from ..measures import bcssp as measures

        super().__init__(context)
        self.returns = load(context.data_dir, context.period)
        previous = context.period.previous
        self.previous = (
            load(context.data_dir, previous)
            if str(previous) in coverage(context.data_dir)
            else None
        )
        self.targets = targets(context.data_dir)
        self.rated = measures.rate_all(self.returns.training_kpis, self.targets)
        self.police = measures.rolling_change(self.returns.police)

    @property
    def synthetic(self) -> bool:
        return any("SYNTHETIC" in note for note in self.returns.notes.values())

    def words(self) -> dict[str, str]:
        return {"la_name": LA_NAME}

    def record(self, facts: Ledger) -> None:
        from ..measures import bcssp as measures

        agencies = measures.agency_summary(self.rated)
        reporting = agencies.loc[agencies["rated"] > 0]
        facts.add(
            "agencies_reporting",
            len(reporting),
            unit="count",
            label="Agencies reporting at least one KPI figure",
            source="training_kpis",
        )
        facts.add(
            "agencies_all_met",
            int((reporting["met"] == reporting["rated"]).sum()),
            unit="count",
            label="Agencies meeting every KPI they reported a figure for",
            source="training_kpis",
        )
        contacts = self.returns.childrens_social_care["Contacts"]
        top = contacts.sort_values("Contacts", ascending=False).iloc[0]
        facts.add(
            "contacts",
            int(contacts["Contacts"].sum()),
            unit="count",
            label="Contacts received by children's social care",
            source="childrens_social_care",
            method="sum of contacts by source",
        )
        facts.word(
            "contacts_top_source",
            str(top["Source"]).lower(),
            label="The largest source of contacts",
            source="childrens_social_care",
        )
        facts.add(
            "contacts_top",
            int(top["Contacts"]),
            unit="count",
            label="Contacts from the largest source",
            source="childrens_social_care",
        )
        adults = dict(
            zip(
                self.returns.adult_safeguarding["measure"],
                self.returns.adult_safeguarding["value"],
                strict=True,
            )
        )
        facts.add(
            "s42_2_conversion",
            adults["Concerns progressing to s42(2) enquiries"]
            / adults["Safeguarding concerns received"]
            * 100,
            unit="%",
            label="Concerns progressing to s42(2) enquiries, as a % of concerns",
            source="adult_safeguarding",
            method="s42(2) enquiries / concerns x 100",
        )

    @table("kpi-ratings-1")
    def kpi_ratings_1(self) -> Table:
        from ..present.bcssp import rag_table

        return rag_table(self.rated, self.targets, part=1)

    @table("kpi-ratings-2")
    def kpi_ratings_2(self) -> Table:
        from ..present.bcssp import rag_table

        return rag_table(self.rated, self.targets, part=2)

    @table("kpi-agency-summary")
    def kpi_agency_summary(self) -> Table:
        from ..measures.bcssp import agency_summary
        from ..present.bcssp import summary_table

        return summary_table(
            agency_summary(self.rated),
            "agency",
            id="kpi-agency-summary",
            caption="Training KPIs met, by agency",
        )

    @table("kpi-summary")
    def kpi_summary(self) -> Table:
        from ..measures.bcssp import kpi_summary
        from ..present.bcssp import summary_table

        return summary_table(
            kpi_summary(self.rated),
            "kpi",
            id="kpi-summary",
            caption="Agencies meeting each training KPI",
        )

    def _childrens(self, sheet: str) -> pd.DataFrame:
        return self.returns.childrens_social_care[sheet]

    @table("csc-child-protection")
    def csc_child_protection(self) -> Table:
        from ..present.bcssp import count_table

        return (
            count_table(
                self._childrens("Child protection"),
                id="csc-child-protection",
                caption="Children subject of a child protection plan",
            )
            .fact("cp_plans", row=0, column="Value")
            .fact("cp_plans_18_months", row=1, column="Value")
        )

    @table("csc-contacts")
    def csc_contacts(self) -> Table:
        from ..present.bcssp import count_table

        return count_table(
            self._childrens("Contacts"),
            id="csc-contacts",
            caption="Contacts and referrals by source",
            rate=("Referrals", "Contacts"),
        )

    @table("csc-contact-outcomes")
    def csc_contact_outcomes(self) -> Table:
        from ..present.bcssp import count_table

        return count_table(
            self._childrens("Contact outcomes"),
            id="csc-contact-outcomes",
            caption="Contacts by outcome",
        )

    @table("csc-referrals")
    def csc_referrals(self) -> Table:
        from ..present.bcssp import count_table

        return count_table(
            self._childrens("Referrals by quarter"),
            id="csc-referrals",
            caption="Contacts and referrals by quarter",
            rate=("Referrals", "Contacts"),
        )

    @table("csc-cin-cla")
    def csc_cin_cla(self) -> Table:
        from ..present.bcssp import count_table

        return count_table(
            self._childrens("Children in need"),
            id="csc-cin-cla",
            caption="Children in need and children looked after at each quarter end",
        )

    @table("adult-safeguarding")
    def adult_safeguarding(self) -> Table:
        from ..present.bcssp import yearly_table

        facts = {
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
        adults = yearly_table(
            self.returns.adult_safeguarding,
            self.previous.adult_safeguarding if self.previous else None,
            self.context.period,
            id="adult-safeguarding",
            caption="Safeguarding adults",
        )
        for id, measure in facts.items():
            adults = adults.fact(id, row=measure, column=self.context.period.label)
        return adults

    def _police(self, id: str) -> Table:
        from ..present.bcssp import police_table

        section = POLICE_SECTIONS[id]
        return police_table(
            self.police.loc[self.police["section"] == section], id=id, caption=section
        )

    @table("police-missing")
    def police_missing(self) -> Table:
        reports = "Number of Missing Children Reports"
        return (
            self._police("police-missing")
            .fact("missing_reports", row=reports, column="Current 12 months")
            .fact("missing_reports_previous", row=reports, column="Previous 12 months")
            .fact("missing_reports_change", row=reports, column="Change")
            .fact("missing_reports_percent_change", row=reports, column="% change")
        )

    @table("police-safety")
    def police_safety(self) -> Table:
        return self._police("police-safety")

    @table("police-cse")
    def police_cse(self) -> Table:
        return self._police("police-cse")

    @table("police-child-protection")
    def police_child_protection(self) -> Table:
        return self._police("police-child-protection")


REPORT = Report(
    id="bcssp",
    title="BCSSP annual report: data appendices",
    notebook="bcssp_appendices.ipynb",
    data="bcssp",
    cover="cover/bcssp.yml",
    coverage=coverage,
    check=check,
    content=BcsspAppendices,
)
