"""The embedded default renderer: pandoc (pypandoc_binary wheel) for HTML and Word, and pandoc's
typst writer plus the typst wheel for PDF. Needs nothing outside the Python environment."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

import yaml

from ..errors import RenderError
from . import Extension, Renderer


def front_matter(document: Path) -> dict:
    text = document.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text[4:].split("\n---\n", 1)[0]) or {}


class PandocTypstRenderer(Renderer):
    name = "pandoc-typst"

    def available(self) -> bool:
        try:
            import pypandoc  # noqa: F401
            import typst  # noqa: F401
        except ImportError:
            return False
        return True

    def version(self) -> str:
        import pypandoc

        return f"pandoc {pypandoc.get_pandoc_version()} + typst {version('typst')}"

    def render(
        self, document: Path, formats: Sequence[str], out_dir: Path, *, timestamp: int
    ) -> dict[str, Path]:
        extension = Extension.load()
        metadata = front_matter(document)
        outputs = {}
        for fmt in formats:
            target = out_dir / f"{document.stem}.{'pdf' if fmt == 'pdf' else fmt}"
            if fmt == "pdf":
                self._pdf(document, target, extension, metadata, timestamp)
            else:
                self._pandoc(document, target, self._arguments(fmt, extension, metadata), timestamp)
            outputs[fmt] = target
        return outputs

    def _arguments(self, fmt: str, extension: Extension, metadata: dict) -> list[str]:
        arguments = ["--standalone", "--wrap=none"]
        for name in extension.option(fmt, "filters", []):
            arguments += ["--lua-filter", str(extension.folder / name)]
        if metadata.get("toc"):
            arguments += [
                "--toc",
                "--toc-depth=2",
                "--metadata",
                f"toc-title={extension.option(fmt, 'toc-title', 'Contents')}",
            ]
        if fmt == "html":
            arguments += [
                "--to",
                "html5",
                "--embed-resources",
                "--css",
                str(extension.file("html", "css")),
            ]
        elif fmt == "pptx":
            arguments += ["--to", "pptx"]
        elif fmt == "docx":
            arguments += [
                "--to",
                "docx",
                "--reference-doc",
                str(extension.file("docx", "reference-doc")),
            ]
        else:
            raise RenderError(f"pandoc-typst cannot render {fmt!r}", hint="use html, docx or pdf")
        return arguments

    def _pandoc(self, document: Path, target: Path, arguments: list[str], timestamp: int) -> None:
        import pypandoc

        command = [
            pypandoc.get_pandoc_path(),
            document.name,
            "--output",
            str(target),
            *arguments,
            "--resource-path",
            str(document.parent),
        ]
        result = subprocess.run(
            command,
            cwd=document.parent,
            capture_output=True,
            text=True,
            env=os.environ | {"SOURCE_DATE_EPOCH": str(timestamp)},
        )
        if result.returncode != 0:
            raise RenderError(
                f"pandoc failed: {_first_line(result.stderr)}",
                file=document,
            )

    def _pdf(
        self, document: Path, target: Path, extension: Extension, metadata: dict, timestamp: int
    ) -> None:
        import typst

        source = document.with_suffix(".typ")
        arguments = ["--to", "typst", "--template", str(extension.folder / "template.typ")]
        for name in extension.option("typst", "filters", []):
            arguments += ["--lua-filter", str(extension.folder / name)]
        if metadata.get("toc"):
            arguments.append("--toc")
        self._pandoc(document, source, arguments, timestamp)
        try:
            typst.compile(
                str(source),
                output=str(target),
                root=str(document.parent),
                timestamp=timestamp,
                pdf_standards=["ua-1"],
            )
        except Exception as error:  # typst raises its own TypstError; any failure is a render error
            raise RenderError(f"typst failed: {_first_line(str(error))}", file=source) from None
        finally:
            source.unlink(missing_ok=True)


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else "no message"
