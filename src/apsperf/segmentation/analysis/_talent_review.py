"""``review()``: one cycle's talent review, its breakdowns under disclosure control.

A breakdown by a grouping column (gender, location, division) can reveal a few people's
placements. :func:`review` therefore suppresses small cells by default, before anything is
shown or written: the report value itself holds only what may be shown, so the text, HTML,
workbook, JSON and data frames made from it cannot disagree or show more
(``docs/disclosure.md``).

Which groups a column hides is decided from the column's *own tables* (:func:`column_tables`:
the nine segments per group, and the aspiration-conversation timings per group when the
file has the dates), which ``apsperf calibrate --fairness`` includes too. So a review by a
column and a calibration by it on the same proposals hide the same groups, unless the
calibration's own tables need more hidden; never fewer.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from apsperf.errors import ValidationError, _shown
from apsperf.segmentation.analysis._fairness import timing_rows, within_coarser
from apsperf.segmentation.analysis._review import (
    GroupBreakdown,
    HiddenGroup,
    TalentReview,
    _column_names,
    _counts,
    _require_workforce,
    count_breakdown,
)
from apsperf.segmentation.analysis._suppression import (
    MIN_CELL,
    check_min_cell,
    hidden_columns,
    hidden_groups,
    hidden_within,
    sizes_can_show,
    small_groups,
)
from apsperf.segmentation.model._levels import Segment
from apsperf.segmentation.model._workforce import SEGMENTS, Workforce

__all__ = ["breakdown", "column_tables", "disclose", "review", "review_hidden"]


def column_tables(
    workforce: Workforce, values: Sequence[str], column: str
) -> list[list[list[int]]]:
    """The tables every output about ``column`` hides groups by, whatever else it shows.

    Rows follow ``values`` (the column's groups, in the order an output lists them): the
    nine segments per group, then, when the file has aspiration-conversation dates, each
    group's count of each timing (before, same day, after, missing...). ``apsperf review
    --by`` and ``apsperf calibrate --fairness`` both decide their hidden groups with these,
    so the two cannot be set side by side to undo each other's suppression.
    """
    per = workforce.segment_counts_by(column)
    tables = [[[per.get(value, {}).get(s, 0) for s in SEGMENTS] for value in values]]
    if "aspiration_conversation_on" in workforce.columns and "assessed_on" in workforce.columns:
        names, rows = timing_rows(workforce, column)
        found = dict(zip(names, rows, strict=True))
        width = len(rows[0]) if rows else 0
        tables.append([found.get(value, [0] * width) for value in values])
    return tables


def review_hidden(
    workforce: Workforce, columns: str | Sequence[str], *, min_cell: int = MIN_CELL
) -> frozenset[str | tuple[str, ...]]:
    """The groups by ``columns`` that every output about them hides, whatever else it shows.

    ``columns`` names one column or several (crossed, each group a tuple of values). One
    column: decided with the column's own tables (:func:`column_tables`). Several: decided
    within every coarser combination of the same columns, each decided this way in turn
    (Division and Classification alone for Division × Classification). A crossed group
    inside a group a coarser breakdown hides is hidden, and within each group that
    breakdown shows the rule holds as over the whole table (:func:`hidden_within`), so no
    hidden crossed group is that group's counts less the shown ones. The answer depends
    on the file alone, not on which breakdowns a run shows: ``review --cross Division
    Classification`` beside ``review --by Division`` of the same file, or ``calibrate
    --fairness-cross`` by the same columns, cannot be set side by side to work out what
    one of them hides. The review hides these; ``calibrate`` starts from them.
    """
    _require_workforce(workforce)
    check_min_cell(min_cell)
    named = (columns,) if isinstance(columns, str) else _column_names(columns, "columns")
    key = tuple(workforce.group_name(c) for c in named)
    if not key or len(set(key)) != len(key):
        raise ValidationError("name one or more grouping columns, each once", path="columns")
    return _decided(workforce, key, min_cell, {})[2]


_Decided = tuple[list["str | tuple[str, ...]"], frozenset[int], frozenset["str | tuple[str, ...]"]]
"""A key's groups, the positions inside a hidden coarser group, and the groups hidden."""


def _decided(
    workforce: Workforce,
    key: tuple[str, ...],
    min_cell: int,
    done: dict[tuple[str, ...], _Decided],
) -> _Decided:
    """``(groups, positions inside a hidden coarser group, hidden groups)`` by ``key``."""
    if key in done:
        return done[key]
    names: list[str | tuple[str, ...]]
    if len(key) == 1:
        names = sorted(workforce.segment_counts_by(key[0]))
        tables = column_tables(workforce, names, key[0])  # type: ignore[arg-type]
        found = (names, frozenset[int](), hidden_groups(tables, min_cell=min_cell))
    else:
        per = workforce.segment_counts_across(key)
        names = list(per)
        table = [[per[n].get(s, 0) for s in SEGMENTS] for n in per]
        coarser = {
            parent: _decided(workforce, parent, min_cell, done)[2]
            for size in range(1, len(key))
            for parent in itertools.combinations(key, size)
        }
        blocks, inside = within_coarser(names, key, coarser)
        chosen = hidden_within([table], blocks=blocks, hidden=inside, min_cell=min_cell)
        found = (names, frozenset(inside), chosen)
    names, inside_of, positions = found
    done[key] = (names, inside_of, frozenset(names[i] for i in positions))
    return done[key]


def disclose(
    table_of: GroupBreakdown,
    *,
    min_cell: int = MIN_CELL,
    tables: Sequence[Sequence[Sequence[int]]] = (),
    hidden: frozenset[int] | None = None,
    unmarked: frozenset[int] = frozenset(),
    cells: bool = True,
) -> GroupBreakdown:
    """``table_of`` with its small cells suppressed: hidden groups keep no hidden count.

    ``tables`` are the other tables the same output shows about the column (rows in the
    breakdown's group order); a group hidden in one is hidden in all. ``hidden`` gives the
    positions to hide when decided already (:func:`review_hidden`); ``unmarked`` those of
    them shown without a "<5" mark or a size (inside a group a coarser breakdown hides,
    where the mark would bound that group's size). A hidden group's headcount is kept
    where that is safe (:func:`sizes_can_show`; never beside a coarser breakdown), and so
    are its counts outside the segments hidden groups all hide (:func:`hidden_columns`),
    unless ``cells`` is false: beside breakdowns by other columns, hidden groups show no
    counts (their headcounts still where safe), since each table's hidden cells are safe
    beside its own counts, not beside another's. A breakdown already suppressed is
    returned as it is.
    """
    check_min_cell(min_cell)
    if table_of.min_cell is not None:
        return table_of
    own = [[g.count(s) for s in Segment] for g in table_of.groups]
    every = [own, *(list(map(list, t)) for t in tables)]
    primary = small_groups(every, min_cell=min_cell)
    decided = hidden_groups(every, min_cell=min_cell) if hidden is None else hidden
    if not decided:
        return GroupBreakdown(
            column=table_of.column,
            crossed=table_of.crossed,
            groups=table_of.groups,
            min_cell=min_cell,
        )
    safe = hidden is None and sizes_can_show(every, decided, min_cell=min_cell)
    gone = [table_of.groups[n] for n in sorted(decided)]
    combined = [sum(g.count(s) for g in gone) for s in SEGMENTS]
    # Groups whose sizes are shown show their counts too, but in the segments they all hide.
    columns = (
        hidden_columns([own[n] for n in sorted(decided)], min_cell=min_cell)
        if safe and cells
        else None
    )
    gaps = set() if columns is None else columns[0] | columns[1]
    return GroupBreakdown(
        column=table_of.column,
        crossed=table_of.crossed,
        groups=tuple(g for n, g in enumerate(table_of.groups) if n not in decided),
        min_cell=min_cell,
        hidden=tuple(
            HiddenGroup(
                value=g.value,
                crossed=g.crossed,
                position=n,
                small=g.total < min_cell and n not in unmarked,
                size=g.total if safe else None,
                reason="small" if n in primary else "protects-others",
                cells=()
                if columns is None
                else [None if c in gaps else g.count(s) for c, s in enumerate(SEGMENTS)],
            )
            for n, g in ((n, table_of.groups[n]) for n in sorted(decided))
        ),
        hidden_counts=_counts(dict(zip(SEGMENTS, combined, strict=True))),
        hidden_segments=()
        if columns is None
        else [
            (s, "small" if c in columns[0] else "protects-others")
            for c, s in enumerate(SEGMENTS)
            if c in gaps
        ],
    )


def _disclosed(
    workforce: Workforce, table_of: GroupBreakdown, min_cell: int, *, cells: bool
) -> GroupBreakdown:
    """The review's breakdown, suppressed as every output by its columns is.

    ``cells``: whether hidden groups may show counts (false beside other breakdowns).
    """
    if table_of.crossed:
        names, inside, hidden = _decided(workforce, table_of.crossed, min_cell, {})
        at = {name: n for n, name in enumerate(names)}
        order = [at[g.crossed] for g in table_of.groups]  # the breakdown lists them alike
        return disclose(
            table_of,
            min_cell=min_cell,
            hidden=frozenset(n for n, i in enumerate(order) if names[i] in hidden),
            unmarked=frozenset(n for n, i in enumerate(order) if i in inside),
        )
    values = [g.value for g in table_of.groups]
    return disclose(
        table_of,
        min_cell=min_cell,
        tables=column_tables(workforce, values, table_of.column)[1:],
        cells=cells,
    )


def breakdown(
    workforce: Workforce, by: str | Sequence[str], *, min_cell: int | None = MIN_CELL
) -> GroupBreakdown:
    """Segment counts by one grouping column, or by the combinations of several (crossed).

    ``breakdown(workforce, "Division")`` is the breakdown :func:`review` makes for
    ``by="Division"``, suppressed the same way (``min_cell``; ``None`` keeps every group,
    for restricted internal use); ``breakdown(workforce, ["Division", "Classification"])``
    counts each division-and-classification pair that has people, in sorted order.
    """
    _require_workforce(workforce)
    if min_cell is not None:
        check_min_cell(min_cell)
    columns = (by,) if isinstance(by, str) else _column_names(by, "by")
    return _breakdown(workforce, columns, min_cell, cells=True)


def _breakdown(
    workforce: Workforce, columns: tuple[str, ...], min_cell: int | None, *, cells: bool
) -> GroupBreakdown:
    table_of = count_breakdown(workforce, columns)
    if min_cell is None:
        return table_of
    return _disclosed(workforce, table_of, min_cell, cells=cells)


def review(
    workforce: Workforce,
    *,
    by: Sequence[str | Sequence[str]] | str = (),
    min_cell: int | None = MIN_CELL,
) -> TalentReview:
    """The talent review of one cycle's workforce, broken down by each column in ``by``.

    An item of ``by`` that is itself a sequence of columns, such as
    ``("Division", "Classification")``, makes a crossed breakdown (see :func:`breakdown`).

    Breakdowns are suppressed (``min_cell``, default :data:`MIN_CELL`): groups with fewer
    people, or with 1 to ``min_cell - 1`` in a segment, are hidden, with others where
    needed so that none can be worked out, and keep no hidden count in the result;
    everything rendered from it shows no more. In a review with one breakdown, a hidden
    group whose headcount is shown keeps its counts outside the segments hidden groups
    all hide (:attr:`HiddenGroup.cells`); beside breakdowns by other columns, hidden
    groups show no counts, since one table's shown cells less another's could pin them.
    ``min_cell=None`` keeps every group's counts, for restricted internal use only:
    outputs made from such a review say so.
    """
    _require_workforce(workforce)
    if min_cell is not None:
        check_min_cell(min_cell)
    if isinstance(by, str):
        items: list[tuple[str, ...]] = [(by,)]
    elif isinstance(by, Sequence):
        items = [(c,) if isinstance(c, str) else _column_names(c, "by") for c in by]
    else:
        raise TypeError(f"by must be a column name or a sequence of them, got {_shown(by, 40)}")
    # Hidden groups show counts only where the review has one breakdown (by one column):
    # beside breakdowns by other columns, their shown cells could be set against each other
    # (a Band that lies inside a Division: the Division's counts less the Band's).
    cells = len(set(items)) == 1
    breakdowns = [_breakdown(workforce, columns, min_cell, cells=cells) for columns in items]
    return TalentReview(
        source=workforce.source,
        rows_read=workforce.rows_read,
        segments=_counts(workforce.segment_counts()),
        breakdowns=tuple(breakdowns),
        rejected=workforce.rejected,
        findings=workforce.findings,
        min_cell=min_cell if breakdowns else None,
    )
