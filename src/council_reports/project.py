"""Where a project's folders are: data/, notebooks/, templates/ and build/ under one root."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    root: Path
    data: Path
    build: Path

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @classmethod
    def locate(cls, data: Path | None = None, build: Path | None = None) -> Project:
        """The project around the working directory (or $COUNCIL_REPORTS_ROOT, or the one this
        package was installed from), with optional other data and build folders."""
        root = _find_root()
        return cls(
            root,
            (data or root / "data").resolve(),
            (build or root / "build").resolve(),
        )

    def relative(self, path: Path) -> str:
        """``path`` relative to the project root when it is inside it (as manifests record it)."""
        name, root = str(path), f"{self.root}{os.sep}"  # as text: pathlib's relative_to is slow
        if path.is_absolute() and name.startswith(root):  # resolving costs a call per part
            return Path(name[len(root) :]).as_posix()
        resolved = path.resolve()
        if resolved.is_relative_to(self.root):
            return resolved.relative_to(self.root).as_posix()
        return resolved.as_posix()


def _is_root(folder: Path) -> bool:
    return (folder / "notebooks").is_dir() and (folder / "pyproject.toml").is_file()


def _find_root() -> Path:
    if "COUNCIL_REPORTS_ROOT" in os.environ:
        return Path(os.environ["COUNCIL_REPORTS_ROOT"]).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if _is_root(folder):
            return folder
    return Path(__file__).resolve().parents[2]
