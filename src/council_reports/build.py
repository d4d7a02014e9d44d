"""Build one report for one LA and period into build/<report>/<period>/<la>/, atomically.

Steps: check the data (before any kernel starts) -> execute the notebook into a staging folder
next to the target -> write the document and the cover report -> render every format -> write
the manifest -> swap the staging folder in. A failed build removes its staging folder and leaves
the previous good build as it was. A build whose inputs, code and settings are unchanged since
the last one is skipped (its manifest records a key over all of them).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import __version__
from .errors import DataError, NotebookError, ParameterError, ReportError
from .periods import Period
from .project import Project
from .reports import Report, get_report

Progress = Callable[[str], None]
PACKAGES = (
    "pandas",
    "papermill",
    "altair",
    "vl-convert-python",
    "pypandoc_binary",
    "typst",
    "nbclient",
    "ipykernel",
)
NOTEBOOK = "report.ipynb"


@dataclass(frozen=True)
class BuildRequest:
    report: str
    la: str
    period: Period
    formats: tuple[str, ...]
    renderer: str | None = None
    force: bool = False


@dataclass(frozen=True)
class BuildResult:
    path: Path
    skipped: bool
    seconds: float
    outputs: tuple[str, ...] = field(default=())


def target_dir(project: Project, request: BuildRequest) -> Path:
    return project.build / request.report / str(request.period) / request.la


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files(folder: Path) -> Iterable[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def input_files(project: Project, report: Report) -> list[Path]:
    """Everything a build reads: its data, shared reference data, notebook and templates."""
    folders = [report.data_dir(project.data), *(project.data / name for name in report.inputs)]
    files = [f for folder in folders if folder.is_dir() for f in _files(folder)]
    files.append(project.notebooks / report.notebook)
    files += _files(project.templates)
    return files


def changed_reports(project: Project, report_ids: list[str], since: str) -> list[str]:
    """The reports whose inputs (or the package's code) differ from git revision ``since``."""
    try:
        changed = subprocess.run(
            ["git", "diff", "--name-only", since, "--"],
            cwd=project.root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        untracked = subprocess.run(
            ["git", "ls-files", "--others", "--exclude-standard"],
            cwd=project.root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError) as error:
        raise ParameterError(f"cannot compare with git revision {since!r}: {error}") from None
    paths = set(changed) | set(untracked)
    if any(p.startswith(("src/", "pyproject.toml", "requirements.lock")) for p in paths):
        return list(report_ids)
    return [
        report_id
        for report_id in report_ids
        if paths & {project.relative(f) for f in input_files(project, get_report(report_id))}
        or any(p.startswith(f"data/{get_report(report_id).data}/") for p in paths)
    ]


def code_digest() -> str:
    """One hash over the package's own source, so changed code means a rebuild."""
    digest = hashlib.sha256()
    for path in _files(Path(__file__).parent):
        if path.suffix == ".py":
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def package_versions() -> dict[str, str]:
    found = {"council-reports": __version__}
    for name in PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def git_state(root: Path) -> dict[str, object]:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        return {
            "commit": git("rev-parse", "HEAD"),
            "dirty": bool(git("status", "--porcelain", "-uno")),
        }
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None, "dirty": None}


def build_timestamp(cover_date: object) -> int:
    """The one date embedded in outputs: $SOURCE_DATE_EPOCH, else the meeting date (UTC)."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    day = cover_date if isinstance(cover_date, date) else date(2000, 1, 1)
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def build(
    project: Project, request: BuildRequest, progress: Progress = lambda _: None
) -> BuildResult:
    """Build the requested report; see the module docstring for the steps."""
    from .render import FORMATS, get_renderer

    started = time.perf_counter()
    report = get_report(request.report)
    unknown = [f for f in request.formats if f not in FORMATS]
    if unknown:
        raise ParameterError(
            f"unknown format {', '.join(unknown)}", hint="formats: " + ", ".join(FORMATS)
        )
    renderer = get_renderer(request.renderer)
    target = target_dir(project, request)
    inputs = {project.relative(p): sha256_file(p) for p in input_files(project, report)}
    settings = {
        "report": report.id,
        "la": request.la,
        "period": str(request.period),
        "formats": list(request.formats),
        "renderer": renderer.version(),
    }
    key = hashlib.sha256(
        json.dumps([settings, inputs, code_digest()], sort_keys=True).encode()
    ).hexdigest()
    if not request.force and _up_to_date(target, key):
        return BuildResult(target, True, time.perf_counter() - started)

    data_dir = report.data_dir(project.data)
    report.check(data_dir, request.la, request.period)

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{request.la}.", dir=target.parent))
    try:
        outputs = _build_into(staging, project, report, request, renderer, progress)
        manifest = {
            "report": report.id,
            "title": report.title,
            "la": request.la,
            "period": str(request.period),
            "formats": list(request.formats),
            "build_key": key,
            "inputs": inputs,
            "code": {"council-reports": __version__, "source_sha256": code_digest()},
            "packages": package_versions(),
            "renderer": {"name": renderer.name, "version": renderer.version()},
            "git": git_state(project.root),
            "outputs": {p.relative_to(staging).as_posix(): sha256_file(p) for p in _files(staging)},
        }
        (staging / "manifest.json").write_text(
            json.dumps(manifest, indent=2) + "\n", encoding="utf-8"
        )
        _swap(staging, target)
    except NotebookError as error:
        failed = target.parent / f".{request.la}.failed.ipynb"
        if (staging / NOTEBOOK).is_file():
            shutil.copyfile(staging / NOTEBOOK, failed)
            error = NotebookError(error.message, file=error.file, hint=f"see {failed}")
        shutil.rmtree(staging, ignore_errors=True)
        raise error from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(target, False, time.perf_counter() - started, tuple(outputs))


def _up_to_date(target: Path, key: str) -> bool:
    try:
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return manifest.get("build_key") == key and all(
        (target / name).is_file() for name in manifest.get("outputs", {})
    )


def _build_into(
    staging: Path,
    project: Project,
    report: Report,
    request: BuildRequest,
    renderer,
    progress: Progress,
) -> list[str]:
    from .execute import execute
    from .ledger import Ledger
    from .present.cover import cover_markdown, long_date, read_cover
    from .present.document import document, notebook_markdown
    from .present.slides import read_slides, slides_markdown

    period = request.period
    cover = read_cover(project.templates / report.cover, period)
    timestamp = build_timestamp(cover.get("date"))
    data_dir = report.data_dir(project.data)

    progress("running notebook")
    notebook = staging / NOTEBOOK
    execute(
        project.notebooks / report.notebook,
        notebook,
        {
            "la": request.la,
            "period": str(period),
            "data_dir": os.path.relpath(data_dir, staging),
            "output_dir": ".",
        },
        cwd=staging,
    )
    ledger_path = staging / "facts.json"
    if not ledger_path.is_file():
        raise NotebookError(
            "the notebook did not save its facts ledger",
            file=report.notebook,
            hint="end the notebook with out.save()",
        )
    record = json.loads(ledger_path.read_text(encoding="utf-8"))
    facts = Ledger.load(ledger_path)
    words = {
        "period_label": period.label,
        "previous_label": period.previous.label,
        "period": str(period),
    } | record.get("document", {}).get("words", {})
    metadata = {
        "title": facts.fill(str(cover.get("report_title", report.title)), **words),
        "subtitle": words.get("la_name", request.la),
        "author": cover.get("council", "Bath & North East Somerset Council"),
        "date": long_date(cover.get("date", "")),
        "lang": "en-GB",
        "toc": True,
        "council": cover.get("council", "Bath & North East Somerset Council"),
        "report-id": report.id,
        "la-name": words.get("la_name", request.la),
        "period": period.label,
        "synthetic": bool(record.get("document", {}).get("synthetic", False)),
        "document-type": "report",
    }
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    (staging / "report.qmd").write_text(document(metadata, notebook_markdown(nb)), encoding="utf-8")
    cover_metadata = metadata | {
        "title": facts.fill(str(cover["title"]), **words),
        "subtitle": None,
        "toc": False,
        "document-type": "cover-report",
    }
    cover_metadata = {k: v for k, v in cover_metadata.items() if v is not None}
    try:
        cover_body = cover_markdown(cover, facts, words)
    except KeyError as error:
        raise DataError(
            f"the cover report quotes {error.args[0]}",
            file=project.templates / report.cover,
            hint=f"use facts the notebook records for {period} (see facts.json)",
        ) from None
    (staging / "cover-report.qmd").write_text(
        document(cover_metadata, cover_body), encoding="utf-8"
    )
    documents = ["report.qmd", "cover-report.qmd"]
    if report.slides:
        slides = slides_markdown(
            read_slides(project.templates / report.slides), facts, words, record.get("figures", {})
        )
        slides_metadata = metadata | {"toc": False, "document-type": "slides"}
        (staging / "slides.qmd").write_text(document(slides_metadata, slides), encoding="utf-8")
    rendered = []
    for name in documents:
        formats = ", ".join(request.formats)
        progress(f"rendering {name.removesuffix('.qmd')} ({formats}) with {renderer.name}")
        paths = renderer.render(staging / name, request.formats, staging, timestamp=timestamp)
        rendered += [p.name for p in paths.values()]
    if report.slides:
        formats = ", ".join(renderer.slide_formats)
        progress(f"rendering slides ({formats}) with {renderer.name}")
        paths = renderer.render(
            staging / "slides.qmd", renderer.slide_formats, staging, timestamp=timestamp
        )
        rendered += [p.name for p in paths.values()]
    return rendered


def _swap(staging: Path, target: Path) -> None:
    """Put the finished build in place of the old one with two renames."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_all(
    project: Project,
    requests: Iterable[BuildRequest],
    progress: Callable[[BuildRequest, str], None],
) -> list[BuildResult]:
    """Build each request in turn; the first error stops the batch (earlier builds stay)."""
    results = []
    for request in requests:
        results.append(build(project, request, lambda message, r=request: progress(r, message)))
    return results


__all__ = ["BuildRequest", "BuildResult", "ReportError", "build", "build_all", "target_dir"]
