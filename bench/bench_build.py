"""Builds against a naive baseline, measured in one run (`make bench`; not a test).

Baseline: what an analyst would script by hand, one target after another: the papermill CLI
on the notebook (a Jupyter kernel each time), then one render process per format for the report
and the cover report. Ours: `council-reports build`, as a user runs it. Printed: seconds, the
ratio ours / baseline (below 1 is faster), and where the time goes.

    .venv/bin/python bench/bench_build.py            # every measure
    .venv/bin/python bench/bench_build.py --sample 4 # the naive batch timed on 4 targets, scaled

Measures (issue: "Builds at the speed of their work"): one report cold (at most 0.5x the naive
time); the three current-year reports cold (under 8 s); attendance for every South West LA for
two years plus the IRO report for five years (at least 4x faster than the naive loop); a no-op
`make reports` (under 0.5 s); a prose edit rebuilt (under 2 s); the batch's peak memory (under
1.5 GiB); attendance 2023-24 for all 153 LAs (every format under 3 minutes, HTML only under 60 s,
the cost per target as flat as for the South West's 15), and the floor under those: what one
target's charts and renders cost, whatever the rest costs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
REGION = "E12000009"  # the South West


def current() -> list[tuple[str, str]]:
    """Every registered report with the period its definition names for cross-report checks
    (each report's current year): a new report is benchmarked the moment it exists."""
    from council_reports.framework import get_report, report_ids

    return [(r, str(get_report(r).test_target[1])) for r in report_ids()]


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def council_reports(*arguments: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """`council-reports` in its own process, as a user runs it."""
    return subprocess.run(
        [str(BIN / "council-reports"), *arguments, "--renderer", "pandoc-typst"]
        if arguments[0] == "build"
        else [str(BIN / "council-reports"), *arguments],
        check=True,
        cwd=cwd,
        capture_output=True,
        text=True,
    )


class PeakMemory:
    """The most memory a process and all its children held at once, sampled every 50 ms: as
    their proportional set sizes (a page shared by several processes, such as the pandoc binary
    four renders map or the pages forked workers share, counted once) and as their resident
    sizes summed (a shared page counted once per process: an upper bound)."""

    def __init__(self) -> None:
        self.peak = 0
        self.peak_rss = 0
        self._stop = threading.Event()

    def _tree(self, pid: int) -> list[int]:
        found = [pid]
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return found
        for child in children:
            found += self._tree(int(child))
        return found

    def _sizes(self, pid: int) -> tuple[int, int]:
        """(proportional, resident) bytes of one process; (0, 0) once it has gone."""
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            return 0, 0
        sizes = dict(line.split()[:2] for line in rollup.splitlines()[1:] if line.strip())
        kib = {name.rstrip(":"): int(value) for name, value in sizes.items()}
        return kib.get("Pss", 0) * 1024, kib.get("Rss", 0) * 1024

    def watch(self, process: subprocess.Popen) -> None:
        def sample() -> None:
            while not self._stop.is_set():
                sizes = [self._sizes(p) for p in self._tree(process.pid)]
                self.peak = max(self.peak, sum(pss for pss, _ in sizes))
                self.peak_rss = max(self.peak_rss, sum(rss for _, rss in sizes))
                time.sleep(0.05)

        thread = threading.Thread(target=sample, daemon=True)
        thread.start()
        process.wait()
        self._stop.set()
        thread.join()


def naive(report: str, la: str, period: str, out: Path) -> dict[str, float]:
    """One target the naive way; the seconds of each step."""
    from council_reports.framework import get_report

    definition = get_report(report)
    out.mkdir(parents=True, exist_ok=True)
    steps = {}
    target = {
        "report": report,
        "la": la,
        "period": period,
        "data_dir": os.path.relpath(ROOT / "data" / definition.data, out),
        "templates": os.path.relpath(ROOT / "templates", out),
    }
    steps["papermill CLI (kernel, imports, cells)"] = timed(
        lambda: subprocess.run(
            [
                str(BIN / "papermill"),
                str(ROOT / "notebooks" / definition.notebook),
                str(out / "report.ipynb"),
                "--cwd",
                str(out),
                "--no-progress-bar",
                "-y",  # the target as YAML (JSON is YAML): papermill's -p takes only scalars
                json.dumps({"target": target, "output_dir": "."}),
            ],
            check=True,
            capture_output=True,
        )
    )
    script = (
        "import sys; from pathlib import Path; from council_reports.render import get_renderer;"
        "get_renderer('pandoc-typst').render(Path(sys.argv[1]), [sys.argv[2]], Path(sys.argv[3]),"
        " timestamp=0, templates=Path(sys.argv[4]))"
    )
    steps["write the documents"] = timed(lambda: _naive_documents(report, period, out))
    for document in ("report", "cover-report"):
        for fmt in ("html", "docx", "pdf"):
            steps[f"render {document}.{fmt}"] = timed(
                lambda d=document, f=fmt: subprocess.run(
                    [
                        sys.executable,
                        "-c",
                        script,
                        str(out / f"{d}.qmd"),
                        f,
                        str(out),
                        str(ROOT / "templates"),
                    ],
                    check=True,
                    capture_output=True,
                )
            )
    return steps


def _naive_documents(report: str, period: str, out: Path) -> None:
    """The report and cover report documents from the executed notebook (our own functions:
    the baseline differs in how it runs things, not in what it writes)."""
    from council_reports.framework import get_report
    from council_reports.ledger import Ledger
    from council_reports.periods import Period
    from council_reports.present.cover import cover_markdown, read_cover
    from council_reports.present.document import document, report_markdown, with_prose

    definition = get_report(report)
    source = json.loads((ROOT / "notebooks" / definition.notebook).read_text(encoding="utf-8"))
    executed = json.loads((out / "report.ipynb").read_text(encoding="utf-8"))
    facts = Ledger.load(out / "facts.json")
    body = report_markdown(with_prose(source, executed), facts, definition.notebook)
    (out / "report.qmd").write_text(document({"title": definition.title}, body), "utf-8")
    cover_file = definition.cover
    settings = read_cover(cover_file, Period.parse(period))
    cover = cover_markdown(settings, facts, [definition.title], cover_file)
    (out / "cover-report.qmd").write_text(document({"title": definition.title}, cover), "utf-8")


def stack_imports() -> float:
    return timed(
        lambda: subprocess.run(
            [sys.executable, "-c", "import pandas, altair, vl_convert, council_reports.notebook"],
            check=True,
        )
    )


def kernel_start() -> float:
    """Seconds for a Jupyter kernel to start and answer (what papermill pays per notebook)."""
    from jupyter_client.manager import start_new_kernel

    started = time.perf_counter()
    manager, client = start_new_kernel(kernel_name="python3")
    seconds = time.perf_counter() - started
    client.stop_channels()
    manager.shutdown_kernel(now=True)
    return seconds


def line(label: str, seconds: float, extra: str = "") -> None:
    print(f"  {label:<58} {seconds:7.2f} s {extra}")


def one_report_cold(scratch: Path) -> None:
    print("One report cold, html + docx + pdf, report and cover report (target: <= 0.5x)")
    for report, period in current():
        steps = naive(report, "800", period, scratch / "naive" / report)
        baseline = sum(steps.values())
        out = scratch / "one" / report
        ours = timed(
            lambda r=report, p=period, o=out: council_reports(
                "build", r, "--la", "800", "--period", p, "--out", str(o)
            )
        )
        where = (
            council_reports(
                "build",
                report,
                "--la",
                "800",
                "--period",
                period,
                "--out",
                str(out),
                "--force",
                "--timings",
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        line(f"{report} {period}: naive", baseline)
        for step, seconds in steps.items():
            line(f"    {step}", seconds)
        line(f"{report} {period}: ours", ours, f"ratio {ours / baseline:.2f}")
        print(f"    ours, a second cold run, step by step: {where.split(': ', 1)[1]}")


def current_reports(scratch: Path) -> None:
    print("The three current-year reports cold, every format (target: < 8 s)")
    out = scratch / "current"
    seconds = timed(
        lambda: council_reports(
            "build", "all", "--la", "800", "--period", "latest", "--out", str(out)
        )
    )
    line("council-reports build all --la 800 --period latest", seconds)


def batch(scratch: Path, sample: int | None) -> None:
    from council_reports.batch import select
    from council_reports.project import Project

    print(
        "Attendance for every South West LA, two years, and IRO for five years "
        "(target: >= 4x faster)"
    )
    project = Project.locate()
    requests = select(project, ["attendance"], la=REGION, period="2022-23,2023-24", formats=None)
    requests += select(project, ["iro"], la="800", period="all", formats=None)
    ours, memory = builds(
        scratch / "batch",
        ("attendance", "--la", REGION, "--period", "2022-23,2023-24"),
        ("iro", "--la", "800", "--period", "all"),
    )
    estimate = naive_estimate(requests, scratch, sample)
    line("ours (two council-reports build commands)", ours, f"{estimate / ours:.1f}x faster")
    peak(memory, "1.5 GiB")


def every_la(scratch: Path, sample: int | None) -> None:
    """Attendance 2023-24 for all 153 LAs: every format, and HTML only; the cost per target
    against 15 targets (the South West's LAs), which should stay flat."""
    from council_reports.batch import select
    from council_reports.project import Project

    print("Attendance 2023-24 for every LA in England (targets: < 3 min; HTML only < 60 s)")
    requests = select(Project.locate(), ["attendance"], la="all", period="2023-24", formats=None)
    every = ("attendance", "--la", "all", "--period", "2023-24")
    seconds, memory = builds(scratch / "every", every)
    line(f"ours, {len(requests)} targets, every format", seconds)
    peak(memory, "1.5 GiB")
    html, _ = builds(scratch / "every-html", (*every, "--to", "html"), sampled=False)
    line(f"ours, {len(requests)} targets, HTML only", html, f"{html / len(requests):.2f} s each")
    region = ("attendance", "--la", REGION, "--period", "2023-24", "--to", "html")
    few = len(select(Project.locate(), ["attendance"], la=REGION, period="2023-24", formats=None))
    fifteen, _ = builds(scratch / "region-html", region, sampled=False)
    line(f"ours, {few} targets (the South West), HTML only", fifteen, f"{fifteen / few:.2f} s each")
    estimate = naive_estimate(requests, scratch, sample)
    line("ours against it, every format", seconds, f"{estimate / seconds:.1f}x faster")
    floor(scratch / "floor")


def floor(scratch: Path, la: str = "330") -> None:
    """The least one attendance target can cost in this design, whatever the rest costs: the
    CPU-seconds of drawing its charts (vl-convert, each for a page and a phone) and of pandoc
    writing its HTML page, each the best of three. 153 targets on this machine's cores cannot
    take less than 153 times this over the cores."""
    from council_reports.framework import get_report
    from council_reports.periods import Period
    from council_reports.planning import plan_target
    from council_reports.present.charts import NARROW, Figure
    from council_reports.project import Project

    project = Project.locate(build=scratch)
    council_reports(
        "build", "attendance", "--la", la, "--period", "2023-24", "--to", "html", "--out",
        str(scratch), "--renderer", "pandoc-typst",
    )  # fmt: skip
    report = get_report("attendance")
    content = report.content(plan_target(project, report, la, Period.parse("2023-24"), None))
    charts = [content.build(kind, id) for kind, id in content.outputs if kind == "figure"]
    charts = [chart for chart in charts if isinstance(chart, Figure)]
    templates = ROOT / "templates"
    for chart in charts:
        chart.svg(templates)  # the chart engine started

    def draw() -> None:
        for chart in charts:
            chart.svg(templates)
            chart.svg(templates, NARROW)

    folder = scratch / "attendance" / "2023-24" / la
    drawn = min(cpu_seconds(draw) for _ in range(3))
    line(f"the floor of one target: {len(charts) * 2} charts drawn (CPU-seconds)", drawn)
    written = {}
    for fmt in ("html", "docx", "pdf"):  # Word's PNG twins drawn first, as a build does
        imports = (
            "import sys; from pathlib import Path; "
            "from council_reports.render.pandoc_typst import PandocTypstRenderer as R; "
            + ("from council_reports.present.charts import png_twins; " if fmt == "docx" else "")
            + f"folder, templates = Path({str(folder)!r}), Path({str(templates)!r}); "
        )
        twins = (
            "[p.unlink() for p in folder.glob('figures/*.png')]; "
            "png_twins(folder / 'figures', templates); "
        )
        work = (twins if fmt == "docx" else "") + (
            f"R().render(folder / 'report.qmd', [{fmt!r}], Path(sys.argv[1]), timestamp=0, "
            "templates=templates)"
        )
        written[fmt] = min(child_cpu_seconds(imports, work, scratch / fmt) for _ in range(3))
        line(f"    {fmt} written (CPU-seconds)", written[fmt])
    cores = len(os.sched_getaffinity(0))
    html, every = drawn + written["html"], drawn + sum(written.values())
    line(f"    so 153 targets on {cores} cores take at least, HTML only", 153 * html / cores)
    line("    and every format", 153 * every / cores)


def cpu_seconds(run: Callable[[], object]) -> float:
    """The CPU-seconds this process (all its threads: the chart engine's too) spends in ``run``."""
    started = time.process_time()
    run()
    return time.process_time() - started


def child_cpu_seconds(imports: str, work: str, out: Path) -> float:
    """The CPU-seconds of a Python process running ``imports`` then ``work`` (given ``out`` as
    its argument), and of what it starts, less those of one running ``imports`` alone."""
    out.mkdir(parents=True, exist_ok=True)

    def children() -> float:
        usage = os.times()
        return usage.children_user + usage.children_system

    before = children()
    subprocess.run([str(BIN / "python"), "-c", imports + work, str(out)], check=True, cwd=ROOT)
    middle = children()
    subprocess.run([str(BIN / "python"), "-c", imports, str(out)], check=True, cwd=ROOT)
    return (middle - before) - (children() - middle)


def builds(out: Path, *commands: tuple[str, ...], sampled: bool = True) -> tuple[float, PeakMemory]:
    """Run ``council-reports build`` commands one after another, as a user would: how long
    they take, and (``sampled``) their peak memory; the sampling reads each process's page
    tables 20 times a second, which costs the build about a twentieth of its time."""
    memory = PeakMemory()
    started = time.perf_counter()
    for arguments in commands:
        command = [
            str(BIN / "council-reports"),
            "build",
            *arguments,
            "--out",
            str(out),
            "--renderer",
            "pandoc-typst",
        ]
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if sampled:
            memory.watch(process)
        else:
            process.wait()
    return time.perf_counter() - started, memory


def naive_estimate(requests: Sequence[Any], scratch: Path, sample: int | None) -> float:
    """The naive loop's time for ``requests``: ``sample`` of them timed, the rest scaled."""
    chosen = requests if sample is None else requests[:: max(1, len(requests) // sample)][:sample]
    naive_seconds = sum(
        sum(
            naive(
                r.report,
                r.target.la,
                str(r.target.period),
                scratch / "naive" / r.name.replace(" ", "-"),
            ).values()
        )
        for r in chosen
    )
    estimate = naive_seconds / len(chosen) * len(requests)
    measured = f"{len(chosen)} of {len(requests)} targets timed, scaled" if sample else "all timed"
    line(f"naive loop, {len(requests)} targets ({measured})", estimate)
    return estimate


def peak(memory: PeakMemory, target: str) -> None:
    print(
        f"  peak memory (all processes, shared pages once): {memory.peak / 2**30:.2f} GiB "
        f"(target: < {target}); resident sizes summed, shared pages once per process: "
        f"{memory.peak_rss / 2**30:.2f} GiB"
    )


def noop(scratch: Path) -> None:
    print("No-op `make reports` (target: < 0.5 s)")
    out = scratch / "noop"
    council_reports("build", "all", "--la", "800", "--out", str(out))
    seconds = min(
        timed(lambda: council_reports("build", "all", "--la", "800", "--out", str(out)))
        for _ in range(3)
    )
    line("council-reports build all --la 800, nothing changed (best of 3)", seconds)


def prose_edit(scratch: Path) -> None:
    print("Change one sentence of prose, rebuild that report (target: < 2 s)")
    project = scratch / "project"
    for name in ("data", "notebooks", "templates"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "pyproject.toml", project)
    arguments = ("build", "attendance", "--la", "800", "--period", "2023-24")
    council_reports(*arguments, cwd=project)
    notebook = project / "notebooks" / "attendance_exclusions.ipynb"
    cells = json.loads(notebook.read_text(encoding="utf-8"))
    markdown = next(c for c in cells["cells"] if c["cell_type"] == "markdown")
    markdown["source"] = "".join(markdown["source"]) + "\n\nOne more sentence."
    notebook.write_text(json.dumps(cells, indent=1) + "\n", encoding="utf-8")
    seconds = timed(lambda: council_reports(*arguments, cwd=project))
    line("council-reports build attendance ... after a Markdown edit", seconds)


def main(argv: Sequence[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, help="time the naive batch on this many targets")
    args = parser.parse_args(argv)
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {time.strftime('%Y-%m-%d')}"
    )
    print("Start-up costs the naive path pays per target:")
    line("a Jupyter kernel starting", kernel_start())
    line("a fresh process importing pandas, altair, vl-convert", stack_imports())
    scratch = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        for measure in (one_report_cold, current_reports, noop, prose_edit):
            measure(scratch / measure.__name__)
        batch(scratch / "batch", args.sample)
        every_la(scratch / "every_la", args.sample)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
