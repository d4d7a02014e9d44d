"""Planning a build: the target of one report, LA and period decided whole before anything
runs (its audience, build date, attachments, last year's public build), the files it reads, and
the keys that say which steps a build must run again (``keys``)."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from . import keys
from .audiences import COMMITTEE, PUBLIC
from .errors import NotebookError, ParameterError
from .framework import Report, Target, get_report
from .periods import Period
from .project import Project
from .templates import EXTENSIONS

ATTACHMENTS = "attachments"
# SOURCE_DATE_EPOCH within the years 1970-9999: no output can carry a date outside them.
LATEST_EPOCH = 253402300799


@dataclass(frozen=True)
class BuildRequest:
    """A target, and how to build it: the formats, the renderer, whether to build even if
    nothing changed."""

    target: Target
    formats: tuple[str, ...]
    renderer: str | None = None
    force: bool = False

    @property
    def name(self) -> str:
        return self.target.name

    @property
    def report(self) -> str:
        return self.target.report


def target_dir(project: Project, request: BuildRequest) -> Path:
    return project.build / request.target.place


def data_folders(project: Project, report: Report) -> list[Path]:
    """The report's data folder and the shared ones it reads (reference lists)."""
    folders = [report.data_dir(project.data), *(project.data / name for name in report.inputs)]
    return [folder for folder in folders if folder.is_dir()]


def data_files(project: Project, report: Report) -> list[Path]:
    """The data a build reads: its own and the shared reference data."""
    return [f for folder in data_folders(project, report) for f in keys.files_in(folder)]


def input_files(project: Project, report: Report) -> list[Path]:
    """Everything a build reads: its data, notebook, its own settings (the report folder's
    files other than code, which the build keys follow as modules) and the council's format
    extension (not the other templates: a new report's shape, the examples, the tools)."""
    files = data_files(project, report)
    files.append(project.notebooks / report.notebook)
    files += [f for f in keys.files_in(report.folder) if f.suffix != ".py"]
    files += keys.files_in(project.templates / EXTENSIONS)  # the format extension only
    return files


def read_notebook(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise NotebookError(f"cannot read the notebook: {error}", file=path) from None


def execute_modules(report: Report, source: dict[str, Any]) -> tuple[str, ...]:
    """The package modules running the notebook uses: its imports and the report's module."""
    from .present.document import code_cells

    imports = keys.notebook_imports(code for code, _ in code_cells(source))
    return keys.closure((*imports, report.content.__module__, report.check.__module__))


def render_modules() -> tuple[str, ...]:
    """The package modules putting documents together and rendering them use (the renderers
    are found through entry points, so every module under render/ counts)."""
    renderers = keys.PACKAGE / "render"
    found = tuple(f"{__package__}.render.{path.stem}" for path in sorted(renderers.glob("*.py")))
    return keys.closure((__name__, *found))


def changed_reports(project: Project, report_ids: list[str], since: str) -> list[str]:
    """The reports whose inputs, or the package code they use, differ from git revision
    ``since``."""

    def git(*args: str) -> list[str]:
        return subprocess.run(
            ["git", *args], cwd=project.root, capture_output=True, text=True, check=True
        ).stdout.split()

    try:
        # the revision is checked as a revision and only its commit id reaches a command line,
        # so no value can become an option of git's
        commit = git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{since}^{{commit}}")
        paths = set(git("diff", "--name-only", *commit, "--"))
        paths |= set(git("ls-files", "--others", "--exclude-standard"))
    except (OSError, subprocess.CalledProcessError):
        commit = []
    if len(commit) != 1:
        raise ParameterError(
            f"{since!r} is not a git revision of this repository",
            hint="give a branch, tag or commit, such as origin/main or HEAD~1",
        )
    if {"pyproject.toml", "requirements.lock"} & paths:
        return list(report_ids)
    changed = []
    for report_id in report_ids:
        report = get_report(report_id)
        source = read_notebook(project.notebooks / report.notebook)
        modules = execute_modules(report, source) + render_modules()
        used = {project.relative(f) for f in input_files(project, report)}
        used |= {project.relative(keys.module_path(name)) for name in modules}
        if paths & used or any(p.startswith(f"data/{report.data}/") for p in paths):
            changed.append(report_id)
    return changed


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


def build_timestamp(meeting: object) -> int:
    """The one date embedded in outputs: $SOURCE_DATE_EPOCH, else the meeting date (UTC)."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        text = os.environ["SOURCE_DATE_EPOCH"].strip()
        if not (text.isascii() and text.isdigit()) or int(text) > LATEST_EPOCH:
            raise ParameterError(
                f"SOURCE_DATE_EPOCH is {text!r}, not a time a document can carry",
                hint="seconds since 1 January 1970, such as 1760313600, or unset it",
            )
        return int(text)
    day = meeting if isinstance(meeting, date) else date(2000, 1, 1)
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


_VERSIONS: dict[tuple[str, str | None], str] = {}


def renderer_version(renderer: Any) -> str:
    """The renderer's version, asked once per process (and again if quarto moves on PATH)."""
    key = (renderer.name, shutil.which("quarto"))
    if key not in _VERSIONS:
        _VERSIONS[key] = renderer.version()
    return _VERSIONS[key]


@dataclass(frozen=True)
class Plan:
    """What one build depends on, read before anything runs."""

    report: Report
    source: dict[str, Any]  # the notebook as the author last saved it
    cover: dict[str, Any]
    slides: list[dict[str, Any]] | None
    timestamp: int
    inputs: dict[str, str]
    execute_key: str
    render_key: str
    render_env: str  # templates, render code, renderer, date: what every document's render uses

    def render_key_for(self, formats: list[str] | tuple[str, ...]) -> str:
        """The render key of a build of ``formats`` from these inputs."""
        return keys.digest(
            {
                "execute": self.execute_key,
                "inputs": self.inputs,  # the notebook's prose, settings and attachments too
                "render": self.render_env,
                "formats": list(formats),
            }
        )


def plan(project: Project, request: BuildRequest, renderer_version: str) -> Plan:
    """Read the notebook and settings and work out the two steps' keys."""
    from .load.files import check_links
    from .present.cover import read_cover
    from .present.document import code_cells
    from .present.slides import read_slides

    target = request.target
    report = get_report(target.report)
    source = read_notebook(project.notebooks / report.notebook)
    cover = read_cover(report.cover, target.period, report.settings)
    settings = report.slides_settings
    slides = read_slides(settings) if settings is not None else None
    timestamp = target.timestamp
    for folder in data_folders(project, report):
        check_links(folder, project.data)
    inputs = {_key_name(project, p): keys.sha256_file(p) for p in input_files(project, report)}
    data = {_key_name(project, p): keys.sha256_file(p) for p in data_files(project, report)}
    earlier = {}  # last year's public build, read by disclosure control
    if target.previous is not None:
        earlier = {"previous": keys.sha256_file(target.previous / "facts.json")}
    execute_key = keys.digest(
        {
            "target": target.parameter(relative_to=project.root),
            "code": code_cells(source),
            "data": data,
            "modules": keys.code_digest(execute_modules(report, source)),
            "packages": keys.package_versions(),
            "settings": {key: str(cover.get(key)) for key in report.settings},
        }
        | earlier
    )
    render_env = keys.digest(
        {
            "templates": {k: v for k, v in inputs.items() if k.startswith("templates/")},
            "modules": keys.code_digest(render_modules()),
            "renderer": renderer_version,
            "timestamp": timestamp,
        }
    )
    steps = Plan(report, source, cover, slides, timestamp, inputs, execute_key, "", render_env)
    return dataclasses.replace(steps, render_key=steps.render_key_for(request.formats))


_PACKAGE_PREFIX = f"{keys.PACKAGE}{os.sep}"  # a file of the package starts so
_PACKAGE_PARENT = f"{keys.PACKAGE.parent}{os.sep}"  # its name in the keys starts after this


def _key_name(project: Project, path: Path) -> str:
    """An input's name in the keys: a file of the package (a report's settings) by its place in
    the package, else by its place in the project; so a key never depends on where the project
    sits against the installed package."""
    name = str(path)  # compared as text: pathlib's relative_to costs more than the hashing
    if name.startswith(_PACKAGE_PREFIX):
        return Path(name[len(_PACKAGE_PARENT) :]).as_posix()
    return project.relative(path)


def attachments(data_dir: Path, period: Period) -> list[Path]:
    """Documents to go with the report (an Equality Impact Assessment, say), from the report's
    data folder: ``attachments/<period>/``."""
    folder = data_dir / ATTACHMENTS / str(period)
    return keys.files_in(folder) if folder.is_dir() else []


def attachment_title(path: Path) -> str:
    """How the cover report lists an attachment: its file name in words."""
    return path.stem.replace("-", " ").replace("_", " ").capitalize()


def plan_target(
    project: Project, report: Report, la: str, period: Period, publish: str | None
) -> Target:
    """The Target of one report, LA and period, with everything decided before it is built."""
    from .present.cover import read_cover

    data_dir = report.data_dir(project.data)
    cover = read_cover(report.cover, period, report.settings)
    audience = publish or str(cover.get("publish", COMMITTEE))
    earlier = project.build / PUBLIC / report.id / str(period.previous) / la
    return Target(
        report=report.id,
        la=la,
        period=period,
        data_dir=data_dir,
        templates=project.templates,
        audience=audience,
        attachments=tuple(attachment_title(p) for p in attachments(data_dir, period)),
        slides=report.slides,
        timestamp=build_timestamp(cover.get("date")),
        previous=earlier if audience == PUBLIC and (earlier / "facts.json").is_file() else None,
    )
