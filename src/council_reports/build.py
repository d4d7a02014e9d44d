"""Build one report for one LA and period into build/<report>/<period>/<la>/, atomically.

Steps: check the data -> run the notebook into a staging folder next to the target -> write the
report, cover report and slides documents -> render every format -> write the manifest -> swap
the staging folder in. Each step runs only when what it depends on changed (``keys``): a build
whose inputs are unchanged is skipped, and a build whose notebook code, data and package code
are unchanged (a prose, template or settings edit) renders again from the last run's executed
notebook and facts without running it. A failed build leaves the previous good build as it was
(``staging``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import shutil
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__, keys
from .errors import DataWarning, NotebookError, ParameterError, ReportError, ReportErrors
from .framework import Target
from .framework.registry import SLIDES
from .ledger import Ledger
from .manifests import DISCLOSURE, TEAM_AUDIT, WORKBOOK, changed_outputs
from .planning import (
    ATTACHMENTS,
    BuildRequest,
    Plan,
    attachments,
    git_state,
    plan,
    renderer_version,
    target_dir,
)
from .project import Project
from .staging import clear_debris, debris, staging, swap, target_lock

Progress = Callable[[str], None]
NOTEBOOK = "report.ipynb"
EXECUTED = (NOTEBOOK, "facts.json", "tables", "figures", WORKBOOK)  # what a notebook run leaves
PICTURES = ("docx", "pptx")  # the formats that show a chart as its PNG twin


@dataclass(frozen=True)
class BuildResult:
    path: Path
    # "built", "rendered" (only prose, templates or settings changed), "up to date", or
    # "rebuilt (report.html had changed)": an output no longer as the build wrote it
    state: str
    seconds: float
    outputs: tuple[str, ...] = field(default=())
    timings: dict[str, float] = field(default_factory=dict)  # step: seconds, where time went
    notes: tuple[str, ...] = field(default=())  # what the user should know, a line each

    @property
    def skipped(self) -> bool:
        return self.state == "up to date"


class Timings(dict[str, float]):
    """Seconds spent in each step of a build: ``with timings("notebook"): ...``."""

    @contextlib.contextmanager
    def __call__(self, step: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self[step] = self.get(step, 0.0) + time.perf_counter() - started


def _manifest(target: Path) -> dict[str, Any]:
    try:
        return json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _has(target: Path, names: object) -> bool:
    return all((target / str(name)).exists() for name in names)  # type: ignore[union-attr]


def _same_keys(previous: dict[str, Any], steps: Plan) -> bool:
    """Whether the formats a build's manifest ``previous`` names were built from exactly what
    ``steps`` would build them from."""
    formats = previous.get("formats", [])
    return previous.get("execute_key") == steps.execute_key and previous.get(
        "render_key"
    ) == steps.render_key_for(formats)


def _built_from(previous: dict[str, Any], steps: Plan, changed: dict[str, str]) -> list[str]:
    """The formats a target holds that were built from exactly what ``steps`` would build them
    from and whose documents are still as the build wrote them (``changed`` names those that are
    not: ``manifests.changed_outputs``)."""
    formats = previous.get("formats", [])
    documents = set(_documents_in(previous, formats))
    if not _same_keys(previous, steps) or any(name not in documents for name in changed):
        return []  # an attachment (a table, a figure) or the manifest serves every format
    return [f for f in formats if not set(_documents_in(previous, [f])) & set(changed)]


def _current(target: Path, previous: dict[str, Any], steps: Plan, formats: tuple[str, ...]) -> bool:
    """Whether ``target`` holds ``formats`` built from exactly what ``steps`` would build them
    from, as the build wrote them (a build of more formats holds fewer too: ``--to pdf`` after a
    full build)."""
    changed = changed_outputs(target, previous) if previous else {}
    return set(formats) <= set(_built_from(previous, steps, changed))


def up_to_date(project: Project, request: BuildRequest) -> bool:
    """Whether the target needs no build (read without its lock: a build checks again)."""
    from .render import get_renderer

    target = target_dir(project, request)
    failed = target.parent / f".{target.name}.failed.ipynb"
    if request.force or failed.exists() or debris(target):  # a build clears what is left
        return False
    steps = plan(project, request, renderer_version(get_renderer(request.renderer)))
    return _current(target, _manifest(target), steps, request.formats)


def build(
    project: Project, request: BuildRequest, progress: Progress = lambda _: None
) -> BuildResult:
    """Build the requested report; see the module docstring for the steps."""
    from .render import FORMATS, get_renderer

    started = time.perf_counter()
    if not request.formats:
        raise ParameterError("no format to build", hint="formats: " + ", ".join(FORMATS))
    unknown = [f for f in request.formats if f not in FORMATS]
    if unknown:
        raise ParameterError(
            f"unknown format {', '.join(unknown)}", hint="formats: " + ", ".join(FORMATS)
        )
    timings = Timings()
    with timings("plan"):
        renderer = get_renderer(request.renderer)
        steps = plan(project, request, renderer_version(renderer))
    target = target_dir(project, request)
    failed = target.parent / f".{target.name}.failed.ipynb"
    with target_lock(target, lambda: progress("waiting for another build of this target")):
        clear_debris(target)
        previous = _manifest(target)
        changed = changed_outputs(target, previous) if previous else {}
        held = _built_from(previous, steps, changed)
        if not request.force and set(request.formats) <= set(held):
            failed.unlink(missing_ok=True)  # left by a failed build since: the target is good
            return BuildResult(target, "up to date", time.perf_counter() - started, (), timings)
        others = [f for f in previous.get("formats", []) if f not in request.formats]
        kept = [f for f in held if f in others]
        # a format built from these inputs whose document was edited or deleted: made again
        restored = [f for f in others if f not in held and _same_keys(previous, steps)]
        request = dataclasses.replace(request, formats=_in_order({*request.formats, *restored}))
        others = [f for f in others if f not in restored]
        mistakes, runnable = _before_running(project, steps)
        if not runnable:
            raise ReportErrors.of(mistakes)
        run = request.force or previous.get("execute_key") != steps.execute_key
        executed = _executed(request.target)
        # an output of the notebook's edited or missing: run it again rather than copy it
        run = run or not _has(target, executed) or any(n.split("/")[0] in executed for n in changed)
        said: list[str] = []  # what the notebook's checks warned of
        with staging(target) as stage:
            if run:
                try:
                    with timings("notebook"), _data_warnings(said):
                        _execute(stage, project, steps, request, progress, failed)
                except ReportError as error:  # the author's mistakes with it, all at once
                    raise ReportErrors.of([*mistakes, error]) from None
            else:
                for name in executed:
                    copy = shutil.copytree if (target / name).is_dir() else shutil.copyfile
                    copy(target / name, stage / name)
            record = json.loads((stage / "facts.json").read_text(encoding="utf-8"))
            facts = Ledger.of(record["facts"])
            mistakes += _against_ledger(project, steps, facts)
            if mistakes:
                raise ReportErrors.of(mistakes)
            same_render = previous.get("render_env") == steps.render_env and previous.get(
                "formats"
            ) == list(request.formats)
            reuse = target if not run and same_render and not changed else None
            outputs = _render(
                stage, project, steps, request, renderer, progress, reuse, timings, (record, facts)
            )
            outputs += _keep_formats(target, stage, previous, kept)
            built = dataclasses.replace(request, formats=_in_order({*request.formats, *kept}))
            steps = dataclasses.replace(steps, render_key=steps.render_key_for(built.formats))
            with timings("manifest"):
                _write_manifest(stage, project, steps, built, renderer)
            swap(stage, target)
        failed.unlink(missing_ok=True)
    state = "built" if run else "rendered"
    if changed and not request.force and _same_keys(previous, steps):
        (name, what), *rest = changed.items()
        more = f" and {len(rest)} more" if rest else ""
        state = f"rebuilt ({name} {what}{more})"
    seconds = time.perf_counter() - started
    notes = (*said, *_removed(previous, [f for f in others if f not in kept], outputs))
    return BuildResult(target, state, seconds, tuple(outputs), timings, notes)


@contextlib.contextmanager
def _data_warnings(said: list[str]) -> Iterator[None]:
    """Collect each DataWarning the notebook's checks give (a check that could not run) in
    ``said``, once each, for the build to report; other warnings are shown as before."""
    with warnings.catch_warnings():
        show = warnings.showwarning

        def collect(
            message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any
        ) -> None:
            if not issubclass(category, DataWarning):
                show(message, category, *args, **kwargs)
            elif str(message) not in said:
                said.append(str(message))

        warnings.showwarning = collect
        warnings.simplefilter("always", DataWarning)
        yield


def _in_order(formats: set[str]) -> tuple[str, ...]:
    from .render import FORMATS

    return tuple(f for f in FORMATS if f in formats)


def _documents_in(previous: dict[str, Any], formats: list[str]) -> list[str]:
    """The documents of ``formats`` in a build's manifest: report.pdf, cover-report.pdf ...
    (not its attachments, which every build copies)."""
    suffixes = {f".{fmt}" for fmt in formats}
    found = [Path(name) for name in previous.get("outputs", {})]
    return [path.name for path in found if path.name == str(path) and path.suffix in suffixes]


def _keep_formats(
    target: Path, stage: Path, previous: dict[str, Any], kept: list[str]
) -> list[str]:
    """Copy the documents of the formats ``kept`` from the previous build into ``stage``: they
    were built from these same inputs, so building another format never removes them."""
    copied = []
    for name in _documents_in(previous, kept):
        if not (stage / name).exists():  # a presentation is rendered on every build
            shutil.copyfile(target / name, stage / name)
            copied.append(name)
    return copied


def _removed(previous: dict[str, Any], formats: list[str], outputs: list[str]) -> tuple[str, ...]:
    """A note naming the documents of ``formats`` a build left out (of its ``outputs``): they
    were made from inputs that have changed since, so keeping them would publish outdated
    documents."""
    names = [name for name in _documents_in(previous, formats) if name not in outputs]
    if not names:
        return ()
    return (
        f"removed {', '.join(names)}: made from inputs that have changed since (build with "
        f"--to {','.join(formats)}, or without --to, to make them again)",
    )


def _executed(target: Target) -> tuple[str, ...]:
    """What a notebook run leaves: for the public, with its disclosure audit."""
    return (*EXECUTED, DISCLOSURE) if target.public else EXECUTED


def _execute(
    stage: Path,
    project: Project,
    steps: Plan,
    request: BuildRequest,
    progress: Progress,
    failed: Path,
) -> None:
    """Run the notebook into ``stage``; a failing notebook is kept beside the target."""
    from .execute import execute

    progress("checking the data and running the notebook")
    notebook = stage / NOTEBOOK
    try:
        execute(
            project.notebooks / steps.report.notebook,
            notebook,
            {"target": request.target.parameter(relative_to=stage), "output_dir": "."},
            cwd=stage,
        )
    except NotebookError as error:
        if not notebook.is_file():
            raise
        shutil.copyfile(notebook, failed)
        author = project.relative(project.notebooks / steps.report.notebook)
        raise dataclasses.replace(error, file=author, hint=f"see {failed}") from None
    except ReportError as error:  # found by the notebook, which reads data from the stage
        raise _anchored(error, stage) from None
    _record_folders(notebook, project, request.target)
    if not (stage / "facts.json").is_file():
        raise NotebookError(
            "the notebook did not record its facts",
            file=steps.report.notebook,
            hint="open the report with council_reports.notebook.open_report",
        )
    if not (stage / WORKBOOK).is_file():
        raise NotebookError(
            "the notebook did not finish the report",
            file=steps.report.notebook,
            hint="end it with report.differences(), under About these figures",
        )
    _keep_audit_beside(stage, target_dir(project, request))


def _keep_audit_beside(stage: Path, target: Path) -> None:
    """Move the team's disclosure audit (why each figure is hidden) out of a public build:
    beside it, as ``.<la>.disclosure.json``, which collecting, comparing and archiving builds
    never read as part of one."""
    audit = stage / TEAM_AUDIT
    if audit.is_file():
        audit.replace(target.parent / f".{target.name}.disclosure.json")


def _before_running(project: Project, steps: Plan) -> tuple[list[ReportError], bool]:
    """The author's mistakes in the notebook as saved, and whether it can run at all."""
    from .authoring import before_running

    notebook = project.relative(project.notebooks / steps.report.notebook)
    return before_running(steps.source, notebook, steps.report, project.root)


def _against_ledger(project: Project, steps: Plan, facts: Ledger) -> list[ReportError]:
    """Each id the notebook's prose (hidden passages too), the cover report and the slides
    quote that this build's ledger does not hold."""
    from .authoring import against_ledger

    notebook = project.relative(project.notebooks / steps.report.notebook)
    settings = {"cover": (project.relative(steps.report.cover), steps.cover)}
    if steps.slides is not None and steps.report.slides_settings is not None:
        settings["slides"] = (project.relative(steps.report.slides_settings), steps.slides)
    return against_ledger(steps.source, notebook, facts, settings)


def _anchored(error: ReportError, stage: Path) -> ReportError:
    """An error the notebook raised, naming its file as from where the build runs (the
    notebook names it from the stage), each of several alike."""
    if isinstance(error, ReportErrors):
        return ReportErrors.of([_anchored(each, stage) for each in error.errors])
    if error.file is None or Path(error.file).is_absolute():
        return error
    return dataclasses.replace(error, file=Path(os.path.normpath(stage / error.file)))


def _record_folders(notebook: Path, project: Project, target: Target) -> None:
    """Show the target's folders in the executed notebook's injected parameters as the project
    names them (data/attendance), not as the paths from the staging folder that ran it, so where
    a build is written never changes its bytes."""
    from papermill.translators import translate_parameters

    from .execute import write_notebook

    executed = json.loads(notebook.read_text(encoding="utf-8"))
    shown = {"target": target.parameter(relative_to=project.root), "output_dir": "."}
    executed["metadata"]["papermill"]["parameters"] = shown
    for cell in executed["cells"]:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            source = translate_parameters("python3", "python", shown, "Parameters")
            cell["source"] = source.splitlines(keepends=True)
    write_notebook(notebook, executed)


def _attach(stage: Path, target: Target) -> None:
    """Copy the attachments into the build."""
    found = attachments(target.data_dir, target.period)
    if found:
        (stage / ATTACHMENTS).mkdir()
    for path in found:
        shutil.copyfile(path, stage / ATTACHMENTS / path.name)


def _render(
    stage: Path,
    project: Project,
    steps: Plan,
    request: BuildRequest,
    renderer: Any,
    progress: Progress,
    reuse: Path | None,
    timings: Timings,
    recorded: tuple[dict[str, Any], Ledger],
) -> list[str]:
    """Write the documents (report, cover report, slides) and render each format, in parallel
    where the renderer allows; ``recorded``: facts.json as the notebook wrote it, and its
    ledger."""

    with timings("documents"):
        documents, kept = _documents(stage, project, steps, request, renderer, reuse, recorded)
    jobs = [
        (name, fmt)
        for name in documents
        for fmt in (renderer.slide_formats if name == "slides" else request.formats)
    ]
    if any(fmt in PICTURES for _, fmt in jobs):
        from .present.charts import png_twins

        with timings("png twins"):
            png_twins(stage / "figures", request.target.templates)
    progress(f"rendering {len(jobs)} files with {renderer.name}")

    def render(job: tuple[str, str]) -> list[str]:
        name, fmt = job
        with timings(f"render {name}.{fmt}"):
            paths = renderer.render(
                stage / f"{name}.qmd",
                [fmt],
                stage,
                timestamp=steps.timestamp,
                templates=request.target.templates,
            )
        return [p.name for p in paths.values()]

    workers = max(1, min(len(jobs), os.cpu_count() or 1) if renderer.parallel else 1)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        # the longest first (the report's PDF), so no worker is left with it at the end
        started = {job: pool.submit(render, job) for job in sorted(jobs, key=_render_cost)}
        try:
            return kept + [name for job in jobs for name in started[job].result()]
        except BaseException:  # a render failed, or Ctrl-C: start no more
            pool.shutdown(cancel_futures=True)
            raise


def _render_cost(job: tuple[str, str]) -> tuple[int, int]:
    """A render's place in the queue: the report before the shorter documents, and PDF (pandoc
    then typst) before Word and PowerPoint (pandoc then finishing) before HTML."""
    name, fmt = job
    return (name != "report", {"pdf": 0, "docx": 1, "pptx": 1}.get(fmt, 2))


def _documents(
    stage: Path,
    project: Project,
    steps: Plan,
    request: BuildRequest,
    renderer: Any,
    reuse: Path | None,
    recorded: tuple[dict[str, Any], Ledger],
) -> tuple[list[str], list[str]]:
    """Write the documents; those to render, and the files copied instead. A document whose
    text is the same as in ``reuse`` (the previous build, when it rendered with the same
    templates, renderer and formats) is copied from it, not rendered."""
    from .execute import write_notebook
    from .numbers import long_date
    from .present.cover import cover_markdown
    from .present.document import document, report_markdown, with_prose
    from .present.prose import Where, fill_plain
    from .present.slides import slides_markdown

    record, facts = recorded
    _attach(stage, request.target)
    extra = list(request.target.attachments)
    notebook = with_prose(steps.source, json.loads((stage / NOTEBOOK).read_text("utf-8")))
    write_notebook(stage / NOTEBOOK, notebook)
    cover_file = project.relative(steps.report.cover)

    def setting(key: str) -> str:
        return fill_plain(str(steps.cover[key]), facts, Where(cover_file, field=key))

    title = setting("report_title" if "report_title" in steps.cover else "title")
    la_name = facts["la_name"].text() if "la_name" in facts else request.target.la
    # the cover settings are one council's (``la``: its LA; every LA's when not said): another
    # LA's report names no council or meeting but its own LA's, and has no cover report
    own = str(steps.cover.get("la", request.target.la)) == request.target.la
    council = (
        str(steps.cover.get("council", "Bath & North East Somerset Council")) if own else la_name
    )
    metadata = {
        "title": title,
        "subtitle": la_name,
        "author": council,
        "date": long_date(steps.cover.get("date", "")) if own else "",
        "lang": "en-GB",
        "toc": True,
        "council": council,
        "report-id": steps.report.id,
        "la-name": la_name,
        "period": facts["period_dates"].text() if "period_dates" in facts else "",
        "synthetic": bool(record.get("document", {}).get("synthetic", False)),
        "document-type": "report",
    }
    listed = [title, *([f"Presentation: {title}"] if steps.slides is not None else []), *extra]
    documents = {
        "report": (
            metadata,
            report_markdown(notebook, facts, Path("notebooks") / steps.report.notebook),
        ),
    }
    if own:
        documents["cover-report"] = (
            {k: v for k, v in metadata.items() if k != "subtitle"}
            | {"title": setting("title"), "toc": False, "document-type": "cover-report"},
            cover_markdown(steps.cover, facts, listed, cover_file),
        )
    if steps.slides is not None:
        slides_file = project.relative(steps.report.folder / SLIDES)
        documents["slides"] = (
            metadata | {"toc": False, "document-type": "slides"},
            slides_markdown(
                steps.slides,
                facts,
                record.get("figures", {}),
                slides_file,
                record.get("tables", {}),
            ),
        )
    to_render, kept = [], []
    for name, (meta, body) in documents.items():
        text = document(meta, body)
        (stage / f"{name}.qmd").write_text(text, encoding="utf-8")
        same = reuse is not None and _read(reuse / f"{name}.qmd") == text
        outputs = [p for p in (reuse.glob(f"{name}.*") if same else []) if p.suffix != ".qmd"]
        for path in outputs:  # unchanged since the last render, same templates and renderer
            shutil.copyfile(path, stage / path.name)
        kept += [path.name for path in outputs]
        if not outputs:
            to_render.append(name)
    return to_render, kept


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def _write_manifest(
    stage: Path, project: Project, steps: Plan, request: BuildRequest, renderer: Any
) -> None:
    outputs = {path.relative_to(stage).as_posix(): path for path in keys.files_in(stage)}
    manifest = {
        "report": steps.report.id,
        "title": steps.report.title,
        "la": request.target.la,
        "period": str(request.target.period),
        "formats": list(request.formats),
        "publish": request.target.audience,
        "execute_key": steps.execute_key,
        "render_key": steps.render_key,
        "inputs": steps.inputs,
        "code": {"council-reports": __version__},
        "packages": keys.package_versions(),
        "renderer": {"name": renderer.name, "version": renderer_version(renderer)},
        "render_env": steps.render_env,
        "git": git_state(project.root),
        "outputs": {name: keys.sha256_file(path) for name, path in outputs.items()},
        # so that a no-op build notices an edited output without hashing it (changed_outputs)
        "sizes": {name: path.stat().st_size for name, path in outputs.items()},
    }
    (stage / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
