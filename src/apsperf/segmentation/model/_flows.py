"""Movement between two cycles as counts: the part of a movement every report can show.

:class:`MovementCounts` is what a history reports for each pair of adjacent cycles, and what
:attr:`apsperf.segmentation.Movement.counts` gives for a review: a 9 x 9 matrix of people
placed in both cycles, joiners and leavers per segment, and those not placed in one cycle.
It names nobody: who moved is per-person data, kept by :class:`Movement` and the history's
per-person export.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from apsperf import _validators as v
from apsperf.errors import ValidationError
from apsperf.segmentation.model._exports import named_in_package
from apsperf.segmentation.model._levels import Direction, Segment, direction_of

__all__ = ["MovementCounts"]

_SEGMENTS = tuple(Segment)


def check_matrix(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate 9 rows of 9 non-negative counts."""
    if (
        not isinstance(value, tuple)
        or len(value) != 9
        or any(
            not isinstance(row, tuple)
            or len(row) != 9
            or any(isinstance(c, bool) or not isinstance(c, int) or c < 0 for c in row)
            for row in value
        )
    ):
        raise ValidationError("must be 9 rows of 9 non-negative counts", path=attribute.name)


def check_per_segment(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate 9 non-negative counts (one per segment) or an empty tuple."""
    if value == ():
        return
    if (
        not isinstance(value, tuple)
        or len(value) != 9
        or any(isinstance(c, bool) or not isinstance(c, int) or c < 0 for c in value)
    ):
        raise ValidationError(
            "must be 9 non-negative counts (one per segment) or empty", path=attribute.name
        )


def count_tuple(value: Iterable[int]) -> tuple[int, ...]:
    """A list or tuple of counts as a tuple (anything else is left for the validator)."""
    return tuple(value) if isinstance(value, (list, tuple)) else value  # type: ignore[return-value]


def matrix_tuple(value: Iterable[Iterable[int]]) -> tuple[tuple[int, ...], ...]:
    """A matrix given as lists as a tuple of tuples (anything else is left for the validator)."""
    if isinstance(value, (list, tuple)):
        return tuple(tuple(row) if isinstance(row, (list, tuple)) else row for row in value)
    return value  # type: ignore[return-value]  # not a sequence: the validator names it


_count = v.at_least(0, "must be a whole number, at least 0")


def arrivals(
    matrix: tuple[tuple[int, ...], ...],
    joined_into: tuple[int, ...],
    left_from: tuple[int, ...],
    segment: Segment,
) -> dict[str, int]:
    """How people came to be in ``segment`` (up, down, across, joined) and how many left it."""
    j = _SEGMENTS.index(segment)
    found = {"up": 0, "down": 0, "across": 0}
    for i, before in enumerate(_SEGMENTS):
        if i != j and matrix[i][j]:
            found[direction_of(before, segment).value] += matrix[i][j]
    found["joined"] = joined_into[j] if joined_into else 0
    found["left"] = left_from[j] if left_from else 0
    return found


@attrs.frozen(kw_only=True)
class MovementCounts:
    """How many people moved between two cycles, and how: counts only, naming nobody.

    ``matrix[i][j]`` counts people in segment ``i`` in the earlier cycle and ``j`` in the
    later one (segments in :class:`Segment` order) among those placed in both.
    ``joined_into`` and ``left_from`` count joiners and leavers per segment;
    ``not_placed_current`` people placed in the earlier cycle whose row in the later one
    was rejected (not leavers), ``not_placed_previous`` the other way round (not joiners).
    """

    matrix: tuple[tuple[int, ...], ...] = attrs.field(
        converter=matrix_tuple, validator=check_matrix
    )
    joined_into: tuple[int, ...] = attrs.field(converter=count_tuple, validator=check_per_segment)
    left_from: tuple[int, ...] = attrs.field(converter=count_tuple, validator=check_per_segment)
    not_placed_current: int = attrs.field(default=0, validator=_count)
    not_placed_previous: int = attrs.field(default=0, validator=_count)

    @property
    def common(self) -> int:
        """People placed in both cycles."""
        return sum(map(sum, self.matrix))

    @property
    def stayed(self) -> int:
        """People in the same segment in both cycles."""
        return sum(self.matrix[i][i] for i in range(9))

    @property
    def joined(self) -> int:
        """People placed in the later cycle and absent from the earlier cycle's file."""
        return sum(self.joined_into)

    @property
    def left(self) -> int:
        """People placed in the earlier cycle and absent from the later cycle's file."""
        return sum(self.left_from)

    def count(self, previous: Segment, current: Segment) -> int:
        """People who moved from ``previous`` to ``current`` (or stayed, if equal)."""
        return self.matrix[_SEGMENTS.index(previous)][_SEGMENTS.index(current)]

    def moved(self, direction: Direction) -> int:
        """How many people placed in both cycles moved ``direction`` (or stayed)."""
        return sum(
            self.matrix[i][j]
            for i, before in enumerate(_SEGMENTS)
            for j, after in enumerate(_SEGMENTS)
            if direction_of(before, after) is direction
        )

    def arrivals(self, segment: Segment) -> dict[str, int]:
        """How people came to be in ``segment`` (up, down, across, joined) and how many left."""
        return arrivals(self.matrix, self.joined_into, self.left_from, segment)


named_in_package(globals())  # its classes are apsperf.segmentation's (see _exports)
