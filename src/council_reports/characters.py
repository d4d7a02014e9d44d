"""The characters a text from outside (a data file's cell, a settings field) may hold.

Refused, each with one line naming the character: a control character (NUL, escape and the
like; tab and line breaks are white space and stay), a number written with digits other than
0-9 (superscripts, Arabic-Indic or fullwidth digits: ``int()`` reads some and not others, and a
reader would see a number the figures do not hold), and a character the report's bundled fonts
cannot draw (an emoji: a tagged PDF cannot show it, and the chart engine would draw a box).

Checking every cell of a large file one by one costs seconds, so callers first look at whole
lines with ``SUSPECT`` (anything outside printable ASCII) and check the cells of a line only
when it matches.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from .project import Project
from .templates import CharacterMap, Extension

# Printable ASCII, tab and line breaks: a line of only these holds nothing to refuse.
SUSPECT = re.compile(r"[^\t\n\r\x20-\x7e]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SEPARATORS = " +-.,%/"  # what a number (or a date) may hold besides its digits
DIGITS_HINT = "type the number with the digits 0-9"


def _name(character: str) -> str:
    code = f"U+{ord(character):04X}"
    name = unicodedata.name(character, "")
    return f"{code} {name}" if name else code


def _shown(text: str) -> str:
    """The text quoted for an error line: escaped, and cut short when long."""
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _is_digit(character: str) -> bool:
    """Any digit, superscript, subscript or other numeral, of any script."""
    return unicodedata.numeric(character, None) is not None


@cache
def _fonts() -> tuple[CharacterMap, ...]:
    """The bundled fonts' character maps (none when there are no templates here: a loader used
    on its own; the renderer then reports what it cannot draw)."""
    try:
        folders = Extension.load(Project.locate().templates).files("typst", "font-paths")
    except Exception:  # no templates, or a broken extension: nothing to check against
        return ()
    paths = [p for f in folders if f.is_dir() for p in sorted(f.iterdir())]
    return tuple(CharacterMap(p) for p in paths if p.suffix.lower() in (".ttf", ".otf"))


def drawable(character: str) -> bool:
    """Whether every bundled font (regular, bold and italic alike) can draw ``character``."""
    return all(ord(character) in font for font in _fonts())


def problem(text: str) -> tuple[str, str] | None:
    """Why ``text`` cannot be read as it is, as (what is wrong, what to do); None when it can."""
    if not SUSPECT.search(text):
        return None
    control = _CONTROL.search(text)
    if control:
        return (
            f"{_shown(text)} holds a control character ({_name(control.group())})",
            "delete it: text holds no control characters",
        )
    foreign = [c for c in text if _is_digit(c) and not "0" <= c <= "9"]
    if foreign and all(_is_digit(c) or c in _SEPARATORS for c in text.strip()):
        return (
            f"{_shown(text)} is written with {foreign[0]!r} ({_name(foreign[0])}), not the "
            "digits 0-9",
            DIGITS_HINT,
        )
    missing = [c for c in text if not c.isascii() and c.isprintable() and not drawable(c)]
    if missing:
        return (
            f"{_shown(text)} holds {missing[0]!r} ({_name(missing[0])}), which the report's fonts "
            "cannot show",
            "write it without that character",
        )
    return None
