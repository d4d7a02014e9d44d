"""The embedded default renderer: pandoc (pypandoc_binary wheel) for HTML, Word and PowerPoint,
and pandoc's typst writer plus the typst wheel for PDF. Needs nothing outside the Python
environment. Options, stylesheet, reference document, typst partials, Lua filter and fonts all
come from the council's Quarto format extension, so both renderers use the same files."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import yaml

from ..errors import RenderError
from ..templates import Extension, generated_file
from . import Renderer, first_error_line
from .office import finish

GLYPH_HINT = (
    "the bundled fonts have no such character: take it out of the notebook's prose, or of the "
    "data or settings it comes from"
)
# Our format name -> pandoc writer.
WRITERS = {"html": "html5", "docx": "docx", "pptx": "pptx", "pdf": "typst"}


def _styles(extension: Extension) -> Path:
    """The extension's stylesheet as an HTML header to include: under --sandbox pandoc fetches
    no stylesheet itself."""
    css = extension.file("html", "css").read_text(encoding="utf-8")
    return generated_file("styles.html", f"<style>\n{css}</style>\n")


def front_matter(document: Path) -> dict[str, Any]:
    """The document's YAML front matter (pandoc reads it too; we need toc before running it)."""
    text = document.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text[4:].split("\n---\n", 1)[0]) or {}


class PandocTypstRenderer(Renderer):
    name = "pandoc-typst"

    def available(self) -> bool:
        return all(find_spec(name) is not None for name in ("pypandoc", "typst"))

    def version(self) -> str:
        """The wheels' versions: each pins its binary (pypandoc_binary 1.17 is pandoc 3.9), and
        reading them starts no process (pypandoc would try several pandocs to find one)."""
        return f"pypandoc_binary {version('pypandoc_binary')} + typst {version('typst')}"

    def render(
        self,
        document: Path,
        formats: Sequence[str],
        out_dir: Path,
        *,
        timestamp: int,
        templates: Path,
    ) -> dict[str, Path]:
        extension = Extension.load(templates)
        metadata = front_matter(document)
        outputs = {}
        for fmt in formats:
            if fmt not in WRITERS:
                raise RenderError(
                    f"pandoc-typst cannot render {fmt!r}", hint="formats: " + ", ".join(WRITERS)
                )
            target = (out_dir / f"{document.stem}.{fmt}").resolve()
            arguments = self.arguments(fmt, extension, metadata)
            if fmt == "pdf":
                self._pdf(document, target, extension, arguments, timestamp)
            else:
                self._pandoc(document, target, arguments, timestamp)
                finish(target, timestamp=timestamp, templates=templates)
            outputs[fmt] = target
        return outputs

    def arguments(self, fmt: str, extension: Extension, metadata: dict[str, Any]) -> list[str]:
        """pandoc's options for one format, taken from the extension's settings for it."""
        quarto_format = "typst" if fmt == "pdf" else fmt
        # --sandbox: pandoc reads only the files named here; the filter reads the figures in.
        arguments = [
            "--from",
            "markdown",
            "--to",
            WRITERS[fmt],
            "--standalone",
            "--wrap=none",
            "--sandbox",
        ]
        for lua in extension.files(quarto_format, "filters"):
            arguments += ["--lua-filter", str(lua)]
        if metadata.get("toc", extension.option(quarto_format, "toc", False)):
            depth = extension.option(quarto_format, "toc-depth", 2)
            arguments += ["--toc", f"--toc-depth={depth}"]
            if "toc-title" not in metadata:
                title = extension.option(quarto_format, "toc-title", "Contents")
                arguments += ["--metadata", f"toc-title={title}"]
        shift = extension.option(quarto_format, "shift-heading-level-by", 0)
        if shift:  # Word: the report's top-level sections (##) are Heading 1
            arguments.append(f"--shift-heading-level-by={shift}")
        if "lang" not in metadata:
            arguments += ["--metadata", f"lang={extension.option(quarto_format, 'lang', 'en-GB')}"]
        if fmt == "html":
            arguments += [
                "--embed-resources",
                "--include-in-header",
                str(_styles(extension)),
                "--template",
                str(extension.folder / "template.html"),
            ]
        elif fmt == "docx":
            arguments += ["--reference-doc", str(extension.file("docx", "reference-doc"))]
        elif fmt == "pptx":
            arguments += [
                f"--slide-level={extension.option('pptx', 'slide-level', 2)}",
                "--reference-doc",
                str(extension.file("pptx", "reference-doc")),
            ]
        elif fmt == "pdf":
            arguments += ["--template", str(extension.folder / "template.typ")]
        return arguments

    def _pandoc(self, document: Path, target: Path, arguments: list[str], timestamp: int) -> None:
        import pypandoc

        # Run in the document's folder: figures are referenced relative to it.
        command = [pypandoc.get_pandoc_path(), document.name, "--output", str(target), *arguments]
        result = subprocess.run(
            command,
            cwd=document.parent,
            capture_output=True,
            text=True,
            env=os.environ | {"SOURCE_DATE_EPOCH": str(timestamp)},
        )
        if result.returncode != 0:  # named as in the build: the staging folder is removed
            raise RenderError(f"pandoc failed: {first_error_line(result.stderr)}", file=target.name)

    def _pdf(
        self,
        document: Path,
        target: Path,
        extension: Extension,
        arguments: list[str],
        timestamp: int,
    ) -> None:
        import typst

        standards = extension.option("typst", "pdf-standard", [])
        source = document.with_suffix(".typ")
        self._pandoc(document, source, arguments, timestamp)
        try:
            typst.compile(
                str(source),
                output=str(target),
                root=str(document.parent),
                # The bundled fonts only (and typst's own), so every machine sets the same PDF.
                font_paths=[str(path) for path in extension.files("typst", "font-paths")],
                ignore_system_fonts=True,
                timestamp=timestamp,
                pdf_standards=[standards] if isinstance(standards, str) else standards,
            )
        except Exception as error:  # typst raises its own TypstError; any failure is a render error
            message = first_error_line(str(error))
            glyph = "could not be displayed" in message  # PDF/UA: every character drawn
            raise RenderError(
                f"typst failed: {message}",
                file=target.name,  # named as in the build: the staging folder is removed
                hint=GLYPH_HINT if glyph else None,
            ) from None
        source.unlink()
