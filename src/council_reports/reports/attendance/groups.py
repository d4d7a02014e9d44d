"""Pupil groups: each group's figures against its region and England, the gap in persistent
absence between pupils eligible for free school meals and the rest, and ethnic groups."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...periods import Period
from .base import AttendanceContent
from .indicators import HELD, PA, PEX, SEVERE, SUSP, Breakdown

if TYPE_CHECKING:
    from ...ledger import Ledger


class PupilGroups(AttendanceContent):
    """The facts the commentary on pupil groups quotes."""

    def _record_breakdown(self, facts: Ledger, breakdown: Breakdown) -> None:
        from .comparisons import record_comparison

        name, filters = breakdown.dataset, breakdown.filters
        latest = self._latest(name, **filters) if breakdown.may_lag else self.target.period
        indicators = tuple(i for i, _, _ in breakdown.indicators)
        rows = self._comparison(name, (latest, latest.previous), indicators, **filters)
        parts = dict(tuple(rows.groupby(["indicator", breakdown.column], sort=False)))
        for group, group_key in breakdown.groups.items():
            for indicator, key, label in breakdown.indicators:
                unit, decimals = self._format(name, indicator)
                record_comparison(
                    facts,
                    parts.get((indicator, group), rows.iloc[:0]),
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

    def _record_held(self, facts: Ledger) -> None:
        """Whether the data holds each breakdown for the LA: its figures for this year (or, for
        suspensions and exclusions, for the latest year the Department has published)."""
        from ...measures.benchmarks import latest_periods

        for id, name, filters, may_lag in HELD:
            frame = self.data[name]
            found = latest_periods(frame, self.target.la, self.target.period, 1, **filters)
            facts.condition(
                id,
                bool(found) and (may_lag or found[0] == self.target.period),
                label=f"The data holds {self.areas.la_name}'s figures in {name}"
                + "".join(f", {value}" for value in filters.values()),
                source=name,
                method="the LA's rows up to this year" if may_lag else "the LA's rows this year",
            )

    def _record_fsm_gap(self, facts: Ledger) -> None:
        """The gap in persistent absence between pupils eligible for free school meals and the
        rest, this year and last, and whether it narrowed."""
        from ...measures.benchmarks import change, direction

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

    def _group_values(self, name: str, period: Period, indicator: str, area: str) -> dict:
        """Each major ethnic group's published value for one area."""
        from ...measures.benchmarks import rows_where, values_by

        rows = rows_where(
            self.data[name],
            area_code=area,
            period=str(period),
            indicator=indicator,
            breakdown_topic="Ethnicity major",
        )
        return values_by(rows, "breakdown")

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
            lags = name.startswith("exclusions")  # absence by ethnicity: this year's or none
            year = (
                self._latest(name, breakdown_topic="Ethnicity major")
                if lags
                else self.target.period
            )
            unit, decimals = self._format(name, indicator)
            la, region, england = (
                self._group_values(name, year, indicator, code) for code in self.areas.codes
            )
            top = highest(la, decimals)
            method = f"compared as published, rounded to {decimals} dp"
            facts.word(
                f"{key}_ethnicity_highest",
                joined(top),
                label=f"Major ethnic group(s) with the highest {label}",
                source=name,
                method=method,
            )
            facts.add(
                f"{key}_ethnicity_highest_value",
                la[top[0]] if top else "x",
                unit=unit,
                decimals=decimals,
                label=f"Highest {label} of a major ethnic group",
                source=name,
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
