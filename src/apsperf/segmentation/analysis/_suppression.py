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

3. Where every hidden group's size can be shown (:func:`sizes_can_show`), a review's
   breakdown shows their counts too, but in the columns they all hide
   (:func:`hidden_columns`): those with a count from 1 to ``min_cell - 1`` and those that
   protect them, chosen so that each hidden count keeps at least ``min_cell`` possible
   values given the sizes and the hidden groups combined (:func:`cells_can_show`).

Shown counts are therefore never between 1 and ``min_cell - 1``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final, NamedTuple

from apsperf.errors import ValidationError, _shown

__all__ = [
    "HIDDEN_GROUPS",
    "MIN_CELL",
    "ShownRow",
    "cells_can_show",
    "check_min_cell",
    "hidden_columns",
    "hidden_groups",
    "hidden_within",
    "sizes_can_show",
    "small_groups",
    "suppress_groups",
]

MIN_CELL = 5
"""Counts below this are suppressed unless another threshold is named (``min_cell=``)."""

HIDDEN_GROUPS: Final = "(hidden groups, combined)"
"""The row label under which a statistic tests the groups its table hides, as one row."""


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


def _aligned(tables: Sequence[Sequence[Sequence[int]]]) -> list[Sequence[Sequence[int]]]:
    """The non-empty ``tables``, refused unless each has one row per group, in one order."""
    kept = [table for table in tables if table]
    if any(len(table) != len(kept[0]) for table in kept):
        raise ValueError("every table must have one row per group, in the same order")
    return kept


def small_groups(
    tables: Sequence[Sequence[Sequence[int]]], *, min_cell: int = MIN_CELL
) -> frozenset[int]:
    """The groups hidden because they are small, whatever else is hidden.

    A group is small with fewer than ``min_cell`` people, or 1 to ``min_cell - 1`` in some
    category of some table; the other groups an output hides protect these.
    """
    return frozenset(
        index
        for table in _aligned(tables)
        for index, row in enumerate(table)
        if sum(row) < min_cell or any(0 < c < min_cell for c in row)
    )


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
    tables = _aligned(tables)
    if not tables:
        return frozenset()
    groups = len(tables[0])
    hidden = set(small_groups(tables, min_cell=min_cell))
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


def sizes_can_show(
    tables: Sequence[Sequence[Sequence[int]]], hidden: frozenset[int], *, min_cell: int = MIN_CELL
) -> bool:
    """Whether the hidden groups' sizes can be shown beside ``tables`` without pinning a cell.

    Only when no hidden group is under the threshold (a "<5" group's size would follow from
    the others' and the total). Once the sizes are shown, each table's hidden cells are a
    table whose row and column totals are all known, so each cell lies within its Fréchet
    bounds, ``max(0, row + column - total)`` to ``min(row, column)``, and every value between
    them is possible; the sizes are shown only when each hidden cell keeps at least
    ``min_cell`` possible values (or every value from 0 to its category's hidden total).
    """
    check_min_cell(min_cell)
    if not hidden:
        return True
    for table in tables:
        if not table:
            continue
        rows = [table[g] for g in sorted(hidden)]
        if min(map(sum, rows)) < min_cell:
            return False
        if not _frechet_ok(rows, range(len(rows[0])), min_cell):
            return False
    return True


def _frechet_ok(rows: Sequence[Sequence[int]], columns: Sequence[int], min_cell: int) -> bool:
    """Whether each cell of ``rows`` in ``columns`` keeps enough possible values.

    The reader knows each row's total over ``columns`` (its size less its shown cells) and
    each column's total over the rows (the hidden groups combined): a table with both
    margins known, whose cells each lie anywhere within their Fréchet bounds.
    """
    sizes = [sum(row[c] for c in columns) for row in rows]
    totals = [sum(row[c] for row in rows) for c in columns]
    everyone = sum(sizes)
    for size in sizes:
        for total in totals:
            low, high = max(0, size + total - everyone), min(size, total)
            if high - low + 1 < min(min_cell, total + 1):
                return False
    return True


def cells_can_show(
    rows: Sequence[Sequence[int]], hidden: Iterable[int], *, min_cell: int = MIN_CELL
) -> bool:
    """Whether hidden groups of known sizes can show every cell outside the columns ``hidden``.

    ``rows`` are the hidden groups' counts (their sizes shown, none under the threshold).
    Shown beside the groups' sizes and the hidden groups' counts combined, the cells left
    hidden, in the columns ``hidden``, form a table whose row and column totals are all
    known; each cell must keep at least ``min_cell`` possible values (or every value from
    0 to its column's hidden total), as :func:`sizes_can_show` asks of whole groups. No
    cell from 1 to ``min_cell - 1`` may be shown.
    """
    check_min_cell(min_cell)
    columns = sorted(set(hidden))
    if any(0 < row[c] < min_cell for row in rows for c in range(len(row)) if c not in columns):
        return False
    return not columns or _frechet_ok(rows, columns, min_cell)


def hidden_columns(
    rows: Sequence[Sequence[int]], *, min_cell: int = MIN_CELL
) -> tuple[frozenset[int], frozenset[int]] | None:
    """``(small, protecting)``: the columns hidden groups of known sizes hide, or ``None``.

    ``rows`` are the hidden groups' counts, as for :func:`cells_can_show`. A column is
    *small* when some hidden group has 1 to ``min_cell - 1`` people in it; columns that
    *protect* them are added, the one with the fewest hidden people that makes the table
    safe, else the one with the most, until every hidden cell keeps enough possible values.
    The rest of each group's cells may be shown. ``None`` when every column would be
    hidden: the groups then show no counts at all.
    """
    check_min_cell(min_cell)
    if not rows:
        return frozenset(), frozenset()
    width = len(rows[0])
    small = frozenset(c for c in range(width) if any(0 < row[c] < min_cell for row in rows))
    chosen = set(small)
    totals = [sum(row[c] for row in rows) for c in range(width)]
    while not cells_can_show(rows, chosen, min_cell=min_cell):
        others = [c for c in range(width) if c not in chosen]
        if not others:
            return None
        passing = [c for c in others if cells_can_show(rows, chosen | {c}, min_cell=min_cell)]
        if passing:
            chosen.add(min(passing, key=lambda c: (totals[c], c)))
        else:
            chosen.add(max(others, key=lambda c: (totals[c], -c)))
    if len(chosen) == width:
        return None
    return small, frozenset(chosen - small)


def hidden_within(
    tables: Sequence[Sequence[Sequence[int]]],
    *,
    blocks: Sequence[Sequence[int]] = (),
    hidden: Iterable[int] = (),
    min_cell: int = MIN_CELL,
) -> frozenset[int]:
    """The groups to hide in every one of ``tables`` when coarser tables are shown beside them.

    ``tables`` are as for :func:`hidden_groups`, here by crossed columns (Gender × Location).
    A table by fewer of the same columns (by Gender) shown in the same output adds up these
    groups' rows within each of its own groups, so it is a second set of overall counts:
    ``blocks`` lists, for each group it shows, the positions here that make that group up,
    and ``hidden`` the groups here that lie in one of the groups it hides (those stay
    hidden here, or the coarser group's counts would be their sum). The rule of this
    module then holds within every block, with the block's shown counts as its overall
    counts, as well as over the whole table: a group hidden alone in its block, or beside
    one other that is small, or a category with a few people among the block's hidden groups
    and more among its shown ones, brings the smallest group still shown in that block in.
    """
    check_min_cell(min_cell)
    tables = _aligned(tables)
    if not tables:
        return frozenset()
    groups = len(tables[0])
    chosen = set(small_groups(tables, min_cell=min_cell))
    chosen.update(hidden)
    scopes = [list(range(groups))] + [sorted(block) for block in blocks if block]
    totals = [
        [[sum(table[r][j] for r in scope) for j in range(len(table[0]))] for scope in scopes]
        for table in tables
    ]
    changed = True
    while changed:
        changed = False
        for table, per_scope in zip(tables, totals, strict=True):
            for scope, total in zip(scopes, per_scope, strict=True):
                rows = [table[r] for r in scope]
                among = {i for i, r in enumerate(scope) if r in chosen}
                reason = _needs_more(rows, among, total, min_cell)
                if reason is None:
                    continue
                shown = [i for i in range(len(scope)) if i not in among]
                if reason >= 0:
                    shown = [i for i in shown if rows[i][reason]]
                if shown:
                    chosen.add(scope[min(shown, key=lambda i: (sum(rows[i]), scope[i]))])
                    changed = True
    return frozenset(chosen)
