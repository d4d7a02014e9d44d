"""The DfE files data/national/ is extracted from, read from a snapshot of each repository (a
git clone or mirror, read at one commit with ``git cat-file``, so the commit is recorded) or,
for the tests, from a folder holding a cut of them. Every cell is read as text."""

from __future__ import annotations

import io
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import DataError

LAIT = "dfe-analytical-services/local-authority-interactive-tool"
CSC = "dfe-analytical-services/CSC_outcomes_and_enablers"
LAIT_DATA = "01_data/02_prod/"
# name -> (repository, path in it)
FILES: dict[str, tuple[str, str]] = {
    "bds": (LAIT, LAIT_DATA + "bds_long_0.parquet"),
    "dictionary": (LAIT, LAIT_DATA + "lait_data_dictionary.csv"),
    "sn_lait": (LAIT, LAIT_DATA + "sn_may_2025.xlsx"),
    "sn": (CSC, "data-raw/sn_model_2025_wide.csv"),
    "cla": (CSC, "data-raw/cla_number_and_rate_per_10k_children.csv"),
    "stability": (CSC, "data-raw/la_cla_placement_stability.csv"),
    "absence": (CSC, "data-raw/absence_la.csv"),
}
SN_SHEET = "LA SN Groups"  # sn_may_2025.xlsx: two title rows above the header
GIT_HINT = "give a clone of the repository, e.g. git clone https://github.com/{}"


@dataclass(frozen=True)
class Origin:
    """Where a source file was read: its repository, commit ("" for a cut) and path."""

    repository: str
    path: str
    commit: str = ""


@dataclass(frozen=True)
class Sources:
    """The source files as frames of text ("" for an empty cell), with their origins."""

    frames: dict[str, pd.DataFrame]
    origins: dict[str, Origin]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]


def _git(folder: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder.resolve()), *args], capture_output=True, check=False
        )
    except OSError as error:
        raise DataError(f"cannot run git: {error.strerror or error}", file=folder) from None
    if done.returncode:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DataError(f"git: {said[0] if said else 'failed'}", file=folder)
    return done.stdout


def commit_of(folder: Path, repository: str, revision: str = "HEAD") -> str:
    """The full commit id ``revision`` names in the repository at ``folder``."""
    if not folder.is_dir():
        raise DataError("not a folder", file=folder, hint=GIT_HINT.format(repository))
    name = f"{revision}^{{commit}}"
    return _git(folder, "rev-parse", "--verify", "--end-of-options", name).decode().strip()


def _frame(name: str, data: bytes, path: str) -> pd.DataFrame:
    """One source file's bytes as a frame of text."""
    if path.endswith(".parquet"):
        try:
            frame = pd.read_parquet(io.BytesIO(data))
        except ImportError:
            raise DataError(
                "reading a parquet file needs pyarrow",
                file=path,
                hint="install the national extra: pip install -e '.[national]'",
            ) from None
        if "LA Number" in frame:  # a float column in the parquet: 800.0
            numbers = frame["LA Number"]
            frame["LA Number"] = [
                "" if pd.isna(n) else str(int(n)) if float(n).is_integer() else str(n)
                for n in numbers
            ]
        return frame.astype(object).where(frame.notna(), "").astype(str)
    if path.endswith(".xlsx"):
        frame = pd.read_excel(io.BytesIO(data), sheet_name=SN_SHEET, skiprows=2, dtype=str)
        return frame.fillna("")
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")


def read_snapshots(lait: Path, csc: Path, revisions: tuple[str, str] = ("HEAD", "HEAD")) -> Sources:
    """Every source file at one commit of each repository's snapshot."""
    folders = {LAIT: lait, CSC: csc}
    commits = {
        LAIT: commit_of(lait, LAIT, revisions[0]),
        CSC: commit_of(csc, CSC, revisions[1]),
    }
    frames, origins = {}, {}
    for name, (repository, path) in FILES.items():
        origin = Origin(repository, path, commits[repository])
        data = _git(folders[repository], "cat-file", "blob", f"{origin.commit}:{path}")
        frames[name] = _frame(name, data, path)
        origins[name] = origin
    return Sources(frames, origins)


def read_cut(folder: Path) -> Sources:
    """A cut of the source files in ``folder`` (the tests' fixture): each file by its own name,
    the LAIT parquet as CSV; the LAIT copy of the neighbours may be left out."""
    frames, origins = {}, {}
    for name, (repository, path) in FILES.items():
        file = folder / Path(path).name
        if path.endswith(".parquet"):
            file = file.with_suffix(".csv")
        if not file.is_file() and name == "sn_lait":
            continue
        frames[name] = _frame(name, file.read_bytes(), file.name)
        origins[name] = Origin(repository, path)
    return Sources(frames, origins)
