"""Benchmark tables and facts: an LA against its region and England, this year and last."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ...audiences import PUBLISHED, WORDS
from ...ledger import FINDING, Ledger
from ...measures.benchmarks import (
    Areas,
    change,
    compare,
    comparison,
    direction,
    latest_periods,
    value_of,
)
from ...numbers import change_unit
from ...periods import Period
from ...present.tables import Table


def comparison_table(
    rows: pd.DataFrame,
    areas: Areas,
    periods: tuple[Period, ...],
    *,
    id: str,
    caption: str,
    labels: Mapping[str, str] | None = None,
    by: str | None = None,
    by_label: str = "Group",
    source: str,
    synthetic: bool = False,
) -> Table:
    """One row per (breakdown and) indicator; a column per area and period, then the LA's change
    between the first two periods when there are two. Measures are labelled as the data's
    metadata labels them unless ``labels`` says otherwise; a measure with no figure for any area
    ("x" throughout) is left out."""
    keys = [by, "indicator"] if by else ["indicator"]
    if by:  # group a breakdown's measures together, breakdowns in the data's order
        order = {value: rank for rank, value in enumerate(dict.fromkeys(rows[by]))}
        rows = rows.sort_values(by, key=lambda column: column.map(order), kind="stable")
    records = []
    formats = []
    for key, group in rows.groupby(keys, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        record: dict[str, object] = {}
        if by:
            record[by_label] = key[0]
        indicator, first = key[-1], group.iloc[0]
        record["Measure"] = (labels or {}).get(indicator, first["label"])
        cells = {(r["area_code"], r["period"]): value_of(r) for _, r in group.iterrows()}
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
        return no_figures(areas, id=id, caption=caption, source=source, synthetic=synthetic)
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
    )
    value_columns = [c for c in table.value_columns if c != "Change"]
    for position, (unit, decimals) in enumerate(formats):
        table = table.fmt(unit, decimals, rows=[position], columns=value_columns)
        if len(periods) == 2:
            table = table.fmt(
                change_unit(unit), decimals, rows=[position], columns=["Change"], signed=True
            )
    if len(periods) == 2:
        points = any(change_unit(unit) == "pp" for unit, _ in formats)
        table = table.note(
            f"Change: {areas.la_name} {periods[0].label} against {periods[1].label}, "
            "from the published (rounded) figures"
            + (
                "; pp: percentage points, the difference between two percentages."
                if points
                else "."
            )
        )
    return table


def no_figures(areas: Areas, *, id: str, caption: str, source: str, synthetic: bool) -> Table:
    """The table in place of one that would have no figures, saying so."""
    empty = pd.DataFrame({"Measure": [f"No figures for {areas.la_name} up to this year"]})
    return Table.from_frame(
        empty,
        id=id,
        caption=caption,
        stub=["Measure"],
        source=source,
        synthetic=synthetic,
        about=WORDS,
    )


UNCOMPARABLE = "not comparable with"
UNCHANGED_UNKNOWN = "changed (not comparable: a figure is missing)"


def joined(words: Sequence[str], *, none: str = "none") -> str:
    """Words as a sentence lists them: ``a``, ``a and b``, ``a, b and c``."""
    if not words:
        return none
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def the(region: str) -> str:
    """A region's name as a sentence says it: "the South West", but "London"."""
    return region if region == "London" else f"the {region}"


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
    ``{key}_region_previous``, ``{key}_england_previous``, ``{key}_change``; comparisons
    (``Ledger.compare``, each with its ``_finding`` and ``_illustrative`` conditions)
    ``{key}_vs_england``, ``{key}_vs_region``, ``{key}_direction`` (the LA's change) and
    ``{key}_region_direction``, ``{key}_england_direction``; the words ``{key}_vs_both`` (the LA
    against England and the region, as one phrase: "below both England (20.0%) and the South
    West (20.8%)", empty when neither is a finding) and ``{key}_moves`` (how England's and the
    region's figures moved beside the LA's: "as did England's and the South West's"); the
    conditions ``{key}_known`` (the LA's figure this period is a number, not a symbol) and
    ``{key}_change_known``. Every id is recorded even when a figure is missing or suppressed
    ("x", "c"), so the narrative reads for any LA; the words then say that the figures cannot
    be compared. A figure from a made-up row (the synthetic/ folder) is synthetic, and so is
    every comparison resting on it. ``unit`` and ``decimals`` default to the rows'.
    """
    from .data import made_up

    cells = {(r["area_code"], r["period"]): r for _, r in rows.iterrows()}
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
        row = cells.get((code, str(when)))
        values[suffix] = "x" if row is None else value_of(row)
        facts.add(
            f"{key}_{suffix}",
            values[suffix],
            unit=unit,
            decimals=decimals,
            label=f"{label}, {name} {when.label}",
            source=source,
            synthetic=row is not None and made_up(row["source_file"]),
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
        of=(f"{key}_la", f"{key}_la_previous"),
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
    _record_against_both(facts, key, areas, label, source)
    _record_moves(facts, key, areas, label, source)


def _findings(facts: Ledger, ids: Sequence[str]) -> list[str]:
    """The comparisons among ``ids`` that are findings (made, and from real figures)."""
    return [id for id in ids if facts[id + FINDING].value]


def _record_against_both(facts: Ledger, key: str, areas: Areas, label: str, source: str) -> None:
    """``{key}_vs_both``: the LA against England and its region in one phrase."""
    names = {"england": "England", "region": the(areas.region_name)}
    shown = _findings(facts, [f"{key}_vs_england", f"{key}_vs_region"])
    parts = [
        (facts[id].text(), names[id.rsplit("_", 1)[1]], facts[f"{key}_{id.rsplit('_', 1)[1]}"])
        for id in shown
    ]
    if len(parts) == 2 and parts[0][0] == parts[1][0]:
        (word, first, one), (_, second, other) = parts
        phrase = f"{word} both {first} ({one.text()}) and {second} ({other.text()})"
    else:
        opposed = len(parts) == 2 and {parts[0][0], parts[1][0]} == {"above", "below"}
        phrase = (" but " if opposed else " and ").join(
            f"{word} {name} ({fact.text()})" for word, name, fact in parts
        )
    facts.word(
        f"{key}_vs_both",
        phrase,
        label=f"{label}: {areas.la_name} against England and the region",
        source=source,
        method="the comparisons with England and the region that are findings, in words",
        of=tuple(shown),
    )


def _record_moves(facts: Ledger, key: str, areas: Areas, label: str, source: str) -> None:
    """``{key}_moves``: how England's and the region's figures moved beside the LA's."""
    own = facts[f"{key}_direction"].text()
    shown = _findings(facts, [f"{key}_england_direction", f"{key}_region_direction"])
    names = {
        f"{key}_england_direction": "England's",
        f"{key}_region_direction": the(areas.region_name) + "'s",
    }
    same = [names[id] for id in shown if facts[id].text() == own]
    other = [(names[id], facts[id].text()) for id in shown if facts[id].text() != own]
    said = []
    if same:
        said.append("as did " + joined(same))
    if len(other) == 2 and other[0][1] == other[1][1]:
        said.append(f"while {joined([name for name, _ in other])} {other[0][1]}")
    elif other:
        said.append("while " + joined([f"{name} {word}" for name, word in other]))
    facts.word(
        f"{key}_moves",
        ", ".join(said) if facts[f"{key}_direction{FINDING}"].value else "",
        label=f"{label}: how England's and the region's figures moved beside the LA's",
        source=source,
        method="the directions of change that are findings, in words",
        of=(f"{key}_direction", *shown),
    )


# How each comparison word reads when comparisons are grouped under it: "below on X and Y".
GROUPED = {"in line with": "the same", "did not change": "did not change"}


def record_grouped(
    facts: Ledger,
    id: str,
    items: Sequence[tuple[str, str]],
    *,
    on: str,
    noun: str,
    label: str,
    source: str,
    named: bool = True,
) -> None:
    """Record ``id``: comparisons grouped under the words they share, in the order the words
    first come, so prose says each once: "below on unauthorised absence (1.9% against 2.5%) and
    persistent absence (18.3% against 20.0%), and above on authorised absence (5.0% against
    4.7%)", or, when every one shares the word, "rose for all three groups: ...". ``items``
    are (comparison id, what it is about, with its figures); only findings are said; the word
    is empty when none is. ``on`` joins a word to its items ("on", "for"); ``noun`` names them
    ("measures", "groups"); ``named=False`` says "all three groups" without naming them again.
    Groups are separated by a comma before "and" when there are two, by semicolons when
    more, so the "and" inside a group is never read as joining two."""
    shown = _findings(facts, [compared for compared, _ in items])
    about = dict(items)
    groups: dict[str, list[str]] = {}
    for compared in shown:
        groups.setdefault(facts[compared].text(), []).append(about[compared])
    said = [f"{GROUPED.get(word, word)} {on} {joined(items)}" for word, items in groups.items()]
    if not groups:
        phrase = ""
    elif len(groups) == 1 and len(shown) > 2:
        [(word, items)] = groups.items()
        every = f"{GROUPED.get(word, word)} {on} all {NUMBERS[len(items)]} {noun}"
        phrase = f"{every}: {joined(items)}" if named else every
    elif len(groups) == 2:
        phrase = ", and ".join(said)  # "fell for A, and rose for B and C"
    else:
        phrase = "; ".join(said[:-1]) + "; and " + said[-1]
    facts.word(id, phrase, label=label, source=source, method="grouped by word", of=tuple(shown))


NUMBERS = {3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


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
        **filters: str,
    ) -> Table:
        """The ``count`` latest years (up to this one) the LA has figures for in dataset
        ``name``; the caption gets the years appended."""
        frame = self.data[name]
        periods = latest_periods(frame, self.areas.la_code, self.period, count)
        rows = comparison(frame, self.areas, periods, indicators, **filters)
        if rows.empty:
            return no_figures(
                self.areas,
                id=id,
                caption=caption,
                source=self.sources[name],
                synthetic=self.synthetic,
            )
        years = " and ".join(p.label for p in periods)
        return comparison_table(
            rows,
            self.areas,
            periods,
            id=id,
            caption=f"{caption}, {years}",
            by=by,
            source=self.sources[name],
            synthetic=self.synthetic,
        )
