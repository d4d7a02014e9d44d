"""Partner returns for the BCSSP appendices checked cell by cell: percentages within 0-100,
counts whole and not negative, every row labelled and no row twice, agencies and KPIs those of
the partnership's reference lists. A bad cell raises DataError naming the file (with its year
folder), sheet and cell, e.g. ``data/bcssp/2023-24/training_kpis.xlsx:Training KPIs:F12``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ...load.files import Cell
from ...load.returns import ReturnTable, read_csv_table, read_reference, read_sheet_table

KPI_SYMBOLS = {
    "N/A": "not applicable to the agency",
    "TBC": "to be confirmed",
    "/": "nil or narrative response",
}
AGENCIES = "bcssp_agencies.csv"
KPIS = "bcssp_kpis.csv"
YEAR_BEFORE = "Year before"  # a measure sheet's optional column: the figure a year earlier
# police_activity.csv's periods: the last 12 months, the 12 before, the fourth quarter
ACTIVITY_PERIODS = ("current", "previous", "fourth_quarter")


@dataclass(frozen=True)
class BcsspReturns:
    """The five returns for one period, as tidy tables, with the cells the checks point to."""

    training_kpis: pd.DataFrame  # kpi, target, agency, value (float or NaN), symbol, cell
    police: pd.DataFrame  # section, measure, current, previous
    police_activity: pd.DataFrame  # section, measure, current, previous, fourth_quarter
    adult_safeguarding: pd.DataFrame  # measure, unit, value, previous
    childrens_social_care: dict[str, pd.DataFrame]  # by sheet: Child protection, Contacts...
    notes: dict[str, str]  # file (and sheet) -> its header block's note (e.g. "SYNTHETIC ...")
    # (file or file:sheet, measure, column) -> the cell it was read from, for checks that
    # compare figures (a part larger than its whole) to name the cell at fault
    cells: dict[tuple[str, str, str], Cell]


def percent(cell: Cell, what: str) -> float:
    """A percentage from 0 to 100, written as a number or as text such as "85%"."""
    value = cell.value
    if isinstance(value, str):
        try:
            value = float(value.strip().rstrip("%"))
        except ValueError:
            raise cell.error(
                f"{what} is {cell.value!r}, not a percentage", "write a number from 0 to 100"
            ) from None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise cell.error(
            f"{what} is {cell.value!r}, outside 0-100", "percentages run from 0 to 100"
        )
    return float(value)


def count(cell: Cell, what: str) -> int:
    """A whole number, 0 or more."""
    value = cell.value
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise cell.error(
            f"{what} is {cell.value!r}, not a count", "counts are whole numbers, 0 or more"
        )
    return value


def labels(table: ReturnTable, columns: Sequence[str], what: str) -> list[str]:
    """Each row's label (its ``columns`` joined): none blank, none twice."""
    seen: dict[tuple[str, ...], int] = {}
    found = []
    for row in table.rows:
        key = tuple(row[c].text for c in columns)
        for column, text in zip(columns, key, strict=True):
            if not text:
                raise row[column].error(f"the row has no {column}", "every row needs its label")
        if key in seen:
            raise row[columns[-1]].error(
                f"{what} {' / '.join(key)!r} repeats row {seen[key]}", "keep one row for each"
            )
        seen[key] = row[columns[0]].row
        found.append(" / ".join(key))
    return found


def kpi_targets(reference: Path) -> dict[str, float]:
    """The partnership's training KPIs and their agreed targets (% of staff trained)."""
    table = read_reference(reference / KPIS, ("kpi", "target_percent"))
    kpis = labels(table, ["kpi"], "KPI")
    return {
        kpi: percent(row["target_percent"], f"KPI {kpi} target")
        for kpi, row in zip(kpis, table.rows, strict=True)
    }


def agencies(reference: Path) -> list[str]:
    """The partner agencies, in the order the appendices list them."""
    return labels(read_reference(reference / AGENCIES, ("agency",)), ["agency"], "agency")


def read_training_kpis(path: Path, reference: Path) -> tuple[pd.DataFrame, str]:
    """The training KPI return: one row per KPI and agency."""
    table = read_sheet_table(path, "Training KPIs", ["KPI", "Target %"])
    known, targets = agencies(reference), kpi_targets(reference)
    given = {cell.text: cell for cell in table.header[2:]}
    for agency, cell in given.items():
        if agency not in known:
            raise cell.error(
                f"unknown agency {agency!r}",
                f"agencies are listed in data/reference/{AGENCIES}",
            )
    missing = [a for a in known if a not in given]
    if missing:
        raise table.header[0].error(
            f"agency {missing[0]!r} is missing from the return",
            "every partner agency has a column, even if all its cells are '/'",
        )
    labels(table, ["KPI"], "KPI")
    records = []
    for row in table.rows:
        kpi = row["KPI"].text
        if kpi not in targets:
            raise row["KPI"].error(
                f"unknown KPI {kpi!r}", f"KPIs are listed in data/reference/{KPIS}"
            )
        target = percent(row["Target %"], f"KPI {kpi} target")
        for agency in known:
            cell = row[agency]
            if cell.text in KPI_SYMBOLS:
                value, symbol = float("nan"), cell.text
            else:
                value, symbol = percent(cell, f"{agency}, KPI {kpi}"), ""
            records.append((kpi, target, agency, value, symbol, cell.ref))
    frame = pd.DataFrame.from_records(
        records, columns=["kpi", "target", "agency", "value", "symbol", "cell"]
    )
    return frame, table.note


def read_police(path: Path) -> tuple[pd.DataFrame, str]:
    """The constabulary's 12-month rolling figures: current and previous, both required."""
    table = read_csv_table(path, ["section", "measure", "current", "previous"])
    labels(table, ["section", "measure"], "measure")
    records = [
        (
            row["section"].text,
            row["measure"].text,
            *(count(row[c], f"{row['measure'].text}: {c}") for c in ("current", "previous")),
        )
        for row in table.rows
    ]
    columns = ["section", "measure", "current", "previous"]
    return pd.DataFrame.from_records(records, columns=columns), table.note


def count_or_blank(cell: Cell, what: str) -> int | None:
    """A count, or None where the return leaves the cell blank (the figure is not given)."""
    return None if cell.text == "" else count(cell, what)


def read_measures(
    path: Path, sheet: str, cells: dict[tuple[str, str, str], Cell]
) -> tuple[pd.DataFrame, str]:
    """A sheet of measures, each a count or a percentage (its Unit), with the figure for the
    year before where the sheet has a "Year before" column and gives one (else NaN)."""
    table = read_sheet_table(path, sheet, ["Measure", "Unit", "Value"])
    labels(table, ["Measure"], "measure")
    before = YEAR_BEFORE in table.names
    records = []
    for row in table.rows:
        measure, unit = row["Measure"].text, row["Unit"].text
        if unit not in ("count", "percent"):
            raise row["Unit"].error(f"unit {unit!r} is neither count nor percent")
        read = percent if unit == "percent" else count
        value = read(row["Value"], measure)
        previous = None
        if before and row[YEAR_BEFORE].text:
            previous = read(row[YEAR_BEFORE], f"{measure}: {YEAR_BEFORE.lower()}")
        records.append((measure, unit, value, previous))
        cells[(f"{path.name}:{sheet}", measure, "value")] = row["Value"]
    frame = pd.DataFrame.from_records(records, columns=["measure", "unit", "value", "previous"])
    return frame.assign(previous=frame["previous"].astype(float)), table.note


def read_police_activity(
    path: Path, cells: dict[tuple[str, str, str], Cell]
) -> tuple[pd.DataFrame, str]:
    """The constabulary's figures on children in its child protection work: each measure for
    the last 12 months, the 12 months before and the year's fourth quarter, where given (a
    blank cell is a figure the constabulary does not give: NaN); every row gives at least one."""
    columns = ["section", "measure", *ACTIVITY_PERIODS]
    table = read_csv_table(path, columns)
    labels(table, ["section", "measure"], "measure")
    records = []
    for row in table.rows:
        measure = row["measure"].text
        figures = [count_or_blank(row[c], f"{measure}: {c}") for c in ACTIVITY_PERIODS]
        if all(figure is None for figure in figures):
            raise row["current"].error(
                f"{measure} has no figure", "give it for at least one period, or delete the row"
            )
        records.append((row["section"].text, measure, *figures))
        for column in ACTIVITY_PERIODS:
            cells[(path.name, measure, column)] = row[column]
    frame = pd.DataFrame.from_records(records, columns=columns)
    return frame.astype(dict.fromkeys(ACTIVITY_PERIODS, float)), table.note


def read_counts(path: Path, sheet: str, header: Sequence[str]) -> tuple[pd.DataFrame, str]:
    """A sheet whose first column labels the rows and whose other columns are counts."""
    table = read_sheet_table(path, sheet, header)
    names = labels(table, [header[0]], header[0].lower())
    records = [
        (label, *(count(row[c], f"{label}: {c}") for c in header[1:]))
        for label, row in zip(names, table.rows, strict=True)
    ]
    return pd.DataFrame.from_records(records, columns=list(header)), table.note


# Sheets of measures (read_measures) and of counts by a label (read_counts, with their header)
MEASURE_SHEETS = ("Child protection", "Child in need plans")
CHILDRENS_SHEETS = {
    "Contacts": ("Source", "Contacts", "Referrals"),
    "Contact outcomes": ("Outcome", "Contacts"),
    "Referrals by quarter": ("Quarter", "Contacts", "Referrals"),
    "Children in need": ("Quarter", "Children in need", "Children looked after"),
}


def load_bcssp_returns(folder: Path, reference: Path) -> BcsspReturns:
    """All five returns for one period (``data/bcssp/<period>``), checked cell by cell."""
    cells: dict[tuple[str, str, str], Cell] = {}
    kpis, kpi_note = read_training_kpis(folder / "training_kpis.xlsx", reference)
    police, police_note = read_police(folder / "police.csv")
    activity, activity_note = read_police_activity(folder / "police_activity.csv", cells)
    adults, adults_note = read_measures(
        folder / "adult_safeguarding.xlsx", "Safeguarding adults", cells
    )
    notes = {
        "training_kpis.xlsx": kpi_note,
        "police.csv": police_note,
        "police_activity.csv": activity_note,
        "adult_safeguarding.xlsx": adults_note,
    }
    workbook = folder / "childrens_social_care.xlsx"
    childrens = {}
    for sheet in MEASURE_SHEETS:
        childrens[sheet], notes[f"{workbook.name}:{sheet}"] = read_measures(workbook, sheet, cells)
    for sheet, header in CHILDRENS_SHEETS.items():
        childrens[sheet], notes[f"{workbook.name}:{sheet}"] = read_counts(workbook, sheet, header)
    return BcsspReturns(kpis, police, activity, adults, childrens, notes, cells)
