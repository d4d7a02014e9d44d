"""The BCSSP annual report's data appendices: training KPIs with RAG ratings, children's social
care, adult safeguarding and police 12-month rolling figures, from partner returns."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DataError, ParameterError
from ..periods import Period
from . import Content, Context, Report, cached_load, table

if TYPE_CHECKING:
    import pandas as pd

    from ..ledger import Ledger
    from ..present.tables import Table
    from ..validate.returns import BcsspReturns

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
    from ..validate.returns import load_bcssp_returns

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
    from ..load.files import read_csv
    from ..validate.tables import reject

    hint = "see data/reference/README.md; columns: " + ", ".join(columns)
    frame = read_csv(path, columns, hint=hint)
    for column in columns:
        reject(frame, frame[column] == "", path, column, "is blank")
    return frame


def kpi_list(data_dir: Path) -> pd.DataFrame:
    """The partnership's training KPIs (data/reference/bcssp_kpis.csv): who each covers, what it
    measures and its agreed target (a number from 0 to 100)."""
    import pandas as pd

    from ..validate.tables import reject

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


def check_returns(returns: BcsspReturns) -> None:
    """The rows and sections the appendices quote are in the returns, and no police section is
    one they would leave out."""
    police = returns.police
    unknown = sorted(set(police["section"]) - set(POLICE_SECTIONS.values()))
    if unknown:
        raise DataError(
            f"section {unknown[0]!r} is not one the appendices show",
            file="police.csv",
            column="section",
            hint="sections: " + ", ".join(POLICE_SECTIONS.values()),
        )
    _require(police, "measure", POLICE_FACTS.values(), "police.csv", None)
    _require(
        returns.adult_safeguarding,
        "measure",
        ADULT_FACTS.values(),
        "adult_safeguarding.xlsx",
        "Safeguarding adults",
    )
    _require(
        returns.childrens_social_care["Child protection"],
        "Measure",
        CHILD_PROTECTION_FACTS.values(),
        "childrens_social_care.xlsx",
        "Child protection",
    )


def check(data_dir: Path, la: str, period: Period) -> None:
    if la != LA:
        raise ParameterError(f"the BCSSP appendices are for LA {LA} only, not {la!r}")
    periods = coverage(data_dir)
    if str(period) not in periods:
        raise ParameterError(
            f"no BCSSP returns for {period}", hint="periods: " + ", ".join(periods) or "none"
        )
    kpi_list(data_dir)
    agency_list(data_dir)
    for returns in history(data_dir, period).values():
        check_returns(returns)


class BcsspAppendices(Content):
    """The partner returns for one year (and earlier years where there are any), rated and
    summarised, with the KPI list and the agencies from the reference data."""

    def __init__(self, context: Context) -> None:
        from ..measures.bcssp import Reading, rate_all, rolling_change, targets

        super().__init__(context)
        self.reading = Reading.POINTS
        self.kpis = kpi_list(context.data_dir)
        self.agencies = agency_list(context.data_dir)
        self.history = history(context.data_dir, context.period)
        self.returns = self.history[context.period]
        self.previous = self.history.get(context.period.previous)
        self.rated = rate_all(self.returns.training_kpis, targets(self.kpis), self.reading)
        self.police = rolling_change(self.returns.police)

    def _marked(self, *notes: str, returns: BcsspReturns | None = None) -> bool:
        """Whether any of these returns' notes (by file, or file:sheet) mark figures synthetic."""
        source = returns or self.returns
        return any(SYNTHETIC in source.notes[note] for note in notes)

    @property
    def _chart_sheets(self) -> list[str]:
        """The children's social care sheets other than child protection (the published report
        shows these only as charts)."""
        return [
            f"childrens_social_care.xlsx:{sheet}"
            for sheet in self.returns.childrens_social_care
            if sheet != "Child protection"
        ]

    @property
    def _adults_synthetic(self) -> bool:
        """The adult table's figures: this year's return, and last year's it compares with."""
        return self._marked("adult_safeguarding.xlsx") or (
            self.previous is not None
            and self._marked("adult_safeguarding.xlsx", returns=self.previous)
        )

    @property
    def synthetic(self) -> bool:
        return self._marked(*self.returns.notes) or self._adults_synthetic

    def words(self) -> dict[str, str]:
        return {"la_name": LA_NAME, "year_end": f"31 March {self.context.period.end_year}"}

    def record(self, facts: Ledger) -> None:
        self._record_synthetic(facts)
        self._record_kpis(facts)
        self._record_childrens(facts)
        self._record_adults(facts)
        self._record_police(facts)

    def _record_synthetic(self, facts: Ledger) -> None:
        """Which parts of the appendices are fed by synthetic figures, for "About these
        figures"."""
        parts = {
            "kpi_synthetic": ("The training KPI figures", self._marked("training_kpis.xlsx")),
            "cp_synthetic": (
                "The child protection figures",
                self._marked("childrens_social_care.xlsx:Child protection"),
            ),
            "csc_charts_synthetic": (
                "The contacts, referrals, children in need and looked after figures",
                self._marked(*self._chart_sheets),
            ),
            "adults_synthetic": ("The safeguarding adults figures", self._adults_synthetic),
            "police_synthetic": ("The police figures", self._marked("police.csv")),
        }
        for id, (what, synthetic) in parts.items():
            facts.condition(
                id,
                synthetic,
                label=f"{what} include synthetic figures",
                source="the returns' notes",
                method=f"a note in the return reads {SYNTHETIC}",
            )

    def _record_kpis(self, facts: Ledger) -> None:
        from ..measures.bcssp import AMBER, GREEN, RED, rating_counts, summary
        from ..present.bcssp import amber_band

        facts.word(
            "amber_band",
            amber_band(self.reading),
            label="How far below its target an Amber figure may fall",
            source="the partnership's key",
            method=f"read as {self.reading.value}",
        )
        for kpi in self.kpis.itertuples():
            facts.add(
                "kpi_" + kpi.kpi.replace(".", "_") + "_target",
                kpi.target_percent,
                unit="%",
                label=f"KPI {kpi.kpi} ({kpi.training}): agreed target",
                source=KPIS,
            )
        agencies = summary(self.rated, "agency")
        reporting = agencies.loc[agencies["rated"] > 0]
        counts = {
            "agencies": (len(agencies), "Agencies in the training KPI return"),
            "agencies_reporting": (len(reporting), "Agencies giving at least one KPI figure"),
            "agencies_all_met": (
                int((reporting["met"] == reporting["rated"]).sum()),
                "Agencies meeting every KPI they gave a figure for",
            ),
            "agencies_none_met": (
                int((reporting["met"] == 0).sum()),
                "Agencies meeting none of the KPIs they gave a figure for",
            ),
        }
        facts.word(
            "agencies_none_met_names",
            " and ".join(reporting.loc[reporting["met"] == 0, "agency"]),
            label="Agencies meeting none of the KPIs they gave a figure for",
            source="training_kpis",
        )
        ratings = rating_counts(self.rated)
        figures = ratings[GREEN.name] + ratings[AMBER.name] + ratings[RED.name]
        counts |= {
            "kpi_figures": (figures, "KPI figures given (percentages)"),
            "kpi_met": (ratings[GREEN.name], "KPI figures meeting the target (Green)"),
            "kpi_amber": (ratings[AMBER.name], "KPI figures rated Amber"),
            "kpi_red": (ratings[RED.name], "KPI figures rated Red"),
        }
        for id, (value, label) in counts.items():
            facts.add(id, value, unit="count", label=label, source="training_kpis")
        facts.add(
            "kpi_met_share",
            ratings[GREEN.name] / figures * 100 if figures else "x",
            unit="%",
            label="KPI figures meeting the target, as a % of figures given",
            source="training_kpis",
            method="kpi_met / kpi_figures x 100",
        )

    def _record_childrens(self, facts: Ledger) -> None:
        from ..measures.bcssp import share, totals_differ
        from ..measures.benchmarks import direction

        sheets = self.returns.childrens_social_care
        contacts, quarters = sheets["Contacts"], sheets["Referrals by quarter"]
        differ = totals_differ(contacts, quarters, ["Contacts", "Referrals"])
        facts.condition(
            "csc_totals_agree",
            not differ,
            label="Contacts and referrals add to the same totals by source and by quarter",
            source="childrens_social_care",
            method="sum by source against sum by quarter",
        )
        for column in ("Contacts", "Referrals"):
            facts.add(
                f"{column.lower()}_by_quarter",
                int(quarters[column].sum()),
                unit="count",
                label=f"{column}, the quarters added",
                source="childrens_social_care",
                method="sum of the quarters",
            )
        rates = share(contacts["Referrals"], contacts["Contacts"])
        words = {
            "contacts_top_source": (
                contacts.loc[contacts["Contacts"].idxmax(), "Source"],
                "The largest source of contacts",
            ),
            "conversion_top_source": (
                contacts.loc[rates.idxmax(), "Source"],
                "The source whose contacts most often became referrals",
            ),
        }
        outcomes = sheets["Contact outcomes"]
        words["outcome_top"] = (
            outcomes.loc[outcomes["Contacts"].idxmax(), "Outcome"],
            "The most common outcome of a contact",
        )
        for id, (word, label) in words.items():
            facts.word(id, str(word).lower(), label=label, source="childrens_social_care")
        facts.add(
            "conversion_top",
            rates.max(),
            unit="%",
            decimals=1,
            label="Referrals as a % of contacts, the source converting most",
            source="childrens_social_care",
            method="referrals / contacts x 100",
        )
        before = None if self.previous is None else self.previous.childrens_social_care
        facts.condition(
            "contacts_compared",
            before is not None,
            label="The year before's contacts are in the data",
            source="childrens_social_care",
            method="a return for the year before",
        )
        if before is not None:
            previous = int(before["Contacts"]["Contacts"].sum())
            change = int(contacts["Contacts"].sum()) - previous
            facts.add(
                "contacts_previous",
                previous,
                unit="count",
                label=f"Contacts, {self.context.period.previous.label}",
                source="childrens_social_care (the year before)",
            )
            facts.add(
                "contacts_change",
                change,
                unit="count",
                label="Change in contacts on the year before",
                source="childrens_social_care",
                method="contacts - contacts_previous",
            )
            facts.word(
                "contacts_direction",
                direction(change) or "",
                label="Whether contacts rose or fell",
                source="childrens_social_care",
            )
        quarter_ends = sheets["Children in need"]
        for column, key in (("Children in need", "cin"), ("Children looked after", "cla")):
            first, last = quarter_ends[column].iloc[0], quarter_ends[column].iloc[-1]
            facts.word(
                f"{key}_direction",
                direction(last - first) or "",
                label=f"{column}: rose or fell over the year",
                source="childrens_social_care",
                method="last quarter end against the first",
            )
        facts.word(
            "first_quarter",
            str(quarter_ends["Quarter"].iloc[0]),
            label="The first quarter in the return",
            source="childrens_social_care",
        )

    def _adult_value(self, period: Period, id: str) -> float | str:
        """An adult safeguarding figure of ``period``'s return, or "x" without one."""
        returns = self.history.get(period)
        if returns is None:
            return "x"
        frame = returns.adult_safeguarding
        values = frame.loc[frame["measure"] == ADULT_FACTS[id], "value"]
        return float(values.iloc[0]) if len(values) else "x"

    def _record_adults(self, facts: Ledger) -> None:
        from ..measures.benchmarks import direction

        period = self.context.period
        now = {id: self._adult_value(period, id) for id in ADULT_FACTS}
        facts.add(
            "s42_2_conversion",
            now["s42_2"] / now["concerns"] * 100 if now["concerns"] else "x",
            unit="%",
            label="Concerns progressing to s42(2) enquiries, as a % of concerns",
            source="adult_safeguarding",
            method="s42_2 / concerns x 100",
        )
        facts.condition(
            "adults_compared",
            self.previous is not None,
            label="The year before's safeguarding adults figures are in the data",
            source="adult_safeguarding",
            method="a return for the year before",
        )
        earlier = [(period.previous, "previous", ADULT_COMPARED)]
        earlier.append((period.previous.previous, "two_years_before", ADULT_TWO_YEARS))
        for year, suffix, ids in earlier:
            for id in ids:
                unit = "%" if ADULT_FACTS[id].endswith("(%)") else "count"
                facts.add(
                    f"{id}_{suffix}",
                    self._adult_value(year, id),
                    unit=unit,
                    label=f"{ADULT_FACTS[id]}, {year.label}",
                    source="adult_safeguarding",
                )
        if self.previous is None:
            return
        concerns = now["concerns"] - facts["concerns_previous"].value
        facts.add(
            "concerns_change",
            concerns,
            unit="count",
            label="Change in safeguarding concerns on the year before",
            source="adult_safeguarding",
            method="concerns - concerns_previous",
        )
        facts.word(
            "concerns_more_or_fewer",
            direction(concerns, up="more", down="fewer", same="as many") or "",
            label="More or fewer concerns than the year before",
            source="adult_safeguarding",
        )
        for id in ADULT_COMPARED:
            before = facts[f"{id}_previous"].value
            facts.word(
                f"{id}_direction",
                direction(None if isinstance(before, str) else now[id] - before) or "changed",
                label=f"{ADULT_FACTS[id]}: rose or fell on the year before",
                source="adult_safeguarding",
            )

    def _record_police(self, facts: Ledger) -> None:
        from ..measures.benchmarks import direction

        police = self.police.set_index("measure")
        for id, measure in POLICE_FACTS.items():
            facts.word(
                f"{id}_direction",
                direction(police.at[measure, "change"]) or "",
                label=f"{measure}: rose or fell",
                source="police",
                method="last 12 months against the previous 12",
            )

    def _definitions(self, staff: str, id: str) -> Table:
        from ..present.bcssp import kpi_definitions_table

        return kpi_definitions_table(self.kpis, staff, id=id)

    @table("kpi-definitions-all")
    def kpi_definitions_all(self) -> Table:
        return self._definitions("All", "kpi-definitions-all")

    @table("kpi-definitions-adults")
    def kpi_definitions_adults(self) -> Table:
        return self._definitions("Adults", "kpi-definitions-adults")

    @table("kpi-definitions-children")
    def kpi_definitions_children(self) -> Table:
        return self._definitions("Children", "kpi-definitions-children")

    @table("agencies")
    def agencies_glossary(self) -> Table:
        from ..present.bcssp import agencies_table

        return agencies_table(self.agencies)

    @table("rating-key")
    def rating_key(self) -> Table:
        from ..present.bcssp import rating_key_table

        return rating_key_table(self.reading)

    def _ratings(self, staff: str, id: str) -> Table:
        from ..present.bcssp import rag_table

        synthetic = self._marked("training_kpis.xlsx")
        return rag_table(self.rated, self.kpis, staff, id=id, synthetic=synthetic)

    @table("kpi-ratings-all")
    def kpi_ratings_all(self) -> Table:
        return self._ratings("All", "kpi-ratings-all")

    @table("kpi-ratings-adults")
    def kpi_ratings_adults(self) -> Table:
        return self._ratings("Adults", "kpi-ratings-adults")

    @table("kpi-ratings-children")
    def kpi_ratings_children(self) -> Table:
        return self._ratings("Children", "kpi-ratings-children")

    @table("kpi-agency-summary")
    def kpi_agency_summary(self) -> Table:
        from ..measures.bcssp import summary
        from ..present.bcssp import summary_table

        return summary_table(
            summary(self.rated, "agency"),
            None,
            id="kpi-agency-summary",
            caption="Training KPI ratings by agency",
            synthetic=self._marked("training_kpis.xlsx"),
        )

    @table("kpi-summary")
    def kpi_summary(self) -> Table:
        from ..measures.bcssp import summary
        from ..present.bcssp import summary_table

        return summary_table(
            summary(self.rated, "kpi"),
            self.kpis,
            id="kpi-summary",
            caption="Training KPI ratings by KPI",
            synthetic=self._marked("training_kpis.xlsx"),
        )

    def _childrens(self, sheet: str, id: str, caption: str, **options: bool | tuple) -> Table:
        from ..present.bcssp import count_table

        return count_table(
            self.returns.childrens_social_care[sheet],
            id=id,
            caption=caption,
            synthetic=self._marked(f"childrens_social_care.xlsx:{sheet}"),
            **options,
        )

    @table("csc-child-protection")
    def csc_child_protection(self) -> Table:
        cp = self._childrens(
            "Child protection",
            "csc-child-protection",
            f"Child protection plans at {self.words()['year_end']}",
            total=False,
        )
        for id, measure in CHILD_PROTECTION_FACTS.items():
            cp = cp.fact(id, row=measure, column="Value")
        return cp

    @table("csc-contacts")
    def csc_contacts(self) -> Table:
        return (
            self._childrens(
                "Contacts",
                "csc-contacts",
                "Contacts and referrals by source",
                rate=("Referrals", "Contacts"),
            )
            .fact("contacts", row="Total", column="Contacts")
            .fact("referrals", row="Total", column="Referrals")
            .fact("conversion", row="Total", column="Referrals (% of contacts)")
        )

    @table("csc-contact-outcomes")
    def csc_contact_outcomes(self) -> Table:
        outcomes = self._childrens(
            "Contact outcomes", "csc-contact-outcomes", "Contacts by outcome"
        )
        top = outcomes.frame.loc[outcomes.frame["Contacts"].iloc[:-1].idxmax(), "Outcome"]
        return outcomes.fact("outcome_top_share", row=top, column="% of total")

    @table("csc-referrals")
    def csc_referrals(self) -> Table:
        return self._childrens(
            "Referrals by quarter",
            "csc-referrals",
            "Contacts and referrals by quarter",
            rate=("Referrals", "Contacts"),
        )

    @table("csc-cin-cla")
    def csc_cin_cla(self) -> Table:
        cin = self._childrens(
            "Children in need",
            "csc-cin-cla",
            "Children in need and children looked after at each quarter end",
            total=False,
        )
        last = len(cin.frame) - 1
        for column, key in (("Children in need", "cin"), ("Children looked after", "cla")):
            cin = cin.fact(f"{key}_first", row=0, column=column).fact(
                f"{key}_last", row=last, column=column
            )
        return cin

    @table("adult-safeguarding")
    def adult_safeguarding(self) -> Table:
        from ..measures.bcssp import yearly_change
        from ..present.bcssp import yearly_table

        adults = yearly_table(
            yearly_change(
                self.returns.adult_safeguarding,
                self.previous.adult_safeguarding if self.previous else None,
            ),
            self.context.period,
            id="adult-safeguarding",
            caption="Safeguarding adults",
            synthetic=self._adults_synthetic,
        )
        for id, measure in ADULT_FACTS.items():
            adults = adults.fact(id, row=measure, column=self.context.period.label)
        return adults

    def _police(self, id: str) -> Table:
        from ..present.bcssp import police_table

        section = POLICE_SECTIONS[id]
        rows = self.police.loc[self.police["section"] == section]
        police = (
            police_table(rows, id=id, caption=section, synthetic=self._marked("police.csv"))
            # children, crimes and incidents: for the public, a count of 1 to 5 is c, and so
            # is whatever would give it away (the change, or the percentage change)
            .counts(columns=["Last 12 months", "Previous 12 months"])
            .total(column="Last 12 months", of=["Previous 12 months", "Change"])
            .share(columns=["% change"], of="Previous 12 months")
        )
        columns = {
            "": "Last 12 months",
            "_previous": "Previous 12 months",
            "_change": "Change",
            "_percent_change": "% change",
        }
        for key, measure in POLICE_FACTS.items():
            if measure in set(rows["measure"]):
                for suffix, column in columns.items():
                    police = police.fact(key + suffix, row=measure, column=column)
        return police

    @table("police-missing")
    def police_missing(self) -> Table:
        return self._police("police-missing")

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
