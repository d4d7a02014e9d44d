"""Every case of the corpus fails in the report's check, before any notebook runs, with one line
naming the data folder's file, row and column; or is read as it should be."""

from __future__ import annotations

import pytest

from council_reports.errors import DataError
from council_reports.framework import get_report
from tests.conftest import make_target

from .cases import CASES, ROOT, Case

BY_ID = {case.id: case for case in CASES}


def check(case: Case, data) -> None:
    report = get_report(case.report)
    target = make_target(case.report, case.period, report.data_dir(data))
    report.require(target)
    report.check(target)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_bad_input_is_one_line_naming_where_to_look(case, data):
    folder = data(case.report)
    case.change(folder)
    if case.error is None:
        check(case, folder)
        return
    with pytest.raises(DataError) as caught:
        check(case, folder)
    assert str(caught.value) == case.line(folder)
    assert "\n" not in str(caught.value)


def test_the_corpus_covers_every_report_and_kind():
    assert len(CASES) >= 60
    assert len({case.id for case in CASES}) == len(CASES)
    assert {case.report for case in CASES} == {"attendance", "iro", "bcssp"}
    failing = [case for case in CASES if case.error is not None]
    for report in ("attendance", "iro", "bcssp"):
        assert sum(case.report == report for case in failing) >= 10, report


def _changed(case_id: str, data):
    case = BY_ID[case_id]
    folder = data(case.report)
    case.change(folder)
    return folder


def test_a_bom_and_crlf_in_ees_files_change_nothing_read(data):
    from council_reports.reports.attendance.data import load

    def read(folder):
        frames = load(folder / "attendance")
        return {name: frame.drop(columns="source_file") for name, frame in frames.items()}

    bundled, changed = read(ROOT / "data"), read(_changed("ees-crlf-and-bom-are-read", data))
    assert bundled.keys() == changed.keys()
    for name, frame in bundled.items():
        assert frame.equals(changed[name]), name


@pytest.mark.parametrize("case_id", ["agencies-bom-is-read", "kpi-list-bom-is-read"])
def test_a_bom_in_a_reference_list_changes_nothing_read(data, case_id):
    from council_reports.reports.bcssp.returns import agencies, kpi_targets, load_bcssp_returns

    def read(folder):
        reference = folder / "reference"
        returns = load_bcssp_returns(folder / "bcssp" / "2023-24", reference)
        return agencies(reference), kpi_targets(reference), returns.training_kpis

    (names, targets, kpis), bundled = read(_changed(case_id, data)), read(ROOT / "data")
    assert names == bundled[0] and names[0] == "RUH"  # the first row, right after the BOM
    assert targets == bundled[1] and kpis.equals(bundled[2])


def test_a_year_without_uasc_reads_as_none(data):
    from council_reports.validate.ssda903 import load_ssda903

    year = _changed("903-uasc-header-only-is-no-uasc", data) / "iro" / "ssda903" / "2024-25"
    uasc = load_ssda903(year).uasc
    assert uasc.empty and list(uasc.columns) == ["CHILD", "SEX", "DOB", "DUC"]


def read_returns(folder):
    from council_reports.reports.bcssp.returns import load_bcssp_returns

    return load_bcssp_returns(folder / "bcssp" / "2023-24", folder / "reference")


def test_returns_saved_by_excel_read_as_openpyxl_saves_them(data):
    bundled, saved = (
        read_returns(ROOT / "data"),
        read_returns(_changed("returns-saved-by-excel-are-read", data)),
    )
    assert saved.training_kpis.equals(bundled.training_kpis)
    assert saved.adult_safeguarding.equals(bundled.adult_safeguarding)
    for sheet, frame in bundled.childrens_social_care.items():
        assert saved.childrens_social_care[sheet].equals(frame), sheet
    assert saved.notes == bundled.notes


def test_a_sheet_no_return_reads_is_never_opened(data, monkeypatch):
    """Only the workbook's list of sheets, the sheets asked for and what they use are read."""
    import zipfile

    from council_reports.load.xlsx import Workbook

    folder = _changed("childrens-extra-sheet-is-never-read", data)
    book = Workbook(folder / "bcssp" / "2023-24" / "childrens_social_care.xlsx")
    parts = dict(book.sheets)
    book.close()
    opened = []
    real = zipfile.ZipFile.open

    def open_part(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return real(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", open_part)
    read_returns(folder)
    assert parts["Workings"] not in opened
    assert parts["Contacts"] in opened


# ---- a national release read for one build: only the rows it needs are held (bench/bench_ees.py
# measures a 2-million-row file)
OTHER_LA = (
    "202324,Academic year,Local authority,E92000001,England,E12000001,North East,841,E06000047,"
    "County Durham,Total,21.0,lots"  # a bad value, in a row no build of LA 800 reads
)


def _selection(years=("2023-24",)):
    from council_reports.load.ees import Selection
    from council_reports.periods import Period

    return Selection.of(las={"800"}, regions={"E12000009"}, years={Period.parse(y) for y in years})


def test_a_selection_keeps_the_areas_and_years_a_build_needs(ees_file):
    from council_reports.validate.ees import read_ees

    from ..conftest import EES_ROWS

    dataset = read_ees(ees_file((*EES_ROWS, OTHER_LA)), selection=_selection())
    kept = dataset.frame[["time_period", "geographic_level", "old_la_code"]].values.tolist()
    assert kept == [
        ["202324", "National", ""],
        ["202324", "Regional", ""],
        ["202324", "Local authority", "800"],
    ]
    assert list(dataset.frame.index) == [0, 1, 2]  # rows 2 to 4 of the file
    every_year = read_ees(ees_file(EES_ROWS), selection=_selection(("2023-24", "2022-23")))
    assert len(every_year.frame) == 4


def test_a_bad_row_a_selection_keeps_is_named_by_its_row_in_the_file(ees_file):
    from council_reports.validate.ees import read_ees

    from ..conftest import EES_ROWS

    bad = EES_ROWS[2].replace("13.03", "lots")
    with pytest.raises(DataError) as caught:
        read_ees(ees_file((OTHER_LA, EES_ROWS[0], bad)), selection=_selection())
    assert str(caught.value).endswith(
        "absence.csv:4:susp_rate: susp_rate is 'lots', neither a number nor a DfE symbol (write "
        "plain numbers without commas, or one of c, x, z, low, u)"
    )


def test_every_row_is_still_read_as_a_row_of_the_file(ees_file):
    from council_reports.validate.ees import read_ees

    from ..conftest import EES_ROWS

    short = OTHER_LA.rsplit(",", 1)[0]
    with pytest.raises(DataError) as caught:
        read_ees(ees_file((*EES_ROWS, short)), selection=_selection())
    assert "absence.csv:6:susp_rate: row has 12 cells, the header has 13" in str(caught.value)
    control = OTHER_LA.replace("County Durham", "County\x1bDurham")
    with pytest.raises(DataError, match=r"absence.csv:6:la_name: .* holds a control character"):
        read_ees(ees_file((*EES_ROWS, control)), selection=_selection())
