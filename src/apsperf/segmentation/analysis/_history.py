"""Talent history over any number of cycles: trajectories, cohort movement and patterns.

Beside the counts, a history carries statistics over cycles (:mod:`._trends`): movement on
each axis with its symmetry tests and rates, how many people would show each pattern by
chance alone, and, by a grouping column, the talent-pool share per group with a trend test.

Identifiers are matched across cycles after normalisation (see
:func:`normalise_employee_id`). In a trajectory a person absent from a cycle's file is
``None`` there, and a person whose row was rejected is :data:`NOT_PLACED`: neither is a
move, and either breaks a run of consecutive cycles.
"""

from __future__ import annotations

import enum
import functools
import itertools
import operator
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import compress, repeat
from typing import Any, Final, TextIO, cast

import attrs

from apsperf import _validators as v
from apsperf._csvsafe import write_rows
from apsperf._display import display_html, one_line, quoted
from apsperf.errors import ValidationError, _shown
from apsperf.segmentation.analysis._accounting import InputSummary, input_summaries
from apsperf.segmentation.analysis._fairness import TALENT_POOL
from apsperf.segmentation.analysis._suppression import MIN_CELL
from apsperf.segmentation.analysis._talent_review import breakdown
from apsperf.segmentation.analysis._trends import (
    AXES,
    AxisMovement,
    PoolTrend,
    Step,
    TransitionRates,
    axis_movement,
    expected_counts,
    pool_trend,
    transition_rates,
)
from apsperf.segmentation.model._exports import named_in_package
from apsperf.segmentation.model._flows import MovementCounts
from apsperf.segmentation.model._levels import Segment
from apsperf.segmentation.model._placement import normalise_employee_id
from apsperf.segmentation.model._workforce import Workforce

__all__ = [
    "NOT_PLACED",
    "History",
    "Pattern",
    "PatternMatch",
    "Trajectory",
    "history",
    "person_header",
    "person_rows",
    "write_trajectories_csv",
]

NOT_PLACED: Final = "not-placed"
"""A trajectory's entry for a cycle in which the person's row was rejected."""

_STATES: Final = (*(s.value for s in Segment), NOT_PLACED)


class Pattern(enum.Enum):
    """A named pattern in a person's trajectory that a talent council acts on.

    The values are stable slugs (documents use them); :attr:`label` is the plain name and
    :attr:`definition` the one-sentence definition reports show. The patterns are
    apsperf's own prompts for a council, not taken from a source document.
    """

    STRONGEST_CONCERN_AGAIN = "strongest-concern-consecutive"
    """Strongest Concern in two consecutive cycles."""
    FALL_FROM_TOP_TALENT = "fall-from-top-talent"
    """Top Talent, then a fall of two or more in level sum (performance plus potential)."""
    UNCERTAIN_THREE_CYCLES = "uncertain-three-cycles"
    """Uncertain in three consecutive cycles."""
    UP_EVERY_CYCLE = "up-every-cycle"
    """Placed in every cycle (at least three), with a higher level sum each cycle."""

    @property
    def label(self) -> str:
        """The pattern's plain name, for example ``"Strongest Concern twice running"``."""
        return _PATTERN_TEXT[self][0]

    @property
    def definition(self) -> str:
        """The pattern in one sentence, as reports define it."""
        return _PATTERN_TEXT[self][1]


_PATTERN_TEXT: Final = {
    Pattern.STRONGEST_CONCERN_AGAIN: (
        "Strongest Concern twice running",
        "Placed in Strongest Concern in two consecutive cycles.",
    ),
    Pattern.FALL_FROM_TOP_TALENT: (
        "Fall from Top Talent",
        "Top Talent in one cycle and, in the next, two or more levels lower in performance "
        "and potential added together (for example Well Placed or lower).",
    ),
    Pattern.UNCERTAIN_THREE_CYCLES: (
        "Uncertain three cycles running",
        "Placed in Uncertain in three consecutive cycles.",
    ),
    Pattern.UP_EVERY_CYCLE: (
        "Up every cycle",
        "Placed in every cycle, at least three, and higher in performance and potential "
        "added together each cycle than the cycle before.",
    ),
}


def _states(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple):
        raise ValidationError("must be a tuple", path=attribute.name)
    for index, state in enumerate(value):
        if state is not None and state not in _STATES:
            raise ValidationError(
                f"must be a segment, {NOT_PLACED!r} or null, got {_shown(state, 40)}",
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
        return pattern in _patterns_of(bytes(_CODE_OF[state] for state in self.segments))


_CODE_OF: Final[dict[str | None, int]] = {
    **{state: code for code, state in enumerate(_STATES)},
    None: len(_STATES),
}
"""Each state's code: segments 0 to 8 (in :class:`Segment` order), not placed, absent."""
_SUM: Final = tuple(_level_sum(s) for s in Segment)
_TOP, _CONCERN, _UNCERTAIN = (
    tuple(Segment).index(s)
    for s in (Segment.TOP_TALENT, Segment.STRONGEST_CONCERN, Segment.UNCERTAIN)
)


@functools.lru_cache(maxsize=1 << 16)
def _patterns_of(codes: bytes) -> tuple[Pattern, ...]:
    """The patterns a trajectory of state codes shows (the one definition of each pattern)."""
    placed = [c if c < len(_SUM) else None for c in codes]
    pairs = list(itertools.pairwise(placed))
    shown = []
    if any(a == b == _CONCERN for a, b in pairs):
        shown.append(Pattern.STRONGEST_CONCERN_AGAIN)
    if any(a == _TOP and b is not None and _SUM[a] - _SUM[b] >= 2 for a, b in pairs):
        shown.append(Pattern.FALL_FROM_TOP_TALENT)
    if any(
        a == b == c == _UNCERTAIN for a, b, c in zip(placed, placed[1:], placed[2:], strict=False)
    ):
        shown.append(Pattern.UNCERTAIN_THREE_CYCLES)
    if len(placed) >= 3 and all(
        a is not None and b is not None and _SUM[b] > _SUM[a] for a, b in pairs
    ):
        shown.append(Pattern.UP_EVERY_CYCLE)
    return tuple(shown)


def _never(_state: int) -> bool:
    return False


def _is_placed(state: int) -> bool:
    return state < len(_SUM)


_PLACED: Final = len(_SUM)
_CHAIN: Final[dict[Pattern, tuple[Callable[[int], bool], Step]]] = {
    Pattern.STRONGEST_CONCERN_AGAIN: (
        _never,
        lambda _b, a, found, n: found or a == n == _CONCERN,
    ),
    Pattern.FALL_FROM_TOP_TALENT: (
        _never,
        lambda _b, a, found, n: found or (a == _TOP and n < _PLACED and _SUM[a] - _SUM[n] >= 2),
    ),
    Pattern.UNCERTAIN_THREE_CYCLES: (
        _never,
        lambda b, a, found, n: found or b == a == n == _UNCERTAIN,
    ),
    Pattern.UP_EVERY_CYCLE: (
        _is_placed,
        lambda _b, a, found, n: found and a < _PLACED and n < _PLACED and _SUM[n] > _SUM[a],
    ),
}
"""Each pattern as :func:`_patterns_of` defines it, one cycle at a time (for chance alone):
whether the first state starts it, and how a next state carries it on. ``Up every cycle``
needs three cycles besides; the tests hold the two definitions to one another."""


def _optional_number(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0
    ):
        raise ValidationError("must be a number, at least 0, or null", path=attribute.name)


def _as_float(value: Any) -> Any:
    """Converter: a whole number becomes a float (so JSON reads back the same value)."""
    return float(value) if type(value) is int else value


@attrs.frozen(kw_only=True)
class PatternMatch:
    """Everyone whose trajectory shows one pattern, in trajectory order."""

    pattern: Pattern = attrs.field(validator=v.instance_of(Pattern))
    employee_ids: tuple[str, ...] = attrs.field(converter=v.texts, validator=v.text_tuple)
    expected: float | None = attrs.field(
        default=None, converter=_as_float, validator=_optional_number
    )
    """How many people would show the pattern by chance alone: the cohort's size times the
    chance of the pattern under a first-order Markov chain with the cohort's own transition
    rates between each pair of consecutive cycles (each person's next state depends only
    on their state now). ``None`` for a history read from an older document."""

    def __repr__(self) -> str:
        return _pattern_repr(self)


def _movements(value: Iterable[MovementCounts]) -> tuple[MovementCounts, ...]:
    return v.to_tuple(value)


def _matches(value: Iterable[PatternMatch]) -> tuple[PatternMatch, ...]:
    return v.to_tuple(value)


def _transition_rates(value: Iterable[TransitionRates]) -> tuple[TransitionRates, ...]:
    return v.to_tuple(value)


def _axes(value: Iterable[AxisMovement]) -> tuple[AxisMovement, ...]:
    return v.to_tuple(value)


def _counts(value: Iterable[int]) -> tuple[int, ...]:
    return v.to_tuple(value)


_non_negative = v.at_least(0, "must be a whole number, at least 0")


def _count_items(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    for index, count in enumerate(value):
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValidationError(
                "must be a whole number, at least 0", path=f"{attribute.name}[{index}]"
            )


_ABSENT: Final = len(_STATES)
"""A person's state code in a cycle whose file does not have them (segments are 0 to 8,
:data:`NOT_PLACED` is 9)."""
_STATE_OF: Final = (*_STATES, None)


class _Table:
    """Every person's state in every cycle, as one byte per person per cycle."""

    __slots__ = ("columns", "ids", "index", "latest", "states")

    def __init__(
        self,
        ids: list[str],
        states: list[bytearray],
        latest: Workforce | None = None,
        columns: tuple[str, ...] = (),
    ) -> None:
        self.ids = ids
        self.states = states
        self.index: dict[str, int] | None = None
        self.latest = latest
        self.columns = columns

    def trajectory(self, person: int) -> Trajectory:
        return Trajectory(
            employee_id=self.ids[person],
            segments=tuple(_STATE_OF[column[person]] for column in self.states),
        )


@attrs.frozen(kw_only=True)
class History:
    """Placements over several cycles: what ``apsperf history --format json`` prints.

    ``cycles`` labels the cycles in order; ``people`` counts everyone seen in any cycle;
    ``placed`` and ``not_placed`` count, per cycle, the people placed and the people whose
    row was rejected (everyone else seen was not in that cycle's file); ``movements`` is the
    movement between each adjacent pair of cycles, as counts; ``patterns`` lists every
    :class:`Pattern` with who shows it; ``inputs`` accounts for every row of each cycle's
    file.

    The document names nobody but the people in a pattern. Each person's trajectory is
    per-person data: :attr:`trajectories`, :meth:`trajectory` and :meth:`rows` give it for
    a history made by :func:`history` (``apsperf history --csv FILE`` writes it); a history
    read back from a document holds none.
    """

    cycles: tuple[str, ...] = attrs.field(converter=v.texts, validator=v.text_tuple)
    people: int = attrs.field(validator=_non_negative)
    placed: tuple[int, ...] = attrs.field(converter=_counts, validator=_count_items)
    not_placed: tuple[int, ...] = attrs.field(converter=_counts, validator=_count_items)
    movements: tuple[MovementCounts, ...] = attrs.field(
        converter=_movements, validator=v.items_of(MovementCounts)
    )
    patterns: tuple[PatternMatch, ...] = attrs.field(
        converter=_matches, validator=v.items_of(PatternMatch)
    )
    inputs: tuple[InputSummary, ...] = attrs.field(
        default=(), converter=input_summaries, validator=v.items_of(InputSummary)
    )
    """Each cycle's file as read (role: the cycle's label): rows read, placed and not
    placed, with why, and findings such as a file of which no row was placed."""
    axes: tuple[AxisMovement, ...] = attrs.field(
        default=(), converter=_axes, validator=v.items_of(AxisMovement)
    )
    """Movement on each axis (performance, then potential) between each pair of
    consecutive cycles: its table, rates with intervals and symmetry tests."""
    pool_trend: PoolTrend | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(PoolTrend))
    )
    """The talent-pool share per group of the grouping column named by ``by`` in each
    cycle, with a trend test, under small-cell disclosure control; ``None`` without ``by``."""
    transitions: tuple[TransitionRates, ...] = attrs.field(
        default=(), converter=_transition_rates, validator=v.items_of(TransitionRates)
    )
    """Between each pair of consecutive cycles, of the people in each segment in the
    earlier cycle, the share in each segment in the later one, with 95% intervals (empty
    in a document written before they were recorded)."""
    _table: _Table | None = attrs.field(init=False, default=None, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        for name in ("placed", "not_placed"):
            counts = getattr(self, name)
            if len(counts) != len(self.cycles):
                raise ValidationError(
                    f"must have one count per cycle ({len(self.cycles)})", path=name
                )
            if any(count > self.people for count in counts):
                raise ValidationError("counts more than the people seen", path=name)
        if len(self.movements) != max(0, len(self.cycles) - 1):
            raise ValidationError("must have one movement per adjacent pair", path="movements")

    def __repr__(self) -> str:
        return _history_repr(self)

    def _repr_html_(self) -> str:
        return display_html(self)

    @property
    def absent(self) -> tuple[int, ...]:
        """Per cycle, the people seen in some cycle who were not in this cycle's file."""
        return tuple(
            self.people - placed - rejected
            for placed, rejected in zip(self.placed, self.not_placed, strict=True)
        )

    @property
    def holds_people(self) -> bool:
        """True when the history holds each person's trajectory (made by :func:`history`)."""
        return self._table is not None

    @property
    def trajectories(self) -> tuple[Trajectory, ...]:
        """Everyone's trajectory, in order of first appearance.

        Empty for a history read from a document, which holds no per-person data.
        """
        table = self._table
        if table is None:
            return ()
        return tuple(table.trajectory(person) for person in range(len(table.ids)))

    def rows(self) -> Iterator[tuple[str, tuple[str | None, ...]]]:
        """Each person's identifier and state per cycle (as :class:`Trajectory` has them)."""
        table = self._table
        if table is None:
            return
        for person, employee_id in enumerate(table.ids):
            yield employee_id, tuple(_STATE_OF[column[person]] for column in table.states)

    def trajectory(self, employee_id: str) -> Trajectory:
        """The trajectory of ``employee_id`` (matched after normalisation)."""
        table = self._table
        if table is None:
            raise ValidationError(
                "this history holds no per-person data (it was read from a document)",
                path="employee_id",
            )
        if table.index is None:
            table.index = {i: n for n, i in enumerate(table.ids)}
        person = table.index.get(normalise_employee_id(employee_id))
        if person is None:
            raise ValidationError(f"no one with id {_shown(employee_id, 40)}", path="employee_id")
        return table.trajectory(person)

    def pattern(self, pattern: Pattern) -> tuple[str, ...]:
        """Who shows ``pattern``."""
        return next(m.employee_ids for m in self.patterns if m.pattern is pattern)

    @property
    def detail_columns(self) -> tuple[str, ...]:
        """The latest cycle's other columns that per-person views carry (name, division...).

        Every grouping column the latest cycle's file was read with, in file order, except
        the column a pool trend is by (a sensitive column never sits beside a person).
        Empty for a history read from a document.
        """
        table = self._table
        return table.columns if table is not None else ()

    def details(self, employee_ids: Iterable[str]) -> list[tuple[str, ...]]:
        """Each person's values of :attr:`detail_columns` in the latest cycle's file.

        A person not in the latest cycle's file has empty values.
        """
        table = self._table
        if table is None or table.latest is None or not table.columns:
            return [() for _ in employee_ids]
        latest = table.latest
        values = [latest.group_values(name) for name in table.columns]
        blank = ("",) * len(values)
        found = []
        for employee_id in employee_ids:
            row = latest.position_of(employee_id)
            found.append(blank if row is None else tuple(column[row] for column in values))
        return found


def _movement(pairs: Counter[tuple[int, int]]) -> MovementCounts:
    """The movement between two cycles, from the counts of their pairs of state codes."""
    matrix = [[0] * 9 for _ in range(9)]
    joined_into, left_from = [0] * 9, [0] * 9
    not_placed_current = not_placed_previous = 0
    rejected = _ABSENT - 1
    for (before, after), count in pairs.items():
        if before < rejected and after < rejected:
            matrix[before][after] += count
        elif before == _ABSENT and after < rejected:
            joined_into[after] += count
        elif before < rejected and after == _ABSENT:
            left_from[before] += count
        elif before < rejected and after == rejected:
            not_placed_current += count
        elif before == rejected and after < rejected:
            not_placed_previous += count
    return MovementCounts(
        matrix=matrix,
        joined_into=joined_into,
        left_from=left_from,
        not_placed_current=not_placed_current,
        not_placed_previous=not_placed_previous,
    )


def history(
    cycles: Sequence[Workforce],
    *,
    labels: Sequence[str] | None = None,
    by: str | None = None,
    min_cell: int = MIN_CELL,
    details: Sequence[str] | None = None,
) -> History:
    """The history of people over ``cycles`` (oldest first), labelled by ``labels``.

    Without labels the cycles are called "1", "2" and so on; labels must differ. Counted on
    the workforces' columns: no per-person object is made unless asked for. ``by`` names a
    grouping column every cycle was read with: the history then carries the talent-pool
    share per group in each cycle with a trend test (:attr:`History.pool_trend`), with
    groups under ``min_cell`` hidden in every cycle alike. ``details`` names the latest
    cycle's columns that per-person views carry beside each trajectory (default: every
    grouping column it was read with but ``by``).
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
    if len(set(names)) != len(names):
        raise ValidationError("two cycles have the same label", path="labels")
    trend = _pool_trend(cycles, names, by, min_cell) if by is not None else None
    ids, columns = _columns(cycles)
    pairs = [Counter(zip(a, b, strict=True)) for a, b in itertools.pairwise(columns)]
    movements = tuple(map(_movement, pairs))
    matched = _patterns(ids, columns)
    expected = _expected(columns, pairs)
    result = History(
        cycles=names,
        people=len(ids),
        placed=tuple(c.rows_placed for c in cycles),
        not_placed=tuple(column.count(_ABSENT - 1) for column in columns),
        movements=movements,
        patterns=tuple(
            PatternMatch(pattern=p, employee_ids=matched[p], expected=expected[p]) for p in Pattern
        ),
        inputs=tuple(
            InputSummary.of(
                cycle,
                name,
                matched_with=cycles[index - 1] if index else None,
                shared=_placed_in_both(pairs[index - 1]) if index else None,
            )
            for index, (cycle, name) in enumerate(zip(cycles, names, strict=True))
        ),
        axes=tuple(
            axis_movement(moved.matrix, axis, earlier=a, later=b)
            for (a, b), moved in zip(itertools.pairwise(names), movements, strict=True)
            for axis in AXES
        ),
        pool_trend=trend,
        transitions=tuple(
            transition_rates(moved.matrix, earlier=a, later=b)
            for (a, b), moved in zip(itertools.pairwise(names), movements, strict=True)
        ),
    )
    latest = cycles[-1] if cycles else None
    if latest is None:
        shown: tuple[str, ...] = ()
    elif details is None:
        shown = tuple(n for n in latest.group_names if trend is None or n != trend.column)
    else:
        shown = tuple(dict.fromkeys(latest.group_name(n) for n in details))
        if trend is not None and trend.column in shown:
            raise ValidationError(
                f"{trend.column!r} is the pool trend's grouping column: a sensitive column is "
                "never shown beside a person",
                path="details",
            )
    object.__setattr__(result, "_table", _Table(ids, columns, latest, shown))
    return result


def _placed_in_both(pair: Counter[tuple[int, int]]) -> int:
    """How many people two consecutive cycles both place (their states, counted)."""
    return sum(n for (before, after), n in pair.items() if max(before, after) < _ABSENT - 1)


def _columns(cycles: Sequence[Workforce]) -> tuple[list[str], list[bytearray]]:
    """Everyone seen (first appearance first) and each cycle's state codes, one byte each."""
    position: dict[str, int] = {}
    ids: list[str] = []
    columns: list[bytearray] = []
    for cycle in cycles:
        # Rows not placed first, then those placed: a person placed as well counts as placed.
        turned_away = list(
            dict.fromkeys(
                employee_id
                for row in cycle.rejected
                if (employee_id := normalise_employee_id(row.employee_id))
            )
        )
        placed = cycle.employee_ids
        column = bytearray()
        for group, codes in (
            (turned_away, repeat(_ABSENT - 1)),
            (placed, cycle.segment_codes()),
        ):
            # Each person's position, looked up once in C; people new to the history are
            # numbered on from the last, in the order this cycle has them.
            at = list(map(position.get, group))
            new = list(compress(range(len(at)), map(operator.is_, at, repeat(None))))
            start = len(ids)
            for index, number in zip(new, range(start, start + len(new)), strict=True):
                at[index] = number  # a Python step for each new person only
            fresh = list(map(group.__getitem__, new))
            position.update(zip(fresh, range(start, start + len(fresh)), strict=True))
            ids.extend(fresh)
            column.extend(bytes([_ABSENT]) * (len(ids) - len(column)))
            # Each state written at its person's position by a C loop (deque drains the map).
            deque(map(column.__setitem__, cast("list[int]", at), codes), maxlen=0)
        columns.append(column)
    for column in columns:
        column.extend(bytes([_ABSENT]) * (len(ids) - len(column)))
    return ids, columns


def _expected(
    columns: list[bytearray], pairs: list[Counter[tuple[int, int]]]
) -> dict[Pattern, float]:
    """How many would show each pattern by chance alone (see :attr:`PatternMatch.expected`)."""
    if not columns:
        return dict.fromkeys(Pattern, 0.0)
    states = _ABSENT + 1
    first = [columns[0].count(state) for state in range(states)]
    transitions = []
    for pair in pairs:
        matrix = [[0] * states for _ in range(states)]
        for (before, after), count in pair.items():
            matrix[before][after] = count
        transitions.append(matrix)
    found = expected_counts(first, transitions, {p.value: _CHAIN[p] for p in Pattern})
    result = {p: found[p.value] for p in Pattern}
    if len(columns) < 3:
        result[Pattern.UP_EVERY_CYCLE] = 0.0
    return result


def _pool_trend(
    cycles: Sequence[Workforce], names: Sequence[str], by: str, min_cell: int
) -> PoolTrend:
    """The talent-pool share per group of ``by`` in each cycle (see :func:`pool_trend`)."""
    if not cycles:
        raise ValidationError("a pool trend needs at least one cycle", path="by")
    counts = []
    # A group a review of some cycle by the column shows but for some of its talent-pool
    # counts is hidden here too: its share of the pool would give those counts away.
    also: set[str] = set()
    for cycle, name in zip(cycles, names, strict=True):
        try:
            column = cycle.group_name(by)
        except ValidationError as error:
            raise ValidationError(f"cycle {name}: {error.message}", path="by") from None
        reviewed = breakdown(cycle, column, min_cell=min_cell)
        also.update(
            h.value
            for h in reviewed.hidden
            if h.cells and any(h.count(segment) is None for segment in TALENT_POOL)
        )
        per_group = cycle.segment_counts_by(column)
        counts.append(
            {
                value: (sum(per.get(s, 0) for s in TALENT_POOL), sum(per.values()))
                for value, per in per_group.items()
            }
        )
    return pool_trend(column, counts, TALENT_POOL, min_cell=min_cell, also=also)


def person_header(result: History) -> list[str]:
    """The per-person export's header: ``employee_id``, each cycle, the detail columns.

    Computed headings come first and keep their names; a cycle label or file column whose
    name is already taken (compared ignoring case and surrounding spaces) is written with
    `` (cycle)`` or `` (latest file)`` after it, numbered if need be, so that no input
    column can ever pass for a computed one.
    """
    taken: set[str] = set()
    header = []
    for name, suffix in (
        ("employee_id", ""),
        *((c, " (cycle)") for c in result.cycles),
        *((c, " (latest file)") for c in result.detail_columns),
    ):
        wanted, number = name, 1
        while wanted.strip().casefold() in taken:
            wanted = f"{name}{suffix}" if number == 1 else f"{name}{suffix} {number}"
            number += 1
        taken.add(wanted.strip().casefold())
        header.append(wanted)
    return header


def person_rows(result: History) -> Iterator[list[str]]:
    """Each person's row of the per-person export (as :func:`person_header` heads it).

    Each cycle's cell is a segment's label, ``Not placed`` (the row was rejected) or empty
    (not in that cycle's file); then the person's values in the latest cycle's file.
    """
    if not result.holds_people and result.people:  # refused now, not when first iterated
        raise ValidationError(
            "this history holds no per-person data (it was read from a document)",
            path="history",
        )
    shown = {**{s.value: s.label for s in Segment}, NOT_PLACED: "Not placed"}
    rows = list(result.rows())
    details = result.details(i for i, _ in rows)
    return (
        [employee_id, *(shown.get(s, "") if s else "" for s in states), *extra]
        for (employee_id, states), extra in zip(rows, details, strict=True)
    )


def write_trajectories_csv(result: History, stream: TextIO) -> None:
    """Write each person's trajectory as CSV: ``employee_id``, one column per cycle, details.

    Per-person data, written only when asked for (``apsperf history --csv FILE``). Each
    cycle's cell is a segment's label, ``Not placed`` (the row was rejected) or empty (not
    in that cycle's file); then the columns of the latest cycle's file the history carries
    (:attr:`History.detail_columns`: never the pool trend's grouping column), headed as
    :func:`person_header` says. Cells are written formula-safe. A history read back from a
    document holds no per-person data: it is refused.
    """
    if not isinstance(result, History):
        raise ValidationError(f"expected History, got {type(result).__name__}", path="history")
    write_rows(stream, person_header(result), person_rows(result))


def _patterns(ids: list[str], columns: list[bytearray]) -> dict[Pattern, list[str]]:
    """Who shows each pattern: each distinct trajectory is matched once.

    A trajectory's key is its state codes as one number (base 11, first cycle first).
    """
    if not columns:
        return {p: [] for p in Pattern}
    keys: list[int] = list(columns[0])
    for column in columns[1:]:
        keys = list(map(operator.add, map(operator.mul, keys, repeat(_ABSENT + 1)), column))
    showing: dict[Pattern, set[int]] = {p: set() for p in Pattern}
    for key in set(keys):
        rest, codes = key, bytearray()
        for _ in columns:
            rest, code = divmod(rest, _ABSENT + 1)
            codes.append(code)
        for pattern in _patterns_of(bytes(reversed(codes))):
            showing[pattern].add(key)
    return {
        pattern: list(compress(ids, map(found.__contains__, keys))) if found else []
        for pattern, found in showing.items()
    }


# -- repr(): one short line whatever the input --


def _pattern_repr(match: PatternMatch) -> str:
    """A one-line ``repr()`` of everyone showing one pattern."""
    return one_line(f"<PatternMatch {match.pattern.value}: {len(match.employee_ids):,} people>")


def _history_repr(result: History) -> str:
    """A one-line ``repr()`` of a history over cycles."""
    cycles = len(result.cycles)
    shown = ", ".join(quoted(c, 12) for c in result.cycles[:4])
    more = ", …" if cycles > 4 else ""
    patterns = sum(1 for m in result.patterns if m.employee_ids)
    return one_line(
        f"<History over {cycles:,} cycles ({shown}{more}): "
        f"{result.people:,} people, {patterns:,} patterns shown>"
    )


named_in_package(globals())  # its classes are apsperf.segmentation's (see _exports)
