"""What ``apsperf segment`` and ``apsperf review`` print with ``--format json``, as documents."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from apsperf import _validators as v
from apsperf._display import one_line, quoted
from apsperf._text import file_name
from apsperf.errors import ValidationError
from apsperf.segmentation.analysis._accounting import InputSummary, input_summaries
from apsperf.segmentation.analysis._movement import (
    Movement,
)
from apsperf.segmentation.analysis._review import (
    CalibrationCheck,
    TalentReview,
)
from apsperf.segmentation.model._exports import named_in_package
from apsperf.segmentation.model._levels import Level, Segment, segment_for

__all__ = ["ReviewCheck", "ReviewReport", "SegmentResult"]


@attrs.frozen(kw_only=True)
class SegmentResult:
    """The segment for one performance level and one potential level.

    ``segment`` is always the segment of the two levels and ``label`` its display name, as
    ``apsperf segment --format json`` prints them; :meth:`of` builds one from the two levels.
    """

    segment: Segment = attrs.field(validator=v.instance_of(Segment))
    label: str = attrs.field(validator=v.text)
    performance: Level = attrs.field(validator=v.instance_of(Level))
    potential: Level = attrs.field(validator=v.instance_of(Level))

    def __attrs_post_init__(self) -> None:
        expected = segment_for(self.performance, self.potential)
        if self.segment is not expected:
            raise ValidationError(
                f"must be {expected.value} for these performance and potential levels",
                path="segment",
            )
        if self.label != expected.label:
            raise ValidationError(f"must be {expected.label!r}", path="label")

    @classmethod
    def of(cls, performance: Level, potential: Level) -> SegmentResult:
        """The result for ``performance`` and ``potential``."""
        segment = segment_for(performance, potential)
        return cls(
            segment=segment, label=segment.label, performance=performance, potential=potential
        )


@attrs.frozen(kw_only=True)
class ReviewCheck:
    """One calibration check of a review report, with the heading it is reported under."""

    heading: str = attrs.field(validator=v.text)
    check: CalibrationCheck = attrs.field(validator=v.instance_of(CalibrationCheck))


def _checks(value: Iterable[ReviewCheck]) -> tuple[ReviewCheck, ...]:
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class ReviewReport:
    """A talent review with the movement and calibration checks reported beside it.

    This is what ``apsperf review --format json`` prints. ``review`` is the cycle's review;
    ``movement`` the movement from the previous cycle (``None`` when no previous cycle was
    given); ``checks`` the calibration checks run, in the order they are reported (the
    expected-shape check first, then one per breakdown).
    """

    review: TalentReview = attrs.field(validator=v.instance_of(TalentReview))
    movement: Movement | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Movement))
    )
    checks: tuple[ReviewCheck, ...] = attrs.field(
        default=(), converter=_checks, validator=v.items_of(ReviewCheck)
    )
    inputs: tuple[InputSummary, ...] = attrs.field(
        default=(), converter=input_summaries, validator=v.items_of(InputSummary)
    )
    """Each file read (the workforce, then the previous cycle): rows read, placed and not
    placed, the columns used, and findings such as a file of which no row was placed."""

    def __repr__(self) -> str:
        review = self.review
        source = f" of {quoted(file_name(review.source))}" if review.source else ""
        moved = "" if self.movement is None else ", movement from the previous cycle"
        return one_line(
            f"<ReviewReport{source}: {review.rows_read:,} rows read, {review.rows_placed:,} "
            f"placed{moved}, {len(self.checks):,} checks, {len(self.inputs):,} files read>"
        )


named_in_package(globals())  # its classes are apsperf.segmentation's (see _exports)
