"""Typed errors. A ReportError is the user's mistake (bad data, bad parameter) and is printed
as one line by the CLI (ReportErrors, several found at once, as a line each); any other
exception is a bug in council-reports. A DataWarning is what a user should know about a build
that does not stop it (a check that could not run): the build says it in a note."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Characters that would break the one line (or rewrite the terminal): shown escaped, as \n.
_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters escaped (``\\n``, ``\\x1b``), so a
    value typed on the command line or read from a file can never add a line to an error."""
    return _BREAKING.sub(lambda match: repr(match.group())[1:-1], text)


def _as_typed(file: str | Path) -> str:
    """A file as the user would type it: relative to the working directory when it lies below
    it (``data/bcssp/2023-24/police.csv``), else as given."""
    path = Path(file)
    if path.is_absolute():
        try:
            return path.relative_to(Path.cwd()).as_posix()
        except (ValueError, OSError):  # elsewhere, or the working directory is gone
            pass
    return str(file)


@dataclass
class ReportError(Exception):
    """Base of every error a user can cause and fix.

    Printed as ``<file>:<row>:<column>: <message> (<hint>)``; location parts that are unknown are
    left out. ``row`` is the 1-based line of the file as a spreadsheet or text editor shows it
    (the header is row 1 of a CSV); for a workbook, ``sheet`` and a cell reference such as B7;
    for a notebook, the ``cell``'s number among all its cells (1-based) and its ``cell_id``, as
    JupyterLab shows them.
    """

    message: str
    file: str | Path | None = None
    row: int | None = None
    column: str | None = None
    hint: str | None = None
    sheet: str | None = None
    cell: int | None = None
    cell_id: str | None = None

    def __post_init__(self) -> None:
        super().__init__(self.line())

    def location(self) -> str:
        parts = [_as_typed(self.file)] if self.file is not None else []
        if self.sheet is not None:
            parts.append(self.sheet)
        if self.cell is not None:
            parts.append(f"cell {self.cell}" + (f" (id {self.cell_id})" if self.cell_id else ""))
        if self.row is not None:
            parts.append(str(self.row))
        if self.column is not None:
            parts.append(self.column)
        return ":".join(parts)

    def line(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        return one_line(f"{text} ({self.hint})" if self.hint else text)

    def lines(self) -> list[str]:
        """The error as the CLI prints it: one line each."""
        return [self.line()]

    def each(self) -> list[ReportError]:
        """The mistakes this error reports: itself, or each of several."""
        return [self]

    def __str__(self) -> str:
        return self.line()


@dataclass
class ReportErrors(ReportError):
    """Several mistakes found at once (an author's in a notebook, the rules a return breaks), so
    the user fixes them all in one go: the CLI prints each as its own line."""

    errors: tuple[ReportError, ...] = field(default=())

    @classmethod
    def of(cls, errors: Sequence[ReportError]) -> ReportError:
        """The one error, or all of them (each of several kept as one of them)."""
        found = [each for error in errors for each in error.each()]
        if len(found) == 1:
            return found[0]
        return cls(f"{len(found)} errors", errors=tuple(found))

    def each(self) -> list[ReportError]:
        return list(self.errors)

    def lines(self) -> list[str]:
        return [error.line() for error in self.errors]

    def line(self) -> str:
        return "\n".join(self.lines())


class DataWarning(UserWarning):
    """Something the user should know about a build that does not stop it, such as a check that
    could not run; the build reports it as a note."""


class DataError(ReportError):
    """A source data file is missing, malformed or breaks a validation rule."""


class ParameterError(ReportError):
    """A build parameter (report, LA, period, format, option) is unknown or invalid."""


class TargetError(ParameterError):
    """The data does not hold the LA or period asked for: the caller's choice, so it names no
    notebook cell even when the notebook's first cell is where it is found."""


class RenderError(ReportError):
    """A renderer failed or is unavailable."""


class NotebookError(ReportError):
    """A report notebook failed while executing: a bug in the notebook, not in the data."""


class FetchError(ReportError):
    """A download from a publisher failed (no network, a refused request), or what it sent is not
    what the declaration and the loaders expect."""


class ProseError(ReportError):
    """Prose (a notebook's Markdown, a cover report, a slide) quotes a fact the ledger does not
    hold, or uses a shortcode or condition that does not exist."""


class DisclosureError(ReportError):
    """A public build would give a hidden count away (or its figures contradict the relations
    declared between them), and disclosure control cannot settle it."""


def os_error_line(error: OSError) -> str:
    """A read-only folder or a full disk in one line: the file, if known, and what went wrong."""
    where = f"{error.filename}: " if error.filename else ""
    return one_line(f"{where}{error.strerror or error}")


LISTED = 12  # a hint names at most this many choices


def choices(what: str, items: Sequence[str]) -> str:
    """A hint naming the choices there are: every one when there are few, else how many and
    the command that lists them (a line naming England's 153 LAs helps nobody)."""
    if len(items) <= LISTED:
        return f"{what}s: " + ", ".join(items)
    return (
        f"{len(items)} {what}s have data, {items[0]} to {items[-1]}: 'council-reports list' "
        "names them"
    )
