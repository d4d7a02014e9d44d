"""Fixtures of the corpus: a copy of the data to damage, and a previous good build to keep."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from council_reports.framework import get_report
from tests.conftest import digests

ROOT = Path(__file__).resolve().parents[2]


def copy_data(report: str, into: Path) -> Path:
    """A copy of the report's data folder and the shared folders it reads (the reference lists,
    the national files): ``into/data``."""
    data = into / "data"
    for name in dict.fromkeys((report, "reference", *get_report(report).inputs)):
        shutil.copytree(ROOT / "data" / name, data / name, symlinks=True)
    return data


@pytest.fixture
def data(tmp_path: Path):
    """``data(report)``: a fresh copy of the data a report reads."""
    return lambda report: copy_data(report, tmp_path)


@pytest.fixture
def previous(built, tmp_path: Path):
    """``previous(report, period)``: a copy of a good build of the report under ``tmp/out``,
    and its digests: what every failing build must leave exactly as it was."""

    def make(report: str, period: str) -> tuple[Path, Path, dict[str, str]]:
        out = tmp_path / "out"
        target = out / report / period / "800"
        shutil.copytree(built(report, period), target)
        return out, target, digests(target)

    return make
