"""The IRO service's own records for 2024-25 (what the 903 does not hold), synthetic but for the
figures the IRO annual report 2024-25 publishes: the dispute resolution protocol (DRP) log by
quarter and stage (seed 002 lines 1004-1015), with social work reports the most frequent
reason (25), and the population that gives the published rate of 60 children in care per
10,000.

    python -m council_reports.synthetic.iro_service data/iro/service
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from . import main

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
# England: the rate the DfE publishes (67 per 10,000), kept as published.
POPULATION = (
    ("800", "Bath and North East Somerset", "36700", "", "synthetic: gives the published rate"),
    ("E92000001", "England", "", "67", "DfE, Children looked after in England 2025"),
)


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
    with (root / "drp_log.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["drp_id", "raised", "stage", "reason", "resolved"])
        for number, (raised, stage, reason, resolved) in enumerate(rows, start=1):
            writer.writerow(
                [
                    f"DRP{number:03d}",
                    raised.strftime("%d/%m/%Y"),
                    stage,
                    reason,
                    resolved.strftime("%d/%m/%Y"),
                ]
            )
    with (root / "population.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["area_code", "area_name", "population_0_17", "published_rate", "source"])
        writer.writerows(POPULATION)
    (root / "SYNTHETIC.txt").write_text(
        "SYNTHETIC except the published DRP counts by quarter and stage, the top DRP reason's "
        "count, England's published rate and targets.csv (the service's published targets). "
        "drp_log.csv and population.csv are made by council_reports.synthetic.iro_service; "
        "disability.csv, review_records.csv and sw_reports.csv, which name the synthetic "
        "children, by council_reports.synthetic.ssda903.\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main(write, "data/iro/service", __doc__)
