"""Run a report notebook with papermill and make the executed notebook reproducible.

papermill records timestamps, durations and paths in the notebook's metadata; they are removed
or made relative here so that two runs on the same inputs give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import DataError, NotebookError, ParameterError, ReportError

_USER_ERRORS: dict[str, type[ReportError]] = {
    "DataError": DataError,
    "ParameterError": ParameterError,
}
_VOLATILE = ("start_time", "end_time", "duration", "exception", "status")


def notebook_parameters(notebook: Path) -> dict[str, Any]:
    """The parameters a notebook declares in its cell tagged ``parameters``."""
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


def execute(notebook: Path, output: Path, parameters: Mapping[str, Any], cwd: Path) -> None:
    """Execute ``notebook`` into ``output`` with ``parameters``, the kernel running in ``cwd``.

    An error the notebook raises from our own typed errors (bad data found while running) comes
    back as that error; anything else is a NotebookError pointing at the cell.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    check_parameters(notebook, parameters)
    try:
        papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=dict(parameters),
            cwd=str(cwd),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            # The kernel's own log is not the user's business: start-up notices (TCP transport
            # on localhost), and the "KeyboardInterrupt caught in kernel" ERROR it logs when
            # jupyter_client interrupts it to shut it down. A cell's error still comes back.
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    except PapermillExecutionError as error:
        kind = _USER_ERRORS.get(error.ename)
        if kind is not None:
            raise kind(error.evalue) from None
        raise NotebookError(
            f"cell {error.exec_count or error.cell_index} raised {error.ename}: {error.evalue}",
            file=notebook,
            hint=f"the failed notebook is kept at {output}",
        ) from None
    normalise(output, source=notebook)


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
    path.write_text(
        json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
