"""Shared fixtures: the project's paths, each report built once per test session, and small EES
files written on the fly."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest

from council_reports.execute import block_slow_imports
from council_reports.framework import Target
from council_reports.periods import Period

block_slow_imports()  # as a build does: pytest-notebook would otherwise bring 3 s of imports

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TEMPLATES = ROOT / "templates"
# The test files that take longest, longest first (seconds on 2 cores, 2026-12). `make test`
# passes --no-loadscope-reorder, so pytest-xdist hands whole files to its workers in this order
# and no long file starts when the other worker is nearly done.
LONGEST_FIRST = (
    "test_layout.py",  # 150
    "test_readers.py",  # 60
    "test_batch.py",  # 35
    "test_iro_report.py",  # 35
    "test_attendance_report.py",  # 33
    "bad_inputs/test_builds.py",  # 30
    "test_build.py",  # 30
    "test_ssda903.py",  # 26
    "test_scaffold.py",  # 19
    "bad_inputs/test_injection.py",  # 16
    "bad_inputs/test_loaders.py",  # 12
    "test_diff.py",  # 10
    "test_bcssp_report.py",  # 8
)
# Chromium headless in a container: as TECH-NOTES says
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"]
# The RAG fills every format paints (templates/_extensions/council): red, amber, green, blue.
RAG_FILLS = {(0xD0, 0x27, 0x17), (0xD5, 0x80, 0x00), (0x02, 0x53, 0x28), (0x06, 0x21, 0x46)}


@pytest.fixture(scope="module")
def browser():
    """Chromium, for the tests that read HTML as a browser does (one per test module): the
    machine's, or Playwright's own (tests/readers.py)."""
    from playwright.sync_api import sync_playwright

    from tests.readers import chromium

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium(playwright), args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


def digests(folder: Path) -> dict[str, str]:
    """sha256 of every file below ``folder``, by its relative path."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def registered() -> list:
    """Every report the registry finds, each with the LA and period its own definition says
    the cross-report tests build (``Report.test_target``): a new report is checked by every
    test that loops over them the moment it exists."""
    from council_reports.framework import get_report, report_ids

    return [get_report(report_id) for report_id in report_ids()]


def make_target(
    report: str, period: str, data_dir: Path, *, la: str = "800", audience: str = "committee"
) -> Target:
    """A Target for a report's content, reading ``data_dir``, as a build would plan it."""
    return Target(
        report, la, Period.parse(period), Path(data_dir), ROOT / "templates", audience=audience
    )


def copy_project(tmp_path: Path) -> Path:
    """A project of our own to edit: notebooks, templates, settings and data."""
    root = tmp_path / "project"
    for name in ("notebooks", "templates", "data"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "pyproject.toml", root)
    return root


def own_settings(monkeypatch, report_id: str, folder: Path) -> Path:
    """A copy of a report's settings (its folder's cover.yml, slides.yml) in ``folder``, which
    builds in this process read instead of the report's own: a test edits the copy."""
    from dataclasses import replace

    from council_reports.framework import get_report
    from council_reports.framework.registry import _registry

    report = get_report(report_id)
    shutil.copytree(report.folder, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.setitem(_registry(), report_id, lambda: replace(report, folder=folder))
    return folder


def read_table(folder: Path, id: str) -> list[dict[str, str]]:
    """A table of a build as the reader of its CSV gets it back: its tidy lines (one per cell)
    made rows again, each cell as the report shows it (the value, or the symbol in its place)."""
    import csv

    with (folder / "tables" / f"{id}.csv").open(encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle))
    header, cells = lines[0], lines[1:]
    assert header[:2] == ["table", "row"] and header[-4:] == ["column", "value", "unit", "symbol"]
    labels = header[2:-4]
    rows: dict[str, dict[str, str]] = {}
    for line in cells:
        row = rows.setdefault(line[1], dict(zip(labels, line[2:-4], strict=True)))
        if line[-4]:
            row[line[-4]] = line[-3] or line[-1]
    return list(rows.values())


def painted(pdf: Path) -> set[tuple[int, ...]]:
    """The fill colours a PDF's pages set, as 0-255 RGB."""
    from pypdf import PdfReader

    content = "".join(
        page.get_contents().get_data().decode("latin-1") for page in PdfReader(pdf).pages
    )
    return {
        tuple(round(float(c) * 255) for c in colour)
        for colour in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|sc|scn)\b", content)
    }


EES_HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,new_la_code,la_name,school_type,enrolments_pa_10_exact_percent,"
    "susp_rate"
)
EES_ROWS = (
    "202324,Academic year,National,E92000001,England,,,,,,Total,20.0,11.31",
    "202324,Academic year,Regional,E92000001,England,E12000009,South West,,,,Total,20.8,15.16",
    "202324,Academic year,Local authority,E92000001,England,E12000009,South West,800,E06000022,"
    "Bath and North East Somerset,Total,18.3,13.03",
    "202223,Academic year,Local authority,E92000001,England,E12000009,South West,800,E06000022,"
    "Bath and North East Somerset,Total,18.1,c",
)
EES_META = (
    "col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,"
    "filter_grouping_column\n"
    "school_type,Filter,School type,,,,,\n"
    "enrolments_pa_10_exact_percent,Indicator,Percentage of persistent absentees,,%,1,,\n"
    "susp_rate,Indicator,Suspension (rate),,,2,,\n"
)


@pytest.fixture
def ees_file(tmp_path: Path):
    """Write an EES CSV (header + rows, edited by the test) and its .meta.csv; return its path."""

    def write(rows: tuple[str, ...] = EES_ROWS, header: str = EES_HEADER, meta: str = EES_META):
        path = tmp_path / "absence.csv"
        path.write_text("\n".join((header, *rows)) + "\n", encoding="utf-8")
        path.with_suffix(".meta.csv").write_text(meta, encoding="utf-8")
        return path

    return write


@pytest.fixture
def read_only_build_folder(monkeypatch):
    """Called, makes the build folder refuse the staging folder, as a read-only one does (root,
    who writes anywhere, included)."""
    make = Path.mkdir

    def mkdir(self: Path, *args, **kwargs) -> None:
        if ".staging-" in self.name:
            raise PermissionError(13, "Permission denied", str(self))
        make(self, *args, **kwargs)

    return lambda: monkeypatch.setattr(Path, "mkdir", mkdir)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Build a report once per test session and return its folder: ``built("iro", "2024-25")``;
    ``to="html"`` builds that format only, for tests that read nothing else (a folder of its own,
    so a full build of the same target never swaps a folder another test is reading).
    Every test that reads a report shares the one build; none may change it (copy it first).
    Under pytest-xdist the workers share one build folder: the build's lock per target makes a
    second worker wait for the first and find the build up to date."""
    from council_reports.cli import main

    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = tmp_path_factory.getbasetemp().parent / "built"  # the session's, not a worker's
    else:
        root = tmp_path_factory.mktemp("built")
    folders: dict[tuple[str, str, str, str | None], Path] = {}

    def get(report: str, period: str, la: str | None = None, to: str | None = None) -> Path:
        from council_reports.framework import get_report

        la = la or get_report(report).test_target[0]
        key = (report, period, la, to)
        if key not in folders:
            out = root / (to or "all")
            arguments = ["build", report, "--la", la, "--period", period, "--out", str(out)]
            arguments += ["--to", to] if to else []
            assert main([*arguments, "--renderer", "pandoc-typst"]) == 0
            folders[key] = out / report / period / la
        return folders[key]

    return get


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest files first (LONGEST_FIRST); each file's tests keep their order."""

    def rank(item: pytest.Item) -> int:
        name = item.path.relative_to(ROOT / "tests").as_posix()
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)
