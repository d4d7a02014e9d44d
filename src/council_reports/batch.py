"""Many builds at once: every LA of a region, every year, every report, on warm workers.

    council-reports build attendance --la E12000009 --period all     # every South West LA
    council-reports build all --la 800 --shard 2/4                   # a quarter of a CI matrix

Targets are expanded from the command line (``select``), split deterministically into shards
(``shard``) and built (``run``): one target in this process; several by a pool of worker
processes (one per core by default) that import pandas, altair and the rest once, start the
chart engine once, and then build target after target. Each notebook still runs in a fresh
namespace (execute.py), so nothing from one LA or year reaches the next. One target's failure is
reported and the others still build.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path
from queue import Empty
from typing import Any

from .build import BuildResult, build, up_to_date
from .errors import ParameterError, ReportError, choices, os_error_line
from .framework import get_report
from .keys import files_in
from .periods import Period
from .planning import BuildRequest, data_folders, plan_target, target_dir
from .project import Project

Progress = Callable[[BuildRequest, str], None]
REGION = "E12"  # ONS region codes start so: E12000009 is the South West


@dataclass(frozen=True)
class Outcome:
    """How one target went: its result, or the one line saying why it failed."""

    request: BuildRequest
    result: BuildResult | None = None
    error: str | None = None
    bug: str | None = None  # a traceback: a bug in council-reports, not the user's mistake


def _region_las(project: Project, region: str) -> set[str]:
    import csv

    path = project.data / "reference" / "local_authorities.csv"
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    except OSError:
        raise ParameterError(f"no LA list to find region {region}", hint=f"add {path}") from None
    found = {row["old_la_code"] for row in rows if row.get("region_code") == region}
    if not found:
        raise ParameterError(f"no LA in region {region!r}", hint=f"regions are listed in {path}")
    return found


def _choose(spec: str, known: Sequence[str], what: str, expand: Callable[[str], set[str]]):
    """The items of ``known`` that ``spec`` asks for: one, a comma list, ``all``, or a code that
    ``expand`` turns into several."""
    if spec == "all":
        return list(known)
    wanted: list[str] = []
    missing: list[str] = []  # every one the data lacks, named at once
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        items = expand(part)
        if not part.startswith(REGION):
            missing += sorted(items - set(known))
        wanted += [item for item in known if item in items]
    if missing:
        raise ParameterError(f"no data for {what} {', '.join(missing)}", hint=choices(what, known))
    wanted = [item for item in known if item in wanted]  # the data's order, each once
    if not wanted:
        raise ParameterError(f"no {what} chosen by {spec!r}", hint=choices(what, known))
    return wanted


def select(
    project: Project,
    report_ids: Iterable[str],
    *,
    la: str,
    period: str | None,
    formats: str | None,
    renderer: str | None = None,
    force: bool = False,
    publish: str | None = None,
) -> list[BuildRequest]:
    """The targets a command line asks for, in a fixed order (report, period, LA), each decided
    here once: its audience (``publish``, else the report's cover settings', else committee),
    its attachments and whether it has slides.

    ``la``: a code, a comma list, ``all`` (every LA in the report's data) or a region code;
    ``period``: a year such as 2023-24, a comma list, ``all`` or None (every year the data has
    for the chosen LAs), or ``latest`` (the most recent of those years)."""
    requests = []
    for report_id in report_ids:
        report = get_report(report_id)
        coverage = report.coverage(report.data_dir(project.data))
        every_la = sorted({code for las in coverage.values() for code in las})
        if not every_la:
            raise ParameterError(f"no data for {report.id}", hint="see 'council-reports list'")

        def las_of(part: str) -> set[str]:
            return _region_las(project, part) if part.startswith(REGION) else {part}

        chosen_las = _choose(la, every_la, "LA", las_of)
        years = list(coverage)
        if period in (None, "all"):
            chosen_years = [y for y in years if set(coverage[y]) & set(chosen_las)]
        elif period == "latest":
            chosen_years = [max(y for y in years if set(coverage[y]) & set(chosen_las))]
        else:
            parsed = [str(Period.parse(p)) for p in period.split(",") if p.strip()]
            chosen_years = _choose(",".join(parsed), years, "period", lambda p: {p})
        chosen = _formats(formats, report.formats)
        for year in sorted(chosen_years):
            for code in chosen_las:
                if code not in coverage.get(year, ()) and (
                    period in (None, "all", "latest") or la == "all" or la.startswith(REGION)
                ):
                    continue  # an LA or year the data does not cover: nothing asked of it
                target = plan_target(project, report, code, Period.parse(year), publish)
                report.require(target, coverage)
                requests.append(BuildRequest(target, chosen, renderer, force))
    return requests


def _formats(text: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    if text is None:
        return default
    return tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))


def parse_shard(text: str) -> tuple[int, int]:
    """``2/4`` -> (2, 4): the second of four shards."""
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        index = count = 0
    if not 1 <= index <= count:
        raise ParameterError(f"shard {text!r} is not i/n with 1 <= i <= n", hint="e.g. --shard 2/4")
    return index, count


def shard(requests: Sequence[BuildRequest], index: int, count: int) -> list[BuildRequest]:
    """The ``index``-th of ``count`` shards: every count-th target, so the shards are even and
    the same command line always gives the same split."""
    return list(requests[index - 1 :: count])


# --- building ------------------------------------------------------------------------------

_queue: Any = None  # a worker's line back to the parent, for progress


def _warm(queue: Any, templates: Path) -> None:
    """Start a worker: import what every build needs and start the chart engine, once."""
    global _queue
    _queue = queue
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # unwind: staging is removed
    from .execute import block_slow_imports

    block_slow_imports()
    import pandas as pd

    from . import notebook  # noqa: F401  altair, the report model
    from .execute import _engine
    from .present.charts import bar_chart

    _engine()  # papermill and IPython
    frame = pd.DataFrame({"group": ["a"], "series": ["s"], "value": [1]})
    chart = bar_chart(
        frame,
        id="warm-up",
        caption="",
        title="",
        category="group",
        series="series",
        value="value",
        unit="count",
        decimals=0,
    )
    chart.svg(templates)  # the chart engine (V8) starts once per worker, not once per chart


def _attempt(project: Project, request: BuildRequest, progress: Progress) -> Outcome:
    try:
        result = build(project, request, lambda message: progress(request, message))
    except ReportError as error:
        return Outcome(request, error=str(error))
    except OSError as error:  # a full or read-only disk: the user's to fix
        return Outcome(request, error=os_error_line(error))
    except Exception:
        return Outcome(request, bug=traceback.format_exc())
    return Outcome(request, result)


def _in_worker(project: Project, request: BuildRequest) -> Outcome:
    return _attempt(project, request, lambda r, message: _queue.put((r.name, message)))


def workers_default() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run(
    project: Project,
    requests: Sequence[BuildRequest],
    progress: Progress,
    done: Callable[[Outcome], None],
    jobs: int | None = None,
) -> list[Outcome]:
    """Build every request; ``progress`` hears each step, ``done`` each outcome as it comes.
    Targets already up to date are found here first, so a batch with nothing to do starts no
    worker; one target, or one job, is built here (build() finds it up to date itself)."""
    outcomes: list[Outcome] = []

    def here(targets: Sequence[BuildRequest]) -> list[Outcome]:
        for request in targets:
            outcomes.append(_attempt(project, request, progress))
            done(outcomes[-1])
        return _in_order(outcomes, requests)

    if len(requests) <= 1 or (jobs or workers_default()) <= 1:
        return here(requests)
    work = []
    for request in requests:
        started = time.perf_counter()
        if _current(project, request):
            result = BuildResult(target_dir(project, request), "up to date", 0.0)
            outcomes.append(
                Outcome(request, replace(result, seconds=time.perf_counter() - started))
            )
            done(outcomes[-1])
        else:
            work.append(request)
    jobs = min(jobs or workers_default(), len(work))
    if jobs <= 1:
        return here(work)
    work = largest_first(project, work)
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    queue = context.Queue()
    names = {request.name: request for request in work}
    pool = ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_warm, initargs=(queue, project.templates)
    )
    try:
        futures: dict[Future, BuildRequest] = {
            pool.submit(_in_worker, project, request): request for request in work
        }
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            while True:
                try:
                    name, message = queue.get_nowait()
                except Empty:
                    break
                progress(names[name], message)
            for future in finished:
                outcomes.append(future.result())
                done(outcomes[-1])
    except BaseException:
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()  # SIGTERM: each worker removes its staging folder
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()
    return _in_order(outcomes, requests)


def _current(project: Project, request: BuildRequest) -> bool:
    """Whether the target is up to date; a target whose plan fails is left to its build, which
    reports why."""
    try:
        return up_to_date(project, request)
    except (ReportError, OSError):
        return False


def largest_first(project: Project, requests: Sequence[BuildRequest]) -> list[BuildRequest]:
    """The targets in the order workers take them: the report reading the most data first (it
    usually takes longest), so the longest is not started last to run alone while the other
    workers stand idle, as the IRO report's notebook did for 2.5 s of three current reports."""
    sizes: dict[str, int] = {}
    for report in {request.report for request in requests}:
        folders = data_folders(project, get_report(report))
        sizes[report] = sum(f.stat().st_size for folder in folders for f in files_in(folder))
    return sorted(requests, key=lambda request: sizes[request.report], reverse=True)


def _in_order(outcomes: list[Outcome], requests: Sequence[BuildRequest]) -> list[Outcome]:
    order = {request: index for index, request in enumerate(requests)}
    return sorted(outcomes, key=lambda outcome: order[outcome.request])


def summary(outcomes: Sequence[Outcome], root: Path, seconds: float) -> list[str]:
    """A table of every target's state and time, and a totals line."""
    lines = [f"{'target':<36} {'state':<12} {'seconds':>7}"]
    counts: dict[str, int] = {}
    for outcome in outcomes:
        state = outcome.result.state if outcome.result else "failed"
        counts[state] = counts.get(state, 0) + 1
        took = f"{outcome.result.seconds:7.1f}" if outcome.result else " " * 7
        lines.append(f"{outcome.request.name:<36} {state:<12} {took}")
    totals = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
    lines.append(f"{len(outcomes)} targets in {root}: {totals}, {seconds:.1f}s")
    return lines
