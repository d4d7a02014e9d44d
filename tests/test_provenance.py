"""Provenance records (load/provenance.py): every data file says where its figures come from, in
a record read as data, and the records agree with what the data folders say is made up."""

from __future__ import annotations

from pathlib import Path

import pytest

from council_reports.errors import DataError
from council_reports.load.provenance import (
    SUFFIX,
    SYNTHETIC,
    Provenance,
    described,
    provenance_of,
    record_path,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
# what a data folder holds that is not data: the data log, metadata, records, declarations
NOT_DATA = ("README.md", "SYNTHETIC.txt", "sources.yml")


def data_files() -> list[Path]:
    return sorted(
        path
        for path in DATA.rglob("*")
        if path.is_file()
        and path.suffix in (".csv", ".xlsx")
        and not path.name.endswith((".meta.csv", SUFFIX))
        and path.name not in NOT_DATA
        and "attachments" not in path.parts
    )


def files_in(folder: Path) -> list[Path]:
    """The data files directly in ``folder``."""
    return [path for path in data_files() if path.parent == folder]


def test_every_data_file_has_a_provenance_record():
    missing = [p.relative_to(ROOT).as_posix() for p in data_files() if not record_path(p).exists()]
    assert data_files() and missing == []
    for path in data_files():
        assert provenance_of(path).source


def test_the_records_agree_with_what_the_folders_say_is_made_up():
    from council_reports.reports.iro.service_records import read_synthetic_notes

    service = DATA / "iro" / "service"
    noted = set(read_synthetic_notes(service))
    recorded = {p.name for p in files_in(service) if provenance_of(p).synthetic}
    assert recorded == noted  # SYNTHETIC.txt, which the report reads, and the records
    for year in (DATA / "iro" / "ssda903").iterdir():
        if year.is_dir():
            assert (year / "SYNTHETIC.txt").is_file()
            assert all(provenance_of(p).kind == SYNTHETIC for p in files_in(year))
    synthetic = DATA / "attendance" / "synthetic"
    assert all(provenance_of(p).kind == SYNTHETIC for p in files_in(synthetic))
    assert not any(provenance_of(p).synthetic for p in files_in(DATA / "attendance"))


def test_the_bcssp_records_agree_with_the_returns_notes():
    """A return (or a workbook's sheet) whose note says SYNTHETIC has a record saying its
    figures, or some of them, are made up; one whose note says nothing of it has none."""
    from council_reports.periods import Period
    from council_reports.reports.bcssp.data import load

    for folder in sorted(p for p in (DATA / "bcssp").iterdir() if p.is_dir()):
        returns = load(DATA / "bcssp", Period.parse(folder.name))
        for name, note in returns.notes.items():
            file, _, sheet = name.partition(":")
            record = provenance_of(folder / file)
            parts = record.of([sheet]) if sheet else record.parts
            made_up = any(part.kind == SYNTHETIC for part in parts)
            assert made_up == ("SYNTHETIC" in note), (folder.name, name)


def write(folder: Path, text: str) -> Path:
    data = folder / "counts.csv"
    data.write_text("a\n1\n", encoding="utf-8")
    record_path(data).write_text(text, encoding="utf-8")
    return data


def test_a_record_is_read_with_its_columns(tmp_path):
    data = write(
        tmp_path,
        "kind: published\nsource: Staffing\nowner: The council\n"
        "columns:\n  fte: {kind: synthetic, detail: the full-time equivalents}\n",
    )
    record = provenance_of(data)
    assert record.synthetic and record.kind == "published"
    assert [r.kind for r in record.of(["left"])] == ["published"]
    assert [r.kind for r in record.of(["fte"])] == ["synthetic"]
    assert record.of(["fte"])[0].source == "Staffing"  # a column names its file's source
    assert described(record.of(["left", "fte"])) == "Staffing (made up: the full-time equivalents)"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("kind: invented\nsource: x\nowner: o\n", "kind is 'invented'"),
        ("source: x\nowner: o\n", "kind is None"),
        ("kind: published\nowner: o\n", "source is missing"),
        ("kind: published\nsource: x\n", "owner is missing"),
        ("kind: synthetic\nsource: x\nowner: o\n", "detail is missing"),
        ("kind: published\nsource: x\nlink: http://example.com\n", "'link' is not a field"),
        ("kind: published\nsource: &a x\nowner: *a\n", "an alias (*a) repeats another part"),
        ("kind: published\nsource: x\nsource: y\n", "'source' is set twice"),
        ("kind: published\nsource: [a, b]\n", "source is not one line of text"),
        ("- a list\n", "a provenance record is a mapping"),
    ],
)
def test_a_bad_record_is_one_line_naming_it(tmp_path, text, problem):
    data = write(tmp_path, text)
    with pytest.raises(DataError) as error:
        provenance_of(data)
    assert problem in str(error.value) and "counts.csv.provenance.yml" in str(error.value)
    assert "\n" not in str(error.value)


def test_a_data_file_without_a_record_is_named(tmp_path):
    data = tmp_path / "counts.csv"
    data.write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"counts\.csv: the data file has no provenance record"):
        provenance_of(data)


def test_a_source_line_says_what_is_made_up():
    published = Provenance("published", "DfE, Pupil absence in schools in England")
    made_up = Provenance("synthetic", "Population aged 0 to 17", detail="to fit a rate")
    assert described([published, made_up, published]) == (
        "DfE, Pupil absence in schools in England; Population aged 0 to 17 (made up: to fit a rate)"
    )
