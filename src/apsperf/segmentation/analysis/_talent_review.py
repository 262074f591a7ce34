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

from collections.abc import Sequence

from apsperf.errors import _shown
from apsperf.segmentation.analysis._fairness import timing_rows
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
    hidden_groups,
    sizes_can_show,
    small_groups,
)
from apsperf.segmentation.model._levels import Segment
from apsperf.segmentation.model._workforce import SEGMENTS, Workforce

__all__ = ["breakdown", "column_tables", "disclose", "review"]


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


def disclose(
    table_of: GroupBreakdown,
    *,
    min_cell: int = MIN_CELL,
    tables: Sequence[Sequence[Sequence[int]]] = (),
) -> GroupBreakdown:
    """``table_of`` with its small cells suppressed: hidden groups keep no counts.

    ``tables`` are the other tables the same output shows about the column (rows in the
    breakdown's group order); a group hidden in one is hidden in all. A hidden group's
    headcount is kept where that is safe (:func:`sizes_can_show`). A breakdown already
    suppressed is returned as it is.
    """
    check_min_cell(min_cell)
    if table_of.min_cell is not None:
        return table_of
    own = [[g.count(s) for s in Segment] for g in table_of.groups]
    every = [own, *(list(map(list, t)) for t in tables)]
    primary = small_groups(every, min_cell=min_cell)
    hidden = hidden_groups(every, min_cell=min_cell)
    if not hidden:
        return GroupBreakdown(
            column=table_of.column,
            crossed=table_of.crossed,
            groups=table_of.groups,
            min_cell=min_cell,
        )
    safe = sizes_can_show(every, hidden, min_cell=min_cell)
    gone = [table_of.groups[n] for n in sorted(hidden)]
    combined = [sum(g.count(s) for g in gone) for s in SEGMENTS]
    return GroupBreakdown(
        column=table_of.column,
        crossed=table_of.crossed,
        groups=tuple(g for n, g in enumerate(table_of.groups) if n not in hidden),
        min_cell=min_cell,
        hidden=tuple(
            HiddenGroup(
                value=g.value,
                crossed=g.crossed,
                position=n,
                small=g.total < min_cell,
                size=g.total if safe else None,
                reason="small" if n in primary else "protects-others",
            )
            for n, g in ((n, table_of.groups[n]) for n in sorted(hidden))
        ),
        hidden_counts=_counts(dict(zip(SEGMENTS, combined, strict=True))),
    )


def _disclosed(workforce: Workforce, table_of: GroupBreakdown, min_cell: int) -> GroupBreakdown:
    """The review's breakdown, suppressed with the column's own tables beside it."""
    if table_of.crossed:
        return disclose(table_of, min_cell=min_cell)
    values = [g.value for g in table_of.groups]
    return disclose(
        table_of, min_cell=min_cell, tables=column_tables(workforce, values, table_of.column)[1:]
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
    table_of = count_breakdown(workforce, columns)
    return table_of if min_cell is None else _disclosed(workforce, table_of, min_cell)


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
    needed so that none can be worked out, and keep no counts in the result; everything
    rendered from it shows no more. ``min_cell=None`` keeps every group's counts, for
    restricted internal use only: outputs made from such a review say so.
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
    breakdowns = [breakdown(workforce, columns, min_cell=min_cell) for columns in items]
    return TalentReview(
        source=workforce.source,
        rows_read=workforce.rows_read,
        segments=_counts(workforce.segment_counts()),
        breakdowns=tuple(breakdowns),
        rejected=workforce.rejected,
        findings=workforce.findings,
        min_cell=min_cell if breakdowns else None,
    )
