"""Suspensions and permanent exclusions: by area and by pupil group (their trend is in
``trends``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...framework import table
from .base import AttendanceContent
from .indicators import EXCLUSIONS, RATE_NOTE, SOCIAL_CARE_NOTE

if TYPE_CHECKING:
    from ...present.tables import Table


class Exclusions(AttendanceContent):
    """The exclusions tables."""

    @table("exclusions-geography")
    def exclusions_geography(self) -> Table | None:
        return self._table(
            "exclusions_by_geography",
            id="exclusions-geography",
            caption="Suspensions and permanent exclusions by area",
            indicators=EXCLUSIONS,
            note=RATE_NOTE,
        )

    @table("exclusions-social-care")
    def exclusions_social_care(self) -> Table | None:
        name = "exclusions_by_social_care_group"
        return self._table(
            name,
            id="exclusions-social-care",
            caption="Suspensions and permanent exclusions of children with a social worker",
            indicators=tuple(self.indicators[name]),
            by="social_care_group",
            note=SOCIAL_CARE_NOTE,
        )

    def _exclusions_by(self, id: str, caption: str, topic: str) -> Table | None:
        return self._table(
            "exclusions_by_characteristic",
            id=id,
            caption=f"Suspensions and permanent exclusions by {caption}",
            indicators=EXCLUSIONS[:2],
            by="breakdown",
            breakdown_topic=topic,
            note=RATE_NOTE,
        )

    @table("exclusions-fsm")
    def exclusions_fsm(self) -> Table | None:
        return self._exclusions_by("exclusions-fsm", "free school meal eligibility", "FSM")

    @table("exclusions-sen")
    def exclusions_sen(self) -> Table | None:
        return self._exclusions_by(
            "exclusions-sen", "special educational need provision", "SEN provision"
        )

    @table("exclusions-ethnicity")
    def exclusions_ethnicity(self) -> Table | None:
        return self._exclusions_by("exclusions-ethnicity", "major ethnic group", "Ethnicity major")
