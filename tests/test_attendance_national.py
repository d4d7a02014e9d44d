"""Attendance for any LA in England from data/national, checked against the files themselves
(read here with the csv module, not the loader): a sample of LAs' headline figures, B&NES's
packs' figures kept beside the national ones, the neighbour average and place worked by hand,
a reorganised LA's trend broken, a year the Department has not published exclusions for, the
LAs the command line offers, and the IRO report's national picture."""

from __future__ import annotations

import csv
from functools import cache

import pytest

from council_reports.batch import select
from council_reports.ledger import Ledger
from council_reports.measures.benchmarks import could_be_the_same
from council_reports.numbers import ordinal
from council_reports.periods import Period
from council_reports.present.charts import line_chart
from council_reports.project import Project
from council_reports.reports.attendance.content import Attendance
from council_reports.reports.attendance.data import coverage
from council_reports.reports.iro.content import IroReport
from tests.conftest import DATA, make_target
from tests.test_attendance_report import plain

NATIONAL = DATA / "national"
ATTENDANCE = DATA / "attendance"
ENGLAND = "E92000001"
# LAs across England (B&NES is checked against its packs below): Birmingham, Leeds, Kent,
# Cornwall, the Isles of Scilly (withheld figures), Tower Hamlets, North Northamptonshire and
# Cumberland (formed by reorganisations).
SAMPLE = ("330", "383", "886", "908", "420", "211", "940", "942")
HEADLINES = {  # fact key: (national file, column)
    "overall": ("absence", "sess_overall_percent"),
    "authorised": ("absence", "sess_authorised_percent"),
    "unauthorised": ("absence", "sess_unauthorised_percent"),
    "pa": ("absence", "enrolments_pa_10_exact_percent"),
    "severe": ("absence", "enrolments_pa_50_exact_percent"),
    "susp": ("exclusions", "susp_rate"),
    "pex": ("exclusions", "perm_excl_rate"),
}


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    with (NATIONAL / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


def published(name: str, column: str, area: str, time_period: str) -> str | None:
    """A figure as the national file writes it (None when it has no row)."""
    for row in rows(name):
        code = row["old_la_code"] or row["region_code"] or row["country_code"]
        if code == area and row["time_period"] == time_period:
            return row[column]
    return None


@cache
def recorded(la: str, period: str) -> Ledger:
    facts = Ledger()
    content = Attendance(make_target("attendance", period, ATTENDANCE, la=la))
    for word, text in content.words().items():
        facts.word(word, text, label=word, source="test")
    content.record(facts)
    return facts


def number(text: str | None) -> float | str | None:
    try:
        return float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return text


@pytest.mark.slow
@pytest.mark.parametrize("period", ["2023-24", "2024-25"])
@pytest.mark.parametrize("la", SAMPLE)
def test_headline_figures_are_the_las_published_ones(la, period):
    """Absence in the report's year; suspensions and exclusions in the latest year published
    (2023/24 for a 2024-25 report: the Department has not published 2024/25's)."""
    facts = recorded(la, period)
    region = next(r["region_code"] for r in rows("absence") if r["old_la_code"] == la)
    for key, (name, column) in HEADLINES.items():
        year = Period.parse(period) if name == "absence" else Period(2023)
        for suffix, area in (("la", la), ("region", region), ("england", ENGLAND)):
            expected = number(published(name, column, area, year.time_period))
            assert facts[f"{key}_{suffix}"].value == expected, (la, period, key, suffix)
    assert facts["exclusions_year"].text() == "2023/24"
    assert facts["exclusions_lag"].value is (period == "2024-25")


@pytest.mark.slow
def test_b_and_nes_keeps_its_packs_figures_and_is_compared_on_the_national_ones():
    facts = recorded("800", "2023-24")
    assert facts["pa_la"].text() == "18.3%"  # as the October 2025 pack printed it
    assert facts["pa_sn_la"].text() == "18.28%"  # LAIT's, the neighbours' vintage
    assert facts["susp_la"].text() == "13.03"


@pytest.mark.slow
def test_the_neighbours_average_and_place_worked_by_hand():
    """B&NES's ten neighbours (May 2025 model) and their persistent absence in 2023/24, from
    the files: the average is the mean of those with a figure, the place counts the lower."""
    neighbours = [
        r["neighbour_la_code"]
        for r in csv.DictReader((NATIONAL / "statistical_neighbours.csv").open(encoding="utf-8"))
        if r["old_la_code"] == "800"
    ]
    assert neighbours == ["816", "358", "919", "356", "938", "314", "825", "931", "873", "916"]
    column = "enrolments_pa_10_exact_percent"
    theirs = [float(published("absence", column, code, "202324")) for code in neighbours]
    own = float(published("absence", column, "800", "202324"))
    facts = recorded("800", "2023-24")
    assert facts["pa_sn_average"].value == pytest.approx(sum(theirs) / len(theirs))
    place = 1 + sum(1 for value in theirs if value < own)
    assert facts["pa_sn_rank"].text() == f"{ordinal(place)} lowest of 11"
    assert facts["pa_sn_missing"].text() == "none"


@pytest.mark.slow
def test_a_reorganised_la_s_trend_breaks_and_says_why():
    """North Northamptonshire (940) from 2021/22; Northamptonshire (928) until 2020/21, as a
    line of its own; no line across 2019/20, when no figures were collected."""
    content = Attendance(make_target("attendance", "2023-24", ATTENDANCE, la="940"))
    figure = content.build("figure", "absence-trend")
    data = next(iter(figure.spec["datasets"].values()))
    years = figure.spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert years[0] == "2015/16" and "2019/20" in years
    runs: dict[tuple[str, int], list[str]] = {}
    for point in data:
        runs.setdefault((point["series"], point["__run"]), []).append(point["year"])
    for (series, _), run in runs.items():  # each line joins only consecutive years
        positions = [years.index(year) for year in run]
        assert positions == list(range(positions[0], positions[0] + len(positions))), series
    own = [
        year
        for (series, _), run in runs.items()
        if series == "North Northamptonshire"
        for year in run
    ]
    former = [
        year
        for (s, _), run in runs.items()
        if s == "Northamptonshire (until 2020/21)"
        for year in run
    ]
    assert own == ["2021/22", "2022/23", "2023/24"]
    assert former[-1] == "2020/21" and "2019/20" not in former
    facts = recorded("940", "2023-24")
    assert facts["reorganised"].value is True
    assert "divided between North and West Northamptonshire" in facts["reorganisation"].text()
    assert facts["pa_trend_gaps"].text() == "2019/20"


def test_a_line_never_crosses_a_year_without_a_figure():
    frame = {
        "year": ["2018/19", "2019/20", "2020/21", "2018/19", "2019/20", "2020/21"],
        "area": ["A", "A", "A", "England", "England", "England"],
        "value": [1.0, float("nan"), 2.0, 1.5, 1.6, 1.7],
    }
    import pandas as pd

    figure = line_chart(
        pd.DataFrame(frame),
        id="t",
        caption="c",
        title="t",
        x="year",
        series="area",
        value="value",
        unit="%",
        decimals=1,
    )
    data = next(iter(figure.spec["datasets"].values()))
    a = {point["__run"] for point in data if point["area"] == "A"}
    assert len(a) == 2  # two lines for A, either side of 2019/20
    assert figure.spec["layer"][0]["encoding"]["detail"] == {"field": "__run", "type": "nominal"}
    assert "No figure for 2019/20." in figure.alt


@pytest.mark.parametrize(
    ("first", "places", "second", "second_places", "same"),
    [
        (5.1, 1, 5.15, 2, True),  # 5.148 rounds to both
        (18.3, 1, 18.28, 2, True),
        (18.8, 1, 20.7, 1, False),
        (41.4, 1, 41.6, 1, False),
        (0.1, 2, 0.10217, 5, True),
    ],
)
def test_a_figure_given_to_more_places_is_not_a_revision(
    first, places, second, second_places, same
):
    assert could_be_the_same(first, places, second, second_places) is same


@pytest.mark.slow
def test_the_packs_figures_the_department_has_revised_are_listed():
    content = Attendance(make_target("attendance", "2023-24", ATTENDANCE, la="800"))
    table = content.build("table", "revisions")
    listed = {(row["Measure"], row["Year"]) for _, row in table.frame.iterrows()}
    assert ("CLA 12 months at 31 March: Persistent absentees percentage", "2023/24") in listed
    assert not [m for m, _ in listed if "Authorised" in m]  # 5.1 against 5.15: the same


@pytest.mark.slow
def test_a_year_without_published_exclusions_builds_and_says_so(built):
    """2024-25: the Department's 2024/25 absence, the latest exclusions (2023/24), and the
    council's own in-year figures beside the published ones, with why they differ."""
    folder = built("attendance", "2024-25", "800", to="html")
    text = plain((folder / "report.html").read_text(encoding="utf-8"))
    assert "has not yet published suspensions and permanent exclusions for 2024/25" in text
    assert "Suspensions and permanent exclusions by area, 2023/24 and 2022/23" in text
    assert "16.79% of pupils in Bath and North East Somerset were persistently absent" in text
    assert "persistent absence was 19.66%; the Department's for the same year is 16.79%" in text
    assert "before the Department had collected the year's figures from schools" in text
    assert "The council's own figures for 2025/26" not in text  # the data holds none
    # each trend's sentence names its own latest year: exclusions lag absence by a year
    assert (
        "Persistent absence in Bath and North East Somerset was 16.79% in 2024/25, against " in text
    )
    assert "was 13.03 suspensions per 100 pupils in 2023/24, against 5.49 in 2015/16." in text


def test_the_command_line_offers_every_la_of_today():
    found = coverage(ATTENDANCE)
    assert len(found["2023-24"]) == 153 and len(found["2024-25"]) == 153
    assert "2019-20" not in found  # no figures were collected
    formers = {"835", "836", "837", "909", "928"}
    assert not formers & {la for las in found.values() for la in las}
    project = Project.locate()
    every = select(project, ["attendance"], la="all", period="2023-24", formats="html")
    assert len(every) == 153
    west_midlands = select(project, ["attendance"], la="E12000005", period="2023-24", formats=None)
    assert "330" in {r.target.la for r in west_midlands} and len(west_midlands) == 14


@pytest.mark.slow
def test_the_iro_national_picture_is_the_published_figures():
    content = IroReport(make_target("iro", "2024-25", DATA / "iro"))
    table = content.build("table", "looked-after-compared")
    frame = table.frame.set_index("Year")
    for year in (2021, 2025):
        row = frame.loc[f"31 March {year}"]
        time_period = f"{year - 1}{str(year)[2:]}"
        name = "children_looked_after"
        for column, area, field in (
            ("Bath and North East Somerset: children", "800", "cla_at_31_march"),
            ("Bath and North East Somerset: per 10,000", "800", "cla_rate_per_10000"),
            ("South West: per 10,000", "E12000009", "cla_rate_per_10000"),
            ("England: per 10,000", ENGLAND, "cla_rate_per_10000"),
        ):
            assert row[column] == float(published(name, field, area, time_period)), column
    # the one column from the SSDA903 return says so; the table says it is made up here
    assert "Bath and North East Somerset: children in the SSDA903 return" in frame.columns
    assert table.synthetic and any("made up" in note for note in table.notes)
    facts = Ledger()
    content.record(facts)
    assert facts["la_cla_rate"].value == 60 and facts["la_cla_rate_vs_england"].text() == "below"
    placements = content.build("table", "placements-compared")
    assert placements.frame.iloc[0]["Bath and North East Somerset"] == float(
        published("cla_placements", "foster_care_percent", "800", "202425")
    )
    assert not placements.synthetic
