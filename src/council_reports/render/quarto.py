"""Quarto, when it is on PATH: `quarto render` with the council's format extension.

The extension is copied beside the document (Quarto finds format extensions in an
``_extensions`` folder next to the document or in the project), then each format is rendered
with its own command so the command line is exactly the one a user would type.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from ..errors import RenderError
from . import EXTENSION, Renderer, templates_dir

QUARTO_FORMATS = {"html": "html", "docx": "docx", "pdf": "typst", "pptx": "pptx"}


class QuartoRenderer(Renderer):
    name = "quarto"

    def available(self) -> bool:
        return shutil.which("quarto") is not None

    def version(self) -> str:
        result = subprocess.run(
            ["quarto", "--version"], capture_output=True, text=True, check=False
        )
        return f"quarto {result.stdout.strip() or 'unknown'}"

    def command(self, document: Path, fmt: str) -> list[str]:
        """The exact quarto command line for one format, run in the document's folder."""
        if fmt not in QUARTO_FORMATS:
            raise RenderError(f"quarto renderer cannot render {fmt!r}")
        extension = "pdf" if fmt == "pdf" else fmt
        return [
            "quarto",
            "render",
            document.name,
            "--to",
            f"{EXTENSION[0]}-{QUARTO_FORMATS[fmt]}",
            "--output",
            f"{document.stem}.{extension}",
        ]

    def render(
        self, document: Path, formats: Sequence[str], out_dir: Path, *, timestamp: int
    ) -> dict[str, Path]:
        folder = document.parent
        extensions = folder / "_extensions"
        shutil.copytree(templates_dir() / "_extensions", extensions, dirs_exist_ok=True)
        outputs = {}
        try:
            for fmt in formats:
                result = subprocess.run(
                    self.command(document, fmt),
                    cwd=folder,
                    capture_output=True,
                    text=True,
                    env=os.environ | {"SOURCE_DATE_EPOCH": str(timestamp)},
                )
                if result.returncode != 0:
                    message = next((s for s in result.stderr.splitlines() if s.strip()), "failed")
                    raise RenderError(f"quarto render failed: {message.strip()}", file=document)
                produced = folder / self.command(document, fmt)[-1]
                if out_dir != folder:
                    shutil.move(produced, out_dir / produced.name)
                outputs[fmt] = out_dir / produced.name
        finally:
            shutil.rmtree(extensions, ignore_errors=True)
            shutil.rmtree(folder / f"{document.stem}_files", ignore_errors=True)
        return outputs
