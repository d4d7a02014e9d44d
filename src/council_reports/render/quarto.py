"""Quarto, when it is on PATH: `quarto render` with the council's format extension.

The document's folder is made a small Quarto project of its own for the render: the extension is
copied into its ``_extensions`` folder (where Quarto looks for format extensions) and a minimal
``_quarto.yml`` stops Quarto from adopting a project further up (such as this repository's).
Each format is rendered by its own command, exactly the one a user would type, then everything
staged is removed again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..errors import RenderError
from ..templates import EXTENSION, EXTENSIONS
from . import Renderer, first_error_line
from .office import finish

# Our format name -> the base format the extension contributes (council-html, ..., council-typst).
QUARTO_FORMATS = {
    "html": "html",
    "docx": "docx",
    "pdf": "typst",
    "pptx": "pptx",
    "revealjs": "revealjs",
}
SUFFIXES = {"revealjs": "html"}  # a revealjs presentation is one HTML file
PROJECT = (
    "# Written by council-reports for one render; removed afterwards.\nproject:\n  type: default\n"
)


class QuartoRenderer(Renderer):
    name = "quarto"
    slide_formats = ("pptx", "revealjs")
    parallel = False  # each render stages the extension and a project in the same folder

    def available(self) -> bool:
        return shutil.which("quarto") is not None

    def version(self) -> str:
        try:
            result = subprocess.run(["quarto", "--version"], capture_output=True, text=True)
        except OSError:
            return "quarto unknown"
        return f"quarto {result.stdout.strip() or 'unknown'}"

    def command(self, document: Path, fmt: str) -> list[str]:
        """The exact quarto command line for one format, run in the document's folder."""
        if fmt not in QUARTO_FORMATS:
            raise RenderError(
                f"quarto renderer cannot render {fmt!r}",
                hint="formats: " + ", ".join(QUARTO_FORMATS),
            )
        return [
            "quarto",
            "render",
            document.name,
            "--to",
            f"{EXTENSION[0]}-{QUARTO_FORMATS[fmt]}",
            "--output",
            f"{document.stem}.{SUFFIXES.get(fmt, fmt)}",
        ]

    def render(
        self,
        document: Path,
        formats: Sequence[str],
        out_dir: Path,
        *,
        timestamp: int,
        templates: Path,
    ) -> dict[str, Path]:
        folder = document.parent
        outputs = {}
        with _staged_project(document, templates):
            for fmt in formats:
                command = self.command(document, fmt)
                result = subprocess.run(
                    command,
                    cwd=folder,
                    capture_output=True,
                    text=True,
                    env=os.environ | {"SOURCE_DATE_EPOCH": str(timestamp)},
                )
                if result.returncode != 0:
                    raise RenderError(
                        f"quarto render failed: {first_error_line(result.stderr) or 'no message'}",
                        file=document,
                    )
                produced = folder / command[-1]
                target = out_dir / produced.name
                if produced.resolve() != target.resolve():
                    shutil.move(produced, target)
                finish(target, timestamp=timestamp, templates=templates)
                outputs[fmt] = target
        return outputs


@contextmanager
def _staged_project(document: Path, templates: Path) -> Iterator[None]:
    """The extension and a one-render project beside ``document``; afterwards only what this
    added (and Quarto's scratch files for the document) is removed."""
    folder = document.parent
    names = (EXTENSIONS, "_quarto.yml", ".quarto", f"{document.stem}_files")
    added = [folder / name for name in names]
    added = [path for path in added if not path.exists()]
    shutil.copytree(templates / EXTENSIONS, folder / EXTENSIONS, dirs_exist_ok=True)
    if folder / "_quarto.yml" in added:
        (folder / "_quarto.yml").write_text(PROJECT, encoding="utf-8")
    try:
        yield
    finally:
        for path in added:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
