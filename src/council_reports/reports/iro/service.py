"""The IRO service: its staffing, caseloads and quality assurance, the audits of its work, its
areas for development and targets."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ...audiences import PEOPLE, RATES, SERVICE
from ...framework import table
from ...periods import Period
from .base import IroContent
from .data import TARGET_MEASURES

if TYPE_CHECKING:
    import pandas as pd

    from ...ledger import Ledger
    from ...present.publication import Links
    from ...present.tables import Table


# The staffing records' counts over the year: their column and heading in the staffing table.
STAFFING_COLUMNS = {
    "left": "Left",
    "joined": "Joined",
    "agency": "Agency cover",
    "reallocated": "Children needing a new IRO",
}
# The facts that add them up over the year: the column each adds up, and what it is.
STAFFING_FACTS = {
    "iros_left": ("left", "Independent Chairs who left during the year"),
    "iros_joined": ("joined", "Independent Chairs recruited during the year"),
    "iro_agency": ("agency", "Posts covered by an agency worker during the year"),
    "children_reallocated": ("reallocated", "Children who needed a new IRO"),
}


class Service(IroContent):
    """The service's staffing and statements, and the facts about its work."""

    @cached_property
    def _staffing(self) -> pd.DataFrame:
        import pandas as pd

        from ...measures import looked_after as m
        from ...years import QUARTERS, quarter_bounds
        from .measures import caseloads

        ends = [end for _, end in quarter_bounds(self.year.start_year)]
        in_care = pd.Series(
            [len(m.looked_after_on(self.current, end)) for end in ends], index=list(QUARTERS)
        )
        return caseloads(self._for_year(self.service.staffing), in_care)

    @table("staffing")
    def staffing(self) -> Table | None:
        from ...present.tables import Table

        if self._staffing.empty:
            return None
        columns = {
            "quarter": "Quarter",
            "fte": "IROs (full-time equivalent)",
            **STAFFING_COLUMNS,
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
                about=SERVICE,
            )
            .fmt("count")
            .counts(columns=["Left", "Joined", "Agency cover"])
            .counts(columns=["Children needing a new IRO"], about=PEOPLE)
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
        for id, (column, label) in STAFFING_FACTS.items():
            facts.add(
                id,
                int(staffing[column].sum()) if held else "x",
                unit="count",
                label=label,
                source="staffing",
                about=PEOPLE if id == "children_reallocated" else SERVICE,
            )
        facts.add(
            "caseload_end",
            staffing["caseload"].iloc[-1] if held else "x",
            unit="number",
            label=f"Children in care per full-time IRO at {self.words()['census_date']}",
            source="staffing",
            method="children in care / IROs' full-time equivalent",
        )

    def _relate_service(self, links: Links) -> None:
        """The year's staffing counts add up the staffing table's quarters."""
        staffing = links.tables.get("staffing")
        if staffing is None:
            return
        quarters = range(len(staffing.frame))
        for id, (column, _) in STAFFING_FACTS.items():
            links.total(id, links.cells("staffing", quarters, STAFFING_COLUMNS[column]))

    @table("quality-assurance")
    def quality_assurance(self) -> Table | None:
        return self._statements(
            "quality_assurance.csv",
            {"concern": "Area of practice", "detail": "The IROs' concern"},
            id="quality-assurance",
            caption=f"Practice concerns the IROs raised, {self.year.label}",
        )

    @table("internal-audit")
    def internal_audit(self) -> Table | None:
        audit = self._for_year(self.service.internal_audit)
        table = self._statements(
            "internal_audit.csv",
            {"assessment": "Assessment", "objective": "Key control objective"},
            id="internal-audit",
            caption=f"Internal audit of the IRO service, {self.year.label}",
        )
        return None if table is None else table.note(f"Overall rating: {audit['overall'][0]}.")

    @table("audit-findings")
    def audit_findings(self) -> Table | None:
        return self._statements(
            "audit_findings.csv",
            {"finding": "Finding"},
            id="audit-findings",
            caption=f"The internal audit's findings, {self.year.label}",
        )

    @table("audit-recommendations")
    def audit_recommendations(self) -> Table | None:
        return self._statements(
            "audit_recommendations.csv",
            {"risk": "Risk", "recommendation": "Recommendation"},
            id="audit-recommendations",
            caption=f"The internal audit's recommendations, {self.year.label}",
        )

    @table("development-updates")
    def development_updates(self) -> Table | None:
        return self._statements(
            "development_updates.csv",
            {"area": "Area for development", "update": "Progress"},
            id="development-updates",
            caption=f"Progress on the areas for development for {self.year.label}",
        )

    @table("development-areas")
    def development_areas(self) -> Table | None:
        return self._statements(
            "development_areas.csv",
            {"area": "Area for development", "action": "Action"},
            id="development-areas",
            caption=f"Areas for development, {self.year.following.label}",
            year=self.year.following,
        )

    @table("responsibilities")
    def responsibilities(self) -> Table | None:
        """What an IRO does, as the service's latest report up to this year puts it."""
        described = self.service.responsibilities
        years = sorted(y for y in set(described["year"]) if Period.parse(y) <= self.year)
        if not years:
            return None
        return self._statements(
            "responsibilities.csv",
            {"part": "Responsibility", "responsibility": "What the IRO does"},
            id="responsibilities",
            caption="The IRO's core responsibilities",
            year=Period.parse(years[-1]),
        )

    @table("targets")
    def targets(self) -> Table | None:
        """The service's targets for the year ahead beside each measure's value this year, to
        the decimals the report states it."""
        import pandas as pd

        from ...present.tables import Table

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
            source=self._source("targets.csv", "903", "review_records.csv"),
            synthetic=self._made_up("903", "review_records.csv"),
            about=RATES,
        ).fmt("%", 0, columns=[f"Target {ahead.label}", self.year.label])
        table = table.roles(
            {f"Target {ahead.label}": "target.next_year", self.year.label: "this_year"}
        )
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
            about=SERVICE,
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
            about=SERVICE,
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

    def _record_targets(self, facts: Ledger) -> None:
        """Each measure the service sets a target for, this year against next year's target;
        and, where the council's published report printed another figure for the measure,
        that figure against the target too."""
        from ...measures.benchmarks import compare

        ahead = self.year.following
        for measure, label in TARGET_MEASURES.items():
            if measure not in facts:
                continue  # the service has no data on it
            target = f"{measure}_target_ahead"
            value, goal = facts[measure].value, facts[target].value
            against = facts.compare(
                f"{measure}_vs_target_ahead",
                compare(value, goal, facts[measure].decimals) or "",
                of=(measure, target),
                label=f"{label}, {self.year.label}, against the target for {ahead.label}",
                source="IRO service targets",
                method="compared as shown",
            )
            facts.condition(
                f"{measure}_meets_target_ahead",
                facts[f"{measure}_vs_target_ahead_finding"].value and against.value != "below",
                label=f"{label}: this year's figure already meets the target for {ahead.label}",
                source="IRO service targets",
                method=f"{measure}_vs_target_ahead is a finding, and not below",
            )
            printed = self._published_figure(measure)
            facts.add(
                f"{measure}_as_published",
                "x" if printed is None else printed,
                unit="%",
                label=f"{label}, {self.year.label}, as the council's published report gave it",
                source="published.csv",
            )
            facts.condition(
                f"{measure}_published_differs",
                printed is not None
                and facts[f"{measure}_as_published"].text() != facts[measure].text(),
                label=f"{label}: the published report gave another figure",
                source="published.csv",
                method="the published figure against this report's, as shown",
            )
            facts.compare(
                f"{measure}_as_published_vs_target_ahead",
                compare(printed, goal, 0) or "",
                of=(f"{measure}_as_published", target),
                label=f"{label}, as published, against the target for {ahead.label}",
                source="IRO service targets",
                method="compared as shown",
            )
