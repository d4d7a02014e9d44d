"""Police: Avon and Somerset Constabulary's 12-month rolling figures for the area, and its
figures on initial child protection conferences, police protection powers and children in
custody."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...audiences import PEOPLE, SERVICE
from ...framework import table
from .base import BcsspContent
from .data import (
    ACTIVITY,
    ATTENDED,
    FORCE,
    HELD,
    INVITED,
    LINKED,
    PERIOD_HEADINGS,
    POLICE_ACTIVITY_FACTS,
    POLICE_ACTIVITY_SECTIONS,
    POLICE_FACTS,
    POLICE_SECTIONS,
    PROTECTION,
    UNLINKED,
)

if TYPE_CHECKING:
    import pandas as pd

    from ...ledger import Ledger
    from ...present.publication import Links
    from ...present.tables import Table

# Police protection: the measures whose rolling figures the prose quotes, by fact id
PROTECTION_FACTS = {
    "protection_force": FORCE,
    "protection_bnes": LINKED,
    "protection_unlinked": UNLINKED,
}
# The columns of a rolling table, by the suffix of the facts that quote them
ROLLING_COLUMNS = {
    "": "Last 12 months",
    "_previous": "Previous 12 months",
    "_change": "Change",
    "_percent_change": "% change",
}


class Police(BcsspContent):
    """The police tables and facts."""

    def _record_police(self, facts: Ledger) -> None:
        activity = self.returns.police_activity.set_index("measure")
        for id, (part, whole) in {
            "conferences_all_attended": ((ATTENDED, "current"), (HELD, "current")),
            "conferences_q4_all_attended": (
                (ATTENDED, "fourth_quarter"),
                (INVITED, "fourth_quarter"),
            ),
        }.items():
            facts.condition(
                id,
                activity.at[part] == activity.at[whole],
                label=f"{part[0]} ({PERIOD_HEADINGS[part[1]].lower()}): every one of the "
                f"{whole[0].lower()}",
                source="police_activity",
                method="the two figures are equal",
            )

    def _relate_police(self, links: Links) -> None:
        """Each row's previous 12 months (of the police tables and of the uses of police
        protection powers) are last year's last 12 months, as last year's public build
        published them."""
        for id in [*POLICE_SECTIONS, "police-protection"]:
            table = links.tables[id]
            if table is None:
                continue
            for row in range(len(table.frame)):
                last_year = table.cell_id(row, "Last 12 months")
                links.last_year(links.cell(id, row, "Previous 12 months"), last_year)

    def _rolling(self, id: str, rows: pd.DataFrame, caption: str, file: str) -> Table:
        """Rolling figures with the change and % change (``measures.rolling_change``), as
        counts of children (or crimes and incidents about them): for the public, a count of 1
        to 5 is c, and so is whatever would give it away (the change, or the % change). The
        cells the prose quotes are named (POLICE_FACTS, PROTECTION_FACTS). ``file`` is the
        return they come from, which the caption names and marks if made up."""
        from .measures import rolling_change
        from .tables import police_table

        police = (
            police_table(
                rolling_change(rows),
                id=id,
                caption=caption,
                source=self._source(file),
                synthetic=self._marked(file),
            )
            .counts(columns=["Last 12 months", "Previous 12 months"])
            .total(column="Last 12 months", of=["Previous 12 months", "Change"])
            .share(columns=["% change"], of="Change", whole="Previous 12 months")
        )
        for key, measure in {**POLICE_FACTS, **PROTECTION_FACTS}.items():
            if measure in set(rows["measure"]):
                for suffix, column in ROLLING_COLUMNS.items():
                    police = police.fact(key + suffix, row=measure, column=column)
        return police

    def _police(self, id: str) -> Table:
        section = POLICE_SECTIONS[id]
        rows = self.returns.police.loc[self.returns.police["section"] == section]
        return self._rolling(id, rows, section, "police.csv")

    def _activity(self, id: str, caption: str, about: str) -> Table:
        """A section of the constabulary's activity figures, with the cells the prose quotes."""
        from .tables import activity_table

        activity = self.returns.police_activity
        rows = activity.loc[activity["section"] == POLICE_ACTIVITY_SECTIONS[id]]
        shown = activity_table(
            rows,
            id=id,
            caption=caption,
            source=self._source(ACTIVITY),
            synthetic=self._marked(ACTIVITY),
            about=about,
        )
        for fact, (measure, column) in POLICE_ACTIVITY_FACTS.items():
            if measure in set(rows["measure"]):
                shown = shown.fact(fact, row=measure, column=PERIOD_HEADINGS[column])
        return shown

    @table("police-missing")
    def police_missing(self) -> Table:
        return self._police("police-missing")

    @table("police-safety")
    def police_safety(self) -> Table:
        return self._police("police-safety")

    @table("police-cse")
    def police_cse(self) -> Table:
        return self._police("police-cse")

    @table("police-child-protection")
    def police_child_protection(self) -> Table:
        return self._police("police-child-protection")

    @table("police-conferences")
    def police_conferences(self) -> Table:
        return self._activity(
            "police-conferences",
            "Initial child protection conferences and the police",
            SERVICE,  # meetings held and attended
        )

    @table("police-protection")
    def police_protection(self) -> Table:
        activity = self.returns.police_activity
        rows = activity.loc[activity["section"] == PROTECTION]
        return self._rolling(
            "police-protection",
            rows.astype({"current": int, "previous": int}),
            "Uses of police protection powers",
            ACTIVITY,
        ).note(
            "Uses not linked to any beat code could not be placed in a local authority area, "
            "so the B&NES figures leave out any of them that were in B&NES."
        )

    @table("police-custody")
    def police_custody(self) -> Table:
        return self._activity("police-custody", "Children in custody", PEOPLE)
