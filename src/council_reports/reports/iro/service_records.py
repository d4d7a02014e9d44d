"""The IRO service's own records (data/iro/service) read and checked: dates, stages, numbers
and targets in range, the service's statements filled in, and the child-level records checked
against the 903 return they go with (every child they name is in the return, every review they
time was held, and no record goes out before its review)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from ...errors import DataError
from ...load.files import read_csv, read_text
from ...load.ssda903 import SSDA903
from ...validate.tables import parse_dates, reject, unique
from ...years import year_bounds

DRP_COLUMNS = ("drp_id", "raised", "stage", "reason", "resolved")
POPULATION_COLUMNS = ("area_code", "area_name", "population_0_17", "published_rate", "source")
TARGET_COLUMNS = ("measure", "year", "target", "source")


def read_service_file(path: Path, columns: Sequence[str]) -> pd.DataFrame:
    """One of the service's CSVs with at least ``columns``."""
    return read_csv(
        path,
        columns,
        hint="see data/iro/README.md; columns: " + ", ".join(columns),
    )


_NUMBER = r"\d+(\.\d+)?"


def read_drp_log(path: Path) -> pd.DataFrame:
    """One row per use of the DRP: raised and resolved dates (dd/mm/yyyy), stage 1-5, reason."""
    frame = read_service_file(path, DRP_COLUMNS)
    unique(frame, ["drp_id"], path, "DRP use", "one row per use of the DRP")
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
    reject(frame, frame["reason"] == "", path, "reason", "is blank")
    reject(frame, frame["resolved"] < frame["raised"], path, "resolved", "is before it was raised")
    return frame


def read_population(path: Path) -> pd.DataFrame:
    """Children aged 0-17 by area, or a published rate where only the rate is used."""
    frame = read_service_file(path, POPULATION_COLUMNS)
    unique(frame, ["area_code"], path, "area")
    for column in ("population_0_17", "published_rate"):
        bad = (frame[column] != "") & ~frame[column].str.fullmatch(_NUMBER)
        reject(frame, bad, path, column, "is not a number", "write a plain number, 0 or more")
        frame[column] = pd.to_numeric(frame[column].replace("", None))
    reject(frame, frame["population_0_17"] == 0, path, "population_0_17", "is 0")
    neither = frame["population_0_17"].isna() & frame["published_rate"].isna()
    reject(frame, neither, path, "population_0_17", "is blank, and so is published_rate")
    return frame.set_index("area_code")


def read_review_records(path: Path) -> pd.DataFrame:
    """When each review's record was distributed (CHILD, REVIEW, DISTRIBUTED; dd/mm/yyyy)."""
    frame = read_service_file(path, ("CHILD", "REVIEW", "DISTRIBUTED"))
    frame["REVIEW"] = parse_dates(frame, path, "REVIEW", required=True)
    frame["DISTRIBUTED"] = parse_dates(frame, path, "DISTRIBUTED")
    unique(frame, ["CHILD", "REVIEW"], path, "review", "one row per review")
    return frame


def read_targets(path: Path, measures: Iterable[str]) -> pd.DataFrame:
    """The service's targets (% of reviews, records or reports on time) by financial year."""
    frame = read_service_file(path, TARGET_COLUMNS)
    _known_measures(frame, path, measures, "is not a measure the report computes")
    _check_years(frame, path)
    unique(frame, ["measure", "year"], path, "target", "one target per measure and year")
    reject(
        frame,
        ~frame["target"].str.fullmatch(_NUMBER),
        path,
        "target",
        "is not a number",
        "write the % as a plain number",
    )
    target = pd.to_numeric(frame["target"])
    reject(frame, target > 100, path, "target", "is more than 100%")
    frame["target"] = target
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
    frame = read_service_file(path, ("year", *columns))
    _check_years(frame, path)
    for column in columns:
        reject(frame, frame[column] == "", path, column, "is blank")
    return frame


def read_disability(path: Path) -> pd.DataFrame:
    """Whether each child in care is deemed to have a disability (CHILD, DISABLED Y/N)."""
    frame = read_service_file(path, ("CHILD", "DISABLED"))
    reject(frame, ~frame["DISABLED"].isin(["Y", "N"]), path, "DISABLED", "is not Y or N")
    unique(frame, ["CHILD"], path, "child", "one row per child")
    return frame


def check_service_records(
    folder: Path,
    returns: Mapping[str, SSDA903],
    *,
    disability: pd.DataFrame,
    review_records: pd.DataFrame,
) -> None:
    """Raise a DataError for the first row of the service's records the 903 ``returns`` (every
    year there is) do not bear out."""
    children = pd.concat([r.header["CHILD"] for r in returns.values()])
    reject(
        disability,
        ~disability["CHILD"].isin(children),
        folder / "disability.csv",
        "CHILD",
        "is not a child in the 903 return",
    )
    held = pd.MultiIndex.from_frame(
        pd.concat([r.reviews[["CHILD", "REVIEW"]] for r in returns.values()])
    )
    years = sorted(int(name[:4]) for name in returns)
    covered = (year_bounds(years[0])[0], year_bounds(years[-1])[1])
    timed = pd.MultiIndex.from_frame(review_records[["CHILD", "REVIEW"]])
    # records may run past the latest return (or begin before the first): not judged here
    within = review_records["REVIEW"].between(*covered).to_numpy()
    reject(
        review_records,
        pd.Series(~timed.isin(held) & within),
        folder / "review_records.csv",
        "REVIEW",
        "is not a review of this child in the 903 return",
    )
    reject(
        review_records,
        review_records["DISTRIBUTED"] < review_records["REVIEW"],
        folder / "review_records.csv",
        "DISTRIBUTED",
        "is before the review",
    )


QUARTERS = ("Q1", "Q2", "Q3", "Q4")


def read_figures(
    path: Path,
    labels: tuple[str, ...],
    figures: tuple[str, ...],
    *,
    blank: tuple[str, ...] = (),
) -> pd.DataFrame:
    """The service's figures by year (staffing, midway reviews, audits, counts it published):
    ``year``, text ``labels`` (each filled in; a ``quarter`` label is Q1-Q4), number
    ``figures`` (plain numbers, blank only in the ``blank`` columns) and ``source``."""
    frame = read_service_file(path, ("year", *labels, *figures, "source"))
    _check_years(frame, path)
    for column in (*labels, "source"):
        reject(frame, frame[column] == "", path, column, "is blank")
    if "quarter" in labels:
        reject(
            frame,
            ~frame["quarter"].isin(QUARTERS),
            path,
            "quarter",
            "is not a quarter",
            "write Q1 (April to June) to Q4 (January to March)",
        )
    unique(frame, ["year", *labels], path, "figure", "one row per year and " + ", ".join(labels))
    for column in figures:
        empty = frame[column] == ""
        if column not in blank:
            reject(frame, empty, path, column, "is blank", "write a number")
        bad = ~empty & ~frame[column].str.fullmatch(_NUMBER)
        reject(frame, bad, path, column, "is not a number", "write a plain number, 0 or more")
        frame[column] = pd.to_numeric(frame[column].replace("", None))
    return frame


def read_national(path: Path, measures: Iterable[str]) -> pd.DataFrame:
    """England's published figures by year (the DfE's children looked after statistics):
    ``year``, ``measure`` (one the report knows), ``value``, ``source``."""
    frame = read_figures(path, ("measure",), ("value",))
    _known_measures(frame, path, measures, "is not a national figure the report uses")
    return frame


def _known_measures(frame: pd.DataFrame, path: Path, measures: Iterable[str], problem: str) -> None:
    """Every row's ``measure`` is one of ``measures``."""
    known = set(measures)
    reject(
        frame,
        ~frame["measure"].isin(known),
        path,
        "measure",
        problem,
        "measures: " + ", ".join(sorted(known)),
    )


SYNTHETIC_NOTES = "SYNTHETIC.txt"


def read_synthetic_notes(folder: Path) -> dict[str, str]:
    """The files in ``folder`` that hold made-up figures, from its SYNTHETIC.txt: one a line,
    ``file: what is made up`` (lines starting with # are comments); none without the file."""
    path = folder / SYNTHETIC_NOTES
    if not path.is_file():
        return {}
    files = {entry.name for entry in folder.iterdir() if entry.is_file()}  # names, never paths
    notes: dict[str, str] = {}
    for row, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        name, colon, note = line.partition(":")
        if not colon or not note.strip():
            raise DataError(
                "the line does not name a file and what is made up in it",
                file=path,
                row=row,
                column="file",
                hint="write 'file.csv: what is made up'",
            )
        if name.strip() not in files:
            raise DataError(
                f"file {name.strip()!r} is not in this folder", file=path, row=row, column="file"
            )
        notes[name.strip()] = note.strip()
    return notes


MIDWAY_STATUSES = ("in place", "paused")


def read_midway_reviews(path: Path) -> pd.DataFrame:
    """Midway reviews by quarter: ``status`` (in place or paused), the reviews ``due`` and
    ``completed`` (blank only while they were paused)."""
    frame = read_figures(
        path, ("quarter", "status"), ("due", "completed"), blank=("due", "completed")
    )
    reject(
        frame,
        ~frame["status"].isin(MIDWAY_STATUSES),
        path,
        "status",
        "is not a status",
        "write " + " or ".join(MIDWAY_STATUSES),
    )
    blank = (frame["status"] == "in place") & frame[["due", "completed"]].isna().any(axis=1)
    if blank.any():
        row = int(blank.to_numpy().nonzero()[0][0])
        column = "due" if pd.isna(frame.at[row, "due"]) else "completed"
        raise DataError(
            f"{column} is blank",
            file=path,
            row=row + 2,
            column=column,
            hint="leave it blank only while midway reviews are paused",
        )
    over = frame["completed"] > frame["due"]
    if over.any():
        row = int(over.to_numpy().nonzero()[0][0])
        done, due = frame.at[row, "completed"], frame.at[row, "due"]
        raise DataError(
            f"completed {done:g} is more than the {due:g} reviews due",
            file=path,
            row=row + 2,
            column="completed",
        )
    return frame
