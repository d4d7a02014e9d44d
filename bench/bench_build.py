"""Cold build of a report in every format, against a naive baseline, in the same process.

Baseline: what an analyst would script by hand: the papermill CLI on the notebook, then one
pandoc/typst render call per format, each as its own process. Ours: `council-reports build`
(data checked once, one kernel, one process for the renders). Prints seconds and the ratio
ours / baseline (below 1 is faster). Run: `make bench` or `.venv/bin/python bench/bench_build.py
attendance 800 2023-24`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def ours(report: str, la: str, period: str, out: Path, *options: str) -> None:
    """`council-reports build` in its own process, as a user runs it."""
    command = ["build", report, "--la", la, "--period", period, "--out", str(out)]
    subprocess.run(
        [BIN / "council-reports", *command, "--renderer", "pandoc-typst", *options],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )


def baseline(report: str, la: str, period: str, out: Path) -> None:
    """papermill CLI, then a separate render process per format, for report and cover."""
    from council_reports.reports import get_report

    spec = ROOT / "notebooks" / get_report(report).notebook
    out.mkdir(parents=True, exist_ok=True)
    data_dir = os.path.relpath(ROOT / "data" / get_report(report).data, out)
    subprocess.run(
        [
            BIN / "papermill",
            str(spec),
            str(out / "report.ipynb"),
            "-p",
            "la",
            la,
            "-p",
            "period",
            period,
            "-p",
            "data_dir",
            data_dir,
            "-p",
            "output_dir",
            ".",
            "--cwd",
            str(out),
            "--no-progress-bar",
        ],
        check=True,
        capture_output=True,
    )
    document = out / "report.qmd"
    subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import json,sys; from pathlib import Path;"
                "from council_reports.present.document import document, notebook_markdown;"
                "nb=json.loads(Path(sys.argv[1]).read_text());"
                "Path(sys.argv[2]).write_text(document({'title': 'Report'}, notebook_markdown(nb)))"
            ),
            str(out / "report.ipynb"),
            str(document),
        ],
        check=True,
    )
    for fmt in ("html", "docx", "pdf"):
        subprocess.run(
            [
                sys.executable,
                "-c",
                (
                    "import sys; from pathlib import Path;"
                    "from council_reports.render import get_renderer;"
                    "get_renderer('pandoc-typst').render(Path(sys.argv[1]), [sys.argv[2]],"
                    " Path(sys.argv[3]), timestamp=0)"
                ),
                str(document),
                fmt,
                str(out),
            ],
            check=True,
        )


def main(argv: list[str]) -> None:
    report, la, period = (argv + ["attendance", "800", "2023-24"][len(argv) :])[:3]
    scratch = Path(
        tempfile.mkdtemp(prefix="bench-", dir=ROOT / "build" if (ROOT / "build").is_dir() else None)
    )
    try:
        naive = timed(lambda: baseline(report, la, period, scratch / "baseline"))
        mine = timed(lambda: ours(report, la, period, scratch / "ours", "--force"))
        noop = timed(lambda: ours(report, la, period, scratch / "ours"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"{report} {period} {la}: cold build, html+docx+pdf")
    print(f"  baseline (papermill CLI + one render per format): {naive:6.2f} s")
    print(f"  council-reports build (report + cover report):     {mine:6.2f} s")
    print(f"  ratio ours / baseline:                              {mine / naive:6.2f}")
    print(f"  no-op rebuild (nothing changed):                    {noop:6.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
