"""Small-cell suppression for breakdowns by a sensitive column (gender, disability, age band...).

A breakdown is a table: one row per group, one column per category (selected or not; before,
after, missing, unknown; the nine segments), with each row's size. What anyone reading it
is assumed to know besides the table: the whole workforce's size and every category's
overall count (those are shown elsewhere, unsuppressed).

The rule (apsperf's own, documented in the council guide):

1. A group is *sensitive* when it has fewer than ``min_cell`` people or any count from 1
   to ``min_cell - 1``. A sensitive group shows nothing but that it is suppressed; a group
   under the threshold shows its size as ``"<5"``.
2. Suppressed groups are *complemented* until nothing hidden can be worked out: while only
   one group is hidden (its counts would be the overall counts minus the shown ones), while
   some category has fewer than ``min_cell`` people among the hidden groups but people
   among the shown ones (every hidden group would be known to have none, or at most that
   few, in it), while one small group and one other are all that is hidden (the other's
   size would be known within a few), or while the hidden groups' sizes add up to the
   least or the most they could (every small group 1, or ``min_cell - 1``; every other
   hidden group ``min_cell``), so that each size is fixed, the smallest group still shown
   (with people in the category concerned, if that was the reason) is hidden too. When
   every group ends up hidden, the breakdown shows only what the overall counts show.

Shown groups therefore never show a count between 1 and ``min_cell - 1``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from apsperf.errors import ValidationError, _shown

__all__ = ["MIN_CELL", "ShownRow", "check_min_cell", "hidden_groups", "suppress_groups"]

MIN_CELL = 5
"""Counts below this are suppressed unless another threshold is named (``min_cell=``)."""


def check_min_cell(min_cell: object) -> None:
    """Refuse a threshold that is not a whole number of at least 3.

    Below 3 a suppressed count would show as ``"<2"``, which says that it is 1.
    """
    if isinstance(min_cell, bool) or not isinstance(min_cell, int) or min_cell < 3:
        raise ValidationError(
            f"must be a whole number of at least 3, got {_shown(min_cell, 20)}", path="min_cell"
        )


class ShownRow(NamedTuple):
    """What a breakdown shows of one group: its size and counts, ``None`` where hidden."""

    size: int | None
    cells: tuple[int | None, ...]
    small: bool
    """True when the group has fewer people than the threshold (shown as ``"<5"``)."""


def _needs_more(
    rows: Sequence[Sequence[int]], hidden: set[int], totals: list[int], min_cell: int
) -> int | None:
    """The column pinned at zero among the hidden rows (-1: another reason), or ``None``."""
    if not hidden:
        return None
    if len(hidden) == 1:
        return -1
    for column, total in enumerate(totals):
        # Nobody hidden in a category (each hidden group known to have none), or fewer than
        # min_cell (each hidden group known to have at most that few): hide one more.
        among = sum(rows[r][column] for r in hidden)
        if among < min_cell and total > among:
            return column
    # A reader knows each hidden size lies in 1..min_cell-1 (shown as "<5") or is at least
    # min_cell, and what they add up to: at either end of that range, every size is known.
    sizes = [sum(rows[r]) for r in hidden]
    small = sum(1 for s in sizes if s < min_cell)
    if small == 1 and len(sizes) == 2:  # the other's size is known within min_cell - 2
        return -1
    lowest = small + (len(sizes) - small) * min_cell
    highest = small * (min_cell - 1) if small == len(sizes) else None
    if sum(sizes) in (lowest, highest):
        return -1
    return None


def hidden_groups(
    tables: Sequence[Sequence[Sequence[int]]], *, min_cell: int = MIN_CELL
) -> frozenset[int]:
    """The groups (by position) to hide in *every* one of ``tables``, by the rule above.

    ``tables`` are what one output shows about one column: each a list of rows of counts,
    one row per group, in the same order in every table, each row adding up to the group's
    size. A group is hidden in all of them or in none, so no table can be set beside
    another to work out what one of them hides; complements are added until every table
    passes (the rule above, for each). The groups hidden depend only on the counts, so two
    runs that show the same tables hide the same groups.
    """
    check_min_cell(min_cell)
    tables = [table for table in tables if table]
    if not tables:
        return frozenset()
    groups = len(tables[0])
    if any(len(table) != groups for table in tables):
        raise ValueError("every table must have one row per group, in the same order")
    hidden = {
        index
        for table in tables
        for index, row in enumerate(table)
        if sum(row) < min_cell or any(0 < c < min_cell for c in row)
    }
    totals = [[sum(row[j] for row in table) for j in range(len(table[0]))] for table in tables]
    changed = True
    while changed:
        changed = False
        for table, total in zip(tables, totals, strict=True):
            reason = _needs_more(table, hidden, total, min_cell)
            if reason is None:
                continue
            shown = [r for r in range(groups) if r not in hidden]
            if reason >= 0:
                shown = [r for r in shown if table[r][reason]]
            if shown:
                hidden.add(min(shown, key=lambda r: (sum(table[r]), r)))
                changed = True
    return frozenset(hidden)


def suppress_groups(
    rows: Sequence[Sequence[int]],
    *,
    min_cell: int = MIN_CELL,
    hidden: frozenset[int] | None = None,
) -> list[ShownRow]:
    """Apply the suppression rule to a breakdown's rows of counts (one list per group).

    ``hidden`` names the groups to hide, decided with the other tables of the same output
    (:func:`hidden_groups`); by default this table alone decides.
    """
    check_min_cell(min_cell)
    if not rows:
        return []
    width = len(rows[0])
    if hidden is None:
        hidden = hidden_groups([rows], min_cell=min_cell)
    return [
        ShownRow(size=None, cells=(None,) * width, small=sum(row) < min_cell)
        if index in hidden
        else ShownRow(size=sum(row), cells=tuple(row), small=False)
        for index, row in enumerate(rows)
    ]
