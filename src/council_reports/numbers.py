"""Number formatting: one set of rules for prose, tables and captions in every output format.

Rounding is half away from zero, as the DfE rounds published figures (Python's ``round`` rounds
half to even, which would turn a published 0.125 into 0.12). Percentages and percentage points
are kept distinct. DfE symbols (c, x, z, low, u) are shown as themselves and explained once in a
footnote.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Unit = Literal["%", "pp", "count", "rate", "per10k", "number", "flag", "text"]
# "text" is a word (a fact's unit, never a number's) and stays last; "flag" is a condition.
UNITS: tuple[str, ...] = ("%", "pp", "count", "rate", "per10k", "number", "flag", "text")

SYMBOLS: dict[str, str] = {
    "c": "suppressed to protect confidentiality",
    "x": "not available",
    "z": "not applicable",
    "low": "a positive number too small to show at this precision",
    "u": "low reliability",
}
SUPPRESSED = "c"  # what a public build shows for a figure it hides (present.disclosure)

Value = float | int | str | None


def is_symbol(value: object) -> bool:
    return isinstance(value, str) and value in SYMBOLS


def round_half_up(value: float, decimals: int) -> Decimal:
    """Round as published figures are rounded: 0.125 to 2 dp is 0.13, -0.125 is -0.13."""
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)


def as_printed(value: float, decimals: int) -> int | float:
    """A number as a reader sees it printed: rounded as ``format_value`` rounds it, a whole
    number when it has no decimal places (never -0)."""
    rounded = round_half_up(value, decimals)
    return int(rounded) if decimals <= 0 else float(rounded) + 0.0


def format_value(
    value: Value, unit: str = "number", decimals: int = 0, *, signed: bool = False
) -> str:
    """Format one value for a reader: ``18.3%``, ``2,551``, ``+0.2 percentage points``, ``c``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "x"
    if isinstance(value, str):
        return value
    rounded = round_half_up(value, decimals)
    if rounded == 0:
        rounded = abs(rounded)  # never print -0.0
    text = f"{rounded:,.{decimals}f}"
    if signed and rounded > 0:
        text = "+" + text
    if unit == "%":
        return text + "%"
    if unit == "pp":
        points = "percentage point" if abs(rounded) == 1 else "percentage points"
        return f"{text} {points}"
    return text


def format_cell(
    value: Value, unit: str = "number", decimals: int = 0, *, signed: bool = False
) -> str:
    """Format a table cell: as ``format_value`` but percentage points abbreviated to ``pp``."""
    text = format_value(value, unit, decimals, signed=signed)
    if unit == "pp" and isinstance(value, int | float) and not math.isnan(value):
        return text.split(" ")[0] + " pp"
    return text


def change_unit(unit: str) -> str:
    """A change in a percentage is in percentage points; other units keep their own."""
    return "pp" if unit == "%" else unit


def symbol_notes(values: list[Value]) -> list[str]:
    """The footnote lines for the DfE symbols that appear among ``values``, in a fixed order."""
    present = {value for value in values if is_symbol(value)}
    return [f"{symbol} = {meaning}" for symbol, meaning in SYMBOLS.items() if symbol in present]


def long_date(value: object) -> str:
    """A date as the council writes it: ``13 October 2025``; anything else as it is."""
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def ordinal(number: int) -> str:
    """A place as words write it: ``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``22nd``."""
    if number % 100 in (11, 12, 13):
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"
