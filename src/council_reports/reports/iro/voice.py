"""The voice of the child: feedback and complaints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...framework import table
from .base import IroContent

if TYPE_CHECKING:
    from ...ledger import Ledger
    from ...present.tables import Table


class Voice(IroContent):
    """Feedback received and complaints."""

    @table("feedback")
    def feedback(self) -> Table | None:
        return self._statements(
            "feedback.csv",
            {"from": "From", "feedback": "What they said"},
            id="feedback",
            caption=f"Feedback the IRO service received, {self.year.label}",
        )

    @table("complaints")
    def complaints(self) -> Table | None:
        return self._statements(
            "complaints.csv",
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
