"""The Independent Reviewing Officer (IRO) annual report: children looked after, from the
SSDA903 return (synthetic in this repository) and the IRO service's own records."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..errors import ParameterError
from ..periods import Period
from . import Content, Context, Report, figure, table

if TYPE_CHECKING:
    import pandas as pd

    from ..ledger import Ledger
    from ..load.ssda903 import SSDA903
    from ..present.charts import Figure
    from ..present.tables import Table

LA = "800"  # the bundled return is B&NES's
LA_NAME = "Bath and North East Somerset"
RETURN = "SSDA903 children looked after return"
SERVICE = "IRO service"


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
    from ..load.ssda903 import load_ssda903

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
    from ..load import iro_service as read

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


def _direction(change: float | None) -> str:
    from ..measures.benchmarks import direction

    return direction(change, up="an increase", down="a decrease", same="no change") or ""


class IroReport(Content):
    """Children in care, their reviews and the IRO service's work in one financial year."""

    def __init__(self, context: Context) -> None:
        import pandas as pd

        from ..measures import looked_after as m

        super().__init__(context)
        self.year = context.period
        self.returns = load(context.data_dir, self.year)
        self.current = self.returns[str(self.year)]
        self.census = pd.Timestamp(self.year.end_year, 3, 31)
        self.in_care = m.looked_after_on(self.current, self.census)
        self.service = service_records(context.data_dir)

    @property
    def synthetic(self) -> bool:
        """The 903 return is synthetic when its year folder says so (SYNTHETIC.txt)."""
        root = self.context.data_dir / "ssda903"
        return any((root / name / "SYNTHETIC.txt").is_file() for name in self.returns)

    def words(self) -> dict[str, str]:
        return {
            "la_name": LA_NAME,
            "census_date": f"31 March {self.year.end_year}",
            "census_date_previous": f"31 March {self.year.start_year}",
        }

    @property
    def _first_year(self) -> bool:
        """No return for the year before: nothing to compare with, and reviews held before the
        data began cannot be seen."""
        return str(self.year.previous) not in self.returns

    def _source(self, *records: str) -> str:
        """A table's source line: the 903 return and/or named IRO service records, saying when
        they are synthetic."""
        parts = [RETURN if record == "903" else f"{SERVICE} {record}" for record in records]
        return "; ".join(parts) + (" (synthetic in this build)" if self.synthetic else "")

    # Children in care -------------------------------------------------------------------------

    @cached_property
    def _table_1(self) -> pd.DataFrame:
        from ..measures import looked_after as m

        return m.table_1(self.returns)

    @table("table-1")
    def table_1(self) -> Table:
        from ..present.tables import Table

        return (
            Table.from_frame(
                self._table_1.astype({"% change": object}).fillna({"% change": "x"}),
                id="table-1",
                caption="Children in care at 31 March, starts and ends",
                stub=["Year"],
                source=self._source("903"),
                synthetic=self.synthetic,
            )
            .fmt("count", columns=["Looked after", "Started", "Ceased"])
            .fmt("%", 1, columns=["% change"], signed=True)
            .note(
                "% change: children in care at 31 March against the year before. Starts and "
                "ends count each child once."
            )
        )

    def _record_children_in_care(self, facts: Ledger) -> None:
        latest = self._table_1.iloc[-1]
        year = self.year
        facts.add(
            "in_care",
            latest["Looked after"],
            unit="count",
            label=f"Children in care at 31 March {year.end_year}",
            source="table-1",
        )
        facts.add(
            "starts",
            latest["Started"],
            unit="count",
            label=f"Children who started to be looked after in {year.label}",
            source="table-1",
        )
        facts.add(
            "ends",
            latest["Ceased"],
            unit="count",
            label=f"Children who ceased to be looked after in {year.label}",
            source="table-1",
        )
        facts.condition(
            "first_year",
            self._first_year,
            label="The data begins this year",
            source="ssda903",
            method="no return for the year before",
        )
        before = None if self._first_year else self._table_1.iloc[-2]
        facts.add(
            "in_care_previous",
            "x" if before is None else before["Looked after"],
            unit="count",
            label=f"Children in care at 31 March {year.start_year}",
            source="table-1",
        )
        change = None if before is None else latest["% change"]
        facts.add(
            "in_care_change",
            "x" if change is None else change,
            unit="%",
            decimals=1,
            label="% change in children in care",
            source="table-1",
            method="(in_care - in_care_previous) / in_care_previous",
        )
        facts.word(
            "in_care_direction",
            _direction(change),
            label="Direction of the change in children in care",
            source="table-1",
            method="sign of in_care_change",
        )
        expected = (
            "x" if before is None else before["Looked after"] + latest["Started"] - latest["Ceased"]
        )
        facts.add(
            "in_care_expected",
            expected,
            unit="count",
            label="Children in care a year before, plus starts, less ends",
            source="table-1",
            method="in_care_previous + starts - ends",
        )
        facts.condition(
            "stock_adds_up",
            before is None or expected == latest["Looked after"],
            label="Children in care a year before, plus starts, less ends, is the number now",
            source="table-1",
            method="in_care_expected == in_care",
        )
        population = self.service.population
        if LA in population.index:
            from ..measures.drp import rate_per_10000

            facts.add(
                "rate_per_10000",
                rate_per_10000(latest["Looked after"], population.loc[LA, "population_0_17"]),
                unit="per10k",
                label="Children in care per 10,000 children",
                source="population",
                method="in_care / population aged 0-17 * 10,000",
            )
            facts.add(
                "rate_england",
                population.loc["E92000001", "published_rate"],
                unit="per10k",
                label="Children in care per 10,000 children, England (published)",
                source="population",
            )

    # Profile ----------------------------------------------------------------------------------

    def _share_table(self, counts: pd.Series, **kwargs: str) -> Table:
        from ..present.profiles import share_table

        return share_table(counts, synthetic=self.synthetic, **kwargs)

    def _count_chart(self, counts: pd.Series | pd.DataFrame, **kwargs: str) -> Figure:
        from ..present.profiles import count_chart

        return count_chart(counts, synthetic=self.synthetic, **kwargs)

    @cached_property
    def _ages(self) -> pd.Series:
        from ..measures import looked_after as m

        return m.age_bands(self.in_care, self.census)

    @table("ages")
    def ages(self) -> Table:
        return self._share_table(
            self._ages,
            id="ages",
            caption=f"Children in care at 31 March {self.year.end_year} by age",
            label="Age",
            source=self._source("903"),
        )

    @figure("ages")
    def ages_chart(self) -> Figure:
        return self._count_chart(
            self._ages,
            id="ages",
            caption=f"Children in care at 31 March {self.year.end_year} by age",
            label="Age",
        )

    def _record_profile(self, facts: Ledger) -> None:
        import pandas as pd

        from ..measures import looked_after as m
        from ..measures.benchmarks import change

        ages = m.age_on(self.in_care["DOB"], self.census)
        facts.add(
            "aged_10_plus",
            int((ages >= 10).sum()),
            unit="count",
            label="Children in care aged 10 or over",
            source="ages",
        )
        facts.add(
            "aged_10_plus_share",
            (ages >= 10).mean() * 100,
            unit="%",
            label="Share of children in care aged 10 or over",
            source="ages",
        )
        facts.add(
            "aged_16_17",
            int((ages >= 16).sum()),
            unit="count",
            label="Children in care aged 16 or 17",
            source="ages",
        )
        sex = self.in_care["SEX"]
        for code, name in (("M", "male"), ("F", "female")):
            facts.add(
                f"{name}_share",
                (sex == code).mean() * 100,
                unit="%",
                label=f"Share of children in care who are {name}",
                source="sex",
            )
        before = (
            None
            if self._first_year
            else m.looked_after_on(
                self.returns[str(self.year.previous)], pd.Timestamp(self.year.start_year, 3, 31)
            )["SEX"]
        )
        for code, name in (("M", "male"), ("F", "female")):
            facts.add(
                f"{name}_share_previous",
                "x" if before is None else (before == code).mean() * 100,
                unit="%",
                label=f"Share of children in care who were {name} at 31 March "
                f"{self.year.start_year}",
                source="sex",
            )
        facts.add(
            "female_share_change",
            "x"
            if before is None
            else change(facts["female_share"].value, (before == "F").mean() * 100, 0),
            unit="pp",
            label="Change in the share who are female",
            source="sex",
            method="female_share minus the share a year before, each rounded as shown",
        )

    @table("sex")
    def sex(self) -> Table:
        from ..measures import looked_after as m

        return self._share_table(
            m.sexes(self.in_care),
            id="sex",
            caption="Children in care by sex",
            label="Sex",
            source=self._source("903"),
        )

    @table("ethnicity")
    def ethnicity(self) -> Table:
        from ..measures import looked_after as m

        return self._share_table(
            m.ethnic_groups(self.in_care),
            id="ethnicity",
            caption="Children in care by ethnic group",
            label="Ethnic group",
            source=self._source("903"),
        )

    @cached_property
    def _legal_status(self) -> pd.Series:
        from ..measures import looked_after as m

        return m.legal_status(self.in_care)

    @table("legal-status")
    def legal_status(self) -> Table:
        return self._share_table(
            self._legal_status,
            id="legal-status",
            caption="Children in care by legal status",
            label="Legal status",
            source=self._source("903"),
        )

    @figure("legal-status")
    def legal_status_chart(self) -> Figure:
        return self._count_chart(
            self._legal_status,
            id="legal-status",
            caption="Children in care by legal status",
            label="Legal status",
        )

    @cached_property
    def _age_by_legal_status(self) -> pd.DataFrame:
        from ..measures import looked_after as m

        return m.age_by_legal_status(self.in_care, self.census)

    @table("age-by-legal-status")
    def age_by_legal_status(self) -> Table:
        from ..present.tables import Table

        return Table.from_frame(
            self._age_by_legal_status.reset_index(),
            id="age-by-legal-status",
            caption="Age by legal status",
            stub=["Age"],
            source=self._source("903"),
            synthetic=self.synthetic,
        ).fmt("count")

    @figure("age-by-legal-status")
    def age_by_legal_status_chart(self) -> Figure:
        return self._count_chart(
            self._age_by_legal_status,
            id="age-by-legal-status",
            caption="Age and legal status of children in care",
            label="Age",
        )

    # Reviews ----------------------------------------------------------------------------------

    @cached_property
    def _reviews(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Every review in the returns, and each with its due date and whether it was on time."""
        from ..measures import reviews as rv

        reviews, starts = rv.reviews_and_periods(self.returns)
        return reviews, rv.timeliness(reviews, starts)

    @cached_property
    def _review_quarters(self) -> pd.DataFrame:
        from ..measures import reviews as rv

        return rv.by_quarter(self._reviews[1], self.year.start_year)

    @property
    def _judged_years(self) -> list[Period]:
        """The years every review of which can be judged: those with a return the year before
        (in a first year, the review before a child's first one in the data is not there)."""
        years = [Period.parse(name) for name in self.returns]
        return [year for year in years if str(year.previous) in self.returns]

    @table("review-timeliness")
    def review_timeliness(self) -> Table:
        from ..present.tables import Table

        return (
            Table.from_frame(
                self._review_quarters,
                id="review-timeliness",
                caption=f"Reviews held in {self.year.label} and on time, by quarter",
                stub=["Quarter"],
                source=self._source("903"),
                synthetic=self.synthetic,
            )
            .fmt("count", columns=["Reviews", "On time"])
            .fmt("%", 1, columns=["% on time"])
        )

    @figure("review-timeliness")
    def review_timeliness_chart(self) -> Figure:
        from ..present.charts import bar_chart

        return bar_chart(
            self._review_quarters.assign(series="Reviews on time"),
            id="review-timeliness",
            caption=f"Reviews on time by quarter, {self.year.label}",
            title="Reviews on time",
            category="Quarter",
            series="series",
            value="% on time",
            unit="%",
            decimals=1,
            synthetic=self.synthetic,
        )

    @figure("review-timeliness-trend")
    def review_timeliness_trend(self) -> Figure | None:
        """Reviews on time in each year whose reviews can all be judged; none for one year."""
        import pandas as pd

        from ..measures import reviews as rv
        from ..present.charts import line_chart

        if len(self._judged_years) < 2:
            return None
        by_year = pd.DataFrame(
            {
                "Year": [year.label for year in self._judged_years],
                "series": "Reviews on time",
                "% on time": [
                    rv.share_on_time(self._reviews[1], year.start_year)
                    for year in self._judged_years
                ],
            }
        )
        return line_chart(
            by_year,
            id="review-timeliness-trend",
            caption="Reviews held on time, by year",
            title="Reviews on time (%)",
            x="Year",
            series="series",
            value="% on time",
            unit="%",
            decimals=1,
            synthetic=self.synthetic,
        )

    def _record_reviews(self, facts: Ledger) -> None:
        from ..measures import reviews as rv

        whole = self._review_quarters.set_index("Quarter").loc["Year"]
        facts.add(
            "reviews",
            whole["Reviews"],
            unit="count",
            label=f"Reviews held in {self.year.label}",
            source="review-timeliness",
        )
        facts.add(
            "reviews_on_time",
            whole["On time"],
            unit="count",
            label="Reviews held on time",
            source="review-timeliness",
        )
        facts.add(
            "reviews_on_time_share",
            whole["% on time"],
            unit="%",
            decimals=1,
            label="% of reviews held on time",
            source="review-timeliness",
            method="reviews_on_time / reviews",
        )
        before = self.year.previous
        facts.add(
            "reviews_on_time_share_previous",
            rv.share_on_time(self._reviews[1], before.start_year)
            if before in self._judged_years
            else "x",
            unit="%",
            decimals=1,
            label=f"% of reviews held on time in {before.label}",
            source="review-timeliness",
        )
        records = self._records.set_index("Quarter").loc["Year"]
        reports = self._sw_reports.set_index("Quarter").loc["Year"]
        for id, label, held in (
            ("review_records", "review records", bool(records["Reviews"])),
            ("sw_reports", "social work reports", bool(reports["Reviews"])),
        ):
            facts.condition(
                f"{id}_held",
                held,
                label=f"The service's {label} cover this year",
                source=id,
                method="a record for a review held in the year",
            )
        facts.add(
            "records_on_time_share",
            records["% on time"] if records["Reviews"] else "x",
            unit="%",
            label="Review records distributed within 20 working days",
            source="review-records",
        )
        facts.add(
            "sw_reports_on_time_share",
            reports["% on time"] if reports["Reviews"] else "x",
            unit="%",
            label="Reviews with the social work report 3 working days before",
            source="sw-reports",
        )
        facts.add(
            "sw_reports_missing",
            reports["No report"] if reports["Reviews"] else "x",
            unit="count",
            label="Reviews held without a social work report",
            source="sw-reports",
        )
        for measure in TARGET_MEASURES:
            target = self._target(measure, self.year)
            facts.add(
                f"{measure}_target",
                "x" if target is None else target,
                unit="%",
                label=f"Target for {TARGET_MEASURES[measure].lower()}, {self.year.label}",
                source="IRO service targets",
            )
            facts.condition(
                f"{measure}_target_set",
                target is not None,
                label=f"The service had a target this year for {TARGET_MEASURES[measure].lower()}",
                source="IRO service targets",
                method="a row for the measure and year in targets.csv",
            )
        taking_part = self._participation
        codes = taking_part.index.str[:3]
        facts.add(
            "participation_included_share",
            taking_part[codes.isin(["PN1", "PN2", "PN3"])].sum() / taking_part.sum() * 100,
            unit="%",
            label="Reviews that included the child (PN1-PN3)",
            source="participation",
        )
        facts.add(
            "participation_no_views_share",
            taking_part[codes == "PN7"].sum() / taking_part.sum() * 100,
            unit="%",
            decimals=1,
            label="Reviews the child neither attended nor gave views to (PN7)",
            source="participation",
        )

    @cached_property
    def _records(self) -> pd.DataFrame:
        from ..measures import reviews as rv

        return rv.records_by_quarter(self.service.review_records, self.year.start_year)

    @table("review-records")
    def review_records(self) -> Table | None:
        from ..present.tables import Table

        if not self._records.set_index("Quarter").loc["Year", "Reviews"]:
            return None
        return (
            Table.from_frame(
                self._records,
                id="review-records",
                caption=f"Review records distributed within 20 working days, {self.year.label}",
                stub=["Quarter"],
                source=self._source("review records"),
                synthetic=self.synthetic,
            )
            .fmt("count", columns=["Reviews", "On time"])
            .fmt("%", 0, columns=["% on time"])
        )

    @cached_property
    def _sw_reports(self) -> pd.DataFrame:
        from ..measures import reviews as rv

        return rv.reports_by_quarter(self.service.sw_reports, self.year.start_year)

    @table("sw-reports")
    def sw_reports(self) -> Table | None:
        from ..present.tables import Table

        if not self._sw_reports.set_index("Quarter").loc["Year", "Reviews"]:
            return None
        return (
            Table.from_frame(
                self._sw_reports,
                id="sw-reports",
                caption="Social work reports received 3 working days before the review, "
                f"{self.year.label}",
                stub=["Quarter"],
                source=self._source("records of social work reports"),
                synthetic=self.synthetic,
            )
            .fmt("count", columns=["Reviews", "No report", "On time"])
            .fmt("%", 0, columns=["% on time"])
            .note(
                "On time: the report reached the IRO at least 3 working days before the review. "
                "No report: the review was held without one."
            )
        )

    @property
    def _target_measures(self) -> dict[str, float | None]:
        """This year's value of each measure the service sets targets for (None: not held)."""
        records = self._records.set_index("Quarter").loc["Year"]
        reports = self._sw_reports.set_index("Quarter").loc["Year"]
        return {
            "reviews_on_time_share": float(
                self._review_quarters.set_index("Quarter").loc["Year", "% on time"]
            ),
            "records_on_time_share": float(records["% on time"]) if records["Reviews"] else None,
            "sw_reports_on_time_share": float(reports["% on time"]) if reports["Reviews"] else None,
        }

    def _target(self, measure: str, year: Period) -> float | None:
        targets = self.service.targets
        rows = targets.loc[(targets["measure"] == measure) & (targets["year"] == str(year))]
        return float(rows["target"].iloc[0]) if len(rows) else None

    @cached_property
    def _participation(self) -> pd.Series:
        from ..measures import reviews as rv

        return rv.participation(self._reviews[0], self.year.start_year)

    @table("participation")
    def participation(self) -> Table:
        return self._share_table(
            self._participation,
            id="participation",
            caption=f"How children took part in their reviews, {self.year.label}",
            label="Participation",
            counted="Reviews",
            source=self._source("903"),
        )

    @figure("participation")
    def participation_chart(self) -> Figure:
        return self._count_chart(
            self._participation,
            id="participation",
            caption=f"Children's participation in their reviews, {self.year.label}",
            label="Participation",
            counted="Reviews",
        )

    # Dispute resolution protocol --------------------------------------------------------------

    @cached_property
    def _drp_quarters(self) -> list[str]:
        from ..measures import drp

        return drp.covered_quarters(self.service.drp_log, self.year.start_year)

    @table("drp-stages")
    def drp_stages(self) -> Table | None:
        from ..measures import drp
        from ..present.tables import Table

        if not self._drp_quarters:
            return None
        return Table.from_frame(
            drp.by_quarter_and_stage(self.service.drp_log, self.year.start_year),
            id="drp-stages",
            caption=f"Use of the DRP by quarter and stage, {self.year.label}",
            stub=["Quarter"],
            source=self._source("DRP log"),
            synthetic=self.synthetic,
        ).fmt("count")

    @cached_property
    def _drp_reasons(self) -> pd.Series:
        from ..measures import drp

        return drp.by_reason(self.service.drp_log, self.year.start_year)

    @table("drp-reasons")
    def drp_reasons(self) -> Table | None:
        if not self._drp_quarters:
            return None
        return self._share_table(
            self._drp_reasons,
            id="drp-reasons",
            caption="Reasons for using the DRP",
            label="Reason",
            counted="Uses",
            source=self._source("DRP log"),
        )

    @figure("drp-reasons")
    def drp_reasons_chart(self) -> Figure | None:
        if not self._drp_quarters:
            return None
        return self._count_chart(
            self._drp_reasons,
            id="drp-reasons",
            caption="Reasons for IRO use of the DRP",
            label="Reason",
            counted="Uses",
        )

    def _record_drp(self, facts: Ledger) -> None:
        from ..measures import drp

        covered = self._drp_quarters
        facts.condition(
            "drp_log_covers_year",
            len(covered) == 4,
            label="The DRP log covers the whole year",
            source="drp_log",
            method="quarters from the log's first entry",
        )
        facts.condition(
            "drp_recorded",
            bool(covered),
            label="The DRP log covers some of the year",
            source="drp_log",
            method="quarters from the log's first entry",
        )
        facts.condition(
            "drp_log_covers_part",
            0 < len(covered) < 4,
            label="The DRP log began during the year",
            source="drp_log",
            method="quarters from the log's first entry",
        )
        facts.word(
            "drp_began",
            f"{self.service.drp_log['raised'].min():%B %Y}",
            label="The month of the DRP log's first entry",
            source="drp_log",
        )
        facts.word(
            "drp_quarters",
            f"{covered[0]} to {covered[-1]}" if len(covered) > 1 else "".join(covered),
            label="The quarters of the year the DRP log covers",
            source="drp_log",
            method="quarters from the log's first entry",
        )
        total = drp.by_quarter_and_stage(self.service.drp_log, self.year.start_year)
        facts.add(
            "drp_total",
            int(total["Total"].iloc[-1]) if covered else "x",
            unit="count",
            label="Uses of the DRP in the quarters its log covers",
            source="drp-stages",
        )

    # Disability -------------------------------------------------------------------------------

    @cached_property
    def _disabled(self) -> pd.DataFrame | None:
        """Children in care deemed to have a disability; None when the service's disability
        records do not cover every child in care at 31 March (another year's list)."""
        from ..measures import looked_after as m

        return m.disabled(self.in_care, self.service.disability)

    @cached_property
    def _disabled_by_status(self) -> pd.Series | None:
        from ..measures import looked_after as m

        return None if self._disabled is None else m.legal_status(self._disabled)

    @table("disability-legal-status")
    def disability_legal_status(self) -> Table | None:
        if self._disabled_by_status is None:
            return None
        return self._share_table(
            self._disabled_by_status,
            id="disability-legal-status",
            caption="Children in care with a disability, by legal status",
            label="Legal status",
            source=self._source("903", "disability records"),
        )

    @figure("disability-legal-status")
    def disability_legal_status_chart(self) -> Figure | None:
        if self._disabled_by_status is None:
            return None
        return self._count_chart(
            self._disabled_by_status,
            id="disability-legal-status",
            caption="Disability and legal status",
            label="Legal status",
        )

    def _record_disability(self, facts: Ledger) -> None:
        disabled = self._disabled
        facts.condition(
            "disability_recorded",
            disabled is not None,
            label="The service's disability records cover the children in care at 31 March",
            source="disability",
            method="every child in care has a row in disability.csv",
        )
        if disabled is None:
            return
        facts.add(
            "disabled",
            len(disabled),
            unit="count",
            label="Children in care with a disability",
            source="disability",
        )
        facts.add(
            "disabled_share",
            len(disabled) / len(self.in_care) * 100,
            unit="%",
            label="Share of children in care with a disability",
            source="disability",
        )
        facts.add(
            "disabled_s20_disability",
            int(((disabled["LS"] == "V2") & (disabled["CIN"] == "N2")).sum()),
            unit="count",
            label="Disabled children in care because of their disability, by agreement (s20)",
            source="disability",
        )

    # Leaving care -----------------------------------------------------------------------------

    @cached_property
    def _leaving_reasons(self) -> pd.Series:
        from ..measures import looked_after as m

        return m.leaving_reasons(m.ceased(self.current, self.year.start_year))

    @table("leaving-reasons")
    def leaving_reasons(self) -> Table:
        return self._share_table(
            self._leaving_reasons,
            id="leaving-reasons",
            caption=f"Children who ceased to be looked after in {self.year.label}, by reason",
            label="Reason",
            source=self._source("903"),
        )

    @figure("leaving-reasons")
    def leaving_reasons_chart(self) -> Figure:
        return self._count_chart(
            self._leaving_reasons,
            id="leaving-reasons",
            caption="Reason for a child leaving care",
            label="Reason",
        )

    # Placements -------------------------------------------------------------------------------

    @cached_property
    def _placements(self) -> pd.Series:
        from ..measures import looked_after as m

        return m.placements_in_year(self.current, self.in_care["CHILD"], self.year.start_year)

    @cached_property
    def _stability(self) -> pd.Series:
        from ..measures import looked_after as m

        return m.stability(self._placements)

    @table("placement-stability")
    def placement_stability(self) -> Table:
        return self._share_table(
            self._stability,
            id="placement-stability",
            caption=f"Placements in {self.year.label}, children in care at 31 March",
            label="Placements in the year",
            source=self._source("903"),
        )

    @figure("placement-stability")
    def placement_stability_chart(self) -> Figure:
        return self._count_chart(
            self._stability,
            id="placement-stability",
            caption="Placement stability",
            label="Placements in the year",
        )

    @cached_property
    def _distances(self) -> pd.Series:
        from ..measures import placements as pl

        return pl.distance_bands(self.in_care, pl.postcode_grid())

    @table("distance")
    def distance(self) -> Table:
        return self._share_table(
            self._distances,
            id="distance",
            caption="Distance from home to placement, children in care at 31 March",
            label="Distance",
            source=self._source("903") + "; ONS postcode centroids",
        )

    def _record_placements(self, facts: Ledger) -> None:
        from ..measures import looked_after as m

        facts.add(
            "moves_3_plus",
            int((self._placements >= 3).sum()),
            unit="count",
            label="Children in care with three or more placements in the year",
            source="episodes",
        )
        facts.add(
            "placed_over_20_miles",
            self._distances["Over 20 miles"],
            unit="count",
            label="Children placed more than 20 miles from home",
            source="distance",
        )
        uasc = m.unaccompanied(self.in_care, self.current)
        facts.add(
            "uasc",
            len(uasc),
            unit="count",
            label="Unaccompanied asylum-seeking children in care",
            source="uasc",
        )
        facts.add(
            "uasc_share",
            len(uasc) / len(self.in_care) * 100,
            unit="%",
            label="Share of children in care who are UASC",
            source="uasc",
        )
        facts.add(
            "uasc_16_plus",
            int((m.age_on(uasc["DOB"], self.census) >= 16).sum()),
            unit="count",
            label="UASC aged 16 or over",
            source="uasc",
        )
        facts.add(
            "uasc_male",
            int((uasc["SEX"] == "M").sum()),
            unit="count",
            label="UASC who are male",
            source="uasc",
        )

    # Internal audit, targets and areas for development ----------------------------------------

    def _for_year(self, frame: pd.DataFrame, year: Period) -> pd.DataFrame:
        return frame.loc[frame["year"] == str(year)]

    @table("internal-audit")
    def internal_audit(self) -> Table | None:
        from ..present.tables import Table

        audit = self._for_year(self.service.internal_audit, self.year)
        if audit.empty:
            return None
        return Table.from_frame(
            audit[["assessment", "objective"]].rename(
                columns={"assessment": "Assessment", "objective": "Key control objective"}
            ),
            id="internal-audit",
            caption=f"Internal audit of the IRO service, {self.year.label}",
            stub=["Assessment", "Key control objective"],
            source=audit["source"].iloc[0],
        ).note(f"Overall rating: {audit['overall'].iloc[0]}.")

    def _record_audit(self, facts: Ledger) -> None:
        audit = self._for_year(self.service.internal_audit, self.year)
        facts.word(
            "audit_overall",
            audit["overall"].iloc[0] if len(audit) else "",
            label="The internal audit's overall rating",
            source="internal-audit",
            method="as published",
        )
        facts.condition(
            "targets_set_ahead",
            not self._for_year(self.service.targets, self.year.following).empty,
            label="The service has set targets for the year ahead",
            source="IRO service targets",
            method="rows for the following year in targets.csv",
        )

    @table("targets")
    def targets(self) -> Table | None:
        """The service's targets for the year ahead beside each measure's value this year, to
        the decimals the report states it."""
        import pandas as pd

        from ..present.tables import Table

        ahead = self.year.following
        plans = self._for_year(self.service.targets, ahead)
        if plans.empty:
            return None
        values = self._target_measures
        decimals = {"reviews_on_time_share": 1}
        standing = pd.DataFrame(
            {
                "Measure": [TARGET_MEASURES[measure] for measure in plans["measure"]],
                f"Target {ahead.label}": plans["target"].to_numpy(),
                self.year.label: [
                    "x" if values[measure] is None else values[measure]
                    for measure in plans["measure"]
                ],
            }
        )
        table = Table.from_frame(
            standing,
            id="targets",
            caption=f"Targets for {ahead.label}, and each measure in {self.year.label}",
            stub=["Measure"],
            source="IRO service targets; this report's measures",
        ).fmt("%", 0, columns=[f"Target {ahead.label}", self.year.label])
        for row, measure in enumerate(plans["measure"]):
            table = table.fmt("%", decimals.get(measure, 0), rows=[row], columns=[self.year.label])
        return table

    @table("development-areas")
    def development_areas(self) -> Table | None:
        from ..present.tables import Table

        areas = self._for_year(self.service.development_areas, self.year.following)
        if areas.empty:
            return None
        return Table.from_frame(
            areas[["area", "action"]].rename(
                columns={"area": "Area for development", "action": "Action"}
            ),
            id="development-areas",
            caption=f"Areas for development, {self.year.following.label}",
            stub=["Area for development", "Action"],
            source=areas["source"].iloc[0],
        )

    def record(self, facts: Ledger) -> None:
        facts.condition(
            "synthetic_data",
            self.synthetic,
            label="The child-level data is synthetic",
            source="ssda903",
            method="SYNTHETIC.txt in the return's year folder",
        )
        self._record_children_in_care(facts)
        self._record_profile(facts)
        self._record_reviews(facts)
        self._record_drp(facts)
        self._record_disability(facts)
        self._record_placements(facts)
        self._record_audit(facts)


REPORT = Report(
    id="iro",
    title="Independent Reviewing Officer annual report",
    notebook="iro_annual_report.ipynb",
    data="iro",
    cover="cover/iro.yml",
    slides="slides/iro.yml",
    coverage=coverage,
    check=check,
    content=IroReport,
)
