"""Participation: how children took part in their reviews."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ...audiences import SERVICE
from ...framework import figure, table
from .base import IroContent

if TYPE_CHECKING:
    import pandas as pd

    from ...present.charts import Figure
    from ...present.tables import Table


class Participation(IroContent):
    """How children took part in their reviews."""

    @cached_property
    def _participation(self) -> pd.Series:
        from ...measures import reviews as rv

        return rv.participation(self._reviews[0], self.year.start_year)

    @table("participation")
    def participation(self) -> Table:
        return self._share_table(
            self._participation,
            "903",
            id="participation",
            caption=f"How children took part in their reviews, {self.year.label}",
            label="Participation",
            counted="Reviews",
            about=SERVICE,  # reviews, which a child may have several of
        )

    @figure("participation")
    def participation_chart(self) -> Figure:
        return self._count_chart(
            self._participation,
            "903",
            id="participation",
            caption=f"Children's participation in their reviews, {self.year.label}",
            label="Participation",
            counted="Reviews",
        )
