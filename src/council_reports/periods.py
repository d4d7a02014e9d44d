"""Reporting periods: one academic or financial year, written ``2023-24`` on the command line,
``202324`` in DfE open data and ``2023/24`` in prose."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ParameterError

# the digits 0-9 only: int() would also read other scripts' digits
_PERIOD = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)
_TIME_PERIOD = re.compile(r"^(\d{4})(\d{2})$", re.ASCII)


@dataclass(frozen=True, order=True)
class Period:
    """A twelve-month period starting in ``start_year``."""

    start_year: int

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``2023-24``; anything else is a ParameterError that shows the expected form."""
        match = _PERIOD.match(text.strip())
        if not match or (int(match[1]) + 1) % 100 != int(match[2]):
            raise ParameterError(
                f"period {text!r} is not a year such as 2023-24",
                hint="write the first year in full and the second as two digits",
            )
        return cls(int(match[1]))

    @classmethod
    def from_time_period(cls, time_period: str) -> Period | None:
        """Read the DfE ``time_period`` form ``202324``; None when it is not one."""
        match = _TIME_PERIOD.match(str(time_period))
        if not match or (int(match[1]) + 1) % 100 != int(match[2]):
            return None
        return cls(int(match[1]))

    @property
    def end_year(self) -> int:
        return self.start_year + 1

    @property
    def time_period(self) -> str:
        return f"{self.start_year}{self.end_year % 100:02d}"

    @property
    def label(self) -> str:
        """The prose form, ``2023/24``."""
        return f"{self.start_year}/{self.end_year % 100:02d}"

    @property
    def previous(self) -> Period:
        return Period(self.start_year - 1)

    @property
    def following(self) -> Period:
        return Period(self.start_year + 1)

    def __str__(self) -> str:
        return f"{self.start_year}-{self.end_year % 100:02d}"
