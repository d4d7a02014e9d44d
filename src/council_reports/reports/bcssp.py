"""The BCSSP annual report's data appendices: training KPIs with RAG ratings, children's social
care, adult safeguarding and police 12-month rolling figures, from partner returns."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ParameterError
from ..periods import Period
from . import Report

if TYPE_CHECKING:
    from ..validate.returns import BcsspReturns

RETURNS = (
    "training_kpis.xlsx",
    "police.csv",
    "adult_safeguarding.xlsx",
    "childrens_social_care.xlsx",
)
LA = "800"  # the partnership covers Bath & North East Somerset


def coverage(data_dir: Path) -> dict[str, tuple[str, ...]]:
    """Periods whose folder holds the returns; the partnership's one LA."""
    if not data_dir.is_dir():
        return {}
    return {
        folder.name: (LA,)
        for folder in sorted(data_dir.iterdir())
        if folder.is_dir()
        and Period.from_time_period(folder.name.replace("-", "")) is not None
        and any((folder / name).is_file() for name in RETURNS)
    }


def reference_dir(data_dir: Path) -> Path:
    return data_dir.parent / "reference"


def load(data_dir: Path, period: Period) -> BcsspReturns:
    from ..validate.returns import load_bcssp_returns

    return load_bcssp_returns(data_dir / str(period), reference_dir(data_dir))


def targets(data_dir: Path) -> dict[str, float]:
    """The agreed KPI targets, by KPI."""
    from ..validate.returns import kpi_targets

    return kpi_targets(reference_dir(data_dir))


def check(data_dir: Path, la: str, period: Period) -> None:
    if la != LA:
        raise ParameterError(f"the BCSSP appendices are for LA {LA} only, not {la!r}")
    periods = coverage(data_dir)
    if str(period) not in periods:
        raise ParameterError(
            f"no BCSSP returns for {period}", hint="periods: " + ", ".join(periods) or "none"
        )
    load(data_dir, period)
    if (data_dir / str(period.previous)).is_dir():  # the appendices compare with the year before
        load(data_dir, period.previous)


REPORT = Report(
    id="bcssp",
    title="BCSSP annual report: data appendices",
    notebook="bcssp_appendices.ipynb",
    data="bcssp",
    cover="cover/bcssp.yml",
    coverage=coverage,
    check=check,
)
