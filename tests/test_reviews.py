"""Review timeliness (measures/reviews.py), worked by hand from regulation 33 of the Care
Planning, Placement and Case Review (England) Regulations 2010."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from council_reports.measures import reviews as rv
from council_reports.validate.ssda903 import load_ssda903_years

ROOT = Path(__file__).resolve().parents[1]


def test_working_days_skip_weekends_and_bank_holidays():
    assert rv.add_working_days(date(2024, 12, 20), 20) == date(2025, 1, 22)  # Christmas, New Year
    assert rv.add_working_days(date(2024, 4, 1), 20) == date(2024, 4, 29)  # from Easter Monday
    assert not rv.is_working_day(date(2025, 5, 5))  # early May bank holiday


def test_due_dates_first_20_working_days_then_3_then_6_months():
    held = [date(2024, 4, 20), date(2024, 7, 19), date(2025, 1, 10)]
    assert rv.due_dates(date(2024, 4, 1), held) == [
        date(2024, 4, 29),
        date(2024, 7, 20),
        date(2025, 1, 19),
    ]
    assert rv.due_dates(date(2024, 11, 1), [date(2024, 11, 29), date(2025, 2, 28)])[1] == date(
        2025, 2, 28
    )


def test_timeliness_uses_the_actual_previous_review_and_the_latest_period():
    reviews = pd.DataFrame(
        {
            "CHILD": ["A"] * 4,
            "REVIEW": pd.to_datetime(["2024-04-20", "2024-07-25", "2025-01-20", "2025-03-20"]),
        }
    )
    periods = pd.DataFrame(
        {"CHILD": ["A", "A"], "start": pd.to_datetime(["2024-04-01", "2025-03-01"])}
    )
    timed = rv.timeliness(reviews, periods)
    # second review 25 July is after 20 July (late); the third is due 6 months after 25 July;
    # the review in the new period is its first, due 20 working days after 1 March
    assert timed["on_time"].tolist() == [True, False, True, True]


def test_a_period_begun_before_the_data_is_judged_from_its_second_review():
    reviews = pd.DataFrame(
        {"CHILD": ["B"] * 3, "REVIEW": pd.to_datetime(["2020-05-01", "2020-11-01", "2021-06-01"])}
    )
    timed = rv.timeliness(reviews, pd.DataFrame({"CHILD": [], "start": pd.to_datetime([])}))
    # no start in the data: 1 May cannot be judged; 1 November is within 6 months of it,
    # 1 June 2021 is not
    assert timed["REVIEW"].dt.date.tolist() == [date(2020, 11, 1), date(2021, 6, 1)]
    assert timed["on_time"].tolist() == [True, False]


def test_published_review_figures_from_the_903():
    returns = load_ssda903_years(ROOT / "data" / "iro" / "ssda903")
    reviews, starts = rv.reviews_and_periods(returns)
    timed = rv.timeliness(reviews, starts)
    quarters = rv.by_quarter(timed, 2024).set_index("Quarter")
    assert tuple(quarters.loc["Year", ["Reviews", "On time"]]) == (501, 467)
    # Q1 and Q4 had the most reviews out of timescale (report 7.12)
    late = quarters["Reviews"] - quarters["On time"]
    assert set(late.drop("Year").nlargest(2).index) == {"Q1", "Q4"}
    year_before = rv.by_quarter(timed, 2023).set_index("Quarter").loc["Year", "% on time"]
    assert round(year_before) == 71  # "compared to 71% in 2023-2024" (report 15.1)
    taking_part = rv.participation(reviews, 2024)
    assert taking_part.sum() == 501
    assert not any(label.startswith("PN") for label in taking_part.index)  # words, not codes
    included = taking_part[[rv.PARTICIPATION[code] for code in ("PN1", "PN2", "PN3")]].sum()
    assert round(included / 501 * 100) == 62  # as published; PN7 is 47 (9.4%, printed 9.3%)


def test_drp_by_quarter_and_stage_and_the_rate_per_10000():
    from council_reports.reports.iro import measures as drp
    from council_reports.reports.iro.service_records import read_drp_log, read_population

    service = ROOT / "data" / "iro" / "service"
    stages = drp.by_quarter_and_stage(read_drp_log(service / "drp_log.csv"), 2024)
    table = stages.set_index("Quarter")
    assert table.loc["Q3"].tolist() == [8, 10, 5, 1, 0, 24]  # as published
    assert table.loc["Q4"].tolist() == [14, 5, 3, 7, 1, 30]
    # the log began in October 2024: Q1 and Q2 were not recorded, so they are not shown as 0
    assert table.index.tolist() == ["Q3", "Q4", "Total"]
    assert table.loc["Total", "Total"] == 54
    log = read_drp_log(service / "drp_log.csv")
    assert drp.covered_quarters(log, 2025) == []  # no entry for the year yet: not zero uses
    assert drp.covered_quarters(log, 2023) == []  # before the log began: nothing, not zeros
    later = log.assign(raised=log["raised"] + pd.DateOffset(years=1))
    assert drp.covered_quarters(pd.concat([log, later]), 2025) == ["Q1", "Q2", "Q3", "Q4"]
    assert drp.by_quarter_and_stage(log, 2023).empty
    assert drp.covered_quarters(log.loc[log["raised"].dt.month <= 3], 2024) == ["Q4"]
    population = read_population(service / "population.csv")
    assert round(drp.rate_per_10000(220, population.loc["800", "population_0_17"])) == 60


def test_a_bad_drp_stage_is_one_line(tmp_path):
    import pytest

    from council_reports.errors import DataError
    from council_reports.reports.iro.service_records import read_drp_log

    source = (ROOT / "data" / "iro" / "service" / "drp_log.csv").read_text().splitlines()
    parts = source[3].split(",")
    parts[2] = "6"
    source[3] = ",".join(parts)
    path = tmp_path / "drp_log.csv"
    path.write_text("\n".join(source) + "\n")
    with pytest.raises(DataError, match=r"drp_log.csv:4:stage: stage '6' is not a DRP stage"):
        read_drp_log(path)


def test_review_records_and_disability_as_published():
    from council_reports.reports.iro.data import service_records

    service = service_records(ROOT / "data" / "iro")
    records = rv.records_by_quarter(service.review_records, 2024).set_index("Quarter")
    assert [round(records.loc[q, "% on time"]) for q in ("Q2", "Q3", "Q4")] == [42, 35, 44]
    returns = load_ssda903_years(ROOT / "data" / "iro" / "ssda903")
    from council_reports.measures import looked_after as m

    in_care = m.looked_after_on(returns["2024-25"], pd.Timestamp(2025, 3, 31))
    disabled = in_care.merge(service.disability, on="CHILD").query("DISABLED == 'Y'")
    assert len(disabled) == 37 and round(len(disabled) / len(in_care) * 100) == 17
    assert ((disabled["LS"] == "V2") & (disabled["CIN"] == "N2")).sum() == 13
    assert (disabled["LS"] == "C2").sum() == 20 and (disabled["LS"] == "E1").sum() == 3


def test_working_days_count_back_too():
    # 3 working days before Tuesday 22 April 2025: Good Friday and Easter Monday are skipped
    assert rv.add_working_days(date(2025, 4, 22), -3) == date(2025, 4, 15)
    assert rv.add_working_days(date(2025, 4, 22), 0) == date(2025, 4, 22)


def test_review_records_within_20_working_days_of_the_review():
    records = pd.DataFrame(
        {
            "CHILD": ["A", "B", "C"],
            "REVIEW": pd.to_datetime(["2025-04-01", "2025-04-01", "2025-07-10"]),
            "DISTRIBUTED": pd.to_datetime(["2025-05-01", "2025-05-02", None]),
        }
    )
    table = rv.records_by_quarter(records, 2025).set_index("Quarter")
    # 20 working days after Tuesday 1 April 2025, skipping Good Friday (18 April) and Easter
    # Monday (21 April), is Thursday 1 May: A is on time, B a day late; C was never sent
    assert table.loc["Q1", ["Reviews", "On time"]].tolist() == [2, 1]
    assert table.loc["Q2", ["Reviews", "On time"]].tolist() == [1, 0]
    assert round(table.loc["Year", "% on time"], 1) == 33.3


def test_targets_as_published_and_checked(tmp_path):
    import pytest

    from council_reports.errors import DataError
    from council_reports.reports.iro.data import TARGET_MEASURES
    from council_reports.reports.iro.service_records import read_targets

    path = ROOT / "data" / "iro" / "service" / "targets.csv"
    targets = read_targets(path, TARGET_MEASURES).set_index(["measure", "year"])["target"]
    assert targets["reviews_on_time_share", "2025-26"] == 90
    assert targets["records_on_time_share", "2025-26"] == 75
    assert targets["records_on_time_share", "2024-25"] == 85
    assert targets["sw_reports_on_time_share", "2025-26"] == 90
    bad = tmp_path / "targets.csv"
    bad.write_text(
        path.read_text().replace("sw_reports_on_time_share,2025-26,90", "sw_reports,2025-26,90")
    )
    with pytest.raises(
        DataError, match=r"targets.csv:6:measure: measure 'sw_reports' is not a measure"
    ):
        read_targets(bad, TARGET_MEASURES)


def test_internal_audit_and_areas_for_development_as_published(tmp_path):
    import pytest

    from council_reports.errors import DataError
    from council_reports.reports.iro.service_records import read_statements

    service = ROOT / "data" / "iro" / "service"
    audit = read_statements(service / "internal_audit.csv", ("assessment", "objective", "overall"))
    assert audit["assessment"].tolist() == ["Good", "Excellent", "Good"]  # report 14.2
    areas = read_statements(service / "development_areas.csv", ("area", "action"))
    assert (areas["year"] == "2025-26").sum() == 10  # report 16
    bad = tmp_path / "internal_audit.csv"
    bad.write_text(
        (service / "internal_audit.csv").read_text().replace("\n2024-25,Excellent", "\n2024-25, ")
    )
    with pytest.raises(DataError, match=r"internal_audit.csv:3:assessment: assessment is blank"):
        read_statements(bad, ("assessment", "objective", "overall"))
