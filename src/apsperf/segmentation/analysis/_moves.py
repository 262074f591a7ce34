"""What the council itself did: its moves by group, before and after, and who it moved.

:func:`moves_by_group` counts, for the groups of a sensitive column (or of crossed
columns), how many people the session moved up, down or across the grid and how many it
left where they were, beside each group's talent-pool selection rate and impact ratio on
the proposals (before the session) and on the calibrated placements (after it): a session
that widened a gap reads differently from one that closed it. These tables are about the
sensitive column and are suppressed with every other table of the output about it (one
hidden set: see :func:`output_hidden`).

:func:`people_moved` lists each move and confirmation of the session's log with who the
person is (the non-sensitive columns the proposals carry, the assessor), from and to, the
reason, who and when, undone entries marked with the reversal that undid them. Counts are
made on the workforce's codes; a placement is built only for the people the log names.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import cast

import attrs

from apsperf import _validators as v
from apsperf.errors import ValidationError
from apsperf.segmentation.analysis._fairness import (
    FairnessCheck,
    GroupName,
    GroupSelection,
    _comparison,
    _count,
    _name,
    _project,
    _segments,
    group_value,
    selection_rows,
    within_coarser,
)
from apsperf.segmentation.analysis._review import CROSS, _crossed, _strings
from apsperf.segmentation.analysis._suppression import (
    MIN_CELL,
    hidden_groups,
    hidden_within,
    suppress_groups,
)
from apsperf.segmentation.model._columns import normalise_header
from apsperf.segmentation.model._exports import named_in_package
from apsperf.segmentation.model._levels import Direction, Segment, direction_of
from apsperf.segmentation.model._session import CalibrationSession, EntryKind, SessionEntry
from apsperf.segmentation.model._workforce import SEGMENTS, Workforce
from apsperf.serialization import JSON_KEY

__all__ = [
    "MOVE_DIRECTIONS",
    "GroupMoves",
    "MovesByGroup",
    "PersonMoved",
    "moves_by_group",
    "moves_rows",
    "output_hidden",
    "people_moved",
    "shown_columns",
    "unflagged",
]

MOVE_DIRECTIONS: tuple[Direction, ...] = (
    Direction.UP,
    Direction.DOWN,
    Direction.ACROSS,
    Direction.STAYED,
)
"""The columns of a moves-by-group table: moved up, down or across the grid, or not moved
(:func:`~apsperf.segmentation.direction_of` from the proposed segment to the calibrated)."""


def _ratio_change(before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return ""
    # Each ratio's distance from parity (1), compared to three decimals, as ratios are shown.
    was, now = round(abs(1 - before), 3), round(abs(1 - after), 3)
    if now < was:
        return "narrowed"
    if now > was:
        return "widened"
    return "unchanged"


@attrs.frozen(kw_only=True)
class GroupMoves:
    """One group's moves by the council, and its talent-pool selection before and after.

    ``up``, ``down`` and ``across`` count the group's people whose calibrated segment lies
    that way from their proposed one (:class:`~apsperf.segmentation.Direction`: up is
    performance and potential both at least as high, one higher; across, one higher and
    the other lower); ``unchanged`` those the session left where they were proposed (a
    person moved and moved back counts as unchanged). ``selected_before``,
    ``rate_before`` and ``ratio_before`` are the group's selection into the talent pool
    on the proposals and its impact ratio against the comparison then; the ``_after``
    fields the same on the calibrated placements. ``reference_*`` marks the reference
    group (highest rate) and ``flagged_*`` a flag of the four-fifths screen, each time.
    Everything but ``value`` is ``None`` when ``suppressed``; ``small`` as for every
    suppressed table. A ``value`` of ``""`` is the group whose cell is blank.
    """

    value: str = attrs.field(validator=v.instance_of(str))
    crossed: tuple[str, ...] = attrs.field(default=(), converter=_strings, validator=_crossed)
    """Each column's value, for crossed columns (``value`` is them joined by ``" × "``)."""
    people: int | None = attrs.field(default=None, validator=_count)
    up: int | None = attrs.field(default=None, validator=_count)
    down: int | None = attrs.field(default=None, validator=_count)
    across: int | None = attrs.field(default=None, validator=_count)
    unchanged: int | None = attrs.field(default=None, validator=_count)
    selected_before: int | None = attrs.field(default=None, validator=_count)
    selected_after: int | None = attrs.field(default=None, validator=_count)
    rate_before: float | None = None
    rate_after: float | None = None
    ratio_before: float | None = None
    ratio_after: float | None = None
    reference_before: bool = False
    reference_after: bool = False
    flagged_before: bool = False
    flagged_after: bool = False
    suppressed: bool = False
    small: bool = False
    """The group has fewer people than the threshold: its size shows as "<5"."""

    @property
    def moved(self) -> int | None:
        """People of the group the session placed elsewhere than proposed (up, down, across)."""
        if self.up is None or self.down is None or self.across is None:
            return None
        return self.up + self.down + self.across

    @property
    def gap(self) -> str:
        """How the session changed the group's distance from parity (an impact ratio of 1).

        ``"narrowed"``, ``"widened"`` or ``"unchanged"`` (the ratios compared to three
        decimals, as they are shown), or ``""`` when either ratio is not given (a hidden
        group, a group not compared).
        """
        return _ratio_change(self.ratio_before, self.ratio_after)


def _group_moves(value: Iterable[GroupMoves]) -> tuple[GroupMoves, ...]:
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class MovesByGroup:
    """The council's moves by the groups of one column (or crossed columns), before and after.

    One :class:`GroupMoves` per group, in the fairness check's order; ``pool`` and
    ``comparison`` are the fairness check's. Suppressed with the output's other tables
    about the column (the same groups hidden), below ``min_cell``.
    """

    column: str = attrs.field(validator=v.text)
    groups: tuple[GroupMoves, ...] = attrs.field(
        converter=_group_moves, validator=v.items_of(GroupMoves)
    )
    pool: tuple[Segment, ...] = attrs.field(converter=_segments)
    comparison: str = attrs.field(default="highest", validator=_comparison)
    min_cell: int = MIN_CELL
    crossed: tuple[str, ...] = attrs.field(default=(), converter=_strings, validator=_crossed)
    """The columns crossed (``column`` is them joined by ``" × "``); empty otherwise."""

    @property
    def columns(self) -> tuple[str, ...]:
        """The grouping columns: ``(column,)`` unless crossed."""
        return self.crossed or (self.column,)


def _positions_moved(
    proposed: Workforce, calibrated: Workforce, employee_ids: Iterable[str]
) -> list[tuple[int, Direction]]:
    """The position of each person whose calibrated segment differs, with the direction."""
    before, after = proposed.segment_codes(), calibrated.segment_codes()
    found = []
    for employee_id in dict.fromkeys(employee_ids):
        position = proposed.position_of(employee_id)
        if position is None or before[position] == after[position]:
            continue
        direction = direction_of(SEGMENTS[before[position]], SEGMENTS[after[position]])
        found.append((position, direction))
    return found


def _groups_at(
    workforce: Workforce, columns: Sequence[str], positions: list[int]
) -> list[GroupName]:
    """The group (of ``columns``) of the people at ``positions``, read for them alone."""
    parts = [workforce.group_values_at(column, positions) for column in columns]
    return [_name(found) for found in zip(*parts, strict=True)] if parts else []


def moves_rows(
    proposed: Workforce,
    calibrated: Workforce,
    moved: Iterable[str],
    columns: Sequence[str],
) -> tuple[list[GroupName], list[list[int]]]:
    """The groups of ``columns`` (sorted) and each one's ``[up, down, across, unchanged]``.

    ``moved`` names the people the session's log changed (their identifiers); only those
    are looked at, one by one: everyone else is counted on the proposals' codes.
    """
    names, rows = selection_rows(proposed, columns, ())
    sizes = {name: sum(row) for name, row in zip(names, rows, strict=True)}
    found = _positions_moved(proposed, calibrated, moved)
    groups = _groups_at(proposed, columns, [p for p, _ in found])
    per: Counter[tuple[GroupName, Direction]] = Counter(
        zip(groups, (d for _, d in found), strict=True)
    )
    table = []
    for name in names:
        counts = [per[name, d] for d in MOVE_DIRECTIONS[:3]]
        table.append([*counts, sizes[name] - sum(counts)])
    return names, table


def moves_by_group(
    rows: tuple[Sequence[GroupName], Sequence[Sequence[int]]],
    before: FairnessCheck,
    after: FairnessCheck,
    *,
    hidden: Iterable[GroupName] = (),
) -> MovesByGroup:
    """The moves-by-group table from its ``rows`` (:func:`moves_rows`) and the two checks.

    ``before`` is the fairness check of the proposals and ``after`` of the calibrated
    placements, both by the same columns and hiding the same groups, ``hidden``.
    """
    names, counts = rows
    hidden = set(hidden)
    positions = frozenset(i for i, name in enumerate(names) if name in hidden)
    shown = suppress_groups([list(r) for r in counts], min_cell=after.min_cell, hidden=positions)
    was = {(g.value, g.crossed): g for g in before.groups}
    now = {(g.value, g.crossed): g for g in after.groups}
    groups = []
    for name, row in zip(names, shown, strict=True):
        value, crossed = group_value(name)
        if row.size is None:
            groups.append(
                GroupMoves(value=value, crossed=crossed, suppressed=True, small=row.small)
            )
            continue
        first, last = was[value, crossed], now[value, crossed]
        if first.suppressed or last.suppressed:
            raise ValidationError(
                "the fairness checks must hide the same groups as the moves", path="hidden"
            )
        up, down, across, unchanged = row.cells
        groups.append(
            GroupMoves(
                value=value,
                crossed=crossed,
                people=row.size,
                up=up,
                down=down,
                across=across,
                unchanged=unchanged,
                selected_before=first.selected,
                selected_after=last.selected,
                rate_before=first.selection_rate,
                rate_after=last.selection_rate,
                ratio_before=_compared_ratio(first),
                ratio_after=_compared_ratio(last),
                reference_before=first.reference,
                reference_after=last.reference,
                flagged_before=first.flagged,
                flagged_after=last.flagged,
            )
        )
    return MovesByGroup(
        column=after.column,
        crossed=after.crossed,
        groups=groups,
        pool=after.pool,
        comparison=after.comparison,
        min_cell=after.min_cell,
    )


def _compared_ratio(group: GroupSelection) -> float | None:
    """The impact ratio a check shows for a group (1 for the reference; ``None``: not compared)."""
    if group.reference:
        return 1.0
    return group.impact_ratio if group.adjusted_p_value is not None else None


# -- one hidden set per column, over every table of the output ------------------------------


def output_hidden(
    tables: Mapping[tuple[str, ...], Sequence[tuple[Sequence[GroupName], list[list[int]]]]],
    *,
    min_cell: int = MIN_CELL,
    also: Mapping[tuple[str, ...], Iterable[GroupName]] | None = None,
) -> dict[tuple[str, ...], frozenset[GroupName]]:
    """The groups every table of one output hides, for each column or crossed columns.

    ``tables`` maps each key (a tuple of column names) to what the output shows by it: a
    list of ``(groups, rows)``. The tables of one key hide the same groups, decided from
    all of them together. A key that crosses the columns of another key of the output
    (Gender × Location beside Gender) is decided after it and within it: its groups inside
    a group the coarser table hides are hidden too, and within each group that table
    shows, the rule holds as it does over the whole table (:func:`hidden_within`), so no
    hidden cell of one can be worked out as the other's count less the shown cells. Two
    keys that share a column without one holding the other's columns are refused: their
    common columns' counts would follow from both, which this rule does not guard.

    ``also`` names, for a key, groups hidden whatever its tables show (those another
    output by the same column hides, so that this one never hides fewer); complements
    are added to them by the same rule.
    """
    keys = list(tables)
    for first in keys:
        for second in keys:
            common = set(first) & set(second)
            if common and not (set(first) <= set(second) or set(second) <= set(first)):
                raise ValidationError(
                    f"{CROSS.join(first)!r} and {CROSS.join(second)!r} share "
                    f"{', '.join(sorted(common))!r} but neither crosses all the other's "
                    "columns: one output shows crossed columns only nested (Gender; Gender × "
                    "Location; Gender × Location × Band); show the others in another run",
                    path="fairness_by",
                )
    decided: dict[tuple[str, ...], frozenset[GroupName]] = {}
    for key in sorted(keys, key=len):
        names = sorted({name for groups, _ in tables[key] for name in groups})
        aligned = []
        for groups, rows in tables[key]:
            found = dict(zip(groups, rows, strict=True))
            width = len(rows[0]) if rows else 0
            aligned.append([found.get(name, [0] * width) for name in names])
        parents = [p for p in decided if set(p) < set(key)]
        preset = set((also or {}).get(key, ()))
        if not parents and not preset:
            positions = hidden_groups(aligned, min_cell=min_cell)
        else:
            blocks, inside = within_coarser(names, key, {p: decided[p] for p in parents})
            inside.update(i for i, name in enumerate(names) if name in preset)
            positions = hidden_within(aligned, blocks=blocks, hidden=inside, min_cell=min_cell)
        decided[key] = frozenset(names[i] for i in positions)
    return decided


def unflagged(
    decided: Mapping[tuple[str, ...], frozenset[GroupName]],
) -> dict[tuple[str, ...], frozenset[GroupName]]:
    """For each key, the hidden groups whose "<5" mark is withheld (shown as suppressed).

    A group of crossed columns inside a group that a coarser table of the output hides
    (Woman × Perth, when Perth is hidden by Location) is hidden too, and its mark would
    bound that coarser group's size: two "<5" groups make a hidden group of at most 8,
    and beside the coarser table's other hidden groups that can pin their sizes. Such a
    group shows only that it is suppressed.
    """
    found = {}
    for key, hidden in decided.items():
        parents = [p for p in decided if set(p) < set(key)]
        found[key] = frozenset(
            name
            for name in hidden
            if any(_project(name, key, parent) in decided[parent] for parent in parents)
        )
    return found


# -- who moved ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PersonMoved:
    """One move or confirmation of the session's log, with who the person is.

    ``details`` are the person's values of the report's ``people_columns`` (non-sensitive
    columns of the proposals, never a ``--fairness`` one), ``assessor`` who assessed them.
    ``from_segment`` is where the entries in force before this one had placed them (the
    proposals, else the last move in force) and ``to_segment`` where this entry places
    them; in documents they are ``"from"`` and ``"to"``. ``undone_by`` is the reversal
    that undid the entry (with its ``undo_reason``), ``None`` while it is in force.
    """

    number: int = attrs.field(validator=v.at_least(1))
    kind: EntryKind = attrs.field(validator=v.instance_of(EntryKind))
    employee_id: str = attrs.field(validator=v.text)
    details: tuple[str, ...] = attrs.field(
        default=(), converter=_strings, validator=v.items_of(str)
    )
    assessor: str | None = attrs.field(default=None, validator=v.optional(v.text))
    from_segment: Segment = attrs.field(
        validator=v.instance_of(Segment), metadata={JSON_KEY: "from"}
    )
    to_segment: Segment = attrs.field(validator=v.instance_of(Segment), metadata={JSON_KEY: "to"})
    direction: Direction = attrs.field(validator=v.instance_of(Direction))
    reason: str = attrs.field(validator=v.instance_of(str))
    notes: str = attrs.field(default="", validator=v.instance_of(str))
    by: str | None = attrs.field(default=None, validator=v.optional(v.text))
    on: dt.date | None = attrs.field(default=None, validator=v.optional(v.instance_of(dt.date)))
    recorded_at: dt.datetime | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(dt.datetime))
    )
    undone_by: int | None = attrs.field(default=None, validator=v.optional(v.at_least(1)))
    undo_reason: str = attrs.field(default="", validator=v.instance_of(str))

    @property
    def in_force(self) -> bool:
        """Whether the entry still holds (no reversal undid it)."""
        return self.undone_by is None


_NAME_HEADERS = frozenset(
    {
        "name",
        "full_name",
        "employee_name",
        "staff_name",
        "preferred_name",
        "display_name",
        "known_as",
        "surname",
        "family_name",
        "last_name",
        "given_name",
        "given_names",
        "first_name",
    }
)
"""Headers (as compared) of the columns that name a person: listed first in a moves table."""


def shown_columns(
    proposed: Workforce, shown: Sequence[str] | None, sensitive: Iterable[str]
) -> tuple[str, ...]:
    """The columns of ``proposed`` to list beside each person the council moved.

    ``shown`` names them (matched as headers are); ``None``: every grouping column the
    proposals carry but the ``sensitive`` ones, a person's name columns first. A sensitive
    column named in ``shown`` is refused: it is never listed beside a person.
    """
    refused = {proposed.group_name(column) for column in sensitive}
    if shown is None:
        columns = [c for c in proposed.group_names if c not in refused]
        named = [c for c in columns if normalise_header(c) in _NAME_HEADERS]
        return tuple(dict.fromkeys([*named, *columns]))
    if isinstance(shown, str):
        shown = [shown]
    chosen = [proposed.group_name(column) for column in shown]
    for column in chosen:
        if column in refused:
            raise ValidationError(
                f"{column!r} is a --fairness column: a sensitive column is never listed "
                "beside a person",
                path="shown",
            )
    return tuple(dict.fromkeys(chosen))


def people_moved(
    proposed: Workforce, session: CalibrationSession, columns: Sequence[str]
) -> tuple[PersonMoved, ...]:
    """Every move and confirmation of ``session``'s log, in order, with who the person is.

    The person's values of ``columns`` and their assessor come from ``proposed``, read from
    its columns for the people named (never a placement per person placed).
    """
    undone = {e.undoes: e for e in session.entries if e.kind is EntryKind.REVERSAL and e.undoes}
    current: dict[str, Segment] = {}
    found: list[tuple[SessionEntry, Segment, Segment]] = []
    for entry in session.entries:
        target = entry.segment
        if entry.kind not in (EntryKind.MOVE, EntryKind.CONFIRMATION) or target is None:
            continue
        before = current.get(entry.employee_id) or proposed.segment_of(entry.employee_id)
        if before is None:
            continue  # applied() refuses a session naming someone not placed
        if entry.number not in undone:
            current[entry.employee_id] = target
        found.append((entry, before, target))
    who = _who(proposed, columns, [entry.employee_id for entry, _, _ in found])
    listed = []
    for entry, before, target in found:
        reversal = undone.get(entry.number)
        details, assessor = who[entry.employee_id]
        listed.append(
            PersonMoved(
                number=entry.number,
                kind=EntryKind.CONFIRMATION if before is target else EntryKind.MOVE,
                employee_id=entry.employee_id,
                details=details,
                assessor=assessor,
                from_segment=before,
                to_segment=target,
                direction=direction_of(before, target),
                reason=entry.reason,
                notes=entry.notes,
                by=entry.by,
                on=entry.on,
                recorded_at=entry.recorded_at,
                undone_by=None if reversal is None else reversal.number,
                undo_reason="" if reversal is None else reversal.reason,
            )
        )
    return tuple(listed)


def _who(
    proposed: Workforce, columns: Sequence[str], employee_ids: Iterable[str]
) -> dict[str, tuple[tuple[str, ...], str | None]]:
    """Each person's values of ``columns`` and assessor, read from ``proposed``'s codes."""
    people = list(dict.fromkeys(employee_ids))
    positions = [cast(int, proposed.position_of(p)) for p in people]  # each one placed
    parts = [proposed.group_values_at(column, positions) for column in columns]
    assessors, assessor_codes = proposed.assessor_codes()
    details = list(zip(*parts, strict=True)) if parts else [()] * len(people)
    return {
        person: (detail, assessors[assessor_codes[position]])
        for person, position, detail in zip(people, positions, details, strict=True)
    }


named_in_package(globals())  # its classes are apsperf.segmentation's (see _exports)
