"""What a test does when a program it reads outputs with is missing (Chromium, LibreOffice,
poppler, qpdf, the DfE's 903 rules): on a developer's machine it skips, saying which and how to
install it; under CI=true it fails, in one line naming it. CI runs `make test`, which installs
them all (`make readers`, .venv-903), so a green CI run has read every output it says it has.
Every such test asks here; none decides for itself."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Playwright

READERS = "make readers installs it"


def in_ci() -> bool:
    """Whether this run is CI's: GitHub Actions sets CI=true on every runner, and so does ours."""
    return os.environ.get("CI") == "true"


def missing(what: str, install: str = READERS) -> NoReturn:
    """Skip the test because ``what`` is missing or, under CI=true, fail it."""
    if in_ci():
        pytest.fail(f"{what} missing: under CI=true that fails the run ({install})", pytrace=False)
    pytest.skip(f"{what} missing ({install})")


def need(*commands: str) -> None:
    """Every command on PATH, or the test skips (fails under CI=true) naming those missing."""
    absent = [command for command in commands if shutil.which(command) is None]
    if absent:
        missing(" and ".join(absent))


def have(command: str) -> bool:
    """Whether ``command`` is on PATH, for a test that can read another way when it is not;
    under CI=true a missing one fails the test instead."""
    if shutil.which(command) is None:
        if in_ci():
            missing(command)
        return False
    return True


def chromium(playwright: Playwright) -> str:
    """The Chromium to launch: the machine's (Debian's package, or the one GitHub's runners put
    on PATH), else Playwright's own build (`.ci/install-readers` downloads it where the
    distribution has no Chromium package, as on Ubuntu)."""
    found = shutil.which("chromium") or playwright.chromium.executable_path
    if not Path(found).is_file():
        missing("chromium")
    return found
