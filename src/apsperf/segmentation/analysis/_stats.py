"""Pure-Python chi-square statistics for calibration checks (no SciPy needed)."""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["chi_square_sf", "cramers_v", "independence"]

_EPS = 1e-15
_MAX_ITER = 10_000


def _lower_series(a: float, x: float) -> float:
    # Regularised lower incomplete gamma P(a, x) by its series (x < a + 1).
    term = total = 1.0 / a
    ap = a
    for _ in range(_MAX_ITER):
        ap += 1.0
        term *= x / ap
        total += term
        if abs(term) < abs(total) * _EPS:
            break
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _upper_fraction(a: float, x: float) -> float:
    # Regularised upper incomplete gamma Q(a, x) by Lentz's continued fraction (x >= a + 1).
    tiny = 1e-300
    b = x + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, _MAX_ITER):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h


def chi_square_sf(statistic: float, df: int) -> float:
    """The p-value of a chi-square test.

    That is the probability of a chi-square value of at least ``statistic`` with ``df``
    degrees of freedom (the survival function), computed from the regularised incomplete
    gamma function.
    """
    if df < 1:
        raise ValueError("degrees of freedom must be at least 1")
    a, x = df / 2.0, statistic / 2.0
    if not x > 0:
        return 1.0
    if x < a + 1.0:
        return max(0.0, 1.0 - _lower_series(a, x))
    return min(1.0, _upper_fraction(a, x))


def independence(table: Sequence[Sequence[int]]) -> tuple[float, int, list[list[float]]]:
    """Pearson's chi-square test of independence: ``(statistic, df, expected counts)``.

    Rows and columns that are all zero are expected to have been removed by the caller.
    """
    row_totals = [sum(row) for row in table]
    column_totals = [sum(column) for column in zip(*table, strict=True)]
    n = sum(row_totals)
    expected = [[r * c / n for c in column_totals] for r in row_totals]
    statistic = sum(
        (observed - e) ** 2 / e
        for row, erow in zip(table, expected, strict=True)
        for observed, e in zip(row, erow, strict=True)
        if e > 0
    )
    df = (len(row_totals) - 1) * (len(column_totals) - 1)
    return statistic, df, expected


def cramers_v(statistic: float, n: int, rows: int, columns: int) -> float:
    """Cramér's V, the effect size of a chi-square test of independence (0 none, 1 complete)."""
    smaller = min(rows, columns) - 1
    if n == 0 or smaller < 1:
        return 0.0
    return math.sqrt(statistic / (n * smaller))
