"""School attendance and exclusions: DfE absence and suspension statistics, the LA against its
region and England, by pupil characteristic, and the council's own figures for the year after."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DataError, ParameterError
from ..periods import Period
from . import Content, Context, Report, cached_load, figure, table

if TYPE_CHECKING:
    import pandas as pd

    from ..ledger import Ledger
    from ..present.charts import Figure
    from ..present.tables import Table

DATASETS = (
    "absence_by_geography",
    "absence_by_characteristic",
    "absence_by_social_care_group",
    "exclusions_by_geography",
    "exclusions_by_characteristic",
    "exclusions_by_social_care_group",
    "in_year",
)

_ABSENCE = "DfE, Pupil absence in schools in England"
_EXCLUSIONS = "DfE, Suspensions and permanent exclusions in England"
_SOCIAL_CARE = (
    "DfE, Outcomes for children in need, including children looked after by LAs in England"
)
SOURCES = {
    "absence_by_geography": _ABSENCE,
    "absence_by_characteristic": _ABSENCE,
    "absence_by_social_care_group": _SOCIAL_CARE,
    "exclusions_by_geography": _EXCLUSIONS,
    "exclusions_by_characteristic": _EXCLUSIONS,
    "exclusions_by_social_care_group": _SOCIAL_CARE,
    "in_year": "the council's own records",
}


def coverage(data_dir: Path) -> dict[str, tuple[str, ...]]:
    """Periods and LAs with absence figures, read with the csv module (fast; no validation)."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in (
        data_dir / "absence_by_geography.csv",
        data_dir / "synthetic" / "absence_by_geography.csv",
    ):
        if not path.is_file():
            continue
        with path.open(newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                period = Period.from_time_period(row.get("time_period", ""))
                if period and row.get("geographic_level") == "Local authority":
                    found[str(period)].add(row.get("old_la_code", ""))
    return {period: tuple(sorted(las)) for period, las in sorted(found.items())}


@cached_load
def load(data_dir: Path) -> dict[str, pd.DataFrame]:
    """Every dataset, validated, as a tidy table (see ``load.ees.EesDataset.tidy``)."""
    from ..load.ees import read_ees_folder

    return {name: ds.tidy() for name, ds in read_ees_folder(data_dir, DATASETS).items()}


def is_synthetic(data: dict[str, pd.DataFrame], la: str) -> bool:
    """Whether any of the LA's figures come from the synthetic/ files (made up for testing)."""
    return any(
        frame.loc[frame["area_code"] == la, "source_file"].str.contains("/synthetic/").any()
        for frame in data.values()
    )


def check(data_dir: Path, la: str, period: Period) -> None:
    if not data_dir.is_dir():
        raise DataError("data folder not found", file=data_dir, hint="pass --data DIR")
    load(data_dir)
    las = coverage(data_dir).get(str(period))
    if not las:
        raise ParameterError(
            f"no attendance data for {period}",
            hint="periods in the data: " + ", ".join(coverage(data_dir)),
        )
    if la not in las:
        raise ParameterError(
            f"no attendance data for LA {la!r} in {period}", hint="LAs: " + ", ".join(las)
        )


ABSENCE = (
    "sess_authorised_percent",
    "sess_unauthorised_percent",
    "enrolments_pa_10_exact_percent",
    "enrolments_pa_50_exact_percent",
)
SESSIONS = ABSENCE[:2]  # rates of sessions missed
ABSENTEES = ABSENCE[2:]  # percentages of pupils
EXCLUSIONS = ("susp_rate", "perm_excl_rate", "one_plus_susp_rate")
# (indicator, fact key, label): each is recorded by present.comparisons.record_comparison as
# {key}_la, _region, _england, _la_previous, _change and the words _vs_england, _vs_region,
# _direction, for the LA as a whole ({key}) and for each group of a breakdown ({key}_{group}).
PA = ("enrolments_pa_10_exact_percent", "pa", "Persistent absence")
SEVERE = ("enrolments_pa_50_exact_percent", "severe", "Severe absence")
AUTHORISED = ("sess_authorised_percent", "authorised", "Authorised absence rate")
UNAUTHORISED = ("sess_unauthorised_percent", "unauthorised", "Unauthorised absence rate")
SUSP = ("susp_rate", "susp", "Suspension rate")
PEX = ("perm_excl_rate", "pex", "Permanent exclusion rate")
HEADLINES = {
    "absence_by_geography": (PA, SEVERE, AUTHORISED, UNAUTHORISED),
    "exclusions_by_geography": (
        SUSP,
        PEX,
        ("one_plus_susp_rate", "one_plus_susp", "Pupils with one or more suspensions (rate)"),
    ),
}
FSM = {"FSM eligible": "fsm", "FSM not eligible": "not_fsm"}
SEN = {"EHC plan": "ehcp", "SEN support": "sen_support", "No identified SEN": "no_sen"}
SOCIAL_CARE = {
    "CINO at 31 March": "cin",
    "CLA 12 months at 31 March": "cla",
    "CPPO at 31 March": "cpp",
}
SOCIAL_CARE_NOTE = (
    "CINO at 31 March: children in need at 31 March, other than those on a child protection "
    "plan or looked after; CLA 12 months at 31 March: children looked after for at least 12 "
    "months at 31 March; CPPO at 31 March: children on a child protection plan at 31 March."
)
RATE_NOTE = "Rates of suspension and permanent exclusion are per 100 pupils."


@dataclass(frozen=True)
class Breakdown:
    """Groups of pupils in one dataset whose figures the commentary quotes."""

    dataset: str
    column: str  # the filter column naming the group
    groups: Mapping[str, str]  # group as the data names it: its key in fact ids
    indicators: tuple[tuple[str, str, str], ...]
    topic: str | None = None  # breakdown_topic, in the characteristic datasets

    @property
    def filters(self) -> dict[str, str]:
        return {"breakdown_topic": self.topic} if self.topic else {}


BREAKDOWNS = (
    Breakdown("absence_by_characteristic", "breakdown", FSM, (PA, SEVERE, AUTHORISED), "FSM"),
    Breakdown("absence_by_social_care_group", "social_care_group", SOCIAL_CARE, (PA, SEVERE)),
    Breakdown(
        "absence_by_characteristic",
        "breakdown",
        SEN,
        (PA, SEVERE, AUTHORISED, UNAUTHORISED),
        "SEN provision",
    ),
    Breakdown(
        "exclusions_by_social_care_group",
        "social_care_group",
        SOCIAL_CARE,
        (
            ("one_plus_susp_percent", "one_plus_susp", "Pupils with one or more suspensions"),
            ("perm_excl_percent", "pex", "Pupils permanently excluded"),
        ),
    ),
    Breakdown("exclusions_by_characteristic", "breakdown", FSM, (SUSP, PEX), "FSM"),
    Breakdown("exclusions_by_characteristic", "breakdown", SEN, (SUSP, PEX), "SEN provision"),
)
# The council's own in-year figures (in_year.csv): pupil group, indicator, fact id, and the
# DfE figure for the LA it is read against (dataset, indicator, filters), if there is one.
IN_YEAR: tuple[tuple[str, str, str, tuple[str, str, dict[str, str]] | None], ...] = (
    ("All pupils", "enrolments_pa_10_exact_percent", "own_pa", ("absence_by_geography", PA[0], {})),
    (
        "All pupils",
        "enrolments_pa_50_exact_percent",
        "own_severe",
        ("absence_by_geography", SEVERE[0], {}),
    ),
    (
        "All pupils",
        "sess_unauthorised_percent",
        "own_unauthorised",
        ("absence_by_geography", UNAUTHORISED[0], {}),
    ),
    ("All pupils", "perm_excl_issued", "own_pex_issued", None),
    ("All pupils", "perm_excl", "own_pex", None),
    ("All pupils", "perm_excl_pending", "own_pex_pending", None),
    ("All pupils", "perm_excl_rate", "own_pex_rate", ("exclusions_by_geography", PEX[0], {})),
    (
        "Child protection plan",
        "enrolments_pa_10_exact_percent",
        "own_cpp_pa",
        ("absence_by_social_care_group", PA[0], {"social_care_group": "CPPO at 31 March"}),
    ),
    ("Child protection plan", "perm_excl", "own_cpp_pex", None),
    ("Child in need plan", "perm_excl", "own_cin_pex", None),
)


class Attendance(Content):
    """Absence and exclusions for one LA against its region and England, and the LA's own
    in-year figures for the year after."""

    def __init__(self, context: Context) -> None:
        from ..measures.benchmarks import areas_for
        from ..present.comparisons import Benchmarks

        super().__init__(context)
        data = load(context.data_dir)
        self.areas = areas_for(data["absence_by_geography"], context.la)
        # only the LA, its region and England are ever read: filter the region's LAs out once
        self.data = {
            name: frame.loc[frame["area_code"].isin(self.areas.codes)].reset_index(drop=True)
            for name, frame in data.items()
        }
        self.benchmarks = Benchmarks(self.data, self.areas, context.period, SOURCES)

    @property
    def synthetic(self) -> bool:
        return is_synthetic(self.data, self.context.la)

    def _synthetic(self, name: str) -> bool:
        """Whether the LA's rows in dataset ``name`` are made up (its tables then say so)."""
        return is_synthetic({name: self.data[name]}, self.context.la)

    def words(self) -> dict[str, str]:
        year = self.context.period
        return {
            "la_name": self.areas.la_name,
            "region_name": self.areas.region_name,
            "period_dates": f"the {year.label} academic year (September {year.start_year} to "
            f"July {year.end_year})",
        }

    def _comparison(self, name: str, periods, indicators, **filters) -> pd.DataFrame:
        from ..measures.benchmarks import comparison

        return comparison(self.data[name], self.areas, periods, indicators, **filters)

    def _latest(self, name: str, **filters: str) -> Period:
        """The latest period up to this one with the LA's figures in dataset ``name`` (some
        tables lag a year), or this one when there are none."""
        from ..measures.benchmarks import latest_periods

        frame = self.data[name]
        for column, wanted in filters.items():
            frame = frame.loc[frame[column] == wanted]
        found = latest_periods(frame, self.context.la, self.context.period, 1)
        return found[0] if found else self.context.period

    def _format(self, name: str, indicator: str) -> tuple[str, int]:
        """An indicator's unit and decimal places, as the dataset's metadata gives them."""
        rows = self.data[name].loc[self.data[name]["indicator"] == indicator]
        return rows.iloc[0]["unit"], int(rows.iloc[0]["decimals"])

    def _label(self, indicator: str, name: str = "in_year") -> str:
        """An indicator's label, as the dataset's metadata gives it."""
        frame = self.data[name]
        return frame.loc[frame["indicator"] == indicator, "label"].iloc[0]

    def record(self, facts: Ledger) -> None:
        from ..present.comparisons import record_comparison

        year = self.context.period
        for name, headlines in HEADLINES.items():
            rows = self._comparison(name, (year, year.previous), tuple(i for i, _, _ in headlines))
            for indicator, key, label in headlines:
                record_comparison(
                    facts,
                    rows[rows["indicator"] == indicator],
                    self.areas,
                    year,
                    key=key,
                    label=label,
                    source=name,
                )
        for breakdown in BREAKDOWNS:
            self._record_breakdown(facts, breakdown)
        self._record_fsm_gap(facts)
        self._record_ethnicity(facts)
        self._record_trend(facts)
        self._record_own_figures(facts)

    def _record_breakdown(self, facts: Ledger, breakdown: Breakdown) -> None:
        from ..present.comparisons import record_comparison

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
                latest < self.context.period,
                label="Suspensions of children with a social worker are a year behind",
                source=name,
                method="latest year with figures before this one",
            )

    def _record_fsm_gap(self, facts: Ledger) -> None:
        """The gap in persistent absence between pupils eligible for free school meals and the
        rest, this year and last, and whether it narrowed."""
        from ..measures.benchmarks import change, direction

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
        facts.word(
            "pa_fsm_gap_direction",
            direction(delta, up="widened", down="narrowed", same="did not change")
            or "cannot be compared with the year before",
            label="Whether the FSM persistent absence gap widened or narrowed",
            source="absence_by_characteristic",
            method="sign of pa_fsm_gap_change",
        )

    def _group_values(self, name: str, period: Period, indicator: str, area: str) -> dict:
        """Each major ethnic group's published value for one area."""
        from ..measures.benchmarks import value_of

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
        from ..measures.benchmarks import groups_compared, highest
        from ..present.comparisons import joined

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

    def _trend_years(self) -> tuple[Period, ...]:
        from ..measures.benchmarks import latest_periods

        frame = self.data["exclusions_by_geography"]
        return tuple(reversed(latest_periods(frame, self.context.la, self.context.period, 4)))

    def _record_trend(self, facts: Ledger) -> None:
        first = self._trend_years()[0]
        rows = self._comparison("exclusions_by_geography", (first,), (SUSP[0],))
        la = rows.loc[rows["area_code"] == self.context.la]
        facts.word(
            "susp_trend_first_year",
            first.label,
            label="First year of the suspension rate chart",
            source="exclusions_by_geography",
        )
        facts.add(
            "susp_trend_first_la",
            la.iloc[0]["value"] if not la.empty and not la.iloc[0]["symbol"] else "x",
            unit="number",
            decimals=2,
            label=f"Suspension rate, {self.areas.la_name} {first.label}",
            source="exclusions_by_geography",
        )

    def _own(self, year: Period) -> pd.DataFrame:
        frame = self.data["in_year"]
        return frame.loc[(frame["area_code"] == self.context.la) & (frame["period"] == str(year))]

    def _record_own_figures(self, facts: Ledger) -> None:
        """The council's own figures for the year after this one (and, for the permanent
        exclusions it counts, this one and the year after), read against the DfE's."""
        from ..measures.benchmarks import change, compare, direction, value_of

        year = self.context.period
        source = "in_year"
        for when, suffix in ((year.following, ""), (year, "_this_year")):
            rows = self._own(when)
            for group, indicator, key, dfe in IN_YEAR:
                row = rows.loc[(rows["pupil_group"] == group) & (rows["indicator"] == indicator)]
                value = value_of(row.iloc[0]) if not row.empty else "x"
                unit, decimals = self._format(source, indicator)
                facts.add(
                    key + suffix,
                    value,
                    unit=unit,
                    decimals=decimals,
                    label=f"{self.areas.la_name}'s own figure, {group}: {self._label(indicator)}, "
                    f"{when.label}",
                    source=source,
                )
                facts.condition(
                    f"{key}{suffix}_known",
                    not isinstance(value, str),
                    label=f"{key}{suffix} is a number",
                    source=source,
                    method="a number, not a symbol",
                )
                if dfe is None or suffix:
                    continue
                name, dfe_indicator, filters = dfe
                comparable = self._comparison(name, (year,), (dfe_indicator,), **filters)
                cells = {r["area_code"]: value_of(r) for _, r in comparable.iterrows()}
                places = min(decimals, self._format(name, dfe_indicator)[1])
                delta = change(value, cells.get(self.context.la, "x"), places)
                facts.word(
                    f"{key}_direction",
                    direction(delta) or "cannot be compared",
                    label=f"{key} against the DfE's {year.label} figure for the LA",
                    source=source,
                    method=f"compared at {places} dp",
                )
                facts.word(
                    f"{key}_vs_england",
                    compare(value, cells.get(self.areas.codes[2], "x"), places)
                    or "not comparable with",
                    label=f"{key} against England's {year.label} figure",
                    source=source,
                    method=f"compared at {places} dp",
                )
        delta = change(facts["own_pex"].value, facts["own_pex_this_year"].value, 0)
        facts.word(
            "own_pex_direction",
            direction(delta) or "cannot be compared",
            label=f"Effective permanent exclusions, {self.areas.la_name}'s own count, "
            f"{self.context.period.following.label} against {self.context.period.label}",
            source=source,
            method="own_pex minus own_pex_this_year",
        )

    def _table(self, name: str, **arguments) -> Table:
        """A benchmark table of dataset ``name``, marked synthetic if the LA's rows are."""
        benchmarks = replace(self.benchmarks, synthetic=self._synthetic(name))
        return benchmarks.table(name, **arguments)

    @table("absence-geography")
    def absence_geography(self) -> Table:
        return self._table(
            "absence_by_geography",
            id="absence-geography",
            caption="Absence by area",
            indicators=ABSENCE,
        )

    def _absence_chart(self, id: str, indicators: tuple[str, ...], title: str) -> Figure:
        from ..present.charts import bar_chart

        year = self.context.period
        rows = self._comparison("absence_by_geography", (year,), indicators)
        return bar_chart(
            rows.assign(area=lambda f: f["area_name"]),
            id=id,
            caption=f"{title} by area, {year.label}",
            title=title,
            category="label",
            series="area",
            value="value",
            unit="%",
            decimals=1,
            synthetic=self._synthetic("absence_by_geography"),
        )

    @figure("absence-sessions")
    def absence_sessions_chart(self) -> Figure:
        return self._absence_chart("absence-sessions", SESSIONS, "Sessions missed")

    @figure("absence-pupils")
    def absence_pupils_chart(self) -> Figure:
        return self._absence_chart(
            "absence-pupils", ABSENTEES, "Pupils persistently or severely absent"
        )

    @table("absence-fsm")
    def absence_fsm(self) -> Table:
        return self._table(
            "absence_by_characteristic",
            id="absence-fsm",
            caption="Absence by free school meal eligibility",
            indicators=ABSENCE,
            by="breakdown",
            breakdown_topic="FSM",
        )

    @figure("absence-fsm")
    def absence_fsm_chart(self) -> Figure:
        from ..present.charts import bar_chart

        year = self.context.period
        rows = self._comparison(
            "absence_by_characteristic", (year,), (PA[0],), breakdown_topic="FSM"
        )
        return bar_chart(
            rows.assign(area=lambda f: f["area_name"]),
            id="absence-fsm",
            caption=f"Persistent absence by free school meal eligibility, {year.label}",
            title="Persistent absentees",
            category="breakdown",
            series="area",
            value="value",
            unit="%",
            decimals=1,
            synthetic=self._synthetic("absence_by_characteristic"),
        )

    @table("absence-social-care")
    def absence_social_care(self) -> Table:
        name = "absence_by_social_care_group"
        return self._table(
            name,
            id="absence-social-care",
            caption="Absence of children with a social worker",
            indicators=tuple(self.data[name]["indicator"].unique()),
            by="social_care_group",
        ).note(SOCIAL_CARE_NOTE)

    @table("absence-sen")
    def absence_sen(self) -> Table:
        return self._table(
            "absence_by_characteristic",
            id="absence-sen",
            caption="Absence by special educational need provision",
            indicators=ABSENCE,
            by="breakdown",
            count=1,
            breakdown_topic="SEN provision",
        )

    @table("absence-ethnicity")
    def absence_ethnicity(self) -> Table:
        return self._table(
            "absence_by_characteristic",
            id="absence-ethnicity",
            caption="Absence by major ethnic group",
            indicators=ABSENTEES,
            by="breakdown",
            count=1,
            breakdown_topic="Ethnicity major",
        )

    @table("exclusions-geography")
    def exclusions_geography(self) -> Table:
        return self._table(
            "exclusions_by_geography",
            id="exclusions-geography",
            caption="Suspensions and permanent exclusions by area",
            indicators=EXCLUSIONS,
        ).note(RATE_NOTE)

    @figure("suspension-trend")
    def suspension_trend(self) -> Figure:
        from ..present.charts import line_chart

        years = self._trend_years()
        trend = self._comparison("exclusions_by_geography", years, (SUSP[0],))
        return line_chart(
            trend.assign(
                area=lambda f: f["area_name"], year=lambda f: f["period"].str.replace("-", "/")
            ),
            id="suspension-trend",
            caption=f"Suspension rate by year, {years[0].label} to {years[-1].label}",
            title="Suspensions per 100 pupils",
            x="year",
            series="area",
            value="value",
            unit="rate",
            decimals=2,
            synthetic=self._synthetic("exclusions_by_geography"),
        )

    @table("exclusions-social-care")
    def exclusions_social_care(self) -> Table:
        name = "exclusions_by_social_care_group"
        return self._table(
            name,
            id="exclusions-social-care",
            caption="Suspensions and permanent exclusions of children with a social worker",
            indicators=tuple(self.data[name]["indicator"].unique()),
            by="social_care_group",
        ).note(SOCIAL_CARE_NOTE)

    def _exclusions_by(self, id: str, caption: str, topic: str) -> Table:
        return self._table(
            "exclusions_by_characteristic",
            id=id,
            caption=f"Suspensions and permanent exclusions by {caption}",
            indicators=EXCLUSIONS[:2],
            by="breakdown",
            breakdown_topic=topic,
        ).note(RATE_NOTE)

    @table("exclusions-fsm")
    def exclusions_fsm(self) -> Table:
        return self._exclusions_by("exclusions-fsm", "free school meal eligibility", "FSM")

    @table("exclusions-sen")
    def exclusions_sen(self) -> Table:
        return self._exclusions_by(
            "exclusions-sen", "special educational need provision", "SEN provision"
        )

    @table("exclusions-ethnicity")
    def exclusions_ethnicity(self) -> Table:
        return self._exclusions_by("exclusions-ethnicity", "major ethnic group", "Ethnicity major")

    @table("own-figures")
    def own_figures(self) -> Table:
        """The council's own figures for the year after this one, beside the DfE's latest."""
        import pandas as pd

        from ..measures.benchmarks import value_of
        from ..present.tables import Table

        year, following = self.context.period, self.context.period.following
        rows = self._own(following)
        own = f"{self.areas.la_name} {following.label} (own figures)"
        dfe_la = f"{self.areas.la_name} {year.label} (DfE)"
        dfe_england = f"England {year.label} (DfE)"
        records, formats = [], []
        for group, indicator, _, dfe in IN_YEAR:
            row = rows.loc[(rows["pupil_group"] == group) & (rows["indicator"] == indicator)]
            if row.empty or row.iloc[0]["symbol"] == "x":
                continue
            record = {
                "Pupil group": group,
                "Measure": row.iloc[0]["label"],
                own: value_of(row.iloc[0]),
            }
            dfe_format = None
            record[dfe_la] = record[dfe_england] = "z"  # no DfE figure to set it against
            if dfe is not None:
                name, dfe_indicator, filters = dfe
                cells = self._comparison(name, (year,), (dfe_indicator,), **filters)
                values = {r["area_code"]: value_of(r) for _, r in cells.iterrows()}
                record[dfe_la] = values.get(self.context.la, "x")
                record[dfe_england] = values.get(self.areas.codes[2], "x")
                dfe_format = self._format(name, dfe_indicator)
            records.append(record)
            formats.append((self._format("in_year", indicator), dfe_format))
        synthetic = self._synthetic("in_year")
        source = "The council's own records (not official statistics); DfE"
        caption = (
            f"The council's own figures for {following.label} beside the DfE's for {year.label}"
        )
        if not records:
            empty = pd.DataFrame({"Measure": [f"No figures of its own for {following.label}"]})
            return Table.from_frame(empty, id="own-figures", caption=caption, stub=["Measure"])
        frame = pd.DataFrame.from_records(
            records, columns=["Pupil group", "Measure", own, dfe_la, dfe_england]
        )
        table = Table.from_frame(
            frame,
            id="own-figures",
            caption=caption,
            stub=["Pupil group", "Measure"],
            source=source,
            synthetic=synthetic,
        )
        for position, ((unit, decimals), dfe_format) in enumerate(formats):
            table = table.fmt(
                unit,
                decimals,
                rows=[position],
                columns=[own],
            )
            if dfe_format is not None:
                table = table.fmt(
                    dfe_format[0], dfe_format[1], rows=[position], columns=[dfe_la, dfe_england]
                )
        return table.note(
            "Own figures: counted by the council during the year, before the DfE publishes the "
            "year's statistics; the DfE's figures for the same year may differ."
        )


REPORT = Report(
    id="attendance",
    title="School attendance and exclusions",
    notebook="attendance_exclusions.ipynb",
    data="attendance",
    cover="cover/attendance.yml",
    coverage=coverage,
    check=check,
    content=Attendance,
)
