"""The live preview (preview.py): a report's page served on 127.0.0.1, built again when an
author saves an edit, a broken edit's error in the page, and nothing left behind when it stops.

One preview runs for the module, on a copy of the project (the tests edit its notebook), in a
process of its own so that it can be stopped as an author stops it: the tests run in order, and
the last one stops it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from council_reports.preview import POLL
from tests.conftest import copy_project

pytestmark = pytest.mark.slow
REPORT, LA, PERIOD = "attendance", "800", "2023-24"  # as test_build.py builds it
NOTEBOOK = "attendance_exclusions.ipynb"
PATIENCE = 180  # seconds to wait for a build on a busy machine: a limit, not a measure


class Preview:
    """A running ``council-reports preview`` and the folders it was given."""

    def __init__(self, tmp: Path) -> None:
        self.root = copy_project(tmp)
        self.temp = tmp / "tmp"  # where the preview's own folder goes ($TMPDIR)
        self.temp.mkdir()
        self.log = tmp / "stderr.txt"
        env = {**os.environ, "COUNCIL_REPORTS_ROOT": str(self.root), "TMPDIR": str(self.temp)}
        arguments = ["preview", REPORT, "--la", LA, "--period", PERIOD]
        with self.log.open("w", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "council_reports.cli", *arguments],
                cwd=self.root,
                env=env,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
            )
        line = self.process.stdout.readline()
        assert line.startswith("preview: http://"), line + self.log.read_text(encoding="utf-8")
        self.url = line.split()[1]

    def get(self, path: str = "") -> str:
        with urllib.request.urlopen(self.url + path, timeout=30) as answer:
            return answer.read().decode("utf-8")

    def shows(self, text: str, without: str | None = None) -> str:
        """The page, once it holds ``text`` (and not ``without``): the preview builds in its own
        time."""
        page = ""
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            page = self.get()
            if text in page and (without is None or without not in page):
                return page
            time.sleep(0.3)
        log = self.log.read_text(encoding="utf-8")
        raise AssertionError(f"{text!r} never shown; page ends {page[-300:]!r}; stderr: {log}")

    def edit_prose(self, sentence: str) -> str:
        """Add a paragraph to the notebook's first Markdown cell, as an author saves it; the
        notebook as it was, to put back."""
        path = self.root / "notebooks" / NOTEBOOK
        before = path.read_text(encoding="utf-8")
        notebook = json.loads(before)
        prose = next(c for c in notebook["cells"] if c["cell_type"] == "markdown")
        prose["source"] = "".join(prose["source"]) + f"\n\n{sentence}"
        path.write_text(json.dumps(notebook, indent=1) + "\n", encoding="utf-8")
        return before

    def staging(self) -> list[Path]:
        return sorted(self.temp.glob("council-reports-preview-*"))


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    running = Preview(tmp_path_factory.mktemp("preview"))
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


def test_the_page_is_served_with_its_figures(preview):
    page = preview.shows("18.3%")  # persistent absence in B&NES, 2023/24
    assert "/__version" in page  # the served page reloads itself
    (folder,) = preview.staging()
    built = next(folder.rglob("report.html")).read_text(encoding="utf-8")
    assert "<script" not in built  # the report itself is as a build writes it
    assert not (preview.root / "build").exists()
    assert preview.get("figures/absence-sessions.svg").startswith("<svg")


def test_the_server_listens_on_127_0_0_1_only(preview):
    assert preview.url.startswith("http://127.0.0.1:")
    port = int(preview.url.rstrip("/").rsplit(":", 1)[1])
    tables = [Path("/proc/net/tcp"), Path("/proc/net/tcp6")]
    if not tables[0].exists():
        pytest.skip("no /proc/net/tcp to read the listening address from")
    listening = [
        fields[1]
        for table in tables
        if table.exists()
        for fields in (line.split() for line in table.read_text().splitlines()[1:])
        if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port  # LISTEN
    ]
    assert listening == [f"0100007F:{port:04X}"]  # 127.0.0.1, little-endian, and nothing else


def test_a_prose_edit_shows_in_the_page(preview):
    preview.shows("18.3%")
    preview.edit_prose("A sentence the author has just saved.")
    preview.shows("A sentence the author has just saved.")


def test_an_unknown_fact_shows_its_error_above_the_last_good_page(preview):
    preview.shows("18.3%")
    before = preview.edit_prose("Absence was {{< fact no_such_fact >}} <b>this year</b>.")
    page = preview.shows("no fact &#x27;no_such_fact&#x27; in the ledger")
    assert "notebooks/attendance_exclusions.ipynb" in page
    assert "18.3%" in page and "<b>this year</b>" not in page  # the last good page, below
    assert "no fact 'no_such_fact'" in preview.log.read_text(encoding="utf-8")
    assert preview.process.poll() is None  # still serving
    (preview.root / "notebooks" / NOTEBOOK).write_text(before, encoding="utf-8")  # fixed
    preview.shows("18.3%", without="preview-error")  # the error gone once the edit is fixed


def test_the_open_page_reloads_itself_after_an_edit(preview, browser):
    """In Chromium, as an author keeps it open: the page shows a saved edit with no reload
    asked for."""
    preview.shows("18.3%")
    page = browser.new_page()
    try:
        page.goto(preview.url)
        preview.edit_prose("A sentence the browser reloads by itself.")
        page.get_by_text("A sentence the browser reloads by itself.").wait_for(
            timeout=PATIENCE * 1000
        )
    finally:
        page.close()


def test_ctrl_c_stops_it_and_leaves_no_folder(preview):
    assert preview.staging()
    preview.edit_prose("A sentence saved just before Ctrl-C.")  # a build under way, likely
    time.sleep(POLL * 2)
    preview.process.send_signal(signal.SIGINT)
    assert preview.process.wait(timeout=PATIENCE) == 0
    log = preview.log.read_text(encoding="utf-8")
    assert "Traceback" not in log and "preview stopped" in log
    assert preview.staging() == []
    assert not (preview.root / "build").exists()
