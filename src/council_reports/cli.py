"""The ``council-reports`` command.

Errors a user can fix (bad data, an unknown LA) are one line on stderr and exit code 2; a
traceback means a bug in council-reports.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import ReportError
from .periods import Period

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
  council-reports diff build/attendance/2022-23/800 build/attendance/2023-24/800
"""


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
        "lint", help="find numbers typed by hand in notebooks' prose and cover reports"
    )

    diff = commands.add_parser(
        "diff",
        help="what changed between two builds (exit 1 when they differ)",
        description="Compare two build folders: two years of a report, or two builds of a year.",
    )
    diff.add_argument(
        "old",
        type=Path,
        help="the earlier build, e.g. build/attendance/2022-23/800, or a whole build folder",
    )
    diff.add_argument("new", type=Path, help="the later build (or build folder)")
    diff.add_argument("--format", choices=("md", "html", "json"), default="md")
    diff.add_argument("--output", type=Path, help="write here instead of standard output")
    diff.add_argument(
        "--fail-on",
        default="any",
        metavar="KINDS",
        help="comma-separated kinds that make the exit code 1: any, facts, tables, figures, prose",
    )
    diff.add_argument(
        "--threshold",
        type=float,
        default=0.0,
        metavar="PCT",
        help="ignore fact changes of at most PCT per cent when deciding the exit code",
    )

    build = commands.add_parser(
        "build",
        help="build a report",
        description="Build a report for one LA and year.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build.add_argument("report", help="report id (see 'list'), or 'all'")
    build.add_argument("--la", default="800", help="DfE three-digit LA code (default: 800, B&NES)")
    build.add_argument("--period", help="year such as 2023-24 (default: every year in the data)")
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
        "--changed-since",
        metavar="REF",
        help="only reports whose data, notebook, templates or code changed since git REF",
    )
    return parser


def _formats(text: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    if text is None:
        return default
    return tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))


def _list(args: argparse.Namespace) -> int:
    from .project import Project
    from .reports import get_report, report_ids

    project = Project.locate(data=args.data)
    for report_id in report_ids():
        report = get_report(report_id)
        print(f"{report.id}: {report.title}")
        coverage = report.coverage(report.data_dir(project.data))
        if not coverage:
            print("    no data found")
        for period, las in coverage.items():
            print(f"    {period}: LAs {', '.join(las)}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from .build import BuildRequest, build
    from .project import Project
    from .reports import get_report, report_ids

    project = Project.locate(data=args.data, build=args.out)
    ids = report_ids() if args.report == "all" else [args.report]
    if args.changed_since:
        from .build import changed_reports

        ids = changed_reports(project, ids, args.changed_since)
        print(f"changed since {args.changed_since}: {', '.join(ids) or 'nothing'}", file=sys.stderr)
    requests = []
    for report_id in ids:
        report = get_report(report_id)
        if args.period:
            periods = [Period.parse(args.period)]
        else:
            coverage = report.coverage(report.data_dir(project.data))
            periods = [Period.parse(p) for p, las in coverage.items() if args.la in las]
            if not periods:
                raise ReportError(
                    f"no data for LA {args.la!r} in {report.id}", hint="see 'council-reports list'"
                )
        formats = _formats(args.to, report.formats)
        requests += [
            BuildRequest(report.id, args.la, period, formats, args.renderer, args.force)
            for period in periods
        ]
    started = time.perf_counter()

    def progress(request: BuildRequest, message: str) -> None:
        name = f"{request.report} {request.period} {request.la}"
        print(
            f"[{time.perf_counter() - started:5.1f}s] {name}: {message}",
            file=sys.stderr,
            flush=True,
        )

    for request in requests:
        result = build(project, request, lambda message, r=request: progress(r, message))
        state = result.state if result.skipped else f"{result.state} in {result.seconds:.1f}s"
        print(f"{project.relative(result.path)}: {state}")
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


def _diff(args: argparse.Namespace) -> int:
    from .diff import KINDS, compare, compare_roots

    wanted = {k.strip() for k in args.fail_on.split(",") if k.strip()}
    if wanted - {"any", *KINDS}:
        raise ReportError(
            f"unknown --fail-on kind {', '.join(sorted(wanted - {'any', *KINDS}))}",
            hint="kinds: any, " + ", ".join(KINDS),
        )
    if (args.old / "manifest.json").is_file() or (args.new / "manifest.json").is_file():
        results = [compare(args.old, args.new)]
    else:  # two build roots: every build found in both
        results = list(compare_roots(args.old, args.new).values())
    render = {"md": "to_markdown", "html": "to_html", "json": "to_json"}[args.format]
    text = "\n".join(getattr(result, render)() for result in results)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    found = set().union(*(result.kinds(args.threshold) for result in results))
    return 1 if found & (set(KINDS) if "any" in wanted else wanted) else 0


def _terminated(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # unwinds like Ctrl-C: staging folders and locks are removed


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        return {"list": _list, "build": _build, "lint": _lint, "diff": _diff}[args.command](args)
    except ReportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # a read-only folder, a full disk: one line, no traceback
        where = f"{error.filename}: " if error.filename else ""
        print(f"error: {where}{error.strerror or error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: the previous build is unchanged", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
