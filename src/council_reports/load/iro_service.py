"""The IRO service's own records: the dispute resolution protocol (DRP) log and the population
used for rates per 10,000 children."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..validate.tables import parse_dates, read_text_csv, reject

DRP_COLUMNS = ("drp_id", "raised", "stage", "reason", "resolved")
POPULATION_COLUMNS = ("area_code", "area_name", "population_0_17", "published_rate", "source")


def _read(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    return read_text_csv(
        path, columns, hint="see data/iro/README.md", column_hint="columns: " + ", ".join(columns)
    )


def read_drp_log(path: Path) -> pd.DataFrame:
    """One row per use of the DRP: raised and resolved dates (dd/mm/yyyy), stage 1-5, reason."""
    frame = _read(path, DRP_COLUMNS)
    for column in ("raised", "resolved"):  # a DRP may still be open: resolved can be blank
        frame[column] = parse_dates(frame, path, column, required=column == "raised")
    reject(
        frame,
        ~frame["stage"].isin([str(n) for n in range(1, 6)]),
        path,
        "stage",
        "is not a DRP stage",
        "stages run from 1 to 5",
    )
    frame["stage"] = frame["stage"].astype(int)
    bad = frame["resolved"].notna() & (frame["resolved"] < frame["raised"])
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise DataError("resolved before it was raised", file=path, row=row + 2, column="resolved")
    return frame


def read_population(path: Path) -> pd.DataFrame:
    """Children aged 0-17 by area, or a published rate where only the rate is used."""
    frame = _read(path, POPULATION_COLUMNS)
    for column in ("population_0_17", "published_rate"):
        bad = (frame[column] != "") & ~frame[column].str.fullmatch(r"\d+(\.\d+)?")
        reject(frame, bad, path, column, "is not a number", "write a plain number")
        frame[column] = pd.to_numeric(frame[column].replace("", None))
    return frame.set_index("area_code")


def read_review_records(path: Path) -> pd.DataFrame:
    """When each review's record was distributed (CHILD, REVIEW, DISTRIBUTED; dd/mm/yyyy)."""
    frame = _read(path, ("CHILD", "REVIEW", "DISTRIBUTED"))
    frame["REVIEW"] = parse_dates(frame, path, "REVIEW", required=True)
    frame["DISTRIBUTED"] = parse_dates(frame, path, "DISTRIBUTED")
    return frame


def read_sw_reports(path: Path) -> pd.DataFrame:
    """When the social work report for each review reached the IRO (CHILD, REVIEW, RECEIVED;
    dd/mm/yyyy; RECEIVED blank when the review was held without one)."""
    frame = _read(path, ("CHILD", "REVIEW", "RECEIVED"))
    frame["REVIEW"] = parse_dates(frame, path, "REVIEW", required=True)
    frame["RECEIVED"] = parse_dates(frame, path, "RECEIVED")
    return frame


TARGET_COLUMNS = ("measure", "year", "target", "source")


def read_targets(path: Path, measures: Iterable[str]) -> pd.DataFrame:
    """The service's targets (% of reviews, records or reports on time) by financial year."""
    frame = _read(path, TARGET_COLUMNS)
    known = set(measures)
    reject(
        frame,
        ~frame["measure"].isin(known),
        path,
        "measure",
        "is not a measure the report computes",
        "measures: " + ", ".join(sorted(known)),
    )
    _check_years(frame, path)
    reject(
        frame,
        ~frame["target"].str.fullmatch(r"\d+(\.\d+)?"),
        path,
        "target",
        "is not a number",
        "write the % as a plain number",
    )
    frame["target"] = pd.to_numeric(frame["target"])
    reject(frame, frame["target"] > 100, path, "target", "is more than 100%")
    return frame


def _check_years(frame: pd.DataFrame, path: Path) -> None:
    reject(
        frame,
        ~frame["year"].str.fullmatch(r"\d{4}-\d{2}"),
        path,
        "year",
        "is not a year like 2025-26",
    )


def read_statements(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    """A table of the service's own words by year (internal audit findings, areas for
    development): ``year`` and ``columns``, each cell filled in."""
    frame = _read(path, ("year", *columns))
    _check_years(frame, path)
    for column in columns:
        reject(frame, frame[column].str.strip() == "", path, column, "is blank")
    return frame


def read_disability(path: Path) -> pd.DataFrame:
    """Whether each child in care is deemed to have a disability (CHILD, DISABLED Y/N)."""
    frame = _read(path, ("CHILD", "DISABLED"))
    reject(frame, ~frame["DISABLED"].isin(["Y", "N"]), path, "DISABLED", "is not Y or N")
    return frame
