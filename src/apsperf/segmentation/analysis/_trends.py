"""Statistics over cycles: movement per axis, its symmetry, and the talent-pool trend by group.

Everything here is counted from tables a history already holds (pure Python, no SciPy):

- :func:`axis_movement`: between two consecutive cycles, the 3 x 3 table of one axis's
  levels (performance or potential) among the people placed in both; the shares who moved
  up, stayed and moved down, each with a 95% Wilson score interval; and two tests of
  whether up and down moves balance: Stuart-Maxwell's test of marginal homogeneity (are the
  shares at each level the same in both cycles?) and Bowker's test of symmetry (for each
  pair of levels, did as many move one way as the other?).
- :func:`transition_rates`: between two consecutive cycles, of the people in each segment
  in the earlier cycle, the share in each segment in the later one, with a 95% Wilson
  score interval.
- :func:`pool_trend`: per group of a grouping column, the talent-pool share in each cycle
  and the Cochran-Armitage test for a linear trend across cycles, under the small-cell
  disclosure control (:func:`~apsperf.segmentation.analysis._suppression.hidden_groups`
  over every cycle's table, so a group is hidden in all of them or none).
- :func:`expected_pattern_counts`: how many people would show each pattern by chance alone,
  under a first-order Markov chain with the cohort's own transition rates between each pair
  of consecutive cycles.

Each statistic is checked against statsmodels in the tests.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Final

import attrs

from apsperf import _validators as v
from apsperf.errors import ValidationError
from apsperf.segmentation.analysis._stats import chi_square_sf, holm, normal_sf
from apsperf.segmentation.analysis._suppression import MIN_CELL, hidden_groups, hidden_within
from apsperf.segmentation.model._exports import named_in_package
from apsperf.segmentation.model._levels import Segment

__all__ = [
    "AXES",
    "CONFIDENCE",
    "AxisMovement",
    "GroupTrend",
    "PoolTrend",
    "Rate",
    "Step",
    "TransitionRates",
    "axis_movement",
    "axis_table",
    "bowker",
    "cochran_armitage",
    "expected_counts",
    "pool_trend",
    "stuart_maxwell",
    "transition_rates",
    "wilson_interval",
]

CONFIDENCE: Final = 0.95
"""The confidence level of every interval shown over cycles (apsperf's choice)."""
_Z: Final = statistics.NormalDist().inv_cdf(0.5 + CONFIDENCE / 2)


def wilson_interval(count: int, total: int, z: float = _Z) -> tuple[float, float] | None:
    """The Wilson score interval of the share ``count / total`` (95% by default).

    ``None`` when ``total`` is 0. Unlike the textbook ``p ± z·se`` interval it stays
    within 0 and 1 and keeps its coverage for small groups and shares near 0 or 1.
    """
    if total <= 0:
        return None
    p = count / total
    z2 = z * z
    centre = (p + z2 / (2 * total)) / (1 + z2 / total)
    half = z / (1 + z2 / total) * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total))
    return max(0.0, centre - half), min(1.0, centre + half)


def _solve(matrix: list[list[Fraction]], vector: list[Fraction]) -> list[Fraction] | None:
    """``matrix⁻¹ · vector`` exactly (Gauss-Jordan on fractions); ``None`` when singular."""
    size = len(vector)
    rows = [[*row, value] for row, value in zip(matrix, vector, strict=True)]
    for column in range(size):
        pivot = next((r for r in range(column, size) if rows[r][column] != 0), None)
        if pivot is None:
            return None
        rows[column], rows[pivot] = rows[pivot], rows[column]
        lead = rows[column][column]
        rows[column] = [x / lead for x in rows[column]]
        for r in range(size):
            if r != column and rows[r][column] != 0:
                factor = rows[r][column]
                rows[r] = [x - factor * y for x, y in zip(rows[r], rows[column], strict=True)]
    return [row[-1] for row in rows]


def stuart_maxwell(table: Sequence[Sequence[int]]) -> tuple[float | None, int]:
    """Stuart-Maxwell's test of marginal homogeneity of a k x k table: ``(statistic, df)``.

    Rows are the earlier cycle's level, columns the later one's. It asks whether each
    level's share is the same in both cycles, that is whether the moves into each level
    balance the moves out of it. The statistic is ``d' V⁻¹ d`` over the first ``k - 1``
    levels, ``d`` the differences between row and column totals and ``V`` their
    covariance; it is chi-square with ``k - 1`` degrees of freedom under homogeneity.
    Computed exactly on whole numbers; ``None`` when ``V`` is singular (too few kinds of
    move to test, for example nobody moved).
    """
    k = len(table)
    rows = [sum(row) for row in table]
    columns = [sum(table[i][j] for i in range(k)) for j in range(k)]
    d = [Fraction(rows[i] - columns[i]) for i in range(k - 1)]
    covariance = [
        [
            Fraction(rows[i] + columns[i] - 2 * table[i][i])
            if i == j
            else Fraction(-(table[i][j] + table[j][i]))
            for j in range(k - 1)
        ]
        for i in range(k - 1)
    ]
    solved = _solve(covariance, d) if k > 1 else None
    if solved is None:
        return None, k - 1
    return float(sum(a * b for a, b in zip(d, solved, strict=True))), k - 1


def bowker(table: Sequence[Sequence[int]]) -> tuple[float | None, int]:
    """Bowker's test of symmetry of a k x k table: ``(statistic, df)``.

    For each pair of levels, did as many people move from the first to the second as the
    other way? The statistic sums ``(n_ij - n_ji)² / (n_ij + n_ji)`` over the pairs ``i < j``
    with anyone moving between them, and the degrees of freedom count those pairs (a pair
    nobody moved between carries no information). ``None`` when nobody moved.
    """
    statistic, df = 0.0, 0
    for i in range(len(table)):
        for j in range(i + 1, len(table)):
            both = table[i][j] + table[j][i]
            if both:
                statistic += (table[i][j] - table[j][i]) ** 2 / both
                df += 1
    return (statistic if df else None), df


def cochran_armitage(
    selected: Sequence[int], people: Sequence[int]
) -> tuple[float | None, float | None]:
    """The Cochran-Armitage test for a linear trend in a share across ordered groups.

    ``selected[i]`` of ``people[i]`` are selected in group (here: cycle) ``i``; the scores
    are 0, 1, 2... (cycles equally spaced). Returns ``(z, two-sided p)``: ``z`` above 0 when
    the share rises. The variance is the classical one, ``p(1 - p) Σ n_i (s_i - s̄)²``, so
    ``z²`` is R's ``prop.trend.test`` statistic. ``(None, None)`` when there is nothing to
    test: nobody or everybody selected, or people in one cycle only.
    """
    total = sum(people)
    if total == 0:
        return None, None
    share = sum(selected) / total
    mean = sum(i * n for i, n in enumerate(people)) / total
    spread = sum(n * (i - mean) ** 2 for i, n in enumerate(people))
    variance = share * (1 - share) * spread
    if variance <= 0:
        return None, None
    trend = sum(i * (x - n * share) for i, (x, n) in enumerate(zip(selected, people, strict=True)))
    z = trend / math.sqrt(variance)
    return z, min(1.0, 2 * normal_sf(abs(z)))


def _optional_float(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        v.instance_of(float)(_inst, attribute, value)


@attrs.frozen(kw_only=True)
class Rate:
    """A share with its 95% Wilson score interval: ``count`` of ``people``.

    ``share``, ``low`` and ``high`` are ``None`` when ``people`` is 0.
    """

    count: int = attrs.field(validator=v.at_least(0))
    people: int = attrs.field(validator=v.at_least(0))
    share: float | None = attrs.field(default=None, validator=_optional_float)
    low: float | None = attrs.field(default=None, validator=_optional_float)
    high: float | None = attrs.field(default=None, validator=_optional_float)

    @classmethod
    def of(cls, count: int, people: int) -> Rate:
        """``count`` of ``people`` as a share with its Wilson interval."""
        interval = wilson_interval(count, people)
        if interval is None:
            return cls(count=count, people=people)
        return cls(
            count=count, people=people, share=count / people, low=interval[0], high=interval[1]
        )


def _table(value: Iterable[Iterable[int]]) -> tuple[tuple[int, ...], ...]:
    if isinstance(value, (list, tuple)):
        return tuple(tuple(row) if isinstance(row, (list, tuple)) else row for row in value)
    return value  # type: ignore[return-value]  # not a sequence: the validator names it


def _check_table(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if (
        not isinstance(value, tuple)
        or len(value) != 3
        or any(
            not isinstance(row, tuple)
            or len(row) != 3
            or any(isinstance(c, bool) or not isinstance(c, int) or c < 0 for c in row)
            for row in value
        )
    ):
        raise ValidationError("must be 3 rows of 3 non-negative counts", path=attribute.name)


def _check_axis(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in AXES:
        raise ValidationError(f"must be one of {', '.join(AXES)}", path=attribute.name)


@attrs.frozen(kw_only=True)
class AxisMovement:
    """Movement on one axis between two consecutive cycles, among people placed in both.

    ``table[i][j]`` counts people at level ``i`` (0 low, 1 moderate, 2 high) of ``axis``
    ("performance" or "potential") in cycle ``earlier`` and level ``j`` in ``later``.
    ``up``, ``stayed`` and ``down`` are the shares who moved up, stayed and moved down a
    level or more, with 95% Wilson intervals. ``homogeneity`` is Stuart-Maxwell's
    statistic (are the shares at each level the same in both cycles?) and ``symmetry``
    Bowker's (for every pair of levels, as many moves one way as the other?), each with
    its degrees of freedom and p-value (``None`` when there is too little movement to
    test). A small p-value says the moves are unbalanced: more up than down, or the
    reverse; it does not say the placements were wrong.
    """

    axis: str = attrs.field(validator=_check_axis)
    earlier: str = attrs.field(validator=v.instance_of(str))
    later: str = attrs.field(validator=v.instance_of(str))
    table: tuple[tuple[int, ...], ...] = attrs.field(converter=_table, validator=_check_table)
    up: Rate = attrs.field(validator=v.instance_of(Rate))
    stayed: Rate = attrs.field(validator=v.instance_of(Rate))
    down: Rate = attrs.field(validator=v.instance_of(Rate))
    homogeneity: float | None = attrs.field(default=None, validator=_optional_float)
    homogeneity_df: int = attrs.field(default=0, validator=v.at_least(0))
    homogeneity_p_value: float | None = attrs.field(default=None, validator=_optional_float)
    symmetry: float | None = attrs.field(default=None, validator=_optional_float)
    symmetry_df: int = attrs.field(default=0, validator=v.at_least(0))
    symmetry_p_value: float | None = attrs.field(default=None, validator=_optional_float)


AXES: Final = ("performance", "potential")


def axis_table(matrix: Sequence[Sequence[int]], axis: str) -> list[list[int]]:
    """The 3 x 3 table of ``axis`` levels from a 9 x 9 segment movement matrix."""
    rank = [getattr(s, axis).rank - 1 for s in Segment]
    table = [[0] * 3 for _ in range(3)]
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            table[rank[i]][rank[j]] += count
    return table


def axis_movement(
    matrix: Sequence[Sequence[int]], axis: str, *, earlier: str, later: str
) -> AxisMovement:
    """Movement on ``axis`` between two cycles from their 9 x 9 segment matrix."""
    table = axis_table(matrix, axis)
    people = sum(map(sum, table))
    up = sum(table[i][j] for i in range(3) for j in range(i + 1, 3))
    stayed = sum(table[i][i] for i in range(3))
    homogeneity, homogeneity_df = stuart_maxwell(table)
    symmetry, symmetry_df = bowker(table)
    return AxisMovement(
        axis=axis,
        earlier=earlier,
        later=later,
        table=table,
        up=Rate.of(up, people),
        stayed=Rate.of(stayed, people),
        down=Rate.of(people - up - stayed, people),
        homogeneity=homogeneity,
        homogeneity_df=homogeneity_df,
        homogeneity_p_value=None
        if homogeneity is None
        else chi_square_sf(homogeneity, homogeneity_df),
        symmetry=symmetry,
        symmetry_df=symmetry_df,
        symmetry_p_value=None if symmetry is None else chi_square_sf(symmetry, symmetry_df),
    )


def _rate_rows(value: Iterable[Iterable[Rate]]) -> tuple[tuple[Rate, ...], ...]:
    if isinstance(value, (list, tuple)):
        return tuple(tuple(row) if isinstance(row, (list, tuple)) else row for row in value)
    return value  # type: ignore[return-value]  # not a sequence: the validator names it


def _check_rates(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    size = len(Segment)
    if (
        not isinstance(value, tuple)
        or len(value) != size
        or any(
            not isinstance(row, tuple)
            or len(row) != size
            or any(not isinstance(rate, Rate) for rate in row)
            or len({rate.people for rate in row}) != 1
            or sum(rate.count for rate in row) != row[0].people
            for row in value
        )
    ):
        raise ValidationError(
            f"must be {size} rows of {size} rates, each row's counts adding up to its people",
            path=attribute.name,
        )


@attrs.frozen(kw_only=True)
class TransitionRates:
    """Where the people in each segment in cycle ``earlier`` were in cycle ``later``.

    ``rates[i][j]`` is the share of the people placed in both cycles who were in segment
    ``i`` in ``earlier`` (segments in :class:`Segment` order) and in segment ``j`` in
    ``later``: a :class:`Rate` of that row's people, with its 95% Wilson score interval
    (no interval for a segment nobody was in). Each row's shares add up to 1.
    """

    earlier: str = attrs.field(validator=v.instance_of(str))
    later: str = attrs.field(validator=v.instance_of(str))
    rates: tuple[tuple[Rate, ...], ...] = attrs.field(converter=_rate_rows, validator=_check_rates)

    def row(self, segment: Segment) -> tuple[Rate, ...]:
        """The rates of the people in ``segment`` in the earlier cycle, to each segment."""
        return self.rates[tuple(Segment).index(segment)]


def transition_rates(
    matrix: Sequence[Sequence[int]], *, earlier: str, later: str
) -> TransitionRates:
    """The transition rates between two cycles from their 9 x 9 segment matrix.

    ``matrix[i][j]`` counts people in segment ``i`` in ``earlier`` and ``j`` in ``later``
    (as :class:`~apsperf.segmentation.MovementCounts` holds them).
    """
    return TransitionRates(
        earlier=earlier,
        later=later,
        rates=[[Rate.of(count, sum(row)) for count in row] for row in matrix],
    )


def _optional_counts(value: Iterable[int | None]) -> tuple[int | None, ...]:
    return v.to_tuple(value)


def _optional_floats(value: Iterable[float | None]) -> tuple[float | None, ...]:
    return v.to_tuple(value)


def _check_counts(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or any(
        c is not None and (isinstance(c, bool) or not isinstance(c, int) or c < 0) for c in value
    ):
        raise ValidationError("must be a list of counts (at least 0) or nulls", path=attribute.name)


def _check_shares(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or any(
        c is not None
        and (isinstance(c, bool) or not isinstance(c, (int, float)) or not 0 <= c <= 1)
        for c in value
    ):
        raise ValidationError("must be a list of shares (0 to 1) or nulls", path=attribute.name)


@attrs.frozen(kw_only=True)
class GroupTrend:
    """One group's talent-pool share in each cycle, and the trend test across cycles.

    ``people[i]`` of the group were placed in cycle ``i`` and ``selected[i]`` of them were
    in the talent pool; ``z`` and ``p_value`` are the Cochran-Armitage test for a linear
    trend (``z`` above 0: the share rises), and ``adjusted_p_value`` that p-value adjusted
    by Holm's method across the shown groups tested. When ``suppressed`` (small-cell
    disclosure control) everything but ``value`` and ``small`` is empty; ``small`` says
    the group has fewer people than the threshold in some cycle. A ``value`` of ``""`` is
    the group whose cell is blank ("not stated").
    """

    value: str = attrs.field(validator=v.instance_of(str))
    people: tuple[int | None, ...] = attrs.field(
        converter=_optional_counts, validator=_check_counts
    )
    selected: tuple[int | None, ...] = attrs.field(
        converter=_optional_counts, validator=_check_counts
    )
    shares: tuple[float | None, ...] = attrs.field(
        converter=_optional_floats, validator=_check_shares
    )
    z: float | None = attrs.field(default=None, validator=_optional_float)
    p_value: float | None = attrs.field(default=None, validator=_optional_float)
    adjusted_p_value: float | None = attrs.field(default=None, validator=_optional_float)
    suppressed: bool = False
    small: bool = False


def _trends(value: Iterable[GroupTrend]) -> tuple[GroupTrend, ...]:
    return v.to_tuple(value)


def _segments(value: Iterable[Segment]) -> tuple[Segment, ...]:
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class PoolTrend:
    """The talent-pool share per group of ``column`` in each cycle, with a trend test.

    ``pool`` names the segments counted as the talent pool (by default apsperf's own
    choice, Top Talent, High Achiever and Emerging Potential: no source document defines a
    pool). Groups are in order of size over all cycles, then value. A group is suppressed
    in every cycle alike, decided over every cycle's table together (``min_cell``).
    """

    column: str = attrs.field(validator=v.instance_of(str))
    pool: tuple[Segment, ...] = attrs.field(
        converter=_segments, validator=v.items_of(Segment, unique=True)
    )
    min_cell: int = attrs.field(validator=v.at_least(3))
    groups: tuple[GroupTrend, ...] = attrs.field(
        converter=_trends, validator=v.items_of(GroupTrend)
    )


def pool_trend(
    column: str,
    counts: Sequence[Mapping[str, tuple[int, int]]],
    pool: Sequence[Segment],
    *,
    min_cell: int = MIN_CELL,
    also: Collection[str] = (),
) -> PoolTrend:
    """The pool trend from, per cycle, each group's ``(in the pool, placed)`` counts.

    ``also`` names groups hidden whatever these tables show (those a review of some cycle
    by the same column shows but for some talent-pool counts, whose share of the pool
    would give them away); complements are added to them by the same rule.
    """
    values = sorted(
        {value for cycle in counts for value in cycle},
        key=lambda g: (-sum(c.get(g, (0, 0))[1] for c in counts), g),
    )
    tables = [
        [[pooled, placed - pooled] for pooled, placed in (cycle.get(g, (0, 0)) for g in values)]
        for cycle in counts
    ]
    preset = [i for i, value in enumerate(values) if value in also]
    hidden = (
        hidden_within(tables, hidden=preset, min_cell=min_cell)
        if preset
        else hidden_groups(tables, min_cell=min_cell)
    )
    groups: list[GroupTrend] = []
    for index, value in enumerate(values):
        people = [cycle.get(value, (0, 0))[1] for cycle in counts]
        if index in hidden:
            blank = (None,) * len(counts)
            groups.append(
                GroupTrend(
                    value=value,
                    people=blank,
                    selected=blank,
                    shares=blank,
                    suppressed=True,
                    small=min(people) < min_cell,
                )
            )
            continue
        selected = [cycle.get(value, (0, 0))[0] for cycle in counts]
        z, p = cochran_armitage(selected, people)
        groups.append(
            GroupTrend(
                value=value,
                people=people,
                selected=selected,
                shares=[s / n if n else None for s, n in zip(selected, people, strict=True)],
                z=z,
                p_value=p,
            )
        )
    tested = [i for i, g in enumerate(groups) if g.p_value is not None]
    adjusted = holm([groups[i].p_value or 0.0 for i in tested])
    for i, p in zip(tested, adjusted, strict=True):
        groups[i] = attrs.evolve(groups[i], adjusted_p_value=p)
    return PoolTrend(column=column, pool=pool, min_cell=min_cell, groups=groups)


# -- chance alone: a first-order Markov chain with the cohort's own transition rates --

Step = Callable[[int | None, int, bool, int], bool]
"""A pattern's step: ``(state before last, last state, found so far, next state) -> found``."""


def expected_counts(
    first: Sequence[int],
    transitions: Sequence[Sequence[Sequence[int]]],
    patterns: Mapping[str, tuple[Callable[[int], bool], Step]],
) -> dict[str, float]:
    """How many people would show each pattern under a first-order Markov chain.

    ``first[s]`` counts the cohort in state ``s`` in the first cycle; ``transitions[t][a][b]``
    counts the people in state ``a`` in cycle ``t`` and ``b`` in cycle ``t + 1``. The chain
    starts from the first cycle's shares and moves with the observed rates between each
    pair of consecutive cycles, so its shares in every cycle are the cohort's own: only
    the link between one cycle and the next is kept, nothing longer. Each pattern is
    ``(found at the start, step)``; the result is the cohort's size times the chance of
    a trajectory showing it, computed exactly by dynamic programming over (two latest
    states, found so far).
    """
    people = sum(first)
    states = len(first)
    rates = [
        [[count / sum(row) if sum(row) else 0.0 for count in row] for row in matrix]
        for matrix in transitions
    ]
    result: dict[str, float] = {}
    for name, (start, step) in patterns.items():
        chance: dict[tuple[int | None, int, bool], float] = {}
        for state, count in enumerate(first):
            if count:
                key: tuple[int | None, int, bool] = (None, state, start(state))
                chance[key] = chance.get(key, 0.0) + count / people
        for matrix in rates:
            following: dict[tuple[int | None, int, bool], float] = {}
            for (before, last, found), p in chance.items():
                row = matrix[last]
                for after in range(states):
                    if row[after]:
                        key = (last, after, step(before, last, found, after))
                        following[key] = following.get(key, 0.0) + p * row[after]
            chance = following
        result[name] = people * sum(p for (_, _, found), p in chance.items() if found)
    return result


named_in_package(globals())  # its classes are apsperf.segmentation's (see _exports)
