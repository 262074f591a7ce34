"""Movement between two cycles: who stayed, moved up, down or across, joined or left."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from apsperf import _validators as v
from apsperf._display import display_html, one_line
from apsperf.errors import ValidationError
from apsperf.segmentation.model._exports import named_in_package
from apsperf.segmentation.model._flows import (
    MovementCounts,
    arrivals,
    check_matrix,
    check_per_segment,
    count_tuple,
    matrix_tuple,
)
from apsperf.segmentation.model._levels import Direction, Segment, direction_of
from apsperf.segmentation.model._workforce import SEGMENTS, Workforce

__all__ = ["Movement", "Transition", "movement"]


def _transitions(value: Iterable[Transition]) -> tuple[Transition, ...]:
    """Converter: a sequence of :class:`Transition` becomes a tuple."""
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class Transition:
    """One person who changed segment between two cycles."""

    employee_id: str = attrs.field(validator=v.text)
    previous: Segment = attrs.field(validator=v.instance_of(Segment))
    current: Segment = attrs.field(validator=v.instance_of(Segment))

    @property
    def direction(self) -> Direction:
        """Up, down or across the grid."""
        return direction_of(self.previous, self.current)


@attrs.frozen(kw_only=True)
class Movement:
    """How people moved between two cycles.

    ``matrix[i][j]`` counts people in segment ``i`` last cycle and ``j`` this cycle (segments
    in :class:`Segment` order) among those placed in both cycles; its rows sum to that common
    population's previous distribution and its columns to the current one.
    """

    matrix: tuple[tuple[int, ...], ...] = attrs.field(
        converter=matrix_tuple, validator=check_matrix
    )
    joiners: tuple[str, ...] = attrs.field(converter=v.texts, validator=v.text_tuple)
    """Placed this cycle and absent from last cycle's file."""
    leavers: tuple[str, ...] = attrs.field(converter=v.texts, validator=v.text_tuple)
    """Placed last cycle and absent from this cycle's file."""
    transitions: tuple[Transition, ...] = attrs.field(
        converter=_transitions, validator=v.items_of(Transition)
    )
    """Everyone in both cycles whose segment changed, in the current file's order."""
    not_placed_current: tuple[str, ...] = attrs.field(
        default=(), converter=v.texts, validator=v.text_tuple
    )
    """Placed last cycle, but this cycle's row was rejected: not placed this cycle, not leavers."""
    not_placed_previous: tuple[str, ...] = attrs.field(
        default=(), converter=v.texts, validator=v.text_tuple
    )
    """Placed this cycle, but last cycle's row was rejected: not placed then, not joiners."""
    joined_into: tuple[int, ...] = attrs.field(
        default=(), converter=count_tuple, validator=check_per_segment
    )
    """How many joiners each segment received (segments in :class:`Segment` order; empty
    when not recorded). Its sum is the number of joiners."""
    left_from: tuple[int, ...] = attrs.field(
        default=(), converter=count_tuple, validator=check_per_segment
    )
    """How many leavers each segment lost (as ``joined_into``). Its sum is the number of
    leavers."""

    def __attrs_post_init__(self) -> None:
        for name, counts, people in (
            ("joined_into", self.joined_into, self.joiners),
            ("left_from", self.left_from, self.leavers),
        ):
            if counts and sum(counts) != len(people):
                raise ValidationError(
                    f"counts {sum(counts):,} people, but there are {len(people):,}", path=name
                )

    def arrivals(self, segment: Segment) -> dict[str, int]:
        """How people came to be in ``segment`` this cycle, and how many left it.

        ``up``, ``down`` and ``across``: moved into it that way from another segment;
        ``joined``: joiners placed in it; ``left``: leavers who were in it last cycle
        (``joined`` and ``left`` are 0 when not recorded).
        """
        return arrivals(self.matrix, self.joined_into, self.left_from, segment)

    @property
    def counts(self) -> MovementCounts:
        """The movement as counts only (as a history reports it), naming nobody."""
        return MovementCounts(
            matrix=self.matrix,
            joined_into=self.joined_into,
            left_from=self.left_from,
            not_placed_current=len(self.not_placed_current),
            not_placed_previous=len(self.not_placed_previous),
        )

    @property
    def common(self) -> int:
        """People placed in both cycles."""
        return sum(map(sum, self.matrix))

    def count(self, previous: Segment, current: Segment) -> int:
        """People who moved from ``previous`` to ``current`` (or stayed, if equal)."""
        return self.matrix[SEGMENTS.index(previous)][SEGMENTS.index(current)]

    def moved(self, direction: Direction) -> tuple[Transition, ...]:
        """The transitions that went ``direction``."""
        return tuple(t for t in self.transitions if t.direction is direction)

    @property
    def stayed(self) -> int:
        """People in the same segment in both cycles."""
        return sum(self.matrix[i][i] for i in range(9))

    def __repr__(self) -> str:
        return one_line(
            f"<Movement: {self.common:,} placed in both cycles, {self.stayed:,} stayed, "
            f"{len(self.transitions):,} moved; {len(self.joiners):,} joined, "
            f"{len(self.leavers):,} left>"
        )

    def _repr_html_(self) -> str:
        return display_html(self)


def movement(previous: Workforce, current: Workforce) -> Movement:
    """The movement from the ``previous`` cycle's workforce to the ``current`` one's.

    A person whose row was rejected in one cycle is neither a joiner nor a leaver: they are
    reported in :attr:`Movement.not_placed_current` or :attr:`Movement.not_placed_previous`.
    """
    for name, value in (("previous", previous), ("current", current)):
        if not isinstance(value, Workforce):
            raise ValidationError(f"expected Workforce, got {type(value).__name__}", path=name)
    before = dict(zip(previous.employee_ids, previous.segment_codes(), strict=True))
    matrix = [[0] * 9 for _ in range(9)]
    joined_into, left_from = [0] * 9, [0] * 9
    joiners: list[str] = []
    transitions: list[Transition] = []
    now_ids = current.employee_ids
    rejected_before = {r.employee_id for r in previous.rejected if r.employee_id}
    not_placed_previous: list[str] = []
    for employee_id, code in zip(now_ids, current.segment_codes(), strict=True):
        old = before.get(employee_id)
        if old is None:
            unplaced = employee_id in rejected_before
            (not_placed_previous if unplaced else joiners).append(employee_id)
            if not unplaced:
                joined_into[code] += 1
            continue
        matrix[old][code] += 1
        if old != code:
            transitions.append(
                Transition(employee_id=employee_id, previous=SEGMENTS[old], current=SEGMENTS[code])
            )
    still = set(now_ids)
    rejected_now = {r.employee_id for r in current.rejected if r.employee_id}
    gone = [i for i in previous.employee_ids if i not in still]
    leavers = tuple(i for i in gone if i not in rejected_now)
    for employee_id in leavers:
        left_from[before[employee_id]] += 1
    return Movement(
        matrix=tuple(tuple(row) for row in matrix),
        joiners=tuple(joiners),
        leavers=leavers,
        transitions=tuple(transitions),
        not_placed_current=tuple(i for i in gone if i in rejected_now),
        not_placed_previous=tuple(not_placed_previous),
        joined_into=tuple(joined_into),
        left_from=tuple(left_from),
    )


named_in_package(globals())  # its classes are apsperf.segmentation's (see _exports)
