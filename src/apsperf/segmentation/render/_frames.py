"""Data frames of workforces and reviews, for pandas (the ``pandas`` extra) and polars (``polars``).

:func:`to_pandas` and :func:`to_polars` turn a review, a breakdown (crossed or not), a
movement, a workforce or a sequence of rejected rows into a *long* table (one row per
segment, per group and segment, per pair of segments, per person or per row). Both build
the same columns with the same types; see :func:`to_pandas` for the tables.

pandas and polars are imported only when one of these functions is called; ``import
apsperf`` never imports either.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

from apsperf.errors import ValidationError, require
from apsperf.segmentation.analysis._movement import (
    Movement,
)
from apsperf.segmentation.analysis._review import (
    GroupBreakdown,
    SegmentCount,
    TalentReview,
)
from apsperf.segmentation.analysis._suppression import check_min_cell, suppress_groups
from apsperf.segmentation.model._levels import (
    Direction,
    Segment,
    direction_of,
)
from apsperf.segmentation.model._workforce import SEGMENTS, RejectedRow, Workforce
from apsperf.segmentation.render._report import (
    person_header,
    recorded_columns,
    recorded_fields,
)
from apsperf.segmentation.render._views import UNSUPPRESSED, _shown

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

__all__ = [
    "FrameSource",
    "review_from_dataframe",
    "to_pandas",
    "to_polars",
]

FrameSource: TypeAlias = (
    TalentReview | GroupBreakdown | Movement | Workforce | Sequence[RejectedRow]
)
"""What :func:`to_pandas` and :func:`to_polars` make a table of."""


def _pandas() -> Any:
    return require("pandas", extra="pandas", purpose="data frames")


def review_from_dataframe(frame: pd.DataFrame, *, source: str = "") -> TalentReview:
    """A review (without breakdowns) from a frame with ``segment`` and ``count`` columns.

    Reads back the long table of :func:`to_pandas` of a :class:`TalentReview`.
    """
    pd = _pandas()
    if not isinstance(frame, pd.DataFrame):
        raise ValidationError(
            f"expected a pandas DataFrame, got {type(frame).__name__}", path="frame"
        )
    for needed in ("segment", "count"):
        if needed not in frame.columns:
            raise ValidationError(f"the frame has no {needed!r} column", path=needed)
    counts: dict[Segment, int] = {}
    for row, (slug, count) in enumerate(zip(frame["segment"], frame["count"], strict=True)):
        segment = Segment.parse(slug, field=f"[{row}].segment")
        if segment in counts:
            raise ValidationError(f"{segment.value} appears twice", path=f"[{row}].segment")
        if isinstance(count, bool) or not float(count).is_integer() or count < 0:
            raise ValidationError(f"expected a count, got {count!r}", path=f"[{row}].count")
        counts[segment] = int(count)
    total = sum(counts.values())
    return TalentReview(
        source=source,
        rows_read=total,
        segments=tuple(SegmentCount(segment=s, count=counts.get(s, 0)) for s in Segment),
    )


# -- long tables ------------------------------------------------------------------------------

_SEGMENT_NAMES = tuple(s.value for s in SEGMENTS)
_DIRECTIONS = tuple(d.value for d in Direction)


class _Column(NamedTuple):
    """One column of a long table: its name, its kind and its values."""

    name: str
    kind: str
    """``text``, ``int``, ``count`` (nullable int), ``share`` (nullable float), ``float``,
    ``flag``, ``segment`` or ``direction``."""
    values: Sequence[Any]


def _segment_columns() -> list[_Column]:
    return [
        _Column("segment", "segment", _SEGMENT_NAMES),
        _Column("label", "text", [s.label for s in SEGMENTS]),
        _Column("performance", "text", [s.performance.value for s in SEGMENTS]),
        _Column("potential", "text", [s.potential.value for s in SEGMENTS]),
    ]


def _review_table(talent_review: TalentReview) -> list[_Column]:
    return [
        *_segment_columns(),
        _Column("count", "int", [talent_review.count(s) for s in SEGMENTS]),
        _Column("share", "float", [talent_review.share(s) for s in SEGMENTS]),
    ]


_RESERVED = ("group", "segment", "count", "share", "suppressed", "hidden")


def _counts_and_shares(
    rows: Sequence[Sequence[int]], min_cell: int | None
) -> tuple[list[int | None], list[float | None], list[bool] | None]:
    """Each cell's count and its share of its row, suppressed (``None``) where hidden."""
    counts: list[int | None] = []
    shares: list[float | None] = []
    if min_cell is None:
        for row in rows:
            total = sum(row)
            counts += row
            shares += [c / total if total else 0.0 for c in row]
        return counts, shares, None
    flags: list[bool] = []
    for row, shown in zip(rows, suppress_groups(rows, min_cell=min_cell), strict=True):
        hidden = shown.size is None
        total = sum(row)
        counts += shown.cells
        shares += [None if hidden else (c / total if total else 0.0) for c in row]
        flags += [hidden] * len(row)
    return counts, shares, flags


def _breakdown_table(breakdown: GroupBreakdown, min_cell: int | None) -> list[_Column]:
    """One row per group and segment; a hidden group's counts and shares are missing.

    A breakdown suppressed already (as :func:`review` makes them) keeps its own decision;
    another is suppressed here with ``min_cell``, or shown whole when that is ``None``.
    """
    names = breakdown.columns
    for name in names:
        if name in _RESERVED:
            raise ValidationError(
                f"grouping column {name!r} clashes with a result column", path="column"
            )
    groups, threshold = _shown(breakdown, min_cell)
    nine = len(SEGMENTS)
    counts: list[int | None] = []
    shares: list[float | None] = []
    for group in groups:
        whole = group.size or 0
        if group.counts is None:
            counts += [None] * nine
            shares += [None] * nine
        else:
            counts += group.counts
            shares += [None if c is None else c / whole if whole else 0.0 for c in group.counts]
    suppressed = threshold is not None
    columns = [
        *(
            _Column(name, "text", [g.values[i] for g in groups for _ in range(nine)])
            for i, name in enumerate(names)
        ),
        _Column("group", "text", [g.value for g in groups for _ in range(nine)]),
        _Column("segment", "segment", _SEGMENT_NAMES * len(groups)),
        _Column("count", "count" if suppressed else "int", counts),
        _Column("share", "share" if suppressed else "float", shares),
    ]
    if suppressed:
        columns.append(
            _Column(
                "suppressed",
                "flag",
                [g.counts is None or g.counts[n] is None for g in groups for n in range(nine)],
            )
        )
        # Why each count is hidden: the group's reason, or in a hidden group that shows
        # some counts, the reason of each segment it hides (none for those it shows).
        gaps = dict(getattr(breakdown, "hidden_segments", ()))
        columns.append(
            _Column(
                "hidden",
                "text",
                [
                    (g.reason or None)
                    if g.counts is None
                    else None
                    if g.counts[n] is not None
                    else gaps.get(segment)
                    for g in groups
                    for n, segment in enumerate(SEGMENTS)
                ],
            )
        )
    return columns


def _movement_table(moved: Movement, min_cell: int | None) -> list[_Column]:
    counts, shares, flags = _counts_and_shares([list(row) for row in moved.matrix], min_cell)
    pairs = [(a, b) for a in SEGMENTS for b in SEGMENTS]
    columns = [
        _Column("from_segment", "segment", [a.value for a, _ in pairs]),
        _Column("to_segment", "segment", [b.value for _, b in pairs]),
        _Column("direction", "direction", [direction_of(a, b).value for a, b in pairs]),
        _Column("count", "count" if flags is not None else "int", counts),
        _Column("share", "share" if flags is not None else "float", shares),
    ]
    if flags is not None:
        columns.append(_Column("suppressed", "flag", flags))
    return columns


def _rejected_table(rows: Sequence[RejectedRow]) -> list[_Column]:
    return [
        _Column("line", "int", [r.line for r in rows]),
        _Column("column", "text", [r.field or None for r in rows]),
        _Column("reason", "text", [r.reason for r in rows]),
        _Column("employee_id", "text", [r.employee_id or None for r in rows]),
    ]


def _workforce_table(workforce: Workforce) -> list[_Column]:
    codes = workforce.segment_codes()
    segments = [SEGMENTS[c] for c in codes]
    columns = [
        _Column("employee_id", "text", workforce.employee_ids),
        _Column("segment", "segment", [s.value for s in segments]),
        _Column("segment_label", "text", [s.label for s in segments]),
        _Column("performance", "text", [s.performance.value for s in segments]),
        _Column("potential", "text", [s.potential.value for s in segments]),
        _Column("line", "int", workforce.lines()),
    ]
    # As in every per-person export: the assessor and dates the file had, then the grouping
    # columns, which never replace a computed one.
    fields = recorded_fields(workforce)
    for field, values in zip(fields, recorded_columns(workforce), strict=True):
        columns.append(_Column(field, "text", values))
    header = person_header(workforce.group_names, fields)
    for name, shown in zip(workforce.group_names, header[len(columns) :], strict=True):
        columns.append(_Column(shown, "text", workforce.group_values(name)))
    return columns


def _table(value: object, min_cell: int | None) -> list[_Column]:
    if min_cell is not None:
        check_min_cell(min_cell)
    if isinstance(value, GroupBreakdown):
        return _breakdown_table(value, min_cell)
    if isinstance(value, Movement):
        return _movement_table(value, min_cell)
    if min_cell is not None:
        raise ValidationError(
            "applies to breakdowns and movement only: overall counts, people and rejected "
            "rows are never suppressed",
            path="min_cell",
        )
    if isinstance(value, TalentReview):
        return _review_table(value)
    if isinstance(value, Workforce):
        return _workforce_table(value)
    if isinstance(value, (list, tuple)) and all(isinstance(r, RejectedRow) for r in value):
        return _rejected_table(value)
    raise ValidationError(
        "expected a TalentReview, GroupBreakdown, Movement, Workforce or a sequence of "
        f"RejectedRow, got {type(value).__name__}",
        path="value",
    )


def _polars() -> Any:
    return require("polars", extra="polars", purpose="polars data frames")


def to_pandas(value: FrameSource, *, min_cell: int | None = None) -> pd.DataFrame:
    """A long pandas data frame of a review, breakdown, movement, workforce or rejected rows.

    The tables (the same in :func:`to_polars`):

    - a :class:`TalentReview`: one row per segment, in :class:`Segment` order: ``segment``,
      ``label``, ``performance``, ``potential``, ``count``, ``share`` (of everyone placed);
    - a :class:`GroupBreakdown` (``review.breakdown("Division")`` or a crossed one from
      :func:`breakdown`): one row per group and segment: a column named after each grouping
      column holding the group's value (two for Division × Classification), ``group`` (the
      values joined by ``" × "``), ``segment``, ``count`` and ``share`` (of the group);
    - a :class:`Movement`: one row per pair of segments (81): ``from_segment``,
      ``to_segment``, ``direction`` (up, down, across, stayed), ``count`` and ``share`` (of
      those in ``from_segment`` last cycle);
    - a :class:`Workforce`: one row per person placed: ``employee_id``, ``segment``,
      ``segment_label``, ``performance``, ``potential``, ``line``, then each grouping column;
    - a sequence of :class:`RejectedRow` (``review.rejected``): ``line``, ``column``,
      ``reason``, ``employee_id`` (an empty column or identifier is missing).

    Types: segments and directions are ordered categoricals (categories in
    :class:`Segment` order), text is ``string``, counts and lines ``int64``, shares
    ``float64``.

    Small cells: a breakdown from :func:`review` or :func:`breakdown` is suppressed
    already, and its frame shows exactly what its other outputs show: a hidden group's
    counts and shares are missing (``Int64`` and ``Float64`` columns), a ``suppressed``
    column (``bool``) says which rows are hidden and ``hidden`` why (``small`` or
    ``protects-others``). ``min_cell`` suppresses a breakdown made with ``min_cell=None``
    (and a movement) here; a breakdown made with ``min_cell=None`` and framed without one
    is shown whole, for restricted internal use, and the pandas frame says so in
    ``attrs["apsperf_suppression"]``.
    """
    columns = _table(value, min_cell)
    pd = _pandas()
    data: dict[str, Any] = {}
    for column in columns:
        data[column.name] = _pandas_column(pd, column)
    frame = pd.DataFrame(data)
    if _unsuppressed(value, min_cell):
        frame.attrs["apsperf_suppression"] = UNSUPPRESSED
    return frame


def _unsuppressed(value: object, min_cell: int | None) -> bool:
    """A breakdown shown whole: its frame says so (``attrs["apsperf_suppression"]``)."""
    return isinstance(value, GroupBreakdown) and value.min_cell is None and min_cell is None


def _pandas_column(pd: Any, column: _Column) -> Any:
    kinds: dict[str, Callable[[Sequence[Any]], Any]] = {
        "text": lambda v: pd.array(list(v), dtype=pd.StringDtype()),
        "int": lambda v: pd.array(list(v), dtype="int64"),
        "count": lambda v: pd.array(list(v), dtype="Int64"),
        "float": lambda v: pd.array(list(v), dtype="float64"),
        "share": lambda v: pd.array(list(v), dtype="Float64"),
        "flag": lambda v: pd.array(list(v), dtype="bool"),
        "segment": lambda v: pd.Categorical(v, categories=_SEGMENT_NAMES, ordered=True),
        "direction": lambda v: pd.Categorical(v, categories=_DIRECTIONS, ordered=True),
    }
    return kinds[column.kind](column.values)


def to_polars(value: FrameSource, *, min_cell: int | None = None) -> pl.DataFrame:
    """A long polars data frame: the same tables as :func:`to_pandas`, for polars users.

    Types: segments and directions are ``Enum`` (categories in :class:`Segment` order),
    text is ``String``, counts and lines ``Int64``, shares ``Float64``, ``suppressed``
    ``Boolean``; a suppressed count or share is null.
    """
    columns = _table(value, min_cell)
    polars = _polars()
    kinds = {
        "text": polars.String,
        "int": polars.Int64,
        "count": polars.Int64,
        "float": polars.Float64,
        "share": polars.Float64,
        "flag": polars.Boolean,
        "segment": polars.Enum(list(_SEGMENT_NAMES)),
        "direction": polars.Enum(list(_DIRECTIONS)),
    }
    frame: pl.DataFrame = polars.DataFrame(
        {c.name: polars.Series(c.name, list(c.values), dtype=kinds[c.kind]) for c in columns}
    )
    return frame
