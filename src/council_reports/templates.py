"""The project's templates: the council's Quarto format extension (templates/_extensions/council/),
read by every renderer and by the charts, which draw in the fonts it bundles."""

from __future__ import annotations

import hashlib
import os
import struct
import tempfile
import threading
from dataclasses import dataclass
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
        from .settings import load_yaml  # settings checks text with the fonts named here

        folder = (templates or templates_dir()) / "_extensions" / Path(*EXTENSION)
        path = folder / "_extension.yml"
        if not path.is_file():
            raise RenderError("format extension not found", file=path)
        return cls(folder, load_yaml(path)["contributes"]["formats"])

    def option(self, fmt: str, key: str, default: Any = None) -> Any:
        """A format's option, falling back to the ``common`` options."""
        return self.formats.get(fmt, {}).get(key, self.formats.get("common", {}).get(key, default))

    def file(self, fmt: str, key: str) -> Path:
        """A format's file option (reference-doc, css), as a path inside the extension."""
        return self.folder / self.option(fmt, key)

    def files(self, fmt: str, key: str) -> list[Path]:
        """A format's list of files (filters, font-paths), as paths inside the extension."""
        return [self.folder / name for name in self.option(fmt, key, [])]


def font_characters(path: Path) -> frozenset[int]:
    """The characters (code points) a TrueType or OpenType font has a glyph for, read from its
    Unicode character map (format 4 for the Basic Multilingual Plane, 12 beyond it)."""
    with path.open("rb") as font:  # the table directory, then the character map alone
        head = font.read(12)
        count = struct.unpack_from(">H", head, 4)[0]
        directory = head + font.read(16 * count)
        records = (struct.unpack_from(">4sIII", directory, 12 + 16 * i) for i in range(count))
        offset, length = next((o, n) for tag, _, o, n in records if tag == b"cmap")
        font.seek(offset)
        data = font.read(length)
    cmap = 0
    subtables = {
        struct.unpack_from(">HH", data, cmap + 4 + 8 * i): cmap
        + struct.unpack_from(">I", data, cmap + 8 + 8 * i)[0]
        for i in range(struct.unpack_from(">H", data, cmap + 2)[0])
    }
    for key in ((3, 10), (0, 4), (3, 1), (0, 3)):  # full Unicode first, then the BMP
        if key in subtables:
            return _cmap_characters(data, subtables[key])
    return frozenset()


def _cmap_characters(data: bytes, at: int) -> frozenset[int]:
    found: set[int] = set()
    if struct.unpack_from(">H", data, at)[0] == 12:
        groups = struct.unpack_from(">I", data, at + 12)[0]
        for i in range(groups):
            first, last, glyph = struct.unpack_from(">III", data, at + 16 + 12 * i)
            found.update(range(first if glyph else first + 1, last + 1))
        return frozenset(found)
    segments = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 4 * segments)
    ranges_at = at + 16 + 6 * segments
    ranges = struct.unpack_from(f">{segments}H", data, ranges_at)
    for i, (start, end, delta, offset) in enumerate(zip(starts, ends, deltas, ranges, strict=True)):
        codes = range(start, min(end, 0xFFFE) + 1)
        if offset == 0:  # glyph = code + delta; glyph 0 is "no glyph"
            found.update(code for code in codes if (code + delta) & 0xFFFF)
            continue
        glyphs = struct.unpack_from(f">{len(codes)}H", data, ranges_at + 2 * i + offset)
        found.update(code for code, glyph in zip(codes, glyphs, strict=True) if glyph)
    return frozenset(found)


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
