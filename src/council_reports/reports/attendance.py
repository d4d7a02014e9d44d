"""School attendance and exclusions: DfE absence and suspension statistics, the LA against its
region and England, by pupil characteristic."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DataError, ParameterError
from ..periods import Period
from . import Content, Context, Report, figure, table

if TYPE_CHECKING:
    import pandas as pd

    from ..ledger import Ledger
    from ..present.charts import Figure
    from ..present.tables import Table

DATASETS = (
    "absence_by_geography",
    "absence_by_characteristic",
    "absence_by_social_care_group",
    "exclusions_by_geography",
    "exclusions_by_characteristic",
    "exclusions_by_social_care_group",
)

_ABSENCE = "DfE, Pupil absence in schools in England"
_EXCLUSIONS = "DfE, Suspensions and permanent exclusions in England"
_SOCIAL_CARE = (
    "DfE, Outcomes for children in need, including children looked after by LAs in England"
)
SOURCES = {
    "absence_by_geography": _ABSENCE,
    "absence_by_characteristic": _ABSENCE,
    "absence_by_social_care_group": _SOCIAL_CARE,
    "exclusions_by_geography": _EXCLUSIONS,
    "exclusions_by_characteristic": _EXCLUSIONS,
    "exclusions_by_social_care_group": _SOCIAL_CARE,
}


def coverage(data_dir: Path) -> dict[str, tuple[str, ...]]:
    """Periods and LAs with absence figures, read with the csv module (fast; no validation)."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in (
        data_dir / "absence_by_geography.csv",
        data_dir / "synthetic" / "absence_by_geography.csv",
    ):
        if not path.is_file():
            continue
        with path.open(newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                period = Period.from_time_period(row.get("time_period", ""))
                if period and row.get("geographic_level") == "Local authority":
                    found[str(period)].add(row.get("old_la_code", ""))
    return {period: tuple(sorted(las)) for period, las in sorted(found.items())}


def load(data_dir: Path) -> dict[str, pd.DataFrame]:
    """Every dataset, validated, as a tidy table (see ``load.ees.EesDataset.tidy``)."""
    from ..load.ees import read_ees_folder

    return {name: ds.tidy() for name, ds in read_ees_folder(data_dir, DATASETS).items()}


def is_synthetic(data: dict[str, pd.DataFrame], la: str) -> bool:
    """Whether any of the LA's figures come from the synthetic/ files (made up for testing)."""
    return any(
        frame.loc[frame["area_code"] == la, "source_file"].str.contains("/synthetic/").any()
        for frame in data.values()
    )


def check(data_dir: Path, la: str, period: Period) -> None:
    if not data_dir.is_dir():
        raise DataError("data folder not found", file=data_dir, hint="pass --data DIR")
    load(data_dir)
    las = coverage(data_dir).get(str(period))
    if not las:
        raise ParameterError(
            f"no attendance data for {period}",
            hint="periods in the data: " + ", ".join(coverage(data_dir)),
        )
    if la not in las:
        raise ParameterError(
            f"no attendance data for LA {la!r} in {period}", hint="LAs: " + ", ".join(las)
        )


ABSENCE = (
    "sess_authorised_percent",
    "sess_unauthorised_percent",
    "enrolments_pa_10_exact_percent",
    "enrolments_pa_50_exact_percent",
)
EXCLUSIONS = ("susp_rate", "perm_excl_rate", "one_plus_susp_rate")
# Facts recorded for each headline indicator: {key}_la, _region, _england, _la_previous,
# _change and the words _vs_england, _vs_region, _direction (present.comparisons).
HEADLINES = {
    "absence_by_geography": (
        ("enrolments_pa_10_exact_percent", "pa", "Persistent absence"),
        ("enrolments_pa_50_exact_percent", "severe", "Severe absence"),
        ("sess_authorised_percent", "authorised", "Authorised absence rate"),
        ("sess_unauthorised_percent", "unauthorised", "Unauthorised absence rate"),
    ),
    "exclusions_by_geography": (
        ("susp_rate", "susp", "Suspension rate"),
        ("perm_excl_rate", "pex", "Permanent exclusion rate"),
        ("one_plus_susp_rate", "one_plus_susp", "Pupils with one or more suspensions (rate)"),
    ),
}


class Attendance(Content):
    """Absence and exclusions for one LA against its region and England."""

    def __init__(self, context: Context) -> None:
        from ..measures.benchmarks import areas_for
        from ..present.comparisons import Benchmarks

        super().__init__(context)
        self.data = load(context.data_dir)
        self.areas = areas_for(self.data["absence_by_geography"], context.la)
        self.benchmarks = Benchmarks(
            self.data, self.areas, context.period, SOURCES, synthetic=self.synthetic
        )

    @property
    def synthetic(self) -> bool:
        return is_synthetic(self.data, self.context.la)

    def words(self) -> dict[str, str]:
        year = self.context.period
        return {
            "la_name": self.areas.la_name,
            "region_name": self.areas.region_name,
            "period_dates": f"the {year.label} academic year (September {year.start_year} to "
            f"July {year.end_year})",
        }

    def _comparison(self, name: str, periods, indicators, **filters) -> pd.DataFrame:
        from ..measures.benchmarks import comparison

        return comparison(self.data[name], self.areas, periods, indicators, **filters)

    def record(self, facts: Ledger) -> None:
        from ..present.comparisons import record_comparison

        year = self.context.period
        for name, headlines in HEADLINES.items():
            indicators = tuple(indicator for indicator, _, _ in headlines)
            rows = self._comparison(name, (year, year.previous), indicators)
            for indicator, key, label in headlines:
                record_comparison(
                    facts,
                    rows[rows["indicator"] == indicator],
                    self.areas,
                    year,
                    key=key,
                    label=label,
                    source=name,
                )
        fsm = self._fsm()
        for breakdown, key in (("FSM eligible", "pa_fsm"), ("FSM not eligible", "pa_not_fsm")):
            record_comparison(
                facts,
                fsm[fsm["breakdown"] == breakdown],
                self.areas,
                year,
                key=key,
                label=f"Persistent absence, {breakdown}",
                source="absence_by_characteristic",
            )

    def _fsm(self) -> pd.DataFrame:
        return self._comparison(
            "absence_by_characteristic",
            (self.context.period,),
            ("enrolments_pa_10_exact_percent",),
            breakdown_topic="FSM",
        )

    def _social_care_indicators(self, name: str) -> tuple[str, ...]:
        return tuple(self.data[name]["indicator"].unique())

    @table("absence-geography")
    def absence_geography(self) -> Table:
        return self.benchmarks.table(
            "absence_by_geography",
            id="absence-geography",
            caption="Absence by area",
            indicators=ABSENCE,
        )

    @figure("absence-geography")
    def absence_geography_chart(self) -> Figure:
        from ..present.charts import bar_chart

        year = self.context.period
        rows = self._comparison("absence_by_geography", (year,), ABSENCE)
        return bar_chart(
            rows.assign(area=lambda f: f["area_name"]),
            id="absence-geography",
            caption=f"Absence by area, {year.label}",
            title="Percentage of pupils or sessions",
            category="label",
            series="area",
            value="value",
            unit="%",
            decimals=1,
            synthetic=self.synthetic,
        )

    @table("absence-fsm")
    def absence_fsm(self) -> Table:
        return self.benchmarks.table(
            "absence_by_characteristic",
            id="absence-fsm",
            caption="Absence by free school meal eligibility",
            indicators=ABSENCE,
            by="breakdown",
            breakdown_topic="FSM",
        )

    @figure("absence-fsm")
    def absence_fsm_chart(self) -> Figure:
        from ..present.charts import bar_chart

        return bar_chart(
            self._fsm().assign(area=lambda f: f["area_name"]),
            id="absence-fsm",
            caption=f"Persistent absence by free school meal eligibility, "
            f"{self.context.period.label}",
            title="Persistent absentees",
            category="breakdown",
            series="area",
            value="value",
            unit="%",
            decimals=1,
            synthetic=self.synthetic,
        )

    @table("absence-social-care")
    def absence_social_care(self) -> Table:
        name = "absence_by_social_care_group"
        return self.benchmarks.table(
            name,
            id="absence-social-care",
            caption="Absence of children with a social worker",
            indicators=self._social_care_indicators(name),
            by="social_care_group",
        )

    @table("absence-sen")
    def absence_sen(self) -> Table:
        return self.benchmarks.table(
            "absence_by_characteristic",
            id="absence-sen",
            caption="Absence by special educational need provision",
            indicators=ABSENCE,
            by="breakdown",
            count=1,
            breakdown_topic="SEN provision",
        )

    @table("absence-ethnicity")
    def absence_ethnicity(self) -> Table:
        return self.benchmarks.table(
            "absence_by_characteristic",
            id="absence-ethnicity",
            caption="Absence by major ethnic group",
            indicators=ABSENCE[2:],
            by="breakdown",
            count=1,
            breakdown_topic="Ethnicity major",
        )

    @table("exclusions-geography")
    def exclusions_geography(self) -> Table:
        return self.benchmarks.table(
            "exclusions_by_geography",
            id="exclusions-geography",
            caption="Suspensions and permanent exclusions by area",
            indicators=EXCLUSIONS,
        )

    @figure("suspension-trend")
    def suspension_trend(self) -> Figure:
        from ..measures.benchmarks import latest_periods
        from ..present.charts import line_chart

        exclusions = self.data["exclusions_by_geography"]
        years = latest_periods(exclusions, self.context.la, self.context.period, 4)
        trend = self._comparison("exclusions_by_geography", tuple(reversed(years)), ("susp_rate",))
        return line_chart(
            trend.assign(
                area=lambda f: f["area_name"], year=lambda f: f["period"].str.replace("-", "/")
            ),
            id="suspension-trend",
            caption="Suspension rate by year",
            title="Suspensions per 100 pupils",
            x="year",
            series="area",
            value="value",
            unit="rate",
            decimals=2,
            synthetic=self.synthetic,
        )

    @table("exclusions-social-care")
    def exclusions_social_care(self) -> Table:
        name = "exclusions_by_social_care_group"
        return self.benchmarks.table(
            name,
            id="exclusions-social-care",
            caption="Suspensions and permanent exclusions of children with a social worker",
            indicators=self._social_care_indicators(name),
            by="social_care_group",
        )

    def _exclusions_by(self, id: str, caption: str, topic: str) -> Table:
        return self.benchmarks.table(
            "exclusions_by_characteristic",
            id=id,
            caption=f"Suspensions and permanent exclusions by {caption}",
            indicators=EXCLUSIONS[:2],
            by="breakdown",
            breakdown_topic=topic,
        )

    @table("exclusions-fsm")
    def exclusions_fsm(self) -> Table:
        return self._exclusions_by("exclusions-fsm", "free school meal eligibility", "FSM")

    @table("exclusions-sen")
    def exclusions_sen(self) -> Table:
        return self._exclusions_by(
            "exclusions-sen", "special educational need provision", "SEN provision"
        )

    @table("exclusions-ethnicity")
    def exclusions_ethnicity(self) -> Table:
        return self._exclusions_by("exclusions-ethnicity", "major ethnic group", "Ethnicity major")


REPORT = Report(
    id="attendance",
    title="School attendance and exclusions",
    notebook="attendance_exclusions.ipynb",
    data="attendance",
    cover="cover/attendance.yml",
    coverage=coverage,
    check=check,
    content=Attendance,
)
