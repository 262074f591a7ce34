"""Pure-Python statistics for the calibration checks (no SciPy needed).

Chi-square tests, exact tests of 2 x k tables, Holm's adjustment, the normal and Student's t
distributions. Each is checked against SciPy in the tests.
"""

from __future__ import annotations

import functools
import math
import statistics
from collections.abc import Sequence

__all__ = [
    "MAX_EXACT_TABLES",
    "bias_corrected_cramers_v",
    "chi_square_sf",
    "cramers_v",
    "exact_p_value",
    "holm",
    "independence",
    "normal_sf",
    "t_quantile",
]

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
    """Cramér's V, uncorrected: ``sqrt(chi2 / (n * (min(rows, columns) - 1)))``.

    Biased upwards in small tables (with no effect at all it is well above 0 for a few
    people), so it is not comparable across sample sizes: the reports show
    :func:`bias_corrected_cramers_v` instead.
    """
    smaller = min(rows, columns) - 1
    if n == 0 or smaller < 1:
        return 0.0
    return math.sqrt(statistic / (n * smaller))


def bias_corrected_cramers_v(statistic: float, n: int, rows: int, columns: int) -> float:
    """Cramér's V with Bergsma's bias correction (Bergsma 2013, J. Korean Stat. Soc. 42).

    ``phi2 = max(0, chi2 / n - (rows - 1)(columns - 1) / (n - 1))``, rows and columns
    corrected to ``k - (k - 1)^2 / (n - 1)``, and V the square root of ``phi2`` over the
    smaller corrected dimension less one. Near 0 when there is no effect, whatever the
    number of people, so values of tables of different sizes can be compared. 0.0 when
    it is undefined (fewer than two people, rows or columns).
    """
    if n < 2 or min(rows, columns) < 2:
        return 0.0
    phi2 = max(0.0, statistic / n - (rows - 1) * (columns - 1) / (n - 1))
    smaller = min(rows - (rows - 1) ** 2 / (n - 1), columns - (columns - 1) ** 2 / (n - 1)) - 1
    if smaller <= 0:
        return 0.0
    return min(1.0, math.sqrt(phi2 / smaller))  # at most 1, as the uncorrected V


MAX_EXACT_TABLES = 1_000_000
"""The exact test enumerates at most this many tables; beyond it no p-value is given."""


def exact_p_value(first_row: Sequence[int], column_totals: Sequence[int]) -> float | None:
    """The two-sided exact p-value of a 2 x k table with fixed margins (Freeman-Halton).

    The probability, under independence, of every table with the same margins that is no
    more likely than the observed one (for a 2 x 2 table: Fisher's exact test). Sums are
    kept as whole numbers, so ties are exact. ``None`` when more than
    :data:`MAX_EXACT_TABLES` tables would have to be enumerated.
    """
    a = sum(first_row)
    n = sum(column_totals)
    order = sorted(range(len(column_totals)), key=column_totals.__getitem__)
    totals = [column_totals[j] for j in order]
    observed = math.prod(math.comb(column_totals[j], first_row[j]) for j in order)
    free, last = totals[:-1], totals[-1]
    if math.prod(min(a, c) + 1 for c in free) > MAX_EXACT_TABLES:
        return None
    below = 0

    def walk(index: int, left: int, weight: int) -> None:
        nonlocal below
        if index == len(free):
            if left <= last:
                w = weight * math.comb(last, left)
                if w <= observed:
                    below += w
            return
        c = free[index]
        # The columns still to come can hold at most this many of the first row.
        room = sum(free[index + 1 :]) + last
        for x in range(max(0, left - room), min(c, left) + 1):
            walk(index + 1, left - x, weight * math.comb(c, x))

    walk(0, a, 1)
    return min(1.0, below / math.comb(n, a))


def holm(p_values: Sequence[float]) -> tuple[float, ...]:
    """Holm's step-down adjustment of ``p_values`` (same order back; each at most 1)."""
    m = len(p_values)
    order = sorted(range(m), key=p_values.__getitem__)
    adjusted = [0.0] * m
    running = 0.0
    for step, index in enumerate(order):
        running = max(running, min(1.0, (m - step) * p_values[index]))
        adjusted[index] = running
    return tuple(adjusted)


def normal_sf(z: float) -> float:
    """The probability that a standard normal variable exceeds ``z``."""
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def _beta_fraction(a: float, b: float, x: float) -> float:
    # The continued fraction of the regularised incomplete beta function (Lentz's method).
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (tiny if abs(d) < tiny else d)
    h = d
    for m in range(1, _MAX_ITER):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (tiny if abs(d) < tiny else d)
            c = 1.0 + numerator / c
            c = tiny if abs(c) < tiny else c
            h *= d * c
        if abs(d * c - 1.0) < _EPS:
            break
    return h


def _incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b), for 0 <= x <= 1."""
    if x <= 0.0 or x >= 1.0:
        return 0.0 if x <= 0.0 else 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, 1.0 - x) / b


def _t_sf(t: float, df: float) -> float:
    """The probability that Student's t with ``df`` degrees of freedom exceeds ``t >= 0``.

    Near 0, ``df / (df + t*t)`` rounds to 1 and the usual form loses ``t``: there the
    complement, a small incomplete beta in ``t*t / (df + t*t)``, keeps it.
    """
    near = t * t / (df + t * t)
    if near < 0.5:
        return 0.5 - 0.5 * _incomplete_beta(0.5, df / 2.0, near)
    return 0.5 * _incomplete_beta(df / 2.0, 0.5, df / (df + t * t))


_LARGE_DF = 1_000.0
"""From here on :func:`t_quantile` uses the Cornish-Fisher expansion (error below 1e-12)."""


@functools.lru_cache(maxsize=64)
def _cornish_fisher(p: float) -> tuple[float, tuple[float, float, float, float]]:
    """The normal ``p`` quantile z and the Cornish-Fisher terms in 1/df, 1/df^2, ... at z.

    Remembered: one report asks for the same ``p`` for thousands of assessors.
    """
    z = statistics.NormalDist().inv_cdf(p)
    z2 = z * z
    return z, (
        z * (z2 + 1) / 4,
        z * ((5 * z2 + 16) * z2 + 3) / 96,
        z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384,
        z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92160,
    )


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile (0.5 <= p < 1) of Student's t with ``df`` degrees of freedom.

    ``df`` is positive, not necessarily whole. Halley's (or Newton's) method on the distribution
    function from the normal quantile; for ``df`` of at least 1,000, the Cornish-Fisher
    expansion in 1/df to the fourth order.
    """
    if not 0.5 <= p < 1.0 or not df > 0:
        raise ValueError("t_quantile needs 0.5 <= p < 1 and df > 0")
    if p == 0.5:
        return 0.0
    z, terms = _cornish_fisher(p)
    z2 = z * z
    a, b, c, d = terms
    expansion = z + (a + (b + (c + d / df) / df) / df) / df
    if df >= _LARGE_DF:
        return expansion
    log_scale = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    # The expansion is a close start where it converges (df not small), else the first term.
    t = expansion if df >= 4 else z * (1 + (z2 + 1) / (4 * df))
    # From the close start, Halley's step (Newton's corrected by the density's slope, whose
    # ratio to the density is -(df + 1) t / (df + t^2)): its error cubes at each step, so
    # after a step below 1e-5 of t the error left is about 1e-15 of t, what a float holds.
    # From the rough start, Newton's, whose error squares.
    halley = df >= 4
    for _ in range(100):
        density = math.exp(log_scale - (df + 1) / 2 * math.log1p(t * t / df))
        step = (_t_sf(t, df) - (1.0 - p)) / density
        if halley:
            step /= 1.0 - step * (df + 1) * t / (2.0 * (df + t * t))
        t += step
        if abs(step) <= (1e-5 if halley else 1e-9) * abs(t):
            break
    return t
