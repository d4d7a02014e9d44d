"""Children's social care: child protection, step-down from child in need services, contacts
and their outcomes, referrals, and children in need and looked after."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...framework import table
from .base import BcsspContent
from .data import CHILD_IN_NEED_FACTS, CHILD_PROTECTION_FACTS, CIN, CP, SYNTHETIC

if TYPE_CHECKING:
    from ...ledger import Ledger
    from ...present.publication import Links
    from ...present.tables import Table
    from .measures import Reconciliation

CONTACTS = "childrens_social_care.xlsx:Contacts"
# Other breakdowns of the counts by source: (key, table, sheet, broken down by, count)
BREAKDOWNS = (
    ("contacts_by_quarter", "csc-referrals", "Referrals by quarter", "Quarter", "Contacts"),
    ("referrals_by_quarter", "csc-referrals", "Referrals by quarter", "Quarter", "Referrals"),
    ("contacts_by_outcome", "csc-contact-outcomes", "Contact outcomes", "Outcome", "Contacts"),
)


class ChildrensSocialCare(BcsspContent):
    """The children's social care tables and facts."""

    def _childrens_reconciliations(self) -> dict[str, Reconciliation]:
        """Contacts and referrals by quarter, and contacts by outcome, against the same counts
        by source: three breakdowns of the year's contacts."""
        from .measures import reconcile

        sheets = self.returns.childrens_social_care
        by_source = sheets["Contacts"]
        checks = {}
        for key, shown_in, sheet, by, column in BREAKDOWNS:
            frame, what = sheets[sheet], column.lower()
            checks[key] = reconcile(
                shown_in,
                (f"{what} by source", by_source[column].sum()),
                f"the {what} by {by.lower()}",
                dict(zip(frame[by], frame[column], strict=True)),
            )
        return checks

    def _record_childrens(self, facts: Ledger) -> None:
        """Whether the contacts can be compared with the year before, and what the data says of
        sources, outcomes and the quarter ends: recorded only as findings of real figures (the
        notebook shows them only when the sheets are not synthetic)."""
        from .measures import share

        sheets = self.returns.childrens_social_care
        contacts = sheets["Contacts"]
        rates = share(contacts["Referrals"], contacts["Contacts"])
        outcomes = sheets["Contact outcomes"]
        words = {
            "contacts_top_source": (
                contacts.loc[contacts["Contacts"].idxmax(), "Source"],
                "The largest source of contacts",
            ),
            "conversion_top_source": (
                contacts.loc[rates.idxmax(), "Source"],
                "The source whose contacts most often became referrals",
            ),
            "outcome_top": (
                outcomes.loc[outcomes["Contacts"].idxmax(), "Outcome"],
                "The most common outcome of a contact",
            ),
        }
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
        # a comparison with the year before is a finding only when neither year is made up
        before = self.previous
        compared = (
            before is not None
            and not self._marked(CONTACTS)
            and not self._marked(CONTACTS, returns=before)
        )
        facts.condition(
            "contacts_compared",
            compared,
            label="The year before's contacts are in the data, and neither year's are synthetic",
            source="childrens_social_care",
            method=f"a return for the year before; neither Contacts sheet's note reads {SYNTHETIC}",
        )
        # recorded without the year before too (x), so prose quoting them reads in any year
        previous = (
            None
            if before is None
            else int(before.childrens_social_care["Contacts"]["Contacts"].sum())
        )
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
        quarter_ends = sheets["Children in need"]
        facts.word(
            "first_quarter",
            str(quarter_ends["Quarter"].iloc[0]),
            label="The first quarter in the return",
            source="childrens_social_care",
        )

    def _relate_childrens(self, links: Links) -> None:
        """Each other breakdown of the contacts (and referrals) adds up to its table's total,
        and leaves out of the total by source the difference; the source converting most is a
        cell of the contacts table; the year before's contacts are last year's published
        figure, and the change is the difference."""
        from .measures import share

        for key, shown_in, _, _, column in BREAKDOWNS:
            links.same(f"{key}_parts_total", links.cell(shown_in, "Total", column))
            by_source = links.cell("csc-contacts", "Total", column)
            links.difference(f"{key}_unaccounted", by_source, f"{key}_parts_total")
        contacts = self.returns.childrens_social_care["Contacts"]
        top = contacts.loc[share(contacts["Referrals"], contacts["Contacts"]).idxmax(), "Source"]
        links.same("conversion_top", links.cell("csc-contacts", top, "Referrals (% of contacts)"))
        if self.previous is not None:
            links.last_year("contacts_previous", "contacts")
            this_year = links.cell("csc-contacts", "Total", "Contacts")
            links.difference("contacts_change", this_year, "contacts_previous")

    def _childrens(self, sheet: str, id: str, caption: str, **options: bool | tuple) -> Table:
        from .tables import count_table

        return count_table(
            self.returns.childrens_social_care[sheet],
            id=id,
            caption=caption,
            source=self._source(f"childrens_social_care.xlsx:{sheet}"),
            synthetic=self._marked(f"childrens_social_care.xlsx:{sheet}"),
            **options,
        )

    def _measures(self, source: str, id: str, caption: str, facts: dict[str, str]) -> Table:
        """A sheet of measures (counts and percentages), with the cells the prose quotes."""
        from .measures import yearly_change
        from .tables import measures_table

        sheet = source.split(":")[1]
        measures = measures_table(
            yearly_change(self.returns.childrens_social_care[sheet]),
            self.target.period,
            id=id,
            caption=caption,
            source=self._source(source),
            synthetic=self._marked(source),
        )
        for fact, measure in facts.items():
            measures = measures.fact(fact, row=measure, column=self.target.period.label)
        return measures

    def _noted(self, table: Table, *keys: str) -> Table:
        """``table`` with a note for each of its totals (by key) whose parts do not add up."""
        from .tables import shortfall_note

        checks = self._childrens_reconciliations()
        for key in keys:
            if not checks[key].adds_up:
                table = table.note(shortfall_note(checks[key]))
        return table

    @table("csc-child-protection")
    def csc_child_protection(self) -> Table:
        return self._measures(
            CP, "csc-child-protection", "Child protection", CHILD_PROTECTION_FACTS
        ).note(
            "The return gives the share of child protection enquiries that led to an initial "
            "child protection conference as a range, its lowest and highest, without saying "
            "which periods they are for."
        )

    @table("csc-step-down")
    def csc_step_down(self) -> Table:
        return self._measures(
            CIN,
            "csc-step-down",
            "Children stepping down from a child in need service",
            CHILD_IN_NEED_FACTS,
        )

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
        outcomes = outcomes.fact("outcome_top_share", row=top, column="% of total")
        return self._noted(outcomes, "contacts_by_outcome")

    @table("csc-referrals")
    def csc_referrals(self) -> Table:
        referrals = self._childrens(
            "Referrals by quarter",
            "csc-referrals",
            "Contacts and referrals by quarter",
            rate=("Referrals", "Contacts"),
        )
        return self._noted(referrals, "contacts_by_quarter", "referrals_by_quarter")

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
