"""Write the BCSSP partner returns in data/bcssp/<period>/ (the returns are the source).

Figures are transcribed from the BCSSP annual report 2023-24 (seed 001, lines 1345-1400 and
1700-1830). Where the report quotes no figure for 2022-23, the 2022-23 returns hold synthetic
values and say so in their header block. Workbook timestamps are fixed so re-running gives the
same bytes.

    .venv/bin/python -m council_reports.reports.bcssp.synthetic data/bcssp
"""

from __future__ import annotations

import csv
import io
import random
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from ...synthetic import main
from .data import (
    ARRESTED,
    ATTENDED,
    CHARGED,
    CONFERENCE,
    CONFERENCES,
    CUSTODY,
    FORCE,
    HELD,
    INVITED,
    LINKED,
    PROTECTION,
    UNLINKED,
)

FIXED = datetime(2024, 6, 30, 12, 0, 0)
STAMP = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ")
AGENCIES = [
    "RUH",
    "Midsomer Homecare",
    "Project 28",
    "Oxford Health",
    "HCRG Care Group",
    "Health watch",
    "Avon Fire & Rescue",
    "DHI",
    "Southside",
    "BSW ICB",
    "Julian House",
    "Children's Social Care",
    "Action for Children",
    "POhWER",
    "Police",
    "Adult Social Care",
    "YCSW",
]
TARGETS = {
    "1.1": 85,
    "1.2": 85,
    "1.3": 80,
    "1.4": 80,
    "1.5": 100,
    "1.6": 80,
    "1.7": 80,
    "1.8": 90,
    "1.9": 90,
    "1.10": 90,
    "1.11": 90,
    "1.12": 80,
    "1.13": 90,
    "1.14": 90,
    "1.15": 90,
    "1.16": 90,
}
KPIS_2023_24 = """\
1.1	90	100	100	90	98	N/A	N/A	/	100	100	N/A	33	100	100	100	/	88
1.2	94	100	100	100	92	N/A	TBC	/	100	94	N/A	74	100	100	/	14	88
1.3	88	100	100	88	96	N/A	0	/	100	94	N/A	73	100	100	/	5	81
1.4	88	100	100	88	96	N/A	0	/	80	94	100	68	100	100	100	0	80
1.5	100	100	100	100	96	N/A	100	100	100	100	100	54	100	100	100	4	100
1.6	89	100	100	88	96	N/A	100	/	100	80	N/A	67	100	N/A	100	0	93
1.7	88	0	100	88	96	N/A	100	N/A	100	95	N/A	72	100	100	/	25	93
1.8	91	100	100	76	98	N/A	0	/	100	95	N/A	100	100	100	/	27	N/A
1.9	92	100	100	93	95	100	97	100	100	95	100	N/A	100	100	100	N/A	100
1.10	91	100	100	93	92	100	92	90	100	95	N/A	N/A	100	100	/	39	100
1.11	93	100	100	86	85	N/A	100	/	/	95	100	N/A	100	N/A	/	18	100
1.12	91	100	100	86	N/A	N/A	97	/	100	/	N/A	N/A	100	N/A	100	7	/
1.13	88	N/A	100	97	98	100	97	/	/	95	100	93	100	100	100	N/A	100
1.14	88	N/A	0	97	84	N/A	N/A	/	/	95	N/A	100	100	100	/	N/A	97
1.15	89	N/A	100	88	91	N/A	N/A	/	100	95	100	87	100	N/A	/	N/A	93
1.16	89	N/A	100	100	100	N/A	N/A	/	100	100	N/A	55	100	N/A	100	N/A	90"""
POLICE_2023_24 = [  # section, measure, current, previous (seed 001 lines 1760-1800)
    ("Missing Children", "Number of Missing Children", 105, 98),
    ("Missing Children", "Number of Missing Children Reports", 282, 178),
    ("Missing Children", "Number of Repeat Missing Children", 54, 57),
    ("Missing Children", "Number of Children Missing from Care", 8, 6),
    ("Missing Children", "Number of Repeat Children Missing from Care", 2, 3),
    ("Safety and Anti-Bullying", "Number of Child Suspects of Crimes", 590, 560),
    (
        "Safety and Anti-Bullying",
        "Number of Domestic Abuse Incidents (Excluding Crimes)",
        944,
        1043,
    ),
    ("Safety and Anti-Bullying", "Number of Domestic Abuse Crimes", 1926, 1696),
    ("Safety and Anti-Bullying", "Number of Domestic Abuse Crimes - Victim Age 16 - 17", 46, 37),
    ("Safety and Anti-Bullying", "Number of Child Victims of Crimes", 908, 719),
    ("Safety and Anti-Bullying", "Number of Child Victims of Race Hate Crimes", 26, 28),
    ("Child Sexual Exploitation", "Number of Child Sexual Exploitation Crimes", 72, 129),
    (
        "Child Protection",
        "Number of Child Protection Crime (excluding Domestic Abuse Crimes)",
        339,
        303,
    ),
    ("Child Protection", "Number of Child Protection Serious Sexual Offences", 94, 67),
    ("Child Protection", "Number of Non-Familial Sexual Crimes - Child Victim", 145, 107),
    (
        "Child Protection",
        "Number of Child Protection Crimes for Cruelty and Neglect of Children",
        172,
        64,
    ),
]
# measure: (unit, 2023-24, 2022-23), seed 001 lines 1730-1760. The 2022-23 figures the 2023-24
# report quotes are as published (ADULTS_PUBLISHED_2022_23); the others are synthetic, s42(2)
# enquiries at the 21% of concerns the report says the conversion rate "remained at".
ADULTS = {
    "Safeguarding concerns received": ("count", 1603, 1654),
    "People the concerns were about": ("count", 1086, 1121),  # synthetic
    "Concerns progressing to s42(2) enquiries": ("count", 343, 347),  # synthetic
    "Concerns progressing to s42(1) enquiries": ("count", 673, 809),
    "Concerns not meeting the Care Act s42(1) criteria": ("count", 517, 498),  # synthetic
    "Closed s42(2) enquiries": ("count", 322, 331),  # synthetic
    "Closed s42(2) enquiries: adult asked and outcome expressed (%)": ("percent", 81, 57),
    "Closed s42(2) enquiries: outcomes fully achieved (%)": ("percent", 59, 77),
    "Decisions within 4 days of the concern (%)": ("percent", 57, 42),
    "Planning meetings within 10 days (%)": ("percent", 23, 20),  # synthetic
}
ADULTS_PUBLISHED_2022_23 = (
    "Safeguarding concerns received",
    "Concerns progressing to s42(1) enquiries",
    "Closed s42(2) enquiries: adult asked and outcome expressed (%)",
    "Closed s42(2) enquiries: outcomes fully achieved (%)",
    "Decisions within 4 days of the concern (%)",
)
ADULTS_2021_22 = {  # as the 2023-24 report quotes them (seed 001 lines 1719 and 1738)
    "Safeguarding concerns received": 1021,
    "Closed s42(2) enquiries: adult asked and outcome expressed (%)": 70,
}
# measure: (unit, 2023-24 as published, 2022-23 synthetic): plans at 31 March and those over
# 18 months (line 1695); the share of child protection enquiries reaching an initial
# conference, which the report gives as a range, "between 34% and 45%" (line 1695)
CHILD_PROTECTION = {
    "Children subject of a child protection plan at 31 March": ("count", 141, 152),
    "of whom subject of a plan for more than 18 months": ("count", 9, 11),
    f"{CONFERENCE}: lowest (%)": ("percent", 34, 31),
    f"{CONFERENCE}: highest (%)": ("percent", 45, 47),
}
CHILD_IN_NEED = {  # 82% step down (line 1677); 2022-23 synthetic
    "Children with a child in need service who step down from children's social care (%)": (
        "percent",
        82,
        79,
    ),
}
# section, measure, current, previous, fourth quarter: the constabulary's commentary (lines
# 1798-1810), None where it gives no figure. Custody: the report gives 70 children, then says
# "these 74" (data/bcssp/README.md); the return holds the 70 it gives as the count.
POLICE_ACTIVITY_2023_24 = [
    (CONFERENCES, HELD, 78, None, None),
    (CONFERENCES, INVITED, None, None, 17),
    (CONFERENCES, ATTENDED, 78, None, 17),
    (PROTECTION, FORCE, 384, 317, None),
    (PROTECTION, LINKED, 41, 45, None),
    (PROTECTION, UNLINKED, 27, 15, None),
    (CUSTODY, ARRESTED, 70, None, 1),
    (CUSTODY, CHARGED, 8, None, 0),
]
# 2022-23: the police protection figures for its last 12 months are the 2023-24 return's
# previous 12 months; every other figure is synthetic
POLICE_ACTIVITY_2022_23 = [
    (CONFERENCES, HELD, 85, None, None),
    (CONFERENCES, INVITED, None, None, 21),
    (CONFERENCES, ATTENDED, 83, None, 20),
    (PROTECTION, FORCE, 317, 296, None),
    (PROTECTION, LINKED, 45, 38, None),
    (PROTECTION, UNLINKED, 15, 11, None),
    (CUSTODY, ARRESTED, 77, None, 3),
    (CUSTODY, CHARGED, 10, None, 1),
]
# Children in need and looked after at each quarter end, 2022-23 then 2023-24 (synthetic).
# Children in need rise through both years (report text, line 1695); children looked after rise
# in 2022-23 and come down slightly in 2023-24 (line 1703). Each year's last figure for children
# looked after is the published number in care at 31 March (IRO annual report 2024-25, seed 002
# line 779: 228 in March 2023, 217 in March 2024).
CHILDREN_IN_NEED = {"2022-23": (362, 371, 379, 386), "2023-24": (393, 404, 418, 429)}
LOOKED_AFTER = {"2022-23": (205, 213, 221, 228), "2023-24": (226, 224, 219, 217)}


def header_block(sheet, title: str, agency: str, period: str, note: str) -> None:
    for row in (("Return", title), ("Agency", agency), ("Period", period), ("Note", note), ()):
        sheet.append(list(row))


def save(book: Workbook, path: Path) -> None:
    """Save with every date FIXED: openpyxl stamps zip entries and "modified" with the time."""
    buffer = io.BytesIO()
    book.save(buffer)
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=FIXED.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":  # openpyxl sets "modified" to now
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + STAMP.encode(), content
                )
            target.writestr(fixed, content)


def workbook() -> Workbook:
    book = Workbook()
    book.properties.created = book.properties.modified = FIXED
    book.properties.creator = "council_reports.synthetic.bcssp_returns"
    return book


def add_sheet(
    book: Workbook, name: str, block: tuple[str, str, str, str], header: list[str], rows
) -> None:
    """A sheet as partners send it: the header block (return, agency, period, note), then the
    table. The workbook's first, empty sheet is used first."""
    sheet = book.active if book.active.title == "Sheet" else book.create_sheet(name)
    sheet.title = name
    header_block(sheet, *block)
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))


def kpi_return(folder: Path, period: str, rows: list[list[str]], note: str) -> None:
    book = workbook()
    add_sheet(
        book,
        "Training KPIs",
        ("BCSSP training KPI return", "BCSSP (collated from partners)", period, note),
        ["KPI", "Target %", *AGENCIES],
        ([r[0], TARGETS[r[0]], *[int(v) if v.isdigit() else v for v in r[1:]]] for r in rows),
    )
    save(book, folder / "training_kpis.xlsx")


def csv_return(path: Path, title: str, period: str, note: str, header: list[str], rows) -> None:
    """A CSV return: two header lines (title and period, then the note), the table."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["# " + title, period])
        writer.writerow(["# " + note, ""])
        writer.writerow(header)
        writer.writerows(["" if v is None else v for v in row] for row in rows)


def police_return(folder: Path, period: str, rows, note: str) -> None:
    csv_return(
        folder / "police.csv",
        "Avon & Somerset Constabulary: 12-month rolling figures for B&NES",
        period,
        note,
        ["section", "measure", "current", "previous"],
        rows,
    )


def police_activity_return(folder: Path, period: str, rows, note: str) -> None:
    csv_return(
        folder / "police_activity.csv",
        "Avon & Somerset Constabulary: child protection activity for B&NES",
        period,
        note,
        ["section", "measure", "current", "previous", "fourth_quarter"],
        rows,
    )


MEASURE_HEADER = ["Measure", "Unit", "Value"]


def adults_return(folder: Path, period: str, values: dict, note: str) -> None:
    """Each measure with the figure for the year before where one is published (else blank)."""
    book = workbook()
    add_sheet(
        book,
        "Safeguarding adults",
        ("Safeguarding adults return", "B&NES Council Adult Social Care", period, note),
        [*MEASURE_HEADER, "Year before"],
        ((measure, unit, value, before) for measure, (unit, value, before) in values.items()),
    )
    save(book, folder / "adult_safeguarding.xlsx")


CSC_AGENCY = "B&NES Children's Social Care"
CHART_NOTE = (
    "SYNTHETIC: the annual report shows these figures only as charts; made up to be "
    "consistent with its text (see data/bcssp/README.md)."
)
SOURCES = ("Police", "Schools", "Health", "Local authority services", "Individuals", "Other")


def apportion(total: int, weights: tuple[float, ...]) -> list[int]:
    """Whole numbers in proportion to ``weights`` that add up to ``total`` exactly (largest
    remainders), so a breakdown by quarter adds to the same total as the breakdown by source."""
    shares = [total * w / sum(weights) for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def children_return(folder: Path, period: str, year: int, note: str, scale: float) -> None:
    """Child protection and child in need step-down (``year``: 0 for 2023-24's figures, 1 for
    2022-23's), and the contacts, referrals, children in need and looked after charts
    (synthetic), each on its own sheet with its own header block. Contacts and referrals add to
    the same totals by source and by quarter, and contacts by outcome to the same number of
    contacts."""
    book = workbook()
    block = (CSC_AGENCY, period, CHART_NOTE)
    for sheet, measures in (
        ("Child protection", CHILD_PROTECTION),
        ("Child in need plans", CHILD_IN_NEED),
    ):
        add_sheet(
            book,
            sheet,
            ("Children's social care return", CSC_AGENCY, period, note),
            MEASURE_HEADER,
            ((measure, unit, values[year]) for measure, (unit, *values) in measures.items()),
        )
    # Police the largest source; schools and police convert best (report text, line 1690).
    contacts = [round(n * scale) for n in (2150, 1480, 1120, 640, 560, 700)]
    conversion = (0.17, 0.19, 0.12, 0.10, 0.08, 0.09)
    referrals = [round(n * r) for n, r in zip(contacts, conversion, strict=True)]
    add_sheet(
        book,
        "Contacts",
        ("Contacts by source", *block),
        ["Source", "Contacts", "Referrals"],
        zip(SOURCES, contacts, referrals, strict=True),
    )
    # Advice the main outcome; only 15% of new contacts go on to assessment (line 1683).
    total = sum(contacts)
    outcomes = {
        "Advice and information": round(total * 0.46),
        "Early help": round(total * 0.22),
        "Assessment by children's social care": round(total, -1) * 15 // 100,
    }
    outcomes["No further action"] = total - sum(outcomes.values())
    add_sheet(
        book,
        "Contact outcomes",
        ("Contacts by outcome", *block),
        ["Outcome", "Contacts"],
        outcomes.items(),
    )
    # Conversion falls in the last two quarters while contacts stay level (line 1689).
    quarters = ("Q1", "Q2", "Q3", "Q4")
    shares, rates = (0.25, 0.24, 0.26, 0.25), (0.16, 0.16, 0.13, 0.12)
    add_sheet(
        book,
        "Referrals by quarter",
        ("Contacts and referrals by quarter", *block),
        ["Quarter", "Contacts", "Referrals"],
        zip(
            quarters,
            apportion(total, shares),
            apportion(sum(referrals), tuple(s * r for s, r in zip(shares, rates, strict=True))),
            strict=True,
        ),
    )
    add_sheet(
        book,
        "Children in need",
        ("Children in need and looked after at each quarter end", *block),
        ["Quarter", "Children in need", "Children looked after"],
        zip(quarters, CHILDREN_IN_NEED[period], LOOKED_AFTER[period], strict=True),
    )
    save(book, folder / "childrens_social_care.xlsx")


def write(root: Path) -> None:
    """Write both periods' returns under ``root``."""
    rng = random.Random(202223)
    current = root / "2023-24"
    current.mkdir(parents=True, exist_ok=True)
    published = "Figures as published in the BCSSP annual report 2023-24."
    kpis = [line.split("\t") for line in KPIS_2023_24.splitlines()]
    kpi_return(current, "2023-24", kpis, published)
    police_return(current, "2023-24", POLICE_2023_24, published)
    police_activity_return(current, "2023-24", POLICE_ACTIVITY_2023_24, published)
    adults_return(
        current,
        "2023-24",
        {
            m: (u, v, before if m in ADULTS_PUBLISHED_2022_23 else None)
            for m, (u, v, before) in ADULTS.items()
        },
        published,
    )
    children_return(current, "2023-24", 0, published, 1.0)

    previous = root / "2022-23"
    previous.mkdir(parents=True, exist_ok=True)
    mixed = (
        "SYNTHETIC where the 2023-24 report quotes no 2022-23 figure (see data/bcssp/"
        "README.md); the rest as published."
    )
    synthetic_kpis = [
        [
            row[0],
            *[
                v if not v.isdigit() else str(min(100, max(0, int(v) + rng.randint(-12, 8))))
                for v in row[1:]
            ],
        ]
        for row in kpis
    ]
    kpi_return(previous, "2022-23", synthetic_kpis, "SYNTHETIC: made up for testing.")
    police_previous = [
        (s, m, previous_value, round(previous_value * rng.uniform(0.8, 1.2)))
        for s, m, _, previous_value in POLICE_2023_24
    ]
    police_return(
        previous,
        "2022-23",
        police_previous,
        "Current = previous 12 months of the 2023-24 return; previous is SYNTHETIC.",
    )
    police_activity_return(
        previous,
        "2022-23",
        POLICE_ACTIVITY_2022_23,
        "Current police protection figures = previous 12 months of the 2023-24 return; "
        "everything else is SYNTHETIC.",
    )
    adults_return(
        previous,
        "2022-23",
        {m: (u, v, ADULTS_2021_22.get(m)) for m, (u, _, v) in ADULTS.items()},
        mixed,
    )
    children_return(
        previous,
        "2022-23",
        1,
        "SYNTHETIC: made up for testing.",
        0.97,  # "a small increase in contacts" in 2023-24 over 2022-23
    )


if __name__ == "__main__":
    main(write, "data/bcssp", __doc__)
