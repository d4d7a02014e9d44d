"""Timeliness of looked-after children's reviews, by the Care Planning, Placement and Case Review
(England) Regulations 2010, regulation 33:

- the first review within 20 working days of the date the child became looked after;
- the second within 3 months of the first;
- each later review within 6 months of the one before.

Working days exclude weekends and England and Wales bank holidays (GOV.UK's list, bundled with
govuk-bank-holidays, so the answer never depends on the network).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING

import pandas as pd
from dateutil.relativedelta import relativedelta

from ..years import QUARTERS, quarter, year_bounds

if TYPE_CHECKING:
    from ..load.ssda903 import SSDA903  # the return as read: a type only

FIRST_REVIEW_WORKING_DAYS = 20
SECOND_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6


@cache
def _bank_holidays() -> frozenset[date]:
    from govuk_bank_holidays.bank_holidays import BankHolidays

    holidays = BankHolidays(use_cached_holidays=True)
    return frozenset(
        h["date"] for h in holidays.get_holidays(division=BankHolidays.ENGLAND_AND_WALES)
    )


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays()


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (before it when ``days`` is negative;
    ``start`` itself not counted)."""
    day, step, remaining = start, timedelta(days=1 if days > 0 else -1), abs(days)
    while remaining:
        day += step
        remaining -= is_working_day(day)
    return day


def due_dates(period_start: date, reviews: list[date]) -> list[date]:
    """The latest date each review could be held and be on time, given the ones before it."""
    due = []
    for index in range(len(reviews)):
        if index == 0:
            due.append(add_working_days(period_start, FIRST_REVIEW_WORKING_DAYS))
        else:
            months = SECOND_REVIEW_MONTHS if index == 1 else LATER_REVIEW_MONTHS
            due.append(reviews[index - 1] + relativedelta(months=months))
    return due


def timeliness(reviews: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """Each review with its due date and whether it was on time.

    ``reviews``: CHILD, REVIEW (dates). ``periods``: CHILD, start (the date each period of care
    began). A review belongs to the latest period that began on or before it. Reviews before
    a child's first known start belong to a period that began before the data: the first of
    them cannot be judged and is left out; each later one is due 6 months after the one before.
    """
    later = relativedelta(months=LATER_REVIEW_MONTHS)
    starts_of = periods.groupby("CHILD")["start"].apply(lambda s: sorted(d.date() for d in s))
    rows = []
    for child, held in reviews.sort_values("REVIEW").groupby("CHILD"):
        all_dates = [d.date() for d in held["REVIEW"]]
        starts = starts_of.get(child, [])
        for start, next_start in zip([None, *starts], [*starts, None], strict=True):
            dates = [
                d
                for d in all_dates
                if (start is None or d >= start) and (next_start is None or d < next_start)
            ]
            judged = (
                zip(dates[1:], (d + later for d in dates), strict=False)
                if start is None
                else zip(dates, due_dates(start, dates), strict=True)
            )
            for review, due in judged:
                rows.append(
                    {
                        "CHILD": child,
                        "REVIEW": pd.Timestamp(review),
                        "due": pd.Timestamp(due),
                        "on_time": review <= due,
                    }
                )
    return pd.DataFrame(rows, columns=["CHILD", "REVIEW", "due", "on_time"])


def share_on_time(timed: pd.DataFrame, start_year: int) -> float:
    """The % of the year's reviews held on time."""
    return float(by_quarter(timed, start_year).set_index("Quarter").loc["Year", "% on time"])


def by_quarter(timed: pd.DataFrame, start_year: int) -> pd.DataFrame:
    """Reviews held in the year and the % on time, by quarter (Q1 April-June)."""
    first, last = year_bounds(start_year)
    year = timed.loc[timed["REVIEW"].between(first, last)].copy()
    year["Quarter"] = quarter(year["REVIEW"])
    table = year.groupby("Quarter").agg(Reviews=("on_time", "size"), On_time=("on_time", "sum"))
    table = table.reindex(list(QUARTERS), fill_value=0)
    table.loc["Year"] = table.sum()
    table["% on time"] = table["On_time"] / table["Reviews"] * 100
    return table.rename(columns={"On_time": "On time"}).reset_index()


PARTICIPATION = {  # DfE 903 REVIEW_CODE
    "PN0": "Child under 4 at the time of the review",
    "PN1": "Attends and speaks for themselves",
    "PN2": "Attends; an advocate speaks for them",
    "PN3": "Attends and conveys views non-verbally",
    "PN4": "Attends but does not convey views",
    "PN5": "Does not attend; briefs an advocate",
    "PN6": "Does not attend; conveys views by another medium",
    "PN7": "Does not attend; views not conveyed",
}


def reviews_and_periods(returns: dict[str, SSDA903]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All years' reviews, and the start of every period of care (RNE "S") within the years the
    returns cover: a review's timeliness can depend on a review or a start in an earlier year.
    A period that began before the first year is left out, as its earlier reviews are not in the
    data (``timeliness`` then judges its reviews from the second in the data)."""
    reviews = pd.concat([r.reviews for r in returns.values()]).drop_duplicates()
    episodes = pd.concat([r.episodes for r in returns.values()])
    covered_from, _ = year_bounds(min(int(name[:4]) for name in returns))
    starts = episodes.loc[
        (episodes["RNE"] == "S") & (episodes["DECOM"] >= covered_from), ["CHILD", "DECOM"]
    ].drop_duplicates()
    return reviews, starts.rename(columns={"DECOM": "start"})


def participation(reviews: pd.DataFrame, start_year: int) -> pd.Series:
    """Reviews held in the year by how the child took part (the return's codes PN0-PN7), each
    named in words."""
    first, last = year_bounds(start_year)
    year = reviews.loc[reviews["REVIEW"].between(first, last), "REVIEW_CODE"]
    counts = year.value_counts().reindex(list(PARTICIPATION), fill_value=0)
    return counts.rename(index=PARTICIPATION)


RECORD_WORKING_DAYS = 20  # a review's full record is distributed within 20 working days


def records_by_quarter(records: pd.DataFrame, start_year: int) -> pd.DataFrame:
    """Review records distributed within 20 working days of the review, % by quarter."""
    on_time = [
        pd.notna(sent) and sent.date() <= add_working_days(held.date(), RECORD_WORKING_DAYS)
        for held, sent in zip(records["REVIEW"], records["DISTRIBUTED"], strict=True)
    ]
    return by_quarter(records.assign(on_time=on_time), start_year)
