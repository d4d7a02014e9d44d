"""Render: documents to HTML, Word and PDF through one interface, with interchangeable engines.

Renderers are registered as entry points (group ``council_reports.renderers``) and loaded when
first asked for. ``get_renderer()`` picks Quarto when ``quarto`` is on PATH, otherwise the
embedded default (pandoc from pypandoc_binary, PDF through the typst wheel); both read the same
document and the same Quarto format extension in templates/_extensions/council/.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Sequence
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, ClassVar

from ..errors import ParameterError, RenderError

FORMATS = ("html", "docx", "pdf", "pptx")


class Renderer(ABC):
    """Turns a .qmd document (with its figures beside it) into output files."""

    name: ClassVar[str]
    # what a presentation is rendered to: PowerPoint always, revealjs where the engine has it
    slide_formats: ClassVar[tuple[str, ...]] = ("pptx",)
    # whether formats of one folder's documents may render at the same time
    parallel: ClassVar[bool] = True

    @abstractmethod
    def available(self) -> bool: ...

    @abstractmethod
    def version(self) -> str: ...

    @abstractmethod
    def render(
        self,
        document: Path,
        formats: Sequence[str],
        out_dir: Path,
        *,
        timestamp: int,
        templates: Path,
    ) -> dict[str, Path]:
        """Write ``<stem>.<ext>`` for each format into ``out_dir``, in the council's format
        extension under ``templates``; ``timestamp`` (seconds since the epoch) is the only date
        any output embeds, so renders are reproducible."""


def first_error_line(stderr: str) -> str:
    """The line of a tool's stderr worth showing: the first that mentions an error, else the
    first non-blank one (Quarto prints progress before its ERROR line)."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return next((line for line in lines if "error" in line.lower()), lines[0] if lines else "")


@cache
def _registry() -> dict[str, Any]:
    return {ep.name: ep for ep in entry_points(group="council_reports.renderers")}


def get_renderer(name: str | None = None) -> Renderer:
    """The named renderer, or $COUNCIL_REPORTS_RENDERER, or quarto when available, else
    pandoc-typst."""
    name = name or os.environ.get("COUNCIL_REPORTS_RENDERER")
    registry = _registry()
    if name is None:
        quarto = registry["quarto"].load()()
        return quarto if quarto.available() else registry["pandoc-typst"].load()()
    if name not in registry:
        raise ParameterError(
            f"unknown renderer {name!r}", hint="renderers: " + ", ".join(sorted(registry))
        )
    renderer = registry[name].load()()
    if not renderer.available():
        raise RenderError(
            f"renderer {name!r} is not available on this machine",
            hint="install it, or use --renderer pandoc-typst",
        )
    return renderer
