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
from collections.abc import Collection, Iterable, Mapping, Sequence
from fractions import Fraction
from itertools import repeat
from operator import add, mul
from typing import TextIO

import attrs

from apsperf import _validators as v
from apsperf._arguments import checked, items_of
from apsperf._csvsafe import write_rows
from apsperf._redaction import quoted
from apsperf.errors import ValidationError
from apsperf.segmentation.analysis import _stats
from apsperf.segmentation.analysis._review import (
    CROSS,
    SMALL_EXPECTED,
    _crossed,
    _non_negative,
    _strings,
)
from apsperf.segmentation.analysis._stats import exact_p_value, holm
from apsperf.segmentation.analysis._suppression import (
    MIN_CELL,
    ShownRow,
    check_min_cell,
    hidden_groups,
    suppress_groups,
)
from apsperf.segmentation.model._exports import named_in_package
from apsperf.segmentation.model._levels import Segment
from apsperf.segmentation.model._workforce import Workforce

__all__ = [
    "COMPARISONS",
    "TALENT_POOL",
    "AspirationCompliance",
    "AspirationCounts",
    "AspirationTiming",
    "FairnessCheck",
    "GroupSelection",
    "aspiration_compliance",
    "column_key",
    "fairness",
    "write_fairness_csv",
]

TALENT_POOL: tuple[Segment, ...] = (
    Segment.TOP_TALENT,
    Segment.HIGH_ACHIEVER,
    Segment.EMERGING_POTENTIAL,
)
"""The segments counted as selected into the talent pool unless another pool is named.

apsperf's default: no source document defines a talent pool."""

FOUR_FIFTHS = 0.8
"""The four-fifths rule's threshold for an adverse-impact ratio (US Uniform Guidelines on
Employee Selection Procedures, 29 CFR 1607.4(D); no APS source document has it)."""

_Z95 = 1.959963984540054


_count = v.optional(_non_negative)


class AspirationTiming(enum.Enum):
    """When a person's aspiration conversation happened, against their assessment."""

    BEFORE = "before"
    """Before the assessment day: "prior to making an assessment", as the guide has it."""
    SAME_DAY = "same-day"
    """On the assessment day itself: counted apart, neither before nor after, since the
    dates cannot say which came first."""
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
    if conversation == assessed:
        return AspirationTiming.SAME_DAY
    return AspirationTiming.BEFORE if conversation < assessed else AspirationTiming.AFTER


@attrs.frozen(kw_only=True)
class AspirationCounts:
    """How many of one group (or everyone: ``value`` ``"all"``) fall in each timing.

    ``before`` counts conversations dated before the assessment day, ``same_day`` those on
    it and ``after`` those after it. A ``value`` of ``""`` is the group whose cell is
    blank: reports show it as "not stated".

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
    same_day: int | None = attrs.field(default=0, validator=_count)
    """People whose conversation is dated on the assessment day itself: neither before
    (the guide has it "prior to" the assessment) nor after."""
    crossed: tuple[str, ...] = attrs.field(default=(), converter=_strings, validator=_crossed)
    """Each column's value, for crossed columns (``value`` is them joined by ``" × "``)."""


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
    crossed: tuple[str, ...] = attrs.field(default=(), converter=_strings, validator=_crossed)
    """The columns crossed, by the combinations of several columns (``column`` is them
    joined by ``" × "``); empty otherwise."""


@checked
def aspiration_compliance(
    workforce: Workforce,
    *,
    by: str | Sequence[str] | None = None,
    min_cell: int = MIN_CELL,
    hidden: Collection[GroupName] | None = None,
) -> AspirationCompliance:
    """Count each person's aspiration conversation: before, same day, after, missing and so on.

    The guide has the conversation "prior to" the assessment, so a conversation on the
    assessment day is counted apart (``same_day``), neither before nor after. A person
    with no conversation date is ``missing`` whether or not they have an assessment date;
    a date written but not a date (in either column) is ``unreadable``, never missing.
    With ``by``, the counts per group are suppressed as for any sensitive breakdown
    (``min_cell``); ``hidden`` names the groups to hide when the other tables of the same
    output decided them together (see :func:`joint_hidden`). ``by`` may name several
    columns (``["Gender", "Location"]``): each combination of their values is a group,
    as in a crossed breakdown, and ``hidden`` then holds tuples of values.
    """
    check_min_cell(min_cell)
    columns = None if by is None else column_key(by)
    names: list[GroupName]
    if columns is None:
        names = [""]
        rows = [_timings_by(workforce, ()).get("", [0] * len(_TIMING_ORDER))]
    else:
        names, rows = timing_rows(workforce, columns)
    total = [sum(column) for column in zip(*rows, strict=True)] or [0] * len(_TIMING_ORDER)
    groups: tuple[AspirationCounts, ...] = ()
    if columns is not None:
        shown = suppress_groups(rows, min_cell=min_cell, hidden=_positions(names, hidden))
        groups = tuple(
            _aspiration_counts(name, row) for name, row in zip(names, shown, strict=True)
        )
    overall = ShownRow(size=sum(total), cells=tuple(total), small=False)
    return AspirationCompliance(
        overall=_aspiration_counts("all", overall),
        column="" if columns is None else CROSS.join(columns),
        groups=groups,
        crossed=columns if columns is not None and len(columns) > 1 else (),
    )


def _aspiration_counts(name: GroupName, row: ShownRow) -> AspirationCounts:
    before, same_day, after, missing, unknown, unreadable = row.cells
    value, crossed = group_value(name)
    return AspirationCounts(
        value=value,
        crossed=crossed,
        people=row.size,
        before=before,
        same_day=same_day,
        after=after,
        missing=missing,
        unknown=unknown,
        unreadable=unreadable,
        suppressed=row.size is None,
        small=row.small,
    )


@attrs.frozen(kw_only=True)
class GroupSelection:
    """One group's selection into the talent pool against the comparison's.

    The comparison is the highest-rate group (the ``reference``) or, with
    ``comparison="rest"``, everyone else in the workforce. ``impact_ratio`` is this
    group's selection rate over the comparison's (the adverse-impact ratio), with
    ``ratio_low`` and ``ratio_high`` its 95% confidence interval by the log method.
    ``p_value`` is a two-proportion test against the comparison (Fisher's exact test when
    an expected count is below five) and ``adjusted_p_value`` that p-value adjusted by
    Holm's method across every group of the column that was compared. ``flagged`` is true
    when the ratio is under four-fifths (compared exactly) *and* the adjusted p-value is
    below the significance level.

    ``detectable_ratio`` is given beside a shown, unflagged group too small for the test
    to confirm a ratio just under four-fifths: the highest ratio its size could show and
    be flagged (holding the comparison's counts, at the strictest Holm level, the
    significance level over the number of groups compared, so it holds whatever the other
    groups show). ``undetectable`` is true when not even a ratio of 0 could be flagged.
    Both stay empty for the reference, a flagged group and a hidden group (it would reveal
    the hidden group's size). Everything but ``value`` is ``None`` when ``suppressed``.
    A ``value`` of ``""`` is the group whose cell is blank: reports show it as "not
    stated", and it is never the reference.
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
    adjusted_p_value: float | None = None
    reference: bool = False
    flagged: bool = False
    suppressed: bool = False
    small: bool = False
    """The group has fewer people than the threshold: its size shows as "<5"."""
    detectable_ratio: float | None = None
    undetectable: bool = False
    crossed: tuple[str, ...] = attrs.field(default=(), converter=_strings, validator=_crossed)
    """Each column's value, for crossed columns (``value`` is them joined by ``" × "``); a
    combination with any blank value is never the reference."""


def _segments(value: Iterable[Segment]) -> tuple[Segment, ...]:
    return v.to_tuple(value)


def _groups(value: Iterable[GroupSelection]) -> tuple[GroupSelection, ...]:
    return v.to_tuple(value)


COMPARISONS: tuple[str, ...] = ("highest", "rest")
"""What each group's selection rate is compared with: the highest-rate group's, or the
rest of the workforce's (everyone not in the group)."""


def _comparison(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in COMPARISONS:
        raise ValidationError(
            f"expected `highest` or `rest`, got {quoted(str(value))}", path=attribute.name
        )


@attrs.frozen(kw_only=True)
class FairnessCheck:
    """Selection into the talent pool by the groups of one column (the adverse-impact screen).

    ``pool`` lists the segments counted as selected (by default apsperf's own choice,
    :data:`TALENT_POOL`, which no source document defines). ``comparison`` is
    ``"highest"`` (each group against the highest-rate group) or ``"rest"`` (each group
    against everyone else); ``alpha`` is the significance level of the flags, after
    Holm's adjustment across the groups compared. The four-fifths rule comes from the US
    Uniform Guidelines on Employee Selection Procedures (29 CFR 1607.4(D)), not from any
    APS source document. A flagged group is a signal to look at how its people were
    assessed, never a finding of unfairness: see the council guide's section on the
    four-fifths rule.
    """

    column: str = attrs.field(validator=v.text)
    pool: tuple[Segment, ...] = attrs.field(converter=_segments)
    groups: tuple[GroupSelection, ...] = attrs.field(
        converter=_groups, validator=v.items_of(GroupSelection)
    )
    min_cell: int = MIN_CELL
    comparison: str = attrs.field(default="highest", validator=_comparison)
    alpha: float = 0.05
    crossed: tuple[str, ...] = attrs.field(default=(), converter=_strings, validator=_crossed)
    """The columns crossed, for a check by the combinations of several columns (``column``
    is them joined by ``" × "``, each group's ``crossed`` its values); empty otherwise."""

    @property
    def columns(self) -> tuple[str, ...]:
        """The grouping columns: ``(column,)`` unless crossed."""
        return self.crossed or (self.column,)

    @property
    def compared(self) -> int:
        """How many groups were compared (tested), the size of Holm's adjustment."""
        return sum(g.adjusted_p_value is not None for g in self.groups)


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
    by: str | Sequence[str],
    *,
    pool: Sequence[Segment] = TALENT_POOL,
    alpha: float = 0.05,
    min_cell: int = MIN_CELL,
    compare_with: str = "highest",
    hidden: Collection[GroupName] | None = None,
) -> FairnessCheck:
    """Each group's selection into the talent ``pool`` against a comparison's.

    Groups are the values of the grouping column ``by``; small groups and counts are
    suppressed (``min_cell``), and a suppressed group is left out of the comparison.
    ``compare_with`` is ``"highest"`` (the highest-rate shown group, never the blank
    group) or ``"rest"`` (everyone else in the workforce). The p-values of the groups
    compared are adjusted together by Holm's method; see :class:`GroupSelection`.
    ``hidden`` names the groups to hide when the other tables of the same output decided
    them together (see :func:`joint_hidden`).

    ``by`` may name several columns (``["Gender", "Location"]``): each combination of
    their values that someone has is a group (``"Woman × Sydney"``, its ``crossed``
    ``("Woman", "Sydney")``), suppressed and compared as any group is; ``hidden`` then
    holds tuples of values. A column the workforce does not have is a
    :class:`~apsperf.ValidationError` naming it.
    """
    check_min_cell(min_cell)
    columns = column_key(by)
    if compare_with not in COMPARISONS:
        raise ValidationError(
            f"expected `highest` or `rest`, got {quoted(str(compare_with))}",
            path="compare_with",
        )
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise ValidationError("must be a number between 0 and 1", path="alpha")
    chosen = tuple(Segment.parse(s, field="pool") for s in pool)
    if not chosen:
        raise ValidationError("name at least one segment", path="pool")
    names, rows = selection_rows(workforce, columns, chosen)
    sizes = {n: sum(row) for n, row in zip(names, rows, strict=True)}
    selected = {n: row[0] for n, row in zip(names, rows, strict=True)}
    shown = suppress_groups(rows, min_cell=min_cell, hidden=_positions(names, hidden))
    visible = [n for n, row in zip(names, shown, strict=True) if row.size is not None]
    everyone, everyone_selected = sum(sizes.values()), sum(selected.values())
    reference: GroupName | None = None
    if compare_with == "highest":
        # The blank group ("not stated") is no group to compare the others with.
        reference = max(
            (n for n in visible if _stated(n)),
            key=lambda n: (Fraction(selected[n], sizes[n]), sizes[n]),
            default=None,
        )

    def against(name: GroupName) -> tuple[int, int] | None:
        """The comparison's (selected, people) for group ``name``."""
        if compare_with == "rest":
            rest = everyone - sizes[name]
            return (everyone_selected - selected[name], rest) if rest else None
        if reference is None or name == reference:
            return None
        return selected[reference], sizes[reference]

    tests: dict[GroupName, tuple[str, float]] = {}
    for name in visible:
        other = against(name)
        if other is not None:
            tests[name] = two_proportion_p(selected[name], sizes[name], *other)
    adjusted = dict(zip(tests, holm([p for _, p in tests.values()]), strict=True))
    level = alpha / len(tests) if tests else alpha  # Holm's strictest step
    groups = []
    for name, row in zip(names, shown, strict=True):
        value, crossed = group_value(name)
        if name not in visible:
            groups.append(
                GroupSelection(
                    value=value,
                    crossed=crossed,
                    people=None,
                    selected=None,
                    selection_rate=None,
                    impact_ratio=None,
                    suppressed=True,
                    small=row.small,
                )
            )
            continue
        a, n1 = selected[name], sizes[name]
        other = against(name)
        if name == reference or other is None:
            groups.append(
                GroupSelection(
                    value=value,
                    crossed=crossed,
                    people=n1,
                    selected=a,
                    selection_rate=a / n1,
                    impact_ratio=1.0 if name == reference else None,
                    reference=name == reference,
                )
            )
            continue
        c, n2 = other
        test, p = tests[name]
        interval = ratio_interval(a, n1, c, n2)
        flagged = _under_four_fifths(a, n1, c, n2) and adjusted[name] < alpha
        detectable: float | None = None
        undetectable = False
        if not flagged and c:
            found = _detectable(n1, c, n2, level)
            undetectable = found == _NONE
            detectable = found if isinstance(found, float) else None
        groups.append(
            GroupSelection(
                value=value,
                crossed=crossed,
                people=n1,
                selected=a,
                selection_rate=a / n1,
                impact_ratio=(a / n1) / (c / n2) if c else None,
                ratio_low=interval[0] if interval else None,
                ratio_high=interval[1] if interval else None,
                test=test,
                p_value=p,
                adjusted_p_value=adjusted[name],
                flagged=flagged,
                detectable_ratio=detectable,
                undetectable=undetectable,
            )
        )
    return FairnessCheck(
        column=CROSS.join(columns),
        crossed=columns if len(columns) > 1 else (),
        pool=chosen,
        groups=tuple(groups),
        min_cell=min_cell,
        comparison=compare_with,
        alpha=float(alpha),
    )


_NONE = "none"
_LARGE = "large"


def _detectable(people: int, top: int, top_people: int, level: float) -> float | str:
    """The highest ratio under four-fifths a group of ``people`` could show and be flagged.

    Against ``top`` of ``top_people``, with the test's p-value below ``level``. ``_LARGE``
    when a ratio just under four-fifths already would be (the group is large enough to
    need no note), ``_NONE`` when not even nobody selected would be.
    """
    # The most people selected whose ratio is still under four-fifths: 5 a n2 < 4 c n1.
    most = (4 * top * people - 1) // (5 * top_people)
    most = min(most, people)
    for count in range(most, -1, -1):
        _test, p = two_proportion_p(count, people, top, top_people)
        if p < level:
            if count == most:
                return _LARGE
            return (count / people) / (top / top_people)
    return _NONE


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
    "adjusted_p_value",
    "detectable_ratio",
    "undetectable",
    "comparison",
)
"""The columns of :func:`write_fairness_csv`."""


def write_fairness_csv(checks: Iterable[FairnessCheck], stream: TextIO) -> None:
    """Write fairness checks as CSV, one row per group, suppressed as everywhere else.

    A group under the threshold shows ``<5`` (the threshold) for its size; every other
    hidden value is an empty cell, with ``suppressed`` true. The blank group's ``group``
    is empty, as in the file. Cells are formula-safe.
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
                    g.adjusted_p_value,
                    g.detectable_ratio,
                    g.undetectable,
                    check.comparison,
                ]
            )
    write_rows(stream, FAIRNESS_CSV_HEADER, rows)


GroupName = str | tuple[str, ...]
"""A group of one column (its value) or of crossed columns (a tuple of values, one each)."""


def column_key(by: object) -> tuple[str, ...]:
    """``by`` (one column's name or a sequence of names) as a tuple of column names.

    Two or more names cross the columns (a crossed key, as :func:`breakdown` crosses them);
    none, a name given twice or anything but text is a :class:`~apsperf.ValidationError`.
    """
    if isinstance(by, str):
        return (by,)
    if isinstance(by, Sequence) and all(isinstance(name, str) for name in by):
        columns = tuple(by)
        if not columns:
            raise ValidationError("name at least one column", path="by")
        if len(set(columns)) != len(columns):
            raise ValidationError(
                f"a column is crossed with itself: {quoted(CROSS.join(columns))}", path="by"
            )
        return columns
    raise ValidationError(
        f"expected a column name or a sequence of names, got {type(by).__name__}", path="by"
    )


def group_value(name: GroupName) -> tuple[str, tuple[str, ...]]:
    """A group's ``(value, crossed)`` as reports hold it: a crossed group's values joined."""
    if isinstance(name, tuple):
        return (CROSS.join(name), name) if len(name) > 1 else (name[0], ())
    return name, ()


def _stated(name: GroupName) -> bool:
    """Whether a group has every value stated (a blank one is "not stated")."""
    return all(name) if isinstance(name, tuple) else bool(name)


def _name(found: tuple[object, ...]) -> GroupName:
    """A group's name from its values: the value itself for one column, else the tuple."""
    return str(found[0]) if len(found) == 1 else tuple(str(value) for value in found)


def _project(name: GroupName, key: Sequence[str], parent: Sequence[str]) -> GroupName:
    """The name of the group by ``parent`` (some of ``key``'s columns) that ``name`` is in."""
    values = name if isinstance(name, tuple) else (name,)
    return _name(tuple(values[key.index(column)] for column in parent))


def within_coarser(
    names: Sequence[GroupName],
    key: Sequence[str],
    coarser: Mapping[tuple[str, ...], Collection[GroupName]],
) -> tuple[list[list[int]], set[int]]:
    """``(blocks, inside)``: how groups by ``key`` sit in the coarser groupings shown beside.

    ``coarser`` maps each grouping by some of ``key``'s columns to the groups it hides.
    ``blocks`` lists, for each coarser group shown, the positions in ``names`` that make it
    up; ``inside`` the positions inside a coarser group hidden. ``hidden_within`` (in
    ``_suppression``) takes both. Used by every output that shows crossed groups beside
    coarser ones: a review (``review_hidden``) and a calibration (``output_hidden``).
    """
    blocks: list[list[int]] = []
    inside: set[int] = set()
    for parent, hidden in coarser.items():
        members: dict[GroupName, list[int]] = {}
        for index, name in enumerate(names):
            members.setdefault(_project(name, key, parent), []).append(index)
        for group, indexes in members.items():
            if group in hidden:
                inside.update(indexes)
            else:
                blocks.append(indexes)
    return blocks, inside


def selection_rows(
    workforce: Workforce, by: str | Sequence[str], pool: Collection[Segment]
) -> tuple[list[GroupName], list[list[int]]]:
    """The groups of column ``by`` (sorted) and each one's ``[selected, not selected]``.

    ``by`` may name several columns: each group is then a tuple of values (see
    :func:`column_key`).
    """
    columns = column_key(by)
    per: dict[GroupName, list[int]] = {}
    for (segment, *group), count in workforce.counts(["segment"], groups=columns).items():
        per.setdefault(_name(tuple(group)), [0, 0])[0 if segment in pool else 1] += count
    names = sorted(per)
    return names, [per[n] for n in names]


def timing_rows(
    workforce: Workforce, by: str | Sequence[str]
) -> tuple[list[GroupName], list[list[int]]]:
    """The groups of column ``by`` (sorted) and each one's count of each aspiration timing."""
    per = _timings_by(workforce, column_key(by))
    names = sorted(per)
    return names, [per[n] for n in names]


def _timings_by(workforce: Workforce, columns: Sequence[str]) -> dict[GroupName, list[int]]:
    """Each group's count of each aspiration timing (one group, ``""``, without columns).

    Counted from :meth:`Workforce.counts` of the two dates by the columns, which the
    workforce keeps: each table of one output that needs them counts people once. Each
    distinct pair of dates is timed once.
    """
    width = len(_TIMING_ORDER)
    timed: dict[tuple[object, object], int] = {}
    per: dict[GroupName, list[int]] = {}
    counted = workforce.counts(["aspiration_conversation_on", "assessed_on"], groups=columns)
    for (spoken, assessed, *group), count in counted.items():
        timing = timed.get((spoken, assessed))
        if timing is None:
            timing = timed[spoken, assessed] = _TIMING_ORDER.index(_timing(spoken, assessed))
        name = _name(tuple(group)) if columns else ""
        per.setdefault(name, [0] * width)[timing] += count
    return per


def joint_hidden(
    tables: Sequence[tuple[Sequence[GroupName], list[list[int]]]], *, min_cell: int = MIN_CELL
) -> frozenset[GroupName]:
    """The groups to hide in every one of ``tables`` (each its groups and rows).

    One output's tables about one column hide the same groups, so none can be set beside
    another to work out what it hides (see :func:`hidden_groups`).
    """
    names = sorted({name for groups, _ in tables for name in groups})
    aligned = []
    for groups, rows in tables:
        found = dict(zip(groups, rows, strict=True))
        width = len(rows[0]) if rows else 0
        aligned.append([found.get(name, [0] * width) for name in names])
    return frozenset(names[i] for i in hidden_groups(aligned, min_cell=min_cell))


def _positions(
    names: Sequence[GroupName], hidden: Collection[GroupName] | None
) -> frozenset[int] | None:
    """The positions in ``names`` of the groups ``hidden`` (``None``: decide here)."""
    if hidden is None:
        return None
    return frozenset(i for i, name in enumerate(names) if name in hidden)


def timing_counts(workforce: Workforce, codes: Sequence[int], size: int) -> list[int]:
    """For each code ``0 .. size - 1``, its people's count of each aspiration timing, flat.

    ``codes`` holds each person's code, such as an assessor's: code ``c``'s count of
    timing ``t`` (in :class:`AspirationTiming` order) is at ``c * 6 + t``. For codes too
    many to count by :meth:`Workforce.counts` (see :func:`timing_rows`).

    Each distinct pair of dates is timed once and people are counted on one whole number
    each (code and timing) in C, never one by one in Python.
    """
    pairs, people = workforce.field_codes(["aspiration_conversation_on", "assessed_on"])
    width = len(_TIMING_ORDER)
    per_pair = bytes(_TIMING_ORDER.index(_timing(*pair)) for pair in pairs)
    timed = map(per_pair.__getitem__, people)
    counted = Counter(map(add, map(mul, codes, repeat(width)), timed))
    flat = [0] * (size * width)
    for key, count in counted.items():
        flat[key] = count
    return flat


_TIMING_ORDER = tuple(AspirationTiming)


named_in_package(globals())  # its classes are apsperf.segmentation's (see _exports)
