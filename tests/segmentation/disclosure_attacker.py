"""An interval attacker: how closely can a reader pin what an output hides?

Given every table one output shows about one column (the rows of the groups shown, the
"<5" flag of each hidden group, each table's overall counts), integer programming (SciPy's
``milp``) finds, for each hidden group, the least and the most its size and each of its
cells could be while agreeing with everything shown. Disclosure control holds when no
hidden value is pinned more closely than the threshold allows.

:class:`Output` states everything one output shows about a sensitive column in general:
the tables by its finest groups (by crossed columns, say Gender × Location), the tables
by coarser columns shown beside them (by Gender alone: each of its groups the sum of some
finest groups), and what links the tables of a calibration: the selection before and
after the session and the moves by group, which the list of people moved ties together
(each move's direction and whether it entered or left the talent pool are listed, so their
overall counts are known, though not by group). :func:`bounds` gives the feasible range of
every hidden value, of the finest groups and of the coarser ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

Row = list[int | None] | None
"""A group's row as shown: its counts, ``None`` where a count is hidden, or ``None``."""


class Coarse(NamedTuple):
    """A table by coarser columns shown beside the finest: its groups and what it shows."""

    members: list[list[int]]
    """Per coarser group, the finest groups that make it up."""
    tables: list[list[Row]]
    """Per table (the finest tables, summed), per coarser group: its row or ``None``."""
    small: list[bool]
    """Per coarser group: shown as "<5"."""
    sizes: Sequence[int | None] = ()
    """Per coarser group: its headcount where shown (a hidden group's, where safe)."""


class Moves(NamedTuple):
    """What ties a calibration's tables together: selection before and after, and moves.

    ``before`` and ``after`` are the positions of the selection tables (``[selected, not
    selected]``), ``moves`` of the moves table (``[up, down, across, unchanged]``).
    ``flows[d][k]`` counts the people who moved in direction ``d`` (up, down, across) and
    entered the pool (``k`` 0), left it (1) or neither (2), over everyone: the list of
    people moved gives these, though not by group.
    """

    before: int
    after: int
    moves: int
    flows: list[list[int]]


class Output(NamedTuple):
    """Everything one output shows about one sensitive column (see the module)."""

    tables: list[list[Row]]
    """Per table, per finest group: its row, or ``None`` where hidden."""
    totals: list[list[int]]
    """Per table, its overall counts (shown elsewhere, or known to the reader)."""
    small: list[bool | None]
    """Per finest group: shown as "<5" (``True``), as "suppressed", which says that the group
    is not small (``False``), or neither (``None``: a group inside a hidden coarser group,
    whose mark is withheld)."""
    coarse: Sequence[Coarse] = ()
    moves: Moves | None = None
    sizes: Sequence[int | None] = ()
    """Per finest group: its headcount where shown (a hidden group's, where safe)."""


class Range(NamedTuple):
    what: str
    low: int
    high: int


def hidden_of(output: Output) -> list[int]:
    """The finest groups an output hides (wholly or some counts) in at least one table."""
    return [
        g
        for g in range(len(output.small))
        if any(table[g] is None or None in table[g] for table in output.tables)  # type: ignore[operator]
    ]


def _hidden_everywhere(output: Output, g: int) -> bool:
    return all(table[g] is None for table in output.tables)


def bounds(output: Output, min_cell: int, only: set[str] | None = None) -> list[Range]:
    """The feasible range of each hidden size and cell, finest groups then coarser ones.

    Names: ``"group G size"``, ``"group G table T cell C"`` for a finest group, and
    ``"coarse K group G size"`` (and ``... cell C``) for group G of coarser table K;
    ``only`` limits them to those named.
    """
    groups = len(output.small)
    widths = [len(total) for total in output.totals]
    index: dict[tuple[int, int, int], int] = {}
    for g in range(groups):
        for t, width in enumerate(widths):
            for c in range(width):
                index[g, t, c] = len(index)
    size_of = {g: len(index) + g for g in range(groups)}
    count = len(index) + groups
    flow: dict[tuple[int, int, int], int] = {}
    if output.moves is not None:
        for g in range(groups):
            for d in range(3):
                for k in range(3):
                    flow[g, d, k] = count + len(flow)
        count += len(flow)
    lower = np.zeros(count)
    upper = np.full(count, np.inf)
    rows: list[np.ndarray] = []
    low: list[float] = []
    high: list[float] = []

    def constrain(coefficients: dict[int, float], least: float, most: float) -> None:
        row = np.zeros(count)
        for variable, coefficient in coefficients.items():
            row[variable] += coefficient
        rows.append(row)
        low.append(least)
        high.append(most)

    def size_range(small: bool | None) -> tuple[float, float]:
        if small is None:
            return (1, np.inf)
        return (1, min_cell - 1) if small else (min_cell, np.inf)

    for t, width in enumerate(widths):
        for c in range(width):
            constrain({index[g, t, c]: 1.0 for g in range(groups)}, *[output.totals[t][c]] * 2)
        for g in range(groups):
            coefficients = {index[g, t, c]: 1.0 for c in range(width)}
            coefficients[size_of[g]] = -1.0
            constrain(coefficients, 0.0, 0.0)
            row = output.tables[t][g]
            if row is not None:
                for c, value in enumerate(row):
                    if value is not None:
                        lower[index[g, t, c]] = upper[index[g, t, c]] = value
    for g in hidden_of(output):
        lower[size_of[g]], upper[size_of[g]] = size_range(output.small[g])
        if output.sizes and output.sizes[g] is not None:
            lower[size_of[g]] = upper[size_of[g]] = output.sizes[g]
    for coarse in output.coarse:
        for b, members in enumerate(coarse.members):
            if coarse.tables[0][b] is None:
                known = coarse.sizes[b] if coarse.sizes else None
                shown = (known, known) if known is not None else size_range(coarse.small[b])
                constrain({size_of[g]: 1.0 for g in members}, *shown)
                continue
            if coarse.sizes and coarse.sizes[b] is not None:
                known = coarse.sizes[b]
                constrain({size_of[g]: 1.0 for g in members}, known, known)
            for t, width in enumerate(widths):
                shown = coarse.tables[t][b]
                assert shown is not None
                for c in range(width):
                    if shown[c] is not None:
                        constrain({index[g, t, c]: 1.0 for g in members}, shown[c], shown[c])
    if output.moves is not None:
        link = output.moves
        for g in range(groups):
            for d in range(3):  # each direction's movers of a group entered, left or neither
                coefficients = {flow[g, d, k]: 1.0 for k in range(3)}
                coefficients[index[g, link.moves, d]] = -1.0
                constrain(coefficients, 0.0, 0.0)
            # selected after = selected before + entered - left
            coefficients = {index[g, link.after, 0]: 1.0, index[g, link.before, 0]: -1.0}
            for d in range(3):
                coefficients[flow[g, d, 0]] = coefficients.get(flow[g, d, 0], 0.0) - 1.0
                coefficients[flow[g, d, 1]] = coefficients.get(flow[g, d, 1], 0.0) + 1.0
            constrain(coefficients, 0.0, 0.0)
        for d in range(3):
            for k in range(3):
                value = link.flows[d][k]
                constrain({flow[g, d, k]: 1.0 for g in range(groups)}, value, value)
    matrix, least, most = np.array(rows), np.array(low), np.array(high)
    constraints = LinearConstraint(matrix, least, most)
    integrality = np.ones(count)
    # The linear relaxation first (much faster): when its optimum is a whole-number point,
    # that point is feasible for the integer problem too, so it is the integer optimum.
    equal = least == most
    above, below = ~equal & np.isfinite(most), ~equal & np.isfinite(least)
    upper_rows = np.vstack([matrix[above], -matrix[below]])
    upper_values = np.concatenate([most[above], -least[below]])
    box = [(lo, None if np.isinf(hi) else hi) for lo, hi in zip(lower, upper, strict=True)]

    def extreme(objective: dict[int, float], sign: float) -> int:
        vector = np.zeros(count)
        for variable, coefficient in objective.items():
            vector[variable] = sign * coefficient
        relaxed = linprog(
            vector,
            A_ub=upper_rows if len(upper_values) else None,
            b_ub=upper_values if len(upper_values) else None,
            A_eq=matrix[equal],
            b_eq=least[equal],
            bounds=box,
            method="highs",
        )
        if relaxed.success and np.allclose(relaxed.x, np.round(relaxed.x), atol=1e-7):
            return round(sign * relaxed.fun)
        result = milp(
            vector, constraints=constraints, integrality=integrality, bounds=Bounds(lower, upper)
        )
        assert result.success, result.message
        return round(sign * result.fun)

    found: list[Range] = []

    def bound(what: str, objective: dict[int, float]) -> None:
        if only is None or what in only:
            found.append(Range(what, extreme(objective, 1.0), extreme(objective, -1.0)))

    for g in hidden_of(output):
        if _hidden_everywhere(output, g) and not (output.sizes and output.sizes[g] is not None):
            bound(f"group {g} size", {size_of[g]: 1.0})
        for t, width in enumerate(widths):
            row = output.tables[t][g]
            for c in range(width):
                if row is None or row[c] is None:
                    bound(f"group {g} table {t} cell {c}", {index[g, t, c]: 1.0})
    for k, coarse in enumerate(output.coarse):
        for b, members in enumerate(coarse.members):
            if coarse.tables[0][b] is not None:
                for t, width in enumerate(widths):
                    partial = coarse.tables[t][b]
                    for c in range(width):
                        if partial is not None and partial[c] is None:
                            bound(
                                f"coarse {k} group {b} table {t} cell {c}",
                                {index[g, t, c]: 1.0 for g in members},
                            )
                continue
            if not (coarse.sizes and coarse.sizes[b] is not None):
                bound(f"coarse {k} group {b} size", {size_of[g]: 1.0 for g in members})
            for t, width in enumerate(widths):
                for c in range(width):
                    bound(
                        f"coarse {k} group {b} table {t} cell {c}",
                        {index[g, t, c]: 1.0 for g in members},
                    )
    return found


def _all_hidden(tables: list[list[Row]]) -> list[list[Row]]:
    return [[None] * len(table) for table in tables]


def pinned(output: Output, min_cell: int) -> list[str]:
    """Hidden values pinned more closely than the threshold and what else is shown allow.

    A finest group's value passes when its range is at least ``min_cell`` wide, or as wide
    as it would be with every finest group hidden (the coarser tables as shown); a coarser
    group's when as wide as with every finest group and that coarser table's groups
    hidden. The size of a group shown as "<5" is known to be 1 to 4 by design.
    """
    narrow = []
    for found in bounds(output, min_cell):
        parts = found.what.split()
        if parts[0] == "group":
            small = output.small[int(parts[1])]
        else:
            small = output.coarse[int(parts[1])].small[int(parts[3])]
        if found.what.endswith("size") and small:
            continue  # shown as "<5": known to be 1 to 4, by design
        if found.high - found.low + 1 < min_cell:
            narrow.append(found)
    if not narrow:
        return []
    names = {found.what for found in narrow}
    base_fine = output._replace(tables=_all_hidden(output.tables))
    widths = {r.what: r.high - r.low + 1 for r in bounds(base_fine, min_cell, names)}
    for k, coarse in enumerate(output.coarse):
        hidden = coarse._replace(tables=_all_hidden(coarse.tables))
        bare = base_fine._replace(
            coarse=[hidden if j == k else c for j, c in enumerate(output.coarse)]
        )
        mine = {name for name in names if name.startswith(f"coarse {k} ")}
        if mine:
            widths.update({r.what: r.high - r.low + 1 for r in bounds(bare, min_cell, mine)})
    return [
        f"{found.what}: {found.low}..{found.high}"
        for found in narrow
        if found.high - found.low + 1 < widths[found.what]
    ]


# -- the single-table form the first tests used ------------------------------------------


class Shown(NamedTuple):
    """What one output shows about a column: per table, each group's row or ``None``."""

    tables: list[list[list[int] | None]]
    totals: list[list[int]]
    small: list[bool]
    """Per group: shown as "<5" (only meaningful for hidden groups)."""


def shown_of(
    tables: Sequence[Sequence[Sequence[int]]], hidden: frozenset[int], min_cell: int
) -> Shown:
    """What an output hiding ``hidden`` shows of ``tables`` (rows aligned by group)."""
    sizes = [sum(row) for row in tables[0]]
    return Shown(
        tables=[[None if g in hidden else list(row) for g, row in enumerate(t)] for t in tables],
        totals=[[sum(col) for col in zip(*t, strict=True)] for t in tables],
        small=[size < min_cell for size in sizes],
    )


def ranges(shown: Shown, min_cell: int) -> list[Range]:
    """The feasible range of each hidden group's size and of each of its cells."""
    return bounds(Output(tables=shown.tables, totals=shown.totals, small=shown.small), min_cell)


# -- what a calibration report shows -------------------------------------------------------


def _values(group: object) -> tuple[str, ...]:
    crossed = getattr(group, "crossed", ())
    return tuple(crossed) or (group.value,)


def _flows(report: object, pool: Sequence[object]) -> tuple[list[list[int]], list[int]]:
    """From the list of people moved: movers by direction and pool entry, and per direction."""
    from apsperf.segmentation.model._levels import Direction, direction_of

    first: dict[str, object] = {}
    last: dict[str, object] = {}
    for person in report.people_moved:  # type: ignore[attr-defined]
        if person.in_force:
            first.setdefault(person.employee_id, person.from_segment)
            last[person.employee_id] = person.to_segment
    flows = [[0, 0, 0] for _ in range(3)]
    order = [Direction.UP, Direction.DOWN, Direction.ACROSS]
    for employee_id, start in first.items():
        end = last[employee_id]
        if start is end:
            continue
        d = order.index(direction_of(start, end))  # type: ignore[arg-type]
        k = (
            0
            if end in pool and start not in pool
            else 1
            if start in pool and end not in pool
            else 2
        )
        flows[d][k] += 1
    return flows, [sum(row) for row in flows]


def calibration_tables(report: object, index: int) -> tuple[list[list[Row]], list[list[int]]]:
    """The tables a calibration report shows about its ``index``-th column, and their totals.

    Selection after (the fairness table), selection before and the moves (the moves-by-group
    table), aspiration timings (the aspiration table, when there is one), rows aligned.
    """
    check = report.fairness[index]  # type: ignore[attr-defined]
    moves = report.moves_by[index]  # type: ignore[attr-defined]
    assert [_values(g) for g in check.groups] == [_values(g) for g in moves.groups]
    pool = set(check.pool)
    selected = [
        sum(c.count for c in counts if c.segment in pool)
        for counts in (report.after, report.before)
    ]  # type: ignore[attr-defined]
    everyone = sum(c.count for c in report.after)  # type: ignore[attr-defined]
    _, moved = _flows(report, check.pool)
    tables: list[list[Row]] = [
        [None if g.suppressed else [g.selected, g.people - g.selected] for g in check.groups],
        [
            None if g.suppressed else [g.selected_before, g.people - g.selected_before]
            for g in moves.groups
        ],
        [None if g.suppressed else [g.up, g.down, g.across, g.unchanged] for g in moves.groups],
    ]
    totals = [
        [selected[0], everyone - selected[0]],
        [selected[1], everyone - selected[1]],
        [*moved, everyone - sum(moved)],
    ]
    if report.aspiration_by:  # type: ignore[attr-defined]
        aspiration = report.aspiration_by[index]  # type: ignore[attr-defined]
        assert [_values(g) for g in aspiration.groups] == [_values(g) for g in check.groups]
        fields = ("before", "same_day", "after", "missing", "unknown", "unreadable")
        tables.append(
            [None if g.suppressed else [getattr(g, f) for f in fields] for g in aspiration.groups]
        )
        totals.append([getattr(aspiration.overall, f) for f in fields])
    return tables, totals


def calibration_output(report: object, index: int, coarser: Sequence[int] = ()) -> Output:
    """Everything ``report`` shows about its ``index``-th column (crossed columns, say).

    ``coarser`` names the report's checks by fewer of the same columns (Gender beside
    Gender × Location): their tables are the coarser tables of the output.
    """
    check = report.fairness[index]  # type: ignore[attr-defined]
    tables, totals = calibration_tables(report, index)
    flows, _ = _flows(report, check.pool)
    fine = [_values(g) for g in check.groups]
    coarse = []
    for other in coarser:
        by = report.fairness[other]  # type: ignore[attr-defined]
        at = [check.columns.index(column) for column in by.columns]
        values = [_values(g) for g in by.groups]
        members: list[list[int]] = [[] for _ in values]
        for g, found in enumerate(fine):
            members[values.index(tuple(found[j] for j in at))].append(g)
        coarse_tables, _ = calibration_tables(report, other)
        coarse.append(Coarse(members, coarse_tables, [g.small for g in by.groups]))
    small: list[bool | None] = [g.small for g in check.groups]
    for found in coarse:  # a group inside a hidden coarser group is shown with no mark
        for b, members in enumerate(found.members):
            if found.tables[0][b] is None:
                for g in members:
                    assert not small[g], "a group inside a hidden coarser group is marked"
                    small[g] = None
    return Output(
        tables=tables,
        totals=totals,
        small=small,
        coarse=coarse,
        moves=Moves(before=1, after=0, moves=2, flows=flows),
    )
