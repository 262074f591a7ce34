"""Rater effects: whether one assessor rates people higher or lower than everyone else.

Each assessor's proposals are compared with everyone else's on each axis (performance,
potential), where the levels are ordered (low, moderate, high). The council sees *how
much* (leniency: the assessor's mean level minus everyone else's, with a 95% Welch
interval), *whether* chance explains it (a two-sided Mann-Whitney test per axis, adjusted
by Holm's method across every assessor and both axes) and, for a flagged assessor only,
*where* (adjusted standardised residuals of the nine-segment table).

The tests are apsperf's choice of method, not the source documents': see
docs/calibration.md, "Reading rater effects".
"""

from __future__ import annotations

import math
import statistics
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, repeat
from operator import add, mul, or_
from typing import Final, NamedTuple, TypeVar, cast

import attrs

from apsperf import _validators as v
from apsperf._display import one_line
from apsperf.errors import ValidationError
from apsperf.segmentation.analysis._review import _non_negative
from apsperf.segmentation.analysis._stats import holm, normal_sf, t_quantile
from apsperf.segmentation.model._exports import named_in_package
from apsperf.segmentation.model._workforce import SEGMENTS, Workforce

__all__ = [
    "AxisEffect",
    "AxisEffects",
    "RaterEffect",
    "RaterEffects",
    "rater_effects",
    "residual_threshold",
]

T = TypeVar("T")

CONFIDENCE: Final = 0.95
"""The confidence level of each leniency interval."""


def residual_threshold(alpha: float = 0.05, cells: int = 9) -> float:
    """How far from 0 one of ``cells`` adjusted residuals must be to stand out at ``alpha``.

    Bonferroni's adjustment for the nine segments of an assessor's row: the two-sided
    normal quantile at ``alpha / cells`` (2.77 at 0.05). A residual past ±2 is common
    by chance alone when nine are looked at; one past this threshold is not.
    """
    return statistics.NormalDist().inv_cdf(1 - alpha / (2 * cells))


_LEVEL_OF: Final = {
    axis: tuple(getattr(segment, axis).rank - 1 for segment in SEGMENTS)
    for axis in ("performance", "potential")
}
"""Per axis, each segment's level (0 low, 2 high), in :data:`SEGMENTS` order."""


_LEVEL_SEGMENTS: Final = {
    axis: tuple(tuple(code for code, at in enumerate(levels) if at == level) for level in range(3))
    for axis, levels in _LEVEL_OF.items()
}
"""Per axis and level, the codes of the three segments at that level."""


def _by_level(per_segment: Sequence[int], axis: str) -> tuple[int, int, int]:
    """Counts per segment (in :data:`SEGMENTS` order) folded into counts per level of ``axis``."""
    s = per_segment
    (a, b, c), (d, e, f), (g, h, i) = _LEVEL_SEGMENTS[axis]
    return s[a] + s[b] + s[c], s[d] + s[e] + s[f], s[g] + s[h] + s[i]


def _ints(value: Iterable[int]) -> tuple[int, ...]:
    return v.to_tuple(value)


def _floats(value: Iterable[float]) -> tuple[float, ...]:
    return v.to_tuple(value)


def _interval(value: Iterable[float] | None) -> tuple[float, float] | None:
    if value is None:
        return None
    low, high = v.to_tuple(value)
    return low, high


@attrs.frozen(kw_only=True)
class AxisEffect:
    """One assessor against everyone else on one axis (``"performance"`` or ``"potential"``).

    ``counts`` are the assessor's people at low, moderate and high. ``leniency`` is their
    mean level (1 low, 3 high) minus everyone else's, and ``interval`` its 95% confidence
    interval (Welch's, which does not assume equal variances; ``None`` where either side
    has fewer than two people or no spread). ``statistic`` is the Mann-Whitney U of the
    assessor's people against everyone else's and ``p_value`` its two-sided p-value (the
    normal approximation with tie and continuity corrections, as SciPy's
    ``mannwhitneyu(method="asymptotic")``); ``None`` when nobody else was assessed or
    everyone sits at one level. ``adjusted_p_value`` is the p-value after Holm's
    correction across every assessor and both axes; ``flagged`` is true when it is below
    the significance level.
    """

    axis: str = attrs.field(validator=v.text)
    counts: tuple[int, ...] = attrs.field(converter=_ints)
    leniency: float | None = None
    interval: tuple[float, float] | None = attrs.field(default=None, converter=_interval)
    statistic: float | None = None
    p_value: float | None = None
    adjusted_p_value: float | None = None
    flagged: bool = False


@attrs.frozen(kw_only=True)
class RaterEffect:
    """How one assessor's proposals compare with everyone else's.

    ``segments`` are the assessor's people per segment, in the order of ``Segment``
    (``list(Segment)``: Top Talent first). ``flagged`` is true when either axis is
    flagged: a reason to look at the assessor's placements, not a finding that they are
    wrong. ``residuals`` are the adjusted standardised residuals of the assessor's row of
    the nine-segment table (assessor against everyone else), one per segment, given only
    for a flagged assessor: among thousands of unflagged assessors, some cells pass ±2 by
    chance alone. Even for a flagged assessor a segment is named as different only past
    :func:`residual_threshold` (±2.77 at 0.05: Bonferroni's adjustment for the nine cells).
    """

    assessor: str = attrs.field(validator=v.text)
    people: int = attrs.field(validator=_non_negative)
    segments: tuple[int, ...] = attrs.field(converter=_ints)
    performance: AxisEffect
    potential: AxisEffect
    flagged: bool = False
    residuals: tuple[float, ...] = attrs.field(default=(), converter=_floats)


def _rows(value: Iterable[Iterable[int]]) -> tuple[tuple[int, ...], ...]:
    if not isinstance(value, (list, tuple)):
        return cast("tuple[tuple[int, ...], ...]", value)  # the validator names it
    # A row that is not a list becomes a tuple of something else, which the validator names.
    return tuple(map(tuple, value))


def _float_rows(value: Iterable[Iterable[float]]) -> tuple[tuple[float, ...], ...]:
    if not isinstance(value, (list, tuple)):
        return cast("tuple[tuple[float, ...], ...]", value)  # the validator names it
    return tuple(map(tuple, value))


def _optional_floats(value: Iterable[float | None]) -> tuple[float | None, ...]:
    return v.to_tuple(value)


def _bools(value: Iterable[bool]) -> tuple[bool, ...]:
    return v.to_tuple(value)


def _first_bad(value: Iterable[object], allowed: frozenset[type]) -> int:
    return next(i for i, item in enumerate(value) if type(item) not in allowed)


def _column(*kinds: type | None) -> v.Validator:
    """A tuple whose items are each of exactly one of ``kinds`` (``None``: may be null).

    Types are compared exactly, so a bool is never taken where a number is meant. Checked
    with one pass in C: a column holds an item per assessor.
    """
    allowed = frozenset(type(None) if kind is None else kind for kind in kinds)
    names: dict[type | None, str] = {None: "null", bool: "true or false"}
    shown = " or ".join(str(names.get(k) or getattr(k, "__name__", "?")) for k in kinds)

    def check(_inst: object, attribute: attrs.Attribute[object], value: object) -> None:
        if not isinstance(value, tuple):
            raise ValidationError(
                f"expected a list, got {type(value).__name__}", path=attribute.name
            )
        if not set(map(type, value)) <= allowed:
            index = _first_bad(value, allowed)
            raise ValidationError(
                f"expected {shown}, got {type(value[index]).__name__}",
                path=f"{attribute.name}[{index}]",
            )

    return check


def _rows_of(width: int | None, kind: type) -> v.Validator:
    """A tuple of tuples of ``kind``, of ``width`` items each when given.

    Whole numbers are never negative.
    """
    allowed = frozenset((kind,))

    def check(_inst: object, attribute: attrs.Attribute[object], value: object) -> None:
        if not isinstance(value, tuple):
            raise ValidationError(
                f"expected a list, got {type(value).__name__}", path=attribute.name
            )
        widths = set(map(len, value)) if width is not None else set()
        cells = set(map(type, chain.from_iterable(value)))
        fine = set(map(type, value)) <= {tuple} and widths <= {width} and cells <= allowed
        if fine and kind is int:
            fine = min(chain.from_iterable(value), default=0) >= 0
        if not fine:
            index = next(
                i
                for i, row in enumerate(value)
                if not isinstance(row, tuple)
                or (width is not None and len(row) != width)
                or not set(map(type, row)) <= allowed
                or (kind is int and min(row, default=0) < 0)
            )
            raise ValidationError(
                f"expected {'' if width is None else f'{width} '}"
                f"{'whole numbers, none negative' if kind is int else 'numbers'}",
                path=f"{attribute.name}[{index}]",
            )

    return check


@attrs.frozen(kw_only=True)
class AxisEffects:
    """One axis of every assessor's rater effects, as columns: item ``i`` is assessor ``i``'s.

    The columns are :class:`AxisEffect`'s fields, with its ``interval`` as
    ``interval_low`` and ``interval_high``; ``effects[i]`` is assessor ``i``'s
    :class:`AxisEffect`.
    """

    axis: str = attrs.field(validator=v.text)
    counts: tuple[tuple[int, ...], ...] = attrs.field(
        default=(), converter=_rows, validator=_rows_of(3, int)
    )
    leniency: tuple[float | None, ...] = attrs.field(
        default=(), converter=_optional_floats, validator=_column(float, int, None)
    )
    interval_low: tuple[float | None, ...] = attrs.field(
        default=(), converter=_optional_floats, validator=_column(float, int, None)
    )
    interval_high: tuple[float | None, ...] = attrs.field(
        default=(), converter=_optional_floats, validator=_column(float, int, None)
    )
    statistic: tuple[float | None, ...] = attrs.field(
        default=(), converter=_optional_floats, validator=_column(float, int, None)
    )
    p_value: tuple[float | None, ...] = attrs.field(
        default=(), converter=_optional_floats, validator=_column(float, int, None)
    )
    adjusted_p_value: tuple[float | None, ...] = attrs.field(
        default=(), converter=_optional_floats, validator=_column(float, int, None)
    )
    flagged: tuple[bool, ...] = attrs.field(default=(), converter=_bools, validator=_column(bool))

    def __attrs_post_init__(self) -> None:
        for field in attrs.fields(type(self))[2:]:
            if len(getattr(self, field.name)) != len(self.counts):
                raise ValidationError(
                    f"has {len(getattr(self, field.name)):,} items where counts has "
                    f"{len(self.counts):,}",
                    path=field.name,
                )

    def __len__(self) -> int:
        return len(self.counts)

    def __getitem__(self, index: int) -> AxisEffect:
        """Assessor ``index``'s effect on this axis."""
        low, high = self.interval_low[index], self.interval_high[index]
        return AxisEffect(
            axis=self.axis,
            counts=self.counts[index],
            leniency=self.leniency[index],
            interval=None if low is None or high is None else (low, high),
            statistic=self.statistic[index],
            p_value=self.p_value[index],
            adjusted_p_value=self.adjusted_p_value[index],
            flagged=self.flagged[index],
        )


def _performance() -> AxisEffects:
    return AxisEffects(axis="performance")


def _potential() -> AxisEffects:
    return AxisEffects(axis="potential")


@attrs.frozen(kw_only=True)
class RaterEffects:
    """Every assessor's rater effects, as columns, flagged assessors first.

    Flagged assessors come first, then the rest, each in assessor order. Iterate (or
    index) for one :class:`RaterEffect` per assessor::

        for effect in report.rater_effects: ...
        flagged = [e.assessor for e in report.rater_effects if e.flagged]

    Kept as columns (one list per field, item ``i`` being assessor ``i``'s) so that tens
    of thousands of assessors cost a few lists, not an object each, in memory and in
    ``apsperf calibrate --format json``. ``alpha`` is the significance level of the flags.
    """

    assessor: tuple[str, ...] = attrs.field(default=(), converter=v.texts, validator=_column(str))
    people: tuple[int, ...] = attrs.field(default=(), converter=_ints, validator=_column(int))
    segments: tuple[tuple[int, ...], ...] = attrs.field(
        default=(), converter=_rows, validator=_rows_of(len(SEGMENTS), int)
    )
    performance: AxisEffects = attrs.field(
        factory=_performance, validator=v.instance_of(AxisEffects)
    )
    potential: AxisEffects = attrs.field(factory=_potential, validator=v.instance_of(AxisEffects))
    flagged: tuple[bool, ...] = attrs.field(default=(), converter=_bools, validator=_column(bool))
    residuals: tuple[tuple[float, ...], ...] = attrs.field(
        default=(), converter=_float_rows, validator=_rows_of(None, float)
    )
    alpha: float = 0.05

    def __attrs_post_init__(self) -> None:
        n = len(self.assessor)
        for name in ("people", "segments", "performance", "potential", "flagged", "residuals"):
            if len(getattr(self, name)) != n:
                raise ValidationError(
                    f"has {len(getattr(self, name)):,} items for {n:,} assessors", path=name
                )
        if self.performance.axis != "performance" or self.potential.axis != "potential":
            raise ValidationError("the axes are performance and potential", path="performance")

    def __len__(self) -> int:
        return len(self.assessor)

    def __iter__(self) -> Iterator[RaterEffect]:
        return map(self.__getitem__, range(len(self.assessor)))

    def __getitem__(self, index: int) -> RaterEffect:
        """Assessor ``index``'s :class:`RaterEffect` (flagged assessors come first)."""
        return RaterEffect(
            assessor=self.assessor[index],
            people=self.people[index],
            segments=self.segments[index],
            performance=self.performance[index],
            potential=self.potential[index],
            flagged=self.flagged[index],
            residuals=self.residuals[index],
        )

    def find(self, assessor: str) -> RaterEffect | None:
        """The effect of the assessor named ``assessor`` (``None`` if they have none)."""
        try:
            return self[self.assessor.index(assessor)]
        except ValueError:
            return None

    def __repr__(self) -> str:
        return one_line(f"<RaterEffects: {len(self):,} assessors, {sum(self.flagged):,} flagged>")


def _mean_and_variance(counts: tuple[int, int, int]) -> tuple[float, float]:
    """The mean level (1 to 3) of people counted per level, and its sample variance."""
    low, moderate, high = counts
    n = low + moderate + high
    mean = (low + 2 * moderate + 3 * high) / n
    spread = low * (1 - mean) ** 2 + moderate * (2 - mean) ** 2 + high * (3 - mean) ** 2
    return mean, spread / (n - 1) if n > 1 else math.nan


class _Axis(NamedTuple):
    leniency: float | None = None
    interval: tuple[float, float] | None = None
    statistic: float | None = None
    p_value: float | None = None


def _axis(mine: tuple[int, int, int], rest: tuple[int, int, int]) -> _Axis:
    """Leniency, its interval, U and p-value of an assessor's levels against the rest's."""
    n1, n2 = sum(mine), sum(rest)
    if not n1 or not n2:
        return _Axis()
    (mean1, var1), (mean2, var2) = _mean_and_variance(mine), _mean_and_variance(rest)
    leniency = mean1 - mean2
    interval = None
    if n1 > 1 and n2 > 1 and var1 + var2 > 0:
        a, b = var1 / n1, var2 / n2
        se = math.sqrt(a + b)
        df = (a + b) ** 2 / (a * a / (n1 - 1) + b * b / (n2 - 1))
        half = t_quantile(0.5 + CONFIDENCE / 2, df) * se
        interval = (leniency - half, leniency + half)
    # Mann-Whitney U from counts: each level's people share its mid-rank.
    below, rank_sum, ties = 0, 0.0, 0
    for m, r in zip(mine, rest, strict=True):
        t = m + r
        rank_sum += m * (below + (t + 1) / 2)
        ties += t**3 - t
        below += t
    u = rank_sum - n1 * (n1 + 1) / 2
    n = n1 + n2
    variance = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)))
    if variance <= 0:
        return _Axis(leniency, interval, u)
    z = (max(u, n1 * n2 - u) - n1 * n2 / 2 - 0.5) / math.sqrt(variance)
    return _Axis(leniency, interval, u, min(1.0, 2 * normal_sf(z)))


def _residuals(mine: Sequence[int], total: Sequence[int]) -> tuple[float, ...]:
    """Adjusted standardised residuals of the assessor's row of the 2 x 9 table."""
    n, a = sum(total), sum(mine)
    if not a or a == n:
        return ()
    row_share = a / n
    result = []
    for o, t in zip(mine, total, strict=True):
        expected = row_share * t
        scale = math.sqrt(expected * (1 - row_share) * (1 - t / n))
        result.append((o - expected) / scale if scale > 0 else 0.0)
    return tuple(result)


def _assessor_codes(
    workforce: Workforce, by: str | None
) -> tuple[Sequence[str | None], Sequence[int]]:
    """``(assessors, codes)``: the assessor column's (``None``: not recorded), or ``by``'s."""
    if by is None:
        return workforce.assessor_codes()
    names, coded = workforce.group_codes(by)
    return names, array("I", coded)


def _merged(
    names: Sequence[str | None], flat: list[int], width: int
) -> tuple[Sequence[str | None], list[int]]:
    """``flat``'s rows of ``width`` counts, one per code, made one per name.

    An assessor held under several codes (written two ways) has their rows added together.
    """
    if len(set(names)) == len(names):
        return names, flat
    merged: dict[str | None, list[int]] = {}
    for code, name in enumerate(names):
        row = flat[code * width : code * width + width]
        found = merged.get(name)
        merged[name] = row if found is None else list(map(add, found, row))
    return list(merged), list(chain.from_iterable(merged.values()))


def _per_assessor(workforce: Workforce, by: str | None) -> tuple[list[str], list[list[int]]]:
    """``(assessors, columns)``: the assessors by name, and each segment's count per assessor.

    ``columns[s][i]`` is assessor ``i``'s count of people in segment ``s`` (in
    :data:`SEGMENTS` order). An assessor held under several codes (written two ways) is
    counted once; people with no assessor are left out.
    """
    names, codes = _assessor_codes(workforce, by)
    # One whole number per person (assessor code, segment code), counted in C, then read
    # as one column per segment by stride.
    width = len(SEGMENTS)
    pairs = Counter(map(add, map(mul, codes, repeat(width)), workforce.segment_codes()))
    flat = [0] * (len(names) * width)
    for pair, count in pairs.items():
        flat[pair] = count
    names, flat = _merged(names, flat, width)
    named = {code: name for code, name in enumerate(names) if name}
    order = sorted(named, key=named.__getitem__)
    columns = [list(map(flat[s::width].__getitem__, order)) for s in range(width)]
    return list(map(named.__getitem__, order)), columns


def rater_effects(
    workforce: Workforce, *, by: str | None = None, alpha: float = 0.05
) -> RaterEffects:
    """Each assessor's proposals against everyone else's, flagged assessors first.

    Flagged assessors come first, then the rest, each in assessor order.
    The assessor is each person's ``assessed_by`` (the file's assessor column), or the
    grouping column ``by`` when named. People with no assessor count in everyone else's
    tables but get no entry of their own. See :class:`AxisEffect` for the tests and
    :class:`RaterEffect` for the flag.
    """
    if not isinstance(workforce, Workforce):
        raise ValidationError(
            f"expected Workforce, got {type(workforce).__name__}", path="workforce"
        )
    if isinstance(alpha, bool) or not isinstance(alpha, float) or not 0 < alpha < 1:
        raise ValidationError("must be a number between 0 and 1", path="alpha")
    assessors, columns = _per_assessor(workforce, by)
    rows = list(zip(*columns, strict=True))
    counts = workforce.segment_counts()
    total = [counts.get(segment, 0) for segment in SEGMENTS]
    # Each axis as columns, one item per assessor (in assessor order).
    levels: list[list[tuple[int, int, int]]] = []
    results: list[list[_Axis]] = []
    for axis in ("performance", "potential"):
        whole = _by_level(total, axis)
        low, moderate, high = (
            map(add, map(add, columns[a], columns[b]), columns[c])
            for a, b, c in _LEVEL_SEGMENTS[axis]
        )
        mine = list(zip(low, moderate, high, strict=True))
        # Many assessors share their counts (ten people fall in few ways): each is tested once.
        tested = {
            key: _axis(key, (whole[0] - key[0], whole[1] - key[1], whole[2] - key[2]))
            for key in dict.fromkeys(mine)
        }
        levels.append(mine)
        results.append(list(map(tested.__getitem__, mine)))
    # Holm's adjustment across every assessor and both axes (its result does not depend on
    # the order the p-values are listed in).
    p_values = [result.p_value for result in chain(*results)]
    tested_at = [i for i, p in enumerate(p_values) if p is not None]
    adjusted: list[float | None] = [None] * len(p_values)
    for i, p in zip(tested_at, holm([cast(float, p_values[i]) for i in tested_at]), strict=True):
        adjusted[i] = p
    by_axis = (adjusted[: len(assessors)], adjusted[len(assessors) :])
    axis_flags = [[a is not None and a < alpha for a in column] for column in by_axis]
    flagged = list(map(or_, *axis_flags))
    order = [n for n, flag in enumerate(flagged) if flag]
    order += [n for n, flag in enumerate(flagged) if not flag]

    def ordered(column: Sequence[T]) -> list[T]:
        return list(map(column.__getitem__, order))

    def effects(axis: int) -> AxisEffects:
        kept = ordered(results[axis])
        intervals = [result.interval or (None, None) for result in kept]
        return AxisEffects(
            axis=("performance", "potential")[axis],
            counts=ordered(levels[axis]),
            leniency=[result.leniency for result in kept],
            interval_low=[low for low, _ in intervals],
            interval_high=[high for _, high in intervals],
            statistic=[result.statistic for result in kept],
            p_value=[result.p_value for result in kept],
            adjusted_p_value=ordered(by_axis[axis]),
            flagged=ordered(axis_flags[axis]),
        )

    return RaterEffects(
        assessor=ordered(assessors),
        people=ordered(list(map(sum, rows))),
        segments=ordered(rows),
        performance=effects(0),
        potential=effects(1),
        flagged=ordered(flagged),
        residuals=[_residuals(rows[n], total) if flagged[n] else () for n in order],
        alpha=alpha,
    )


named_in_package(globals())  # its classes are apsperf.segmentation's (see _exports)
