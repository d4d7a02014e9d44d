"""Absence: sessions missed and pupils persistently or severely absent, for all pupils and by
free school meals, special educational needs, ethnicity and social care group."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...framework import figure, table
from .base import AttendanceContent
from .indicators import (
    ABSENCE,
    ABSENTEES,
    GEOGRAPHY,
    PA,
    SESSIONS,
    SOCIAL_CARE_ABSENCE,
    SOCIAL_CARE_NOTE,
)

if TYPE_CHECKING:
    from ...present.charts import Figure
    from ...present.tables import Table


class Absence(AttendanceContent):
    """The absence tables and charts."""

    @table("absence-geography")
    def absence_geography(self) -> Table | None:
        return self._table(
            "absence_by_geography",
            id="absence-geography",
            caption="Absence by area",
            indicators=GEOGRAPHY,
        )

    def _absence_chart(self, id: str, indicators: tuple[str, ...], title: str) -> Figure | None:
        from ...present.charts import bar_chart

        year = self.target.period
        rows = self._comparison("absence_by_geography", (year,), indicators)
        rows = rows.loc[rows["symbol"] == ""]
        if rows.empty:
            return None
        unit, decimals = self._format("absence_by_geography", indicators[0])
        return bar_chart(
            rows.assign(area=lambda f: f["area_name"]),
            id=id,
            caption=f"{title} by area, {year.label}",
            title=title,
            category="label",
            series="area",
            value="value",
            unit=unit,
            decimals=decimals,
            synthetic=self._synthetic("absence_by_geography"),
        )

    @figure("absence-sessions")
    def absence_sessions_chart(self) -> Figure | None:
        return self._absence_chart("absence-sessions", SESSIONS, "Sessions missed")

    @figure("absence-pupils")
    def absence_pupils_chart(self) -> Figure | None:
        return self._absence_chart(
            "absence-pupils", ABSENTEES, "Pupils persistently or severely absent"
        )

    @table("absence-fsm")
    def absence_fsm(self) -> Table | None:
        return self._table(
            "absence_by_characteristic",
            id="absence-fsm",
            caption="Absence by free school meal eligibility",
            current=True,
            indicators=ABSENCE,
            by="breakdown",
            breakdown_topic="FSM",
        )

    @figure("absence-fsm")
    def absence_fsm_chart(self) -> Figure | None:
        from ...present.charts import bar_chart

        year = self.target.period
        rows = self._comparison(
            "absence_by_characteristic", (year,), (PA[0],), breakdown_topic="FSM"
        )
        if rows.loc[(rows["area_code"] == self.target.la) & (rows["symbol"] == "")].empty:
            return None  # no figures for the LA this year: the prose says so
        return bar_chart(
            rows.assign(area=lambda f: f["area_name"]),
            id="absence-fsm",
            caption=f"Persistent absence by free school meal eligibility, {year.label}",
            title="Persistent absentees",
            category="breakdown",
            series="area",
            value="value",
            unit="%",
            decimals=1,
            synthetic=self._synthetic("absence_by_characteristic"),
        )

    @table("absence-social-care")
    def absence_social_care(self) -> Table | None:
        return self._table(
            "absence_by_social_care_group",
            id="absence-social-care",
            caption="Absence of children with a social worker",
            current=True,
            indicators=SOCIAL_CARE_ABSENCE,
            by="social_care_group",
            note=SOCIAL_CARE_NOTE,
        )

    @table("absence-sen")
    def absence_sen(self) -> Table | None:
        return self._table(
            "absence_by_characteristic",
            id="absence-sen",
            caption="Absence by special educational need provision",
            current=True,
            indicators=ABSENCE,
            by="breakdown",
            count=1,
            breakdown_topic="SEN provision",
        )

    @table("absence-ethnicity")
    def absence_ethnicity(self) -> Table | None:
        return self._table(
            "absence_by_characteristic",
            id="absence-ethnicity",
            caption="Absence by major ethnic group",
            current=True,
            indicators=ABSENTEES,
            by="breakdown",
            count=1,
            breakdown_topic="Ethnicity major",
        )
