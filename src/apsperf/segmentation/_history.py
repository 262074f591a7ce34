"""Talent history over any number of cycles: trajectories, cohort movement and patterns.

Identifiers are matched across cycles after normalisation (see
:func:`normalise_employee_id`). In a trajectory a person absent from a cycle's file is
``None`` there, and a person whose row was rejected is :data:`NOT_PLACED`: neither is a
move, and either breaks a run of consecutive cycles.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterable, Sequence
from typing import Any, Final

import attrs

from apsperf import _validators as v
from apsperf._html import (
    NOTEBOOK_NAME,
    NOTEBOOK_SHOWN,
    Cell,
    clip,
    escape,
    first_of,
    fragment,
    table,
)
from apsperf.errors import ValidationError
from apsperf.segmentation._accounting import InputSummary
from apsperf.segmentation._levels import Segment
from apsperf.segmentation._placement import normalise_employee_id
from apsperf.segmentation._review import Movement, movement
from apsperf.segmentation._views import movement_sentence
from apsperf.segmentation._workforce import Workforce

__all__ = ["NOT_PLACED", "History", "Pattern", "PatternMatch", "Trajectory", "history"]

NOT_PLACED: Final = "not-placed"
"""A trajectory's entry for a cycle in which the person's row was rejected."""

_STATES: Final = (*(s.value for s in Segment), NOT_PLACED)


class Pattern(enum.Enum):
    """A named pattern in a person's trajectory that a talent council acts on."""

    STRONGEST_CONCERN_AGAIN = "strongest-concern-consecutive"
    """Strongest Concern in two consecutive cycles."""
    FALL_FROM_TOP_TALENT = "fall-from-top-talent"
    """Top Talent, then a fall of two or more in level sum (performance plus potential)."""
    UNCERTAIN_THREE_CYCLES = "uncertain-three-cycles"
    """Uncertain in three consecutive cycles."""
    UP_EVERY_CYCLE = "up-every-cycle"
    """Placed in every cycle (at least two), with a higher level sum each cycle."""


def _states(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple):
        raise ValidationError("must be a tuple", path=attribute.name)
    for index, state in enumerate(value):
        if state is not None and state not in _STATES:
            raise ValidationError(
                f"must be a segment, {NOT_PLACED!r} or null, got {state!r:.40}",
                path=f"{attribute.name}[{index}]",
            )


def _state_tuple(value: Iterable[str | None]) -> tuple[str | None, ...]:
    return v.to_tuple(value)


def _level_sum(segment: Segment) -> int:
    return segment.performance.rank + segment.potential.rank


@attrs.frozen(kw_only=True)
class Trajectory:
    """One person's place on the Model in each cycle, in cycle order.

    Each entry is a segment's slug, :data:`NOT_PLACED` (the row was rejected) or ``None``
    (not in that cycle's file).
    """

    employee_id: str = attrs.field(validator=v.text)
    segments: tuple[str | None, ...] = attrs.field(
        converter=_state_tuple,
        validator=_states,
        metadata={"json_schema": {"items": {"enum": [*_STATES, None]}}},
    )

    def segment(self, cycle: int) -> Segment | None:
        """The segment in cycle number ``cycle`` (from 0), or ``None`` if not placed then."""
        state = self.segments[cycle]
        return None if state in (None, NOT_PLACED) else Segment(state)

    def matches(self, pattern: Pattern) -> bool:
        """True when this trajectory shows ``pattern``."""
        placed = [self.segment(i) for i in range(len(self.segments))]
        pairs = list(itertools.pairwise(placed))
        if pattern is Pattern.STRONGEST_CONCERN_AGAIN:
            return any(a is b is Segment.STRONGEST_CONCERN for a, b in pairs)
        if pattern is Pattern.FALL_FROM_TOP_TALENT:
            return any(
                a is Segment.TOP_TALENT and b is not None and _level_sum(a) - _level_sum(b) >= 2
                for a, b in pairs
            )
        if pattern is Pattern.UNCERTAIN_THREE_CYCLES:
            return any(
                placed[i] is placed[i + 1] is placed[i + 2] is Segment.UNCERTAIN
                for i in range(len(placed) - 2)
            )
        return len(placed) >= 2 and all(
            a is not None and b is not None and _level_sum(b) > _level_sum(a) for a, b in pairs
        )


@attrs.frozen(kw_only=True)
class PatternMatch:
    """Everyone whose trajectory shows one pattern, in trajectory order."""

    pattern: Pattern = attrs.field(validator=v.instance_of(Pattern))
    employee_ids: tuple[str, ...] = attrs.field(converter=v.texts, validator=v.text_tuple)

    def __repr__(self) -> str:
        return _pattern_repr(self)


def _trajectories(value: Iterable[Trajectory]) -> tuple[Trajectory, ...]:
    return v.to_tuple(value)


def _movements(value: Iterable[Movement]) -> tuple[Movement, ...]:
    return v.to_tuple(value)


def _matches(value: Iterable[PatternMatch]) -> tuple[PatternMatch, ...]:
    return v.to_tuple(value)


def _input_summaries(value: Iterable[InputSummary]) -> tuple[InputSummary, ...]:
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class History:
    """Placements over several cycles: what ``apsperf history --json`` prints.

    ``cycles`` labels the cycles in order; ``trajectories`` has one entry per person seen
    in any cycle (in order of first appearance, cycle by cycle), each with one entry per cycle;
    ``movements`` is the cohort movement between each adjacent pair of cycles (see
    :func:`movement`); ``patterns`` lists every :class:`Pattern` with who shows it.
    """

    cycles: tuple[str, ...] = attrs.field(converter=v.texts, validator=v.text_tuple)
    trajectories: tuple[Trajectory, ...] = attrs.field(
        converter=_trajectories, validator=v.items_of(Trajectory)
    )
    movements: tuple[Movement, ...] = attrs.field(
        converter=_movements, validator=v.items_of(Movement)
    )
    patterns: tuple[PatternMatch, ...] = attrs.field(
        converter=_matches, validator=v.items_of(PatternMatch)
    )
    inputs: tuple[InputSummary, ...] = attrs.field(
        default=(), converter=_input_summaries, validator=v.items_of(InputSummary)
    )
    """Each cycle's file as read (role: the cycle's label): rows read, placed and not
    placed, with why, and findings such as a file of which no row was placed."""

    def __attrs_post_init__(self) -> None:
        for index, trajectory in enumerate(self.trajectories):
            if len(trajectory.segments) != len(self.cycles):
                raise ValidationError(
                    f"must have one entry per cycle ({len(self.cycles)})",
                    path=f"trajectories[{index}].segments",
                )
        if len(self.movements) != max(0, len(self.cycles) - 1):
            raise ValidationError("must have one movement per adjacent pair", path="movements")

    def __repr__(self) -> str:
        return _history_repr(self)

    def _repr_html_(self) -> str:
        return _history_fragment(self)

    def trajectory(self, employee_id: str) -> Trajectory:
        """The trajectory of ``employee_id`` (matched after normalisation)."""
        wanted = normalise_employee_id(employee_id)
        for trajectory in self.trajectories:
            if trajectory.employee_id == wanted:
                return trajectory
        raise ValidationError(f"no one with id {employee_id!r:.40}", path="employee_id")

    def pattern(self, pattern: Pattern) -> tuple[str, ...]:
        """Who shows ``pattern``."""
        return next(m.employee_ids for m in self.patterns if m.pattern is pattern)


def history(cycles: Sequence[Workforce], *, labels: Sequence[str] | None = None) -> History:
    """The history of people over ``cycles`` (oldest first), labelled by ``labels``.

    Without labels the cycles are called "1", "2" and so on.
    """
    if isinstance(cycles, Workforce) or not isinstance(cycles, Sequence):
        raise TypeError("cycles must be a sequence of Workforce values, oldest first")
    for index, cycle in enumerate(cycles):
        if not isinstance(cycle, Workforce):
            raise ValidationError(
                f"expected Workforce, got {type(cycle).__name__}", path=f"cycles[{index}]"
            )
    names = tuple(labels) if labels is not None else tuple(str(i + 1) for i in range(len(cycles)))
    if len(names) != len(cycles):
        raise ValidationError(f"{len(names)} labels for {len(cycles)} cycles", path="labels")
    states: dict[str, list[str | None]] = {}
    values = [segment.value for segment in Segment]
    for index, cycle in enumerate(cycles):
        for rejected in cycle.rejected:
            employee_id = normalise_employee_id(rejected.employee_id)
            if employee_id:
                states.setdefault(employee_id, [None] * len(cycles))[index] = NOT_PLACED
        for employee_id, code in zip(cycle.employee_ids, cycle.segment_codes(), strict=True):
            states.setdefault(employee_id, [None] * len(cycles))[index] = values[code]
    # People share trajectories (nine segments, a few cycles): each distinct one is built
    # and matched against the patterns once.
    shared: dict[tuple[str | None, ...], Trajectory] = {}
    shown: dict[tuple[str | None, ...], tuple[Pattern, ...]] = {}
    trajectories = []
    matched: dict[Pattern, list[str]] = {p: [] for p in Pattern}
    for employee_id, entries in states.items():
        key = tuple(entries)
        template = shared.get(key)
        if template is None:
            template = shared[key] = Trajectory(employee_id=employee_id, segments=key)
            shown[key] = tuple(p for p in Pattern if template.matches(p))
            trajectory = template
        else:
            trajectory = attrs.evolve(template, employee_id=employee_id)
        trajectories.append(trajectory)
        for pattern in shown[key]:
            matched[pattern].append(employee_id)
    return History(
        cycles=names,
        trajectories=trajectories,
        movements=tuple(movement(a, b) for a, b in itertools.pairwise(cycles)),
        patterns=tuple(PatternMatch(pattern=p, employee_ids=matched[p]) for p in Pattern),
        inputs=tuple(InputSummary.of(c, name) for c, name in zip(cycles, names, strict=True)),
    )


# -- notebook displays: a summary of bounded size, everything from input escaped --


def _pattern_repr(match: PatternMatch) -> str:
    """A one-line ``repr()`` of everyone showing one pattern."""
    return f"<PatternMatch {match.pattern.value}: {len(match.employee_ids):,} people>"


def _history_repr(result: History) -> str:
    """A one-line ``repr()`` of a history over cycles."""
    cycles = len(result.cycles)
    shown = ", ".join(repr(clip(c, 12)) for c in result.cycles[:4])
    more = ", …" if cycles > 4 else ""
    patterns = sum(1 for m in result.patterns if m.employee_ids)
    return (
        f"<History over {cycles:,} cycles ({shown}{more}): "
        f"{len(result.trajectories):,} people, {patterns:,} patterns shown>"
    )


def _history_fragment(result: History) -> str:
    """A history for a notebook: each cycle's counts, movement between cycles, patterns."""
    cycles = result.cycles[:NOTEBOOK_SHOWN]
    rows: list[list[Cell]] = []
    for index, cycle in enumerate(cycles):
        placed = not_placed = absent = 0
        for trajectory in result.trajectories:
            state = trajectory.segments[index]
            if state is None:
                absent += 1
            elif state == NOT_PLACED:
                not_placed += 1
            else:
                placed += 1
        rows.append([clip(cycle, NOTEBOOK_NAME), placed, not_placed, absent])
    parts = [
        f"<p><strong>Talent history</strong> over {len(result.cycles):,} cycles: "
        f"{len(result.trajectories):,} people seen in any cycle.</p>",
        table(
            ["Cycle", "Placed", "Not placed", "Not in the file"],
            rows,
            caption="People in each cycle",
        )
        + first_of(len(cycles), len(result.cycles), "cycles"),
    ]
    pairs = list(zip(result.cycles, result.cycles[1:], result.movements, strict=False))
    if pairs:
        items = "".join(
            f"<li>{escape(clip(old, NOTEBOOK_NAME))} to {escape(clip(new, NOTEBOOK_NAME))}: "
            f"{escape(movement_sentence(moved))}</li>"
            for old, new, moved in pairs[:NOTEBOOK_SHOWN]
        )
        parts.append(f"<p>Movement between cycles:</p><ul>{items}</ul>")
    parts.append(
        table(
            ["Pattern", "People"],
            ([m.pattern.value, len(m.employee_ids)] for m in result.patterns),
            caption="People showing each pattern",
        )
    )
    return fragment("".join(parts))
