"""The IRO report's content: its sections, and the order their facts are recorded in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .children_in_care import ChildrenInCare
from .compared import Compared
from .data_quality import DataQuality
from .disability import Disability
from .drp import DisputeResolution
from .leaving_care import LeavingCare
from .midway import Midway
from .national import National
from .participation import Participation
from .placements import Placements
from .profile import Profile
from .review_records import ReviewRecords
from .reviews import Reviews
from .service import Service
from .social_work_reports import SocialWorkReports
from .voice import Voice

if TYPE_CHECKING:
    from ...ledger import Ledger
    from ...present.publication import Links


class IroReport(
    Service,
    ChildrenInCare,
    LeavingCare,
    Reviews,
    Midway,
    SocialWorkReports,
    ReviewRecords,
    Participation,
    National,
    Compared,
    Profile,
    Disability,
    Placements,
    Voice,
    DisputeResolution,
    DataQuality,
):
    """Children in care, their reviews and the IRO service's work in one financial year."""

    def record(self, facts: Ledger) -> None:
        facts.condition(
            "synthetic_data",
            self.synthetic,
            label="Some figures are synthetic",
            source="SYNTHETIC.txt",
            method="the return's year folders and the service records' list",
        )
        facts.condition(
            "published_report_listed",
            not self._published.empty,
            label="Figures from the council's published report for the year are listed",
            source="published.csv",
            method="rows for the year",
        )
        self._record_service(facts)
        with self._from(facts, "staffing.csv", "903"):
            self._record_staffing(facts)
        with self._from(facts, "903"):
            self._record_children_in_care(facts)
            self._record_leaving(facts)
            self._record_reviews(facts)
        with self._from(facts, "midway_reviews.csv"):
            self._record_midway(facts)
        self._record_sw_audit(facts)
        self._record_review_records(facts)
        self._record_national(facts)
        self._record_compared(facts)
        with self._from(facts, "903"):
            self._record_profile(facts)
        with self._from(facts, "903", "disability.csv"):
            self._record_disability(facts)
        with self._from(facts, "903"):
            self._record_placements(facts)
        self._record_voice(facts)
        with self._from(facts, "drp_log.csv"):
            self._record_drp(facts)
        self._record_targets(facts)
        self._record_data_quality(facts)

    def relate(self, links: Links) -> None:
        self._relate_children_in_care(links)
        self._relate_leaving(links)
        self._relate_profile(links)
        self._relate_disability(links)
        self._relate_placements(links)
        self._relate_service(links)
