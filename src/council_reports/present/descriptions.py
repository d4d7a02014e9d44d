"""Alt text for charts: the point of the chart first (largest and smallest, against England, the
shape of a line and the change on the year before), in under ALT_LIMIT characters; the table
beside the chart has every figure."""

from __future__ import annotations

import pandas as pd

from ..numbers import change_unit, format_value

ALT_LIMIT = 250
BENCHMARK = "England"


def value_text(number: float, unit: str, decimals: int) -> str:
    return format_value(number, unit, decimals)


def _against(lead: float, benchmark: float, decimals: int) -> str:
    difference = round(lead - benchmark, decimals)
    return "above" if difference > 0 else "below" if difference < 0 else "in line with"


def _fit(sentences: list[str]) -> str:
    """As many of the sentences, in order, as fit in ALT_LIMIT characters (at least the first)."""
    text = sentences[0]
    for sentence in sentences[1:]:
        if len(text) + 1 + len(sentence) >= ALT_LIMIT:
            break
        text += " " + sentence
    return text


def _benchmarked(
    data: pd.DataFrame, *, group: str, against: str, value: str
) -> tuple[str, list[tuple[str, float, float]]] | None:
    """(the lead, [(group, its value, England's)]) when England is among ``against`` (the
    series, or the bars of a panel): the lead is the first of them (the LA)."""
    names = list(dict.fromkeys(data[against]))
    if BENCHMARK not in names or names[0] == BENCHMARK:
        return None
    table = data.pivot_table(index=group, columns=against, values=value, sort=False)
    table = table.dropna(subset=[names[0], BENCHMARK])
    rows = [
        (str(g), float(table.at[g, names[0]]), float(table.at[g, BENCHMARK])) for g in table.index
    ]
    return (names[0], rows) if rows else None


def _against_england(
    lead: str, rows: list[tuple[str, float, float]], unit: str, decimals: int, measures: str
) -> str:
    """Where the lead stands against England in each group, the largest gap first; with more
    than two groups, a count of them first."""
    sentences = []
    if len(rows) > 2:
        counts = {"below": 0, "above": 0, "in line with": 0}
        for _, mine, england in rows:
            counts[_against(mine, england, decimals)] += 1
        said = [f"{word} England on {n} of {len(rows)}" for word, n in counts.items() if n]
        sentences.append(f"{lead} was " + ", ".join(said) + f" {measures}.")
    for name, mine, england in sorted(rows, key=lambda r: -abs(r[1] - r[2])):
        where = _against(mine, england, decimals)
        subject = "" if len(rows) > 2 or name == lead else f"{lead} "
        sentences.append(
            f"{name}: {subject}{value_text(mine, unit, decimals)}, {where} England "
            f"({value_text(england, unit, decimals)})."
        )
    return _fit(sentences)


def describe_bars(
    data: pd.DataFrame,
    *,
    category: str,
    series: str,
    value: str,
    unit: str,
    decimals: int,
    panel: str | None = None,
) -> str:
    """The point of a bar chart. With England among the bars: where the LA (the first series,
    or the first bar of each panel) stands against it, the largest gap first. Otherwise: the
    largest and the smallest bar."""
    if panel and series == category:
        compared = _benchmarked(data, group=panel, against=category, value=value)
        if compared:
            return _against_england(*compared, unit, decimals, "measures")
    elif not panel and series != category:
        compared = _benchmarked(data, group=category, against=series, value=value)
        if compared:
            return _against_england(*compared, unit, decimals, "groups")
    ranked = data.sort_values(value, ascending=False, kind="stable")
    several = data[series].nunique() > 1
    parts = [c for c in dict.fromkeys([panel, series if several else None, category]) if c]
    names = [", ".join(str(row[c]) for c in parts) for _, row in ranked.iterrows()]
    values = [value_text(v, unit, decimals) for v in ranked[value]]
    if len(names) == 1:
        return f"{names[0]}: {values[0]}."
    most, least = ("Largest", "smallest") if unit == "count" else ("Highest", "lowest")
    sentences = [f"{most}: {names[0]} ({values[0]}); {least}: {names[-1]} ({values[-1]})."]
    if len(names) > 2:
        sentences.append(f"Next {most.lower()}: {names[1]} ({values[1]}).")
    return _fit(sentences)


def _runs(values: list[float], decimals: int) -> list[tuple[int, int, int]]:
    """The stretches of a series that move one way: (sign, first index, last index), where the
    sign is 1 (rising), -1 (falling) or 0 (level), read from the values as shown."""
    runs: list[tuple[int, int, int]] = []
    for index in range(1, len(values)):
        step = round(values[index] - values[index - 1], decimals)
        sign = (step > 0) - (step < 0)
        if runs and runs[-1][0] == sign:
            runs[-1] = (sign, runs[-1][1], index)
        else:
            runs.append((sign, index - 1, index))
    return runs


def _shape(name: str, years: list[str], values: list[float], unit: str, decimals: int) -> list[str]:
    """The shape of a line over the years, in words: where it went from its first year to its
    last, through every turn (a fall and a recovery both said), or, with many turns, its
    highest and lowest."""
    shown = [value_text(v, unit, decimals) for v in values]
    if len(values) == 1:
        return [f"{name}: {shown[0]} in {years[0]}."]
    runs = _runs(values, decimals)
    verbs = {1: "rose", -1: "fell"}
    if len(runs) > 3:
        high, low = values.index(max(values)), values.index(min(values))
        return [
            f"{name} went from {shown[0]} in {years[0]} to {shown[-1]} in {years[-1]}, rising "
            f"and falling in between.",
            f"Highest: {shown[high]} in {years[high]}; lowest: {shown[low]} in {years[low]}.",
        ]
    parts = []
    for number, (sign, first, last) in enumerate(runs):
        if sign == 0:
            parts.append(f"stayed at {shown[last]} from {years[first]} to {years[last]}")
        else:
            start = f" from {shown[first]} in {years[first]}" if number == 0 else ""
            parts.append(f"{verbs[sign]}{start} to {shown[last]} in {years[last]}")
    return [f"{name} " + ", then ".join(parts) + "."]


def describe_lines(
    data: pd.DataFrame,
    *,
    x: str,
    series: str,
    value: str,
    unit: str,
    decimals: int,
    years: list[str] | None = None,
) -> str:
    """The point of a line chart over years: the shape of the first series (the LA) from its
    first year to its last, every rise and fall said, and the years between without a figure
    (``years``: every year the chart shows); where it ends against England; and the change on
    the year before."""
    order = list(dict.fromkeys(data[series]))
    lead = data[data[series] == order[0]]
    years_of_lead, values = list(lead[x]), [float(v) for v in lead[value]]
    sentences = _shape(order[0], years_of_lead, values, unit, decimals)
    if len(values) > 1:
        shown = years or years_of_lead
        first, final = years_of_lead[0], years_of_lead[-1]
        missing = [
            year
            for year in shown[shown.index(first) : shown.index(final) + 1]
            if year not in years_of_lead
        ]
        if missing:
            sentences.append(f"No figure for {', '.join(missing)}.")
        change = round(values[-1] - values[-2], decimals)
        said = format_value(change, change_unit(unit), decimals, signed=True)
        before = value_text(values[-2], unit, decimals)
        sentences.append(
            f"On {years_of_lead[-2]} ({before}): " + ("no change." if change == 0 else f"{said}.")
        )
    if BENCHMARK in order[1:]:
        england = data[(data[series] == BENCHMARK) & (data[x] == years_of_lead[-1])][value]
        if not england.empty:
            where = _against(values[-1], float(england.iloc[0]), decimals)
            sentences.insert(
                1,
                f"That is {where} England ({value_text(float(england.iloc[0]), unit, decimals)}).",
            )
    return _fit(sentences)
