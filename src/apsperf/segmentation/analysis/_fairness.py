"""Fair-process checks: aspiration-first compliance and selection into the talent pool by group.

Both are screening signals for a talent council, never verdicts. Breakdowns by a sensitive
column are suppressed (see :mod:`apsperf.segmentation.analysis._suppression`): a group smaller than
the threshold shows nothing but that it is small, and no hidden count can be worked out
from what is shown.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import TextIO

import attrs

from apsperf import _validators as v
from apsperf._arguments import checked, items_of
from apsperf._csvsafe import write_rows
from apsperf.errors import ValidationError
from apsperf.segmentation.analysis import _stats
from apsperf.segmentation.analysis._review import SMALL_EXPECTED, _non_negative
from apsperf.segmentation.analysis._stats import exact_p_value
from apsperf.segmentation.analysis._suppression import (
    MIN_CELL,
    ShownRow,
    check_min_cell,
    suppress_groups,
)
from apsperf.segmentation.model._levels import Segment
from apsperf.segmentation.model._workforce import SEGMENTS, Workforce

__all__ = [
    "TALENT_POOL",
    "AspirationCompliance",
    "AspirationCounts",
    "AspirationTiming",
    "FairnessCheck",
    "GroupSelection",
    "aspiration_compliance",
    "fairness",
    "write_fairness_csv",
]

TALENT_POOL: tuple[Segment, ...] = (
    Segment.TOP_TALENT,
    Segment.HIGH_ACHIEVER,
    Segment.EMERGING_POTENTIAL,
)
"""The segments counted as selected into the talent pool unless another pool is named."""

FOUR_FIFTHS = 0.8
"""The four-fifths rule's threshold for an adverse-impact ratio."""

_Z95 = 1.959963984540054


_count = v.optional(_non_negative)


class AspirationTiming(enum.Enum):
    """When a person's aspiration conversation happened, against their assessment."""

    BEFORE = "before"
    """On or before the assessment day, as the guide has it."""
    AFTER = "after"
    """After the assessment day."""
    MISSING = "missing"
    """No aspiration conversation recorded."""
    UNKNOWN = "unknown"
    """A conversation is recorded but there is no assessment date to compare it with."""
    UNREADABLE = "unreadable"
    """A date is written but is not a date (``31/02/2025``, ``n/a``): never counted as
    missing, since something was recorded."""


def _timing(conversation: dt.date | str | None, assessed: dt.date | str | None) -> AspirationTiming:
    if isinstance(conversation, str) or isinstance(assessed, str):  # text that is no date
        return AspirationTiming.UNREADABLE
    if conversation is None:
        return AspirationTiming.MISSING
    if assessed is None:
        return AspirationTiming.UNKNOWN
    return AspirationTiming.BEFORE if conversation <= assessed else AspirationTiming.AFTER


@attrs.frozen(kw_only=True)
class AspirationCounts:
    """How many of one group (or everyone: ``value`` ``"all"``) fall in each timing.

    Counts are ``None`` when ``suppressed`` (a small group, a small count, or a group hidden
    so that no hidden count can be worked out from the rest).
    """

    value: str = attrs.field(validator=v.instance_of(str))
    people: int | None = attrs.field(validator=_count)
    before: int | None = attrs.field(validator=_count)
    after: int | None = attrs.field(validator=_count)
    missing: int | None = attrs.field(validator=_count)
    unknown: int | None = attrs.field(validator=_count)
    unreadable: int | None = attrs.field(default=0, validator=_count)
    """People whose conversation or assessment date is written but is not a date."""
    suppressed: bool = False
    small: bool = False
    """The group has fewer people than the threshold: its size shows as "<5"."""


def _counts_tuple(value: Iterable[AspirationCounts]) -> tuple[AspirationCounts, ...]:
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class AspirationCompliance:
    """Aspiration-first compliance overall and, for each column in ``by``, per group.

    Answers the ACTPS guide's "Implement a process for monitoring whether performance
    discussions have happened" as well as whether the conversation came first.
    """

    overall: AspirationCounts
    column: str = attrs.field(default="", validator=v.instance_of(str))
    groups: tuple[AspirationCounts, ...] = attrs.field(default=(), converter=_counts_tuple)


@checked
def aspiration_compliance(
    workforce: Workforce, *, by: str | None = None, min_cell: int = MIN_CELL
) -> AspirationCompliance:
    """Count each person's aspiration conversation as before, after, missing, unknown or unreadable.

    A conversation on the assessment day counts as before. A person with no conversation
    date is ``missing`` whether or not they have an assessment date; a date written but
    not a date (in either column) is ``unreadable``, never missing. With ``by``, the
    counts per group are suppressed as for any sensitive breakdown (``min_cell``).
    """
    check_min_cell(min_cell)
    per: dict[str, Counter[AspirationTiming]] = {}
    total: Counter[AspirationTiming] = Counter()
    counted = workforce.counts(
        ["aspiration_conversation_on", "assessed_on"], groups=[by] if by is not None else []
    )
    for (conversation, assessed, *group), count in counted.items():
        timing = _timing(conversation, assessed)
        total[timing] += count
        if by is not None:
            per.setdefault(group[0], Counter())[timing] += count

    groups: tuple[AspirationCounts, ...] = ()
    if by is not None:
        names = sorted(per)
        rows = [[per[n][t] for t in AspirationTiming] for n in names]
        shown = suppress_groups(rows, min_cell=min_cell)
        groups = tuple(
            _aspiration_counts(name, row) for name, row in zip(names, shown, strict=True)
        )
    overall = ShownRow(
        size=sum(total.values()), cells=tuple(total[t] for t in AspirationTiming), small=False
    )
    return AspirationCompliance(
        overall=_aspiration_counts("all", overall), column=by or "", groups=groups
    )


def _aspiration_counts(value: str, row: ShownRow) -> AspirationCounts:
    before, after, missing, unknown, unreadable = row.cells
    return AspirationCounts(
        value=value,
        people=row.size,
        before=before,
        after=after,
        missing=missing,
        unknown=unknown,
        unreadable=unreadable,
        suppressed=row.size is None,
        small=row.small,
    )


@attrs.frozen(kw_only=True)
class GroupSelection:
    """One group's selection into the talent pool against the highest-rate group's.

    ``impact_ratio`` is this group's selection rate over the reference group's (the
    adverse-impact ratio), with ``ratio_low`` and ``ratio_high`` its 95% confidence
    interval by the log method. ``p_value`` is a two-proportion test against the
    reference group (Fisher's exact test when an expected count is below five). ``flagged``
    is true when the ratio is under four-fifths *and* the test is significant. Everything
    but ``value`` is ``None`` when ``suppressed``.
    """

    value: str = attrs.field(validator=v.instance_of(str))
    people: int | None = attrs.field(validator=_count)
    selected: int | None = attrs.field(validator=_count)
    selection_rate: float | None
    impact_ratio: float | None
    ratio_low: float | None = None
    ratio_high: float | None = None
    test: str = attrs.field(default="", validator=v.instance_of(str))
    p_value: float | None = None
    reference: bool = False
    flagged: bool = False
    suppressed: bool = False
    small: bool = False
    """The group has fewer people than the threshold: its size shows as "<5"."""


def _segments(value: Iterable[Segment]) -> tuple[Segment, ...]:
    return v.to_tuple(value)


def _groups(value: Iterable[GroupSelection]) -> tuple[GroupSelection, ...]:
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class FairnessCheck:
    """Selection into the talent pool by the groups of one column (the adverse-impact screen).

    ``pool`` lists the segments counted as selected. A flagged group is a signal to look
    at how its people were assessed, never a finding of unfairness: see the council
    guide's section on the four-fifths rule.
    """

    column: str = attrs.field(validator=v.text)
    pool: tuple[Segment, ...] = attrs.field(converter=_segments)
    groups: tuple[GroupSelection, ...] = attrs.field(
        converter=_groups, validator=v.items_of(GroupSelection)
    )
    min_cell: int = MIN_CELL


def two_proportion_p(a: int, n1: int, c: int, n2: int) -> tuple[str, float]:
    """The two-sided test of ``a`` of ``n1`` against ``c`` of ``n2``: ``(test, p-value)``.

    Pearson's chi-square (the pooled two-proportion z test squared) when every expected
    count is at least five; otherwise Fisher's exact test.
    """
    table = [[a, n1 - a], [c, n2 - c]]
    columns = [a + c, n1 + n2 - a - c]
    if 0 in columns:
        return "none", 1.0
    statistic, df, expected = _stats.independence(table)
    if min(min(row) for row in expected) < SMALL_EXPECTED:
        p = exact_p_value([a, n1 - a], columns)
        return "exact", 1.0 if p is None else p
    return "chi-square", _stats.chi_square_sf(statistic, df)


def ratio_interval(a: int, n1: int, c: int, n2: int) -> tuple[float, float] | None:
    """The 95% confidence interval of ``(a/n1) / (c/n2)`` by the log (Katz) method."""
    if a == 0 or c == 0:
        return None
    ratio = (a / n1) / (c / n2)
    spread = _Z95 * math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
    return ratio * math.exp(-spread), ratio * math.exp(spread)


@checked
def fairness(
    workforce: Workforce,
    by: str,
    *,
    pool: Sequence[Segment] = TALENT_POOL,
    alpha: float = 0.05,
    min_cell: int = MIN_CELL,
) -> FairnessCheck:
    """Each group's selection into the talent ``pool`` against the highest-rate group's.

    Groups are the values of the grouping column ``by``; small groups and counts are
    suppressed (``min_cell``), and a suppressed group is left out of the comparison.
    """
    check_min_cell(min_cell)
    chosen = tuple(Segment.parse(s, field="pool") for s in pool)
    if not chosen:
        raise ValidationError("name at least one segment", path="pool")
    in_pool = bytes(1 if s in chosen else 0 for s in SEGMENTS)
    sizes: Counter[str] = Counter()
    selected: Counter[str] = Counter()
    for value, code in zip(workforce.group_values(by), workforce.segment_codes(), strict=True):
        sizes[value] += 1
        selected[value] += in_pool[code]
    names = sorted(sizes)
    shown = suppress_groups(
        [[selected[n], sizes[n] - selected[n]] for n in names], min_cell=min_cell
    )
    visible = [n for n, row in zip(names, shown, strict=True) if row.size is not None]
    reference = max(
        visible, key=lambda n: (Fraction(selected[n], sizes[n]), sizes[n]), default=None
    )
    groups = []
    for name, row in zip(names, shown, strict=True):
        if name not in visible or reference is None:
            groups.append(
                GroupSelection(
                    value=name,
                    people=None,
                    selected=None,
                    selection_rate=None,
                    impact_ratio=None,
                    suppressed=True,
                    small=row.small,
                )
            )
            continue
        a, n1, c, n2 = selected[name], sizes[name], selected[reference], sizes[reference]
        rate, top = a / n1, c / n2
        ratio = rate / top if top else None
        test, p = ("", None) if name == reference else two_proportion_p(a, n1, c, n2)
        interval = None if name == reference else ratio_interval(a, n1, c, n2)
        groups.append(
            GroupSelection(
                value=name,
                people=n1,
                selected=a,
                selection_rate=rate,
                impact_ratio=ratio,
                ratio_low=interval[0] if interval else None,
                ratio_high=interval[1] if interval else None,
                test=test,
                p_value=p,
                reference=name == reference,
                flagged=_under_four_fifths(a, n1, c, n2) and p is not None and p < alpha,
            )
        )
    return FairnessCheck(column=by, pool=chosen, groups=tuple(groups), min_cell=min_cell)


def _under_four_fifths(selected: int, people: int, top: int, top_people: int) -> bool:
    """Whether a selection rate is under four-fifths of the reference's, compared exactly.

    In whole numbers (``5 × a × n2 < 4 × c × n1``), so a group at exactly four-fifths (92 of
    300 against 115 of 300) is never flagged by a rounding error in floating point.
    """
    return 5 * selected * top_people < 4 * top * people


FAIRNESS_CSV_HEADER: tuple[str, ...] = (
    "column",
    "group",
    "people",
    "selected",
    "selection_rate",
    "impact_ratio",
    "ratio_low",
    "ratio_high",
    "test",
    "p_value",
    "reference",
    "flagged",
    "suppressed",
)
"""The columns of :func:`write_fairness_csv`."""


def write_fairness_csv(checks: Iterable[FairnessCheck], stream: TextIO) -> None:
    """Write fairness checks as CSV, one row per group, suppressed as everywhere else.

    A group under the threshold shows ``<5`` (the threshold) for its size; every other
    hidden value is an empty cell, with ``suppressed`` true. Cells are formula-safe.
    """
    rows = []
    for check in items_of(checks, FairnessCheck, "checks"):
        for g in check.groups:
            size: object = f"<{check.min_cell}" if g.small else g.people
            rows.append(
                [
                    check.column,
                    g.value,
                    size,
                    g.selected,
                    g.selection_rate,
                    g.impact_ratio,
                    g.ratio_low,
                    g.ratio_high,
                    g.test,
                    g.p_value,
                    g.reference,
                    g.flagged,
                    g.suppressed,
                ]
            )
    write_rows(stream, FAIRNESS_CSV_HEADER, rows)
