"""Suppression over the linked model of a publication, and the audit that proves it.

``suppress(model)`` decides which figures a public build hides:

1. **primary**: every count of children from 1 to 5 (``Variable.primary``);
2. **links**: a hidden figure is hidden wherever it appears (``same``), and a percentage of a
   hidden count is hidden with it (``share``);
3. **complementary** (secondary) cells, first by the DfE's rule of thumb (a total, or a
   difference, with exactly one hidden figure has its smallest other figure hidden), then by
   the audit: while a hidden figure can still be worked out, one more figure linked to it is
   hidden and the audit runs again. Failing that, DisclosureError names the figure.

``audit(model, hidden)`` is the proof. For each hidden figure it computes the range a reader
can derive from everything published: the least and greatest value the figure can take subject
to every published figure and every relation, counts whole and not negative, a rounded
percentage entering as the interval it rounds from (an integer programme, solved by HiGHS
through ``scipy.optimize.milp``). A hidden figure leaks when its range is one value, and a
hidden count of children from 1 to 5 also when its range lies inside 1 to 5 (a reader who can
rule out 0 and every count from 6 up has learnt what the rule hides).

The maths, and what the audit does not cover: docs/design/disclosure-audit.md.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

from ..errors import DisclosureError
from .linked import (
    CHILDREN,
    RATE,
    SAME,
    SERVICE,
    SHARE,
    SMALLEST_SHOWN,
    Model,
    Ref,
    Relation,
    Variable,
    ref_text,
    unrounded_share,
)

PRIMARY = "primary"  # a count of children from 1 to 5
SECONDARY = "secondary"  # hidden so that a primary figure cannot be worked out
WITH_COUNT = "share"  # a percentage of a hidden count

EXACT = "exact"  # a hidden figure's range is one value
SMALL = "small"  # a primary figure's range lies inside 1 to 5
SHOWN = "shown"  # a primary figure is published

LOOKAHEAD = 12  # complementary candidates tried, best first, before taking the best
_TOLERANCE = 1e-6  # solver values this close to a whole number are that number


@dataclass(frozen=True)
class Finding:
    """The audit of one figure: why it is hidden, the range a reader can derive for it (None
    where unbounded) and, if it leaks, how (EXACT, SMALL or SHOWN)."""

    ref: Ref
    reason: str
    low: float | None
    high: float | None
    leak: str | None = None

    def record(self) -> dict[str, Any]:
        """The finding for disclosure.json (never the figure itself: the range is what a reader
        can work out anyway)."""
        record: dict[str, Any] = {
            "cell": ref_text(self.ref),
            "reason": self.reason,
            "range": [self.low, self.high],
        }
        return record | ({"leak": self.leak} if self.leak else {})

    def line(self) -> str:
        """What leaks, in one line."""
        cell = ref_text(self.ref)
        if self.leak == SHOWN:
            return f"{cell} is a count of children from 1 to 5 and is shown"
        if self.leak == EXACT:
            return f"{cell} is hidden ({self.reason}) but can be worked out as {self.low}"
        return (
            f"{cell} is hidden ({self.reason}) but can be worked out to lie between "
            f"{self.low} and {self.high}, a count the DfE rule hides"
        )


@dataclass(frozen=True)
class Suppression:
    """What a public build hides (reference -> reason) and the audit that proves it."""

    hidden: dict[Ref, str]
    findings: tuple[Finding, ...]

    def records(self) -> list[dict[str, Any]]:
        return [finding.record() for finding in self.findings]


def suppress(model: Model) -> Suppression:
    """Hide the primary figures and enough others that none can be worked out; the result's
    findings are the audit of every hidden figure, all of them safe."""
    hidden = _with_links(model, {v.ref for v in model if v.primary})
    hidden = _complete(model, hidden)
    pending = deque(sorted(hidden, key=lambda ref: (not model[ref].primary, model.position(ref))))
    program = _Program(model, hidden)
    while pending:
        ref = pending.popleft()
        if program.leak(ref) is None:
            continue
        added = _complement(model, program, ref)
        hidden |= added
        program = _Program(model, hidden)
        pending.extendleft(reversed([ref, *sorted(added, key=model.position)]))
    findings = _findings(model, program)
    require_safe(findings)  # by construction; a failure here is a bug in this module
    return Suppression({f.ref: f.reason for f in findings}, findings)


def audit(model: Model, hidden: Iterable[Ref]) -> tuple[Finding, ...]:
    """The range a reader can derive for each hidden figure, with the primary figures that are
    shown, in the model's order."""
    hidden = set(hidden)
    for ref in hidden:
        if model[ref].value is None:
            raise ValueError(f"{ref_text(ref)} is not available, so it cannot be hidden")
    return _findings(model, _Program(model, hidden))


def _findings(model: Model, program: _Program) -> tuple[Finding, ...]:
    findings = []
    for variable in model:
        if variable.ref in program.hidden:
            low, high = program.range(variable.ref)
            reason = _reason(model, program.hidden, variable)
            findings.append(Finding(variable.ref, reason, low, high, _leak(variable, low, high)))
        elif variable.primary:
            value = variable.value
            findings.append(Finding(variable.ref, PRIMARY, value, value, SHOWN))
    return tuple(findings)


def require_safe(findings: Iterable[Finding]) -> None:
    """Raise DisclosureError naming the first figure that leaks."""
    for finding in findings:
        if finding.leak:
            raise DisclosureError(
                finding.line(), hint="the public build would give this count away"
            )


def _leak(variable: Variable, low: float | None, high: float | None) -> str | None:
    """How a hidden figure with this derivable range leaks, or None."""
    if low is None or high is None:
        return None
    if high - low <= _TOLERANCE * max(1.0, abs(high)):
        return EXACT
    if variable.primary and low >= 1 and high < SMALLEST_SHOWN:
        return SMALL
    return None


def _reason(model: Model, hidden: frozenset[Ref], variable: Variable) -> str:
    if variable.primary:
        return PRIMARY
    of_hidden = any(
        r.name == SHARE and r.refs[0] == variable.ref and r.refs[1] in hidden
        for r in model.related(variable.ref)
    )
    return WITH_COUNT if of_hidden else SECONDARY


def _with_links(model: Model, refs: Iterable[Ref]) -> set[Ref]:
    """``refs`` and every figure that must be hidden with them: the same figure elsewhere and
    the percentages of a hidden count."""
    hidden = set(refs)
    stack = list(hidden)
    while stack:
        ref = stack.pop()
        for relation in model.related(ref):
            if relation.name == SAME:
                linked = relation.refs
            elif relation.name == SHARE and relation.refs[1] == ref:
                linked = relation.refs[:1]
            else:
                continue
            for other in linked:
                if (
                    other not in hidden
                    and not model[other].public
                    and model[other].value is not None
                ):
                    hidden.add(other)
                    stack.append(other)
    return hidden


def _cost(model: Model, ref: Ref) -> tuple[int, bool, float, int]:
    """What hiding a figure costs readers, least first: a count of children before a
    percentage before a count about the service (hidden only when nothing else protects a
    count of children), a figure that is not 0 before a 0 (0 is shown by the rule), the
    smallest first (the DfE's "next smallest"), then the first in the model."""
    variable = model[ref]
    rank = {CHILDREN: 0, RATE: 1, SERVICE: 2}[variable.kind]
    value = abs(variable.value or 0)
    return rank, value == 0, value, model.position(ref)


def _complete(model: Model, hidden: set[Ref]) -> set[Ref]:
    """The rule of thumb before the audit: while a total or a difference of counts has exactly
    one hidden figure (and nothing else unknown), hide its cheapest other figure."""
    changed = True
    while changed:
        changed = False
        for relation in model.relations:
            refs = list(relation.terms())
            if relation.name in (SAME, SHARE) or any(model[r].kind == RATE for r in refs):
                continue
            unknown = [r for r in refs if r in hidden or model[r].value is None]
            if len(unknown) != 1 or unknown[0] not in hidden:
                continue
            others = sorted(
                (r for r in refs if r not in hidden and model[r].can_hide),
                key=lambda r: _cost(model, r),
            )
            added = next(filter(None, (_hiding(model, hidden, r) for r in others)), None)
            if added:
                hidden |= added
                changed = True
    return hidden


def _complement(model: Model, program: _Program, ref: Ref) -> set[Ref]:
    """The figures to hide next so that ``ref`` cannot be worked out: the cheapest published
    figure linked to it whose hiding protects it on its own (trying the LOOKAHEAD cheapest),
    else the cheapest, for the next round to build on."""
    fallback, tried = None, 0
    for candidate in sorted(program.neighbours(ref), key=lambda r: _cost(model, r)):
        added = _hiding(model, program.hidden, candidate)
        if added is None:
            continue
        fallback = fallback or added
        if tried == LOOKAHEAD:
            break
        tried += 1
        if _Program(model, program.hidden | added).leak(ref) is None:
            return added
    if fallback is None:
        low, high = program.range(ref)
        worked_out = f"as {low}" if low == high else f"to between {low} and {high}"
        raise DisclosureError(
            f"{ref_text(ref)} can be worked out {worked_out} from what is published, and no "
            "figure linked to it can be hidden",
            hint="it follows from figures already public: leave the figures linked to it out",
        )
    return fallback


def _hiding(model: Model, hidden: Iterable[Ref], ref: Ref) -> set[Ref] | None:
    """What hiding ``ref`` hides besides ``hidden`` (``ref`` and its links), or None when that
    would hide the whole of a percentage linked to other figures, which the audit cannot follow
    (docs/design/disclosure-audit.md, 2.2)."""
    hidden = set(hidden)
    added = _with_links(model, hidden | {ref}) - hidden
    linked_wholes = (
        r.refs[2] == whole and _linear(model, r.refs[0])
        for whole in added
        for r in model.related(whole)
        if r.name == SHARE
    )
    return None if any(linked_wholes) else added


def _linear(model: Model, ref: Ref) -> bool:
    """Whether ``ref`` takes part in a relation other than a share."""
    return any(r.name != SHARE for r in model.related(ref))


@dataclass
class _Row:
    """A linear constraint ``low <= sum(coefficient x variable) <= high`` from a relation."""

    coefficients: dict[Ref, float]
    low: float
    high: float
    relation: Relation


class _Program:
    """What a reader knows when ``hidden`` (and every figure not available) is unknown: each
    relation as linear rows over the unknown figures and the published rates in linear
    relations (known only to the interval they round from), split into independent components
    solved separately."""

    def __init__(self, model: Model, hidden: set[Ref]) -> None:
        self.model = model
        self.hidden = frozenset(hidden)
        self.unknown = self.hidden | {v.ref for v in model if v.value is None}
        self.rows: list[_Row] = []
        self._scaled: dict[Ref, tuple[Ref, float]] = {}  # percentage -> (count, per / whole)
        for relation in model.relations:
            self._add(relation)
        self._component = _components(self)
        self._solved: dict[tuple[Ref, int], float | None] = {}

    def is_variable(self, ref: Ref) -> bool:
        """Unknown figures, and published rates whose value a linear relation can narrow."""
        variable = self.model[ref]
        return ref in self.unknown or (
            variable.kind == RATE and variable.decimals is not None and _linear(self.model, ref)
        )

    def _add(self, relation: Relation) -> None:
        if relation.name != SHARE:
            self._row(relation, relation.terms(), 0, 0)
            return
        p, count, whole = (self.model[ref] for ref in relation.refs)
        if whole.ref in self.unknown:
            if _linear(self.model, p.ref):
                raise DisclosureError(
                    f"cannot audit {ref_text(p.ref)}: a percentage of a hidden whole "
                    f"({ref_text(whole.ref)}) that is also linked to other figures",
                    hint="publish the whole, or leave out the figures linked to the percentage",
                )
        elif p.ref in self.unknown and not _linear(self.model, p.ref):  # only a count, scaled
            self._scaled[p.ref] = count.ref, relation.per / whole.value
        elif self.is_variable(p.ref):  # whole x p = per x count, with the whole known
            self._row(relation, {p.ref: whole.value, count.ref: -relation.per}, 0, 0)
        if p.ref not in self.unknown and {count.ref, whole.ref} & self.unknown:
            self._rounding(relation, p, count.ref, whole.ref)

    def _rounding(self, relation: Relation, p: Variable, count: Ref, whole: Ref) -> None:
        """A published percentage as the interval it rounds from, in whole numbers: with
        ``k`` the shown value in units of ``10**-decimals``, ``S = 2 x 10**decimals x per``,
        and half away from zero, ``(2k-1) whole <= S count < (2k+1) whole`` for ``k > 0``
        (a strict bound on whole numbers is ``<= ... - 1``). Where the true figures lie on
        the excluded end (a percentage worked out in floating point and rounded the other
        way), that end is included, so the true figures always fit."""
        self._row(relation, {whole: 1}, 1, math.inf)  # a percentage is printed of a whole
        if p.decimals is None:  # unrounded: count / whole read back exactly
            ratio = unrounded_share(p, relation.per)
            self._row(relation, {count: ratio.denominator, whole: -ratio.numerator}, 0, 0)
            return
        unit = 10**p.decimals
        k = p.shown * unit
        assert k.denominator == 1
        scale = 2 * unit * relation.per
        below = {count: scale, whole: -(2 * k - 1)}  # S count - (2k-1) whole
        above = {count: scale, whole: -(2 * k + 1)}  # S count - (2k+1) whole
        on_edge = self._true_value(below) == 0, self._true_value(above) == 0
        self._row(relation, below, 0 if k > 0 or on_edge[0] else 1, math.inf)
        self._row(relation, above, -math.inf, 0 if k < 0 or on_edge[1] else -1)

    def _true_value(self, terms: dict[Ref, Fraction | int]) -> Fraction | None:
        """``sum(terms)`` at the true figures, or None when one is not available."""
        values = {ref: self.model[ref].value for ref in terms}
        if None in values.values():
            return None
        return sum(Fraction(c) * Fraction(values[ref]) for ref, c in terms.items())

    def _row(
        self, relation: Relation, terms: dict[Ref, Fraction | int | float], low: float, high: float
    ) -> None:
        """Add ``low <= sum(terms) <= high``, published counts (and unrounded rates) moved to
        the bounds as constants; nothing when no term is unknown."""
        coefficients: dict[Ref, float] = {}
        constant = 0.0
        for ref, coefficient in terms.items():
            if self.is_variable(ref):
                coefficients[ref] = coefficients.get(ref, 0.0) + float(coefficient)
            else:
                constant += float(coefficient) * float(self.model[ref].shown)
        if coefficients:
            self.rows.append(_Row(coefficients, low - constant, high - constant, relation))

    def neighbours(self, ref: Ref) -> set[Ref]:
        """Published figures that could still be hidden, in the relations that bind ``ref``;
        not a percentage whose count and whole are both shown (hidden, it protects nothing
        and is worked out at once)."""
        rows = self._component[ref].rows if ref in self._component else []
        return {
            other
            for row in rows
            for other in row.relation.refs
            if other not in self.unknown
            and self.model[other].can_hide
            and not any(
                r.name == SHARE and r.refs[0] == other and not set(r.refs[1:]) & self.unknown
                for r in self.model.related(other)
            )
        }

    def leak(self, ref: Ref) -> str | None:
        """Whether ``ref`` leaks, solving only what decides it: a primary figure is safe once
        a reader cannot rule out 0 or 6 and over, any other once it can take two values."""
        variable = self.model[ref]
        assert variable.value is not None
        high = self._bound(ref, -1)
        if variable.primary:
            if high is None or high >= SMALLEST_SHOWN or self._bound(ref, 1) == 0:
                return None
        elif high is None or high > variable.value + _TOLERANCE * max(1.0, abs(high)):
            return None
        return _leak(variable, *self.range(ref))

    def range(self, ref: Ref) -> tuple[float | None, float | None]:
        """The least and greatest value of ``ref`` given everything published."""
        return self._bound(ref, 1), self._bound(ref, -1)

    def _bound(self, ref: Ref, sense: int) -> float | None:
        """The least (sense 1) or greatest (sense -1) value of ``ref``; None when unbounded."""
        key = (ref, sense)
        if key in self._solved:
            return self._solved[key]
        if ref in self._scaled:  # a hidden percentage of a known whole: its count's, scaled
            count, factor = self._scaled[ref]
            value = self._bound(count, sense) if count in self.unknown else self.model[count].value
            self._solved[key] = None if value is None else value * factor + 0.0
        else:
            if ref not in self._component:  # in no relation: only its own bounds
                self._component[ref] = _Component(self, (ref,), [])
            self._solved[key] = self._component[ref].bound(ref, sense)
        return self._solved[key]

    def bounds(self, ref: Ref) -> tuple[float, float]:
        """The values a figure can take before any relation: a published rate the interval it
        rounds from, a count whole and not negative (unless a change)."""
        variable = self.model[ref]
        if ref not in self.unknown:
            half = Fraction(1, 2 * 10**variable.decimals)
            return float(variable.shown - half), float(variable.shown + half)
        if variable.kind == RATE or variable.signed:
            return -math.inf, math.inf
        return 0.0, math.inf


class _Component:
    """Figures linked through rows, solved together: the problem is built once, and each whole
    solution found is kept as a witness, a point the figures can take, so that a figure seen
    at its least possible value (0 for a count) needs no solve of its own."""

    def __init__(self, program: _Program, refs: tuple[Ref, ...], rows: list[_Row]) -> None:
        self.program, self.refs, self.rows = program, refs, rows
        self.index = {ref: i for i, ref in enumerate(refs)}
        self.witnesses: list[Any] = []

    @cached_property
    def arrays(self) -> tuple[Any, Any, Any, Any]:
        """Each figure's bounds and whether it is whole, and the rows' coefficients."""
        import numpy as np

        low, high = zip(*(self.program.bounds(ref) for ref in self.refs), strict=True)
        integer = [self.program.model[ref].integer for ref in self.refs]
        matrix = np.zeros((len(self.rows), len(self.refs)))
        for i, row in enumerate(self.rows):
            for ref, coefficient in row.coefficients.items():
                matrix[i, self.index[ref]] = coefficient
        return np.array(low), np.array(high), np.array(integer, dtype=float), matrix

    def bound(self, ref: Ref, sense: int) -> float | None:
        low, high, integer, _ = self.arrays
        i = self.index[ref]
        edge = float(low[i] if sense == 1 else high[i])
        if not self.rows or any(w[i] == edge for w in self.witnesses):
            return None if math.isinf(edge) else _number(edge, integer[i])
        return self._solve(ref, sense)

    def _solve(self, ref: Ref, sense: int) -> float | None:
        import numpy as np
        from scipy.optimize import Bounds, LinearConstraint, milp

        low, high, integer, matrix = self.arrays
        objective = np.zeros(len(self.refs))
        objective[self.index[ref]] = sense
        rows = LinearConstraint(matrix, [r.low for r in self.rows], [r.high for r in self.rows])
        problem = {
            "constraints": [rows],
            "bounds": Bounds(low, high),
            "options": {"mip_rel_gap": 0},
        }
        # The LP relaxation first: it tells an unbounded figure (a MILP says only "unbounded
        # or infeasible"), and when its optimum is whole it is the integer optimum as well.
        result = milp(objective, integrality=np.zeros(len(self.refs)), **problem)
        if result.status == 3:
            return None
        if result.status == 0 and not _whole(result.x[integer == 1]):
            result = milp(objective, integrality=integer, **problem)
        if result.status == 2:
            raise DisclosureError(
                f"the published figures linked to {ref_text(ref)} contradict their relations",
                hint="check the figures and relations declared around it",
            )
        if result.status != 0:
            raise RuntimeError(f"audit of {ref_text(ref)}: {result.message}")
        solution = np.where(integer == 1, result.x.round(), result.x)
        self.witnesses.append(solution)
        i = self.index[ref]
        return _number(solution[i], integer[i])


def _number(value: float, integer: float) -> float:
    """A solver's value as a figure: a whole number for a count, never -0.0."""
    return round(value) if integer else float(value) + 0.0


def _whole(values: Any) -> bool:
    return bool(((values - values.round()) ** 2 <= _TOLERANCE**2).all())


def _components(program: _Program) -> dict[Ref, _Component]:
    """For each variable, the component of the variables it is linked to through rows."""
    parent: dict[Ref, Ref] = {}

    def root(ref: Ref) -> Ref:
        parent.setdefault(ref, ref)
        while parent[ref] != ref:
            parent[ref] = parent[parent[ref]]
            ref = parent[ref]
        return ref

    for row in program.rows:
        first, *rest = row.coefficients
        for ref in rest:
            parent[root(ref)] = root(first)
        root(first)
    members: dict[Ref, list[Ref]] = {}
    for ref in parent:
        members.setdefault(root(ref), []).append(ref)
    linked: dict[Ref, list[_Row]] = {top: [] for top in members}
    for row in program.rows:
        linked[root(next(iter(row.coefficients)))].append(row)
    components = {top: _Component(program, tuple(members[top]), linked[top]) for top in members}
    return {ref: components[root(ref)] for ref in parent}
