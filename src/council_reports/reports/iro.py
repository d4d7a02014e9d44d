"""The Independent Reviewing Officer (IRO) annual report: children looked after, from the
SSDA903 return (synthetic in this repository) and the IRO service's own records."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..errors import ParameterError
from ..periods import Period
from . import Content, Context, Report, cached_load, figure, table

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
    root = data_dir / "ssda903"
    return {
        name: _load_year(root / name) for name in coverage(data_dir) if Period.parse(name) <= period
    }


@cached_load
def _load_year(folder: Path) -> SSDA903:
    """One collection year, read once while its files are unchanged (a batch of years reads
    each year once)."""
    from ..validate.ssda903 import load_ssda903

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
    from ..validate import iro_service as read

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


def check(data_dir: Path, la: str, period: Period) -> None:
    from ..present.differences import PUBLISHED, read_published
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
    )
    read_published(data_dir / PUBLISHED)


def _direction(change: float | None, up: str, down: str, same: str) -> str:
    from ..measures.benchmarks import direction

    return direction(change, up=up, down=down, same=same) or ""


def _joined(words: list[str]) -> str:
    """``Q1``, ``Q1 and Q4``, ``Q1, Q2 and Q4``."""
    return " and ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


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
        """Whether any figure is made up: the 903 return (its year folders' SYNTHETIC.txt) or
        a service record SYNTHETIC.txt names."""
        return self._return_synthetic or bool(self.service.synthetic)

    @property
    def _return_synthetic(self) -> bool:
        root = self.context.data_dir / "ssda903"
        return any((root / name / "SYNTHETIC.txt").is_file() for name in self.returns)

    def _made_up(self, *sources: str) -> bool:
        """Whether a table or chart fed by ``sources`` ("903" or a service file's name) shows
        made-up figures, so its caption says so."""
        return any(
            self._return_synthetic if source == "903" else source in self.service.synthetic
            for source in sources
        )

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

    def _for_year(self, frame: pd.DataFrame, year: Period | None = None) -> pd.DataFrame:
        """A service record's rows for this year (or ``year``)."""
        return frame.loc[frame["year"] == str(year or self.year)].reset_index(drop=True)

    def _share_table(self, counts: pd.Series, *sources: str, **kwargs: str) -> Table:
        from ..present.profiles import share_table

        return share_table(
            counts, synthetic=self._made_up(*sources), source=self._source(*sources), **kwargs
        )

    def _count_chart(
        self, counts: pd.Series | pd.DataFrame, *sources: str, **kwargs: str
    ) -> Figure:
        from ..present.profiles import count_chart

        return count_chart(counts, synthetic=self._made_up(*sources), **kwargs)

    def _source(self, *sources: str) -> str:
        """A table's source line, in words."""
        names = {
            "903": RETURN,
            "drp_log.csv": f"{SERVICE} DRP log",
            "review_records.csv": f"{SERVICE} review records",
            "disability.csv": f"{SERVICE} disability records",
            "staffing.csv": f"{SERVICE} staffing records",
            "midway_reviews.csv": f"{SERVICE} midway review records",
            "population.csv": "population aged 0-17",
            "national.csv": "DfE, Children looked after in England including adoptions",
        }
        return "; ".join(names[source] for source in sources)

    def _statements(
        self,
        frame: pd.DataFrame,
        columns: dict[str, str],
        *,
        id: str,
        caption: str,
        year: Period | None = None,
    ) -> Table | None:
        """A table of the service's own words for the year (``columns``: file column to
        heading; the first is the stub), citing where each was published; None without rows."""
        from ..present.tables import Table

        rows = self._for_year(frame, year)
        if rows.empty:
            return None
        return Table.from_frame(
            rows[list(columns)].rename(columns=columns),
            id=id,
            caption=caption,
            stub=list(columns.values()),
            source="; ".join(dict.fromkeys(rows["source"])),
        )

    # The IRO service --------------------------------------------------------------------------

    @cached_property
    def _staffing(self) -> pd.DataFrame:
        import pandas as pd

        from ..measures import looked_after as m
        from ..measures.iro_service import caseloads
        from ..years import QUARTERS, quarter_bounds

        ends = [end for _, end in quarter_bounds(self.year.start_year)]
        in_care = pd.Series(
            [len(m.looked_after_on(self.current, end)) for end in ends], index=list(QUARTERS)
        )
        return caseloads(self._for_year(self.service.staffing), in_care)

    @table("staffing")
    def staffing(self) -> Table | None:
        from ..present.tables import Table

        if self._staffing.empty:
            return None
        columns = {
            "quarter": "Quarter",
            "fte": "IROs (full-time equivalent)",
            "left": "Left",
            "joined": "Joined",
            "agency": "Agency cover",
            "reallocated": "Children needing a new IRO",
            "in_care": "Children in care",
            "caseload": "Children in care per full-time IRO",
        }
        return (
            Table.from_frame(
                self._staffing[list(columns)].rename(columns=columns),
                id="staffing",
                caption=f"IROs and children in care at the end of each quarter, {self.year.label}",
                stub=["Quarter"],
                source=self._source("staffing.csv", "903"),
                synthetic=self._made_up("staffing.csv", "903"),
            )
            .fmt("count")
            .counts(columns=["Left", "Joined", "Agency cover", "Children needing a new IRO"])
            .fmt("number", 1, columns=["IROs (full-time equivalent)"])
            .fmt("number", 0, columns=["Children in care per full-time IRO"])
            .note(
                "Left, joined and agency cover: Independent Chairs during the quarter. The "
                "Independent Chairs also chair child protection conferences, so children in care "
                "are not the whole of their caseload."
            )
        )

    def _record_staffing(self, facts: Ledger) -> None:
        staffing = self._staffing
        held = not staffing.empty
        facts.condition(
            "staffing_recorded",
            held,
            label="The service's staffing records cover the year",
            source="staffing",
            method="rows for the year in staffing.csv",
        )
        for id, column, label in (
            ("iros_left", "left", "Independent Chairs who left during the year"),
            ("iros_joined", "joined", "Independent Chairs recruited during the year"),
            ("iro_agency", "agency", "Posts covered by an agency worker during the year"),
            ("children_reallocated", "reallocated", "Children who needed a new IRO"),
        ):
            facts.add(
                id,
                int(staffing[column].sum()) if held else "x",
                unit="count",
                label=label,
                source="staffing",
            )
        facts.add(
            "caseload_end",
            staffing["caseload"].iloc[-1] if held else "x",
            unit="number",
            label=f"Children in care per full-time IRO at {self.words()['census_date']}",
            source="staffing",
            method="children in care / IROs' full-time equivalent",
        )

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
                synthetic=self._made_up("903"),
            )
            .fmt("count", columns=["Looked after", "Started", "Ceased"])
            .fmt("%", 1, columns=["% change"], signed=True)
            .note(
                "% change: children in care at 31 March against the year before (not available "
                "for the first year in the data). Starts and ends count each child once."
            )
        )

    def _record_children_in_care(self, facts: Ledger) -> None:
        latest = self._table_1.iloc[-1]
        year = self.year
        for id, column, label in (
            ("in_care", "Looked after", f"Children in care at 31 March {year.end_year}"),
            ("starts", "Started", f"Children who started to be looked after in {year.label}"),
            ("ends", "Ceased", f"Children who ceased to be looked after in {year.label}"),
        ):
            facts.add(id, latest[column], unit="count", label=label, source="table-1")
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
            _direction(change, "an increase", "a decrease", "no change"),
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

    # Leaving care -----------------------------------------------------------------------------

    @cached_property
    def _leaving_reasons(self) -> pd.Series:
        from ..measures import looked_after as m

        return m.leaving_reasons(m.ceased(self.current, self.year.start_year))

    @table("leaving-reasons")
    def leaving_reasons(self) -> Table:
        return self._share_table(
            self._leaving_reasons,
            "903",
            id="leaving-reasons",
            caption=f"Children who ceased to be looked after in {self.year.label}, by reason",
            label="Reason",
        )

    @figure("leaving-reasons")
    def leaving_reasons_chart(self) -> Figure:
        return self._count_chart(
            self._leaving_reasons,
            "903",
            id="leaving-reasons",
            caption=f"Reason for a child leaving care, {self.year.label}",
            label="Reason",
        )

    @table("returned-home")
    def returned_home(self) -> Table | None:
        from ..present.tables import Table

        rows = self._for_year(self.service.returned_home)
        if rows.empty:
            return None
        return (
            Table.from_frame(
                rows[["circumstance", "children"]].rename(
                    columns={"circumstance": "Circumstances", "children": "Children"}
                ),
                id="returned-home",
                caption=f"Children who left care to live with a parent, {self.year.label}",
                stub=["Circumstances"],
                source="; ".join(dict.fromkeys(rows["source"])),
            )
            .fmt("count")
            .counts()
        )

    def _record_leaving(self, facts: Ledger) -> None:
        reasons = self._leaving_reasons
        shown = self.shown(self.leaving_reasons())
        for id, reason in (
            ("ceased_at_18", "Ceased at 18"),
            ("returned_home", "Returned home to parents"),
            ("sgo", "Special guardianship order"),
            ("adopted", "Adopted"),
            ("custody", "Sentenced to custody"),
        ):
            facts.add(
                id,
                shown.total_of([reason], "Children") if reason in reasons.index else 0,
                unit="count",
                label=f"Children who ceased to be looked after in {self.year.label}: {reason}",
                source="leaving-reasons",
            )
        facts.add(
            "ceased_at_18_share",
            reasons.get("Ceased at 18", 0) / reasons.sum() * 100 if reasons.sum() else "x",
            unit="%",
            decimals=1,
            label="Share of the children who ceased to be looked after who did so at 18",
            source="leaving-reasons",
        )
        account = self._for_year(self.service.returned_home)
        total = int(account["children"].sum())
        facts.condition(
            "returned_home_explained",
            not account.empty,
            label="The service accounts for the children who went home to a parent",
            source="returned_home",
            method="rows for the year in returned_home.csv",
        )
        facts.add(
            "returned_home_explained_total",
            total if len(account) else "x",
            unit="count",
            label="Children in the service's account of those who went home to a parent",
            source="returned_home",
        )
        facts.condition(
            "returned_home_agrees",
            account.empty or total == reasons.get("Returned home to parents", 0),
            label="The service's account and the return count the same children going home",
            source="returned_home",
            method="returned_home_explained_total == returned_home",
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
                synthetic=self._made_up("903"),
            )
            .fmt("count", columns=["Reviews", "On time"])
            .fmt("%", 1, columns=["% on time"])
        )

    @figure("review-timeliness")
    def review_timeliness_chart(self) -> Figure:
        from ..present.charts import bar_chart

        quarters = self._review_quarters
        return bar_chart(
            quarters.loc[quarters["Quarter"] != "Year"].assign(series="Reviews on time"),
            id="review-timeliness",
            caption=f"Reviews on time by quarter, {self.year.label}",
            title="Reviews on time",
            category="Quarter",
            series="series",
            value="% on time",
            unit="%",
            decimals=1,
            synthetic=self._made_up("903"),
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
            synthetic=self._made_up("903"),
        )

    def _record_reviews(self, facts: Ledger) -> None:
        from ..measures import reviews as rv
        from ..measures.benchmarks import change

        quarters = self._review_quarters.set_index("Quarter")
        whole = quarters.loc["Year"]
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
        judged = before in self._judged_years
        previous = rv.share_on_time(self._reviews[1], before.start_year) if judged else None
        facts.condition(
            "reviews_previous_judged",
            judged,
            label=f"Every review held in {before.label} can be judged",
            source="review-timeliness",
            method="a return for the year before that one",
        )
        facts.add(
            "reviews_on_time_share_previous",
            "x" if previous is None else previous,
            unit="%",
            decimals=1,
            label=f"% of reviews held on time in {before.label}",
            source="review-timeliness",
        )
        difference = None if previous is None else change(whole["% on time"], previous, 1)
        facts.add(
            "reviews_on_time_change",
            "x" if difference is None else difference,
            unit="pp",
            decimals=1,
            label="Change in the % of reviews held on time on the year before",
            source="review-timeliness",
            method="reviews_on_time_share minus the year before's, each rounded as shown",
        )
        facts.word(
            "reviews_on_time_direction",
            _direction(difference, "an improvement", "a fall", "no change"),
            label="Direction of the change in reviews held on time",
            source="review-timeliness",
            method="sign of reviews_on_time_change",
        )
        late = (quarters["Reviews"] - quarters["On time"]).drop("Year")
        most = late.loc[late > 0].nlargest(2, keep="all")
        facts.condition(
            "reviews_late",
            not most.empty,
            label="Some reviews were held late",
            source="review-timeliness",
            method="reviews less reviews on time, by quarter",
        )
        facts.word(
            "reviews_late_quarters",
            _joined(sorted(most.index)),
            label="The quarters with the most reviews held late",
            source="review-timeliness",
            method="the two quarters with the most late reviews (more on a tie)",
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
            "participation_no_views",
            int(taking_part[codes == "PN7"].sum()),
            unit="count",
            label="Reviews the child neither attended nor gave views to (PN7)",
            source="participation",
        )
        facts.add(
            "participation_no_views_share",
            taking_part[codes == "PN7"].sum() / taking_part.sum() * 100,
            unit="%",
            decimals=1,
            label="% of reviews the child neither attended nor gave views to (PN7)",
            source="participation",
        )

    # Midway reviews, social work reports and review records -----------------------------------

    @cached_property
    def _midway(self) -> pd.DataFrame:
        return self._for_year(self.service.midway_reviews)

    @table("midway-reviews")
    def midway_reviews(self) -> Table | None:
        from ..present.tables import Table

        midway = self._midway
        if midway.empty:
            return None
        frame = midway[["quarter", "status", "due", "completed"]].assign(
            share=(midway["completed"] / midway["due"] * 100)
        )
        paused = (frame["status"] == "paused").to_numpy()
        frame = frame.astype(object)
        frame.loc[paused, ["due", "completed", "share"]] = "z"
        frame = frame.rename(
            columns={
                "quarter": "Quarter",
                "status": "Midway reviews",
                "due": "Due",
                "completed": "Completed",
                "share": "% completed",
            }
        )
        return (
            Table.from_frame(
                frame,
                id="midway-reviews",
                caption=f"Midway reviews due and completed, {self.year.label}",
                stub=["Quarter", "Midway reviews"],
                source=self._source("midway_reviews.csv"),
                synthetic=self._made_up("midway_reviews.csv"),
            )
            .fmt("count", columns=["Due", "Completed"])
            .fmt("%", 0, columns=["% completed"])
        )

    def _record_midway(self, facts: Ledger) -> None:
        from ..measures.iro_service import share

        midway = self._midway
        in_place = midway.loc[midway["status"] != "paused"]
        paused = midway.loc[midway["status"] == "paused", "quarter"]
        facts.condition(
            "midway_recorded",
            not midway.empty,
            label="The service's midway review records cover the year",
            source="midway_reviews",
            method="rows for the year in midway_reviews.csv",
        )
        facts.condition(
            "midway_paused",
            not paused.empty,
            label="Midway reviews were paused during the year",
            source="midway_reviews",
            method="a quarter marked paused",
        )
        facts.word(
            "midway_paused_from",
            paused.iloc[0] if len(paused) else "",
            label="The quarter midway reviews were paused from",
            source="midway_reviews",
        )
        due, completed = in_place["due"].sum(), in_place["completed"].sum()
        rate = share(completed, due)
        for id, value, unit, label in (
            ("midway_due", due, "count", "Midway reviews due while they were in place"),
            ("midway_completed", completed, "count", "Midway reviews completed"),
            ("midway_completed_share", rate, "%", "% of midway reviews due that were completed"),
        ):
            facts.add(
                id,
                "x" if midway.empty or rate is None else value,
                unit=unit,
                label=label,
                source="midway-reviews",
            )

    @cached_property
    def _sw_audits(self) -> pd.DataFrame:
        return self._for_year(self.service.sw_report_audits)

    @table("sw-report-audit")
    def sw_report_audit(self) -> Table | None:
        from ..present.tables import Table

        audits = self._sw_audits
        if audits.empty:
            return None
        frame = audits[["month", "reviews", "with_report", "three_days_before"]].rename(
            columns={
                "month": "Audit",
                "reviews": "Reviews",
                "with_report": "With a social work report",
                "three_days_before": "With it 3 working days before",
            }
        )
        return (
            Table.from_frame(
                frame,
                id="sw-report-audit",
                caption="Social work reports for reviews, as the service's audits found them",
                stub=["Audit"],
                source="; ".join(dict.fromkeys(audits["source"])),
            )
            .fmt("count")
            .note("The service has no data report covering every review of the year.")
        )

    def _record_sw_audit(self, facts: Ledger) -> None:
        from ..measures.iro_service import share

        audits = self._sw_audits
        held = not audits.empty
        facts.condition(
            "sw_audit_recorded",
            held,
            label="The service audited social work reports during the year",
            source="sw_report_audits",
            method="rows for the year in sw_report_audits.csv",
        )
        latest = audits.iloc[-1] if held else None
        facts.word(
            "sw_audit_month",
            "" if latest is None else latest["month"],
            label="When the service audited social work reports",
            source="sw_report_audits",
        )
        values = {} if latest is None else latest.to_dict()
        for id, value, unit, label in (
            ("sw_audit_reviews", values.get("reviews"), "count", "Reviews audited"),
            (
                "sw_audit_with_report",
                values.get("with_report"),
                "count",
                "Reviews audited that had a social work report",
            ),
            (
                "sw_audit_on_time",
                values.get("three_days_before"),
                "count",
                "Reviews audited with the social work report 3 working days before",
            ),
        ):
            facts.add(id, "x" if value is None else value, unit=unit, label=label, source="audit")
        for id, part, whole, label in (
            (
                "sw_audit_with_report_share",
                "with_report",
                "reviews",
                "% of reviews audited that had a social work report",
            ),
            (
                "sw_audit_on_time_share",
                "three_days_before",
                "reviews",
                "% of reviews audited with the report 3 working days before",
            ),
            (
                "sw_audit_on_time_share_of_reports",
                "three_days_before",
                "with_report",
                "% of the social work reports audited that came 3 working days before",
            ),
        ):
            value = None if latest is None else share(latest[part], latest[whole])
            facts.add(id, "x" if value is None else value, unit="%", label=label, source="audit")

    @cached_property
    def _records(self) -> pd.DataFrame:
        from ..measures import reviews as rv

        return rv.records_by_quarter(self.service.review_records, self.year.start_year)

    @property
    def _records_held(self) -> bool:
        return bool(self._records.set_index("Quarter").loc["Year", "Reviews"])

    @table("review-records")
    def review_records(self) -> Table | None:
        from ..present.tables import Table

        if not self._records_held:
            return None
        return (
            Table.from_frame(
                self._records,
                id="review-records",
                caption=f"Review records distributed within 20 working days, {self.year.label}",
                stub=["Quarter"],
                source=self._source("review_records.csv"),
                synthetic=self._made_up("review_records.csv"),
            )
            .fmt("count", columns=["Reviews", "On time"])
            .fmt("%", 0, columns=["% on time"])
        )

    @property
    def _target_measures(self) -> dict[str, float | None]:
        """This year's value of each measure the service sets targets for (None: not held;
        the service has no data on social work reports for every review)."""
        quarters = self._review_quarters.set_index("Quarter")
        records = self._records.set_index("Quarter")
        return {
            "reviews_on_time_share": float(quarters.loc["Year", "% on time"]),
            "records_on_time_share": float(records.loc["Year", "% on time"])
            if self._records_held
            else None,
            "sw_reports_on_time_share": None,
        }

    def _target(self, measure: str, year: Period) -> float | None:
        targets = self._for_year(self.service.targets, year)
        rows = targets.loc[targets["measure"] == measure]
        return float(rows["target"].iloc[0]) if len(rows) else None

    def _record_review_records(self, facts: Ledger) -> None:
        facts.condition(
            "review_records_held",
            self._records_held,
            label="The service's review records cover this year",
            source="review_records",
            method="a record for a review held in the year",
        )
        value = self._target_measures["records_on_time_share"]
        facts.add(
            "records_on_time_share",
            "x" if value is None else value,
            unit="%",
            label="Review records distributed within 20 working days",
            source="review-records",
        )
        target = self._target("records_on_time_share", self.year)
        facts.add(
            "records_on_time_share_target",
            "x" if target is None else target,
            unit="%",
            label=f"Target for review records distributed on time, {self.year.label}",
            source="IRO service targets",
        )
        facts.condition(
            "records_on_time_share_target_set",
            target is not None,
            label="The service had a target this year for review records",
            source="IRO service targets",
            method="a row for the measure and year in targets.csv",
        )

    @cached_property
    def _participation(self) -> pd.Series:
        from ..measures import reviews as rv

        return rv.participation(self._reviews[0], self.year.start_year)

    @table("participation")
    def participation(self) -> Table:
        return self._share_table(
            self._participation,
            "903",
            id="participation",
            caption=f"How children took part in their reviews, {self.year.label}",
            label="Participation",
            counted="Reviews",
        )

    @figure("participation")
    def participation_chart(self) -> Figure:
        return self._count_chart(
            self._participation,
            "903",
            id="participation",
            caption=f"Children's participation in their reviews, {self.year.label}",
            label="Participation",
            counted="Reviews",
        )

    # Profile ----------------------------------------------------------------------------------

    @cached_property
    def _national(self) -> dict[str, float]:
        rows = self._for_year(self.service.national)
        return dict(zip(rows["measure"], rows["value"], strict=True))

    @cached_property
    def _rate(self) -> float | None:
        from ..measures.drp import rate_per_10000

        population = self.service.population
        if LA not in population.index:
            return None
        return rate_per_10000(len(self.in_care), population.loc[LA, "population_0_17"])

    @table("national")
    def national(self) -> Table | None:
        """This LA beside England: the number and rate in care and the shares the DfE
        publishes, each as the DfE rounds it."""
        import pandas as pd

        from ..measures import looked_after as m
        from ..present.tables import Table

        england = self._national
        if not england:
            return None
        ours = {
            "children_in_care": len(self.in_care),
            "rate_per_10000": self._rate,
        } | m.published_shares(self.in_care)
        labels = {
            "children_in_care": "Children in care",
            "rate_per_10000": "Per 10,000 children",
            "male": "Male",
            "female": "Female",
            "white": "White",
            "mixed": "Mixed",
            "black": "Black",
            "asian": "Asian",
            "other_ethnic_group": "Other ethnic group",
            "ethnicity_not_known": "Ethnicity not known",
            "care_order": "Care order (interim or full)",
            "section_20": "Section 20",
            "placement_order": "Placement order",
        }
        shown = [measure for measure in labels if measure in england]
        frame = pd.DataFrame(
            {
                "Measure": [labels[measure] for measure in shown],
                LA_NAME: ["x" if ours[k] is None else ours[k] for k in shown],
                "England": [england[measure] for measure in shown],
            }
        )
        counts = [labels["children_in_care"]]
        return (
            Table.from_frame(
                frame,
                id="national",
                caption=f"Children in care at 31 March {self.year.end_year}: {LA_NAME} and England",
                stub=["Measure"],
                source=self._source("903", "population.csv", "national.csv"),
                synthetic=self._made_up("903", "population.csv"),
            )
            .fmt("%", 0)
            .fmt("count", rows=counts)
            .fmt("per10k", 0, rows=[labels["rate_per_10000"]])
            .note("Shares are of all children in care; a care order includes an interim one.")
        )

    def _record_national(self, facts: Ledger) -> None:
        from ..measures.benchmarks import compare

        england = self._national
        units = {"children_in_care": "count", "rate_per_10000": "per10k"}
        for measure in NATIONAL_MEASURES:
            facts.add(
                f"england_{measure}",
                england.get(measure, "x"),
                unit=units.get(measure, "%"),
                label=f"England, {measure.replace('_', ' ')}, 31 March {self.year.end_year}",
                source="national",
            )
        facts.condition(
            "england_shares_held",
            "male" in england,
            label="England's published shares are held for this year",
            source="national",
            method="rows for the year in national.csv",
        )
        before = self._for_year(self.service.national, self.year.previous)
        previous = dict(zip(before["measure"], before["value"], strict=True)).get(
            "children_in_care"
        )
        now = england.get("children_in_care")
        difference = None if previous is None or now is None else now - previous
        facts.condition(
            "england_previous_held",
            difference is not None,
            label="England's number in care a year before is held",
            source="national",
            method="rows for both years in national.csv",
        )
        facts.add(
            "england_in_care_change",
            "x" if difference is None else difference,
            unit="count",
            label="Change in the number of children in care in England",
            source="national",
        )
        facts.word(
            "england_direction",
            _direction(difference, "more than", "fewer than", "the same as"),
            label="Direction of the change in England",
            source="national",
        )
        facts.add(
            "rate_per_10000",
            "x" if self._rate is None else self._rate,
            unit="per10k",
            label="Children in care per 10,000 children",
            source="population",
            method="in_care / population aged 0-17 * 10,000",
        )
        facts.word(
            "rate_vs_england",
            compare(self._rate, england.get("rate_per_10000"), 0) or "",
            label="The rate in care against England's, as published (whole numbers)",
            source="national",
        )

    @cached_property
    def _ages(self) -> pd.Series:
        from ..measures import looked_after as m

        return m.age_bands(self.in_care, self.census)

    @table("ages")
    def ages(self) -> Table:
        return self._share_table(
            self._ages,
            "903",
            id="ages",
            caption=f"Children in care at 31 March {self.year.end_year} by age",
            label="Age",
        )

    @figure("ages")
    def ages_chart(self) -> Figure:
        return self._count_chart(
            self._ages,
            "903",
            id="ages",
            caption=f"Children in care at 31 March {self.year.end_year} by age",
            label="Age",
        )

    @table("sex")
    def sex(self) -> Table:
        from ..measures import looked_after as m

        return self._share_table(
            m.sexes(self.in_care), "903", id="sex", caption="Children in care by sex", label="Sex"
        )

    @cached_property
    def _ethnic_groups(self) -> pd.Series:
        from ..measures import looked_after as m

        return m.ethnic_groups(self.in_care)

    @table("ethnicity")
    def ethnicity(self) -> Table:
        return self._share_table(
            self._ethnic_groups,
            "903",
            id="ethnicity",
            caption="Children in care by ethnic group",
            label="Ethnic group",
        )

    @cached_property
    def _legal_status(self) -> pd.Series:
        from ..measures import looked_after as m

        return m.legal_status(self.in_care)

    @table("legal-status")
    def legal_status(self) -> Table:
        return self._share_table(
            self._legal_status,
            "903",
            id="legal-status",
            caption="Children in care by legal status",
            label="Legal status",
        )

    @figure("legal-status")
    def legal_status_chart(self) -> Figure:
        return self._count_chart(
            self._legal_status,
            "903",
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

        return (
            Table.from_frame(
                self._age_by_legal_status.reset_index(),
                id="age-by-legal-status",
                caption="Age by legal status",
                stub=["Age"],
                source=self._source("903"),
                synthetic=self._made_up("903"),
            )
            .fmt("count")
            .counts()
        )

    @figure("age-by-legal-status")
    def age_by_legal_status_chart(self) -> Figure:
        return self._count_chart(
            self._age_by_legal_status,
            "903",
            id="age-by-legal-status",
            caption="Age and legal status of children in care",
            label="Age",
        )

    def _record_profile(self, facts: Ledger) -> None:
        import pandas as pd

        from ..measures import looked_after as m
        from ..measures.benchmarks import change

        in_care = len(self.in_care)
        ages = m.age_on(self.in_care["DOB"], self.census)
        for id, chosen, label in (
            ("aged_10_plus", ages >= 10, "aged 10 or over"),
            ("aged_10_15", ages.between(10, 15), "aged 10 to 15"),
            ("aged_16_17", ages >= 16, "aged 16 or 17"),
            ("under_1", ages < 1, "under 1"),
        ):
            facts.add(
                id,
                int(chosen.sum()),
                unit="count",
                label=f"Children in care {label}",
                source="ages",
            )
            facts.add(
                f"{id}_share",
                chosen.mean() * 100,
                unit="%",
                label=f"Share of children in care {label}",
                source="ages",
            )
        sex = self.in_care["SEX"]
        before = (
            None
            if self._first_year
            else m.looked_after_on(
                self.returns[str(self.year.previous)], pd.Timestamp(self.year.start_year, 3, 31)
            )["SEX"]
        )
        for code, name in (("M", "male"), ("F", "female")):
            facts.add(
                f"{name}_share",
                (sex == code).mean() * 100,
                unit="%",
                label=f"Share of children in care who are {name}",
                source="sex",
            )
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
        groups = self._ethnic_groups
        not_known = int(groups.get("Not known", 0))
        white = int(groups.get("White", 0))
        for id, count, label in (
            ("white_share", white, "White"),
            ("not_white_share", in_care - white - not_known, "of Mixed, Black, Asian or other"),
            ("ethnicity_not_known", not_known, "of ethnicity not known"),
        ):
            facts.add(
                id,
                count / in_care * 100,
                unit="%",
                label=f"Share of children in care {label}",
                source="ethnicity",
            )
        for id, status in (
            ("care_order_share", "Care order"),
            ("section_20_share", "Section 20"),
            ("interim_care_order_share", "Interim care order"),
            ("placement_order_share", "Placement order"),
        ):
            facts.add(
                id,
                self._legal_status.get(status, 0) / in_care * 100,
                unit="%",
                label=f"Share of children in care: {status}",
                source="legal-status",
            )
        care_orders = self._age_by_legal_status.get("Care order")
        care_orders = (
            pd.Series(0, index=self._age_by_legal_status.index)
            if care_orders is None
            else care_orders
        )
        five_to_17 = int(care_orders[["5 to 9", "10 to 15", "16 and over"]].sum())
        for id, value, label in (
            ("care_orders_5_17", five_to_17, "aged 5 to 17"),
            ("care_orders_5_9", int(care_orders["5 to 9"]), "aged 5 to 9"),
            ("care_orders_1_4", int(care_orders["1 to 4"]), "aged 1 to 4"),
        ):
            facts.add(
                id,
                value,
                unit="count",
                label=f"Children in care under a care order {label}",
                source="age-by-legal-status",
            )
        facts.add(
            "care_orders_5_17_share",
            five_to_17 / in_care * 100,
            unit="%",
            label="Children aged 5 to 17 under a care order, as a share of all in care",
            source="age-by-legal-status",
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
            "903",
            "disability.csv",
            id="disability-legal-status",
            caption="Children in care with a disability, by legal status",
            label="Legal status",
        )

    @figure("disability-legal-status")
    def disability_legal_status_chart(self) -> Figure | None:
        if self._disabled_by_status is None:
            return None
        return self._count_chart(
            self._disabled_by_status,
            "903",
            "disability.csv",
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
        count = 0 if disabled is None else len(disabled)
        by_reason = (
            0
            if disabled is None
            else int(((disabled["LS"] == "V2") & (disabled["CIN"] == "N2")).sum())
        )
        statuses = {} if self._disabled_by_status is None else self._disabled_by_status
        for id, value, unit, label in (
            ("disabled", count, "count", "Children in care with a disability"),
            (
                "disabled_share",
                count / len(self.in_care) * 100,
                "%",
                "Share of children in care with a disability",
            ),
            (
                "disabled_s20_disability",
                by_reason,
                "count",
                "Disabled children in care because of their disability, by agreement (s20)",
            ),
            (
                "disabled_s20_disability_share",
                by_reason / count * 100 if count else None,
                "%",
                "Share of disabled children in care because of their disability (s20)",
            ),
            (
                "disabled_placement_order",
                statuses.get("Placement order", 0),
                "count",
                "Disabled children in care under a placement order",
            ),
            (
                "disabled_care_order_share",
                statuses.get("Care order", 0) / count * 100 if count else None,
                "%",
                "Share of disabled children in care under a care order",
            ),
        ):
            facts.add(
                id,
                "x" if disabled is None or value is None else value,
                unit=unit,
                label=label,
                source="disability",
            )

    # Placements and unaccompanied children ----------------------------------------------------

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
            "903",
            id="placement-stability",
            caption=f"Placements in {self.year.label}, children in care at 31 March",
            label="Placements in the year",
        )

    @figure("placement-stability")
    def placement_stability_chart(self) -> Figure:
        return self._count_chart(
            self._stability,
            "903",
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
            "903",
            id="distance",
            caption="Distance from home to placement, children in care at 31 March",
            label="Distance",
        ).note(
            "Straight line between the home and placement postcodes' centres (ONS). Not "
            "known: no home postcode, as for unaccompanied asylum-seeking children."
        )

    @cached_property
    def _uasc(self) -> pd.DataFrame:
        from ..measures import looked_after as m

        return m.unaccompanied(self.in_care, self.current)

    @cached_property
    def _uasc_areas(self) -> pd.Series:
        from ..load.reference import local_authorities
        from ..measures import placements as pl

        authorities = local_authorities(self.context.data_dir.parent / "reference") or {}
        region = {row["new_la_code"] for row in authorities.values()}
        return pl.placement_areas(
            self._uasc, pl.postcode_grid(), NEARBY, region, region_name="the South West"
        )

    @table("uasc-placements")
    def uasc_placements(self) -> Table | None:
        if self._uasc.empty:
            return None
        return self._share_table(
            self._uasc_areas,
            "903",
            id="uasc-placements",
            caption="Where unaccompanied asylum-seeking children in care at 31 March were placed",
            label="Placed in",
        )

    def _record_placements(self, facts: Ledger) -> None:
        import pandas as pd

        from ..measures import looked_after as m
        from ..measures.benchmarks import change

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
        uasc = self._uasc
        in_care = len(self.in_care)
        areas = self.uasc_placements()
        # as the table shows them: a suppressed area stays hidden in the total
        nearby = 0 if areas is None else self.shown(areas).total_of([*NEARBY.values()], "Children")
        nearby_share = (
            nearby if isinstance(nearby, str) else nearby / len(uasc) * 100 if len(uasc) else "x"
        )
        for id, value, unit, label in (
            ("uasc", len(uasc), "count", "Unaccompanied asylum-seeking children in care"),
            ("uasc_share", len(uasc) / in_care * 100, "%", "Share of children in care: UASC"),
            (
                "uasc_16_plus",
                int((m.age_on(uasc["DOB"], self.census) >= 16).sum()),
                "count",
                "UASC aged 16 or over",
            ),
            ("uasc_male", int((uasc["SEX"] == "M").sum()), "count", "UASC who are male"),
            ("uasc_nearby", nearby, "count", f"UASC placed in {' or '.join(NEARBY.values())}"),
            (
                "uasc_nearby_share",
                nearby_share,
                "%",
                f"Share of UASC placed in {' or '.join(NEARBY.values())}",
            ),
        ):
            facts.add(id, value, unit=unit, label=label, source="uasc")
        previous = None
        if not self._first_year:
            before = self.returns[str(self.year.previous)]
            children = m.looked_after_on(before, pd.Timestamp(self.year.start_year, 3, 31))
            previous = len(m.unaccompanied(children, before)) / len(children) * 100
        facts.add(
            "uasc_share_previous",
            "x" if previous is None else previous,
            unit="%",
            label=f"Share of children in care who were UASC at 31 March {self.year.start_year}",
            source="uasc",
        )
        facts.add(
            "uasc_share_change",
            "x" if previous is None else change(facts["uasc_share"].value, previous, 0),
            unit="pp",
            label="Change in the share of children in care who are UASC",
            source="uasc",
            method="uasc_share minus the share a year before, each rounded as shown",
        )

    # Voice of the child -----------------------------------------------------------------------

    @table("feedback")
    def feedback(self) -> Table | None:
        return self._statements(
            self.service.feedback,
            {"from": "From", "feedback": "What they said"},
            id="feedback",
            caption=f"Feedback the IRO service received, {self.year.label}",
        )

    @table("complaints")
    def complaints(self) -> Table | None:
        return self._statements(
            self.service.complaints,
            {
                "from": "From",
                "complaint": "Complaint",
                "outcome": "Outcome",
                "learning": "Learning for the service",
            },
            id="complaints",
            caption=f"Formal complaints about the IRO service, {self.year.label}",
        )

    def _record_voice(self, facts: Ledger) -> None:
        feedback = self._for_year(self.service.feedback)
        complaints = self._for_year(self.service.complaints)
        upheld = complaints["outcome"].str.lower().str.contains("upheld") & ~complaints[
            "outcome"
        ].str.lower().str.startswith("not")
        for id, frame, label in (
            ("feedback_recorded", feedback, "feedback"),
            ("complaints_recorded", complaints, "formal complaints"),
        ):
            facts.condition(
                id,
                not frame.empty,
                label=f"The service's records of {label} cover the year",
                source=label,
                method="rows for the year",
            )
        facts.add(
            "feedback_received",
            len(feedback),
            unit="count",
            label="Examples of feedback the service recorded",
            source="feedback",
        )
        facts.add(
            "complaints",
            len(complaints),
            unit="count",
            label="Formal complaints about the IRO service",
            source="complaints",
        )
        facts.add(
            "complaints_upheld",
            int(upheld.sum()),
            unit="count",
            label="Formal complaints upheld in whole or part",
            source="complaints",
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
        frame = drp.by_quarter_and_stage(self.service.drp_log, self.year.start_year)
        stages = [column for column in frame.columns if column.startswith("Stage")]
        return (
            Table.from_frame(
                frame,
                id="drp-stages",
                caption=f"Use of the DRP by quarter and stage, {self.year.label}",
                stub=["Quarter"],
                source=self._source("drp_log.csv"),
                synthetic=self._made_up("drp_log.csv"),
            )
            .fmt("count")
            .counts()
            .total(row="Total", of=list(range(len(frame) - 1)))
            .total(column="Total", of=stages)
        )

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
            "drp_log.csv",
            id="drp-reasons",
            caption=f"Reasons for using the DRP, {self.year.label}",
            label="Reason",
            counted="Uses",
        )

    @figure("drp-reasons")
    def drp_reasons_chart(self) -> Figure | None:
        if not self._drp_quarters:
            return None
        return self._count_chart(
            self._drp_reasons,
            "drp_log.csv",
            id="drp-reasons",
            caption=f"Reasons for IRO use of the DRP, {self.year.label}",
            label="Reason",
            counted="Uses",
        )

    def _record_drp(self, facts: Ledger) -> None:
        covered = self._drp_quarters
        for id, holds, label in (
            ("drp_recorded", bool(covered), "The DRP log covers some of the year"),
            ("drp_log_covers_year", len(covered) == 4, "The DRP log covers the whole year"),
            ("drp_log_covers_part", 0 < len(covered) < 4, "The DRP log began during the year"),
        ):
            facts.condition(
                id, holds, label=label, source="drp_log", method="quarters from its first entry"
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
        reasons = self._drp_reasons
        facts.add(
            "drp_total",
            int(reasons.sum()) if covered else "x",
            unit="count",
            label="Uses of the DRP in the quarters its log covers",
            source="drp-stages",
        )
        top = reasons.index[0] if covered and len(reasons) else ""
        facts.word(
            "drp_top_reason",
            top,
            label="The most frequent reason for using the DRP",
            source="drp-reasons",
        )
        for id, reason, label in (
            ("drp_top_reason_uses", top, "Uses of the DRP for its most frequent reason"),
            ("drp_no_sw_report", "No social work report", "Uses of the DRP: no social work report"),
        ):
            facts.add(
                id,
                int(reasons.get(reason, 0)) if covered else "x",
                unit="count",
                label=label,
                source="drp-reasons",
            )

    # Quality assurance, internal audit and areas for development ------------------------------

    @table("quality-assurance")
    def quality_assurance(self) -> Table | None:
        return self._statements(
            self.service.quality_assurance,
            {"concern": "Area of practice", "detail": "The IROs' concern"},
            id="quality-assurance",
            caption=f"Practice concerns the IROs raised, {self.year.label}",
        )

    @table("internal-audit")
    def internal_audit(self) -> Table | None:
        audit = self._for_year(self.service.internal_audit)
        table = self._statements(
            self.service.internal_audit,
            {"assessment": "Assessment", "objective": "Key control objective"},
            id="internal-audit",
            caption=f"Internal audit of the IRO service, {self.year.label}",
        )
        return None if table is None else table.note(f"Overall rating: {audit['overall'][0]}.")

    @table("audit-findings")
    def audit_findings(self) -> Table | None:
        return self._statements(
            self.service.audit_findings,
            {"finding": "Finding"},
            id="audit-findings",
            caption=f"The internal audit's findings, {self.year.label}",
        )

    @table("audit-recommendations")
    def audit_recommendations(self) -> Table | None:
        return self._statements(
            self.service.audit_recommendations,
            {"risk": "Risk", "recommendation": "Recommendation"},
            id="audit-recommendations",
            caption=f"The internal audit's recommendations, {self.year.label}",
        )

    @table("development-updates")
    def development_updates(self) -> Table | None:
        return self._statements(
            self.service.development_updates,
            {"area": "Area for development", "update": "Progress"},
            id="development-updates",
            caption=f"Progress on the areas for development for {self.year.label}",
        )

    @table("development-areas")
    def development_areas(self) -> Table | None:
        return self._statements(
            self.service.development_areas,
            {"area": "Area for development", "action": "Action"},
            id="development-areas",
            caption=f"Areas for development, {self.year.following.label}",
            year=self.year.following,
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
            synthetic=self._made_up("903", "review_records.csv"),
        ).fmt("%", 0, columns=[f"Target {ahead.label}", self.year.label])
        for row, measure in enumerate(plans["measure"]):
            table = table.fmt("%", decimals.get(measure, 0), rows=[row], columns=[self.year.label])
        return table.note(
            "The service has no data report on social work reports for every review (x)."
        )

    def _record_service(self, facts: Ledger) -> None:
        statements = (
            self.service.development_updates,
            self.service.feedback,
            self.service.complaints,
            self.service.quality_assurance,
            self.service.internal_audit,
        )
        facts.condition(
            "service_account",
            any(not self._for_year(frame).empty for frame in statements),
            label="The IRO service's own account of the year is held",
            source="IRO service records",
            method="rows for the year in its published records",
        )
        for id, frame, label in (
            ("qa_recorded", self.service.quality_assurance, "practice concerns"),
            ("development_updates_recorded", self.service.development_updates, "progress"),
        ):
            facts.condition(
                id,
                not self._for_year(frame).empty,
                label=f"The service's record of {label} covers the year",
                source=label,
                method="rows for the year",
            )
        facts.add(
            "qa_concerns",
            len(self._for_year(self.service.quality_assurance)),
            unit="count",
            label="Areas of practice the IROs raised concerns about",
            source="quality-assurance",
        )
        audit = self._for_year(self.service.internal_audit)
        facts.word(
            "audit_overall",
            audit["overall"].iloc[0] if len(audit) else "",
            label="The internal audit's overall rating",
            source="internal-audit",
            method="as published",
        )
        recommendations = self._for_year(self.service.audit_recommendations)
        facts.add(
            "audit_high_risk",
            int((recommendations["risk"].str.lower() == "high").sum()),
            unit="count",
            label="High-risk recommendations of the internal audit",
            source="audit-recommendations",
        )
        considered = [
            name
            for name, frame in (
                ("feedback", self.service.feedback),
                ("internal audit", self.service.internal_audit),
            )
            if not self._for_year(frame).empty
        ]
        facts.word(
            "panel_to_consider",
            " and ".join(considered),
            label="What the report gives the Panel to consider: feedback, internal audit",
            source="IRO service records",
            method="rows for the year in feedback.csv and internal_audit.csv",
        )
        ahead = self.year.following
        for measure, label in TARGET_MEASURES.items():
            target = self._target(measure, ahead)
            facts.add(
                f"{measure}_target_ahead",
                "x" if target is None else target,
                unit="%",
                label=f"Target for {ahead.label}: {label.lower()}",
                source="IRO service targets",
            )
        for id, frame, label in (
            ("targets_set_ahead", self.service.targets, "targets"),
            ("development_areas_ahead", self.service.development_areas, "areas for development"),
        ):
            facts.condition(
                id,
                not self._for_year(frame, ahead).empty,
                label=f"The service has set {label} for {ahead.label}",
                source=label,
                method="rows for the following year",
            )

    def record(self, facts: Ledger) -> None:
        from ..present.differences import PUBLISHED, read_published

        facts.condition(
            "synthetic_data",
            self.synthetic,
            label="Some figures are synthetic",
            source="SYNTHETIC.txt",
            method="the return's year folders and the service records' list",
        )
        published = read_published(self.context.data_dir / PUBLISHED)
        facts.condition(
            "published_report_listed",
            (published["period"] == str(self.year)).any(),
            label="Figures from the council's published report for the year are listed",
            source=PUBLISHED,
            method="rows for the year",
        )
        self._record_service(facts)
        self._record_staffing(facts)
        self._record_children_in_care(facts)
        self._record_leaving(facts)
        self._record_reviews(facts)
        self._record_midway(facts)
        self._record_sw_audit(facts)
        self._record_review_records(facts)
        self._record_national(facts)
        self._record_profile(facts)
        self._record_disability(facts)
        self._record_placements(facts)
        self._record_voice(facts)
        self._record_drp(facts)


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
