"""Rater effects: whether one assessor places people differently from everyone else.

Each assessor's placements are compared with everyone else's on performance, on potential
and on the nine segments. The council sees *how* (a signed leniency index per axis),
*whether* (a test: Pearson's chi-square, or an exact test where cells are small), *how
much* (Cramér's V) and *where* (adjusted standardised residuals per cell). An assessor is
flagged when their test stays significant after a Holm correction across assessors.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from typing import Final

import attrs

from apsperf import _validators as v
from apsperf.errors import ValidationError
from apsperf.findings import Finding, Severity
from apsperf.segmentation.analysis import _stats
from apsperf.segmentation.analysis._review import CalibrationCheck, _non_negative, _reliability
from apsperf.segmentation.model._levels import Level, Segment
from apsperf.segmentation.model._workforce import SEGMENTS, Workforce

__all__ = ["AxisEffect", "RaterEffect", "exact_p_value", "holm", "rater_effects"]

EVERYONE_ELSE = "everyone else"
"""The row label of the comparison group in each rater-effect table."""

MAX_EXACT_TABLES = 1_000_000
"""The exact test enumerates at most this many tables; beyond it no p-value is given."""

_LEVEL_LABELS = tuple(level.value for level in Level)
_SEGMENT_LABELS = tuple(segment.value for segment in Segment)
_CODE = {segment: code for code, segment in enumerate(SEGMENTS)}


_LEVEL_OF: Final = {
    axis: tuple(getattr(segment, axis).rank - 1 for segment in SEGMENTS)
    for axis in ("performance", "potential")
}
"""Per axis, each segment's level (0 low, 2 high), in :data:`SEGMENTS` order."""


def _by_level(per_segment: Sequence[int], axis: str) -> list[int]:
    """Counts per segment (in :data:`SEGMENTS` order) folded into counts per level of ``axis``."""
    counts = [0, 0, 0]
    for level, count in zip(_LEVEL_OF[axis], per_segment, strict=True):
        counts[level] += count
    return counts


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


def _floats(value: Iterable[float]) -> tuple[float, ...]:
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class AxisEffect:
    """One assessor against everyone else on one axis (performance, potential or segment).

    ``check`` is the test of the 2-row table (the assessor, then everyone else; categories
    nobody is in left out): its ``test`` is ``"independence"`` for Pearson's chi-square
    and ``"exact"`` for the exact test used when cells are small, and its effect size is
    Cramér's V. ``leniency`` is the assessor's mean level (1 low, 3 high) minus everyone
    else's (``None`` on the segment axis, or when nobody else was assessed).
    ``residuals`` are the adjusted standardised residuals of the assessor's row, one per
    column of the check: beyond about ±2 a cell differs more than chance usually explains.
    """

    axis: str = attrs.field(validator=v.text)
    leniency: float | None = attrs.field(default=None)
    check: CalibrationCheck
    residuals: tuple[float, ...] = attrs.field(default=(), converter=_floats)


@attrs.frozen(kw_only=True)
class RaterEffect:
    """How one assessor's placements compare with everyone else's.

    ``p_value`` is the one p-value the flag rests on: the nine-segment test's when it is
    reported, otherwise the smaller of the two axis tests' doubled (a Bonferroni correction
    for looking twice), ``None`` when no test could be run. ``adjusted_p_value`` is it after
    Holm's correction across all assessors with a p-value; ``flagged`` is true when that is
    below the significance level: a reason to look at the assessor's placements, not a
    finding that they are wrong.
    """

    assessor: str = attrs.field(validator=v.text)
    people: int = attrs.field(validator=_non_negative)
    performance: AxisEffect
    potential: AxisEffect
    segments: AxisEffect
    p_value: float | None = None
    adjusted_p_value: float | None = None
    flagged: bool = False


def _residuals(table: list[list[int]], expected: list[list[float]]) -> tuple[float, ...]:
    n = sum(map(sum, table))
    row_share = sum(table[0]) / n
    result = []
    for j, (o, e) in enumerate(zip(table[0], expected[0], strict=True)):
        column_share = (table[0][j] + table[1][j]) / n
        scale = math.sqrt(e * (1 - row_share) * (1 - column_share))
        result.append((o - e) / scale if scale > 0 else 0.0)
    return tuple(result)


def _axis_effect(
    axis: str, labels: Sequence[str], mine: Sequence[int], rest: Sequence[int], *, levels: bool
) -> AxisEffect:
    columns = [j for j in range(len(labels)) if mine[j] + rest[j]]
    table = [[mine[j] for j in columns], [rest[j] for j in columns]]
    shown = tuple(labels[j] for j in columns)
    leniency: float | None = None
    if levels and sum(mine) > 0 and sum(rest) > 0:  # ranks 1..3 in label order
        mean = [sum((j + 1) * row[j] for j in range(3)) / sum(row) for row in (mine, rest)]
        leniency = mean[0] - mean[1]
    if not sum(rest) or len(columns) < 2:
        finding = Finding(
            code="too-few-categories",
            severity=Severity.WARNING,
            message=f"the {axis} test needs people both in this assessor's group and outside "
            f"it, in at least two categories; found {len(columns)} categories",
        )
        check = CalibrationCheck(
            test="independence",
            statistic=None,
            degrees_of_freedom=0,
            p_value=None,
            effect_size=None,
            observed=tuple(map(tuple, table)),
            expected=(),
            row_labels=("assessor", EVERYONE_ELSE),
            column_labels=shown,
            findings=(finding,),
        )
        return AxisEffect(axis=axis, leniency=leniency, check=check)
    statistic, df, expected = _stats.independence(table)
    findings = _reliability(expected)
    n = sum(map(sum, table))
    test, p_value = "independence", None
    if not findings:
        p_value = _stats.chi_square_sf(statistic, df)
    elif levels:  # a 2 x 3 table: small enough to enumerate
        p_value = exact_p_value(table[0], [a + b for a, b in zip(*table, strict=True)])
        test = "exact"
        findings = [
            Finding(
                code="exact-test-used",
                severity=Severity.INFO,
                message=f"cells are small, so the {axis} p-value is from the exact test "
                "(Freeman-Halton), not chi-square"
                + ("" if p_value is not None else "; the table is too large to enumerate"),
            )
        ]
    return AxisEffect(
        axis=axis,
        leniency=leniency,
        check=CalibrationCheck(
            test=test,
            statistic=statistic,
            degrees_of_freedom=df,
            p_value=p_value,
            effect_size=_stats.cramers_v(statistic, n, 2, len(columns)),
            observed=tuple(map(tuple, table)),
            expected=tuple(map(tuple, expected)),
            row_labels=("assessor", EVERYONE_ELSE),
            column_labels=shown,
            findings=tuple(findings),
        ),
        residuals=_residuals(table, expected),
    )


def _per_assessor(workforce: Workforce, by: str | None) -> dict[str, list[int]]:
    """Each assessor's count of people per segment (in :data:`SEGMENTS` order)."""
    counted = (
        workforce.counts(["segment"], groups=[by])
        if by is not None
        else workforce.counts(["segment", "assessed_by"])
    )
    per: dict[str, list[int]] = {}
    for (segment, assessor), count in counted.items():
        if assessor:
            per.setdefault(assessor, [0] * len(SEGMENTS))[_CODE[segment]] += count
    return per


def rater_effects(
    workforce: Workforce, *, by: str | None = None, alpha: float = 0.05
) -> tuple[RaterEffect, ...]:
    """Each assessor's placements against everyone else's, assessors in sorted order.

    The assessor is each placement's ``assessed_by`` (the file's assessor column), or the
    grouping column ``by`` when named. People with no assessor count in everyone else's
    tables but get no entry of their own. See :class:`RaterEffect` for the flag rule.
    """
    if not isinstance(workforce, Workforce):
        raise ValidationError(
            f"expected Workforce, got {type(workforce).__name__}", path="workforce"
        )
    if isinstance(alpha, bool) or not isinstance(alpha, float) or not 0 < alpha < 1:
        raise ValidationError("must be a number between 0 and 1", path="alpha")
    per = _per_assessor(workforce, by)
    counts = workforce.segment_counts()
    total = [counts.get(segment, 0) for segment in SEGMENTS]
    # Many assessors share a table (ten people fall in few ways): each is worked out once.
    effect = functools.lru_cache(maxsize=None)(_axis_effect)
    effects = []
    for assessor in sorted(per):
        mine = per[assessor]
        rest = [total[i] - mine[i] for i in range(9)]
        axes = [
            effect(
                axis,
                _LEVEL_LABELS,
                tuple(_by_level(mine, axis)),
                tuple(_by_level(rest, axis)),
                levels=True,
            )
            for axis in ("performance", "potential")
        ]
        nine = effect("segment", _SEGMENT_LABELS, tuple(mine), tuple(rest), levels=False)
        effects.append((assessor, sum(mine), axes[0], axes[1], nine, _p_value(axes, nine)))
    reported = [e[5] for e in effects if e[5] is not None]
    adjusted = iter(holm(reported))
    result = []
    for assessor, people, perf, pot, nine, p in effects:
        adj = next(adjusted) if p is not None else None
        result.append(
            RaterEffect(
                assessor=assessor,
                people=people,
                performance=perf,
                potential=pot,
                segments=nine,
                p_value=p,
                adjusted_p_value=adj,
                flagged=adj is not None and adj < alpha,
            )
        )
    return tuple(result)


def _p_value(axes: list[AxisEffect], nine: AxisEffect) -> float | None:
    if nine.check.p_value is not None:
        return nine.check.p_value
    values = [a.check.p_value for a in axes if a.check.p_value is not None]
    return min(1.0, 2 * min(values)) if values else None
