"""Placements: stability, distance from home, and where unaccompanied children live."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ...framework import figure, table
from .base import IroContent, direction_word
from .data import NEARBY

if TYPE_CHECKING:
    import pandas as pd

    from ...ledger import Ledger
    from ...present.charts import Figure
    from ...present.publication import Links
    from ...present.tables import Table


class Placements(IroContent):
    """Placement stability, distance and unaccompanied children."""

    @cached_property
    def _placements(self) -> pd.Series:
        from ...measures import looked_after as m

        return m.placements_in_year(self.current, self.in_care["CHILD"], self.year.start_year)

    @cached_property
    def _stability(self) -> pd.Series:
        from ...measures import looked_after as m

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
        from ...measures import placements as pl

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
        from ...measures import looked_after as m

        return m.unaccompanied(self.in_care, self.current)

    @cached_property
    def _uasc_areas(self) -> pd.Series:
        from ...load.reference import local_authorities
        from ...measures import placements as pl

        authorities = local_authorities(self.target.data_dir.parent / "reference") or {}
        own = authorities.get(self.target.la, {})
        region = {
            row["new_la_code"]
            for row in authorities.values()
            if row.get("region_code") and row.get("region_code") == own.get("region_code")
        }
        return pl.placement_areas(
            self._uasc,
            pl.postcode_grid(),
            NEARBY,
            region,
            region_name=f"the {own.get('region_name', 'region')}",
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

        from ...measures import looked_after as m
        from ...measures.benchmarks import change

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
        nearby = int(self._uasc_areas[[*NEARBY.values()]].sum()) if len(uasc) else 0
        nearby_share = nearby / len(uasc) * 100 if len(uasc) else "x"
        facts.add(
            "uasc",
            len(uasc),
            unit="count",
            label="Unaccompanied asylum-seeking children in care",
            source="uasc",
        )
        facts.add(
            "uasc_share",
            len(uasc) / in_care * 100,
            unit="%",
            label="Share of children in care: UASC",
            source="uasc",
            of=("uasc", "in_care"),
        )
        for id, value, unit, label in (
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
        difference = None if previous is None else change(facts["uasc_share"].value, previous, 0)
        facts.add(
            "uasc_share_change",
            "x" if difference is None else difference,
            unit="pp",
            label="Change in the share of children in care who are UASC",
            source="uasc",
            method="uasc_share minus the share a year before, each rounded as shown",
            of=("uasc_share", "uasc_share_previous"),
        )
        facts.compare(
            "uasc_share_direction",
            direction_word(difference, "rose", "fell", "did not change"),
            of=("uasc_share_change",),
            label="Direction of the change in the share of children in care who are UASC",
            source="uasc",
            method="sign of uasc_share_change",
        )

    def _relate_placements(self, links: Links) -> None:
        """The counts the prose quotes are the distance, stability and UASC tables' cells and
        totals ("not known" distance is the UASC count when they agree, as its note says)."""
        links.same("moves_3_plus", links.cell("placement-stability", "Three or more", "Children"))
        links.same("placed_over_20_miles", links.cell("distance", "Over 20 miles", "Children"))
        for id in ("placement-stability", "distance"):
            links.same("in_care", links.cell(id, "Total", "Children"))
        links.share("uasc_share", "uasc", "in_care")
        links.last_year("uasc_share_previous", "uasc_share")
        for share in ("uasc_share", "uasc_share_previous"):
            links.hidden_with("uasc_share_change", share)
        if self._uasc.empty:
            return
        if self._distances["Not known"] == len(self._uasc):
            links.same("uasc", links.cell("distance", "Not known", "Children"))
        links.same("uasc", links.cell("uasc-placements", "Total", "Children"))
        nearby = links.cells("uasc-placements", list(NEARBY.values()), "Children")
        links.total("uasc_nearby", nearby)
        links.share("uasc_nearby_share", "uasc_nearby", "uasc")
