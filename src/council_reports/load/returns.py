"""Partner returns for the BCSSP appendices: workbooks and CSVs as partners send them.

A return may have a header block (title, agency, period, notes) above its table; the table is
found by its header row, not by a fixed offset. Every value is checked as it is read, and a
bad one raises DataError naming file, sheet and cell (e.g. ``training_kpis.xlsx:Training
KPIs:F12``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import DataError

KPI_SYMBOLS = {
    "N/A": "not applicable to the agency",
    "TBC": "to be confirmed",
    "/": "nil or narrative response",
}


@dataclass(frozen=True)
class Cell:
    """A value read from a return, with where it was read."""

    value: object
    ref: str  # "F12" in a workbook, "5" (row) in a CSV


@dataclass(frozen=True)
class BcsspReturns:
    """The four returns for one period, as tidy tables."""

    training_kpis: pd.DataFrame  # kpi, target, agency, value (float or NaN), symbol, cell
    police: pd.DataFrame  # section, measure, current, previous
    adult_safeguarding: pd.DataFrame  # measure, unit, value
    childrens_social_care: dict[str, pd.DataFrame]  # by sheet: Child protection, Contacts...
    notes: dict[str, str]  # file (and sheet) -> its header block's note (e.g. "SYNTHETIC ...")


def _workbook_rows(path: Path, sheet: str) -> tuple[list[list[Cell]], str]:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    if not path.is_file():
        raise DataError("return not found", file=path, hint="each period needs all four returns")
    book = load_workbook(path, data_only=True, read_only=True)
    if sheet not in book.sheetnames:
        raise DataError(
            f"no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})",
            file=path.name,
            hint="keep the sheet names of the return template",
        )
    rows = [
        [Cell(value, f"{get_column_letter(col)}{number}") for col, value in enumerate(row, start=1)]
        for number, row in enumerate(book[sheet].iter_rows(values_only=True), start=1)
    ]
    book.close()
    note = next((str(r[1].value) for r in rows if len(r) > 1 and r[0].value == "Note"), "")
    return rows, note


def _table(rows: list[list[Cell]], header: Sequence[str], file: str, sheet: str | None):
    """The header cells by name, and the rows below them up to the first blank row; the header
    row is the one whose first cell reads ``header[0]``."""
    for index, row in enumerate(rows):
        if row and row[0].value == header[0]:
            names = [str(c.value).strip() if c.value is not None else "" for c in row]
            missing = [h for h in header if h not in names]
            if missing:
                raise DataError(
                    f"table header lacks {', '.join(missing)}",
                    file=file,
                    sheet=sheet,
                    column=row[0].ref,
                    hint="expected columns: " + ", ".join(header),
                )
            body = []
            for data in rows[index + 1 :]:
                if not data or all(c.value in (None, "") for c in data):
                    break
                body.append(dict(zip(names, data, strict=False)))
            return dict(zip(names, row, strict=False)), body
    raise DataError(
        f"no table headed {header[0]!r}",
        file=file,
        sheet=sheet,
        hint="the table's first header cell must read " + repr(header[0]),
    )


def _percent(cell: Cell, file: str, sheet: str | None, what: str) -> float:
    value = cell.value
    if isinstance(value, str):
        try:
            value = float(value.strip().rstrip("%"))
        except ValueError:
            raise DataError(
                f"{what} is {cell.value!r}, not a percentage",
                file=file,
                sheet=sheet,
                column=cell.ref,
                hint="write a number from 0 to 100",
            ) from None
    if not isinstance(value, int | float) or not 0 <= value <= 100:
        raise DataError(
            f"{what} is {cell.value!r}, outside 0-100",
            file=file,
            sheet=sheet,
            column=cell.ref,
            hint="percentages run from 0 to 100",
        )
    return float(value)


def _count(cell: Cell, file: str, sheet: str | None, what: str) -> int:
    value = cell.value
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise DataError(
            f"{what} is {cell.value!r}, not a count",
            file=file,
            sheet=sheet,
            column=cell.ref,
            hint="counts are whole numbers, 0 or more",
        )
    return value


def _reference(path: Path, column: str) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [row[column] for row in csv.DictReader(handle)]


def read_training_kpis(path: Path, reference: Path) -> tuple[pd.DataFrame, str]:
    """The training KPI return: one row per KPI and agency."""
    sheet = "Training KPIs"
    rows, note = _workbook_rows(path, sheet)
    agencies = _reference(reference / "bcssp_agencies.csv", "agency")
    kpis = _reference(reference / "bcssp_kpis.csv", "kpi")
    header, body = _table(rows, ["KPI", "Target %"], path.name, sheet)
    given = [name for name in list(header)[2:] if name]
    for agency in given:
        if agency not in agencies:
            raise DataError(
                f"unknown agency {agency!r}",
                file=path.name,
                sheet=sheet,
                column=header[agency].ref,
                hint="agencies are listed in data/reference/bcssp_agencies.csv",
            )
    missing = [a for a in agencies if a not in given]
    if missing:
        raise DataError(
            f"agency {missing[0]!r} is missing from the return",
            file=path.name,
            sheet=sheet,
            hint="every partner agency has a column, even if all its cells are '/'",
        )
    records = []
    for row in body:
        kpi = str(row["KPI"].value).strip()
        if kpi not in kpis:
            raise DataError(
                f"unknown KPI {kpi!r}",
                file=path.name,
                sheet=sheet,
                column=row["KPI"].ref,
                hint="KPIs are listed in data/reference/bcssp_kpis.csv",
            )
        target = _percent(row["Target %"], path.name, sheet, f"KPI {kpi} target")
        for agency in agencies:
            cell = row[agency]
            text = str(cell.value).strip() if cell.value is not None else ""
            if text in KPI_SYMBOLS:
                value, symbol = float("nan"), text
            else:
                value, symbol = _percent(cell, path.name, sheet, f"{agency}, KPI {kpi}"), ""
            records.append((kpi, target, agency, value, symbol, cell.ref))
    frame = pd.DataFrame.from_records(
        records, columns=["kpi", "target", "agency", "value", "symbol", "cell"]
    )
    return frame, note


def _csv_rows(path: Path) -> Iterator[list[Cell]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            yield [Cell(v, str(number)) for v in row]


def read_police(path: Path) -> tuple[pd.DataFrame, str]:
    """The constabulary's 12-month rolling figures: current and previous, both required."""
    if not path.is_file():
        raise DataError("return not found", file=path, hint="each period needs all four returns")
    rows = list(_csv_rows(path))
    note = next(
        (r[0].value.lstrip("# ") for r in rows[1:2] if r and str(r[0].value).startswith("#")), ""
    )
    _, body = _table(rows, ["section", "measure", "current", "previous"], path.name, None)
    records = []
    for row in body:
        counts = [
            _count(row[c], path.name, None, f"{row['measure'].value}: {c}")
            for c in ("current", "previous")
        ]
        records.append((row["section"].value, row["measure"].value, *counts))
    return pd.DataFrame.from_records(
        records, columns=["section", "measure", "current", "previous"]
    ), note


def read_adult_safeguarding(path: Path) -> tuple[pd.DataFrame, str]:
    sheet = "Safeguarding adults"
    rows, note = _workbook_rows(path, sheet)
    _, body = _table(rows, ["Measure", "Unit", "Value"], path.name, sheet)
    records = []
    for row in body:
        measure, unit = str(row["Measure"].value), str(row["Unit"].value)
        if unit == "percent":
            value: float = _percent(row["Value"], path.name, sheet, measure)
        elif unit == "count":
            value = _count(row["Value"], path.name, sheet, measure)
        else:
            raise DataError(
                f"unit {unit!r} is neither count nor percent",
                file=path.name,
                sheet=sheet,
                column=row["Unit"].ref,
            )
        records.append((measure, unit, value))
    return pd.DataFrame.from_records(records, columns=["measure", "unit", "value"]), note


def read_counts(path: Path, sheet: str, header: Sequence[str]) -> tuple[pd.DataFrame, str]:
    """A sheet whose first column labels the rows and whose other columns are counts."""
    rows, note = _workbook_rows(path, sheet)
    _, body = _table(rows, header, path.name, sheet)
    records = [
        (
            str(row[header[0]].value),
            *(_count(row[c], path.name, sheet, f"{row[header[0]].value}: {c}") for c in header[1:]),
        )
        for row in body
    ]
    return pd.DataFrame.from_records(records, columns=list(header)), note


CHILDRENS_SHEETS = {  # sheet: header; the frames are named by the sheet in snake case
    "Child protection": ("Measure", "Value"),
    "Contacts": ("Source", "Contacts", "Referrals"),
    "Contact outcomes": ("Outcome", "Contacts"),
    "Referrals by quarter": ("Quarter", "Contacts", "Referrals"),
    "Children in need": ("Quarter", "Children in need", "Children looked after"),
}


def load_bcssp_returns(folder: Path, reference: Path) -> BcsspReturns:
    """All four returns for one period (``data/bcssp/<period>``)."""
    kpis, kpi_note = read_training_kpis(folder / "training_kpis.xlsx", reference)
    police, police_note = read_police(folder / "police.csv")
    adults, adults_note = read_adult_safeguarding(folder / "adult_safeguarding.xlsx")
    notes = {
        "training_kpis.xlsx": kpi_note,
        "police.csv": police_note,
        "adult_safeguarding.xlsx": adults_note,
    }
    childrens = {}
    for sheet, header in CHILDRENS_SHEETS.items():
        frame, note = read_counts(folder / "childrens_social_care.xlsx", sheet, header)
        childrens[sheet] = frame
        notes[f"childrens_social_care.xlsx:{sheet}"] = note
    return BcsspReturns(kpis, police, adults, childrens, notes)
