"""Benchmark tables and facts: an LA against its region and England, this year and last."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ...audiences import PUBLISHED
from ...ledger import Ledger
from ...measures.benchmarks import (
    Areas,
    change,
    compare,
    comparison,
    direction,
    latest_periods,
    values_by,
)
from ...numbers import change_unit
from ...periods import Period
from ...present.tables import Table, year_role

AREA_ROLES = ("la", "region", "england")  # the roles of Areas' codes and names, in their order


def comparison_table(
    rows: pd.DataFrame,
    areas: Areas,
    periods: tuple[Period, ...],
    *,
    this_year: Period,
    id: str,
    caption: str,
    labels: Mapping[str, str] | None = None,
    by: str | None = None,
    by_label: str = "Group",
    source: str,
    synthetic: bool = False,
) -> Table | None:
    """One row per (breakdown and) indicator; a column per area and period, then the LA's change
    between the first two periods when there are two; each column's role is its area and its
    year relative to ``this_year`` (``region.last_year``). Measures are labelled as the data's
    metadata labels them unless ``labels`` says otherwise; a measure with no figure for any area
    ("x" throughout) is left out, and a table of no measures is None (the report's prose says
    the figures are not in the data)."""
    keys = [by, "indicator"] if by else ["indicator"]
    if by:  # group a breakdown's measures together, breakdowns in the data's order
        order = {value: rank for rank, value in enumerate(dict.fromkeys(rows[by]))}
        rows = rows.sort_values(by, key=lambda column: column.map(order), kind="stable")
    records = []
    formats = []
    roles = {
        f"{name} {period.label}": f"{role}.{year_role(period, this_year)}"
        for name, role in zip(areas.names, AREA_ROLES, strict=True)
        for period in periods
    }
    for key, group in rows.groupby(keys, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        record: dict[str, object] = {}
        if by:
            record[by_label] = key[0]
        indicator, first = key[-1], group.iloc[0]
        record["Measure"] = (labels or {}).get(indicator, first["label"])
        cells = values_by(group, "area_code", "period")
        if all(cells.get((code, str(p)), "x") == "x" for code in areas.codes for p in periods):
            continue  # a measure no area has a figure for tells the reader nothing
        for code, name in zip(areas.codes, areas.names, strict=True):
            for period in periods:
                record[f"{name} {period.label}"] = cells.get((code, str(period)), "x")
        if len(periods) == 2:
            record["Change"] = change(
                cells.get((areas.la_code, str(periods[0])), "x"),
                cells.get((areas.la_code, str(periods[1])), "x"),
                int(first["decimals"]),
            )
        records.append(record)
        formats.append((first["unit"], int(first["decimals"])))
    if not records:
        return None
    frame = pd.DataFrame.from_records(records)
    stub = [by_label, "Measure"] if by else ["Measure"]
    table = Table.from_frame(
        frame,
        id=id,
        caption=caption,
        stub=stub,
        source=source,
        synthetic=synthetic,
        about=PUBLISHED,  # the DfE's open data, its own rule applied
    ).roles(roles | ({"Change": "change"} if len(periods) == 2 else {}))
    value_columns = [c for c in table.value_columns if c != "Change"]
    for position, (unit, decimals) in enumerate(formats):
        table = table.fmt(unit, decimals, rows=[position], columns=value_columns)
        if len(periods) == 2:
            table = table.fmt(
                change_unit(unit), decimals, rows=[position], columns=["Change"], signed=True
            )
    if len(periods) == 2:
        table = table.note(
            f"Change: {areas.la_name} {periods[0].label} against {periods[1].label}, "
            "from the published (rounded) figures."
        )
    return table


UNCOMPARABLE = "not comparable with"
UNCHANGED_UNKNOWN = "changed (not comparable: a figure is missing)"


def joined(words: Sequence[str], *, none: str = "none") -> str:
    """Words as a sentence lists them: ``a``, ``a and b``, ``a, b and c``."""
    if not words:
        return none
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def record_comparison(
    facts: Ledger,
    rows: pd.DataFrame,
    areas: Areas,
    period: Period,
    *,
    key: str,
    label: str,
    source: str,
    unit: str | None = None,
    decimals: int | None = None,
) -> None:
    """Record, for one indicator and breakdown, the LA's, region's and England's figures this
    period and the one before, the LA's change, and the words comparing them.

    Facts: ``{key}_la``, ``{key}_region``, ``{key}_england``, ``{key}_la_previous``,
    ``{key}_region_previous``, ``{key}_england_previous``, ``{key}_change``; words
    ``{key}_vs_england``, ``{key}_vs_region``, ``{key}_direction`` (the LA's change) and
    ``{key}_region_direction``, ``{key}_england_direction``, each recorded with the facts it
    compares (``of``, with its ``_finding`` and ``_illustrative`` conditions); the conditions
    ``{key}_known`` (the LA's figure this period is a number, not a symbol) and
    ``{key}_change_known``. Every id is
    recorded even when a figure is missing or suppressed ("x", "c"), so the narrative reads for
    any LA; the words then say that the figures cannot be compared. ``unit`` and ``decimals``
    default to the rows'.
    """
    cells = values_by(rows, "area_code", "period")
    if not rows.empty:
        unit = unit or rows.iloc[0]["unit"]
        decimals = int(rows.iloc[0]["decimals"]) if decimals is None else decimals
    if unit is None or decimals is None:
        raise ValueError(f"{key}: no rows, so unit and decimals must be given")
    values = {}
    for suffix, code, name, when in (
        ("la", areas.la_code, areas.la_name, period),
        ("region", areas.region_code, areas.region_name, period),
        ("england", areas.codes[2], areas.names[2], period),
        ("la_previous", areas.la_code, areas.la_name, period.previous),
        ("region_previous", areas.region_code, areas.region_name, period.previous),
        ("england_previous", areas.codes[2], areas.names[2], period.previous),
    ):
        values[suffix] = cells.get((code, str(when)), "x")
        facts.add(
            f"{key}_{suffix}",
            values[suffix],
            unit=unit,
            decimals=decimals,
            label=f"{label}, {name} {when.label}",
            source=source,
        )
    facts.condition(
        f"{key}_known",
        not isinstance(values["la"], str),
        label=f"{label}: {areas.la_name}'s figure for {period.label} is published",
        source=source,
        method="a number, not a DfE symbol",
    )
    method = f"compared as published, rounded to {decimals} dp"
    for suffix in ("england", "region"):
        facts.compare(
            f"{key}_vs_{suffix}",
            compare(values["la"], values[suffix], decimals) or UNCOMPARABLE,
            of=(f"{key}_la", f"{key}_{suffix}"),
            label=f"{label}: {areas.la_name} against {suffix}",
            source=source,
            method=method,
        )
    delta = change(values["la"], values["la_previous"], decimals)
    facts.add(
        f"{key}_change",
        "x" if delta is None else delta,
        unit=change_unit(unit),
        decimals=decimals,
        label=f"{label}: change in {areas.la_name}, {period.previous.label} to {period.label}",
        source=source,
        method=f"{key}_la minus {key}_la_previous, " + method,
    )
    facts.condition(
        f"{key}_change_known",
        delta is not None,
        label=f"{label}: {areas.la_name}'s change on {period.previous.label} can be worked out",
        source=source,
        method="both years' figures are numbers",
    )
    facts.compare(
        f"{key}_direction",
        direction(delta) or UNCHANGED_UNKNOWN,
        of=(f"{key}_change",),
        label=f"{label}: direction of change",
        source=source,
        method=f"sign of {key}_change",
    )
    for suffix in ("region", "england"):
        facts.compare(
            f"{key}_{suffix}_direction",
            direction(change(values[suffix], values[f"{suffix}_previous"], decimals))
            or UNCHANGED_UNKNOWN,
            of=(f"{key}_{suffix}", f"{key}_{suffix}_previous"),
            label=f"{label}: direction of change, {suffix}",
            source=source,
            method=f"sign of {key}_{suffix} minus {key}_{suffix}_previous, " + method,
        )


@dataclass(frozen=True)
class Benchmarks:
    """Benchmark tables for one LA and year, from a report's tidy datasets by name."""

    data: Mapping[str, pd.DataFrame]
    areas: Areas
    period: Period
    sources: Mapping[str, str]
    synthetic: bool = False

    def table(
        self,
        name: str,
        *,
        id: str,
        caption: str,
        indicators: tuple[str, ...],
        by: str | None = None,
        count: int = 2,
        current: bool = False,
        **filters: str,
    ) -> Table | None:
        """The ``count`` latest years (up to this one) the LA has figures for in dataset
        ``name``; the caption gets the years appended. None when the LA has none (or, for a
        ``current`` table, none for this year)."""
        frame = self.data[name]
        periods = latest_periods(frame, self.areas.la_code, self.period, count, **filters)
        if not periods or (current and periods[0] != self.period):
            return None
        rows = comparison(frame, self.areas, periods, indicators, **filters)
        if rows.empty:
            return None
        years = " and ".join(p.label for p in periods)
        return comparison_table(
            rows,
            self.areas,
            periods,
            this_year=self.period,
            id=id,
            caption=f"{caption}, {years}",
            by=by,
            source=self.sources[name],
            synthetic=self.synthetic,
        )
