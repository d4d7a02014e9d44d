"""Pupil groups: each group's figures against its region and England, the gap in persistent
absence between pupils eligible for free school meals and the rest, and ethnic groups."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...periods import Period
from .base import AttendanceContent
from .indicators import PA, PEX, SEVERE, SUSP, Breakdown

if TYPE_CHECKING:
    from ...ledger import Ledger


class PupilGroups(AttendanceContent):
    """The facts the commentary on pupil groups quotes."""

    def _record_breakdown(self, facts: Ledger, breakdown: Breakdown) -> None:
        from .comparisons import record_comparison

        name, filters = breakdown.dataset, breakdown.filters
        latest = self._latest(name, **filters)
        indicators = tuple(i for i, _, _ in breakdown.indicators)
        rows = self._comparison(name, (latest, latest.previous), indicators, **filters)
        for group, group_key in breakdown.groups.items():
            for indicator, key, label in breakdown.indicators:
                unit, decimals = self._format(name, indicator)
                record_comparison(
                    facts,
                    rows[(rows["indicator"] == indicator) & (rows[breakdown.column] == group)],
                    self.areas,
                    latest,
                    key=f"{key}_{group_key}",
                    label=f"{label}, {group}",
                    source=name,
                    unit=unit,
                    decimals=decimals,
                )
        if name == "exclusions_by_social_care_group":
            facts.word(
                "social_care_exclusions_year",
                latest.label,
                label="Latest year of suspensions and exclusions of children with a social worker",
                source=name,
                method="the latest year up to this one with the LA's figures",
            )
            facts.condition(
                "social_care_exclusions_lag",
                latest < self.target.period,
                label="Suspensions of children with a social worker are a year behind",
                source=name,
                method="latest year with figures before this one",
            )

    def _record_fsm_gap(self, facts: Ledger) -> None:
        """The gap in persistent absence between pupils eligible for free school meals and the
        rest, this year and last, and whether it narrowed."""
        from ...measures.benchmarks import change, compare, direction

        gaps = {}
        ids = {
            "la": "pa_fsm_gap",
            "la_previous": "pa_fsm_gap_previous",
            "region": "pa_fsm_gap_region",
            "england": "pa_fsm_gap_england",
        }
        for suffix, id in ids.items():
            eligible, rest = facts[f"pa_fsm_{suffix}"], facts[f"pa_not_fsm_{suffix}"]
            gaps[suffix] = change(eligible.value, rest.value, eligible.decimals)
            facts.add(
                id,
                "x" if gaps[suffix] is None else gaps[suffix],
                unit="pp",
                decimals=eligible.decimals,
                label=f"Persistent absence gap, FSM eligible against not eligible ({suffix})",
                source="absence_by_characteristic",
                method=f"pa_fsm_{suffix} minus pa_not_fsm_{suffix}, as published",
                of=(eligible.id, rest.id),
            )
        delta = change(gaps["la"], gaps["la_previous"], 1)
        facts.add(
            "pa_fsm_gap_change",
            "x" if delta is None else delta,
            unit="pp",
            decimals=1,
            label="Change in the FSM persistent absence gap on the year before",
            source="absence_by_characteristic",
            method="pa_fsm_gap minus pa_fsm_gap_previous",
            of=("pa_fsm_gap", "pa_fsm_gap_previous"),
        )
        facts.condition(
            "pa_fsm_gap_change_known",
            delta is not None,
            label="The FSM persistent absence gap can be compared with the year before",
            source="absence_by_characteristic",
            method="both years' gaps are numbers",
        )
        facts.compare(
            "pa_fsm_gap_direction",
            direction(delta, up="widened", down="narrowed", same="did not change")
            or "cannot be compared with the year before",
            of=("pa_fsm_gap_change",),
            label="Whether the FSM persistent absence gap widened or narrowed",
            source="absence_by_characteristic",
            method="sign of pa_fsm_gap_change",
        )
        for suffix in ("england", "region"):
            facts.compare(
                f"pa_fsm_gap_vs_{suffix}",
                compare(gaps["la"], gaps[suffix], 1) or "not comparable with",
                of=("pa_fsm_gap", f"pa_fsm_gap_{suffix}"),
                label=f"The FSM persistent absence gap against {suffix}'s",
                source="absence_by_characteristic",
                method="compared as shown, 1 dp",
            )

    def _group_values(self, name: str, period: Period, indicator: str, area: str) -> dict:
        """Each major ethnic group's published value for one area."""
        from ...measures.benchmarks import value_of

        frame = self.data[name]
        rows = frame.loc[
            (frame["area_code"] == area)
            & (frame["period"] == str(period))
            & (frame["indicator"] == indicator)
            & (frame["breakdown_topic"] == "Ethnicity major")
        ]
        return {r["breakdown"]: value_of(r) for _, r in rows.iterrows()}

    def _record_ethnicity(self, facts: Ledger) -> None:
        """Which major ethnic groups have the highest figures, and which are above England's
        (and the region's) figure for the same group."""
        from ...measures.benchmarks import groups_compared, highest
        from .comparisons import joined

        for name, indicator, key, label in (
            ("absence_by_characteristic", PA[0], "pa", "persistent absence"),
            ("absence_by_characteristic", SEVERE[0], "severe", "severe absence"),
            ("exclusions_by_characteristic", SUSP[0], "susp", "suspension rate"),
            ("exclusions_by_characteristic", PEX[0], "pex", "permanent exclusion rate"),
        ):
            year = self._latest(name, breakdown_topic="Ethnicity major")
            unit, decimals = self._format(name, indicator)
            la, region, england = (
                self._group_values(name, year, indicator, code) for code in self.areas.codes
            )
            top = highest(la, decimals)
            method = f"compared as published, rounded to {decimals} dp"
            made_up = self._synthetic(name)
            facts.word(
                f"{key}_ethnicity_highest",
                joined(top),
                label=f"Major ethnic group(s) with the highest {label}",
                source=name,
                method=method,
                synthetic=made_up,
            )
            facts.add(
                f"{key}_ethnicity_highest_value",
                la[top[0]] if top else "x",
                unit=unit,
                decimals=decimals,
                label=f"Highest {label} of a major ethnic group",
                source=name,
                synthetic=made_up,
            )
            above_england = groups_compared(la, england, decimals, "above")
            above_region = groups_compared(la, region, decimals, "above")
            for suffix, groups, benchmark in (
                ("above_england", above_england, "England's"),
                (
                    "above_both",
                    [g for g in above_england if g in above_region],
                    "both England's and the region's",
                ),
            ):
                facts.word(
                    f"{key}_ethnicity_{suffix}",
                    joined(groups),
                    label=f"Major ethnic groups whose {label} was above {benchmark}, {year.label}",
                    source=name,
                    method=method,
                    synthetic=made_up,
                )
            facts.condition(
                f"{key}_ethnicity_known",
                bool(top),
                label=f"{label} is published for a major ethnic group",
                source=name,
                method="a number for at least one group",
            )
            facts.condition(
                f"{key}_ethnicity_none_above_england",
                bool(top) and not above_england,
                label=f"No major ethnic group's {label} is above England's",
                source=name,
                method=method,
            )

    def _record_grouped(self, facts: Ledger) -> None:
        """The comparisons the commentary groups, each said once under its word: absence
        against the region and England and its change on the year before, and suspensions and
        permanent exclusions by special educational need, with England's."""
        from .comparisons import record_grouped

        absence = (
            ("authorised", "authorised absence"),
            ("unauthorised", "unauthorised absence"),
            ("pa", "persistent absence"),
            ("severe", "severe absence"),
        )
        for suffix in ("region", "england"):
            record_grouped(
                facts,
                f"absence_vs_{suffix}_all",
                [
                    (f"{key}_vs_{suffix}", _against(facts, f"{key}_vs_{suffix}", name))
                    for key, name in absence
                ],
                on="on",
                noun="measures",
                label=f"Absence against {suffix}, grouped",
                source="absence_by_geography",
            )
        record_grouped(
            facts,
            "absence_changes",
            [(f"{key}_direction", _moved(facts, key, name)) for key, name in absence],
            on="for",
            noun="measures",
            label="Absence on the year before, grouped",
            source="absence_by_geography",
        )
        groups = (
            ("sen_support", "pupils receiving SEN support"),
            ("ehcp", "pupils with an EHC plan"),
            ("no_sen", "pupils with no identified need"),
        )
        for key in ("susp", "pex"):
            record_grouped(
                facts,
                f"{key}_sen_changes",
                [
                    (f"{key}_{group}_direction", _moved(facts, f"{key}_{group}", name))
                    for group, name in groups
                ],
                on="for",
                noun="groups",
                label=f"{key} by special educational need on the year before, grouped",
                source="exclusions_by_characteristic",
            )
            record_grouped(
                facts,
                f"{key}_sen_england_changes",
                [(f"{key}_{group}_england_direction", name) for group, name in groups],
                on="for",
                noun="groups",
                label=f"England's {key} by special educational need on the year before, grouped",
                source="exclusions_by_characteristic",
                named=False,
            )


def _against(facts: Ledger, compared: str, name: str) -> str:
    """What a comparison is about, with its figures: "persistent absence (18.3% against
    20.8%)", or "(both 2.3%)" when they are the same."""
    la, other = (facts[id] for id in facts[compared].of)
    if facts[compared].text() == "in line with":
        return f"{name} (both {la.text()})"
    return f"{name} ({la.text()} against {other.text()})"


def _moved(facts: Ledger, key: str, name: str) -> str:
    """What a change is about, with the figures: "persistent absence (from 18.1% to 18.3%)"."""
    return f"{name} (from {facts[f'{key}_la_previous'].text()} to {facts[f'{key}_la'].text()})"
