"""An interval attacker: how closely can a reader pin what an output hides?

Given every table one output shows about one column (the rows of the groups shown, the
"<5" flag of each hidden group, each table's overall counts), integer programming (SciPy's
``milp``) finds, for each hidden group, the least and the most its size and each of its
cells could be while agreeing with everything shown. Disclosure control holds when no
hidden value is pinned more closely than the threshold allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp


class Shown(NamedTuple):
    """What one output shows about a column: per table, each group's row or ``None``."""

    tables: list[list[list[int] | None]]
    totals: list[list[int]]
    small: list[bool]
    """Per group: shown as "<5" (only meaningful for hidden groups)."""


def shown_of(
    tables: Sequence[Sequence[Sequence[int]]], hidden: frozenset[int], min_cell: int
) -> Shown:
    """What an output hiding ``hidden`` shows of ``tables`` (rows aligned by group)."""
    sizes = [sum(row) for row in tables[0]]
    return Shown(
        tables=[[None if g in hidden else list(row) for g, row in enumerate(t)] for t in tables],
        totals=[[sum(col) for col in zip(*t, strict=True)] for t in tables],
        small=[size < min_cell for size in sizes],
    )


class Range(NamedTuple):
    what: str
    low: int
    high: int


def ranges(shown: Shown, min_cell: int) -> list[Range]:
    """The feasible range of each hidden group's size and of each of its cells."""
    hidden = [g for g, row in enumerate(shown.tables[0]) if row is None]
    if not hidden:
        return []
    widths = [len(total) for total in shown.totals]
    # one variable per hidden group and table cell, then one per hidden group's size
    index: dict[tuple[int, int, int], int] = {}
    for g in hidden:
        for t, width in enumerate(widths):
            for c in range(width):
                index[g, t, c] = len(index)
    size_of = {g: len(index) + n for n, g in enumerate(hidden)}
    count = len(index) + len(hidden)
    rows: list[np.ndarray] = []
    low: list[float] = []
    high: list[float] = []

    def equal(coefficients: dict[int, float], value: float) -> None:
        row = np.zeros(count)
        for variable, coefficient in coefficients.items():
            row[variable] += coefficient
        rows.append(row)
        low.append(value)
        high.append(value)

    for t, width in enumerate(widths):
        for c in range(width):
            rest = shown.totals[t][c] - sum(row[c] for row in shown.tables[t] if row is not None)
            equal({index[g, t, c]: 1.0 for g in hidden}, rest)
        for g in hidden:  # each table's row adds up to the group's size
            coefficients = {index[g, t, c]: 1.0 for c in range(width)}
            coefficients[size_of[g]] = -1.0
            equal(coefficients, 0.0)
    lower = np.zeros(count)
    upper = np.full(count, np.inf)
    for g in hidden:
        if shown.small[g]:
            lower[size_of[g]], upper[size_of[g]] = 1, min_cell - 1
        else:
            lower[size_of[g]] = min_cell
    constraints = LinearConstraint(np.array(rows), np.array(low), np.array(high))
    integrality = np.ones(count)
    found: list[Range] = []

    def bound(variable: int, sign: float) -> int:
        objective = np.zeros(count)
        objective[variable] = sign
        result = milp(
            objective,
            constraints=constraints,
            integrality=integrality,
            bounds=Bounds(lower, upper),
        )
        assert result.success, result.message
        return round(sign * result.fun)

    for g in hidden:
        variables = [(f"group {g} size", size_of[g])]
        variables += [
            (f"group {g} table {t} cell {c}", index[g, t, c])
            for t, width in enumerate(widths)
            for c in range(width)
        ]
        for what, variable in variables:
            found.append(Range(what, bound(variable, 1.0), bound(variable, -1.0)))
    return found
