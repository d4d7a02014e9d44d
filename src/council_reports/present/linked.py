"""The linked model of everything a document publishes, for disclosure control.

Every published count or percentage is a **variable**, named by a cell reference (a table cell
``("legal-status", "interim_care_order", "children")`` or a fact id ``"in_care"``), with its
true value and its disclosure class:

- ``children``: a count of children: the DfE rule applies (1 to 5 hidden; 0 shown);
- ``service``: a count about the service (staff, meetings, DRP stages): shown unless it would
  give a hidden count away;
- ``rate``: a percentage or rate, shown rounded to ``decimals`` places.

**Relations** say how the figures depend on each other, wherever they are printed:

- ``same(a, b)``: one figure in two places (hidden in both or neither);
- ``total(t, parts)``: ``t`` is the sum of ``parts`` (a row total in another table included);
- ``difference(d, a, b)``: ``d = a - b`` (a change between years; ``b`` may be last year's
  public figure, a variable added with ``public=True``);
- ``share(p, count, whole)``: ``p = per x count / whole``, shown rounded to ``p``'s decimals.

Each relation is checked against the true values when it is declared, so a table whose parts
do not add up to its total is found here, not by a solver that finds no solution. The model
holds plain Python values (no pandas); suppression over it and the audit that proves it are in
``present.audit``, and ``present.disclosure.model_from_tables`` builds it from Tables. The
maths: docs/design/disclosure-audit.md.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..errors import DisclosureError
from ..numbers import round_half_up

Ref = str | tuple[str, ...]

CHILDREN = "children"
SERVICE = "service"
RATE = "rate"
KINDS = (CHILDREN, SERVICE, RATE)
SMALLEST_SHOWN = 6  # the DfE rule: a count of children from 1 to 5 is hidden; 0 is shown

SAME = "same"
TOTAL = "total"
DIFFERENCE = "difference"
SHARE = "share"
LARGEST_WHOLE = 10**6  # an unrounded share is read back as count / whole up to this whole


def ref_text(ref: Ref) -> str:
    """A reference as one readable word: ``legal-status.interim_care_order.children``."""
    return ".".join(ref) if isinstance(ref, tuple) else ref


@dataclass(frozen=True)
class Variable:
    """A published figure: its true value (None when not available, shown as ``x``), its
    disclosure class and how it is shown."""

    ref: Ref
    value: float | None
    kind: str
    decimals: int | None = None  # a rate: shown rounded to this many places (None: unrounded)
    signed: bool = False  # a change between counts: may be negative, never a primary cell
    public: bool = False  # already public (last year's public build): always shown

    @property
    def integer(self) -> bool:
        """Counts are whole numbers; rates are not."""
        return self.kind != RATE

    @property
    def can_hide(self) -> bool:
        """This build may hide it: it is available and not public already."""
        return self.value is not None and not self.public

    @property
    def primary(self) -> bool:
        """A count of children from 1 to 5 that this build publishes: the DfE rule hides it."""
        return (
            self.kind == CHILDREN
            and self.can_hide
            and not self.signed
            and 0 < self.value < SMALLEST_SHOWN
        )

    @property
    def shown(self) -> Fraction:
        """The value as a reader sees it: exact for a count, rounded half away from zero for a
        rate (as ``numbers.format_value`` prints it), or the exact value when not rounded."""
        if self.value is None:
            raise ValueError(f"{ref_text(self.ref)} is not available")
        if self.decimals is None:
            return Fraction(self.value)
        return Fraction(round_half_up(self.value, self.decimals))


@dataclass(frozen=True)
class Relation:
    """A relation between figures: ``refs`` are (a, b) for same, (t, *parts) for total,
    (d, a, b) for difference and (p, count, whole) for share."""

    name: str
    refs: tuple[Ref, ...]
    per: int = 100  # share: p = per x count / whole

    def terms(self) -> dict[Ref, int]:
        """The coefficients of a linear relation, whose terms add to 0 (a part listed twice
        counts twice); empty for a share."""
        signs: dict[str, tuple[int, ...]] = {
            SAME: (1, -1),
            TOTAL: (-1, *[1] * (len(self.refs) - 1)),
            DIFFERENCE: (1, -1, 1),
        }
        coefficients: dict[Ref, int] = defaultdict(int)
        for ref, sign in zip(self.refs, signs.get(self.name, ()), strict=False):
            coefficients[ref] += sign
        return {ref: c for ref, c in coefficients.items() if c}


class Model:
    """Published figures and the relations between them, built up by ``add`` and the relation
    methods; every reference in a relation must have been added first."""

    def __init__(self) -> None:
        self.variables: dict[Ref, Variable] = {}
        self.relations: list[Relation] = []
        self._related: dict[Ref, list[Relation]] = defaultdict(list)
        self._positions: dict[Ref, int] = {}

    def __iter__(self) -> Iterator[Variable]:
        return iter(self.variables.values())

    def __len__(self) -> int:
        return len(self.variables)

    def __getitem__(self, ref: Ref) -> Variable:
        try:
            return self.variables[ref]
        except KeyError:
            raise KeyError(f"no figure {ref_text(ref)} in the model") from None

    def position(self, ref: Ref) -> int:
        """Where ``ref`` was added: choices between equal figures follow it, so that every
        build of the same figures hides the same cells."""
        return self._positions[ref]

    def related(self, ref: Ref) -> list[Relation]:
        """The relations ``ref`` takes part in."""
        return self._related.get(ref, [])

    def add(
        self,
        ref: Ref,
        value: float | None,
        kind: str,
        *,
        decimals: int | None = None,
        signed: bool = False,
        public: bool = False,
    ) -> None:
        """Add a published figure (see Variable); a count is a whole number, not negative
        unless ``signed``."""
        where = ref_text(ref)
        if kind not in KINDS:
            raise ValueError(f"{where}: unknown class {kind!r}; classes: {', '.join(KINDS)}")
        if ref in self.variables:
            raise ValueError(f"{where} is in the model twice")
        if kind != RATE and decimals is not None:
            raise ValueError(f"{where}: a count is not rounded")
        if value is not None and not math.isfinite(value):
            raise ValueError(f"{where}: {value} is not a figure (not available is None)")
        whole = value is None or (value == int(value) and (value >= 0 or signed))
        if kind != RATE and not whole:
            raise ValueError(f"{where}: a count is a whole number, not negative unless signed")
        self.variables[ref] = Variable(ref, value, kind, decimals, signed, public)
        self._positions[ref] = len(self._positions)

    def same(self, a: Ref, b: Ref) -> None:
        """``a`` and ``b`` are the same figure, published in two places."""
        if self[a].kind != self[b].kind:
            raise ValueError(f"{ref_text(a)} and {ref_text(b)} are figures of different classes")
        self._relate(Relation(SAME, (a, b)))

    def total(self, total: Ref, parts: Sequence[Ref]) -> None:
        """``total`` is the sum of ``parts``."""
        self._relate(Relation(TOTAL, (total, *parts)))

    def difference(self, difference: Ref, a: Ref, b: Ref) -> None:
        """``difference`` is ``a - b``."""
        self._relate(Relation(DIFFERENCE, (difference, a, b)))

    def share(self, p: Ref, count: Ref, whole: Ref, *, per: int = 100) -> None:
        """``p`` is ``per x count / whole`` (a percentage by default), shown rounded to ``p``'s
        decimals. A share of a whole of 0 says nothing about its count and is not recorded."""
        if self[p].kind != RATE or RATE in (self[count].kind, self[whole].kind):
            raise ValueError(f"share {ref_text(p)}: a rate of a count in a whole that is a count")
        if not (isinstance(per, int) and per > 0):
            raise ValueError(f"share {ref_text(p)}: per is a positive whole number, not {per}")
        if self[whole].value != 0:
            self._relate(Relation(SHARE, (p, count, whole), per))

    def _relate(self, relation: Relation) -> None:
        variables = [self[ref] for ref in relation.refs]
        if relation.name != SHARE and len({v.integer for v in variables}) > 1:
            raise ValueError(f"{relation.name} of {ref_text(relation.refs[0])}: counts and rates")
        _check(relation, variables)
        self.relations.append(relation)
        for ref in dict.fromkeys(relation.refs):
            self._related[ref].append(relation)


def unrounded_share(p: Variable, per: int) -> Fraction:
    """count / whole read back from an unrounded share, as a reader could from its digits."""
    assert p.value is not None
    return Fraction(p.value / per).limit_denominator(LARGEST_WHOLE)


def _check(relation: Relation, variables: list[Variable]) -> None:
    """Raise DisclosureError when the true values break the relation (not available values
    are not checked): the figures, or the relation declared, are wrong."""
    if any(v.value is None for v in variables):
        return
    values = [v.value for v in variables]
    names = [ref_text(v.ref) for v in variables]
    if relation.name == SHARE:
        p, count, whole = variables
        exact = Fraction(relation.per * int(count.value), int(whole.value))
        if p.decimals is None:
            holds = unrounded_share(p, relation.per) * relation.per == exact
        else:  # shown as the true share rounded (at a half either way: floating point)
            holds = abs(exact - p.shown) <= Fraction(1, 2 * 10**p.decimals)
        detail = (
            f"{names[0]} is {p.value} but {relation.per} x {names[1]} / {names[2]} is "
            f"{float(exact)}"
        )
    else:
        by_ref = dict(zip(relation.refs, values, strict=True))
        residual = sum(c * by_ref[ref] for ref, c in relation.terms().items())
        holds = abs(residual) <= 1e-9 * (1 + sum(abs(v) for v in values))
        match relation.name:
            case "same":
                detail = f"{names[1]} is {values[1]}"
            case "total":
                detail = f"its {len(values) - 1} parts add to {sum(values[1:])}"
            case _:
                detail = f"{names[1]} - {names[2]} is {values[1] - values[2]}"
        detail = f"{names[0]} is {values[0]} but {detail}"
    if not holds:
        raise DisclosureError(
            f"the figures break a declared {relation.name}: {detail}",
            hint="correct the figures or the relation; disclosure control relies on it",
        )
