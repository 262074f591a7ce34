"""Talent reviews: distribution, breakdowns, movement between cycles and calibration checks."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from apsperf import _validators as v
from apsperf._display import display_html, names, one_line, quoted
from apsperf._text import file_name
from apsperf.errors import ValidationError, _shown
from apsperf.findings import Finding, Severity
from apsperf.segmentation.analysis import _stats
from apsperf.segmentation.analysis._suppression import (
    HIDDEN_GROUPS,
    MIN_CELL,
    check_min_cell,
    suppress_groups,
)
from apsperf.segmentation.model._exports import named_in_package
from apsperf.segmentation.model._levels import Segment, grid_layout
from apsperf.segmentation.model._workforce import SEGMENTS, RejectedRow, Workforce

__all__ = [
    "HIDDEN_REASONS",
    "CalibrationCheck",
    "GroupBreakdown",
    "GroupCounts",
    "HiddenGroup",
    "SegmentCount",
    "TalentReview",
    "check_distribution",
    "check_independence",
]


def _group_breakdowns(value: Iterable[GroupBreakdown]) -> tuple[GroupBreakdown, ...]:
    """Converter: a sequence of :class:`GroupBreakdown` becomes a tuple."""
    return v.to_tuple(value)


def _group_count_tuple(value: Iterable[GroupCounts]) -> tuple[GroupCounts, ...]:
    """Converter: a sequence of :class:`GroupCounts` becomes a tuple."""
    return v.to_tuple(value)


def _rejected_rows(value: Iterable[RejectedRow]) -> tuple[RejectedRow, ...]:
    """Converter: a sequence of :class:`RejectedRow` becomes a tuple."""
    return v.to_tuple(value)


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    """Converter: a sequence of :class:`~apsperf.Finding` becomes a tuple."""
    return v.to_tuple(value)


def _segment_counts(value: Iterable[SegmentCount]) -> tuple[SegmentCount, ...]:
    """Converter: a sequence of :class:`SegmentCount` becomes a tuple."""
    return v.to_tuple(value)


_non_negative = v.at_least(0, "must not be negative")


def _check_nine_segments(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.items_of(SegmentCount)(_inst, attribute, value)
    if tuple(c.segment for c in value) != SEGMENTS:
        raise ValidationError("must list all nine segments in order", path=attribute.name)


_nine_segments = v.Constrained(
    _check_nine_segments,
    {
        "prefixItems": [{"properties": {"segment": {"const": s.value}}} for s in SEGMENTS],
        "minItems": len(SEGMENTS),
        "maxItems": len(SEGMENTS),
    },
)


@attrs.frozen(kw_only=True)
class SegmentCount:
    """How many people are in one segment."""

    segment: Segment = attrs.field(validator=v.instance_of(Segment))
    count: int = attrs.field(validator=_non_negative)


def _counts(counter: Mapping[Segment, int]) -> tuple[SegmentCount, ...]:
    return tuple(SegmentCount(segment=s, count=counter.get(s, 0)) for s in SEGMENTS)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


CROSS: Final = " × "
"""How the names and values of a crossed breakdown's columns are joined for display."""


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    """Converter: a sequence of strings becomes a tuple."""
    return v.to_tuple(value)


def _check_crossed(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.items_of(str)(inst, attribute, value)
    if len(value) == 1:
        raise ValidationError("must be empty or name at least two", path=attribute.name)


_crossed = v.Constrained(_check_crossed, {"type": "array", "items": {"type": "string"}})


@attrs.frozen(kw_only=True)
class GroupCounts:
    """The segment counts of one value of a grouping column (one division, one location).

    In a crossed breakdown (Division × Classification) a group is one combination of
    values: ``crossed`` holds them, one per column, and ``value`` is them joined by ``" × "``.
    """

    value: str = attrs.field(validator=v.instance_of(str))
    segments: tuple[SegmentCount, ...] = attrs.field(
        converter=_segment_counts, validator=_nine_segments
    )
    crossed: tuple[str, ...] = attrs.field(default=(), converter=_strings, validator=_crossed)
    """Each column's value, in a crossed breakdown (empty otherwise)."""

    def __attrs_post_init__(self) -> None:
        if self.crossed and self.value != CROSS.join(self.crossed):
            raise ValidationError(
                f"the value of a crossed group must be its values joined by {CROSS!r}",
                path="value",
            )

    @property
    def values(self) -> tuple[str, ...]:
        """The group's value of each grouping column: ``(value,)`` unless crossed."""
        return self.crossed or (self.value,)

    @property
    def total(self) -> int:
        """Everyone placed in this group."""
        return sum(c.count for c in self.segments)

    def count(self, segment: Segment) -> int:
        """People of this group in ``segment``."""
        return self.segments[SEGMENTS.index(segment)].count

    def share(self, segment: Segment) -> float:
        """The fraction of this group in ``segment`` (0 when the group is empty)."""
        return _share(self.count(segment), self.total)


HIDDEN_REASONS: Final = ("small", "protects-others")
"""Why a group is hidden: it is *small* (fewer than ``min_cell`` people, or 1 to
``min_cell - 1`` in some category), or it *protects others* (hidden beside them, so that
what they hide cannot be worked out)."""


def _cell_tuple(value: Iterable[int | None]) -> tuple[int | None, ...]:
    return v.to_tuple(value)


def _check_cells(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or any(
        c is not None and (isinstance(c, bool) or not isinstance(c, int)) for c in value
    ):
        raise ValidationError("must be a list of counts or nulls", path=attribute.name)


def _segment_reasons(value: Iterable[Any]) -> tuple[tuple[Segment, str], ...]:
    if not isinstance(value, (list, tuple)):
        return value  # type: ignore[return-value]  # the validator names it
    return tuple(
        (Segment.parse(item[0], field="hidden_segments"), item[1])
        if isinstance(item, (list, tuple)) and len(item) == 2
        else item
        for item in value
    )


def _check_segment_reasons(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or any(
        not isinstance(item, tuple)
        or len(item) != 2
        or not isinstance(item[0], Segment)
        or item[1] not in HIDDEN_REASONS
        for item in value
    ):
        raise ValidationError(
            "must be a list of [segment, reason] pairs, the reason small or protects-others",
            path=attribute.name,
        )
    if len({segment for segment, _ in value}) != len(value):
        raise ValidationError("names a segment twice", path=attribute.name)


@attrs.frozen(kw_only=True)
class HiddenGroup:
    """A group a suppressed breakdown does not show (see :mod:`the disclosure model`).

    ``position`` is where the group stands among all the breakdown's groups (in sorted
    order, the hidden and the shown); ``small`` says the group has fewer than ``min_cell``
    people (shown as ``"<5"``); ``size`` is its headcount where showing it is safe (only
    when no hidden group is small and no hidden cell could then be worked out), else
    ``None``; ``reason`` is one of :data:`HIDDEN_REASONS`. ``cells`` holds, where the size
    is shown and that is safe too, the group's count in each segment (in :class:`Segment`
    order) with ``None`` in the segments the breakdown hides
    (:attr:`GroupBreakdown.hidden_segments` says why); it is empty when the group shows no
    counts.
    """

    value: str = attrs.field(validator=v.instance_of(str))
    crossed: tuple[str, ...] = attrs.field(default=(), converter=_strings, validator=_crossed)
    position: int = attrs.field(validator=_non_negative)
    small: bool = attrs.field(validator=v.instance_of(bool))
    size: int | None = attrs.field(default=None, validator=v.optional(_non_negative))
    reason: str = attrs.field(
        validator=v.matches("small|protects-others", "must be small or protects-others")
    )
    cells: tuple[int | None, ...] = attrs.field(
        default=(), converter=_cell_tuple, validator=_check_cells
    )

    def __attrs_post_init__(self) -> None:
        if self.small and self.size is not None:
            raise ValidationError("a small group's size is never shown", path="size")
        if not self.cells:
            return
        if self.size is None or len(self.cells) != len(SEGMENTS):
            raise ValidationError(
                f"must be empty, or {len(SEGMENTS)} counts (None where hidden) beside a size",
                path="cells",
            )
        shown = [c for c in self.cells if c is not None]
        if any(c < 0 for c in shown) or sum(shown) > self.size:
            raise ValidationError(
                "must be counts of at least 0 adding up to no more than the size", path="cells"
            )
        if len(shown) == len(SEGMENTS) - 1:
            raise ValidationError("one hidden count would be the size less the rest", path="cells")

    def count(self, segment: Segment) -> int | None:
        """The group's count in ``segment``, ``None`` where hidden (or no count is shown)."""
        return self.cells[SEGMENTS.index(segment)] if self.cells else None

    @property
    def values(self) -> tuple[str, ...]:
        """The group's value of each grouping column: ``(value,)`` unless crossed."""
        return self.crossed or (self.value,)


def _hidden_tuple(value: Iterable[HiddenGroup]) -> tuple[HiddenGroup, ...]:
    return v.to_tuple(value)


def _optional_counts(value: Iterable[SegmentCount] | None) -> tuple[SegmentCount, ...] | None:
    return None if value is None else v.to_tuple(value)


@attrs.frozen(kw_only=True)
class GroupBreakdown:
    """Segment counts for each value of one grouping column, values in sorted order.

    A *crossed* breakdown (see :func:`breakdown`) counts each combination of the values
    of several columns: ``crossed`` names the columns, ``column`` is them joined by
    ``" × "`` (``"Division × Classification"``), and each group holds its own values.
    """

    column: str = attrs.field(validator=v.text)
    groups: tuple[GroupCounts, ...] = attrs.field(
        converter=_group_count_tuple, validator=v.items_of(GroupCounts)
    )
    crossed: tuple[str, ...] = attrs.field(default=(), converter=_strings, validator=_crossed)
    """The columns crossed, in a crossed breakdown (empty otherwise)."""
    min_cell: int | None = attrs.field(default=None, validator=v.optional(v.at_least(3)))
    """The small-cell threshold applied (``None``: not suppressed, every group in ``groups``;
    for restricted internal use only)."""
    hidden: tuple[HiddenGroup, ...] = attrs.field(
        default=(), converter=_hidden_tuple, validator=v.items_of(HiddenGroup)
    )
    """The groups not shown, when suppressed: ``groups`` then holds only those shown."""
    hidden_counts: tuple[SegmentCount, ...] | None = attrs.field(
        default=None, converter=_optional_counts, validator=v.optional(_nine_segments)
    )
    """The hidden groups' counts combined (what the overall counts give away anyway), or
    ``None`` when nothing is hidden."""
    hidden_segments: tuple[tuple[Segment, str], ...] = attrs.field(
        default=(), converter=_segment_reasons, validator=_check_segment_reasons
    )
    """When hidden groups show some of their counts (:attr:`HiddenGroup.cells`), the
    segments they all hide and why: ``"small"`` (some hidden group has 1 to ``min_cell -
    1`` people in it) or ``"protects-others"`` (hidden beside them, so that none can be
    worked out from the sizes and the hidden groups combined)."""

    def __attrs_post_init__(self) -> None:
        if self.min_cell is None and self.hidden:
            raise ValidationError("only a suppressed breakdown hides groups", path="hidden")
        if bool(self.hidden) != (self.hidden_counts is not None):
            raise ValidationError(
                "must be given exactly when groups are hidden", path="hidden_counts"
            )
        places = sorted(h.position for h in self.hidden)
        if places != sorted(set(places)) or (places and places[-1] >= self.group_count):
            raise ValidationError(
                f"positions must be distinct and below {self.group_count}", path="hidden"
            )
        if self.crossed and self.column != CROSS.join(self.crossed):
            raise ValidationError(
                f"the column of a crossed breakdown must be its columns joined by {CROSS!r}",
                path="column",
            )
        for index, group in enumerate(self.groups):
            if len(group.crossed) != len(self.crossed):
                raise ValidationError(
                    f"must hold {len(self.crossed)} values, one for each column crossed"
                    if self.crossed
                    else "must be empty: the breakdown is not crossed",
                    path=f"groups[{index}].crossed",
                )
        gaps = {segment for segment, _ in self.hidden_segments}
        for index, hidden in enumerate(self.hidden):
            if (
                hidden.cells
                and {s for s, c in zip(SEGMENTS, hidden.cells, strict=True) if c is None} != gaps
            ):
                raise ValidationError(
                    "must hide exactly the breakdown's hidden_segments",
                    path=f"hidden[{index}].cells",
                )
            if len(hidden.crossed) != len(self.crossed):
                raise ValidationError(
                    f"must hold {len(self.crossed)} values, one for each column crossed",
                    path=f"hidden[{index}].crossed",
                )

    @property
    def columns(self) -> tuple[str, ...]:
        """The grouping columns: ``(column,)`` unless crossed."""
        return self.crossed or (self.column,)

    @property
    def group_count(self) -> int:
        """How many groups the column has, shown and hidden."""
        return len(self.groups) + len(self.hidden)

    def listed(self) -> tuple[GroupCounts | HiddenGroup, ...]:
        """Every group in sorted order: the counts of each shown, a :class:`HiddenGroup` else."""
        at = {h.position: h for h in self.hidden}
        shown = iter(self.groups)
        return tuple(at[n] if n in at else next(shown) for n in range(self.group_count))

    @property
    def overall(self) -> tuple[int, ...]:
        """Everyone's count in each segment (in :class:`Segment` order), hidden groups too."""
        totals = [sum(g.count(s) for g in self.groups) for s in SEGMENTS]
        for n, c in enumerate(self.hidden_counts or ()):
            totals[n] += c.count
        return tuple(totals)

    @property
    def total(self) -> int:
        """Everyone in the breakdown, hidden groups too."""
        return sum(self.overall)

    def group(self, value: str) -> GroupCounts:
        """The counts of one group value (a hidden group's counts are not held)."""
        for group in self.groups:
            if group.value == value:
                return group
        if any(h.value == value for h in self.hidden):
            raise ValidationError(
                f"group {value!r} of column {self.column!r} is hidden (fewer than "
                f"{self.min_cell} people or 1 to {(self.min_cell or 0) - 1} in a segment, or "
                "hidden to protect others); review(..., min_cell=None) keeps every group, for "
                "restricted internal use",
                path="value",
            )
        raise ValidationError(f"no group {value!r} in column {self.column!r}", path="value")

    def __repr__(self) -> str:
        return one_line(f"<GroupBreakdown by {quoted(self.column)}: {len(self.groups):,} groups>")

    def _repr_html_(self) -> str:
        return display_html(self)


@attrs.frozen(kw_only=True)
class TalentReview:
    """One cycle's talent review: where everyone sits on the Model, overall and by group.

    ``rows_read`` always equals ``rows_placed`` plus the rows in ``rejected``.
    """

    source: str = attrs.field(default="", validator=v.instance_of(str))
    rows_read: int = attrs.field(validator=_non_negative)
    segments: tuple[SegmentCount, ...] = attrs.field(
        converter=_segment_counts, validator=_nine_segments
    )
    breakdowns: tuple[GroupBreakdown, ...] = attrs.field(
        default=(), converter=_group_breakdowns, validator=v.items_of(GroupBreakdown)
    )
    rejected: tuple[RejectedRow, ...] = attrs.field(
        default=(), converter=_rejected_rows, validator=v.items_of(RejectedRow)
    )
    findings: tuple[Finding, ...] = attrs.field(
        default=(), converter=_findings, validator=v.items_of(Finding)
    )
    """What reading the workforce noticed but did not refuse (:attr:`Workforce.findings`):
    an assumed rating scale or date format, a row whose date is not a date."""
    min_cell: int | None = attrs.field(default=None, validator=v.optional(v.at_least(3)))
    """The small-cell threshold the breakdowns were suppressed with (:func:`review` applies
    one by default); ``None`` when there are no breakdowns, or they are not suppressed (for
    restricted internal use only)."""

    def __attrs_post_init__(self) -> None:
        if self.rows_read != self.rows_placed + len(self.rejected):
            raise ValidationError(
                f"rows read ({self.rows_read}) must equal rows placed ({self.rows_placed}) "
                f"plus rows rejected ({len(self.rejected)})",
                path="rows_read",
            )
        for index, breakdown in enumerate(self.breakdowns):
            if breakdown.total != self.rows_placed:
                raise ValidationError(
                    "group counts must add up to the rows placed",
                    path=f"breakdowns[{index}]",
                )
            if breakdown.min_cell != self.min_cell:
                raise ValidationError(
                    f"must be suppressed with the review's min_cell ({self.min_cell})",
                    path=f"breakdowns[{index}].min_cell",
                )

    @property
    def rows_placed(self) -> int:
        """Everyone placed on the Model."""
        return sum(c.count for c in self.segments)

    def count(self, segment: Segment) -> int:
        """People in ``segment``."""
        return self.segments[SEGMENTS.index(segment)].count

    def share(self, segment: Segment) -> float:
        """The fraction of everyone placed who is in ``segment`` (0 when nobody is placed)."""
        return _share(self.count(segment), self.rows_placed)

    def grid(self) -> tuple[tuple[int, ...], ...]:
        """Counts laid out like :func:`grid_layout`.

        Rows run by potential from high to low, columns by performance from low to high.
        """
        return tuple(tuple(self.count(s) for s in row) for row in grid_layout())

    def breakdown(self, column: str | Sequence[str]) -> GroupBreakdown:
        """The breakdown by one grouping column, or by several crossed (a sequence of them)."""
        wanted = (column,) if isinstance(column, str) else _column_names(column, "column")
        for breakdown in self.breakdowns:
            if breakdown.columns == wanted or (len(wanted) == 1 and breakdown.column == column):
                return breakdown
        names = ", ".join(b.column for b in self.breakdowns) or "none"
        raise ValidationError(
            f"no breakdown by {CROSS.join(wanted)!r}; this review has: {names}", path="by"
        )

    def __repr__(self) -> str:
        source = f" of {quoted(file_name(self.source))}" if self.source else ""
        columns = [b.column for b in self.breakdowns]
        by = f", by {names(columns, 'breakdowns', shown=2, limit=24)}" if columns else ""
        return one_line(
            f"<TalentReview{source}: {self.rows_read:,} rows read, {self.rows_placed:,} placed, "
            f"{len(self.rejected):,} not placed{by}>"
        )

    def _repr_html_(self) -> str:
        return display_html(self)


def _column_names(value: object, name: str) -> tuple[str, ...]:
    """``value`` as a tuple of column names, or TypeError (a programming error)."""
    if isinstance(value, Sequence) and all(isinstance(column, str) for column in value):
        return tuple(value)
    raise TypeError(f"{name} must be a column name or a sequence of them, got {_shown(value, 40)}")


def _require_review(value: object) -> None:
    if not isinstance(value, TalentReview):
        raise TypeError(f"talent_review must be a TalentReview, got {type(value).__name__}")


def _require_workforce(workforce: object) -> None:
    if not isinstance(workforce, Workforce):
        raise ValidationError(
            f"expected Workforce, got {type(workforce).__name__}", path="workforce"
        )


def count_breakdown(workforce: Workforce, columns: tuple[str, ...]) -> GroupBreakdown:
    """Every group's segment counts by ``columns`` (crossed when several), unsuppressed."""
    if not columns:
        raise ValidationError("name at least one grouping column", path="by")
    if len(set(columns)) != len(columns):
        raise ValidationError(f"a column is crossed with itself: {_shown(columns, 80)}", path="by")
    if len(columns) == 1:
        per_group = workforce.segment_counts_by(columns[0])
        return GroupBreakdown(
            column=columns[0],
            groups=tuple(
                GroupCounts(value=value, segments=_counts(per_group[value]))
                for value in sorted(per_group)
            ),
        )
    per_combination = workforce.segment_counts_across(columns)
    return GroupBreakdown(
        column=CROSS.join(columns),
        crossed=columns,
        groups=tuple(
            GroupCounts(value=CROSS.join(values), crossed=values, segments=_counts(counts))
            for values, counts in per_combination.items()
        ),
    )


# -- calibration ----------------------------------------------------------------------------

SMALL_EXPECTED = 5.0
"""Expected cell counts below this make a chi-square p-value unreliable (Cochran's rule)."""


@attrs.frozen(kw_only=True)
class CalibrationCheck:
    """The result of a chi-square calibration check.

    ``statistic``, ``p_value`` and ``effect_size`` are all ``None`` when the table's shape
    makes the test meaningless (nobody placed, fewer than two categories, or people in a
    segment the expected shape leaves empty); ``p_value`` alone is ``None`` when too many
    expected cells are small for it to be reliable. ``findings`` says which. ``test`` is
    ``"independence"`` (Pearson's chi-square test of independence), ``"exact"`` (an exact
    test of independence, Freeman-Halton) or ``"goodness-of-fit"`` (Pearson's chi-square
    against an expected shape). ``effect_size`` is the bias-corrected Cramér's V (Bergsma
    2013: near 0 with no effect, whatever the number of people) for tests of independence
    and Cohen's w for goodness of fit.
    """

    test: str
    statistic: float | None
    degrees_of_freedom: int
    p_value: float | None
    effect_size: float | None
    observed: tuple[tuple[int, ...], ...]
    expected: tuple[tuple[float, ...], ...]
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    findings: tuple[Finding, ...] = ()

    def significant(self, alpha: float = 0.05) -> bool:
        """True when the test is reliable and its p-value is below ``alpha``."""
        return self.p_value is not None and self.p_value < alpha

    def __repr__(self) -> str:
        numbers = (
            "no statistic"
            if self.statistic is None
            else f"chi-square {self.statistic:.2f}, df {self.degrees_of_freedom}, "
            + ("p not reported" if self.p_value is None else f"p {self.p_value:.3g}")
        )
        return one_line(
            f"<CalibrationCheck {self.test}: {numbers}; {len(self.row_labels)}x"
            f"{len(self.column_labels)} table, {len(self.findings)} findings>"
        )

    def _repr_html_(self) -> str:
        return display_html(self)


def _has_code(findings: Sequence[Finding], code: str) -> bool:
    """True when one of ``findings`` has ``code``."""
    return any(f.code == code for f in findings)


def _small_cells(expected: Sequence[Sequence[float]]) -> tuple[int, int, float]:
    cells = [e for row in expected for e in row]
    small = sum(1 for e in cells if e < SMALL_EXPECTED)
    return small, len(cells), min(cells) if cells else 0.0


def _reliability(expected: Sequence[Sequence[float]]) -> list[Finding]:
    small, total, smallest = _small_cells(expected)
    if smallest < 1 or small > 0.2 * total:
        return [
            Finding(
                code="small-expected-counts",
                severity=Severity.WARNING,
                message=(
                    f"{small} of {total} cells expect fewer than {SMALL_EXPECTED:g} people "
                    f"(smallest {smallest:.2f}); the chi-square p-value would not be reliable, so "
                    "none is reported. Combine small groups or segments, or review more people."
                ),
            )
        ]
    return []


ExpectedShape = Mapping[Segment, float] | Mapping[str, float] | Mapping[Segment | str, float]
"""An expected distribution: each segment (or its slug) and its share, on any scale.

Mapping keys are invariant, so the three spellings let a caller's ``{"top-talent": 10}``,
``{Segment.TOP_TALENT: 10}`` and a mixed ``dict[Segment | str, float]`` all type-check.
"""


def _as_proportions(
    expected: ExpectedShape,
) -> dict[Segment, float]:
    if not isinstance(expected, Mapping):
        raise ValidationError("expected a mapping of segment to share", path="expected")
    shares: dict[Segment, float] = {}
    for key, value in expected.items():
        segment = Segment.parse(key, field="expected")
        try:  # an integer too large for a float (over 4,300 digits, say) is no share
            share = float(value) if isinstance(value, (int, float)) else math.nan
        except OverflowError:
            share = math.inf
        if isinstance(value, bool) or not math.isfinite(share) or share < 0:
            try:
                shown = f"{_shown(value, 40)}"
            except ValueError:  # an integer too long to write out
                shown = "a number of over 4,300 digits"
            raise ValidationError(
                f"share must be a non-negative number, got {shown}",
                path=f"expected.{segment.value}",
            )
        if segment in shares:
            raise ValidationError(
                f"{segment.label} is given twice (as {_shown(key, 40)} and before)",
                path=f"expected.{segment.value}",
            )
        shares[segment] = share
    largest = max(shares.values(), default=0.0)
    if largest <= 0:
        raise ValidationError("the expected shape must have some positive share", path="expected")
    # Scaled by the largest share first, so that huge shares (1e308 each) cannot sum to
    # infinity and turn every proportion into zero.
    scaled = {s: shares.get(s, 0.0) / largest for s in Segment}
    total = sum(scaled.values())
    return {s: share / total for s, share in scaled.items()}


def check_distribution(talent_review: TalentReview, expected: ExpectedShape) -> CalibrationCheck:
    """Compare a review's distribution with an agency's expected shape.

    The test is Pearson's chi-square goodness of fit, with Cohen's w as the effect size.
    ``expected`` gives each segment's share (any positive scale: percentages, fractions or
    counts; segments left out expect nobody). A segment that expects nobody (or a share so
    small that its chi-square term would overflow) but has people is reported as an error
    finding and left out of the statistic.
    """
    _require_review(talent_review)
    shares = _as_proportions(expected)
    n = talent_review.rows_placed
    observed = [talent_review.count(s) for s in Segment]
    expected_counts = [shares[s] * n for s in Segment]
    findings: list[Finding] = []
    statistic = 0.0
    used = 0
    for segment, o, e in zip(Segment, observed, expected_counts, strict=True):
        term = (o - e) ** 2 / e if e > 0 else math.inf
        if math.isfinite(statistic + term):
            statistic += term
            used += 1
        elif o > 0:  # expects nobody (or so few that the term overflows a float)
            findings.append(
                Finding(
                    code="unexpected-segment",
                    severity=Severity.ERROR,
                    message=f"{o} people are in {segment.label}, which the expected shape leaves "
                    "empty",
                    path=segment.value,
                )
            )
    df = used - 1
    positive = [[e for e in expected_counts if e > 0]]
    findings += (
        _reliability(positive)
        if n
        else [Finding(code="empty-review", severity=Severity.WARNING, message="nobody is placed")]
    )
    # People where the shape expects nobody, or nobody at all: no statistic means anything.
    meaningful = n > 0 and not _has_code(findings, "unexpected-segment")
    reliable = meaningful and df >= 1 and not _has_code(findings, "small-expected-counts")
    return CalibrationCheck(
        test="goodness-of-fit",
        statistic=statistic if meaningful else None,
        degrees_of_freedom=max(df, 0),
        p_value=_stats.chi_square_sf(statistic, df) if reliable else None,
        effect_size=math.sqrt(statistic / n) if meaningful else None,
        observed=(tuple(observed),),
        expected=(tuple(expected_counts),),
        row_labels=("all",),
        column_labels=tuple(s.value for s in Segment),
        findings=tuple(findings),
    )


def check_independence(
    talent_review: TalentReview, by: str | Sequence[str], *, min_cell: int | None = MIN_CELL
) -> CalibrationCheck:
    """Check whether placements differ between groups more than chance explains.

    The groups are the values of column ``by`` (or, for a sequence of columns, the
    combinations of a crossed breakdown). A chi-square test of independence over the
    groups × segments table (empty rows and columns left out), with the bias-corrected
    Cramér's V (Bergsma 2013) as the effect size. Small expected cells are flagged and
    then no p-value is given. The groups the breakdown hides (below ``min_cell``) are
    tested as one row, :data:`HIDDEN_GROUPS`, which the overall counts give away anyway:
    a statistic of every group would pin the hidden cells. A breakdown suppressed already
    (as :func:`review` makes them) is tested as it is shown, whatever ``min_cell`` says;
    ``min_cell=None`` on a review made with ``min_cell=None`` tests every group, for
    restricted internal use.
    """
    _require_review(talent_review)
    if not isinstance(by, str):
        by = _column_names(by, "by")
    if min_cell is not None:
        check_min_cell(min_cell)
    table_of = talent_review.breakdown(by)
    rows: list[tuple[str, list[int]]] = [
        (g.value, [g.count(s) for s in Segment]) for g in table_of.groups
    ]
    if table_of.min_cell is not None:  # suppressed already: the hidden groups as one row
        combined = [c.count for c in table_of.hidden_counts or ()] or [0] * len(SEGMENTS)
        rows.append((HIDDEN_GROUPS, combined))
    elif min_cell is not None:
        shown = suppress_groups([counts for _, counts in rows], min_cell=min_cell)
        hidden = [counts for (_, counts), row in zip(rows, shown, strict=True) if row.size is None]
        rows = [item for item, row in zip(rows, shown, strict=True) if row.size is not None]
        rows.append((HIDDEN_GROUPS, [sum(c) for c in zip(*hidden, [0] * 9, strict=True)]))
    rows = [(name, counts) for name, counts in rows if sum(counts)]
    groups = [name for name, _ in rows]
    segments = [s for n, s in enumerate(Segment) if any(counts[n] for _, counts in rows)]
    positions = [n for n, s in enumerate(Segment) if s in segments]
    table = [[counts[n] for n in positions] for _, counts in rows]
    findings: list[Finding] = []
    if len(groups) < 2 or len(segments) < 2:
        findings.append(
            Finding(
                code="too-few-categories",
                severity=Severity.WARNING,
                message=f"the test needs at least two groups and two segments with people; found "
                f"{len(groups)} group(s) and {len(segments)} segment(s)",
            )
        )
        return CalibrationCheck(
            test="independence",
            statistic=None,
            degrees_of_freedom=0,
            p_value=None,
            effect_size=None,
            observed=tuple(tuple(r) for r in table),
            expected=(),
            row_labels=tuple(groups),
            column_labels=tuple(s.value for s in segments),
            findings=tuple(findings),
        )
    statistic, df, expected = _stats.independence(table)
    findings += _reliability(expected)
    n = sum(map(sum, table))
    return CalibrationCheck(
        test="independence",
        statistic=statistic,
        degrees_of_freedom=df,
        p_value=None if findings else _stats.chi_square_sf(statistic, df),
        effect_size=_stats.bias_corrected_cramers_v(statistic, n, len(groups), len(segments)),
        observed=tuple(tuple(r) for r in table),
        expected=tuple(tuple(r) for r in expected),
        row_labels=tuple(groups),
        column_labels=tuple(s.value for s in segments),
        findings=tuple(findings),
    )


named_in_package(globals())  # its classes are apsperf.segmentation's (see _exports)
