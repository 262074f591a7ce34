"""pandas interop for workforces and reviews (the ``pandas`` extra).

pandas is imported only when one of these functions is called; ``import apsperf`` never
imports it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from apsperf.errors import ValidationError, require
from apsperf.segmentation._levels import Level, Segment
from apsperf.segmentation._placement import Banding
from apsperf.segmentation._reader import workforce_from_rows
from apsperf.segmentation._review import SegmentCount, TalentReview
from apsperf.segmentation._workforce import SEGMENTS, Columns, Workforce

if TYPE_CHECKING:
    import pandas as pd


def _pandas() -> Any:
    return require("pandas", extra="pandas", purpose="data frames")


def workforce_to_dataframe(workforce: Workforce) -> pd.DataFrame:
    """A data frame with one row per person placed.

    Columns: identifier, segment slug and label, levels, source line, then each grouping
    column.
    """
    pd = _pandas()
    codes = workforce.segment_codes()
    segments = [SEGMENTS[c] for c in codes]
    data: dict[str, Any] = {
        "employee_id": list(workforce.employee_ids),
        "segment": [s.value for s in segments],
        "segment_label": [s.label for s in segments],
        "performance": [s.performance.value for s in segments],
        "potential": [s.potential.value for s in segments],
        "line": list(workforce.lines()),
    }
    for name in workforce.group_names:
        if name in data:
            raise ValidationError(
                f"grouping column {name!r} clashes with a result column", path="groups"
            )
        data[name] = list(workforce.group_values(name))
    return pd.DataFrame(data)


def workforce_from_dataframe(
    frame: pd.DataFrame,
    *,
    columns: Columns | None = None,
    performance: Banding | None = None,
    potential: Banding | None = None,
    performance_labels: Mapping[str, Level | str] | None = None,
    potential_labels: Mapping[str, Level | str] | None = None,
    strict: bool = False,
) -> Workforce:
    """Place each row of a data frame, exactly as :func:`read_workforce` places a file's rows.

    Row numbers in rejections count from 2, as if the frame were a CSV file with a header.
    Missing values (NaN, None) are empty cells. Ratings, label maps and dates are read as
    :func:`read_workforce` reads them.
    """
    pd = _pandas()
    if not isinstance(frame, pd.DataFrame):
        raise ValidationError(
            f"expected a pandas DataFrame, got {type(frame).__name__}", path="frame"
        )
    header = [str(c) for c in frame.columns]
    cleaned = frame.astype(object).where(frame.notna(), None)
    return workforce_from_rows(
        cleaned.itertuples(index=False, name=None),
        header=header,
        columns=columns,
        performance=performance,
        potential=potential,
        performance_labels=performance_labels,
        potential_labels=potential_labels,
        strict=strict,
        source="DataFrame",
    )


def review_to_dataframe(talent_review: TalentReview) -> pd.DataFrame:
    """A data frame with one row per segment, in :class:`Segment` order.

    Columns: slug, label, levels, count and share, then one count column per group of each
    breakdown, named ``column=value``.
    """
    pd = _pandas()
    data: dict[str, Any] = {
        "segment": [s.value for s in Segment],
        "label": [s.label for s in Segment],
        "performance": [s.performance.value for s in Segment],
        "potential": [s.potential.value for s in Segment],
        "count": [talent_review.count(s) for s in Segment],
        "share": [talent_review.share(s) for s in Segment],
    }
    for breakdown in talent_review.breakdowns:
        for group in breakdown.groups:
            data[f"{breakdown.column}={group.value}"] = [group.count(s) for s in Segment]
    return pd.DataFrame(data)


def review_from_dataframe(frame: pd.DataFrame, *, source: str = "") -> TalentReview:
    """A review (without breakdowns) from a frame with ``segment`` and ``count`` columns."""
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
