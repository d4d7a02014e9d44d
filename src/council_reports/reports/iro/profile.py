"""Who the children in care are: age, sex, ethnicity and legal status."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ...audiences import PEOPLE
from ...framework import figure, table
from .base import IroContent, direction_word
from .data import LA_NAME

if TYPE_CHECKING:
    import pandas as pd

    from ...ledger import Ledger
    from ...present.charts import Figure
    from ...present.publication import Links
    from ...present.tables import Table


# The age facts: their id, and the age bands (ages table rows) they add up.
AGE_FACTS = {
    "aged_10_plus": ("10 to 15", "16 and over"),
    "aged_10_15": ("10 to 15",),
    "aged_16_17": ("16 and over",),
    "under_1": ("Under 1",),
}
# The shares of children in care by legal status the prose quotes, by fact id.
STATUS_SHARES = {
    "care_order_share": "Care order",
    "section_20_share": "Section 20",
    "interim_care_order_share": "Interim care order",
    "placement_order_share": "Placement order",
}
# National table rows: the groups (rows of this report's tables) each of this LA's shares is of.
NATIONAL_GROUPS = {
    "Male": ("sex", ("Male",)),
    "Female": ("sex", ("Female",)),
    "White": ("ethnicity", ("White",)),
    "Mixed": ("ethnicity", ("Mixed",)),
    "Black": ("ethnicity", ("Black",)),
    "Asian": ("ethnicity", ("Asian",)),
    "Other ethnic group": ("ethnicity", ("Other",)),
    "Ethnicity not known": ("ethnicity", ("Not known",)),
    "Care order (interim or full)": ("legal-status", ("Care order", "Interim care order")),
    "Section 20": ("legal-status", ("Section 20",)),
    "Placement order": ("legal-status", ("Placement order",)),
}


class Profile(IroContent):
    """The profile tables and charts of children in care."""

    @cached_property
    def _ages(self) -> pd.Series:
        from ...measures import looked_after as m

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
        from ...measures import looked_after as m

        return self._share_table(
            m.sexes(self.in_care), "903", id="sex", caption="Children in care by sex", label="Sex"
        )

    @cached_property
    def _ethnic_groups(self) -> pd.Series:
        from ...measures import looked_after as m

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
        from ...measures import looked_after as m

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
        from ...measures import looked_after as m

        return m.age_by_legal_status(self.in_care, self.census)

    @table("age-by-legal-status")
    def age_by_legal_status(self) -> Table:
        from ...present.tables import Table

        return (
            Table.from_frame(
                self._age_by_legal_status.reset_index(),
                id="age-by-legal-status",
                caption="Age by legal status",
                stub=["Age"],
                source=self._source("903"),
                synthetic=self._made_up("903"),
                about=PEOPLE,
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

        from ...measures import looked_after as m
        from ...measures.benchmarks import change

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
            # the female share is the rest of the male one: published when that is
            rest = ("male_share",) if name == "female" else ()
            facts.add(
                f"{name}_share",
                (sex == code).mean() * 100,
                unit="%",
                label=f"Share of children in care who are {name}",
                source="sex",
                of=rest,
            )
            facts.add(
                f"{name}_share_previous",
                "x" if before is None else (before == code).mean() * 100,
                unit="%",
                label=f"Share of children in care who were {name} at 31 March "
                f"{self.year.start_year}",
                source="sex",
                of=tuple(f"{id}_previous" for id in rest),
            )
        difference = (
            None
            if before is None
            else change(facts["female_share"].value, (before == "F").mean() * 100, 0)
        )
        facts.add(
            "female_share_change",
            "x" if difference is None else difference,
            unit="pp",
            label="Change in the share who are female",
            source="sex",
            method="female_share minus the share a year before, each rounded as shown",
            of=("female_share", "female_share_previous"),
        )
        facts.compare(
            "female_share_direction",
            direction_word(difference, "rose", "fell", "did not change"),
            of=("female_share_change",),
            label="Direction of the change in the share who are female",
            source="sex",
            method="sign of female_share_change",
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
            of=("care_orders_5_17", "in_care"),
        )
        connected = m.connected_by_age(self.in_care, self.census)
        for band, key in (("5 to 9", "5_9"), ("1 to 4", "1_4")):
            facts.add(
                f"connected_{key}",
                int(connected[band]),
                unit="count",
                label=f"Children aged {band} under a care order placed with a connected person",
                source="episodes",
                method="placement U1, U2 or U3: foster care with a relative or friend",
            )
            facts.add(
                f"connected_{key}_share",
                connected[band] / care_orders[band] * 100 if care_orders[band] else "x",
                unit="%",
                label=f"Share of the children aged {band} under a care order placed with a "
                "connected person",
                source="episodes",
                of=(f"connected_{key}", f"care_orders_{key}"),
            )
            facts.condition(
                f"connected_{key}_all",
                bool(care_orders[band]) and connected[band] == care_orders[band],
                label=f"Every child aged {band} under a care order is placed with a connected "
                "person",
                source="episodes",
                method=f"connected_{key} == care_orders_{key}",
            )

    def _relate_profile(self, links: Links) -> None:
        """The profile tables all count the children in care; age by legal status adds up to
        the ages table (rows) and the legal status table (columns); the national table's shares
        and the prose's counts and shares are of their cells."""
        ages, statuses = self._ages, self._legal_status
        for id in ("ages", "sex", "ethnicity", "legal-status"):
            links.same("in_care", links.cell(id, "Total", "Children"))
        links.same("in_care", links.cell("national", "Children in care", LA_NAME))
        by_age = self._age_by_legal_status
        for status in statuses.index:
            parts = links.cells("age-by-legal-status", list(by_age.index), status)
            links.total(links.cell("legal-status", status, "Children"), parts)
        for age in ages.index:
            parts = [links.cell("age-by-legal-status", age, status) for status in by_age.columns]
            links.total(links.cell("ages", age, "Children"), parts)
        for id, bands in AGE_FACTS.items():
            links.total(id, links.cells("ages", bands, "Children"))
            links.share(f"{id}_share", id, "in_care")
        for code, name in (("M", "male"), ("F", "female")):
            if code in self.in_care["SEX"].to_numpy():
                links.share(f"{name}_share", links.cell("sex", name.title(), "Children"), "in_care")
            links.last_year(f"{name}_share_previous", f"{name}_share")
        for share in ("female_share", "female_share_previous"):
            links.hidden_with("female_share_change", share)
        groups = self._ethnic_groups
        for id, group in (("white_share", "White"), ("ethnicity_not_known", "Not known")):
            if group in groups.index:
                links.share(id, links.cell("ethnicity", group, "Children"), "in_care")
        others = [g for g in groups.index if g not in ("White", "Not known")]
        not_white = links.unpublished("children of Mixed, Black, Asian or other ethnic groups")
        links.total(not_white, links.cells("ethnicity", others, "Children"))
        links.share("not_white_share", not_white, "in_care")
        for id, status in STATUS_SHARES.items():
            if status in statuses.index:
                links.share(id, links.cell("legal-status", status, "Children"), "in_care")
        self._relate_national(links)
        if "Care order" in by_age.columns:
            bands = {"care_orders_5_9": ("5 to 9",), "care_orders_1_4": ("1 to 4",)}
            bands["care_orders_5_17"] = ("5 to 9", "10 to 15", "16 and over")
            for id, rows in bands.items():
                links.total(id, links.cells("age-by-legal-status", rows, "Care order"))
            links.share("care_orders_5_17_share", "care_orders_5_17", "in_care")

    def _relate_national(self, links: Links) -> None:
        """This LA's shares in the national table are of the profile tables' counts."""
        national = links.tables.get("national")
        if national is None:
            return
        shown = set(national.frame["Measure"])
        for row, (id, groups) in NATIONAL_GROUPS.items():
            if row not in shown:
                continue
            ours = links.cell("national", row, LA_NAME)
            present = [g for g in groups if g in set(links.tables[id].frame.iloc[:, 0])]
            if len(groups) == 1 and present:  # the profile table's percentage, printed again
                links.same(ours, links.cell(id, groups[0], "%"))
                continue
            count = links.unpublished(f"children in care: {row.lower()}")
            links.total(count, links.cells(id, present, "Children"))
            links.share(ours, count, "in_care")
