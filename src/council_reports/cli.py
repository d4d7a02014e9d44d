"""The ``council-reports`` command.

Errors a user can fix (bad data, an unknown LA) are one line on stderr and exit code 2; a
traceback means a bug in council-reports.
"""

from __future__ import annotations

import argparse
import signal
import sys
import textwrap
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .errors import DataWarning, ReportError, os_error_line

DESCRIPTION = """\
Rebuild the council's annual reports from source data.

Each build runs the report's notebook on the data for one local authority (LA) and one
year, and writes build/<report>/<period>/<la>/: report.html, report.docx, report.pdf, the
cover report in the same formats, tables/*.csv, figures/*.svg, facts.json (every number the
narrative quotes) and manifest.json (what went in)."""

EXAMPLES = """\
examples:
  council-reports list
  council-reports build attendance --la 800 --period 2023-24
  council-reports build attendance --la 800 --period 2023-24 --to html
  council-reports build all --la 800           every report, every year in the data
  council-reports build attendance --la E12000009 --period all   every South West LA
  council-reports diff build/attendance/2022-23/800 build/attendance/2023-24/800
  council-reports diff published/iro/2024-25/800 build/iro/2024-25/800   against what was sent
  council-reports archive build/iro/2024-25/800   keep the build the committee was sent
  council-reports open attendance --la 800 --period 2023-24   a copy to run in JupyterLab
  council-reports preview attendance --la 800 --period 2023-24   in the browser, live
  council-reports new youth_justice                           start a new report
  council-reports fetch attendance --dry-run                  what a new DfE release changes
  council-reports check iro --period 2025-26                   what a new year's data lacks
"""


def _one_target(command: argparse.ArgumentParser) -> None:
    """The arguments of a command about one report, LA and year (open, preview)."""
    command.add_argument("report", help="report id (see 'list')")
    command.add_argument("--la", default="800", help="DfE three-digit LA code (default: 800)")
    command.add_argument("--period", required=True, help="year such as 2023-24")
    command.add_argument("--data", type=Path, help="data folder (default: data/)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="council-reports",
        description=DESCRIPTION,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    listing = commands.add_parser(
        "list", help="the reports, and the LAs and years each one's data holds"
    )
    listing.add_argument("--data", type=Path, help="data folder (default: data/)")

    commands.add_parser(
        "lint",
        help="find numbers typed by hand in what authors write: notebooks, report modules, "
        "cover and slides settings, published figures' reasons",
    )

    opening = commands.add_parser(
        "open",
        help="write a copy of a report's notebook with its parameters set, for JupyterLab",
        description="Write build/open/<report>/<period>/<la>/<notebook>: the report's notebook "
        "with its parameters set, ready to run in JupyterLab (prose is edited in notebooks/).",
    )
    _one_target(opening)

    previewing = commands.add_parser(
        "preview",
        help="a report in the browser, built again and reloaded whenever its notebook, data, "
        "templates or settings change",
        description="Build a report's HTML into a temporary folder (never build/), serve it on "
        "127.0.0.1, and build it again and reload the page on every saved edit of its notebook, "
        "data, format templates, cover or slides settings. A failed build shows its error above "
        "the last good page. Ctrl-C stops it and removes what it built.",
    )
    _one_target(previewing)
    previewing.add_argument(
        "--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)"
    )
    previewing.add_argument(
        "--renderer", help="quarto or pandoc-typst (default: quarto if on PATH)"
    )

    new = commands.add_parser(
        "new",
        help="start a new report: notebook, data folder, module, cover, slides and a test",
        description="Write a small working report to edit into the new one.",
    )
    new.add_argument("name", help="the report's id, a lower-case word such as youth_justice")
    new.add_argument("--title", help="the report's title (default: from the name)")

    diff = commands.add_parser(
        "diff",
        help="what changed between two builds (exit 1 when they differ)",
        description="Compare two build folders (two years of a report, or two builds of a "
        "year), or every build under two build/ folders: new, gone and renamed targets and "
        "tables first, then each build's changes by section of the report, largest first.",
    )
    diff.add_argument(
        "old",
        type=Path,
        help="the earlier build, e.g. build/attendance/2022-23/800, or a whole build folder",
    )
    diff.add_argument("new", type=Path, help="the later build (or build folder)")
    diff.add_argument(
        "--format",
        choices=("md", "html", "json"),
        default="md",
        help="for standard output, and for an --output whose name ends in none of .md, "
        ".html, .json (default: md)",
    )
    diff.add_argument(
        "--output",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="write here instead of standard output, in the format its name ends in; repeat "
        "for several formats (--output review.md --output review.html)",
    )
    diff.add_argument(
        "--max-chars",
        type=int,
        metavar="N",
        help="cut the Markdown at a section when longer than N characters (a pull-request "
        "comment holds 65,536)",
    )
    diff.add_argument(
        "--fail-on",
        default="any",
        metavar="KINDS",
        help="comma-separated kinds that make the exit code 1: any, none, targets, facts, "
        "tables, figures, prose",
    )
    diff.add_argument(
        "--threshold",
        type=float,
        default=0.0,
        metavar="PCT",
        help="ignore fact changes of at most PCT per cent when deciding the exit code",
    )

    archive = commands.add_parser(
        "archive",
        help="keep a build as it was published: copy it, checked, into published/",
        description="Copy each build, checked against its manifest, into the archive of what "
        "was published (published/<report>/<period>/<la>/), so a reviewer can compare a "
        "rebuild with what the committee saw. An archived build is never replaced.",
    )
    archive.add_argument("builds", nargs="+", type=Path, help="build folders, as published")
    archive.add_argument(
        "--to", type=Path, metavar="DIR", help="the archive folder (default: published/)"
    )

    collect = commands.add_parser(
        "collect",
        help="merge the build folders of shards (build --shard i/n) into one",
        description="Copy every build in the shard folders into one build folder, refusing "
        "shards that overlap or were built from different code or packages.",
    )
    collect.add_argument("shards", nargs="+", type=Path, help="the shards' build folders")
    collect.add_argument("--out", type=Path, help="build folder (default: build/)")

    checking = commands.add_parser(
        "check",
        help="say everything a year's data lacks or has wrong, a line each (exit 2 if any)",
        description="Check the data for one report, year and LA before building it: the "
        "report's checks, each file or record with nothing for the year, and (for the IRO "
        "report) the DfE's 903 rules; every problem at once, one line each (docs/new-year.md).",
    )
    checking.add_argument("report", help="report id (see 'list')")
    checking.add_argument("--period", required=True, help="year such as 2025-26")
    checking.add_argument("--la", default="800", help="DfE LA code (default: 800)")
    checking.add_argument("--data", type=Path, help="data folder (default: data/)")

    fetching = commands.add_parser(
        "fetch",
        help="download a newer release of the DfE's open data into a data folder",
        description="Download what data/FOLDER/sources.yml declares from the DfE's Explore "
        "Education Statistics (its API, or the data catalogue's CSVs), check it with the loader, "
        "write it with its metadata, provenance and a data-log entry, and say what changed "
        "(docs/fetching.md).",
    )
    fetching.add_argument("folder", help="data folder, e.g. attendance")
    fetching.add_argument("files", nargs="*", help="only these declared files (default: all)")
    fetching.add_argument("--la", default="800", help="LA whose changed figures are listed")
    fetching.add_argument("--data", type=Path, help="data folder (default: data/)")
    fetching.add_argument(
        "--dry-run", action="store_true", help="fetch, check and compare; write nothing to data/"
    )

    build = commands.add_parser(
        "build",
        help="build a report",
        description="Build a report for one LA and year.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build.add_argument("report", help="report id (see 'list'), or 'all'")
    build.add_argument(
        "--la",
        default="800",
        help="DfE three-digit LA code, a comma list, 'all' (every LA in the data) or a region "
        "code such as E12000009 (its LAs) (default: 800, B&NES)",
    )
    build.add_argument(
        "--period",
        help="year such as 2023-24, a comma list, 'all' or 'latest' (default: every year in "
        "the data)",
    )
    build.add_argument(
        "--timings", action="store_true", help="say where each build's time went, step by step"
    )
    build.add_argument(
        "--to",
        default=None,
        metavar="FORMATS",
        help="comma-separated formats: html,docx,pdf (default: all)",
    )
    build.add_argument("--data", type=Path, help="data folder (default: data/)")
    build.add_argument("--out", type=Path, help="build folder (default: build/)")
    build.add_argument("--renderer", help="quarto or pandoc-typst (default: quarto if on PATH)")
    build.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    build.add_argument(
        "--publish",
        choices=("committee", "public"),
        help="audience: committee (figures as printed) or public (small counts suppressed); "
        "default: the cover settings' publish, else committee",
    )
    build.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="build N targets at a time (default: one per core)",
    )
    build.add_argument(
        "--shard",
        metavar="I/N",
        help="build only the I-th of N even shares of the targets (a CI matrix job)",
    )
    build.add_argument(
        "--changed-since",
        metavar="REF",
        help="only reports whose data, notebook, templates or code changed since git REF",
    )
    return parser


def _list(args: argparse.Namespace) -> int:
    from .framework import get_report, report_ids
    from .project import Project

    project = Project.locate(data=args.data)
    for report_id in report_ids():
        report = get_report(report_id)
        print(f"{report.id}: {report.title}")
        coverage = report.coverage(report.data_dir(project.data))
        if not coverage:
            print("    no data found")
        every = sorted({la for las in coverage.values() for la in las})
        for periods, las in _alike(coverage).items():
            lacking = [la for la in every if la not in las]
            what = f"LA {las[0]}" if len(every) == 1 else f"{len(las)} LAs"
            print(
                f"    {', '.join(periods)}: {what}"
                + (f" (not {', '.join(lacking)})" if lacking else "")
            )
        if len(every) > 1:
            print(
                textwrap.fill(
                    ", ".join(every), 96, initial_indent="    LAs: ", subsequent_indent=" " * 9
                )
            )
    return 0


def _alike(coverage: dict[str, tuple[str, ...]]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """The years of a report's data grouped by the LAs they hold (a year apart when its LAs
    differ: a reorganisation), so England's LAs are listed once, not for each of ten years."""
    years: dict[tuple[str, ...], list[str]] = {}
    for period, las in coverage.items():
        years.setdefault(las, []).append(period)
    return {tuple(periods): las for las, periods in years.items()}


def _build(args: argparse.Namespace) -> int:
    from .batch import parse_shard, run, select, shard, summary
    from .execute import block_slow_imports

    block_slow_imports()
    from .framework import report_ids
    from .project import Project

    project = Project.locate(data=args.data, build=args.out)
    ids = report_ids() if args.report == "all" else [args.report]
    if args.changed_since:
        from .planning import changed_reports

        ids = changed_reports(project, ids, args.changed_since)
        print(f"changed since {args.changed_since}: {', '.join(ids) or 'nothing'}", file=sys.stderr)
    requests = select(
        project,
        ids,
        la=args.la,
        period=args.period,
        formats=args.to,
        renderer=args.renderer,
        force=args.force,
        publish=args.publish,
    )
    if args.shard:
        requests = shard(requests, *parse_shard(args.shard))
    status = Status(len(requests))
    started = time.perf_counter()

    def done(outcome) -> None:
        status.finished(outcome)
        if outcome.result:
            result = outcome.result
            state = result.state if result.skipped else f"{result.state} in {result.seconds:.1f}s"
            print(f"{project.relative(result.path)}: {state}", flush=True)
            for note in result.notes:
                print(f"note: {project.relative(result.path)}: {note}", file=sys.stderr, flush=True)
        elif outcome.error:
            where = f"{outcome.request.name}: " if len(requests) > 1 else ""
            for line in outcome.error.splitlines():  # several mistakes: a line each
                print(f"error: {where}{line}", file=sys.stderr, flush=True)
        else:
            print(
                f"{outcome.request.name}: a bug in council-reports, please report it:\n"
                f"{outcome.bug}",
                file=sys.stderr,
                flush=True,
            )

    outcomes = run(project, requests, status.step, done, jobs=args.jobs)
    status.clear()
    if len(outcomes) > 1:
        seconds = time.perf_counter() - started
        print("\n".join(summary(outcomes, project.relative(project.build), seconds)))
    if args.timings:
        for outcome in outcomes:
            if outcome.result:
                steps = ", ".join(f"{k} {v:.2f}s" for k, v in outcome.result.timings.items())
                print(f"{outcome.request.name}: {steps}")
    if any(outcome.bug for outcome in outcomes):
        return 1
    return 2 if any(outcome.error for outcome in outcomes) else 0


class Status:
    """Where a build is, on a terminal: one line, rewritten (target, step, how long is left).
    Elsewhere (CI logs, pipes) only each target's outcome is printed, so an error is the one
    line on standard error."""

    def __init__(self, total: int) -> None:
        self.total, self.count = total, 0
        self.started = time.perf_counter()
        self.live = sys.stderr.isatty()

    def step(self, request, message: str) -> None:
        if not self.live:
            return
        elapsed = time.perf_counter() - self.started
        left = ""
        if self.count:
            left = f", about {elapsed / self.count * (self.total - self.count):.0f}s left"
        line = f"[{self.count}/{self.total}{left}] {request.name}: {message}"
        print(f"\r{line[:110]:<110}", end="", file=sys.stderr, flush=True)

    def finished(self, outcome) -> None:
        self.count += 1
        self.clear()

    def clear(self) -> None:
        if self.live:
            print(f"\r{'':<110}\r", end="", file=sys.stderr, flush=True)


def _collect(args: argparse.Namespace) -> int:
    from .collect import collect
    from .project import Project

    project = Project.locate(build=args.out)
    places = collect(args.shards, project.build)
    print(f"{len(places)} builds collected into {project.relative(project.build)}")
    return 0


def _lint(args: argparse.Namespace) -> int:
    from .lint import lint
    from .project import Project

    project = Project.locate()
    findings = lint(project.root)
    for finding in findings:
        print(finding)
    print(f"{len(findings)} hand-typed number(s)" if findings else "no hand-typed numbers")
    return 1 if findings else 0


def _open(args: argparse.Namespace) -> int:
    from .periods import Period
    from .project import Project
    from .scaffold import open_notebook

    project = Project.locate(data=args.data)
    copy = open_notebook(project, args.report, args.la, Period.parse(args.period))
    print(project.relative(copy))
    print(
        f"open it in JupyterLab: .venv/bin/jupyter lab {project.relative(copy)} (make lab "
        "installs JupyterLab); changes made there are not kept: edit the prose in notebooks/",
        file=sys.stderr,
    )
    return 0


def _preview(args: argparse.Namespace) -> int:
    from .execute import block_slow_imports

    block_slow_imports()
    from .preview import preview
    from .project import Project

    def ready(url: str) -> None:
        print(f"preview: {url} (Ctrl-C to stop)", flush=True)

    project = Project.locate(data=args.data)
    preview(
        project,
        args.report,
        args.la,
        args.period,
        port=args.port,
        renderer=args.renderer,
        ready=ready,
    )
    print("preview stopped", file=sys.stderr)
    return 0


def _new(args: argparse.Namespace) -> int:
    from .project import Project
    from .scaffold import new_report

    project = Project.locate()
    for path in new_report(project, args.name, args.title):
        print(project.relative(path))
    print(
        f"next: council-reports build {args.name} --la 800 --period 2024-25, then edit the "
        "files above (docs/authoring.md)",
        file=sys.stderr,
    )
    return 0


def _diff(args: argparse.Namespace) -> int:
    from .diff import KINDS, compare_paths, to_html, to_json, to_markdown
    from .staging import write_atomically

    wanted = {k.strip() for k in args.fail_on.split(",") if k.strip()}
    if wanted - {"any", "none", *KINDS}:
        raise ReportError(
            f"unknown --fail-on kind {', '.join(sorted(wanted - {'any', 'none', *KINDS}))}",
            hint="kinds: any, none, " + ", ".join(KINDS),
        )
    review = compare_paths(args.old, args.new)  # everything read and checked before any write
    views = {
        "md": lambda: to_markdown(review, args.max_chars),
        "html": lambda: to_html(review),
        "json": lambda: to_json(review),
    }
    for output in args.output:
        view = output.suffix[1:] if output.suffix[1:] in views else args.format
        write_atomically(output, views[view]())
    if not args.output:
        sys.stdout.write(views[args.format]())
    found = review.kinds(args.threshold)
    return 1 if found & (set(KINDS) if "any" in wanted else wanted) else 0


def _check(args: argparse.Namespace) -> int:
    from .periods import Period
    from .project import Project
    from .readiness import problems

    period = Period.parse(args.period)
    found = problems(Project.locate(data=args.data), args.report, args.la, period)
    for problem in found:
        print(f"error: {problem.line()}", file=sys.stderr)
    place = f"{args.report} {period} for LA {args.la}"
    if found:
        print(f"{len(found)} problem{'s' if len(found) > 1 else ''} in the data for {place}")
        return 2
    print(f"the data for {place} is complete and passes its checks")
    return 0


def _fetch(args: argparse.Namespace) -> int:
    import os

    from .fetch import fetch
    from .load.ees_client import API_URL, CONTENT_URL, Client
    from .project import Project

    client = Client(
        os.environ.get("EES_API_URL", API_URL), os.environ.get("EES_CONTENT_API_URL", CONTENT_URL)
    )
    fetch(
        Project.locate(data=args.data),
        args.folder,
        client=client,
        la=args.la,
        files=args.files,
        dry_run=args.dry_run,
    )
    return 0


def _archive(args: argparse.Namespace) -> int:
    from .archive import archive
    from .project import Project

    project = Project.locate()
    archive_root = args.to or project.root / "published"
    for kept in archive(args.builds, archive_root):
        print(project.relative(kept))
    return 0


def _terminated(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # unwinds like Ctrl-C: staging folders and locks are removed


def _as_note(show: Callable[..., None]) -> Callable[..., None]:
    """Python's warning display, saying a DataWarning (a check that could not run) as a
    note in one line."""

    def shown(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        if issubclass(category, DataWarning):
            print(f"note: {message}", file=sys.stderr)
        else:
            show(message, category, *args, **kwargs)

    return shown


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        commands = {"list": _list, "build": _build, "collect": _collect, "lint": _lint}
        commands |= {"diff": _diff, "archive": _archive, "open": _open, "new": _new}
        commands |= {"fetch": _fetch, "check": _check, "preview": _preview}
        with warnings.catch_warnings():
            warnings.showwarning = _as_note(warnings.showwarning)
            return commands[args.command](args)
    except ReportError as error:
        for line in error.lines():
            print(f"error: {line}", file=sys.stderr)
        return 2
    except OSError as error:  # a read-only folder, a full disk: one line, no traceback
        print(f"error: {os_error_line(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: the previous build is unchanged", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
