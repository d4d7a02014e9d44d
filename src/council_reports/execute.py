"""Run a report notebook with papermill and make the executed notebook reproducible.

papermill injects the parameters, records the run in the notebook's metadata and reports a
failing cell; the cells themselves run in this process, in a fresh IPython shell per notebook
(the ``council-reports`` papermill engine), not in a Jupyter kernel. A kernel costs a second and a
half to start and then imports pandas and altair again; a build process, or a warm worker of a
batch, has them imported already. Each notebook still starts from an empty namespace.

papermill records timestamps, durations and paths in the notebook's metadata; they are removed
or made relative here so that two runs on the same inputs give the same bytes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import sys
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .errors import NotebookError, ParameterError, ReportError, TargetError
from .keys import file_state

ENGINE = "council-reports"
ERROR_MARK = "papermill-error-cell-tag"  # the cells papermill adds to a failed notebook
_VOLATILE = ("start_time", "end_time", "duration", "exception", "status")
# jsonschema's optional format checkers (jsonschema/_format.py imports each if installed). They
# come with JupyterLab or pytest-notebook, not with a build's own packages, and no build checks
# a JSON format; rfc3987_syntax alone compiles about 39 lark grammars at import, 3 s
# (python-jsonschema/jsonschema#1428), isoduration brings arrow (0.1 s).
_FORMAT_CHECKERS = (
    "rfc3987_syntax",
    "rfc3987",
    "rfc3986_validator",
    "rfc3339_validator",
    "isoduration",
    "webcolors",
    "uri_template",
    "fqdn",
)


def block_slow_imports() -> None:
    """Keep jsonschema's optional format checkers from loading in a build (jsonschema treats a
    module that cannot be imported as absent), so an environment with the lab or test extras
    builds as fast as the lean one."""
    for name in _FORMAT_CHECKERS:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]


def notebook_parameters(notebook: Path) -> dict[str, Any]:
    """The parameters a notebook declares in its cell tagged ``parameters``."""
    return _declared(notebook, file_state(notebook))


@lru_cache(maxsize=8)
def _declared(notebook: Path, state: tuple[int, int] | None) -> dict[str, Any]:
    """``notebook_parameters``, read once while the notebook is unchanged (``state``): a worker
    builds the same notebook for LA after LA."""
    import papermill

    declared = papermill.inspect_notebook(str(notebook))
    if not declared:
        raise NotebookError(
            "the notebook has no cell tagged 'parameters'",
            file=notebook,
            hint="tag the first code cell 'parameters'",
        )
    return declared


def check_parameters(notebook: Path, parameters: Mapping[str, Any]) -> None:
    """Every parameter passed is one the notebook declares (papermill would only warn)."""
    declared = notebook_parameters(notebook)
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise ParameterError(
            f"unknown parameter {', '.join(unknown)} for {notebook.name}",
            hint="valid parameters: " + ", ".join(declared),
        )


@cache
def _engine() -> type:
    """The in-process papermill engine (defined here so papermill loads only when needed; once
    per process: making IPython classes costs 20 ms)."""
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from nbformat.v4 import new_output
    from papermill.engines import Engine

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False):
            self.shell.captured.append(
                new_output("display_data", data=data, metadata=metadata or {})
            )

        def clear_output(self, wait=False):
            self.shell.captured.clear()

    class ResultHook(DisplayHook):
        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None):
            self.shell.captured.append(
                new_output(
                    "execute_result",
                    data=format_dict,
                    metadata=md_dict or {},
                    execution_count=self.shell.execution_count,
                )
            )

    class Shell(InteractiveShell):
        """An IPython shell whose cells' outputs are kept as nbformat outputs."""

        displayhook_class = ResultHook
        display_pub_class = Publisher

        def run(self, source: str) -> tuple[list, BaseException | None]:
            self.captured: list = []
            self.failure: BaseException | None = None
            stdout, stderr = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                self.run_cell(source, store_history=True)
            streams = [
                new_output("stream", name=name, text=text.getvalue())
                for name, text in (("stdout", stdout), ("stderr", stderr))
                if text.getvalue()
            ]
            return streams + self.captured, self.failure

        def _showtraceback(self, etype, evalue, stb):
            self.failure = evalue
            self.captured.append(
                new_output(
                    "error",
                    ename=etype.__name__,
                    evalue=str(evalue),
                    traceback=self.InteractiveTB.stb2text(stb).splitlines(),
                )
            )

    class InProcessEngine(Engine):
        """Runs each code cell in a fresh IPython shell in this process; ``failure`` is the
        exception the failing cell raised."""

        failure: BaseException | None = None

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
            from traitlets.config import Config

            config = Config()
            config.HistoryManager.enabled = False  # no SQLite file to write, or fail to, at exit
            config.InteractiveShell.cache_size = 0  # no Out[] cache (a reset flushes it: a full gc)
            cls.failure = None
            Shell.clear_instance()
            shell = Shell.instance(user_ns={}, colors="nocolor", config=config)
            try:
                for index, cell in enumerate(nb_man.nb.cells):
                    if cell.cell_type != "code":
                        continue
                    nb_man.cell_start(cell, index)
                    cell.outputs, cls.failure = shell.run(cell.source)
                    cell.execution_count = shell.execution_count - 1
                    if cls.failure is not None:
                        nb_man.cell_exception(cell, index)
                    nb_man.cell_complete(cell, index)
                    if cls.failure is not None:
                        break
            finally:
                shell.reset(new_session=False)
                Shell.clear_instance()

    return InProcessEngine


def execute(notebook: Path, output: Path, parameters: Mapping[str, Any], cwd: Path) -> None:
    """Execute ``notebook`` into ``output`` with ``parameters``, running in ``cwd``.

    An error the notebook raises from our own typed errors (bad data found while running) comes
    back as that error; anything else is a NotebookError pointing at the cell.
    """
    block_slow_imports()
    import papermill
    from papermill.engines import papermill_engines
    from papermill.exceptions import PapermillExecutionError

    check_parameters(notebook, parameters)
    engine = _engine()
    papermill_engines.register(ENGINE, engine)
    try:
        papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=dict(parameters),
            cwd=str(cwd),
            engine_name=ENGINE,
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as error:
        number, cell_id = _author_cell(output, error.cell_index)
        failure = engine.failure
        # a table id misspelt: the cell is where to look (not so for an LA the data lacks)
        if (
            isinstance(failure, ReportError)
            and failure.file is None
            and not isinstance(failure, TargetError)
        ):
            failure = dataclasses.replace(failure, file=notebook, cell=number, cell_id=cell_id)
        # bad data, a full disk, Ctrl-C or SIGTERM: not the notebook's fault
        if isinstance(failure, ReportError | OSError | KeyboardInterrupt):
            raise failure from None
        raise NotebookError(
            f"raised {error.ename}: {error.evalue}",
            file=notebook,
            cell=number,
            cell_id=cell_id,
            hint=f"the failed notebook is kept at {output}",
        ) from None
    normalise(output, source=notebook)


def _author_cell(executed: Path, index: int) -> tuple[int | None, str | None]:
    """The executed notebook's cell ``index`` as JupyterLab shows it in the author's notebook:
    its number among all the cells there (papermill's injected parameters are not one, nor the
    cells it adds to mark the error) and its id."""
    try:
        cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return None, None
    cells = [c for c in cells if ERROR_MARK not in c.get("metadata", {}).get("tags", [])]
    injected = [
        position
        for position, cell in enumerate(cells)
        if "injected-parameters" in cell.get("metadata", {}).get("tags", [])
    ]
    if not 0 <= index < len(cells) or index in injected:
        return None, None
    before = sum(1 for position in injected if position < index)
    return index + 1 - before, cells[index].get("id")


def normalise(path: Path, *, source: Path) -> None:
    """Strip run-specific metadata from an executed notebook, in place."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    run = notebook.get("metadata", {}).get("papermill", {})
    for key in _VOLATILE:
        run.pop(key, None)
    run["input_path"] = f"notebooks/{source.name}"
    run["output_path"] = path.name
    for cell in notebook["cells"]:
        metadata = cell.get("metadata", {})
        if "injected-parameters" in metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
        metadata.pop("execution", None)
        for key in _VOLATILE:
            metadata.get("papermill", {}).pop(key, None)
    write_notebook(path, notebook)


def write_notebook(path: Path, notebook: Mapping[str, Any]) -> None:
    """An executed notebook as stable JSON (sorted keys, one-space indent)."""
    path.write_text(
        json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
