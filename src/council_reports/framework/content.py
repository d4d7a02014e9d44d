"""A report's content for one target: its facts, tables and figures, computed from the data.

A report's ``Content`` subclass loads its data in ``__init__``, records its named facts in
``record`` and marks its table and figure builders with ``@table("id")`` / ``@figure("id")``;
the notebook asks for them by id. A report's sections are classes of their own (one module per
published section, each owning its tables, figures and facts) that the Content class combines.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from ..errors import ParameterError
from ..keys import folder_state
from .target import Target

T = TypeVar("T")

if TYPE_CHECKING:
    from ..ledger import Ledger
    from ..present.charts import EmptyChart, Figure
    from ..present.publication import Links
    from ..present.tables import Table


LOADS_KEPT = 8  # per loader: the years of a batch, or a check and the notebook after it


def cached_load(load: Callable[..., T]) -> Callable[..., T]:
    """Remember a loader's recent results while its data folder (and the shared reference
    folder beside it) is unchanged, so checking the data before a build and the notebook's own
    load do the work once, and a batch of years reads each year once. Each caller gets its own
    deep copy: nothing one build does to the data reaches the next."""
    remembered: dict[tuple, T] = {}

    @wraps(load)
    def cached(data_dir: Path, *args: Any) -> T:
        folder = Path(data_dir).resolve()
        key = (folder, args, folder_state(folder), folder_state(folder.parent / "reference"))
        if key not in remembered:
            while len(remembered) >= LOADS_KEPT:
                remembered.pop(next(iter(remembered)))  # the oldest
            remembered[key] = load(data_dir, *args)
        return copy.deepcopy(remembered[key])

    return cached


def table(id: str) -> Callable[[Callable[..., Table]], Callable[..., Table]]:
    """Mark a Content method as the builder of table ``id``."""

    def mark(method: Callable[..., Table]) -> Callable[..., Table]:
        method.__dict__["output"] = ("table", id)
        return method

    return mark


def figure(id: str) -> Callable[[Callable[..., Figure]], Callable[..., Figure]]:
    """Mark a Content method as the builder of figure ``id``."""

    def mark(method: Callable[..., Figure]) -> Callable[..., Figure]:
        method.__dict__["output"] = ("figure", id)
        return method

    return mark


class Content:
    """The facts, tables and figures of one report for one target.

    A subclass loads its data in ``__init__``, records its named facts in ``record`` and marks
    its table and figure builders with ``@table("id")`` / ``@figure("id")`` (on itself or on
    the section classes it derives from); the notebook asks for them by id.
    """

    outputs: ClassVar[dict[tuple[str, str], str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.outputs = {
            method.__dict__["output"]: name
            for klass in reversed(cls.__mro__)
            for name, method in vars(klass).items()
            if callable(method) and "output" in getattr(method, "__dict__", {})
        }

    def __init__(self, target: Target) -> None:
        self.target = target

    @property
    def synthetic(self) -> bool:
        """Whether any figure in this build is made up (the document then says so)."""
        return False

    def inputs(self) -> list[Path]:
        """The data files this build's figures come from, each with its provenance record
        (``load.provenance``): by default every data file in the report's data folder; a report
        that reads only some of them (the years up to this one) says which."""
        from ..load.provenance import record_path
        from ..validate.published import PUBLISHED  # figures to compare with, not a source

        return sorted(
            path
            for path in self.target.data_dir.rglob("*")
            if path.is_file() and record_path(path).is_file() and path.name != PUBLISHED
        )

    def words(self) -> Mapping[str, str]:
        """Names the title, prose and cover report use, such as ``la_name``."""
        return {}

    def record(self, facts: Ledger) -> None:
        """Record the report's named facts."""

    def relate(self, links: Links) -> None:
        """Declare, for a public build's disclosure control, how the report's figures depend
        on each other across its tables and facts, and which are last year's
        (``present.publication.Links``): a count the prose quotes is a table's cell or a sum of
        cells, a percentage is a share of counts, a change is a difference. Relations within a
        table are the table's own (``Table.total``, ``Table.share``)."""

    def build(self, kind: str, id: str) -> Table | Figure | EmptyChart | None:
        """The table or figure ``id`` (None when the period's data has none); a ParameterError
        lists the ones there are."""
        name = self.outputs.get((kind, id))
        if name is None:
            known = sorted(i for k, i in self.outputs if k == kind)
            raise ParameterError(
                f"no {kind} {id!r} in this report", hint=f"{kind}s: " + ", ".join(known)
            )
        return getattr(self, name)()
