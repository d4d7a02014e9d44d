"""The project's templates: the council's Quarto format extension (templates/_extensions/council/),
read by every renderer and by the charts, which draw in the fonts it bundles."""

from __future__ import annotations

import bisect
import hashlib
import os
import struct
import tempfile
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .errors import RenderError
from .yamlfile import load_yaml

EXTENSIONS = "_extensions"  # templates/_extensions: Quarto format extensions
# The charts' PNG resolution: twice the SVG's size (an SVG pixel is 1/96 inch); the slides
# place a PNG by it.
PNG_PPI = 192
# figures/<id>-narrow.svg: a chart drawn for a phone's width, which the extension's Lua filter
# (council.lua) shows in place of figures/<id>.svg on a narrow screen
NARROW_SUFFIX = "-narrow"
EXTENSION = ("council",)  # templates/_extensions/council
SCRATCH = "council-reports"  # our folder in the machine's temporary space


@dataclass(frozen=True)
class Extension:
    """The council's Quarto format extension, read so that the pandoc path renders with the same
    files as Quarto and the charts draw in the same fonts."""

    folder: Path
    formats: dict[str, dict[str, Any]]

    @classmethod
    def load(cls, templates: Path) -> Extension:
        """The extension in a project's ``templates`` folder."""
        path = templates / EXTENSIONS / Path(*EXTENSION) / "_extension.yml"
        if not path.is_file():
            raise RenderError("format extension not found", file=path)
        return cls(path.parent, load_yaml(path)["contributes"]["formats"])

    def option(self, fmt: str, key: str, default: Any = None) -> Any:
        """A format's option, falling back to the ``common`` options."""
        return self.formats.get(fmt, {}).get(key, self.formats.get("common", {}).get(key, default))

    def file(self, fmt: str, key: str) -> Path:
        """A format's file option (reference-doc, css), as a path inside the extension."""
        return self.folder / self.option(fmt, key)

    def files(self, fmt: str, key: str) -> list[Path]:
        """A format's list of files (filters, font-paths), as paths inside the extension."""
        return [self.folder / name for name in self.option(fmt, key, [])]


class CharacterMap:
    """Which characters a TrueType or OpenType font has a glyph for, from its Unicode character
    map (format 4 for the Basic Multilingual Plane, 12 beyond it), asked one character at a time
    (``code in font``): reading the map's ranges costs microseconds, listing them would not."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as font:  # the table directory, then the character map alone
            head = font.read(12)
            count = struct.unpack_from(">H", head, 4)[0]
            directory = head + font.read(16 * count)
            tables = (struct.unpack_from(">4sIII", directory, 12 + 16 * i) for i in range(count))
            offset, length = next((o, n) for tag, _, o, n in tables if tag == b"cmap")
            font.seek(offset)
            self.data = data = font.read(length)
        subtables = {
            struct.unpack_from(">HH", data, 4 + 8 * i): struct.unpack_from(">I", data, 8 + 8 * i)[0]
            for i in range(struct.unpack_from(">H", data, 2)[0])
        }
        at = next((subtables[k] for k in ((3, 10), (0, 4), (3, 1), (0, 3)) if k in subtables), -1)
        self.groups: list[tuple[int, int, int]] = []  # format 12: (first, last, first glyph)
        self.ends: tuple[int, ...] = ()  # format 4: segments by their last code
        if at >= 0 and struct.unpack_from(">H", data, at)[0] == 12:
            count = struct.unpack_from(">I", data, at + 12)[0]
            self.groups = [struct.unpack_from(">III", data, at + 16 + 12 * i) for i in range(count)]
        elif at >= 0:
            segments = struct.unpack_from(">H", data, at + 6)[0] // 2
            self.ends = struct.unpack_from(f">{segments}H", data, at + 14)
            self.starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
            self.deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 4 * segments)
            self.ranges_at = at + 16 + 6 * segments
            self.ranges = struct.unpack_from(f">{segments}H", data, self.ranges_at)

    def __contains__(self, code: int) -> bool:
        if self.groups:
            i = bisect.bisect_right(self.groups, (code, 0x110000, 0)) - 1
            first, last, glyph = self.groups[i] if i >= 0 else (1, 0, 0)
            return first <= code <= last and (glyph + code - first) != 0
        i = bisect.bisect_left(self.ends, code)
        if i == len(self.ends) or self.starts[i] > code or code == 0xFFFF:
            return False
        if self.ranges[i] == 0:  # glyph = code + delta; glyph 0 is "no glyph"
            return (code + self.deltas[i]) & 0xFFFF != 0
        at = self.ranges_at + 2 * i + self.ranges[i] + 2 * (code - self.starts[i])
        return struct.unpack_from(">H", self.data, at)[0] != 0


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
def font_folders(templates: Path) -> tuple[Path, ...]:
    """The folders of fonts the extension bundles (Liberation Sans), which the PDF, the charts
    and the slides' text measurements all use."""
    folders = tuple(f for f in Extension.load(templates).files("typst", "font-paths") if f.is_dir())
    if not folders:
        raise RenderError("the format extension names no font folder for the charts")
    return folders


@cache
def typesetter(templates: Path) -> Any:
    """One typst compiler holding the bundled fonts, for everything typst draws or measures
    outside a document's own PDF (chart PNGs, the text of a slide): a compiler per use would
    read the fonts again each time. It reads each input afresh."""
    import typst

    fonts = typst.Fonts(
        include_system_fonts=False, font_paths=[str(f) for f in font_folders(templates)]
    )
    return typst.Compiler(font_paths=fonts, ignore_system_fonts=True)
