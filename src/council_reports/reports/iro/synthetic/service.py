"""The IRO service's own records for 2024-25 (what the 903 does not hold), synthetic but for the
figures the IRO annual report 2024-25 publishes: the dispute resolution protocol (DRP) log by
quarter and stage (seed 002 lines 1004-1015), with social work reports the most frequent
reason (25); the population that gives the published rate of 60 children in care per 10,000;
the IROs' staffing by quarter (the leavers, recruit, agency cover and the 74 children who
needed a new IRO are published, the full-time equivalents are not); and midway reviews (when
they were paused is published, the numbers are not). SYNTHETIC.txt lists what is made up.

    python -m council_reports.reports.iro.synthetic.service data/iro/service
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from ....synthetic import main

SEED = 2425
DRP_STAGES = {  # quarter start: counts at stages 1-5, as published
    date(2024, 10, 1): (8, 10, 5, 1, 0),
    date(2025, 1, 1): (14, 5, 3, 7, 1),
}
REASONS = {  # the published categories (presentation); only the top one's count (25) is published
    "No social work report": 25,
    "Care planning": 12,
    "Frequency of visits": 6,
    "Outstanding recommendations, assessment or pathway plan": 5,
    "Recording": 4,
    "Repeat concerns": 2,
}
# B&NES: population aged 0-17 chosen so that 220 children in care is 60 per 10,000 (ONS
# mid-year estimates give about this; replace with the published figure when it is added).
# England's rates are in national.csv, as the DfE publishes them.
POPULATION = (
    ("800", "Bath and North East Somerset", "36700", "", "synthetic: gives the published rate"),
)
STAFFING_SOURCE = "IRO annual report 2024-25, 5.5 and 7.12; full-time equivalents synthetic"
# 2024-25 by quarter: IROs in post at the quarter's end (full-time equivalents, synthetic), and
# as published: two Independent Chairs left in December 2024 and a third in January 2025; one
# post was filled and an agency worker covered the other; 74 children needed a new IRO.
STAFFING = (
    ("Q1", "6.0", "0", "0", "0", "0"),
    ("Q2", "6.0", "0", "0", "0", "0"),
    ("Q3", "4.0", "2", "0", "0", "0"),
    ("Q4", "5.0", "1", "1", "1", "74"),
)
MIDWAY_SOURCE = "IRO annual report 2024-25, 7.13-7.15: paused in Q4; numbers synthetic"
# Midway reviews due and completed in 2024-25 (synthetic); paused in Q4 (published).
MIDWAY = (
    ("Q1", "in place", "96", "58"),
    ("Q2", "in place", "101", "55"),
    ("Q3", "in place", "98", "49"),
    ("Q4", "paused", "", ""),
)
SYNTHETIC_NOTES = """\
# The files in this folder that hold made-up figures, one a line: the file, then what is made
# up. Every table and chart they feed is captioned "(synthetic data)". Written by
# council_reports.synthetic.iro_service; see data/iro/README.md.
drp_log.csv: dates, and reasons but the top one's count (counts by quarter and stage published)
population.csv: the population aged 0-17, chosen to give the published rate per 10,000
staffing.csv: full-time equivalents (leavers, recruit, agency cover, reallocations published)
midway_reviews.csv: reviews due and completed (the pause in Q4 is published)
disability.csv: which children are disabled (the counts by legal status are published)
review_records.csv: when each record was distributed (the % on time in Q2 to Q4 is published)
"""


def _write_csv(path: Path, header: list[str], rows: list[list[str]] | tuple) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write(root: Path) -> None:
    rng = random.Random(SEED)
    root.mkdir(parents=True, exist_ok=True)
    reasons = [reason for reason, n in REASONS.items() for _ in range(n)]
    rng.shuffle(reasons)
    rows = []
    for quarter, stages in DRP_STAGES.items():
        for stage, count in enumerate(stages, start=1):
            for _ in range(count):
                raised = quarter + timedelta(days=rng.randint(0, 88))
                resolved = raised + timedelta(days=rng.randint(2, 60))
                rows.append((raised, stage, reasons.pop(), resolved))
    rows.sort()
    _write_csv(
        root / "drp_log.csv",
        ["drp_id", "raised", "stage", "reason", "resolved"],
        [
            [
                f"DRP{number:03d}",
                raised.strftime("%d/%m/%Y"),
                str(stage),
                reason,
                resolved.strftime("%d/%m/%Y"),
            ]
            for number, (raised, stage, reason, resolved) in enumerate(rows, start=1)
        ],
    )
    _write_csv(
        root / "population.csv",
        ["area_code", "area_name", "population_0_17", "published_rate", "source"],
        POPULATION,
    )
    _write_csv(
        root / "staffing.csv",
        ["year", "quarter", "fte", "left", "joined", "agency", "reallocated", "source"],
        [["2024-25", *row, STAFFING_SOURCE] for row in STAFFING],
    )
    _write_csv(
        root / "midway_reviews.csv",
        ["year", "quarter", "status", "due", "completed", "source"],
        [["2024-25", *row, MIDWAY_SOURCE] for row in MIDWAY],
    )
    (root / "SYNTHETIC.txt").write_text(SYNTHETIC_NOTES, encoding="utf-8")


if __name__ == "__main__":
    main(write, "data/iro/service", __doc__)
