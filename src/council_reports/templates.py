"""The project's templates: the council's Quarto format extension (templates/_extensions/council/),
read by every renderer and by the charts, which draw in the fonts it bundles."""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .errors import RenderError
from .project import Project

EXTENSION = ("council",)  # templates/_extensions/council
SCRATCH = "council-reports"  # our folder in the machine's temporary space


def templates_dir() -> Path:
    """templates/ of the project (or $COUNCIL_REPORTS_TEMPLATES)."""
    if "COUNCIL_REPORTS_TEMPLATES" in os.environ:
        return Path(os.environ["COUNCIL_REPORTS_TEMPLATES"])
    return Project.locate().templates


@dataclass(frozen=True)
class Extension:
    """The council's Quarto format extension, read so that the pandoc path renders with the same
    files as Quarto and the charts draw in the same fonts."""

    folder: Path
    formats: dict[str, dict[str, Any]]

    @classmethod
    def load(cls, templates: Path | None = None) -> Extension:
        import yaml

        folder = (templates or templates_dir()) / "_extensions" / Path(*EXTENSION)
        try:
            spec = yaml.safe_load((folder / "_extension.yml").read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise RenderError(
                "format extension not found", file=folder / "_extension.yml"
            ) from None
        return cls(folder, spec["contributes"]["formats"])

    def option(self, fmt: str, key: str, default: Any = None) -> Any:
        """A format's option, falling back to the ``common`` options."""
        return self.formats.get(fmt, {}).get(key, self.formats.get("common", {}).get(key, default))

    def file(self, fmt: str, key: str) -> Path:
        """A format's file option (reference-doc, css), as a path inside the extension."""
        return self.folder / self.option(fmt, key)

    def files(self, fmt: str, key: str) -> list[Path]:
        """A format's list of files (filters, font-paths), as paths inside the extension."""
        return [self.folder / name for name in self.option(fmt, key, [])]


def scratch_folder(*parts: str) -> Path:
    """A folder of ours in the machine's temporary space, outside any build folder."""
    folder = Path(tempfile.gettempdir(), SCRATCH, *parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def generated_file(name: str, text: str) -> Path:
    """``text`` as a file for a tool that takes a setting only as a file (pandoc's stylesheet
    header, vl-convert's font configuration): ``<stem>-<hash>.<suffix>`` in the scratch folder,
    written once per content, whole or not at all, whichever process or thread gets there."""
    stem, suffix = name.rsplit(".", 1)
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    path = scratch_folder() / f"{stem}-{digest}.{suffix}"
    if not path.is_file():
        partial = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    return path


@cache
def font_folders() -> tuple[Path, ...]:
    """The folders of fonts the extension bundles (Liberation Sans), which the PDF, the charts
    and the slides' text measurements all use."""
    folders = tuple(f for f in Extension.load().files("typst", "font-paths") if f.is_dir())
    if not folders:
        raise RenderError("the format extension names no font folder for the charts")
    return folders


@cache
def typesetter() -> Any:
    """One typst compiler holding the bundled fonts, for everything typst draws or measures
    outside a document's own PDF (chart PNGs, the text of a slide): a compiler per use would
    read the fonts again each time. It reads each input afresh."""
    import typst

    fonts = typst.Fonts(
        include_system_fonts=False, font_paths=[str(folder) for folder in font_folders()]
    )
    return typst.Compiler(font_paths=fonts, ignore_system_fonts=True)
