"""Synthetic data: seeded generators that write made-up child-level files consistent with the
published aggregates, so the reports can be built and tested without real children's data."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


def main(write: Callable[[Path], None], default: str, description: str | None) -> None:
    """A generator's command line: ``python -m council_reports.synthetic.<name> [FOLDER]``."""
    parser = argparse.ArgumentParser(description=(description or "").split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=Path(default))
    write(parser.parse_args().folder)
