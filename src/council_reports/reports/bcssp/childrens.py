"""Children's social care: child protection, contacts and their outcomes, referrals, and
children in need and looked after."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...framework import table
from .base import BcsspContent
from .data import CHILD_PROTECTION_FACTS

if TYPE_CHECKING:
    from ...ledger import Ledger
    from ...present.tables import Table


class ChildrensSocialCare(BcsspContent):
    """The children's social care tables and facts."""

    def _record_childrens(self, facts: Ledger) -> None:
        from ...measures.benchmarks import direction
        from .measures import share, totals_differ

        sheets = self.returns.childrens_social_care
        contacts, quarters = sheets["Contacts"], sheets["Referrals by quarter"]
        differ = totals_differ(contacts, quarters, ["Contacts", "Referrals"])
        facts.condition(
            "csc_totals_agree",
            not differ,
            label="Contacts and referrals add to the same totals by source and by quarter",
            source="childrens_social_care",
            method="sum by source against sum by quarter",
        )
        for column in ("Contacts", "Referrals"):
            facts.add(
                f"{column.lower()}_by_quarter",
                int(quarters[column].sum()),
                unit="count",
                label=f"{column}, the quarters added",
                source="childrens_social_care",
                method="sum of the quarters",
            )
        rates = share(contacts["Referrals"], contacts["Contacts"])
        words = {
            "contacts_top_source": (
                contacts.loc[contacts["Contacts"].idxmax(), "Source"],
                "The largest source of contacts",
            ),
            "conversion_top_source": (
                contacts.loc[rates.idxmax(), "Source"],
                "The source whose contacts most often became referrals",
            ),
        }
        outcomes = sheets["Contact outcomes"]
        words["outcome_top"] = (
            outcomes.loc[outcomes["Contacts"].idxmax(), "Outcome"],
            "The most common outcome of a contact",
        )
        for id, (word, label) in words.items():
            facts.word(id, str(word).lower(), label=label, source="childrens_social_care")
        facts.add(
            "conversion_top",
            rates.max(),
            unit="%",
            decimals=1,
            label="Referrals as a % of contacts, the source converting most",
            source="childrens_social_care",
            method="referrals / contacts x 100",
        )
        before = None if self.previous is None else self.previous.childrens_social_care
        facts.condition(
            "contacts_compared",
            before is not None,
            label="The year before's contacts are in the data",
            source="childrens_social_care",
            method="a return for the year before",
        )
        # recorded without the year before too (x), so prose quoting them reads in any year
        previous = None if before is None else int(before["Contacts"]["Contacts"].sum())
        change = None if previous is None else int(contacts["Contacts"].sum()) - previous
        facts.add(
            "contacts_previous",
            "x" if previous is None else previous,
            unit="count",
            label=f"Contacts, {self.target.period.previous.label}",
            source="childrens_social_care (the year before)",
        )
        facts.add(
            "contacts_change",
            "x" if change is None else change,
            unit="count",
            label="Change in contacts on the year before",
            source="childrens_social_care",
            method="contacts - contacts_previous",
        )
        facts.word(
            "contacts_direction",
            direction(change) or "",
            label="Whether contacts rose or fell",
            source="childrens_social_care",
        )
        quarter_ends = sheets["Children in need"]
        for column, key in (("Children in need", "cin"), ("Children looked after", "cla")):
            first, last = quarter_ends[column].iloc[0], quarter_ends[column].iloc[-1]
            facts.word(
                f"{key}_direction",
                direction(last - first) or "",
                label=f"{column}: rose or fell over the year",
                source="childrens_social_care",
                method="last quarter end against the first",
            )
        facts.word(
            "first_quarter",
            str(quarter_ends["Quarter"].iloc[0]),
            label="The first quarter in the return",
            source="childrens_social_care",
        )

    def _childrens(self, sheet: str, id: str, caption: str, **options: bool | tuple) -> Table:
        from .tables import count_table

        return count_table(
            self.returns.childrens_social_care[sheet],
            id=id,
            caption=caption,
            synthetic=self._marked(f"childrens_social_care.xlsx:{sheet}"),
            **options,
        )

    @table("csc-child-protection")
    def csc_child_protection(self) -> Table:
        cp = self._childrens(
            "Child protection",
            "csc-child-protection",
            f"Child protection plans at {self.words()['year_end']}",
            total=False,
        )
        for id, measure in CHILD_PROTECTION_FACTS.items():
            cp = cp.fact(id, row=measure, column="Value")
        return cp

    @table("csc-contacts")
    def csc_contacts(self) -> Table:
        return (
            self._childrens(
                "Contacts",
                "csc-contacts",
                "Contacts and referrals by source",
                rate=("Referrals", "Contacts"),
            )
            .fact("contacts", row="Total", column="Contacts")
            .fact("referrals", row="Total", column="Referrals")
            .fact("conversion", row="Total", column="Referrals (% of contacts)")
        )

    @table("csc-contact-outcomes")
    def csc_contact_outcomes(self) -> Table:
        outcomes = self._childrens(
            "Contact outcomes", "csc-contact-outcomes", "Contacts by outcome"
        )
        top = outcomes.frame.loc[outcomes.frame["Contacts"].iloc[:-1].idxmax(), "Outcome"]
        return outcomes.fact("outcome_top_share", row=top, column="% of total")

    @table("csc-referrals")
    def csc_referrals(self) -> Table:
        return self._childrens(
            "Referrals by quarter",
            "csc-referrals",
            "Contacts and referrals by quarter",
            rate=("Referrals", "Contacts"),
        )

    @table("csc-cin-cla")
    def csc_cin_cla(self) -> Table:
        cin = self._childrens(
            "Children in need",
            "csc-cin-cla",
            "Children in need and children looked after at each quarter end",
            total=False,
        )
        last = len(cin.frame) - 1
        for column, key in (("Children in need", "cin"), ("Children looked after", "cla")):
            cin = cin.fact(f"{key}_first", row=0, column=column).fact(
                f"{key}_last", row=last, column=column
            )
        return cin
