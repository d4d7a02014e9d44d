"""Who the children in care are: age, sex, ethnicity and legal status."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ...audiences import PEOPLE
from ...framework import figure, table
from .base import IroContent, direction_word

if TYPE_CHECKING:
    import pandas as pd

    from ...ledger import Ledger
    from ...present.charts import Figure
    from ...present.tables import Table


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
