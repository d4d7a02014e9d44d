"""data/national/: the DfE's figures for every LA in England, extracted from the LAIT and CSC
repositories (council_reports.national), and the loader that reads them (load/national.py,
validate/national.py). The source snapshots are not in the repository; tests/fixtures/national
holds a cut of their real rows for five LAs, and the extraction of that cut must give the
committed figures."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from council_reports.errors import DataError
from council_reports.load.provenance import provenance_of, record_path
from council_reports.national.datasets import LAIT_DATASETS, SOCIAL_CARE_ABSENCE
from council_reports.national.extract import (
    ees_value,
    extract,
    lait_period,
    lait_value,
    main,
)
from council_reports.national.output import write, write_checked
from council_reports.national.sources import CSC, LAIT, read_cut
from council_reports.periods import Period
from council_reports.validate.national import read_national
from tests.conftest import DATA, ROOT

NATIONAL = DATA / "national"
CUT = ROOT / "tests" / "fixtures" / "national"
COMMITS = {
    LAIT: "2e30e3959a6ab8b2d22941b84764da41a40ac91b",
    CSC: "2f5d11a431050523dab58810083259d3313029ae",
}
B_AND_NES = "800"
ENGLAND = "E92000001"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def key(row: dict[str, str]) -> tuple[str, ...]:
    area = row["old_la_code"] or row["region_code"] or row["country_code"]
    return (row["time_period"], row["geographic_level"], area, row.get("social_care_group", ""))


@pytest.fixture(scope="module")
def national():
    return read_national(NATIONAL)


@pytest.fixture(scope="module")
def cut():
    sources = read_cut(CUT)
    return sources, extract(sources)


def value(national, dataset: str, indicator: str, area: str, period: str, **filters: str):
    frame = national.tidy(dataset)
    mask = (
        (frame["indicator"] == indicator)
        & (frame["area_code"] == area)
        & (frame["period"] == period)
    )
    for column, wanted in filters.items():
        mask &= frame[column] == wanted
    (row,) = frame.loc[mask].itertuples()
    return row.symbol or row.value


def source(name: str, **where: str) -> list[dict[str, str]]:
    """Rows of a file of the source cut."""
    return [r for r in rows(CUT / name) if all(r[k] == v for k, v in where.items())]


# --- the extraction against the committed files ----------------------------------------------


def test_the_extraction_of_the_source_cut_gives_the_committed_rows(cut):
    """Every row extracted from the real source rows of the cut is the committed row, cell for
    cell; and the committed files hold no other row for the cut's areas and years (so former
    and new LAs start and stop in the same years)."""
    _, result = cut
    assert [t.dataset.name for t in result.tables] == [
        *(d.name for d in LAIT_DATASETS),
        SOCIAL_CARE_ABSENCE.name,
    ]
    for table in result.tables:
        committed = {key(r): r for r in rows(NATIONAL / f"{table.dataset.name}.csv")}
        extracted = {key(r): r for r in table.rows}
        assert len(extracted) >= 10, table.dataset.name
        for where, row in extracted.items():
            assert row == committed[where], (table.dataset.name, where)
        areas = {k[2] for k in extracted}
        periods = {k[0] for k in extracted}
        expected = {k for k in committed if k[2] in areas and k[0] in periods}
        assert set(extracted) == expected, table.dataset.name


def test_the_cut_gives_the_committed_metadata_neighbours_and_changes(cut, tmp_path):
    sources, result = cut
    write(result, sources, tmp_path)
    for table in result.tables:
        name = f"{table.dataset.name}.meta.csv"
        assert (tmp_path / name).read_bytes() == (NATIONAL / name).read_bytes(), name
    assert rows(tmp_path / "measures.csv") == rows(NATIONAL / "measures.csv")
    committed = rows(NATIONAL / "statistical_neighbours.csv")
    extracted = rows(tmp_path / "statistical_neighbours.csv")
    assert {r["old_la_code"] for r in extracted} == {"800", "330", "942", "943"}
    assert all(row in committed for row in extracted)
    # the cut lacks the LAs of the other reorganisations: only Cumbria's is written
    changes = rows(NATIONAL / "la_changes.csv")
    assert rows(tmp_path / "la_changes.csv") == [r for r in changes if r["former_la_code"] == "909"]


def test_the_extraction_gives_the_same_bytes_every_time(cut, tmp_path):
    sources, result = cut
    write(result, sources, tmp_path / "a")
    write(extract(read_cut(CUT)), sources, tmp_path / "b")
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


# --- B&NES: the figures checked by hand against the DfE's releases ----------------------------


def test_b_and_nes_figures_are_the_published_ones(national):
    """The source values, and the committed figures rounded as the LAIT dictionary says."""
    assert (
        source(
            "bds_long_0.csv", **{"Short Desc": "TotPerAbNew", "LA Number": "800", "Years": "2024"}
        )[0]["Values"]
        == "18.28"
    )
    assert value(national, "absence", "enrolments_pa_10_exact_percent", "800", "2023-24") == 18.28
    assert (
        source(
            "bds_long_0.csv", **{"Short Desc": "TotFixedEx", "LA Number": "800", "Years": "2023/24"}
        )[0]["Values"]
        == "13.0273"
    )
    assert value(national, "exclusions", "susp_rate", "800", "2023-24") == 13.03
    # 0.10217 to the 2 decimal places the dictionary gives: the DfE's published 0.10
    assert (
        source(
            "bds_long_0.csv", **{"Short Desc": "TotPermEx", "LA Number": "800", "Years": "2023/24"}
        )[0]["Values"]
        == "0.10217"
    )
    assert value(national, "exclusions", "perm_excl_rate", "800", "2023-24") == 0.10
    assert value(national, "children_looked_after", "cla_at_31_march", "800", "2024-25") == 220
    assert value(national, "children_looked_after", "cla_rate_per_10000", "800", "2024-25") == 60
    assert value(national, "children_looked_after", "cla_rate_per_10000", ENGLAND, "2024-25") == 67
    assert national.neighbours[B_AND_NES] == (
        "816", "358", "919", "356", "938", "314", "825", "931", "873", "916"
    )  # fmt: skip


def test_a_measure_carries_its_unit_decimals_polarity_and_publication(national):
    frame = national.tidy("absence")
    row = frame.loc[
        (frame["indicator"] == "enrolments_pa_10_exact_percent") & (frame["area_code"] == "330")
    ].iloc[0]
    assert (row["unit"], row["decimals"], row["polarity"]) == ("%", 2, "Low")
    assert row["publication"] == "Pupil absence in schools in England"
    assert row["region_code"] == "E12000005" and row["school_type"] == "Total"
    looked_after = national.tidy("cla_placements")
    assert set(
        looked_after.loc[looked_after["indicator"] == "foster_care_percent", "polarity"]
    ) == {"High"}


def test_a_year_the_dfe_has_no_figure_for_is_the_symbol_x(national):
    """2019/20: no absence figures were collected (the pandemic); LAIT writes "-"."""
    assert value(national, "absence", "sess_overall_percent", "800", "2019-20") == "x"
    assert value(national, "children_looked_after", "population_under_18", "800", "2019-20") == "x"


# --- every LA in England ------------------------------------------------------------------


def test_every_la_in_england_has_figures_a_region_and_ten_neighbours(national):
    las = list(national.las.values())
    assert len(las) == 153 and len({la["region_code"] for la in las}) == 9
    assert set(national.neighbours) == {la["old_la_code"] for la in las}
    assert all(len(n) == 10 for n in national.neighbours.values())
    latest_years = {
        "absence": "2024-25",
        "exclusions": "2023-24",
        "children_looked_after": "2024-25",
    }
    for dataset, period in latest_years.items():
        frame = national.tidy(dataset)
        latest = frame.loc[frame["period"] == period]
        assert set(latest.loc[latest["geographic_level"] == "Local authority", "area_code"]) == {
            la["old_la_code"] for la in las
        }, dataset
        assert latest.loc[latest["geographic_level"] == "Regional", "area_code"].nunique() == 9


def test_former_las_keep_their_rows_and_name_their_successors(national):
    frame = national.tidy("absence")
    years = {
        code: sorted(set(frame.loc[frame["area_code"] == code, "period"]))
        for code in ("909", "942", "943", "928", "940")
    }
    assert years["909"][-1] == "2022-23" and years["942"] == years["943"] == ["2023-24", "2024-25"]
    assert years["928"][-1] == "2020-21" and years["940"][0] == "2021-22"
    (change,) = national.changes_of("942")
    assert (change.former, change.successors) == ("909", ("942", "943"))
    assert str(change.changed_on) == "2023-04-01" and change.former_name == "Cumbria"
    assert {c.former for c in national.changes_of("839")} == {"835", "836", "837"}


def test_every_file_says_where_it_came_from(national):
    assert set(national.provenance) == {
        *(f"{d.name}.csv" for d in (*LAIT_DATASETS, SOCIAL_CARE_ABSENCE)),
        "measures.csv",
        "statistical_neighbours.csv",
        "la_changes.csv",
    }
    for name, provenance in national.provenance.items():
        assert provenance.kind == "published", name
        assert provenance.licence == "Open Government Licence v3.0"
        assert provenance.where["commit"] == COMMITS[provenance.where["repository"]], name
        assert "Department for Education" in provenance.owner
    neighbours = national.provenance["statistical_neighbours.csv"]
    assert neighbours.where["path"] == "data-raw/sn_model_2025_wide.csv"
    assert neighbours.where["same_as"]["path"] == "01_data/02_prod/sn_may_2025.xlsx"
    looked_after = national.provenance["children_looked_after.csv"]
    assert looked_after.columns["population_under_18"].where["repository"] == CSC


# --- the extraction's rules ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "decimals", "written"),
    [
        ("4.8600000000000003", 2, "4.86"),  # float noise
        ("7.2639999999999996E-2", 2, "0.07"),
        ("0.10217", 2, "0.10"),
        ("0.125", 2, "0.13"),  # half up, as the DfE rounds (Python rounds it to 0.12)
        ("60", 0, "60"),
        ("-", 2, "x"),
    ],
)
def test_lait_values_are_rounded_to_the_dictionary_s_places(text, decimals, written):
    assert lait_value(text, decimals, exact=False) == written


def test_a_value_finer_than_the_places_the_extractor_set_is_refused():
    assert lait_value("61", 0, exact=True) == "61"
    with pytest.raises(ValueError, match="more than 0 decimal places"):
        lait_value("60.5", 0, exact=True)
    with pytest.raises(ValueError, match="more than 1 decimal places"):
        ees_value("12.34", 1)
    with pytest.raises(ValueError, match="neither a number nor a DfE symbol"):
        ees_value("n/a", 1)


def test_open_data_values_keep_their_symbols():
    assert [ees_value(t, 1) for t in ("12", "9.2", "c", "z", "k")] == [
        "12.0",
        "9.2",
        "c",
        "z",
        "low",
    ]


def test_lait_years_are_read_as_the_periods_they_end():
    assert lait_period("2024", "ending") == Period(2023)  # academic 2023/24, or 31 March 2024
    assert lait_period("2023/24", "academic") == Period(2023)
    assert lait_period("2023/25", "academic") is None
    assert lait_period("0", "ending") is None and lait_period("2024", "academic") is None


def test_a_folder_that_is_not_a_snapshot_is_one_line(tmp_path, capsys):
    code = main(["--lait", str(tmp_path), "--csc", str(tmp_path), str(tmp_path / "out")])
    said = capsys.readouterr().out
    assert code == 2 and said.startswith("error: ") and said.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_files_the_loader_refuses_replace_nothing(cut, tmp_path):
    """The folder is written beside data/national and read back before it replaces anything:
    the cut (whose neighbours have no figures in it) is refused, and the folder it would have
    replaced is as it was, with nothing left beside it."""
    sources, result = cut
    shutil.copytree(NATIONAL, tmp_path / "national")
    shutil.copytree(DATA / "reference", tmp_path / "reference")
    before = {p.name: p.read_bytes() for p in (tmp_path / "national").iterdir()}
    with pytest.raises(DataError, match=r"statistical_neighbours\.csv:2:neighbour_la_code"):
        write_checked(result, sources, tmp_path / "national", None)
    assert {p.name: p.read_bytes() for p in (tmp_path / "national").iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["national", "reference"]


# --- the loader's checks ------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path):
    """A copy of data/national and data/reference to break."""
    shutil.copytree(NATIONAL, tmp_path / "national")
    shutil.copytree(DATA / "reference", tmp_path / "reference")
    return tmp_path / "national"


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


BROKEN = {
    "a value that is not a number": (
        "absence.csv",
        "Bath and North East Somerset,Total,4.89",
        "Bath and North East Somerset,Total,4,89",
        "absence.csv:",
    ),
    "two LAs with one ONS code": (
        "exclusions.csv",
        ",800,E06000022,",
        ",899,E06000022,",
        "new_la_code 'E06000022' is LA 800's, not 899's",
    ),
    "an LA in two regions": (
        "children_looked_after.csv",
        "E12000009,South West,800,",
        "E12000008,South East,800,",
        "region_code 'E12000008' does not match LA 800's 'E12000009'",
    ),
    "nine neighbours": (
        "statistical_neighbours.csv",
        "800,Bath and North East Somerset,10,916,Close\n",
        "",
        "LA 800 has 9 neighbours, not 10",
    ),
    "a neighbour twice": (
        "statistical_neighbours.csv",
        "800,Bath and North East Somerset,10,916,",
        "800,Bath and North East Somerset,10,816,",
        "LA 800 has 816 as a neighbour twice or as its own",
    ),
    "a successor that is not an LA": (
        "la_changes.csv",
        ",942,E06000063,",
        ",949,E06000063,",
        "successor '949'",
    ),
    "decimals unlike the metadata": (
        "measures.csv",
        "exclusions,susp_rate,Suspension rate (per 100 pupils),,2,",
        "exclusions,susp_rate,Suspension rate (per 100 pupils),,3,",
        "decimals '3' differ from exclusions.meta.csv's 2",
    ),
    "an unknown kind of source": (
        "absence.csv.provenance.yml",
        "kind: published",
        "kind: guessed",
        "kind is 'guessed'",
    ),
    "a key twice": (
        "absence.csv.provenance.yml",
        "kind: published",
        "kind: published\nkind: published",
        "set twice",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_file_is_one_line_naming_it(folder, case):
    name, old, new, said = BROKEN[case]
    edit(folder / name, old, new)
    with pytest.raises(DataError) as error:
        read_national(folder)
    line = str(error.value)
    assert said in line and name in line and "\n" not in line


def test_a_file_without_its_provenance_is_refused(folder):
    (folder / "cla_placements.csv.provenance.yml").unlink()
    with pytest.raises(DataError, match=r"cla_placements\.csv: the data file has no provenance"):
        read_national(folder)


def test_a_yaml_alias_in_a_sidecar_is_refused(folder):
    sidecar = folder / "absence.csv.provenance.yml"
    text = sidecar.read_text(encoding="utf-8")
    sidecar.write_text(
        text.replace("owner: Department for Education", "owner: &o Department for Education")
        + "note: *o\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match="repeats another part of the file"):
        read_national(folder)


def test_the_reference_list_is_a_cross_check_not_a_limit(folder):
    """The national files name their LAs themselves; the reference list, whatever LAs it
    holds, must agree with them where it lists an LA."""
    reference = folder.parent / "reference" / "local_authorities.csv"
    lines = reference.read_text(encoding="utf-8").splitlines(keepends=True)
    reference.write_text(
        "".join(line for line in lines if "E12000009" in line or line.startswith("old_la")),
        encoding="utf-8",
    )
    assert len(read_national(folder).las) == 153
    edit(reference, "800,E06000022,", "800,E06000099,")
    with pytest.raises(DataError, match="new_la_code 'E06000022' does not match LA 800's"):
        read_national(folder)


# --- provenance sidecars ------------------------------------------------------------------


def test_a_sidecar_as_council_reports_fetch_writes_it_reads(tmp_path):
    data = tmp_path / "absence.csv"
    data.write_text("x\n", encoding="utf-8")
    record_path(data).write_text(
        "kind: published\nsource: Pupil absence in schools in England\n"
        "owner: Department for Education\nfile: absence.csv\n"
        "url:\n- https://example.org/a\nrelease: 2024/25\nsha256: 0e5\n"
        "inputs:\n- title: A\n  release: 2024/25\nmeta:\n  file: absence.meta.csv\n",
        encoding="utf-8",
    )
    provenance = provenance_of(data)
    assert provenance.where["sha256"] == "0e5"  # as written, never the number 0
    assert provenance.where["inputs"] == [{"title": "A", "release": "2024/25"}]
    assert provenance.columns == {} and "same_as" not in provenance.where


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("kind: published\nsource: s\n", "owner is missing"),
        ("- kind\n", "a provenance record is a mapping"),
        ("kind: published\nsource: s\nowner: o\ncolumns:\n  a: text\n", "is a mapping"),
        ("kind: published\nsource: [s]\nowner: o\n", "source is not one line of text"),
        ("kind: published\nsource: s\nowner: o\nnote: 'open\n", "not valid YAML"),
    ],
)
def test_a_sidecar_of_the_wrong_shape_is_one_line(tmp_path, text, said):
    data = tmp_path / "a.csv"
    record_path(data).write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=said):
        provenance_of(data)
