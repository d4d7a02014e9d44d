"""Write data/national/ from snapshots of the DfE's public GitHub repositories: the Local
Authority Interactive Tool (LAIT) and the children's social care outcomes and enablers
dashboard (CSC). Every LA in England, its region and England, for the measures the reports use,
for every year the source has; the statistical neighbours of each LA; the LAs that were
reorganised and what replaced them.

    .venv/bin/pip install -e '.[national]'          # pyarrow, to read LAIT's parquet
    .venv/bin/python -m council_reports.national.extract \\
        --lait SNAPSHOT_OF_LAIT --csc SNAPSHOT_OF_CSC data/national --reference data/reference

A snapshot is a git clone or mirror of the repository; its commit (HEAD, or ``--lait-rev``,
``--csc-rev``) is read with git and written into each file's provenance. Output is laid out as
DfE open data (``time_period, time_identifier, geographic_level, ... old_la_code, new_la_code,
la_name``, then one column per measure) with a ``.meta.csv`` beside each file, so the EES
checks apply to it. LAIT's values are rounded to the decimal places its data dictionary gives
(the parquet carries float noise such as 4.8600000000000003); ``-`` (no figure) becomes the
DfE symbol ``x``. The same bytes come out of the same snapshots.
"""

from __future__ import annotations

import argparse
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from ..errors import DataError, ReportError
from ..numbers import SYMBOLS, round_half_up
from ..periods import Period
from .datasets import (
    CHANGED,
    CHANGES,
    CROSS_CHECKS,
    CSC_PUBLICATIONS,
    ENGLAND,
    LAIT_DATASETS,
    LEVELS,
    LONDON,
    OLDER_SYMBOLS,
    PUBLICATIONS,
    SOCIAL_CARE_ABSENCE,
    SOCIAL_CARE_GROUPS,
    SUBREGIONS,
    Column,
    Dataset,
)
from .output import write_checked
from .sources import CSC, LAIT, Sources, read_snapshots


@dataclass(frozen=True)
class Area:
    """A place as DfE open data names it: England, a region or an LA."""

    level: str
    code: str  # E92000001, a region's E12 code or an LA's three-digit code
    name: str
    region_code: str = ""
    region_name: str = ""
    new_la_code: str = ""

    def cells(self) -> dict[str, str]:
        """The EES geography columns of a row about this area."""
        la = self.level == "Local authority"
        return {
            "geographic_level": self.level,
            "country_code": ENGLAND[0],
            "country_name": ENGLAND[1],
            "region_code": self.region_code,
            "region_name": self.region_name,
            "old_la_code": self.code if la else "",
            "new_la_code": self.new_la_code,
            "la_name": self.name if la else "",
        }


@dataclass(frozen=True)
class Described:
    """What the data dictionary (or the extractor, for CSC columns) says of a column."""

    decimals: int
    decimals_from: str
    polarity: str
    polarity_from: str
    publication: str
    publication_url: str
    description: str
    unit_text: str


@dataclass
class Table:
    """One output file: its rows (EES columns, filters, then one column per measure)."""

    dataset: Dataset
    described: dict[str, Described]
    rows: list[dict[str, str]] = field(default_factory=list)

    @property
    def header(self) -> list[str]:
        geography = list(Area("National", "", "").cells())
        filters = [name for name, _, _ in self.dataset.filters]
        columns = [c.name for c in self.dataset.columns]
        return ["time_period", "time_identifier", *geography, *filters, *columns]


def _source_error(sources: Sources, name: str, message: str, hint: str | None = None) -> DataError:
    origin = sources.origins[name]
    return DataError(message, file=f"{origin.repository}/{origin.path}", hint=hint)


# --- areas -----------------------------------------------------------------------------------


def areas(sources: Sources) -> tuple[dict[str, Area], dict[str, Area]]:
    """LAs by their three-digit code and regions by name (casefolded), as the DfE's own open
    data in the CSC repository codes and names them (each LA as its latest row gives it). A
    London borough's region is London (EES writes Inner or Outer London, E13 codes)."""
    rows = pd.concat(
        [sources[name] for name in ("cla", "stability", "absence")], ignore_index=True
    ).sort_values("time_period", kind="stable")
    las: dict[str, Area] = {}
    regions: dict[str, Area] = {}
    for row in rows.to_dict("records"):
        region = (row["region_code"], row["region_name"])
        if region[0].startswith("E13"):
            region = LONDON
        if row["geographic_level"] == "Local authority":
            las[row["old_la_code"]] = Area(
                "Local authority", row["old_la_code"], row["la_name"], *region, row["new_la_code"]
            )
        elif row["geographic_level"] == "Regional" and row["region_code"].startswith("E12"):
            regions[region[1].casefold()] = Area("Regional", region[0], region[1], *region)
    return las, regions


def lait_area(
    sources: Sources, place: str, number: str, las: Mapping[str, Area], regions: Mapping[str, Area]
) -> Area | None:
    """The area a LAIT row is about (None for London's two halves, which are not kept)."""
    if place == ENGLAND[1]:
        return Area("National", ENGLAND[0], ENGLAND[1])
    if place in SUBREGIONS:
        return None
    if place.casefold() in regions:
        return regions[place.casefold()]
    if number in las:
        return las[number]
    raise _source_error(
        sources, "bds", f"LAIT place {place!r} (LA Number {number!r}) is not in the DfE's files"
    )


# --- values ----------------------------------------------------------------------------------


def _decimal_text(value: Decimal) -> str:
    return f"{abs(value) if value == 0 else value:f}"


def lait_value(text: str, decimals: int, exact: bool) -> str:
    """A LAIT value as published: rounded half up to ``decimals`` (float noise gone), ``-`` as
    ``x``. With ``exact`` the value must already be at that precision. Raises ValueError."""
    if text == "-":
        return "x"
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text!r} is not a number")
    rounded = round_half_up(number, decimals)
    if exact and rounded != Decimal(repr(number)):
        raise ValueError(f"{text!r} has more than {decimals} decimal places")
    return _decimal_text(rounded)


def ees_value(text: str, decimals: int) -> str:
    """A value of a DfE open-data file as published, written to ``decimals`` places (which it
    must not exceed); symbols stay, the older ``k`` becomes ``low``. Raises ValueError."""
    text = OLDER_SYMBOLS.get(text, text)
    if text in SYMBOLS:
        return text
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{text!r} is neither a number nor a DfE symbol") from None
    rounded = number.quantize(Decimal(1).scaleb(-decimals))
    if rounded != number:
        raise ValueError(f"{text!r} has more than {decimals} decimal places")
    return _decimal_text(rounded)


_ENDING = re.compile(r"^(\d{4})$")
_ACADEMIC = re.compile(r"^(\d{4})/(\d{2})$")


def lait_period(years: str, form: str) -> Period | None:
    """The period a LAIT ``Years`` means: "2024" (the year ending in 2024) or "2023/24"."""
    if form == "ending" and (match := _ENDING.match(years)):
        return Period(int(match[1]) - 1)
    if form == "academic" and (match := _ACADEMIC.match(years)):
        start = int(match[1])
        return Period(start) if (start + 1) % 100 == int(match[2]) else None
    return None


# --- the dictionary --------------------------------------------------------------------------


def _publication(url: str) -> str:
    for piece, title in PUBLICATIONS.items():
        if piece in url:
            return title
    return ""


def describe(sources: Sources, column: Column) -> Described:
    """What a column is: decimal places, polarity and publication from LAIT's dictionary (a
    measure listed twice takes the most decimal places, as LAIT does). A CSC column is as its
    DfE file publishes it, with the polarity of the LAIT measure it is ``like``."""
    code = column.like or column.measure
    dictionary = sources["dictionary"]
    rows = dictionary.loc[dictionary["Measure_short"].str.strip() == code]
    if column.source != "bds" and not column.like:
        polarity, polarity_from = column.polarity, "extractor"
    elif rows.empty:
        raise _source_error(sources, "dictionary", f"no measure {code!r} in the data dictionary")
    else:
        polarities = {p for p in rows["Polarity"] if p not in ("", "NA")}
        if len(polarities) > 1:
            raise _source_error(sources, "dictionary", f"{code!r} has polarities {polarities}")
        polarity, polarity_from = (polarities.pop() if polarities else "-"), f"dictionary: {code}"
    if column.source != "bds":
        title, url = CSC_PUBLICATIONS[column.source]
        decimals = column.decimals or 0
        return Described(decimals, "extractor", polarity, polarity_from, title, url, "", "")
    listed = [int(float(d)) for d in rows["dps"] if d not in ("", "NA")]
    if listed:
        decimals, decimals_from = max(listed), "dictionary"
    elif column.decimals is not None:
        decimals, decimals_from = column.decimals, "source values"
    else:
        raise _source_error(sources, "dictionary", f"{code!r} gives no decimal places")
    url = next((u.strip() for u in rows["Hyperlink(s)"] if u.strip().startswith("http")), "")
    title = _publication(url)
    if not title:
        raise _source_error(sources, "dictionary", f"{code!r}: unknown publication {url!r}")
    first = rows.iloc[0]
    return Described(
        decimals,
        decimals_from,
        polarity,
        polarity_from,
        title,
        url,
        first["Measure"].strip(),
        first["y_axis_name"].strip(),
    )


# --- tables ----------------------------------------------------------------------------------


Key = tuple[str, str]  # (area code, time_period)


def _lait_cells(
    sources: Sources, dataset: Dataset, described: Mapping[str, Described], places
) -> dict[Key, dict[str, str]]:
    """The LAIT measures of ``dataset`` as {(area, period): {column: value}}."""
    bds = sources["bds"]
    wanted = {c.measure: c for c in dataset.columns if c.source == "bds"}
    cells: dict[Key, dict[str, str]] = {}
    for row in bds.loc[bds["Short Desc"].isin(wanted)].to_dict("records"):
        column = wanted[row["Short Desc"]]
        area = places(row["LA and Regions"], row["LA Number"])
        if area is None:
            continue
        period = lait_period(row["Years"], dataset.years)
        where = f"{row['Short Desc']} {row['Years']} {row['LA and Regions']}"
        if period is None:
            raise _source_error(sources, "bds", f"{where}: Years is not a {dataset.years} year")
        info = described[column.name]
        try:
            value = lait_value(row["Values"], info.decimals, info.decimals_from != "dictionary")
        except ValueError as error:
            raise _source_error(sources, "bds", f"{where}: value {error}") from None
        key = (area.code, period.time_period)
        if column.name in cells.setdefault(key, {}):
            raise _source_error(sources, "bds", f"{where}: two rows")
        cells[key][column.name] = value
    return cells


def _ees_key(sources: Sources, name: str, row: Mapping[str, str]) -> Key | None:
    """(area code, time_period) of a row of a DfE open-data file; None for Inner and Outer
    London. A four-digit time_period (31 March 2025) is the year ending then (202425)."""
    level = row["geographic_level"]
    if level == "Regional" and not row["region_code"].startswith("E12"):
        return None
    code = {"National": ENGLAND[0], "Regional": row["region_code"]}.get(level, row["old_la_code"])
    time = row["time_period"]
    period = Period(int(time) - 1) if _ENDING.match(time) else Period.from_time_period(time)
    if period is None:
        raise _source_error(sources, name, f"time_period {time!r} is not a year")
    return code, period.time_period


def _csc_cells(
    sources: Sources, dataset: Dataset, described: Mapping[str, Described]
) -> dict[Key, dict[str, str]]:
    """The CSC columns of ``dataset`` (without filters) as {(area, period): {column: value}}."""
    cells: dict[Key, dict[str, str]] = {}
    for column in (c for c in dataset.columns if c.source != "bds"):
        frame = sources[column.source]
        for name, wanted in column.where:
            frame = frame.loc[frame[name] == wanted]
        for row in frame.to_dict("records"):
            key = _ees_key(sources, column.source, row)
            if key is None:
                continue
            try:
                value = ees_value(row[column.measure], described[column.name].decimals)
            except ValueError as error:
                raise _source_error(
                    sources, column.source, f"{column.measure} of {key}: {error}"
                ) from None
            if column.name in cells.setdefault(key, {}):
                raise _source_error(sources, column.source, f"{column.measure} of {key}: two rows")
            cells[key][column.name] = value
    return cells


def lait_table(sources: Sources, dataset: Dataset, las, regions) -> Table:
    """A dataset of LAIT measures (with any CSC columns beside them): one row per area and
    year LAIT has (see ``_finish`` for the LAs that were reorganised)."""
    described = {c.name: describe(sources, c) for c in dataset.columns}
    found: dict[str, Area] = {}

    def places(place: str, number: str) -> Area | None:
        area = lait_area(sources, place, number, las, regions)
        if area is not None:
            found[area.code] = area
        return area

    cells = _lait_cells(sources, dataset, described, places)
    for key, more in _csc_cells(sources, dataset, described).items():
        if key in cells:
            cells[key].update(more)
    table = Table(dataset, described)
    for (code, time_period), values in cells.items():
        row = {c.name: values.get(c.name, "x") for c in dataset.columns}
        table.rows.append(_row(found[code], time_period, dataset, {}, row))
    return _finish(table)


def _row(area: Area, time_period: str, dataset: Dataset, filters, values) -> dict[str, str]:
    fixed = {name: value for name, _, value in dataset.filters}
    return {
        "time_period": time_period,
        "time_identifier": dataset.time_identifier,
        **area.cells(),
        **fixed,
        **filters,
        **values,
    }


def _finish(table: Table) -> Table:
    """The table in order (by year, then England, regions and LAs), without the years before
    an LA that a reorganisation began has any figure or after one that it ended has its last:
    years it did not exist (the source lists every LA in every year). A year without figures
    inside an LA's life stays, as it does for every LA (2019/20 absence, for one)."""
    names = [c.name for c in table.dataset.columns]
    years: dict[str, list[str]] = {}
    for row in table.rows:
        if row["old_la_code"] in CHANGED and any(row[n] not in SYMBOLS for n in names):
            years.setdefault(row["old_la_code"], []).append(row["time_period"])

    def existed(row: dict[str, str]) -> bool:
        seen = years.get(row["old_la_code"])
        if row["old_la_code"] not in CHANGED:
            return True
        return bool(seen) and min(seen) <= row["time_period"] <= max(seen)

    table.rows = [row for row in table.rows if existed(row)]
    filters = [name for name, _, _ in table.dataset.filters]
    table.rows.sort(
        key=lambda r: (
            r["time_period"],
            LEVELS.index(r["geographic_level"]),
            r["region_code"],
            r["old_la_code"],
            *(r[f] for f in filters),
        )
    )
    return table


def social_care_table(sources: Sources, las, regions) -> Table:
    """Absence of children in need, on protection plans and looked after, from the DfE's own
    open-data file in the CSC repository (all schools, as published)."""
    dataset = SOCIAL_CARE_ABSENCE
    described = {c.name: describe(sources, c) for c in dataset.columns}
    frame = sources["absence"]
    terms = set(frame["absence_terms"])
    if terms != {"six half terms"}:
        raise _source_error(sources, "absence", f"absence_terms {sorted(terms)}")
    frame = frame.loc[frame["phase_type_grouping"] == "Total"]
    by_code = {a.code: a for a in regions.values()} | {ENGLAND[0]: Area("National", *ENGLAND)}
    table = Table(dataset, described)
    for row in frame.to_dict("records"):
        key = _ees_key(sources, "absence", row)
        if key is None:
            continue
        group = row["social_care_group"]
        if group not in SOCIAL_CARE_GROUPS:
            raise _source_error(sources, "absence", f"unknown social_care_group {group!r}")
        area = las[key[0]] if row["geographic_level"] == "Local authority" else by_code[key[0]]
        values = {}
        for column in dataset.columns:
            try:
                values[column.name] = ees_value(row[column.measure], column.decimals or 0)
            except ValueError as error:
                raise _source_error(sources, "absence", f"{column.measure}: {error}") from None
        table.rows.append(_row(area, key[1], dataset, {"social_care_group": group}, values))
    return _finish(table)


# --- neighbours and changes ------------------------------------------------------------------


def neighbours(sources: Sources) -> list[dict[str, str]]:
    """Each LA's ten statistical neighbours in order, from the CSC copy of the May 2025 model,
    checked against LAIT's copy (sn_may_2025.xlsx) where it is given."""
    rows = []
    for la in sources["sn"].to_dict("records"):
        for rank in range(1, 11):
            rows.append(
                {
                    "old_la_code": la["old_la_code"].strip(),
                    "la_name": la["la_name"].strip(),
                    "neighbour_rank": str(rank),
                    "neighbour_la_code": la[f"SN_{rank}"].strip(),
                    "closeness": la[f"SN_{rank}P"].strip(),
                }
            )
    if "sn_lait" in sources.frames:
        _same_neighbours(sources, rows)
    return rows


def _same_neighbours(sources: Sources, rows: list[dict[str, str]]) -> None:
    lait = sources["sn_lait"]
    theirs = {}
    for la in lait.to_dict("records"):
        code = str(la["LA num"]).strip()
        if not code:
            break  # the table ends; "Old SNs" of former LAs follow (an older model's)
        for rank in range(1, 11):
            closeness = la["SNP" if rank == 1 else f"SNP.{rank - 1}"].strip()
            theirs[(code, str(rank))] = (str(la[f"SN{rank}"]).strip(), closeness)
    ours = {
        (r["old_la_code"], r["neighbour_rank"]): (r["neighbour_la_code"], r["closeness"])
        for r in rows
    }
    if ours != theirs:
        differ = sorted(set(ours.items()) ^ set(theirs.items()))[:3]
        raise _source_error(sources, "sn_lait", f"neighbours differ from the CSC copy: {differ}")


def changes(las: Mapping[str, Area]) -> list[dict[str, str]]:
    """One row per former LA and LA that took over (part of) its area, for the changes whose
    LAs are all in the DfE's files (``check_complete`` wants them all)."""
    rows = []
    for change in CHANGES:
        if not all(code in las for code in (change.former, *change.successors)):
            continue
        former = las[change.former]
        for code in change.successors:
            rows.append(
                {
                    "former_la_code": former.code,
                    "former_new_la_code": former.new_la_code,
                    "former_la_name": former.name,
                    "region_code": former.region_code,
                    "successor_la_code": code,
                    "successor_new_la_code": las[code].new_la_code,
                    "successor_la_name": las[code].name,
                    "changed_on": change.changed_on,
                    "legislation": change.order,
                    "note": change.note,
                }
            )
    return rows


# --- the whole folder ------------------------------------------------------------------------


@dataclass
class Extract:
    """Everything data/national/ holds, before it is written."""

    tables: list[Table]
    neighbours: list[dict[str, str]]
    changes: list[dict[str, str]]
    las: dict[str, Area]
    current: list[str]  # the LAs of the neighbour model: every LA in England today


def extract(sources: Sources) -> Extract:
    """data/national/ from the source files."""
    las, regions = areas(sources)
    tables = [lait_table(sources, d, las, regions) for d in LAIT_DATASETS]
    tables.append(social_care_table(sources, las, regions))
    sn = neighbours(sources)
    current = sorted({r["old_la_code"] for r in sn})
    return Extract(tables, sn, changes(las), las, current)


def check_complete(result: Extract) -> list[str]:
    """What a whole snapshot must give: 153 LAs with ten known neighbours each, all of them in
    the DfE's files; England and the nine regions in every year of every file; every current
    LA in the latest year of every file; every reorganisation."""
    problems = []
    if len(result.changes) != sum(len(c.successors) for c in CHANGES):
        problems.append("a reorganised LA or its successor is not in the DfE's files")
    if len(result.current) != 153:
        problems.append(f"the neighbour model has {len(result.current)} LAs, not 153")
    named = {r["neighbour_la_code"] for r in result.neighbours} | set(result.current)
    missing = sorted(code for code in named if code not in result.las)
    if missing:
        problems.append(f"LAs not in the DfE's files: {', '.join(missing)}")
    for table in result.tables:
        periods = sorted({r["time_period"] for r in table.rows})
        for period in periods:
            rows = [r for r in table.rows if r["time_period"] == period]
            levels = Counter(r["geographic_level"] for r in rows)
            filters = max(1, len({r.get("social_care_group", "") for r in rows}))
            if levels["National"] != filters or levels["Regional"] != 9 * filters:
                problems.append(f"{table.dataset.name} {period}: {dict(levels)}")
        latest = {r["old_la_code"] for r in table.rows if r["time_period"] == periods[-1]}
        if lacking := sorted(set(result.current) - latest):
            problems.append(f"{table.dataset.name} {periods[-1]} lacks {', '.join(lacking)}")
    return problems


def cross_checks(sources: Sources) -> list[str]:
    """Where LAIT and the CSC files carry the same figure, how often they agree."""
    las, regions = areas(sources)
    bds = sources["bds"]
    lines = []
    for code, source, measure, where in CROSS_CHECKS:
        frame = sources[source]
        for name, wanted in where:
            frame = frame.loc[frame[name] == wanted]
        theirs = {
            key: row[measure]
            for row in frame.to_dict("records")
            if (key := _ees_key(sources, source, row))
        }
        tally: Counter[str] = Counter()
        for row in bds.loc[bds["Short Desc"] == code].to_dict("records"):
            area = lait_area(sources, row["LA and Regions"], row["LA Number"], las, regions)
            period = lait_period(row["Years"], "ending")
            if area is None or period is None or (area.code, period.time_period) not in theirs:
                continue
            key = (area.code, period.time_period)
            ours = "x" if row["Values"] == "-" else str(int(float(row["Values"])))
            other = theirs[key] if theirs[key] not in SYMBOLS else "x"
            tally["agree" if ours == other else "differ"] += 1
        lines.append(f"{code} against {source} {measure}: {dict(tally)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="where to write (data/national)")
    parser.add_argument("--lait", type=Path, required=True, help="a clone of " + LAIT)
    parser.add_argument("--csc", type=Path, required=True, help="a clone of " + CSC)
    parser.add_argument("--lait-rev", default="HEAD", help="the commit to read (HEAD)")
    parser.add_argument("--csc-rev", default="HEAD", help="the commit to read (HEAD)")
    parser.add_argument("--reference", type=Path, help="also write local_authorities.csv here")
    args = parser.parse_args(argv)
    try:
        sources = read_snapshots(args.lait, args.csc, (args.lait_rev, args.csc_rev))
        result = extract(sources)
        if problems := check_complete(result):
            raise DataError("; ".join(problems), hint="is the snapshot whole?")
        written = write_checked(result, sources, args.folder, args.reference)
    except ReportError as error:
        print(f"error: {error}")
        return 2
    for origin in dict.fromkeys((o.repository, o.commit) for o in sources.origins.values()):
        print("read", *origin)
    for path in written:
        print("wrote", path)
    for line in cross_checks(sources):
        print("cross-check", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
