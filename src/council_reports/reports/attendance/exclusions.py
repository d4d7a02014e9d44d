"""Suspensions and permanent exclusions: by area, over the years, and by pupil group."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...framework import figure, table
from ...periods import Period
from .base import AttendanceContent
from .indicators import EXCLUSIONS, RATE_NOTE, SOCIAL_CARE_NOTE, SUSP

if TYPE_CHECKING:
    from ...ledger import Ledger
    from ...present.charts import Figure
    from ...present.tables import Table


class Exclusions(AttendanceContent):
    """The exclusions tables and the suspension trend."""

    def _trend_years(self) -> tuple[Period, ...]:
        from ...measures.benchmarks import latest_periods

        frame = self.data["exclusions_by_geography"]
        return tuple(reversed(latest_periods(frame, self.target.la, self.target.period, 4)))

    def _record_trend(self, facts: Ledger) -> None:
        first = self._trend_years()[0]
        rows = self._comparison("exclusions_by_geography", (first,), (SUSP[0],))
        la = rows.loc[rows["area_code"] == self.target.la]
        facts.word(
            "susp_trend_first_year",
            first.label,
            label="First year of the suspension rate chart",
            source="exclusions_by_geography",
        )
        facts.add(
            "susp_trend_first_la",
            la.iloc[0]["value"] if not la.empty and not la.iloc[0]["symbol"] else "x",
            unit="number",
            decimals=2,
            label=f"Suspension rate, {self.areas.la_name} {first.label}",
            source="exclusions_by_geography",
        )

    @table("exclusions-geography")
    def exclusions_geography(self) -> Table:
        return self._table(
            "exclusions_by_geography",
            id="exclusions-geography",
            caption="Suspensions and permanent exclusions by area",
            indicators=EXCLUSIONS,
        ).note(RATE_NOTE)

    @figure("suspension-trend")
    def suspension_trend(self) -> Figure:
        from ...present.charts import line_chart

        years = self._trend_years()
        trend = self._comparison("exclusions_by_geography", years, (SUSP[0],))
        return line_chart(
            trend.assign(
                area=lambda f: f["area_name"], year=lambda f: f["period"].str.replace("-", "/")
            ),
            id="suspension-trend",
            caption=f"Suspension rate by year, {years[0].label} to {years[-1].label}",
            title="Suspensions per 100 pupils",
            x="year",
            series="area",
            value="value",
            unit="rate",
            decimals=2,
            synthetic=self._synthetic("exclusions_by_geography"),
        )

    @table("exclusions-social-care")
    def exclusions_social_care(self) -> Table:
        name = "exclusions_by_social_care_group"
        return self._table(
            name,
            id="exclusions-social-care",
            caption="Suspensions and permanent exclusions of children with a social worker",
            indicators=tuple(self.data[name]["indicator"].unique()),
            by="social_care_group",
        ).note(SOCIAL_CARE_NOTE)

    def _exclusions_by(self, id: str, caption: str, topic: str) -> Table:
        return self._table(
            "exclusions_by_characteristic",
            id=id,
            caption=f"Suspensions and permanent exclusions by {caption}",
            indicators=EXCLUSIONS[:2],
            by="breakdown",
            breakdown_topic=topic,
        ).note(RATE_NOTE)

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
