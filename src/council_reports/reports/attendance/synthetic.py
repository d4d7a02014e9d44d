"""Write data/attendance/synthetic/: made-up attendance and exclusion figures for every South West
LA other than B&NES, so that each of the region's LAs can be built and the batch is real work.

Every file, year and breakdown that B&NES's published rows have is written for each LA in
data/reference/local_authorities.csv (South West, B&NES excepted). A value is the region's
published value for the same year and breakdown (England's where the region's is a symbol) moved
by a factor drawn for the LA and one drawn for the cell, so each LA is consistently a little
above or below the region. Counts come from a made-up number of pupils per LA and the share of
pupils in each group, and rates are worked back from those counts, so figures agree with each
other. A cell B&NES's data does not have (``x``) is ``x`` here too. The DfE's symbols stand where
a small count would be: ``c`` for a figure about fewer than 10 pupils, or (in the children's
social care tables) resting on 1 to 5 pupils; ``low`` for a rate that rounds to 0 from a count
that is not 0. Seeded per LA and file, so re-running gives the same bytes.

    .venv/bin/python -m council_reports.reports.attendance.synthetic data/attendance
"""

from __future__ import annotations

import csv
import math
import random
import shutil
from collections.abc import Mapping
from pathlib import Path

from ...numbers import round_half_up
from ...synthetic import main
from .data import DATASETS

REAL_LA = "800"
REGION = "E12000009"
SEED = "attendance-2025"
# Pupils on roll, made up but of the right size for each LA (B&NES's is what its published
# permanent exclusions and rate imply: 39 at 0.14 per 100 pupils in 2022/23).
PUPILS = {
    "420": 240,
    "800": 27800,
    "801": 62000,
    "802": 31000,
    "803": 42000,
    "838": 47000,
    "839": 55000,
    "865": 72000,
    "866": 36000,
    "878": 103000,
    "879": 40000,
    "880": 19000,
    "908": 73000,
    "916": 95000,
    "933": 77000,
}
# Share of pupils in each group (roughly the South West's); a group not listed is everyone.
SHARES = {
    "FSM eligible": 0.22,
    "FSM not eligible": 0.78,
    "SEN support": 0.13,
    "EHC plan": 0.045,
    "No identified SEN": 0.825,
    "White": 0.86,
    "Mixed / Multiple ethnic groups": 0.05,
    "Asian / Asian British": 0.03,
    "Black / African / Caribbean / Black British": 0.015,
    "Any other ethnic group": 0.01,
    "Unclassified": 0.035,
    "CINO at 31 March": 0.0155,
    "CLA 12 months at 31 March": 0.0035,
    "CPPO at 31 March": 0.0025,
    "Child in need plan": 0.0155,
    "Child protection plan": 0.0025,
}
GROUP_COLUMNS = ("school_type", "breakdown", "social_care_group", "pupil_group")
# A count and the rate (per 100 pupils in the group) it is published with.
COUNTS = {
    "susp": "susp_rate",
    "perm_excl": "perm_excl_rate",
    "one_plus_susp": "one_plus_susp_percent",
}
# Rates of pupils (so a count of pupils lies behind them, and small counts are suppressed).
PUPIL_RATES = (
    "enrolments_pa_10_exact_percent",
    "enrolments_pa_50_exact_percent",
    "perm_excl_rate",
    "perm_excl_percent",
    "one_plus_susp_percent",
)
# (smaller, larger): the first can never exceed the second.
NOT_ABOVE = (
    ("enrolments_pa_50_exact_percent", "enrolments_pa_10_exact_percent"),
    ("one_plus_susp_rate", "susp_rate"),
    ("perm_excl_percent", "one_plus_susp_percent"),
)
# Counts published without a rate beside them (the council's own figures): scaled from B&NES's.
SCALED_COUNTS = ("perm_excl", "perm_excl_issued", "perm_excl_pending")
SMALL_COUNTS = ("absence_by_social_care_group", "exclusions_by_social_care_group")
FEWEST_PUPILS = 10
# How far an LA (then a cell) strays from the region: absence varies less than exclusions.
SPREAD = {"absence": (0.07, 0.04), "exclusions": (0.15, 0.08), "in_year": (0.07, 0.05)}


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _decimals(meta: Path) -> dict[str, int]:
    """Each indicator's decimal places, from the EES .meta.csv."""
    _, rows = _read(meta)
    return {r["col_name"]: int(r["indicator_dp"]) for r in rows if r["col_type"] == "Indicator"}


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _key(row: Mapping[str, str]) -> tuple[str, ...]:
    return (row["time_period"], *(row.get(c, "") for c in GROUP_COLUMNS))


def _format(value: float, decimals: int) -> str:
    return f"{round_half_up(value, decimals):.{decimals}f}"


def _draw(
    pattern: Mapping[str, str],
    bases: list[Mapping[str, str]],
    decimals: Mapping[str, int],
    *,
    pupils: float,
    scale: float,
    factor: float,
    spread: float,
    rng: random.Random,
    small_counts: bool,
) -> dict[str, str]:
    """One LA's values for one row. ``pattern`` is B&NES's row (which cells exist); ``bases``
    the rows a rate starts from (the region's, then England's, then B&NES's); ``pupils`` the
    pupils in the row's group; ``scale`` the LA's size against B&NES's, for counts with no
    rate."""

    def moved(value: float) -> float:
        return value * factor * math.exp(rng.gauss(0, spread))

    values: dict[str, float] = {}
    for indicator in decimals:
        base = next(
            (n for n in (_number(b.get(indicator, "")) for b in bases) if n is not None), None
        )
        if base is not None and indicator not in COUNTS and indicator not in SCALED_COUNTS:
            values[indicator] = moved(base)
    if {"sess_authorised_percent", "sess_unauthorised_percent"} <= values.keys():
        values["sess_overall_percent"] = (
            values["sess_authorised_percent"] + values["sess_unauthorised_percent"]
        )
    for smaller, larger in NOT_ABOVE:
        if smaller in values and larger in values:
            values[smaller] = min(values[smaller], values[larger])
    behind: dict[str, int] = {}  # the count of pupils (or suspensions) behind each figure
    for rate in (*COUNTS.values(), *PUPIL_RATES):
        if rate in values and rate not in behind:
            behind[rate] = round(values[rate] * pupils / 100)
    for count, rate in COUNTS.items():
        if rate in values:
            values[rate] = behind[rate] / pupils * 100 if pupils else 0.0
            values[count] = behind[count] = behind[rate]
    for count in SCALED_COUNTS:
        base = _number(pattern.get(count, ""))
        if count not in values and base is not None:
            values[count] = behind[count] = round(moved(base * scale))
    if {"perm_excl", "perm_excl_issued"} <= values.keys():
        values["perm_excl_issued"] = max(values["perm_excl_issued"], values["perm_excl"])
    if {"perm_excl", "perm_excl_pending"} <= values.keys():
        values["perm_excl_pending"] = min(values["perm_excl_pending"], values["perm_excl"])
    out: dict[str, str] = {}
    for indicator, places in decimals.items():
        if pattern.get(indicator, "x") == "x" or indicator not in values:
            out[indicator] = "x"
        elif pupils < FEWEST_PUPILS or (small_counts and 1 <= behind.get(indicator, 0) <= 5):
            out[indicator] = "c"
        elif behind.get(indicator, 0) > 0 and round_half_up(values[indicator], places) == 0:
            out[indicator] = "low"
        else:
            out[indicator] = _format(values[indicator], places)
    return out


def _authorities(reference: Path) -> list[dict[str, str]]:
    """The South West LAs other than B&NES, in the reference list's order."""
    _, rows = _read(reference / "local_authorities.csv")
    return [r for r in rows if r["region_code"] == REGION and r["old_la_code"] != REAL_LA]


def write_file(source: Path, target: Path, authorities: list[dict[str, str]]) -> None:
    """Write the synthetic twin of one real file (and copy its .meta.csv)."""
    columns, rows = _read(source)
    meta = source.with_suffix(".meta.csv")
    decimals = _decimals(meta)
    real = {_key(r): r for r in rows if r["old_la_code"] == REAL_LA}
    levels = {
        level: {_key(r): r for r in rows if r["geographic_level"] == level}
        for level in ("Regional", "National")
    }
    family = source.stem.split("_")[0] if source.stem != "in_year" else "in_year"
    la_spread, cell_spread = SPREAD[family]
    lines: list[dict[str, str]] = []
    for authority in authorities:
        code = authority["old_la_code"]
        rng = random.Random(f"{SEED}-{source.stem}-{code}")
        factor = math.exp(rng.gauss(0, la_spread))
        for key, pattern in real.items():
            group = next((pattern[c] for c in GROUP_COLUMNS if pattern.get(c)), "")
            bases = [b for b in (levels["Regional"].get(key), levels["National"].get(key)) if b]
            values = _draw(
                pattern,
                [*bases, pattern],
                decimals,
                pupils=PUPILS[code] * SHARES.get(group, 1.0),
                scale=PUPILS[code] / PUPILS[REAL_LA],
                factor=factor,
                spread=cell_spread,
                rng=rng,
                small_counts=source.stem in SMALL_COUNTS,
            )
            geography = {c: authority[c] for c in ("old_la_code", "new_la_code", "la_name")}
            lines.append(dict(pattern) | geography | values)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(lines)
    shutil.copyfile(meta, target.with_suffix(".meta.csv"))


def write(folder: Path) -> None:
    """Write ``folder/synthetic/`` from the real files in ``folder`` and the reference list
    beside it (``folder/../reference``)."""
    authorities = _authorities(folder.parent / "reference")
    for name in DATASETS:
        write_file(folder / f"{name}.csv", folder / "synthetic" / f"{name}.csv", authorities)


if __name__ == "__main__":
    main(write, "data/attendance", __doc__)
