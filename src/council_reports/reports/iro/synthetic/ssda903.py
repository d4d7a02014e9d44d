"""A synthetic SSDA903 return for B&NES, 2020-21 to 2024-25, consistent with the aggregates the
IRO annual report 2024-25 publishes (targets below), and the IRO service's child-level records
that go with it (service/disability.csv, service/review_records.csv). Seeded: re-running
writes the same bytes.

    python -m council_reports.reports.iro.synthetic.ssda903 data/iro/ssda903

Every child is made up. The CSVs keep the DfE's column names and dd/mm/yyyy dates; a
SYNTHETIC.txt in each year folder says what they are.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from ....synthetic import main
from .children import (
    ADOPTED,
    ADOPTION_PLACE,
    CONNECTED,
    CONNECTED_2025,
    DISABLED_2025,
    FOSTERING,
    INCLUDED_2025,
    NO_VIEWS_2025,
    PARTICIPATION,
    PLACES,
    RECORDS_ON_TIME,
    SEED,
    SGO_TO_FOSTER_CARERS,
    SUPPORTED,
    SUPPORTED_FROM,
    YEARS,
    Child,
    age_at,
    birthday,
    earlier_moves,
    place,
    profile,
    schedule_reviews,
    simulate,
)


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
        if period.reason in ADOPTED:
            places[-1] = ADOPTION_PLACE
        elif period.reason in SGO_TO_FOSTER_CARERS and places[-1] not in FOSTERING:
            places[-1] = next(p for p in FOSTERING if p not in places)  # the carers fostered
        for index, start in enumerate(starts):
            last = index == len(starts) - 1
            if places[index] == SUPPORTED and (
                age_at(child.dob, start) < 16 or start < SUPPORTED_FROM  # rule 371; rule 222
            ):
                places[index] = next(p for p in PLACES if p not in places)
            rows.append(
                {
                    "CHILD": child.id,
                    "DECOM": _fmt(start),
                    "RNE": "S" if index == 0 else "P",
                    "LS": period.legal_status,
                    "CIN": need,
                    "PLACE": places[index],
                    "PLACE_PROVIDER": period.provider,
                    "DEC": _fmt(period.end) if last else _fmt(starts[index + 1]),
                    "REC": period.reason if last else "X1",
                    # why this placement ended, when the next episode is a new placement
                    "REASON_PLACE_CHANGE": "" if last else "CARPL",
                    "HOME_POST": child.home,
                    "PL_POST": period.placed,
                    # supported accommodation is registered with Ofsted from October 2023
                    "URN": f"2{child.id[-5:]}0" if places[index] == SUPPORTED else "XXXXXXX",
                }
            )
    return rows


def connect(rows: dict[str, list[dict[str, str]]], children: list[Child]) -> None:
    """Place the children under a care order at 31 March 2025 with a connected person as the
    report publishes (CONNECTED_2025, by age band), and the rest of each band elsewhere: the
    placement open on that day changes, never to the one it followed."""
    census = date(2025, 3, 31)
    for (low, high), wanted in CONNECTED_2025.items():
        band = sorted(
            (c for c in children if c.in_care(census) and low <= age_at(c.dob, census) <= high),
            key=lambda c: c.id,
        )
        placed = 0
        for child in band:
            episodes = rows[child.id]
            index = next(
                i
                for i, row in enumerate(episodes)
                if _parse(row["DECOM"]) <= census
                and (not row["DEC"] or _parse(row["DEC"]) > census)
            )
            if episodes[index]["LS"] != "C2":
                continue
            before = episodes[index - 1]["PLACE"] if episodes[index]["RNE"] == "P" else ""
            choices = CONNECTED if placed < wanted else ("U4", "U6", "K2")
            episodes[index]["PLACE"] = next(p for p in choices if p != before)
            placed += episodes[index]["PLACE"] in CONNECTED


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


def participation(rng: random.Random, children: list[Child]) -> dict[tuple[str, date], str]:
    """How the child took part in each review (PN0 under 4), with 2024-25's published shares."""
    codes = {
        (child.id, review): "PN0" if age_at(child.dob, review) < 4 else rng.choice(PARTICIPATION)
        for child in children
        for period in child.periods
        for review in period.reviews
    }
    year = [
        key
        for key, code in codes.items()
        if code != "PN0" and date(2024, 4, 1) <= key[1] <= date(2025, 3, 31)
    ]
    rng.shuffle(year)
    included = set(year[:INCLUDED_2025])
    no_views = set(year[INCLUDED_2025 : INCLUDED_2025 + NO_VIEWS_2025])
    for key in year:
        codes[key] = (
            rng.choice(PARTICIPATION[:6])
            if key in included
            else "PN7"
            if key in no_views
            else rng.choice(("PN4", "PN5", "PN6"))
        )
    return codes


def disability(rng: random.Random, children: list[Child]) -> None:
    """Flag the published number of disabled children in care, by legal status."""
    in_care = [c for c in children if c.in_care(date(2025, 3, 31)) and not c.uasc]
    for status, count in DISABLED_2025.items():
        pool = [c for c in in_care if c.periods[-1].legal_status == status]
        for child in rng.sample(pool, count):
            child.disabled = True


def _reviews_2025(children: list[Child]) -> dict[int, list[tuple[date, str]]]:
    """Each quarter's reviews held in 2024-25 (Q1 April-June), as (date, child), in date order."""
    held = sorted(
        (review, child.id)
        for child in children
        for period in child.periods
        for review in period.reviews
        if date(2024, 4, 1) <= review <= date(2025, 3, 31)
    )
    return {
        q: [(r, c) for r, c in held if ((r.month - 4) % 12) // 3 + 1 == q] for q in (1, 2, 3, 4)
    }


def review_records(rng: random.Random, children: list[Child]) -> list[dict[str, str]]:
    """When each 2024-25 review's record was distributed: the published % within 20 working
    days in each quarter."""
    from ....measures.reviews import FIRST_REVIEW_WORKING_DAYS, add_working_days

    held = _reviews_2025(children)
    rows = []
    for quarter, percent in RECORDS_ON_TIME.items():
        reviews = held[quarter]
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
    earlier_moves(random.Random(SEED + 2), children)  # its own stream, as added later
    schedule_reviews(rng, children)
    place(rng, children)
    service_rng = random.Random(SEED + 1)  # its own stream: the 903 files stay as they were
    disability(service_rng, children)
    rows = {child.id: episodes(child, rng) for child in children}
    connect(rows, children)
    codes = participation(rng, children)
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
                    "SEX": _sex(child, year),
                    "DOB": _fmt(child.dob),
                    "ETHNIC": child.ethnic,
                    "UPN": upn(child, year),
                    "MOTHER": "0" if child.sex == 2 else "",  # recorded for girls only
                    "MC_DOB": "",
                }
            )
            tables["episodes.csv"] += [
                _as_at(r, last)
                for r in rows[child.id]
                if _parse(r["DECOM"]) <= last and (not r["DEC"] or _parse(r["DEC"]) >= first)
            ]
            tables["reviews.csv"] += [
                {
                    "CHILD": child.id,
                    "DOB": _fmt(child.dob),
                    "REVIEW": _fmt(review),
                    "REVIEW_CODE": codes[child.id, review],
                }
                for period in child.periods
                for review in period.reviews
                if first <= review <= last
            ]
            if child.uasc:
                tables["uasc.csv"].append(
                    {
                        "CHILD": child.id,
                        "SEX": _sex(child, year),
                        "DOB": _fmt(child.dob),
                        "DUC": _fmt(birthday(child.dob, 18)),  # no longer UASC at 18
                    }
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


def _as_at(episode: dict[str, str], last: date) -> dict[str, str]:
    """The episode as the return for the year ending ``last`` records it: one that ends later
    is still open then (DfE rules 385 and 388)."""
    if episode["DEC"] and _parse(episode["DEC"]) > last:
        return episode | {"DEC": "", "REC": "", "REASON_PLACE_CHANGE": ""}
    return episode


def _sex(child: Child, year: int) -> str:
    """The 903 sex code: 1/2 until 2023-24, M/F from 2024-25."""
    return str(child.sex) if year < 2024 else "MF"[child.sex - 1]


UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn(child: Child, year: int) -> str:
    """A well-formed synthetic UPN (check letter, LA 800, school, year, serial) once the child
    is of school age by 31 August of the year before the collection (when the DfE expects one),
    else UN1, "not yet known"."""
    if date(year - 1, 8, 31) < date(child.dob.year + 4, child.dob.month, min(child.dob.day, 28)):
        return "UN1"
    number = int(child.id.removeprefix("SYN"))
    digits = f"800{2000 + number % 700:04d}{(child.dob.year + 5) % 100:02d}{number % 1000:03d}"
    weighted = sum(int(d) * w for d, w in zip(digits, range(2, 14), strict=True))
    return UPN_CHECK_LETTERS[weighted % 23] + digits


def _parse(text: str) -> date:
    day, month, year = text.split("/")
    return date(int(year), int(month), int(day))


if __name__ == "__main__":
    main(write, "data/iro/ssda903", __doc__)
